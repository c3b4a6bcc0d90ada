"""`make bench`: the DESIGN §11 figures, printed as ratios (1.00 = at budget or better).

1. DynamoDB requests per API call, counted by the botocore hook in
   chalicelib/storage/metering.py, against the minimum for the call's access
   pattern (in process, moto: requests are counted, not capacity).
2. Cold start: importing `app` against importing chalice + pynamodb + boto3
   alone, each in a fresh interpreter, median of several runs; then, route
   by route, `app` plus what its first request really loads
   (bench/first_request.py).
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
    "CRM_FILES_SECRET": "bench-files-secret", "CRM_FILES_DIR": tempfile.mkdtemp(prefix="crm-bench-files-"),
})


class Api:
    """The app behind the local API Gateway adapter, counting DynamoDB requests per call."""

    def __init__(self, gateway):
        self.gateway, self.token = gateway, None

    def call(self, method, path, body=None):
        from chalicelib.storage import metering

        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self.gateway.handle(method, path, headers, json.dumps(body).encode() if body else b"")
        assert response.status < 300, (method, path, response.status, response.text)
        return response.json, metering.operations()


def scenario(api):
    """[(label, operations, minimum, why)] for the calls a user makes most."""
    rows = []

    def measure(label, method, path, body, minimum, why):
        result, ops = api.call(method, path, body)
        rows.append((label, ops, minimum, why))
        return result

    login = measure("login", "POST", "/auth/login", {"email": "admin@example.com", "password": "bench password 1"},
                    4, "attempts reserved (transaction) + email claim + user (consistent) + session transaction")
    api.token = login["token"]
    me = measure("me", "GET", "/me", None, 1, "session and user (one BatchGet)")
    measure("edit profile", "PATCH", "/me", {"name": "Bench", "version": me["version"]}, 2,
            "session and user + conditional update")
    measure("users list", "GET", "/users", None, 2, "session and user + one Query page")
    measure("invite member", "POST", "/users", {"email": "m@example.com", "name": "M"}, 3,
            "session and user (the inviter) + workspace + transaction")
    org = measure("create organization", "POST", "/organizations", {"name": "Acme", "domain": "acme.fr"}, 3,
                  "session + links (BatchGet) + transaction")
    person = measure("create person", "POST", "/persons",
                     {"name": "Ada Lovelace", "org_id": org["id"], "emails": [{"value": "ada@acme.fr"}]}, 3,
                     "session + links (BatchGet) + transaction")
    for i in range(50):
        api.call("POST", "/activities", {"type": "call", "subject": f"Call {i}", "person_id": person["id"],
                                         "due_at": f"2026-12-{1 + i % 28:02d}T09:00:00Z"})
    for i in range(20):
        api.call("POST", "/notes", {"content": f"Note {i} " + "x" * 200, "person_id": person["id"]})
    for i in range(30):
        api.call("POST", "/persons", {"name": f"Person {i:02d}", "org_id": org["id"]})
    detail = measure("person page (50 activities, 20 notes)", "GET", f"/persons/{person['id']}", None, 3,
                     "session + partition Query + org name (BatchGet)")
    assert len(detail["timeline"]["items"]) == 70, len(detail["timeline"]["items"])
    measure("edit person", "PATCH", f"/persons/{person['id']}", {"name": "Ada King", "version": person["version"]}, 4,
            "session + record + links (BatchGet) + transaction")
    measure("persons list page", "GET", "/persons?limit=25", None, 3, "session + one Query + org names (BatchGet)")
    measure("activities in a week", "GET", "/activities?from=2026-12-01T00:00:00Z&to=2026-12-07T23:59:59Z",
            None, 3, "session + one Query + names (BatchGet)")
    measure("organization page", "GET", f"/organizations/{org['id']}", None, 2, "session + partition Query")
    measure("search", "GET", "/search?q=ada", None, 2, "session + one Query")
    measure("health", "GET", "/health", None, 1, "schedule runs (the database probe)")
    link, _ = api.call("POST", "/scheduler/links", {
        "kind": "general", "title": "Call", "duration_min": 30, "min_notice_min": 0,
        "windows": [{"weekday": d, "start": "08:00", "end": "18:00"} for d in range(7)]})
    for i in range(300):  # the owner's month: 300 busy activities
        api.call("POST", "/activities", {"type": "call", "subject": f"Busy {i}", "duration_min": 45,
                                         "due_at": f"2027-01-{1 + i % 31:02d}T{8 + i % 10:02d}:00:00Z"})
    token = api.token
    api.token = None  # a customer: no session
    month = measure("public slots, 31 days, 300 busy", "GET",
                    f"/public/scheduler/{link['token']}?from=2027-01-01&to=2027-01-31", None, 2,
                    "the link by its token + the owner's activities in the month (two Queries)")
    booked = measure("book a slot", "POST", f"/public/scheduler/{link['token']}/bookings",
                     {"start": month["slots"][0]["start"], "name": "Bob", "email": "bob@client.example"}, 11,
                     "throttle, link, busy, person by email, a new person (links + transaction), the activity "
                     "with its claims and booking (links + transaction), the note (links + transaction), the "
                     "owner for the invites")
    assert booked["booking_token"]
    api.token = token
    deal = measure("create deal", "POST", "/deals", {"title": "Coaching", "person_id": person["id"]}, 4,
                   "session + links (BatchGet) + pipeline + transaction")
    api.call("POST", f"/deals/{deal['id']}/won", {"version": deal["version"]})
    declared = measure("declare a file upload", "POST", "/files",
                       {"name": "contrat.pdf", "size": 1000, "type": "application/pdf", "deal_id": deal["id"]}, 3,
                       "session + links (BatchGet) + transaction (the bytes go straight to storage)")
    assert declared["upload"]["url"]
    portal = measure("create a client portal", "POST", f"/deals/{deal['id']}/portal",
                     {"welcome": "Bienvenue", "sessions_total": 5, "send_invite": False}, None, None)
    api.token = None
    measure("client portal page", "GET", f"/public/portal/{portal['token']}", None, 3,
            "the token's item + the deal's portal, record and timeline (one Query) + the coach's name")
    api.token = token
    return [row for row in rows if row[2] is not None]


BOARD_DEALS = 2000


def board_rows():
    """The board of 2,000 open deals over 5 stages, a move, a column page, the insights (issue 7).

    On DynamoDB Local, not moto: moto copies the whole table for every
    transaction, so seeding 2,000 deals there takes longer than the rest of
    the bench; and DynamoDB Local pages Queries at 1 MB as AWS does.
    """
    import time

    import boto3  # noqa: F401 - the engine's client

    from app import app
    from chalicelib.domain.access import Principal
    from chalicelib.services import records
    from chalicelib.services.bootstrap import bootstrap
    from chalicelib.storage import tables
    from chalicelib.storage.models import use_endpoint
    from runner import dynamodb_local
    from runner.gateway import ApiGateway

    engine = dynamodb_local.start(in_memory=True)
    rows = []

    def measure(label, method, path, body, minimum, why):
        result, ops = api.call(method, path, body)
        rows.append((label, ops, minimum, why))
        return result

    try:
        use_endpoint(engine.endpoint)
        tables.create_table(engine.client())
        bootstrap("admin@example.com", "bench password 1")
        api = Api(ApiGateway(app))
        api.token = api.call("POST", "/auth/login", {"email": "admin@example.com",
                                                     "password": "bench password 1"})[0]["token"]
        person = api.call("POST", "/persons", {"name": "Ada Lovelace"})[0]
        _board_rows(api, measure, person, Principal, records, time, engine)
    finally:
        engine.stop()
    return rows


def query_pages(engine, index, hash_key):
    """How many 1 MB pages DynamoDB needs to return a partition of an index: a Query per page."""
    from chalicelib import config

    paginator = engine.client().get_paginator("query")
    return sum(1 for _ in paginator.paginate(
        TableName=config.TABLE_NAME, IndexName=index, KeyConditionExpression="#k = :v",
        ExpressionAttributeNames={"#k": f"{index}pk"}, ExpressionAttributeValues={":v": {"S": hash_key}},
        Select="COUNT"))


def _board_rows(api, measure, person, Principal, records, time, engine):
    from chalicelib.storage import keys

    pipeline, _ = api.call("POST", "/pipelines", {"name": "Bench", "stages": [{"name": f"S{i}"} for i in range(5)]})
    stages = [s["id"] for s in pipeline["stages"] if s["kind"] == "open"]
    admin = api.call("GET", "/me")[0]
    principal = Principal(admin["id"], "admin", "bench", "bench")
    started = time.perf_counter()
    print(f"  (seeding {BOARD_DEALS} deals on DynamoDB Local…)", flush=True)
    for i in range(BOARD_DEALS):  # through the write path, without HTTP: the same items, sooner
        records.create(principal, "deal", {"title": f"Deal {i:04d}", "person_id": person["id"], "value": i,
                                           "pipeline_id": pipeline["id"], "stage_id": stages[i % 5]})
    print(f"  (seeded in {time.perf_counter() - started:.0f} s)", flush=True)
    cards = query_pages(engine, "gsi2", keys.board(pipeline["id"]))
    board = measure(f"board, {BOARD_DEALS} open deals", "GET", f"/pipelines/{pipeline['id']}/board", None,
                    3 + cards, f"session + pipeline + {cards} Query page(s): a page per MB of cards + owners")
    assert sum(c["count"] for c in board["columns"]) == BOARD_DEALS
    card = board["columns"][0]["items"][0]
    measure("move a deal", "POST", f"/deals/{card['id']}/move", {"stage_id": stages[1], "version": card["version"]},
            4, "session + deal + what it links to (BatchGet) + transaction (deal, card, history)")
    measure("board column page", "GET",
            f"/pipelines/{pipeline['id']}/board?stage_id={stages[0]}&cursor={board['columns'][0]['next_cursor']}",
            None, 4, "session + pipeline + the column's Query pages + owners")
    history = query_pages(engine, "gsi1", keys.stage_history(pipeline["id"]))
    measure("insights", "GET", f"/pipelines/{pipeline['id']}/stats", None, 2 + history,
            f"session + pipeline + {history} Query page(s): a page per MB of stage history")


def requests_per_call():
    from moto import mock_aws

    with mock_aws():
        import boto3

        from chalicelib.storage import tables

        tables.create_table(boto3.client("dynamodb"))
        from app import app
        from chalicelib.services.bootstrap import bootstrap
        from runner.gateway import ApiGateway

        bootstrap("admin@example.com", "bench password 1")
        return scenario(Api(ApiGateway(app)))


# The Lambda zip ships compiled bytecode (infra/slim_package.py): imports are timed with it,
# even where the environment says not to write any (PYTHONDONTWRITEBYTECODE).
BYTECODE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_seconds(statement, runs=7, env=None):
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                             check=True, env={**(env or BYTECODE_ENV), "PYTHONPATH": ROOT})
        samples.append(float(out.stdout.strip()))
    return statistics.median(samples)


def first_request_scenarios():
    """(name, scenario) of first requests, against a moto server on loopback seeded here; and its env."""
    import boto3
    from moto.server import ThreadedMotoServer

    from app import app
    from chalicelib.services.bootstrap import bootstrap
    from chalicelib.storage import tables
    from chalicelib.storage.models import RecordItem, use_endpoint
    from runner.dynamodb_local import free_port
    from runner.gateway import ApiGateway

    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the moto server's request lines
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    use_endpoint(url)
    tables.create_table(boto3.client("dynamodb", endpoint_url=url))
    bootstrap("admin@example.com", "bench password 1")
    api = Api(ApiGateway(app))
    api.token = api.call("POST", "/auth/login", {"email": "admin@example.com", "password": "bench password 1"})[0]["token"]
    person = api.call("POST", "/persons", {"name": "Ada Lovelace"})[0]
    auth = {"authorization": f"Bearer {api.token}"}
    image = RecordItem.get(f"PERSON#{person['id']}", "RECORD").serialize()
    record = {"eventID": "1", "eventName": "INSERT", "eventSource": "aws:dynamodb", "awsRegion": "eu-west-3",
              "dynamodb": {"Keys": {"pk": image["pk"], "sk": image["sk"]}, "NewImage": image,
                           "SequenceNumber": "1", "StreamViewType": "NEW_AND_OLD_IMAGES"},
              "eventSourceARN": "arn:aws:dynamodb:eu-west-3:000000000000:table/crm-bench/stream/x"}
    scenarios = [
        ("GET /health", {"resource": "/health", "path": "/health", "method": "GET"}),
        ("GET /persons", {"resource": "/persons", "path": "/persons", "method": "GET", "headers": auth}),
        ("GET /persons/{id}", {"resource": "/persons/{record_id}", "path": f"/persons/{person['id']}",
                               "method": "GET", "headers": auth, "params": {"record_id": person["id"]}}),
        ("POST /persons", {"resource": "/persons", "path": "/persons", "method": "POST", "headers": auth,
                           "body": {"name": "Grace Hopper"}}),
        ("POST /auth/login", {"resource": "/auth/login", "path": "/auth/login", "method": "POST",
                              "body": {"email": "admin@example.com", "password": "bench password 1"}}),
        ("stream batch", {"stream": {"Records": [record]}}),
    ]
    env = {**BYTECODE_ENV, "CRM_DYNAMODB_ENDPOINT": url, "PYTHONPATH": ROOT}
    return scenarios, env, server


def slot_engine_ms():
    """The best of several runs of the slot engine on a 90-day horizon over 500 busy intervals."""
    import time
    from datetime import datetime, timedelta, timezone

    from chalicelib.domain.slots import free_slots

    start = datetime(2027, 1, 1, tzinfo=timezone.utc)
    busy = [(start + timedelta(hours=4 * i), start + timedelta(hours=4 * i, minutes=45)) for i in range(500)]
    link = {"timezone": "Europe/Paris", "duration_min": 30, "slot_interval_min": 30, "horizon_days": 400,
            "windows": [{"weekday": d, "start": "08:00", "end": "18:00"} for d in range(5)]}
    runs = []
    for _ in range(20):
        began = time.perf_counter()
        free_slots(link, busy, start, start + timedelta(days=90), start - timedelta(days=1))
        runs.append(time.perf_counter() - began)
    return min(runs) * 1000


def main():
    print("DynamoDB requests per API call (ratio = measured / minimum for the access pattern)")
    worst = 0
    for label, ops, minimum, why in requests_per_call() + board_rows():
        ratio = len(ops) / minimum
        worst = max(worst, ratio)
        print(f"  {label:<38} {len(ops):>2} (min {minimum})  ratio {ratio:.2f}  {'+'.join(ops)}", flush=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app.py", "chalicelib"], cwd=ROOT, check=True,
                   env=BYTECODE_ENV, stdout=subprocess.DEVNULL)  # as the package ships it
    base = import_seconds("import chalice.app, pynamodb.models, boto3")
    app = import_seconds("import app")
    print("Cold start (median import time in a fresh interpreter)")
    # What the first request of a cold Lambda adds: every module any route loads lazily.
    loaded = import_seconds("import app, chalicelib.services.records, chalicelib.services.record_views, "
                            "chalicelib.services.auth, chalicelib.services.sessions, chalicelib.services.users, "
                            "chalicelib.services.workspace_lists, chalicelib.events.stream, chalicelib.events.consumers")
    print(f"  chalice + pynamodb + boto3: {base * 1000:.0f} ms   app: {app * 1000:.0f} ms   "
          f"ratio {app / base:.2f} (budget 1.15)")
    print(f"  app + everything any first request can load: {loaded * 1000:.0f} ms   ratio {loaded / base:.2f} "
          "(an upper bound: no request loads all of it)")
    print("First request of a cold Lambda (import app + what answering it loaded)")
    from bench.first_request import modules_loaded

    scenarios, env, server = first_request_scenarios()
    worst_first = 0
    try:
        for name, scenario in scenarios:
            modules = modules_loaded(scenario, env)
            seconds = import_seconds("import app" + "".join(f", {m}" for m in modules), env=env)
            worst_first = max(worst_first, seconds / base)
            libraries = sorted({m.split(".")[0] for m in modules if not m.startswith("chalicelib")})
            print(f"  {name:<20} {seconds * 1000:4.0f} ms  ratio {seconds / base:.2f}  "
                  f"{len(modules)} modules{' + ' + ', '.join(libraries) if libraries else ''}")
            if os.environ.get("BENCH_MODULES"):
                print("     ", " ".join(m.replace("chalicelib.", "") for m in modules))
    finally:
        server.stop()
    print(f"Worst first-request ratio {worst_first:.2f} (budget 1.15)")
    print(f"Slot engine: 90 days over 500 busy intervals in {slot_engine_ms():.1f} ms (budget 10 ms)")
    print("Stream handler (DynamoDB Local)")
    from bench.stream import stream_rows

    lines, worst_lookups = stream_rows()
    print("\n".join(lines))
    print(f"Board in Chromium, {chromium_board_line()}")
    print(f"Worst request ratio {worst:.2f} (budget 1.00)")
    print(f"Worst workflow lookups per stream batch {worst_lookups} (budget 1)")


def chromium_board_line():
    """The browser tier's board measurement (2,000 deals, a real `python -m runner`), run here and summed up."""
    import json

    results = os.path.join(ROOT, "test-results", "perf.json")
    if os.path.exists(results):
        os.remove(results)
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                          "tests/e2e/test_pipeline_perf.py"], cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0 or not os.path.exists(results):
        return f"not measured: the browser test failed\n{run.stdout[-2000:]}"
    with open(results) as fh:
        perf = json.load(fh)
    return (f"{perf['deals']} deals over {perf['stages']} stages: first paint {perf['first_paint_median_ms']} ms "
            f"ratio {perf['ratios']['first_paint']:.2f}, keyboard move {perf['keyboard_move_median_ms']} ms "
            f"ratio {perf['ratios']['move']:.2f} (budgets {perf['budgets_ms']['first_paint']} ms and "
            f"{perf['budgets_ms']['move']} ms, ratio 1.00)")


if __name__ == "__main__":
    main()
