"""Signing in and out, password resets and accepting an invitation (public)."""
from chalice import Blueprint

from chalicelib import config
from chalicelib.api.routing import PUBLIC, endpoint, json_response, session_cookie
from chalicelib.domain.users import ACCEPT_INVITE, LOGIN, PASSWORD_RESET, PASSWORD_RESET_REQUEST
from chalicelib.lazy import lazy

auth = lazy("chalicelib.services.auth")
present = lazy("chalicelib.services.present")

bp = Blueprint(__name__)
RESET_REQUESTED = {"message": "If an account uses this email, a link to choose a new password is on its way."}


def _signed_in(ctx, token, user):
    return json_response({"token": token, "user": present.user(user)},
                         headers={"Set-Cookie": session_cookie(ctx, token, config.SESSION_TTL_HOURS * 3600)})


@endpoint(bp, "/auth/login", "POST", access=PUBLIC, body=LOGIN)
def login(ctx):
    """Sign in with email and password; returns a bearer token and sets the session cookie.

    :raise 401: wrong credentials. :raise 429: too many failed attempts.
    """
    token, user = auth.login(ctx.body["email"], ctx.body["password"], ctx.client_key(),
                             ctx.headers.get("user-agent"), ctx.body.get("language"))
    return _signed_in(ctx, token, user)


@endpoint(bp, "/auth/logout", "POST")
def logout(ctx):
    """Sign out: revokes the current session and clears the cookie."""
    auth.logout(ctx.principal)
    return json_response(None, 204, {"Set-Cookie": session_cookie(ctx, "", 0)})


@endpoint(bp, "/auth/logout-everywhere", "POST")
def logout_everywhere(ctx):
    """Sign out on every device: ends all of the user's sessions and tokens at once."""
    auth.logout_everywhere(ctx.principal)
    return json_response(None, 204, {"Set-Cookie": session_cookie(ctx, "", 0)})


@endpoint(bp, "/auth/password-reset", "POST", access=PUBLIC, body=PASSWORD_RESET_REQUEST, status=202,
          throttle="password-reset")
def request_password_reset(ctx):
    """Email a one-hour link to choose a new password. The answer is the same for unknown emails.

    :raise 429: too many requests from this address or for this email.
    """
    auth.request_password_reset(ctx.body["email"])
    return RESET_REQUESTED


@endpoint(bp, "/public/password-resets/{token}", "GET", access=PUBLIC, throttle="password-reset")
def show_password_reset(ctx, token):
    """Which account a reset link is for (the reset page shows its email).

    :raise 404: unknown, used, expired or superseded link.
    """
    return {"email": auth.describe_reset(token).email}


@endpoint(bp, "/public/password-resets/{token}", "POST", access=PUBLIC, body=PASSWORD_RESET,
          throttle="password-reset")
def reset_password(ctx, token):
    """Choose a new password with a reset link: it works once, ends every session and signs in.

    :raise 404: unknown, used, expired or superseded link.
    """
    session_token, user = auth.reset_password(token, ctx.body["password"], ctx.headers.get("user-agent"))
    return _signed_in(ctx, session_token, user)


@endpoint(bp, "/public/invites/{token}", "GET", access=PUBLIC, throttle="invite")
def show_invite(ctx, token):
    """What an invitation is for (email and name), for the accept page.

    :raise 404: unknown, used, expired or withdrawn invitation.
    """
    user, workspace_name = auth.describe_invite(token)
    return {"email": user.email, "name": user.name, "workspace_name": workspace_name}


@endpoint(bp, "/public/invites/{token}/accept", "POST", access=PUBLIC, body=ACCEPT_INVITE,
          throttle="invite")
def accept_invite(ctx, token):
    """Choose a password for an invitation; signs the new member in.

    :raise 404: unknown, used, expired or withdrawn invitation.
    """
    session_token, user = auth.accept_invite(token, ctx.body["password"], ctx.body.get("name"),
                                             ctx.headers.get("user-agent"), ctx.body.get("language"))
    return _signed_in(ctx, session_token, user)
