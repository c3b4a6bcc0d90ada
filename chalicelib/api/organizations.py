"""Organizations: companies and the links between them."""
from chalice import Blueprint

from chalicelib.api.record_routes import register

bp = Blueprint(__name__)
register(bp, "organization")
