"""The slot engine: wall-clock windows across time zones and DST, buffers, notice, horizon, daily maximum."""
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from chalicelib.domain.slots import Busy, claim_steps, free_slots, iso, local_date, merge, specific_slots

UTC = timezone.utc


def link(**changes):
    base = {"timezone": "Europe/Paris", "duration_min": 30, "slot_interval_min": 30,
            "windows": [{"weekday": d, "start": "09:00", "end": "12:00"} for d in range(5)],
            "buffer_before_min": 0, "buffer_after_min": 0, "min_notice_min": 0, "horizon_days": 400}
    return {**base, **changes}


def day(y, m, d):
    return datetime(y, m, d, tzinfo=UTC)


def starts(slots, zone="Europe/Paris"):
    from zoneinfo import ZoneInfo

    return [s.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") for s, _ in slots]


def test_a_morning_window_gives_its_grid_in_local_time():
    slots = free_slots(link(), [], day(2026, 6, 1), day(2026, 6, 2), now=day(2026, 1, 1))
    assert starts(slots) == [f"2026-06-01 {h}" for h in ("09:00", "09:30", "10:00", "10:30", "11:00", "11:30")]
    assert iso(slots[0][0]) == "2026-06-01T07:00:00Z"  # summer: Paris is UTC+2


@pytest.mark.parametrize("monday", [day(2026, 3, 23), day(2026, 3, 30), day(2026, 10, 19), day(2026, 10, 26)])
def test_nine_oclock_stays_nine_oclock_on_both_sides_of_a_dst_change(monday):
    slots = free_slots(link(), [], monday, monday + timedelta(days=1), now=day(2026, 1, 1))
    assert starts(slots)[0] == monday.strftime("%Y-%m-%d") + " 09:00"


def test_a_window_through_the_skipped_hour_loses_only_that_hour():
    night = link(windows=[{"weekday": 6, "start": "01:00", "end": "04:00"}], duration_min=30)
    slots = free_slots(night, [], day(2026, 3, 28), day(2026, 3, 30), now=day(2026, 1, 1))  # Sunday 29 March
    assert starts(slots) == ["2026-03-29 01:00", "2026-03-29 01:30", "2026-03-29 03:00", "2026-03-29 03:30"]
    assert all(e - s == timedelta(minutes=30) for s, e in slots)


def test_the_repeated_hour_is_not_offered_twice():
    night = link(windows=[{"weekday": 6, "start": "01:00", "end": "04:00"}], duration_min=30)
    slots = free_slots(night, [], day(2026, 10, 24), day(2026, 10, 26), now=day(2026, 1, 1))  # Sunday 25 Oct
    assert starts(slots) == ["2026-10-25 01:00", "2026-10-25 01:30", "2026-10-25 02:00", "2026-10-25 02:30",
                             "2026-10-25 03:00", "2026-10-25 03:30"]
    assert len({s for s, _ in slots}) == len(slots)


def test_busy_time_and_buffers_remove_the_slots_they_touch():
    meeting = (datetime(2026, 6, 1, 8, 0, tzinfo=UTC), datetime(2026, 6, 1, 8, 30, tzinfo=UTC))  # 10:00 Paris
    plain = free_slots(link(), [meeting], day(2026, 6, 1), day(2026, 6, 2), now=day(2026, 1, 1))
    assert "2026-06-01 10:00" not in starts(plain) and "2026-06-01 09:30" in starts(plain)
    buffered = free_slots(link(buffer_before_min=15, buffer_after_min=15), [meeting], day(2026, 6, 1),
                          day(2026, 6, 2), now=day(2026, 1, 1))
    assert {"2026-06-01 09:30", "2026-06-01 10:00", "2026-06-01 10:30"}.isdisjoint(starts(buffered))


def test_notice_horizon_overrides_and_the_daily_maximum():
    now = datetime(2026, 6, 1, 7, 45, tzinfo=UTC)  # 09:45 Paris
    slots = free_slots(link(min_notice_min=60, horizon_days=2), [], day(2026, 6, 1), day(2026, 6, 10), now=now)
    assert starts(slots)[0] == "2026-06-01 11:00" and starts(slots)[-1] == "2026-06-03 09:30"  # 48 hours ahead
    custom = link(overrides=[{"date": "2026-06-01", "windows": [{"start": "14:00", "end": "15:00"}]},
                             {"date": "2026-06-02", "windows": []}])
    slots = free_slots(custom, [], day(2026, 6, 1), day(2026, 6, 3), now=day(2026, 1, 1))
    assert starts(slots) == ["2026-06-01 14:00", "2026-06-01 14:30"]
    from datetime import date

    full = free_slots(link(daily_max=2), [], day(2026, 6, 1), day(2026, 6, 3), now=day(2026, 1, 1),
                      booked_per_day={date(2026, 6, 1): 2})
    assert all(s.startswith("2026-06-02") for s in starts(full))


def test_specific_times_are_offered_while_free_and_ahead():
    times = {"timezone": "Europe/Paris", "duration_min": 45,
             "times": ["2026-06-01T08:00:00Z", "2026-06-02T08:00:00Z", "2025-01-01T08:00:00Z"]}
    busy = [(datetime(2026, 6, 2, 8, 30, tzinfo=UTC), datetime(2026, 6, 2, 9, 0, tzinfo=UTC))]
    assert [iso(s) for s, _ in specific_slots(times, busy, now=day(2026, 1, 1))] == ["2026-06-01T08:00:00Z"]


def test_overlapping_bookings_of_different_lengths_share_a_claim_step():
    a = claim_steps(datetime(2026, 6, 1, 8, 0, tzinfo=UTC), datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    b = claim_steps(datetime(2026, 6, 1, 8, 55, tzinfo=UTC), datetime(2026, 6, 1, 9, 10, tzinfo=UTC))
    c = claim_steps(datetime(2026, 6, 1, 9, 0, tzinfo=UTC), datetime(2026, 6, 1, 9, 30, tzinfo=UTC))
    assert len(a) == 12 and set(a) & set(b) and not set(a) & set(c)


def test_merging_busy_intervals():
    t = [datetime(2026, 1, 1, h, tzinfo=UTC) for h in range(8)]
    assert merge([(t[3], t[4]), (t[0], t[2]), (t[1], t[3]), (t[6], t[7])]) == [(t[0], t[4]), (t[6], t[7])]
    assert Busy([(t[0], t[2])]).overlaps(t[1], t[3]) and not Busy([(t[0], t[2])]).overlaps(t[2], t[3])


ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago",
         "Pacific/Chatham", "Europe/London", "Africa/Casablanca", "UTC"]


@st.composite
def scenarios(draw):
    zone = draw(st.sampled_from(ZONES))
    interval = draw(st.sampled_from([10, 15, 20, 30, 60]))
    duration = draw(st.sampled_from([15, 30, 45, 60, 90]))
    windows = []
    for weekday in range(7):
        if draw(st.booleans()):
            start = draw(st.integers(0, 20)) * 60 + draw(st.sampled_from([0, 30]))
            end = min(24 * 60, start + draw(st.integers(1, 8)) * 60)
            windows.append({"weekday": weekday, "start": f"{start // 60:02d}:{start % 60:02d}",
                            "end": f"{end // 60:02d}:{end % 60:02d}" if end < 1440 else "24:00"})
    the_link = {"timezone": zone, "duration_min": duration, "slot_interval_min": interval, "windows": windows,
                "buffer_before_min": draw(st.sampled_from([0, 5, 15])),
                "buffer_after_min": draw(st.sampled_from([0, 10, 30])),
                "min_notice_min": draw(st.sampled_from([0, 60, 24 * 60])), "horizon_days": 60}
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 360)))
    now = start - timedelta(hours=draw(st.integers(0, 72)))
    busy = []
    for _ in range(draw(st.integers(0, 30))):
        begin = start + timedelta(minutes=5 * draw(st.integers(0, 14 * 288)))
        busy.append((begin, begin + timedelta(minutes=5 * draw(st.integers(1, 48)))))
    return the_link, busy, start, start + timedelta(days=14), now


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_no_slot_ever_breaks_a_rule(scenario):
    from zoneinfo import ZoneInfo

    the_link, busy, window_from, window_to, now = scenario
    zone = ZoneInfo(the_link["timezone"])
    slots = free_slots(the_link, busy, window_from, window_to, now)
    before = timedelta(minutes=the_link["buffer_before_min"])
    after = timedelta(minutes=the_link["buffer_after_min"])
    assert len({s for s, _ in slots}) == len(slots)  # no instant offered twice
    for start, end in slots:
        assert end - start == timedelta(minutes=the_link["duration_min"])
        assert start >= now + timedelta(minutes=the_link["min_notice_min"])  # notice
        assert window_from <= start < window_to
        for busy_start, busy_end in busy:  # no overlap with busy time or its buffers
            assert not (start - before < busy_end and busy_start < end + after)
        local = start.astimezone(zone)
        minutes = local.hour * 60 + local.minute
        windows = [w for w in the_link["windows"] if w["weekday"] == local.weekday()]
        inside = [w for w in windows if int(w["start"][:2]) * 60 + int(w["start"][3:]) <= minutes]
        assert inside, (local, windows)  # inside a window of its local weekday
        on_grid = [w for w in inside if (minutes - (int(w["start"][:2]) * 60 + int(w["start"][3:])))
                   % the_link["slot_interval_min"] == 0]
        assert on_grid, (local, inside)  # on the grid of that window
        assert start.astimezone(zone).astimezone(timezone.utc) == start  # a real local time


def test_ninety_days_over_five_hundred_busy_intervals_in_well_under_ten_milliseconds():
    import time

    busy = [(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=4 * i),
             datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=4 * i, minutes=45)) for i in range(500)]
    the_link = link(windows=[{"weekday": d, "start": "08:00", "end": "18:00"} for d in range(5)])
    best = min(_timed(lambda: free_slots(the_link, busy, day(2026, 1, 1), day(2026, 4, 1), now=day(2025, 12, 31)))
               for _ in range(5))
    assert best < 0.010, f"{best * 1000:.1f} ms"


def _timed(function):
    import time

    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def test_local_dates_follow_the_zone():
    assert str(local_date(datetime(2026, 6, 1, 23, 30, tzinfo=UTC), "Europe/Paris")) == "2026-06-02"
