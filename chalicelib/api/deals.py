"""Deals: what you sell, to a person or an organization."""
from chalice import Blueprint

from chalicelib.api.record_routes import register

bp = Blueprint(__name__)
register(bp, "deal")
