"""The slot engine: when a booking link can be booked, as a pure function of the link and the owner's busy time.

Windows are wall-clock times (`09:00`–`12:00` on Mondays) in the link's IANA
zone, expanded date by date with zoneinfo, so a 9:00 window stays 9:00 local
across daylight-saving changes. Candidate starts follow a grid of
`slot_interval_min` from each window's start, in local time: a start that
does not exist (the skipped hour of spring) is not offered, nor is the
second occurrence of a repeated hour (autumn), so no instant is offered
twice. A slot is free when it lies inside its window, after the minimum
notice, within the horizon, under the day's maximum, and when it and its
buffers overlap no busy interval.
"""
from bisect import bisect_left
from datetime import date, datetime, time, timedelta, timezone

GRAIN_MIN = 5  # every duration, interval, buffer and start is a multiple of this (claims use it too)
WEEKDAYS = 7


def _zone(name):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def parse_instant(value):
    """An ISO instant with its offset as an aware UTC datetime. :raise ValueError: not one."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(value)
    return moment.astimezone(timezone.utc)


def iso(moment):
    """An aware datetime as stored: UTC to the second, with `Z`."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _minutes(hhmm):
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _local(day, minutes, zone):
    """The instant of local wall time `minutes` after midnight on `day`, or None when it does not exist.

    `fold=0` picks the first of a repeated time; a skipped time does not come
    back unchanged from UTC, which is how it is recognised.
    """
    if minutes >= 24 * 60:
        day, minutes = day + timedelta(days=1), minutes - 24 * 60
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    moment = wall.astimezone(timezone.utc)
    back = moment.astimezone(zone)
    if (back.hour, back.minute, back.date()) != (wall.hour, wall.minute, wall.date()):
        return None  # in the gap of a spring change
    if back.fold:
        return None  # the repeated hour's second pass
    return moment


def windows_of(link, day):
    """The windows [(start minutes, end minutes)] of a local date: its override, else its weekday's."""
    for override in link.get("overrides") or []:
        if override["date"] == day.isoformat():
            return [(_minutes(w["start"]), _minutes(w["end"])) for w in override.get("windows") or []]
    return [(_minutes(w["start"]), _minutes(w["end"])) for w in link.get("windows") or []
            if w["weekday"] == day.weekday()]


def merge(intervals):
    """Busy intervals [(start, end)] merged and sorted: overlapping or touching ones become one."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class Busy:
    """Merged busy intervals with a fast overlap test (bisect over the sorted starts)."""

    def __init__(self, intervals):
        self.intervals = merge(intervals)
        self.starts = [start for start, _ in self.intervals]

    def overlaps(self, start, end):
        """True when [start, end) meets a busy interval."""
        index = bisect_left(self.starts, end)
        return index > 0 and self.intervals[index - 1][1] > start


def candidates(link, day_from, day_to):
    """Every grid start (UTC) of the link's windows on local dates `day_from`…`day_to`, with its window's end."""
    zone = _zone(link["timezone"])
    step = link.get("slot_interval_min") or link["duration_min"]
    day = day_from
    while day <= day_to:
        for window_start, window_end in windows_of(link, day):
            end = _local(day, window_end, zone) or _local_after_gap(day, window_end, zone)
            minute = window_start
            while minute + link["duration_min"] <= window_end:
                start = _local(day, minute, zone)
                if start is not None and end is not None:
                    yield day, start, end
                minute += step
        day += timedelta(days=1)


def _local_after_gap(day, minutes, zone):
    """A window end that falls in a skipped hour: the first instant after the gap."""
    for later in range(minutes + GRAIN_MIN, minutes + 121, GRAIN_MIN):
        moment = _local(day, later, zone)
        if moment is not None:
            return moment
    return None


def free_slots(link, busy, window_from, window_to, now, booked_per_day=None):
    """[(start, end)] UTC of the free slots of a general link starting in [window_from, window_to).

    `busy`: [(start, end)] aware UTC; `booked_per_day`: {local date: bookings of this link that day}.
    """
    zone = _zone(link["timezone"])
    duration = timedelta(minutes=link["duration_min"])
    before = timedelta(minutes=link.get("buffer_before_min") or 0)
    after = timedelta(minutes=link.get("buffer_after_min") or 0)
    earliest = max(window_from, now + timedelta(minutes=link.get("min_notice_min") or 0))
    latest = min(window_to, now + timedelta(days=link.get("horizon_days") or 60))
    if earliest >= latest:
        return []
    daily_max = link.get("daily_max")
    booked_per_day = booked_per_day or {}
    blocked = busy if isinstance(busy, Busy) else Busy(busy)
    slots = []
    first_day = (earliest.astimezone(zone) - timedelta(days=1)).date()
    for day, start, window_end in candidates(link, first_day, latest.astimezone(zone).date()):
        end = start + duration
        if start < earliest or start >= latest or end > window_end:
            continue
        if daily_max and booked_per_day.get(day, 0) >= daily_max:
            continue
        if blocked.overlaps(start - before, end + after):
            continue
        slots.append((start, end))
    return slots


def specific_slots(link, busy, now):
    """[(start, end)] of a specific-times link's times that are still free and ahead."""
    duration = timedelta(minutes=link["duration_min"])
    earliest = now + timedelta(minutes=link.get("min_notice_min") or 0)
    blocked = busy if isinstance(busy, Busy) else Busy(busy)
    slots = []
    for value in sorted(link.get("times") or []):
        start = parse_instant(value)
        if start >= earliest and not blocked.overlaps(start, start + duration):
            slots.append((start, start + duration))
    return slots


def claim_steps(start, end):
    """The GRAIN_MIN steps a booking from `start` to `end` covers: one claim each, so two
    overlapping bookings of one owner, from any of their links, always share a claim."""
    step = timedelta(minutes=GRAIN_MIN)
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    first = epoch + ((start - epoch) // step) * step
    steps, moment = [], first
    while moment < end:
        steps.append(moment)
        moment += step
    return steps


def local_date(moment, zone_name):
    """The local date of an instant in a zone (for a day's maximum of bookings)."""
    return moment.astimezone(_zone(zone_name)).date()


def is_date(value):
    try:
        date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False
