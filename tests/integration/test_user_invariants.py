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


def _admin(app_module):
    from chalicelib.domain.access import Principal
    from chalicelib.domain.ids import new_id
    from chalicelib.storage import users

    user = users.new_user(new_id(), f"admin-{uuid.uuid4().hex[:8]}@example.com", "Admin", "admin", "active",
                          "fr", "Europe/Paris", "not-a-real-hash", "integration")
    users.create(user)
    return Principal(user_id=user.id, role="admin", session_id="s", token_digest="d")


def test_admins_demoting_each_other_at_once_always_leave_one(app_module):
    """Every active admin tries to demote all the others in parallel: at least one admin survives."""
    from chalicelib.errors import Conflict
    from chalicelib.services import users as team
    from chalicelib.storage import users

    principals = [_admin(app_module) for _ in range(4)]
    existing = [u for u in users.list_page(limit=200)[0] if u.role == "admin" and u.status == "active"]
    for user in existing:  # the bootstrap admin, and any earlier test's, go first: one at a time
        if user.id not in {p.user_id for p in principals}:
            team.update_user(principals[0], user.id, {"role": "member"}, users.get(user.id, consistent=True).version)

    def demote(pair):
        actor, target = pair
        try:
            target_user = users.get(target.user_id, consistent=True)
            team.update_user(actor, target.user_id, {"status": "disabled"}, target_user.version)
            return "done"
        except Conflict as exc:
            return exc.code

    pairs = [(a, b) for a in principals for b in principals if a is not b]
    with ThreadPoolExecutor(len(pairs)) as pool:
        outcomes = list(pool.map(demote, pairs))
    assert set(outcomes) <= {"done", "last_admin", "version_conflict", "busy"}
    disabled = {target.user_id for (actor, target), outcome in zip(pairs, outcomes) if outcome == "done"}
    left = [p for p in principals if users.get(p.user_id, consistent=True).status == "active"]
    assert len(left) == len(principals) - len(disabled) >= 1
    from chalicelib.storage.models import AdminsItem

    assert AdminsItem.get("WORKSPACE", "ADMINS", consistent_read=True).ids == {p.user_id for p in left}


def test_parallel_wrong_guesses_never_pass_the_limit(app_module, monkeypatch):
    """30 guesses at once for one account: at most the limit reach the password check."""
    import threading

    from chalicelib import config
    from chalicelib.errors import TooManyRequests, Unauthorized
    from chalicelib.services import auth, passwords

    checked, lock = [], threading.Lock()

    def slow_check(stored, password):
        with lock:
            checked.append(password)
        return False

    monkeypatch.setattr(passwords, "verify_password", slow_check)
    email = f"target-{uuid.uuid4().hex[:8]}@example.com"
    _signup(email)
    barrier = threading.Barrier(30)

    def guess(i):
        barrier.wait()
        try:
            auth.login(email, f"guess {i}", f"198.51.100.{i}")
        except TooManyRequests:
            return 429
        except Unauthorized:
            return 401
        return 200

    with ThreadPoolExecutor(30) as pool:
        statuses = list(pool.map(guess, range(30)))
    assert len(checked) <= config.LOGIN_MAX_ATTEMPTS
    assert statuses.count(401) == len(checked) and statuses.count(200) == 0
    assert statuses.count(429) == 30 - len(checked)
