"""Calendar invites (RFC 5545, through icalendar): a booking's event, and a user's subscription feed.

A booking's invite has a stable UID (its activity's id), so a reschedule
(REQUEST with a higher SEQUENCE) or a cancellation (CANCEL) updates the
event calendars already hold instead of adding another. Times are written in
the link's zone with its VTIMEZONE, as calendars expect from an invite.
"""
from datetime import date, datetime, timedelta, timezone

PRODID = "-//CRM//Scheduler//EN"


def uid(activity_id):
    """The event's UID: the same for every message about one booking."""
    return f"{activity_id}@crm"


def _instant(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def booking_invite(*, activity_id, start, end, zone, title, location, description, organizer, attendee,
                   method="REQUEST", sequence=0):
    """The .ics text of a booking's invite. `organizer`/`attendee`: (name, email); `start`/`end`: ISO instants."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid(activity_id))
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.now(timezone.utc))
    local = ZoneInfo(zone)
    event.add("dtstart", _instant(start).astimezone(local))
    event.add("dtend", _instant(end).astimezone(local))
    event.add("summary", title)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event["organizer"] = _address(*organizer, role=None)
    event.add("attendee", _address(*attendee, role="REQ-PARTICIPANT"))
    calendar.add_component(event)
    # The zone's rules around the event only: parsers such as ical.js misread the decades of
    # RDATEs a 1970-2038 VTIMEZONE carries (a summer meeting came out an hour early).
    year = _instant(start).year
    calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return calendar.to_ical().decode("utf-8")


def _address(name, email, role):
    from icalendar import vCalAddress, vText

    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name or email)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("ACCEPTED")
    return address


def feed(name, activities):
    """The .ics text of a user's calendar subscription: their activities, all-day ones as dates."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = datetime.now(timezone.utc)
    for activity in activities:
        data = activity["data"]
        event = Event()
        event.add("uid", uid(activity["id"]))
        event.add("sequence", activity.get("version") or 0)
        event.add("dtstamp", stamp)
        start = _instant(data["due_at"])
        if data.get("all_day"):
            event.add("dtstart", start.date())
            event.add("dtend", start.date() + timedelta(days=1))
        else:
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=data.get("duration_min") or 0))
        event.add("summary", data.get("subject") or "")
        if data.get("note"):
            event.add("description", data["note"][:2000])
        if data.get("done"):
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
