"""The client portal a won deal opens: created, edited, revoked or given a new link by the coach; opened,
ticked, uploaded to and booked in by the client with nothing but its token.

Isolation: a token opens one deal's portal, and only what the coach shares
there. Every refusal a stranger can cause (no such token, a revoked or
replaced one, an item or a file of another deal) answers the same 404, so
no answer tells what exists elsewhere.
"""
import hmac
import secrets
from datetime import timedelta

from chalicelib import config
from chalicelib.domain import portal as rules
from chalicelib.domain.access import Principal
from chalicelib.domain.clock import now, to_iso
from chalicelib.domain.ids import new_id, new_token, token_digest
from chalicelib.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.services import files, records
from chalicelib.storage import keys, portals, record_store
from chalicelib.storage.derived import record_key
from chalicelib.storage.models import RecordItem
from chalicelib.storage.record_store import plain, state_of

CLIENT = Principal(user_id="portal", role="member", session_id="portal", token_digest="portal")
CODE_MINUTES = 10
CODE_ATTEMPTS = 5
SESSION_HOURS = 12
MAX_TIMELINE_PAGES = 10


def _gone():
    return NotFound("This portal link does not work. Ask your coach for a new one.", code="portal_invalid")


def url_of(token):
    return f"{config.PUBLIC_URL}/#/portal/{token}"


# -- the coach's side --------------------------------------------------------------------------

def _won_deal(deal_id):
    deal = record_store.get(record_key("deal", deal_id), what="Deal")
    if deal["data"].get("status") != "won":
        raise Conflict("Mark the deal won first: its portal starts the engagement.", code="deal_not_won")
    return deal


def _entries(deal_id):
    """The deal's timeline record summaries (activities, notes, files), all pages up to a bound."""
    out, cursor = [], None
    for _ in range(MAX_TIMELINE_PAGES):
        items, cursor = record_store.query_partition(record_key("deal", deal_id), prefix=keys.TIMELINE,
                                                     cursor=cursor, limit=None, consistent=True)
        out += [plain(item.data) or {} for item in items]
        if not cursor:
            break
    return _summaries(out)


def _summaries(timeline):
    return [{"kind": e.get("kind"), "at": e.get("at"), **(e.get("record") or {})} for e in timeline]


def _package(portal, entries):
    data = portal["data"]
    return rules.package(data.get("sessions_total") or 0, [e for e in entries if e["kind"] == "activity"],
                         data.get("session_type") or "meeting", to_iso(now()))


def present(deal_id, portal, entries=None):
    """The portal as the coach sees it: what it shows, its link, the package's count."""
    data = portal["data"]
    entries = _entries(deal_id) if entries is None else entries
    counted = _package(portal, entries)
    counted.pop("held")
    return {"deal_id": deal_id, "version": portal["version"], "status": data["status"], "token": data.get("token"),
            "url": url_of(data["token"]) if data.get("token") else None,
            **{k: data.get(k) for k in ("welcome", "sessions_total", "session_type", "show", "checklist", "link_id",
                                        "code_required", "language", "invited_at", "invited_to", "created_at")},
            "package": counted}


def get(deal_id):
    """:raise NotFound: no portal for this deal."""
    portal = portals.get(deal_id)
    if portal is None:
        record_store.get(record_key("deal", deal_id), what="Deal")
        raise NotFound("This deal has no portal yet.", code="no_portal")
    return present(deal_id, portal)


def create(principal, deal_id, body):
    """Open a won deal's portal (its booking link made with it) and email the client its link;
    `regenerate` gives an existing one a new link, killing the old.

    :raise Conflict: deal_not_won, portal_exists. :raise InvalidInput: no address to send the invite to.
    """
    deal = _won_deal(deal_id)
    existing = portals.get(deal_id)
    if existing is not None:
        if not body.get("regenerate"):
            raise Conflict("This deal has a portal already: edit it, or ask for a new link.", code="portal_exists")
        return _new_link(principal, deal, existing, body)
    person = _person(deal)
    if body.get("send_invite", True):
        _address(person)  # refuse before anything is made
    link = _booking_link(principal, deal, body)
    token, moment = new_token(), to_iso(now())
    data = {"deal_id": deal_id, "status": "active", "token": token, "created_at": moment,
            "welcome": body.get("welcome") or "", "sessions_total": body.get("sessions_total") or 0,
            "session_type": body.get("session_type") or "meeting", "show": {**rules.DEFAULT_SHOW, **(body.get("show") or {})},
            "checklist": rules.checklist(body.get("checklist") or [], [], new_id), "link_id": link["id"],
            "code_required": bool(body.get("code_required")), "language": body.get("language") or _language(principal),
            "invited_at": None, "invited_to": None, "code": None, "sessions": []}
    portal = portals.save(deal_id, data, None, principal.actor, add_digest=token_digest(token))
    if body.get("send_invite", True):
        portal = _invite(principal, deal, person, portal)
    return present(deal_id, portal, [])


def _language(principal):
    return getattr(principal.user, "language", None) or "fr"


def _person(deal):
    person_id = deal["data"].get("person_id")
    if not person_id:
        return None
    try:
        return record_store.get(record_key("person", person_id))
    except NotFound:
        return None


def _address(person):
    emails = (person or {}).get("data", {}).get("emails") or []
    if not emails:
        raise InvalidInput("The deal's person has no email address to send the portal to.",
                           details={"send_invite": "Add an email to the person, or create it without sending."},
                           code="no_address")
    return emails[0]["value"]


def _booking_link(principal, deal, body):
    """The portal's booking link: the deal owner's, tied to the deal, booked through the portal only."""
    fr = (body.get("language") or _language(principal)) == "fr"
    hours = [(0, "09:00", "12:00"), (0, "14:00", "18:00")]
    return records.create(principal, "scheduler_link", {
        "kind": "general", "title": f"{'Séance' if fr else 'Session'} — {deal['data']['title']}"[:200],
        "duration_min": body.get("session_minutes") or 60, "activity_type": body.get("session_type") or "meeting",
        "windows": [{"weekday": d, "start": s, "end": e} for d in range(5) for _, s, e in hours],
        "min_notice_min": 24 * 60, "horizon_days": 90, "deal_id": deal["id"],
        "owner_id": deal["data"].get("owner_id") or principal.user_id},
        trusted={"portal_deal_id": deal["id"]})


def _invite(principal, deal, person, portal, code=None):
    """Email the client their portal link (or a one-time code); returns the portal as saved."""
    from chalicelib.notify import mail, templates
    from chalicelib.storage import users

    data = portal["data"]
    address = _address(person)
    try:
        coach = users.get(deal["data"].get("owner_id") or principal.user_id).name
    except NotFound:
        coach = ""
    subject, text, html = templates.render("portal", data.get("language") or "fr", name=person["data"]["name"],
                                           coach=coach, title=deal["data"]["title"], link=url_of(data["token"]),
                                           code=code)
    mail.send(mail.build_message(address, subject, text, html))
    if code:
        return portal
    data = {**data, "invited_at": to_iso(now()), "invited_to": address}
    return portals.save(deal["id"], data, portal["version"], principal.actor)


def _new_link(principal, deal, portal, body):
    data = portal["data"]
    token = new_token()
    old = token_digest(data["token"]) if data.get("token") else None
    saved = portals.save(deal["id"], {**data, "status": "active", "token": token, "sessions": [], "code": None},
                         portal["version"], principal.actor, drop_digest=old, add_digest=token_digest(token))
    if body.get("send_invite", True):
        saved = _invite(principal, deal, _person(deal), saved)
    return present(deal["id"], saved)


def edit(principal, deal_id, body):
    """Change what the portal shows, its package or its checklist. :raise NotFound, Conflict."""
    portal = portals.get(deal_id)
    if portal is None:
        raise NotFound("This deal has no portal yet.", code="no_portal")
    if portal["version"] != body["version"]:
        raise Conflict("The portal was changed meanwhile (perhaps by the client). Reload and try again.",
                       details={"version": portal["version"]}, code="version_conflict")
    data = dict(portal["data"])
    for name in ("welcome", "sessions_total", "session_type", "code_required", "language"):
        if name in body:
            data[name] = body[name]
    if "show" in body:
        data["show"] = {**data["show"], **body["show"]}
    if "checklist" in body:
        data["checklist"] = rules.checklist(body["checklist"], data.get("checklist") or [], new_id)
    saved = portals.save(deal_id, data, portal["version"], principal.actor)
    if body.get("send_invite") and data["status"] == "active":
        deal = _won_deal(deal_id)
        saved = _invite(principal, deal, _person(deal), saved)
    return present(deal_id, saved)


def revoke(principal, deal_id):
    """The portal's link stops working at once (a new link brings it back). :raise NotFound."""
    portal = portals.get(deal_id)
    if portal is None:
        raise NotFound("This deal has no portal yet.", code="no_portal")
    data = portal["data"]
    if data["status"] == "revoked":
        return
    portals.save(deal_id, {**data, "status": "revoked", "token": None, "sessions": [], "code": None},
                 portal["version"], principal.actor, drop_digest=token_digest(data["token"]))


# -- the client's side ------------------------------------------------------------------------

def _open(token, session=None, code_step=False):
    """(deal id, portal) a token opens. :raise NotFound: any token that does not open a live portal.

    :raise Forbidden: the portal asks for a one-time code and `session` is not one it gave (unless this is
    the `code_step` that gives one).
    """
    deal_id = _deal_of(token)
    portal = portals.get(deal_id) if deal_id else None
    _check_open(portal, token, session, code_step)
    return deal_id, portal


def _deal_of(token):
    if not token or len(token) > 256:
        raise _gone()
    return portals.deal_of(token_digest(token))


def _check_open(portal, token, session, code_step=False):
    if portal is None or portal["data"]["status"] != "active" or not portal["data"].get("token") \
            or not hmac.compare_digest(portal["data"]["token"], token):
        raise _gone()
    if portal["data"].get("code_required") and not code_step and not _session_ok(portal, session):
        raise Forbidden("Enter the code we email you to open this page.", code="code_required")


def _open_whole(token, session=None):
    """(deal id, portal, deal, timeline summaries) a token opens, the last three read in one Query.

    :raise NotFound: as `_open`, or the deal is gone. :raise Forbidden: as `_open`.
    """
    deal_id = _deal_of(token)
    portal, item, timeline = portals.with_deal(deal_id, MAX_TIMELINE_PAGES) if deal_id else (None, None, [])
    _check_open(portal, token, session)
    if item is None or item.deleted_at:
        raise _gone()
    return deal_id, portal, state_of(RecordItem.from_raw_data(item.serialize())), _summaries(timeline)


def _session_ok(portal, session):
    if not session or len(session) > 256:
        return False
    digest, moment = token_digest(session), to_iso(now())
    return any(hmac.compare_digest(s["digest"], digest) and s["expires"] > moment
               for s in portal["data"].get("sessions") or [])


def view(token, session=None):
    """What the client sees: welcome, package, sessions, the booking, shared notes and files, the checklist."""
    from chalicelib.storage import users

    deal_id, portal, deal, entries = _open_whole(token, session)
    data, show = portal["data"], portal["data"]["show"]
    counted = _package(portal, entries)
    counted.pop("held")
    try:
        coach = users.get(deal["data"].get("owner_id"))
        coach = {"name": coach.name, "email": coach.email}
    except (NotFound, KeyError):
        coach = {"name": "", "email": ""}
    moment = to_iso(now())
    upcoming, past = rules.sessions([e for e in entries if e["kind"] == "activity"],
                                    data.get("session_type") or "meeting", moment)
    out = {"title": deal["data"]["title"], "coach": coach, "welcome": data.get("welcome") or "",
           "language": data.get("language") or "fr", "show": show, "version": portal["version"]}
    if show.get("sessions"):
        out.update(package=counted, sessions={"upcoming": upcoming, "past": past})
    if show.get("booking"):
        out["booking"] = _booking_state(portal, counted)
    if show.get("notes"):
        out["notes"] = [{"id": e["id"], "content": e.get("content") or "", "at": e["at"]}
                        for e in entries if e["kind"] == "note" and e.get("shared")]
    if show.get("files") or show.get("uploads"):
        out["files"] = [_client_file(e) for e in entries if e["kind"] == "file"
                        and (e.get("uploaded_by") == CLIENT.actor and show.get("uploads")
                             or e.get("shared") and show.get("files"))]
    if show.get("checklist"):
        out["checklist"] = [{k: item.get(k) for k in ("id", "text", "done", "done_at")}
                            for item in data.get("checklist") or []]
    out["can_upload"] = bool(show.get("uploads"))
    return out


def _client_file(entry):
    urls = files.download_urls({"id": entry["id"], "data": {"name": entry.get("name") or "file",
                                                            "type": entry.get("type") or ""}})
    return {"id": entry["id"], "name": entry.get("name"), "size": entry.get("size"), "type": entry.get("type"),
            "at": entry["at"], "from_client": entry.get("uploaded_by") == CLIENT.actor, **urls}


def _booking_state(portal, counted):
    total = portal["data"].get("sessions_total") or 0
    if total and not counted["remaining"]:
        return {"available": False, "reason": "package_used_up"}
    return {"available": True, "remaining": counted["remaining"]}


def _link(portal):
    try:
        link = record_store.get(record_key("scheduler_link", portal["data"]["link_id"]))
    except NotFound:
        link = None
    if link is None or not link["data"].get("active", True):
        raise Conflict("Booking is closed here for now: contact your coach.", code="booking_off")
    return link


def slots(token, query_from=None, query_to=None, session=None):
    """The free times the client may book (none once the package is used up)."""
    from chalicelib.domain.slots import iso
    from chalicelib.services import scheduling

    _, portal, _, entries = _open_whole(token, session)
    if not portal["data"]["show"].get("booking"):
        raise _gone()
    link = _link(portal)
    state = _booking_state(portal, _package(portal, entries))
    moment = now()
    low, high = scheduling._window(query_from, query_to, moment)
    found = scheduling.slots_of(link, low, high, moment) if state["available"] else []
    return {"link": scheduling.present_link(link), "timezone": link["data"]["timezone"], "booking": state,
            "slots": [{"start": iso(s), "end": iso(e)} for s, e in found]}


def book(token, body, session=None):
    """Book a session for the deal's person: it takes a seat of the package, if there is one.

    :raise Conflict: package_used_up, slot_taken, booking_off. :raise InvalidInput: a time not offered.
    """
    from chalicelib.services import scheduling

    deal_id, portal, deal, entries = _open_whole(token, session)
    if not portal["data"]["show"].get("booking"):
        raise _gone()
    link = _link(portal)
    person = _person(deal)
    if person is None:
        raise Conflict("Booking is closed here for now: contact your coach.", code="booking_off")
    total = portal["data"].get("sessions_total") or 0
    for attempt in range(3):
        counted = _package(portal, entries if attempt == 0 else _entries(deal_id))  # a lost seat race: read again
        if total and not counted["remaining"]:
            raise Conflict("Every session of your package is booked or done.", code="package_used_up")
        seat = rules.free_seat(total, counted["held"]) if total else None
        try:
            return scheduling.book_for_client(link, body, person, deal_id, seat)
        except Conflict as exc:
            if exc.code != "seat_taken":
                raise
    raise Conflict("Every session of your package is booked or done.", code="package_used_up")


def tick(token, item_id, done, session=None):
    """Tick (or untick) a checklist item; the deal's timeline says so. :raise NotFound: no such item here."""
    for _ in range(3):
        deal_id, portal = _open(token, session)
        data = portal["data"]
        if not data["show"].get("checklist"):
            raise _gone()
        items = data.get("checklist") or []
        item = next((i for i in items if i["id"] == item_id), None)
        if item is None:
            raise NotFound("This item is not on your checklist.", code="not_found")
        if item["done"] == done:
            return {k: item.get(k) for k in ("id", "text", "done", "done_at")}
        moment = to_iso(now())
        changed = {**item, "done": done, "done_at": moment if done else None}
        entry = portals.timeline_entry(deal_id, moment, new_id(), {
            "event": "checklist_done" if done else "checklist_undone", "text": item["text"]})
        try:
            portals.save(deal_id, {**data, "checklist": [changed if i["id"] == item_id else i for i in items]},
                         portal["version"], CLIENT.actor, timeline=entry)
        except Conflict:
            continue  # the coach or another tab wrote meanwhile: read again
        return {k: changed.get(k) for k in ("id", "text", "done", "done_at")}
    raise Conflict("The checklist is busy. Try again.", code="busy")


def start_upload(token, body, session=None):
    """A file from the client, on the deal and shown in the portal: the same limits as every file."""
    deal_id, portal = _open(token, session)
    if not portal["data"]["show"].get("uploads"):
        raise _gone()
    deal = record_store.get(record_key("deal", deal_id))
    declared = {k: body[k] for k in ("name", "size", "type")}
    return files.start_upload(CLIENT, {**declared, "deal_id": deal_id}, trusted={
        "shared": True, "uploaded_by": CLIENT.actor, "owner_id": deal["data"].get("owner_id")})


def confirm_upload(token, file_id, session=None):
    """The client's bytes arrived: the file shows in the portal and on the deal's timeline."""
    deal_id, portal = _open(token, session)
    if not portal["data"]["show"].get("uploads"):
        raise _gone()
    try:
        stored = files.confirm(CLIENT, file_id, where=("deal_id", deal_id))
    except NotFound:
        raise NotFound("File not found.", code="not_found")
    if stored.get("uploaded_by") != CLIENT.actor:
        raise NotFound("File not found.", code="not_found")
    return {k: stored.get(k) for k in ("id", "name", "size", "type", "status")}


# -- a one-time code before anything shows -------------------------------------------------------------

def send_code(token):
    """Email the client a 6-digit code (10 minutes) when the portal asks for one."""
    deal_id, portal = _open(token, code_step=True)
    data = portal["data"]
    code = f"{secrets.randbelow(10 ** 6):06d}"
    deal = record_store.get(record_key("deal", deal_id))
    person = _person(deal)
    address = _address(person)
    saved = portals.save(deal_id, {**data, "code": {"digest": token_digest(code), "attempts": 0,
                                                    "expires": to_iso(now() + timedelta(minutes=CODE_MINUTES))}},
                         portal["version"], CLIENT.actor)
    _invite(CLIENT, deal, person, saved, code=code)
    name, _, domain = address.partition("@")
    return {"sent_to": f"{name[:2]}…@{domain}"}


def open_session(token, code):
    """Trade the emailed code for a session of 12 hours. :raise Forbidden: wrong or expired code."""
    deal_id, portal = _open(token, code_step=True)
    data, moment = portal["data"], now()
    pending = data.get("code") or {}
    wrong = Forbidden("This code is not the one we sent, or it has expired: ask for a new one.", code="bad_code")
    if not pending or pending["expires"] < to_iso(moment) or pending["attempts"] >= CODE_ATTEMPTS:
        raise wrong
    if not hmac.compare_digest(pending["digest"], token_digest(code.strip())):
        portals.save(deal_id, {**data, "code": {**pending, "attempts": pending["attempts"] + 1}}, portal["version"],
                     CLIENT.actor)
        raise wrong
    session = new_token()
    alive = [s for s in data.get("sessions") or [] if s["expires"] > to_iso(moment)][-4:]
    portals.save(deal_id, {**data, "code": None, "sessions": alive + [
        {"digest": token_digest(session), "expires": to_iso(moment + timedelta(hours=SESSION_HOURS))}]},
                 portal["version"], CLIENT.actor)
    return {"session": session, "expires_in": SESSION_HOURS * 3600}
