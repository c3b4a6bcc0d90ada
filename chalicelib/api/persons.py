"""Persons: the people you work with."""
from chalice import Blueprint

from chalicelib.api.record_routes import register

bp = Blueprint(__name__)
register(bp, "person")
