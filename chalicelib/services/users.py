"""Managing the team: inviting members, roles, deactivation."""
from datetime import timedelta

from chalicelib import config
from chalicelib.domain.clock import epoch_after, now, to_iso
from chalicelib.domain.ids import new_id, new_token, token_digest
from chalicelib.domain.users import DEFAULT_TIMEZONE, check_admin_change, require_admin
from chalicelib.domain.validation import normalize_email
from chalicelib.notify import mail, templates
from chalicelib.errors import NotFound
from chalicelib.storage import keys, sessions, users
from chalicelib.storage.models import UserItem, WorkspaceItem
from chalicelib.storage.records import get_many, save_changes


def list_users(cursor=None, limit=50):
    """One page of the workspace's users."""
    return users.list_page(cursor, limit)


def invite(principal, email, name, role="member"):
    """Create an invited user and email them a one-time link to set a password.

    :raise Forbidden: the principal is not an admin.
    :raise Conflict: a user with this email exists.
    """
    require_admin(principal)
    space_key, inviter_key = (keys.WORKSPACE, keys.WORKSPACE), (keys.user(principal.user_id), "USER")
    found = get_many([(WorkspaceItem, *space_key), (UserItem, *inviter_key)])
    if space_key not in found or inviter_key not in found:
        raise NotFound("Workspace or inviting user not found.")
    space, inviter = found[space_key], found[inviter_key]
    token = new_token()
    moment = now()
    hours = config.INVITE_TTL_HOURS
    user = users.new_user(new_id(), normalize_email(email), name, role, "invited",
                          space.language, DEFAULT_TIMEZONE, None, principal.actor)
    pending = users.new_invite(token_digest(token), user.id, user.email,
                               to_iso(moment + timedelta(hours=hours)),
                               epoch_after(moment, hours=hours), principal.actor)
    users.create(user, pending)
    _send_invite(user, token, inviter.name, space, hours)
    return user


def _send_invite(user, token, inviter_name, space, hours):
    subject, text, html = templates.render(
        "invite", user.language, name=user.name, inviter=inviter_name, workspace=space.name,
        link=f"{config.PUBLIC_URL}/#/invite/{token}", days=max(1, hours // 24))
    mail.send(mail.build_message(user.email, subject, text, html))


def update_user(principal, user_id, changes, version):
    """Change a user's role or status; sessions follow at once.

    :raise Forbidden: not an admin. :raise InvalidInput: self-demotion.
    :raise NotFound: no such user. :raise Conflict: stale version.
    """
    require_admin(principal)
    check_admin_change(principal, user_id, changes)
    user = users.get(user_id)
    if user.status == "invited" and changes.get("status") == "active":
        changes = {k: v for k, v in changes.items() if k != "status"}  # only the invitee activates
    save_changes(user, changes, version, principal.actor)
    if changes.get("status") == "disabled":
        sessions.revoke_all(user.id, principal.actor)
    elif "role" in changes:
        sessions.set_role(user.id, user.role, principal.actor)
    return user
