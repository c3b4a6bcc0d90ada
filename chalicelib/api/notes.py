"""Notes attached to a person, organization, deal or activity."""
from chalice import Blueprint

from chalicelib.api.record_routes import register

bp = Blueprint(__name__)
register(bp, "note")
