"""No double booking, ever: customers racing on DynamoDB Local, AWS's own engine.

Each booking's activity claims every 5-minute step it covers in the
transaction that creates it; whatever the slots a customer saw, the claims decide.
"""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

EVERY_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]


@pytest.fixture
def owner(app_module):
    """A fresh user owning the links of one test (busy time is per owner)."""
    import uuid

    from chalicelib.domain.access import Principal
    from chalicelib.domain.ids import new_id
    from chalicelib.storage import users

    user = users.new_user(new_id(), f"host-{uuid.uuid4().hex[:8]}@example.com", "Host", "member", "active", "fr",
                          "Europe/Paris", "not-a-real-hash", "integration")
    users.create(user)
    return Principal(user_id=user.id, role="member", session_id="s", token_digest="d", user=user)


def link_token(owner, **fields):
    """The public token of a new general link of `owner`."""
    from chalicelib.services import records

    return records.create(owner, "scheduler_link", {"kind": "general", "title": "Call", "duration_min": 30,
                                                    "windows": EVERY_DAY, "min_notice_min": 0,
                                                    **fields})["data"]["token"]


def racing(calls):
    """Run `calls` together behind a barrier: [result or error code]."""
    from chalicelib.errors import DomainError

    start = threading.Barrier(len(calls))

    def run(call):
        start.wait()
        try:
            return call()
        except DomainError as exc:
            return exc.code

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def at(days, hour, minute=0):
    base = (datetime.now(timezone.utc) + timedelta(days=days)).replace(hour=hour, minute=minute, second=0,
                                                                        microsecond=0)
    return base.isoformat().replace("+00:00", "Z")


def test_thirty_customers_booking_one_slot_give_exactly_one_booking(owner):
    from chalicelib.services import scheduling

    token = link_token(owner)
    start = at(5, 9)
    outcomes = racing([lambda i=i: scheduling.book(token, {"start": start, "name": f"C{i}",
                                                           "email": f"c{i}@race.example"})
                       for i in range(30)])
    booked = [o for o in outcomes if isinstance(o, dict)]
    assert len(booked) == 1, outcomes
    assert set(o for o in outcomes if not isinstance(o, dict)) == {"slot_taken"}


def test_overlapping_times_of_two_links_of_one_owner_never_both_succeed(owner):
    from chalicelib.services import scheduling
    from chalicelib.storage import scheduling as store

    short = link_token(owner, duration_min=15, slot_interval_min=15)
    long = link_token(owner, duration_min=60, slot_interval_min=15)
    calls = []
    for i in range(30):  # starts every 15 minutes over two hours, half on each link, all racing
        token = short if i % 2 else long
        start = at(6, 8 + (i % 8) // 4, 15 * (i % 4))
        calls.append(lambda token=token, start=start, i=i: scheduling.book(
            token, {"start": start, "name": f"C{i}", "email": f"o{i}@race.example"}))
    racing(calls)
    day = at(6, 0)[:10]
    bookings = [a["data"] for a in store.owner_activities(owner.user_id, f"{day}T00:00:00Z", f"{day}T23:59:59Z")]
    intervals = sorted((datetime.fromisoformat(b["due_at"].replace("Z", "+00:00")),
                        datetime.fromisoformat(b["due_at"].replace("Z", "+00:00"))
                        + timedelta(minutes=b["duration_min"])) for b in bookings)
    assert intervals
    for (start_a, end_a), (start_b, end_b) in zip(intervals, intervals[1:]):
        assert end_a <= start_b, f"{start_a}-{end_a} overlaps {start_b}-{end_b}"
