"""Activities: calls, meetings, tasks and deadlines."""
from chalice import Blueprint

from chalicelib.api.record_routes import register

bp = Blueprint(__name__)
register(bp, "activity")
