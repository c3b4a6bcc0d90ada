"""Workspace settings: name, default currency, language of defaults."""
from chalice import Blueprint

from chalicelib.api.routing import ADMIN, endpoint
from chalicelib.domain.workspace import WORKSPACE
from chalicelib.lazy import lazy

present = lazy("chalicelib.services.present")
settings = lazy("chalicelib.services.settings")

bp = Blueprint(__name__)


@endpoint(bp, "/workspace", "GET")
def get_workspace(ctx):
    """The workspace settings."""
    return present.workspace(settings.get_workspace())


@endpoint(bp, "/workspace", "PATCH", access=ADMIN, body=WORKSPACE)
def update_workspace(ctx):
    """Change the workspace settings. :raise 403: not an admin. :raise 409: stale version."""
    changes = {k: v for k, v in ctx.body.items() if k != "version"}
    return present.workspace(settings.update_workspace(ctx.principal, changes, ctx.body["version"]))
