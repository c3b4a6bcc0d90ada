"""Signing in and out, authenticating requests, password changes and resets, invitations."""
from datetime import timedelta

from chalicelib import config
from chalicelib.domain.clock import epoch_after, now, to_iso
from chalicelib.domain.ids import new_id, new_session_token, new_token, token_digest
from chalicelib.domain.validation import normalize_email
from chalicelib.errors import Conflict, NotFound, TooManyRequests, Unauthorized
from chalicelib.logs import log_exception
from chalicelib.storage import counters, sessions, users
from chalicelib.storage.records import save_changes

INVALID_CREDENTIALS = "Email or password is incorrect."
RESET_TTL_HOURS = 1
RESET_MAILS_PER_HOUR = 3


def login(email, password, client_key, user_agent=None, language=None):
    """A new session for valid credentials: (token, user item).

    Each attempt is counted before the password is checked, atomically, per
    client address and per email, and given back when it succeeds: parallel
    guesses cannot go past the limit, and an office behind one address signs
    in freely. `language` (the browser's) becomes a new user's profile language.
    :raise TooManyRequests: too many failed attempts from this address or for this email.
    :raise Unauthorized: wrong email or password, or the account is not active.
    """
    from chalicelib.services.passwords import hash_password, needs_rehash, verify_password

    email = normalize_email(email)
    reserved = counters.reserve([("login-ip", client_key), ("login-email", email)],
                                config.LOGIN_MAX_ATTEMPTS, config.LOGIN_WINDOW_SECONDS)
    if reserved is None:
        raise TooManyRequests("Too many failed attempts. Try again in a few minutes, or reset your password.",
                              headers={"Retry-After": str(config.LOGIN_WINDOW_SECONDS)})
    user = users.find_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        raise Unauthorized(INVALID_CREDENTIALS, code="invalid_credentials")  # the attempt stays counted
    if user.status != "active":
        raise Unauthorized("This account is not active.", code="account_inactive")
    if needs_rehash(user.password_hash):
        save_changes(user, {"password_hash": hash_password(password)}, user.version, user.id)
    first_language = language if language and not user.language_chosen else None
    try:
        token = open_session(user, user_agent, release=lambda tx: counters.release(tx, reserved),
                             language=first_language)
    except Conflict:  # disabled (or signed out everywhere) while this sign-in was checking the password
        raise Unauthorized("This account is not active.", code="account_inactive")
    return token, user


def open_session(user, user_agent=None, release=None, language=None):
    """Store a session for `user` and return its bearer token (shown once, stored hashed).

    :raise Conflict: the user was disabled or signed out everywhere meanwhile.
    """
    token = new_session_token(user.id)
    moment = now()
    ttl_hours = config.SESSION_TTL_HOURS
    session = sessions.new_session(token_digest(token), new_id(), user,
                                   expires_at=to_iso(moment + timedelta(hours=ttl_hours)),
                                   ttl=epoch_after(moment, hours=ttl_hours), user_agent=user_agent, actor=user.id)
    users.open_session(session, user, release=release, language=language)
    return token


def logout(principal):
    """Revoke the principal's current session."""
    session = sessions.find(principal.token_digest)
    if session is not None and not session.revoked_at:
        sessions.revoke(session, principal.actor)


def logout_everywhere(principal):
    """End every session and token of the principal's user, this one included."""
    users.end_all_sessions(principal.user, principal.actor)


def change_password(principal, current_password, new_password):
    """Replace the password; every other session of the user is signed out.

    :raise InvalidInput: the current password is wrong, or the new one equals it.
    """
    from chalicelib.errors import InvalidInput
    from chalicelib.services.passwords import hash_password, verify_password
    from chalicelib.storage.models import SessionItem
    from chalicelib.storage import keys

    user = principal.user
    if not verify_password(user.password_hash, current_password):
        raise InvalidInput("The current password is incorrect.",
                           details={"current_password": "Incorrect password."})
    if current_password == new_password:
        raise InvalidInput("Choose a password you have not used here.",
                           details={"new_password": "Same as the current password."})
    users.set_password(user, hash_password(new_password), principal.actor,
                       keep=SessionItem(keys.session(principal.token_digest), "SESSION"))


# -- password reset --------------------------------------------------------------

def request_password_reset(email):
    """Email a one-hour, one-use reset link to the owner of `email`, if there is an active one.

    The caller answers the same whatever happens here, so nobody learns which
    emails have an account; a mail failure is logged, not reported.
    """
    from chalicelib.services.throttle import throttle

    email = normalize_email(email)
    # Anyone may ask for anyone: a few links an hour per email, so the owner is not flooded.
    throttle("reset-email", email, RESET_MAILS_PER_HOUR, 3600)
    user = users.find_by_email(email)
    if user is None or user.status != "active":
        return
    token = new_token()
    moment = now()
    users.new_reset(token_digest(token), user, to_iso(moment + timedelta(hours=RESET_TTL_HOURS)),
                    epoch_after(moment, hours=RESET_TTL_HOURS + 1))
    try:
        from chalicelib.notify import mail, templates

        subject, text, html = templates.render("password-reset", user.language, name=user.name,
                                               link=f"{config.PUBLIC_URL}/#/reset/{token}",
                                               hours=RESET_TTL_HOURS)
        mail.send(mail.build_message(user.email, subject, text, html))
    except Exception:  # noqa: BLE001 - the answer must not depend on it
        log_exception("password reset mail failed", user_id=user.id)


def _live_reset(token):
    """(reset, user) for a link still usable.

    :raise NotFound: unknown, used, expired or superseded link (one message: nothing leaks).
    """
    gone = NotFound("This password reset link is invalid or has expired.", code="reset_invalid")
    if not token or len(token) > 256:
        raise gone
    try:
        reset, user = users.get_reset(token_digest(token))
    except NotFound:
        raise gone
    if (reset.used_at or reset.expires_at <= to_iso(now()) or user is None or user.status != "active"
            or reset.generation != (user.session_generation or 0)):
        raise gone
    return reset, user


def describe_reset(token):
    """The email a reset link is for (the reset page shows it)."""
    return _live_reset(token)[1]


def reset_password(token, password, user_agent=None):
    """Set a new password from a reset link and sign in: (token, user).

    In one transaction: the link is used up, every session of the user ends,
    and the user's sign-in throttle is cleared (a locked-out owner gets in).
    :raise NotFound: the link cannot be used. :raise Conflict: it was used meanwhile.
    """
    from chalicelib.services.passwords import hash_password

    reset, user = _live_reset(token)
    use = users.use_reset(reset, to_iso(now()))

    def extra(tx):
        use(tx)
        counters.clear(tx, "login-email", user.email, config.LOGIN_WINDOW_SECONDS)

    users.set_password(user, hash_password(password), user.id, extra=extra)
    return open_session(user, user_agent), user


# -- invitations -----------------------------------------------------------------

def _live_invite(token):
    """The invite and its user for a token still usable.

    :raise NotFound: unknown, used, expired or superseded token (one message: nothing leaks).
    """
    gone = NotFound("This invitation link is invalid or has expired.", code="invite_invalid")
    if not token or len(token) > 256:
        raise gone
    digest = token_digest(token)
    try:
        invite = users.get_invite(digest)
    except NotFound:
        raise gone
    if invite.used_at or invite.expires_at <= to_iso(now()):
        raise gone
    try:
        user = users.get(invite.user_id, consistent=True)
    except NotFound:
        raise gone  # the invitation was withdrawn
    if user.status != "invited" or (user.invite_digest and user.invite_digest != digest):
        raise gone
    return invite, user


def describe_invite(token):
    """What the accept-invite page shows: the invited user and the workspace's name."""
    from chalicelib.storage import workspace

    _, user = _live_invite(token)
    return user, workspace.get().name


def accept_invite(token, password, name=None, user_agent=None, language=None):
    """Set the invited user's password, activate them and sign them in: (token, user).

    `language` (the browser's) becomes their profile language: this is their first sign-in.
    :raise NotFound: the invite cannot be used.
    :raise Conflict: it was used concurrently.
    """
    from chalicelib.services.passwords import hash_password

    invite, user = _live_invite(token)
    user.password_hash = hash_password(password)
    user.status = "active"
    user.language_chosen = True
    if language:
        user.language = language
    if name:
        user.name = name
    users.accept_invite(invite, user, actor=user.id, moment=to_iso(now()))
    return open_session(user, user_agent), user
