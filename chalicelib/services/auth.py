"""Logging in and out, authenticating requests, invites and password changes."""
from datetime import timedelta

from chalicelib import config
from chalicelib.domain.access import Principal
from chalicelib.domain.clock import epoch_after, now, to_iso
from chalicelib.domain.ids import new_id, new_token, token_digest
from chalicelib.domain.validation import normalize_email
from chalicelib.errors import InvalidInput, NotFound, Unauthorized
from chalicelib.services.passwords import hash_password, needs_rehash, verify_password
from chalicelib.services.throttle import record_failures, throttle_failures
from chalicelib.storage import sessions, users
from chalicelib.storage.records import save_changes

INVALID_CREDENTIALS = "Email or password is incorrect."


def login(email, password, client_ip, user_agent=None):
    """A new session for valid credentials: (token, user item).

    :raise TooManyRequests: too many attempts from this address or for this email.
    :raise Unauthorized: wrong email or password, or the account is not active.
    """
    email = normalize_email(email)
    # Failures count, not sign-ins: an office behind one address signs in freely.
    # Per address stops one client trying many accounts; per email stops many
    # clients (a botnet) trying one account.
    counters = [("login-ip", client_ip or "unknown"), ("login-email", email)]
    throttle_failures(counters, config.LOGIN_MAX_ATTEMPTS, config.LOGIN_WINDOW_SECONDS)
    user = users.find_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        record_failures(counters, config.LOGIN_WINDOW_SECONDS)
        raise Unauthorized(INVALID_CREDENTIALS, code="invalid_credentials")
    if user.status != "active":
        raise Unauthorized("This account is not active.", code="account_inactive")
    if needs_rehash(user.password_hash):
        save_changes(user, {"password_hash": hash_password(password)}, user.version, user.id)
    return open_session(user, user_agent), user


def open_session(user, user_agent=None):
    """Store a session for `user` and return its bearer token (shown once, stored hashed)."""
    token = new_token()
    moment = now()
    ttl_hours = config.SESSION_TTL_HOURS
    sessions.save(sessions.new_session(
        token_digest(token), new_id(), user.id, user.role,
        expires_at=to_iso(moment + timedelta(hours=ttl_hours)),
        ttl=epoch_after(moment, hours=ttl_hours), user_agent=user_agent, actor=user.id))
    return token


def authenticate(token):
    """The principal behind a session token.

    :raise Unauthorized: missing, unknown, forged, revoked or expired token.
    """
    if not token or len(token) > 256:
        raise Unauthorized("Sign in to continue.")
    digest = token_digest(token)
    session = sessions.find(digest)
    if session is None or session.revoked_at or session.expires_at <= to_iso(now()):
        raise Unauthorized("Your session has ended. Sign in again.", code="session_expired")
    return Principal(user_id=session.user_id, role=session.role, session_id=session.id,
                     token_digest=digest)


def logout(principal):
    """Revoke the principal's current session."""
    session = sessions.find(principal.token_digest)
    if session is not None and not session.revoked_at:
        sessions.revoke(session, principal.actor)


def logout_everywhere(principal):
    """Revoke every session and token of the principal's user, this one included."""
    sessions.revoke_all(principal.user_id, principal.actor)


def change_password(principal, current_password, new_password):
    """Replace the password; every other session of the user is signed out.

    :raise InvalidInput: the current password is wrong, or the new one equals it.
    """
    user = users.get(principal.user_id)
    if not verify_password(user.password_hash, current_password):
        raise InvalidInput("The current password is incorrect.",
                           details={"current_password": "Incorrect password."})
    if current_password == new_password:
        raise InvalidInput("Choose a password you have not used here.",
                           details={"new_password": "Same as the current password."})
    save_changes(user, {"password_hash": hash_password(new_password)}, user.version, principal.actor)
    sessions.revoke_all(user.id, principal.actor, keep_id=principal.session_id)


def _live_invite(token):
    """The invite and its user for a token still usable.

    :raise NotFound: unknown, used or expired token (one message: nothing leaks).
    """
    gone = NotFound("This invitation link is invalid or has expired.", code="invite_invalid")
    if not token or len(token) > 256:
        raise gone
    try:
        invite = users.get_invite(token_digest(token))
    except NotFound:
        raise gone
    if invite.used_at or invite.expires_at <= to_iso(now()):
        raise gone
    user = users.get(invite.user_id)
    if user.status != "invited":
        raise gone
    return invite, user


def describe_invite(token):
    """What the accept-invite page shows: the invited email and name."""
    _, user = _live_invite(token)
    return user


def accept_invite(token, password, name=None, user_agent=None):
    """Set the invited user's password, activate them and sign them in: (token, user).

    :raise NotFound: the invite cannot be used.
    :raise Conflict: it was used concurrently.
    """
    invite, user = _live_invite(token)
    user.password_hash = hash_password(password)
    user.status = "active"
    if name:
        user.name = name
    users.accept_invite(invite, user, actor=user.id, moment=to_iso(now()))
    return open_session(user, user_agent), user
