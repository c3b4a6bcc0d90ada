"""One structured log line per request."""
import json
import logging


def test_each_request_logs_route_status_duration_and_dynamodb_requests(admin):
    from chalicelib.logs import logger

    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(record.getMessage()))

    handler = Capture()
    logger().addHandler(handler)
    try:
        admin.get("/me")
        admin.get("/nope-not-a-route-but-still-one-line")
    finally:
        logger().removeHandler(handler)
    requests = [line for line in lines if line["msg"] == "request"]
    assert len(requests) == 1  # the unknown route never reached the app, as in API Gateway
    line = requests[0]
    assert line["route"] == "/me" and line["method"] == "GET" and line["status"] == 200
    assert line["ddb_requests"] == 1  # the session and its user, in one BatchGetItem
    assert line["duration_ms"] >= 0 and line["request_id"]
