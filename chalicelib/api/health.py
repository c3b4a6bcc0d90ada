"""Liveness and the API description."""
from chalice import Blueprint

from chalicelib.api.routing import PUBLIC, endpoint, json_response
from chalicelib.lazy import lazy

system = lazy("chalicelib.services.system")

bp = Blueprint(__name__)


@endpoint(bp, "/health", "GET", access=PUBLIC)
def health(ctx):
    """Whether the API and its database answer (503 when not), and when each schedule last ran."""
    body = system.health()
    return json_response(body, 200 if body["database"] == "ok" else 503)


@endpoint(bp, "/openapi.json", "GET", access=PUBLIC)
def openapi(ctx):
    """This API as an OpenAPI 3.1 document, generated from the live route table."""
    from chalicelib.api.openapi import document

    return document(bp.current_app)
