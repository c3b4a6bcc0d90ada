"""Liveness and the API description."""
from chalice import Blueprint

from chalicelib.api.routing import PUBLIC, endpoint, json_response
from chalicelib.domain.clock import now_iso

bp = Blueprint(__name__)


@endpoint(bp, "/health", "GET", access=PUBLIC)
def health(ctx):
    """Whether the API and its database answer (503 when the database does not)."""
    from chalicelib.storage import workspace

    try:
        workspace.get()
        database = "ok"
    except Exception:  # any failure to reach the table is what this endpoint reports
        database = "unavailable"
    body = {"status": "ok" if database == "ok" else "degraded", "database": database, "time": now_iso()}
    return json_response(body, 200 if database == "ok" else 503)


@endpoint(bp, "/openapi.json", "GET", access=PUBLIC)
def openapi(ctx):
    """This API as an OpenAPI 3.1 document, generated from the live route table."""
    from app import app
    from chalicelib.api.openapi import document

    return document(app)
