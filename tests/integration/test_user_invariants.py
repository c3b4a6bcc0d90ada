"""Invariants the storage layer promises, held by the real engine under concurrency."""
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest


def _signup(email):
    from chalicelib.domain.ids import new_id
    from chalicelib.errors import Conflict
    from chalicelib.storage import users

    user = users.new_user(new_id(), email, "Racer", "member", "active", "fr", "Europe/Paris",
                          "not-a-real-hash", "integration")
    try:
        return users.create(user).id
    except Conflict:
        return None


def test_concurrent_signups_with_one_email_leave_exactly_one_user(app_module):
    from chalicelib.storage import users

    email = f"race-{uuid.uuid4().hex[:8]}@example.com"
    with ThreadPoolExecutor(20) as pool:
        winners = [user_id for user_id in pool.map(_signup, [email] * 20) if user_id]
    assert len(winners) == 1
    assert users.find_by_email(email).id == winners[0]


def test_a_stale_version_is_refused_and_the_newer_write_kept(app_module):
    from chalicelib.domain.access import Principal
    from chalicelib.errors import Conflict
    from chalicelib.services import settings
    from chalicelib.storage import users

    email = f"stale-{uuid.uuid4().hex[:8]}@example.com"
    user = users.get(_signup(email))
    principal = Principal(user_id=user.id, role="member", session_id="s", token_digest="d")
    settings.update_profile(principal, {"name": "First"}, user.version)
    with pytest.raises(Conflict):
        settings.update_profile(principal, {"name": "Second"}, user.version)
    assert users.get(user.id).name == "First"
