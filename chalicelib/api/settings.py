"""Workspace lists edited in Settings: activity types and custom fields."""
from chalice import Blueprint

from chalicelib.api.routing import ADMIN, endpoint
from chalicelib.domain.records import CUSTOM_FIELDS
from chalicelib.domain.settings import ACTIVITY_TYPES, LOST_REASONS
from chalicelib.lazy import lazy

workspace_lists = lazy("chalicelib.services.workspace_lists")

bp = Blueprint(__name__)


@endpoint(bp, "/settings/activity-types", "GET")
def activity_types(ctx):
    """The activity types (call, meeting, …) and their labels."""
    return workspace_lists.activity_types()


@endpoint(bp, "/settings/activity-types", "PUT", access=ADMIN, body=ACTIVITY_TYPES)
def set_activity_types(ctx):
    """Replace the activity types. :raise 403: not an admin. :raise 409: stale version."""
    return workspace_lists.set_activity_types(ctx.principal, ctx.body["items"], ctx.body["version"])


@endpoint(bp, "/settings/custom-fields", "GET")
def custom_fields(ctx):
    """Custom field definitions for persons, organizations and deals."""
    return workspace_lists.custom_fields()


@endpoint(bp, "/settings/custom-fields", "PUT", access=ADMIN, body=CUSTOM_FIELDS)
def set_custom_fields(ctx):
    """Replace custom field definitions. :raise 403: not an admin. :raise 409: stale version."""
    return workspace_lists.set_custom_fields(ctx.principal, ctx.body)


@endpoint(bp, "/settings/lost-reasons", "GET")
def lost_reasons(ctx):
    """The reasons offered when a deal is lost."""
    return workspace_lists.lost_reasons()


@endpoint(bp, "/settings/lost-reasons", "PUT", access=ADMIN, body=LOST_REASONS)
def set_lost_reasons(ctx):
    """Replace the lost reasons. :raise 403: not an admin. :raise 409: stale version."""
    return workspace_lists.set_lost_reasons(ctx.principal, ctx.body["items"], ctx.body["version"])
