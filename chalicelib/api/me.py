"""The signed-in user's own profile and password."""
from chalice import Blueprint

from chalicelib.api.routing import endpoint, json_response
from chalicelib.domain.users import PASSWORD_CHANGE, PROFILE
from chalicelib.lazy import lazy

auth = lazy("chalicelib.services.auth")
present = lazy("chalicelib.services.present")
settings = lazy("chalicelib.services.settings")

bp = Blueprint(__name__)


@endpoint(bp, "/me", "GET")
def me(ctx):
    """The signed-in user."""
    return present.user(settings.profile(ctx.principal))


@endpoint(bp, "/me", "PATCH", body=PROFILE)
def update_me(ctx):
    """Change one's name, language (fr/en) or IANA time zone.

    :raise 409: the profile changed since `version`.
    """
    changes = {k: v for k, v in ctx.body.items() if k != "version"}
    return present.user(settings.update_profile(ctx.principal, changes, ctx.body["version"]))


@endpoint(bp, "/me/password", "POST", body=PASSWORD_CHANGE)
def change_password(ctx):
    """Change one's password; every other session is signed out.

    :raise 400: the current password is wrong.
    """
    auth.change_password(ctx.principal, ctx.body["current_password"], ctx.body["new_password"])
    return json_response(None, 204)
