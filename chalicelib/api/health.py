"""Liveness and the API description."""
from chalice import Blueprint

from chalicelib.api.routing import PUBLIC, endpoint, json_response
from chalicelib.domain.clock import now_iso

bp = Blueprint(__name__)


@endpoint(bp, "/health", "GET", access=PUBLIC)
def health(ctx):
    """Whether the API and its database answer (503 when not), and when each schedule last ran."""
    from chalicelib.storage import system

    try:
        schedules, database = system.last_runs(), "ok"  # one Query: the probe and the report
    except Exception:  # any failure to reach the table is what this endpoint reports
        schedules, database = {}, "unavailable"
    body = {"status": "ok" if database == "ok" else "degraded", "database": database, "time": now_iso(),
            "schedules": schedules}
    return json_response(body, 200 if database == "ok" else 503)


@endpoint(bp, "/openapi.json", "GET", access=PUBLIC)
def openapi(ctx):
    """This API as an OpenAPI 3.1 document, generated from the live route table."""
    from app import app
    from chalicelib.api.openapi import document

    return document(app)
