"""The team: listing users (everyone), inviting and managing them (admins)."""
from chalice import Blueprint

from chalicelib.api.routing import ADMIN, endpoint, json_response
from chalicelib.domain.users import INVITE, USER_ADMIN
from chalicelib.lazy import lazy

present = lazy("chalicelib.services.present")
users = lazy("chalicelib.services.users")

bp = Blueprint(__name__)


@endpoint(bp, "/users", "GET")
def list_users(ctx):
    """The workspace's users, a page at a time (`?cursor=`, `?limit=`)."""
    items, cursor = users.list_users(ctx.query("cursor"), ctx.int_query("limit", 50))
    return {"items": [present.user(u) for u in items], "next_cursor": cursor}


@endpoint(bp, "/users", "POST", access=ADMIN, body=INVITE, status=201)
def invite_user(ctx):
    """Invite a member: creates the user and emails a one-time link to set a password.

    If the mail fails, the user is still created: `invitation.mail` says "failed", and it can be resent.
    :raise 403: not an admin. :raise 409: the email is taken.
    """
    body = ctx.body
    return present.user(users.invite(ctx.principal, body["email"], body["name"],
                                     body.get("role", "member")))


@endpoint(bp, "/users/{user_id}", "GET")
def get_user(ctx, user_id):
    """One user. :raise 404: no such user."""
    return present.user(users.get_user(user_id))


@endpoint(bp, "/users/{user_id}", "PATCH", access=ADMIN, body=USER_ADMIN)
def update_user(ctx, user_id):
    """Change a user's role or deactivate them (their sessions end at once).

    :raise 403: not an admin. :raise 409: stale version.
    """
    changes = {k: v for k, v in ctx.body.items() if k != "version"}
    return present.user(users.update_user(ctx.principal, user_id, changes, ctx.body["version"]))


@endpoint(bp, "/users/{user_id}/invitation", "POST", access=ADMIN)
def resend_invitation(ctx, user_id):
    """Send a new invitation link; the previous one stops working.

    :raise 403: not an admin. :raise 404: no such user. :raise 409: already accepted.
    """
    return present.user(users.resend_invite(ctx.principal, user_id))


@endpoint(bp, "/users/{user_id}/invitation", "DELETE", access=ADMIN, status=204)
def withdraw_invitation(ctx, user_id):
    """Withdraw an invitation: the invited user and its link are removed, the email is free again.

    :raise 403: not an admin. :raise 404: no such user. :raise 409: already accepted.
    """
    users.withdraw_invite(ctx.principal, user_id)
    return json_response(None, 204)
