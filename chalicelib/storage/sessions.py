"""Login sessions (also the bearer tokens): one GetItem authenticates a request."""
from chalicelib.domain.clock import now_iso
from chalicelib.storage import keys
from chalicelib.storage.models import SessionItem
from chalicelib.storage.records import stamp


def new_session(digest, session_id, user_id, role, expires_at, ttl, user_agent, actor):
    """An unsaved session for `user_id`."""
    item = SessionItem(keys.session(digest), "SESSION", entity="session", id=session_id,
                       user_id=user_id, role=role, expires_at=expires_at, ttl=ttl,
                       user_agent=(user_agent or "")[:300] or None)
    item.gsi1pk, item.gsi1sk = keys.user_sessions(user_id), session_id
    return stamp(item, actor, created=True)


def save(session):
    session.save()
    return session


def find(digest):
    """The session stored under `digest`, or None (strongly consistent: a fresh login works at once)."""
    try:
        return SessionItem.get(keys.session(digest), "SESSION", consistent_read=True)
    except SessionItem.DoesNotExist:
        return None


def revoke(session, actor):
    """Mark one session revoked (kept until its TTL for the audit trail)."""
    session.update(actions=[SessionItem.revoked_at.set(now_iso()),
                            SessionItem.updated_by.set(actor),
                            SessionItem.updated_at.set(now_iso())])


def of_user(user_id):
    """Every live session of a user (a handful: one Query)."""
    return [s for s in SessionItem.gsi1.query(keys.user_sessions(user_id)) if not s.revoked_at]


def revoke_all(user_id, actor, keep_id=None):
    """Revoke a user's sessions except `keep_id` (password change, deactivation)."""
    for session in of_user(user_id):
        if session.id != keep_id:
            revoke(session, actor)


def set_role(user_id, role, actor):
    """Carry a role change into the user's live sessions."""
    for session in of_user(user_id):
        session.update(actions=[SessionItem.role.set(role), SessionItem.updated_by.set(actor),
                                SessionItem.updated_at.set(now_iso())])
