"""UTC time as the CRM stores it: ISO 8601 with a `Z`, millisecond precision."""
from datetime import datetime, timedelta, timezone


def now():
    """The current instant, timezone-aware UTC."""
    return datetime.now(timezone.utc)


def to_iso(moment):
    """Render an aware datetime as stored: `2026-11-25T06:33:42.123Z`."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso():
    """`to_iso(now())`."""
    return to_iso(now())


def epoch_after(moment, **delta):
    """Epoch seconds of `moment + delta`, for DynamoDB's TTL attribute."""
    return int((moment + timedelta(**delta)).timestamp())


def is_timezone(name):
    """True for an IANA zone name zoneinfo knows (`Europe/Paris`), False otherwise."""
    # zoneinfo is imported here, not at the top: it pulls sysconfig onto every cold start.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not isinstance(name, str) or not name or len(name) > 64:
        return False
    if name in _zones():
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"


_ZONES = None


def _zones():
    global _ZONES
    if _ZONES is None:
        from zoneinfo import available_timezones

        _ZONES = available_timezones()
    return _ZONES
