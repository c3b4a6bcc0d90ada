"""Authenticating a request: the one use case every private route runs first.

Kept apart from signing in (services/auth.py) so a request loads only what
it needs: no password hashing, no throttle, no mail on the common path.
"""
from chalicelib.domain.access import Principal
from chalicelib.domain.clock import now, to_iso
from chalicelib.domain.ids import session_token_user, token_digest
from chalicelib.errors import Unauthorized
from chalicelib.storage import sessions


def authenticate(token):
    """The principal behind a session token, with its user as stored now.

    One consistent read of the session and its user: a role change, a
    deactivation or a sign-out everywhere applies to the very next request.
    :raise Unauthorized: missing, unknown, forged, revoked or expired token; inactive user.
    """
    if not token or len(token) > 256:
        raise Unauthorized("Sign in to continue.")
    ended = Unauthorized("Your session has ended. Sign in again.", code="session_expired")
    user_id = session_token_user(token)
    if user_id is None:
        raise ended
    digest = token_digest(token)
    session, user = sessions.find_with_user(digest, user_id)
    if (session is None or user is None or session.user_id != user.id or session.revoked_at
            or session.expires_at <= to_iso(now()) or user.status != "active"
            or (session.generation or 0) != (user.session_generation or 0)):
        raise ended
    return Principal(user_id=user.id, role=user.role, session_id=session.id, token_digest=digest, user=user)
