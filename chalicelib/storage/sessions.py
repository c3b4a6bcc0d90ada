"""Login sessions (also the bearer tokens): one BatchGetItem reads a session and its user."""
from chalicelib.domain.clock import now_iso
from chalicelib.storage import keys
from chalicelib.storage.models import SessionItem, UserItem
from chalicelib.storage.records import get_many, stamp


def new_session(digest, session_id, user, expires_at, ttl, user_agent, actor):
    """An unsaved session of `user`, valid while the user keeps its session generation."""
    item = SessionItem(keys.session(digest), "SESSION", entity="session", id=session_id,
                       user_id=user.id, generation=user.session_generation or 0, expires_at=expires_at,
                       ttl=ttl, user_agent=(user_agent or "")[:300] or None)
    return stamp(item, actor, created=True)


def find_with_user(digest, user_id):
    """(session, user) stored under `digest` and `user_id`, either None when absent.

    One strongly consistent BatchGetItem: a fresh sign-in works at once, and a
    deactivation or a sign-out everywhere bites on the very next request.
    """
    session_key, user_key = (keys.session(digest), "SESSION"), (keys.user(user_id), "USER")
    found = get_many([(SessionItem, *session_key), (UserItem, *user_key)], consistent=True)
    return found.get(session_key), found.get(user_key)


def find(digest):
    """The session stored under `digest`, or None."""
    try:
        return SessionItem.get(keys.session(digest), "SESSION", consistent_read=True)
    except SessionItem.DoesNotExist:
        return None


def revoke(session, actor):
    """Mark one session revoked (kept until its TTL for the audit trail)."""
    session.update(actions=[SessionItem.revoked_at.set(now_iso()),
                            SessionItem.updated_by.set(actor),
                            SessionItem.updated_at.set(now_iso())])
