"""`make bench`: the DESIGN §11 figures, printed as ratios (1.0 = at budget or better).

1. DynamoDB requests per API call, counted by the botocore hook in
   chalicelib/storage/metering.py, against the minimum for the call's access
   pattern (in process, moto: requests are counted, not capacity).
2. Cold start: importing `app` against importing chalice + pynamodb + boto3
   alone, each in a fresh interpreter, median of several runs.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.update({
    "AWS_DEFAULT_REGION": "eu-west-3", "AWS_REGION": "eu-west-3",
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "CRM_TABLE": "crm-bench", "CRM_LOG_LEVEL": "WARNING", "CRM_MAIL_OUTBOX": tempfile.mkdtemp(prefix="crm-bench-"),
})

# (label, method, path, body, minimum requests for the access pattern, why)
CALLS = [
    ("login", "POST", "/auth/login", {"email": "admin@example.com", "password": "bench password 1"}, 4,
     "2 throttle counters + user by email + session put"),
    ("me", "GET", "/me", None, 2, "session + user"),
    ("edit profile", "PATCH", "/me", {"name": "Bench", "version": 1}, 2, "session + conditional update"),
    ("users list", "GET", "/users", None, 2, "session + one Query page"),
    ("workspace", "GET", "/workspace", None, 2, "session + workspace"),
    ("invite member", "POST", "/users", {"email": "m@example.com", "name": "M"}, 3,
     "session + workspace & inviter (one BatchGet) + transaction"),
    ("health", "GET", "/health", None, 1, "workspace"),
]


def requests_per_call():
    from moto import mock_aws

    with mock_aws():
        import boto3

        from chalicelib.storage import metering, tables

        tables.create_table(boto3.client("dynamodb"))
        from app import app
        from chalicelib.services.bootstrap import bootstrap
        from runner.gateway import ApiGateway

        bootstrap("admin@example.com", "bench password 1")
        gateway = ApiGateway(app)
        token = None
        rows = []
        for label, method, path, body, minimum, why in CALLS:
            headers = {"Content-Type": "application/json"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            response = gateway.handle(method, path, headers, json.dumps(body).encode() if body else b"")
            assert response.status < 300, (label, response.status, response.text)
            if label == "login":
                token = response.json["token"]
            rows.append((label, metering.count(), minimum, why))
    return rows


def import_seconds(statement, runs=7):
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONPATH": ROOT})
        samples.append(float(out.stdout.strip()))
    return statistics.median(samples)


def main():
    print("DynamoDB requests per API call (ratio = measured / minimum for the pattern)")
    worst = 0
    for label, measured, minimum, why in requests_per_call():
        ratio = measured / minimum
        worst = max(worst, ratio)
        print(f"  {label:<16} {measured:>2} requests  minimum {minimum}  ratio {ratio:.2f}   ({why})")
    subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, check=True)  # warm bytecode
    base = import_seconds("import chalice.app, pynamodb.models, boto3")
    app = import_seconds("import app")
    print("Cold start (median import time in a fresh interpreter)")
    print(f"  chalice + pynamodb + boto3: {base * 1000:.0f} ms   app: {app * 1000:.0f} ms   "
          f"ratio {app / base:.2f} (budget 1.15)")
    print(f"Worst request ratio {worst:.2f} (budget 1.00)")


if __name__ == "__main__":
    main()
