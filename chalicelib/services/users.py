"""Managing the team: inviting members (and resending or withdrawing invitations), roles, deactivation."""
from datetime import timedelta

from chalicelib import config
from chalicelib.domain.clock import epoch_after, now, to_iso
from chalicelib.domain.ids import new_id, new_token, token_digest
from chalicelib.domain.users import DEFAULT_TIMEZONE, admin_delta, check_admin_change, require_admin
from chalicelib.domain.validation import normalize_email
from chalicelib.errors import Conflict
from chalicelib.logs import log_exception
from chalicelib.storage import users


def list_users(cursor=None, limit=50):
    """One page of the workspace's users."""
    return users.list_page(cursor, limit)


def get_user(user_id):
    """:raise NotFound: no such user."""
    return users.get(user_id)


def _workspace_and_inviter(principal):
    """The workspace, and the inviting user as read with the session."""
    from chalicelib.storage import workspace

    return workspace.get(), principal.user or users.get(principal.user_id)


def _new_invite(user, actor):
    """(token, unsaved invite) for `user`, valid CRM_INVITE_TTL_HOURS."""
    token, moment, hours = new_token(), now(), config.INVITE_TTL_HOURS
    invite = users.new_invite(token_digest(token), user.id, user.email, to_iso(moment + timedelta(hours=hours)),
                              epoch_after(moment, hours=hours), actor)
    user.invite_expires_at = invite.expires_at
    return token, invite


def invite(principal, email, name, role="member"):
    """Create an invited user and email them a one-time link to set a password.

    The user exists even if the mail fails (`invite_mail` says "failed"): an admin resends it.
    :raise Forbidden: the principal is not an admin.
    :raise Conflict: a user with this email exists.
    """
    require_admin(principal)
    space, inviter = _workspace_and_inviter(principal)
    user = users.new_user(new_id(), normalize_email(email), name, role, "invited",
                          space.language, DEFAULT_TIMEZONE, None, principal.actor)
    token, pending = _new_invite(user, principal.actor)
    users.create(user, pending)
    _send_invite(user, token, inviter.name, space)
    return user


def resend_invite(principal, user_id):
    """Send a new invitation link; the previous one stops working.

    :raise NotFound: no such user. :raise Conflict: the invitation was already accepted.
    """
    require_admin(principal)
    space, inviter = _workspace_and_inviter(principal)
    user = _invited(user_id)
    token, pending = _new_invite(user, principal.actor)
    users.replace_invite(user, pending, principal.actor)
    _send_invite(user, token, inviter.name, space)
    return user


def withdraw_invite(principal, user_id):
    """Withdraw an invitation: the invited user and its link are gone, the email is free again.

    :raise NotFound: no such user. :raise Conflict: the invitation was already accepted.
    """
    require_admin(principal)
    users.delete_invited(_invited(user_id), principal.actor)


def _invited(user_id):
    user = users.get(user_id, consistent=True)
    if user.status != "invited":
        raise Conflict("This person has already accepted the invitation.", code="invite_used")
    return user


def _send_invite(user, token, inviter_name, space):
    """Mail the invitation; a failure is remembered on the user, so it shows and can be resent."""
    from chalicelib.notify import mail, templates

    try:
        subject, text, html = templates.render(
            "invite", user.language, name=user.name, inviter=inviter_name, workspace=space.name,
            link=f"{config.PUBLIC_URL}/#/invite/{token}", days=max(1, config.INVITE_TTL_HOURS // 24))
        mail.send(mail.build_message(user.email, subject, text, html))
    except Exception:  # noqa: BLE001 - any mail failure leaves a user to resend to, not a 500
        log_exception("invitation mail failed", user_id=user.id)
        users.note_invite_mail_failed(user)


def update_user(principal, user_id, changes, version):
    """Change a user's role or status; it applies to their very next request.

    :raise Forbidden: not an admin. :raise InvalidInput: self-demotion.
    :raise NotFound: no such user. :raise Conflict: stale version, or the last active admin.
    """
    require_admin(principal)
    check_admin_change(principal, user_id, changes)
    user = users.get(user_id, consistent=True)
    if user.status == "invited" and changes.get("status") == "active":
        changes = {k: v for k, v in changes.items() if k != "status"}  # only the invitee activates
    if user.version != version:
        raise Conflict("This user was changed by someone else. Reload and try again.",
                       details={"version": user.version}, code="version_conflict")
    return users.change_access(user, changes, version, principal.actor, admin_delta(user, changes))
