"""What a cold Lambda imports to answer its first request, route by route.

For each scenario, a fresh interpreter imports `app` (what Lambda does at
cold start), then answers one request: a Lambda proxy event built by hand,
handed to the app itself, against a moto server on loopback seeded by the
parent. The modules the request loaded (the app's own and the libraries it
imports where used) are then timed in another fresh interpreter, as
`import app` plus those modules. Nothing here comes from a guess of what a
route might load.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Libraries the app imports where they are used (DESIGN §11): a request that needs one pays for it.
LAZY_LIBRARIES = ("argon2", "jinja2", "icalendar", "boto3", "zoneinfo", "ipaddress")

_CHILD = r'''
import json, sys, time
sys.path.insert(0, ROOT)
import app as app_module
before = set(sys.modules)
scenario = json.loads(sys.argv[1])
class Context:
    function_name = "bench"; aws_request_id = "bench"; memory_limit_in_mb = 512
    def get_remaining_time_in_millis(self): return 30000
if scenario.get("stream"):
    result = app_module.on_table_change(scenario["stream"], Context())
else:
    event = {"resource": scenario["resource"], "path": scenario["path"], "httpMethod": scenario["method"],
             "headers": {"content-type": "application/json", **scenario.get("headers", {})},
             "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
             "pathParameters": scenario.get("params"), "stageVariables": None, "isBase64Encoded": False,
             "body": json.dumps(scenario["body"]) if scenario.get("body") is not None else None,
             "requestContext": {"resourcePath": scenario["resource"], "httpMethod": scenario["method"],
                                "stage": "api", "requestId": "bench", "identity": {"sourceIp": "127.0.0.1"}}}
    result = app_module.app(event, Context())
    assert result["statusCode"] < 400, result
loaded = sorted(m for m in set(sys.modules) - before
                if m.startswith("chalicelib") or m.split(".")[0] in LIBRARIES)
print(json.dumps(loaded))
'''


def modules_loaded(scenario, env):
    """The modules answering `scenario` loaded after `import app`, in a fresh interpreter."""
    code = _CHILD.replace("ROOT", repr(ROOT)).replace("LIBRARIES", repr(LAZY_LIBRARIES))
    out = subprocess.run([sys.executable, "-c", code, json.dumps(scenario)], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"{scenario.get('name')}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
