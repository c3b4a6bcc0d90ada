"""Signing in and out, and accepting an invitation (public)."""
from chalice import Blueprint

from chalicelib import config
from chalicelib.api.routing import PUBLIC, endpoint, json_response, session_cookie
from chalicelib.domain.users import ACCEPT_INVITE, LOGIN
from chalicelib.lazy import lazy

auth = lazy("chalicelib.services.auth")
present = lazy("chalicelib.services.present")

bp = Blueprint(__name__)


def _signed_in(ctx, token, user):
    return json_response({"token": token, "user": present.user(user)},
                         headers={"Set-Cookie": session_cookie(ctx, token, config.SESSION_TTL_HOURS * 3600)})


@endpoint(bp, "/auth/login", "POST", access=PUBLIC, body=LOGIN)
def login(ctx):
    """Sign in with email and password; returns a bearer token and sets the session cookie.

    :raise 401: wrong credentials. :raise 429: too many attempts.
    """
    token, user = auth.login(ctx.body["email"], ctx.body["password"], ctx.client_ip(),
                             ctx.headers.get("user-agent"))
    return _signed_in(ctx, token, user)


@endpoint(bp, "/auth/logout", "POST")
def logout(ctx):
    """Sign out: revokes the current session and clears the cookie."""
    auth.logout(ctx.principal)
    return json_response(None, 204, {"Set-Cookie": session_cookie(ctx, "", 0)})


@endpoint(bp, "/auth/logout-everywhere", "POST")
def logout_everywhere(ctx):
    """Sign out on every device: revokes all of the user's sessions and tokens."""
    auth.logout_everywhere(ctx.principal)
    return json_response(None, 204, {"Set-Cookie": session_cookie(ctx, "", 0)})


@endpoint(bp, "/public/invites/{token}", "GET", access=PUBLIC, throttle="invite")
def show_invite(ctx, token):
    """What an invitation is for (email and name), for the accept page.

    :raise 404: unknown, used or expired invitation.
    """
    from chalicelib.storage import workspace

    user = auth.describe_invite(token)
    return {"email": user.email, "name": user.name, "workspace_name": workspace.get().name}


@endpoint(bp, "/public/invites/{token}/accept", "POST", access=PUBLIC, body=ACCEPT_INVITE,
          throttle="invite")
def accept_invite(ctx, token):
    """Choose a password for an invitation; signs the new member in.

    :raise 404: unknown, used or expired invitation.
    """
    session_token, user = auth.accept_invite(token, ctx.body["password"], ctx.body.get("name"),
                                             ctx.headers.get("user-agent"))
    return _signed_in(ctx, session_token, user)
