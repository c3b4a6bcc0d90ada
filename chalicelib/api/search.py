"""The search box, and the trash."""
from chalice import Blueprint

from chalicelib.api.routing import endpoint
from chalicelib.lazy import lazy

record_views = lazy("chalicelib.services.record_views")

bp = Blueprint(__name__)


@endpoint(bp, "/search", "GET")
def search(ctx):
    """Persons, organizations and deals by name, email, phone or domain (`?q=`, 2 characters or more)."""
    return {"items": record_views.search(ctx.query("q", "", max_length=200))}


@endpoint(bp, "/trash", "GET")
def trash(ctx):
    """Deleted records, restorable for 30 days, newest first (`?cursor=`)."""
    items, cursor = record_views.trash(ctx.query("cursor"), ctx.int_query("limit", 50))
    return {"items": items, "next_cursor": cursor}
