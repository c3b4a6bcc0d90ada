"""Booking links: their free slots, bookings taken by customers, cancelled or moved, and the calendar feed.

A link's slots come from the slot engine over its owner's busy time (every
timed activity of the owner, however it was made): two DynamoDB requests, the
link by its token and the owner's activities in the window. A booking is an
activity whose state claims each 5-minute step it covers (and, for a specific
link, the link), all in the transaction that creates it: two customers racing
for one time get one success and one 409, and no two bookings of one owner
ever overlap. Its customer is found by email or created; their answers become
a note on the activity; both sides get an RFC 5545 invite.
"""
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

from chalicelib import config
from chalicelib.domain.access import Principal
from chalicelib.domain.clock import is_timezone, now
from chalicelib.domain.ids import new_id, new_token, token_digest
from chalicelib.domain.record_fields import period_bound
from chalicelib.domain.slots import free_slots, iso, local_date, parse_instant, specific_slots
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.services import records
from chalicelib.storage import record_store, scheduling
from chalicelib.storage.derived import record_key

BOOKING = Principal(user_id="booking", role="member", session_id="booking", token_digest="booking")
MAX_WINDOW_DAYS = 62
BUSY_LOOKBACK = timedelta(days=7)  # an activity lasts at most a week: one due earlier cannot reach the window


# -- slots -----------------------------------------------------------------------------------

def _window(query_from, query_to, moment):
    """[from, to) of a slots request (UTC), a month from now by default, two at most.

    :raise InvalidInput: a bound that is neither a date nor an instant, or a window too long.
    """
    bounds = []
    for name, value, end in (("from", query_from, False), ("to", query_to, True)):
        if not value:
            bounds.append(None)
            continue
        try:
            bounds.append(parse_instant(period_bound(value, end)))
        except ValueError:
            raise InvalidInput("Give the period as dates (YYYY-MM-DD) or ISO instants.",
                               details={name: "Not a date or an ISO instant."})
    low = bounds[0] or moment
    high = bounds[1] or low + timedelta(days=31)
    if high <= low or high - low > timedelta(days=MAX_WINDOW_DAYS):
        raise InvalidInput(f"Ask for at most {MAX_WINDOW_DAYS} days of slots.", details={"to": "Too far."})
    return low, high


def _busy(link, low, high, skip_activity=None):
    """(busy intervals, bookings of this link per local day, booked by this specific link) of its owner."""
    data = link["data"]
    activities = scheduling.owner_activities(data["owner_id"], iso(low - BUSY_LOOKBACK), iso(high))
    busy, per_day, booked = [], Counter(), False
    for activity in activities:
        a = activity["data"]
        if activity["id"] == skip_activity or a.get("all_day"):
            continue
        start = parse_instant(a["due_at"])
        busy.append((start, start + timedelta(minutes=a.get("duration_min") or 0)))
        if a.get("link_id") == link["id"]:
            per_day[local_date(start, data["timezone"])] += 1
            booked = True
    return busy, per_day, booked


def slots_of(link, low, high, moment, skip_activity=None):
    """[(start, end)] free on `link` in [low, high), as of `moment` (`skip_activity`: a booking being moved)."""
    return _slots_and_booked(link, low, high, moment, skip_activity)[0]


def _slots_and_booked(link, low, high, moment, skip_activity=None):
    """([(start, end)] free on `link` in [low, high), whether a specific link is taken by a booking)."""
    data = link["data"]
    if not data.get("active", True):
        return [], False
    if data["kind"] == "specific":
        times = [parse_instant(t) for t in data.get("times") or []]
        if not times:
            return [], False
        span_low, span_high = min(times), max(times) + timedelta(minutes=data["duration_min"])
        busy, _, booked = _busy(link, span_low, span_high, skip_activity)
        if booked:
            return [], True  # the first booking takes a specific link
        return [s for s in specific_slots(data, busy, moment) if low <= s[0] < high], False
    busy, per_day, _ = _busy(link, low, high, skip_activity)
    return free_slots(data, busy, low, high, moment, per_day), False


def present_link(link):
    """What a customer sees of a link."""
    data = link["data"]
    return {k: data.get(k) for k in ("kind", "title", "duration_min", "location", "questions", "footer",
                                      "confirmation", "host_name", "timezone")}


def public_slots(token, query_from=None, query_to=None, zone=None):
    """{link, timezone, slots} of a booking link: the link by its token and its owner's busy time.

    :raise NotFound: no such link (or switched off). :raise InvalidInput: a bad window or zone.
    """
    link = _live_link(token)
    if zone and not is_timezone(zone):
        raise InvalidInput("Not a known time zone.", details={"tz": "Use an IANA zone, e.g. Europe/Paris."})
    moment = now()
    low, high = _window(query_from, query_to, moment)
    slots = slots_of(link, low, high, moment)
    return {"link": present_link(link), "timezone": link["data"]["timezone"], "customer_timezone": zone,
            "slots": [{"start": iso(s), "end": iso(e)} for s, e in slots]}


def owner_slots(link_id, query_from=None, query_to=None):
    """The free slots of one of a user's links, as its customers see them, and whether a specific
    link is booked already (its owner's list says so). :raise NotFound."""
    link = record_store.get(record_key("scheduler_link", link_id), what="Link")
    moment = now()
    low, high = _window(query_from, query_to, moment)
    slots, booked = _slots_and_booked(link, low, high, moment)
    return {"link": present_link(link), "timezone": link["data"]["timezone"], "booked": booked,
            "slots": [{"start": iso(s), "end": iso(e)} for s, e in slots]}


def _live_link(token):
    gone = NotFound("This booking link does not exist or was switched off.", code="link_invalid")
    if not token or len(token) > 256:
        raise gone
    link = scheduling.link_by_token(token)
    if link is None or not link["data"].get("active", True) or link["data"].get("portal_deal_id"):
        raise gone  # a portal's link is booked through its portal only
    return link


def regenerate_token(principal, link_id, version):
    """Give a link a new public token: the old URL stops working. :raise NotFound, Conflict."""
    link = record_store.get(record_key("scheduler_link", link_id), what="Link")
    if link["version"] != version:
        raise Conflict("This link was changed by someone else. Reload and try again.", code="version_conflict")
    return records.save(principal, link, {**link["data"], "token": new_token()}, {"token"})


def link_url(link):
    """The public URL of a link's booking page."""
    return f"{config.PUBLIC_URL}/#/book/{link['data']['token']}"


# -- booking -------------------------------------------------------------------------------

def _answers(questions, answers):
    """The answers, checked against the link's questions. :raise InvalidInput: naming each bad one."""
    from chalicelib.domain.validation import has_control

    errors, known = {}, {q["id"]: q for q in questions}
    for key in answers:
        if key not in known:
            errors[key] = "No such question."
    for question in questions:
        value = answers.get(question["id"])
        if value in (None, ""):
            if question.get("required"):
                errors[question["id"]] = "This answer is required."
            continue
        if not isinstance(value, str) or len(value) > 2000 or has_control(value, multiline=True):
            errors[question["id"]] = "Answer with text of at most 2,000 characters."
        elif question.get("type") == "choice" and value not in question.get("options", []):
            errors[question["id"]] = "Not one of the choices."
    if errors:
        raise InvalidInput("Some answers are missing or invalid.", details={"answers": errors})
    return {q["id"]: answers[q["id"]].strip() for q in questions if answers.get(q["id"])}


def _check_time(link, start, moment, skip_activity=None):
    """:raise InvalidInput: not a time the link offers. :raise Conflict: one it offers, taken meanwhile."""
    free = slots_of(link, start, start + timedelta(minutes=1), moment, skip_activity)
    if any(s == start for s, _ in free):
        return
    offered = _offered(link, start, moment)
    if offered:
        raise Conflict("This time was just taken. Choose another one.", details={"start": "Just taken."},
                       code="slot_taken")
    raise InvalidInput("This link does not offer that time.", details={"start": "Not an available time."})


def _offered(link, start, moment):
    """Whether `start` is on the link's grid, inside its windows, notice and horizon, busy or not."""
    data = link["data"]
    if data["kind"] == "specific":
        return iso(start) in (data.get("times") or []) and start >= moment
    return any(s == start for s, _ in free_slots(data, [], start, start + timedelta(minutes=1), moment))


def _person(link, name, email, phone):
    """(the customer's person, True when created now): found by email, or created for the link's owner."""
    from chalicelib.storage.models import DerivedItem
    from chalicelib.storage import keys

    try:
        claim = DerivedItem.get(keys.person_email(email), keys.CLAIM, consistent_read=True)
        return record_store.get(record_key("person", claim.data["person_id"])), False
    except (DerivedItem.DoesNotExist, NotFound):
        pass
    body = {"name": name, "emails": [{"value": email, "label": ""}], "owner_id": link["data"]["owner_id"]}
    if phone:
        body["phones"] = [{"value": phone, "label": ""}]
    try:
        return records.create(BOOKING, "person", body), True
    except Conflict as exc:
        existing = (exc.details or {}).get("existing")
        if exc.code == "duplicate_email" and existing:  # created meanwhile by another booking
            return record_store.get(record_key("person", existing["id"])), False
        raise


def _deal(link, person, new_person):
    """The deal a booking joins: the link's, else the person's single open deal, else none."""
    if link["data"].get("deal_id"):
        try:
            return record_store.get(record_key("deal", link["data"]["deal_id"]))["id"]
        except NotFound:
            return None
    if new_person:
        return None  # created a moment ago: no deal yet
    deals = [d for d in records.linked_records("person", person["id"]).get("deal", [])
             if d["data"].get("status") == "open"]
    return deals[0]["id"] if len(deals) == 1 else None


def _org(link):
    """The organization a link was made for (its "Propose times" tab), while it still exists."""
    if not link["data"].get("org_id"):
        return None
    try:
        return record_store.get(record_key("organization", link["data"]["org_id"]))["id"]
    except NotFound:
        return None


def book(token, body):
    """Take a slot: person found or created, the activity with its claims and the booking in one
    transaction, the answers as a note, invites to the customer and the owner.

    :raise NotFound: no such link. :raise InvalidInput: a bad time, field or answer.
    :raise Conflict: the time was just taken (slot_taken).
    """
    link = _live_link(token)
    start, answers = _checked(link, body)
    email = body["email"].strip().lower()
    person, new_person = _person(link, body["name"], email, body.get("phone"))
    customer = {"name": body["name"], "email": email, "phone": body.get("phone") or "",
                "timezone": body.get("timezone") or link["data"]["timezone"], "language": body.get("language") or "fr"}
    return _take(link, start, answers, customer, person["id"], _deal(link, person, new_person))


def book_for_client(link, body, person, deal_id, seat):
    """A booking made in a client portal: for the deal's person and on its deal, holding package seat `seat`.

    :raise InvalidInput: a bad time or answer. :raise Conflict: slot_taken, or seat_taken (raced for the seat).
    """
    start, answers = _checked(link, body)
    emails = person["data"].get("emails") or []
    customer = {"name": person["data"]["name"], "email": emails[0]["value"] if emails else "",
                "phone": "", "timezone": body.get("timezone") or link["data"]["timezone"],
                "language": body.get("language") or "fr"}
    return _take(link, start, answers, customer, person["id"], deal_id, {"package_seat": seat})


def _checked(link, body):
    """(start, answers) of a booking request, once the time is one the link offers, free now.

    :raise InvalidInput: a bad time or answer. :raise Conflict: the time was just taken.
    """
    start = parse_instant(body["start"])
    answers = _answers(link["data"].get("questions") or [], body.get("answers") or {})
    _check_time(link, start, now())
    return start, answers


def _take(link, start, answers, customer, person_id, deal_id, trusted=None):
    """The booking's activity with its claims and the booking item (one transaction), its note, the invites."""
    data = link["data"]
    end = start + timedelta(minutes=data["duration_min"])
    customer_token = new_token()
    digest = token_digest(customer_token)
    booking = {"activity_id": new_id(), "link_id": link["id"], "owner_id": data["owner_id"],
               "person_id": person_id, "customer": customer, "start": iso(start), "end": iso(end),
               "status": "booked", "reschedules": 0, "booked_at": iso(now())}
    with _taken_when_raced():
        activity = _create_booked_activity(link, booking, deal_id, digest, _org(link), trusted)
    records.create(BOOKING, "note", {"content": _note(customer, data.get("questions") or [], answers),
                                     "activity_id": activity["id"]})
    if customer["email"]:
        _tell(link, booking, customer_token, "booked")
    return {"booking_token": customer_token, "start": iso(start), "end": iso(end)}


@contextmanager
def _taken_when_raced():
    """A transaction that lost a race for the same claims (DynamoDB's TransactionConflict) means, to a
    customer, what a claim already taken means: the time was just taken."""
    try:
        yield
    except Conflict as exc:
        if exc.code == "busy":
            raise Conflict("This time was just taken. Choose another one.", details={"start": "Just taken."},
                           code="slot_taken") from exc
        raise


def _create_booked_activity(link, booking, deal_id, digest, org_id=None, trusted=None):
    """The booking's activity for the link's owner, its claims and the booking item: one transaction."""
    data, customer = link["data"], booking["customer"]
    return records.create(BOOKING, "activity", {
        "type": data.get("activity_type") or "meeting", "subject": f"{data['title']} — {customer['name']}"[:500],
        "due_at": booking["start"], "duration_min": data["duration_min"], "owner_id": data["owner_id"],
        "person_id": booking["person_id"], **({"deal_id": deal_id} if deal_id else {}),
        **({"org_id": org_id} if org_id else {}),
        "note": data.get("location") or ""},
        record_id=booking["activity_id"],
        trusted={"link_id": link["id"], "link_kind": data["kind"], "customer": customer, **(trusted or {})},
        extra_items=[scheduling.booking_item(digest, booking, record_key("activity", booking["activity_id"]))])


def _note(customer, questions, answers):
    """The customer's details and every answer, as a note (text, never markup: it is escaped on display)."""
    lines = [f"**{customer['name']}** — {customer['email']}"]
    if customer.get("phone"):
        lines.append(customer["phone"])
    for question in questions:
        if question["id"] in answers:
            lines += ["", f"**{question['label']}**", answers[question["id"]]]
    return "\n".join(lines)[:100_000]


# -- the customer's booking page -------------------------------------------------------------

def _booking(token):
    gone = NotFound("This booking link is invalid.", code="booking_invalid")
    if not token or len(token) > 256:
        raise gone
    digest = token_digest(token)
    try:
        return digest, scheduling.get_booking(digest)
    except NotFound:
        raise gone


def _rules(link, booking, moment):
    cutoff = timedelta(hours=link["data"].get("cancel_cutoff_hours") or 0)
    open_for_changes = booking["status"] == "booked" and moment <= parse_instant(booking["start"]) - cutoff
    left = max(0, (link["data"].get("max_reschedules") or 0) - booking.get("reschedules", 0))
    return open_for_changes, left


def show_booking(token):
    """What the customer's booking page shows: the meeting, and whether it can still be cancelled or moved.

    :raise NotFound: no such booking.
    """
    _, booking = _booking(token)
    link = record_store.get(record_key("scheduler_link", booking["link_id"]), include_deleted=True)
    moment = now()
    if booking["status"] == "booked" and not _activity_alive(booking):
        booking["status"] = "cancelled"  # the owner removed the meeting from their side
    changeable, left = _rules(link, booking, moment)
    return {"status": booking["status"], "start": booking["start"], "end": booking["end"],
            "link": present_link(link), "customer": {k: booking["customer"].get(k) for k in ("name", "timezone")},
            "can_cancel": changeable, "can_reschedule": changeable and left > 0, "reschedules_left": left,
            "cancel_cutoff_hours": link["data"].get("cancel_cutoff_hours") or 0}


def _activity_alive(booking):
    try:
        record_store.get(record_key("activity", booking["activity_id"]))
        return True
    except (NotFound, KeyError):
        return False


def booking_slots(token, query_from=None, query_to=None):
    """The times the customer may move their booking to (its own time counts as free)."""
    _, booking = _booking(token)
    link = record_store.get(record_key("scheduler_link", booking["link_id"]), what="Link")
    moment = now()
    low, high = _window(query_from, query_to, moment)
    slots = slots_of(link, low, high, moment, skip_activity=booking.get("activity_id"))
    return {"link": present_link(link), "timezone": link["data"]["timezone"],
            "slots": [{"start": iso(s), "end": iso(e)} for s, e in slots]}


def cancel(token):
    """Cancel a booking: the activity goes (its claims with it, so the time is free at once); both sides told.

    :raise NotFound: no such booking. :raise Conflict: cancelled already, or past the cutoff.
    """
    digest, booking = _booking(token)
    link = record_store.get(record_key("scheduler_link", booking["link_id"]), include_deleted=True)
    changeable, _ = _rules(link, booking, now())
    if not changeable:
        raise Conflict("This booking can no longer be cancelled here: contact your host.", code="too_late")
    try:
        records.delete(BOOKING, "activity", booking["activity_id"])
    except NotFound:
        pass  # removed by the owner already
    booking = {**booking, "status": "cancelled", "reschedules": booking.get("reschedules", 0) + 1}
    scheduling.save_booking(digest, booking, record_key("activity", booking["activity_id"]), "booking")
    _tell(link, booking, None, "cancelled")


def reschedule(token, start_value):
    """Move a booking to another free time of its link: the old time is free at once, same invite UID.

    :raise NotFound: no such booking. :raise InvalidInput: a time the link does not offer.
    :raise Conflict: taken meanwhile, no reschedules left, or past the cutoff.
    """
    digest, booking = _booking(token)
    link = record_store.get(record_key("scheduler_link", booking["link_id"]), what="Link")
    moment = now()
    changeable, left = _rules(link, booking, moment)
    if not changeable or not left:
        raise Conflict("This booking can no longer be moved here: contact your host.", code="too_late")
    start = parse_instant(start_value)
    _check_time(link, start, moment, skip_activity=booking["activity_id"])
    activity = record_store.get(record_key("activity", booking["activity_id"]), what="Booking")
    with _taken_when_raced():
        records.save(BOOKING, activity, {**activity["data"], "due_at": iso(start)}, {"due_at"})
    end = start + timedelta(minutes=link["data"]["duration_min"])
    booking = {**booking, "start": iso(start), "end": iso(end), "reschedules": booking.get("reschedules", 0) + 1}
    scheduling.save_booking(digest, booking, record_key("activity", booking["activity_id"]), "booking")
    _tell(link, booking, token, "rescheduled")
    return {"booking_token": token, "start": iso(start), "end": iso(end)}


# -- telling both sides ----------------------------------------------------------------------------

def _tell(link, booking, customer_token, event):
    """An invite to the customer and to the owner (REQUEST, or CANCEL), one UID per booking."""
    from chalicelib.logs import log_exception
    from chalicelib.notify import invites, mail, templates
    from chalicelib.storage import users

    data = link["data"]
    try:
        owner = users.get(data["owner_id"])
    except NotFound:
        return
    customer = booking["customer"]
    method = "CANCEL" if event == "cancelled" else "REQUEST"
    ics = invites.booking_invite(
        activity_id=booking["activity_id"], start=booking["start"], end=booking["end"], zone=data["timezone"],
        title=data["title"], location=data.get("location"), method=method, sequence=booking.get("reschedules", 0),
        description=f"{config.PUBLIC_URL}/#/booking/{customer_token}" if customer_token else "",
        organizer=(owner.name, owner.email), attendee=(customer["name"], customer["email"]))
    for audience, name, address, language, zone in (
            ("customer", customer["name"], customer["email"], customer.get("language") or "fr",
             customer.get("timezone") or data["timezone"]),
            ("owner", owner.name, owner.email, owner.language, owner.timezone)):
        context = {"event": event, "audience": audience, "name": name, "title": data["title"],
                   "host": owner.name, "customer": customer["name"], "location": data.get("location"),
                   "confirmation": data.get("confirmation"), "zone": zone,
                   "when": _when(booking["start"], zone, language),
                   "manage_link": f"{config.PUBLIC_URL}/#/booking/{customer_token}"
                   if customer_token and audience == "customer" else None,
                   "record_link": f"{config.PUBLIC_URL}/#/persons/{booking['person_id']}"
                   if audience == "owner" else None}
        try:
            subject, text, html = templates.render("booking", language, **context)
            mail.send(mail.build_message(address, subject, text, html, calendar=(ics, method)))
        except Exception:  # noqa: BLE001 - the booking stands; a failed mail is logged, not a 500
            log_exception("booking mail failed", audience=audience, activity_id=booking["activity_id"])


_MONTHS = {"fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                  "octobre", "novembre", "décembre"],
           "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]}


def _when(start, zone, language):
    """A start as people read it, in their zone: `mardi 2 juin 2026 à 09:30` / `Tuesday 2 June 2026 at 09:30`."""
    from zoneinfo import ZoneInfo

    local = parse_instant(start).astimezone(ZoneInfo(zone))
    days = {"fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}[language]
    joiner = "à" if language == "fr" else "at"
    return (f"{days[local.weekday()]} {local.day} {_MONTHS[language][local.month - 1]} {local.year} "
            f"{joiner} {local:%H:%M}")


# -- the calendar feed ---------------------------------------------------------------------------------

def feed_url(principal):
    """{url} of the user's calendar subscription, or {url: None} when they have none."""
    return {"url": None, "active": bool(principal.user.feed_digest)}


def new_feed(principal):
    """A new calendar subscription URL (shown once; any previous one stops working)."""
    from chalicelib.storage import users

    token = new_token()
    users.set_feed(principal.user, token_digest(token), principal.actor)
    return {"url": f"{config.PUBLIC_URL}/api/public/calendar/{token}.ics", "active": True}


def drop_feed(principal):
    """Revoke the user's calendar subscription."""
    from chalicelib.storage import users

    users.drop_feed(principal.user, principal.actor)


def calendar(file_name):
    """The .ics of a feed: the user's activities from a month ago to a year ahead.

    :raise NotFound: not a feed (revoked, or never made).
    """
    from chalicelib.notify import invites
    from chalicelib.storage import users

    gone = NotFound("No such calendar.", code="feed_invalid")
    if not file_name.endswith(".ics") or len(file_name) > 260:
        raise gone
    user_id = scheduling.feed_owner(token_digest(file_name[:-4]))
    if user_id is None:
        raise gone
    moment = now()
    activities = scheduling.owner_activities(user_id, iso(moment - timedelta(days=31)),
                                             iso(moment + timedelta(days=366)))
    return invites.feed(users.get(user_id).name, activities)
