"""The client portal, the rules: what a package of sessions has left, which seat a booking takes,
what the client sees, how the coach edits the checklist.

A package of N sessions is used by the deal's done sessions (activities of
the session type, however they were made) and held by the sessions booked in
the portal and not done yet; each portal booking holds one seat (1..N) in the
transaction that creates it, so two racing bookings cannot both take the last.
"""
from chalicelib.domain.validation import Field, Schema, VERSION
from chalicelib.errors import InvalidInput

SHOWN = ("sessions", "booking", "notes", "files", "uploads", "checklist")
MAX_CHECKLIST = 50
DEFAULT_SHOW = dict.fromkeys(SHOWN, True)


def _show(value):
    if set(value) - set(SHOWN) or not all(isinstance(v, bool) for v in value.values()):
        return f"Say true or false for: {', '.join(SHOWN)}."
    return None


def _checklist(values):
    if len(values) > MAX_CHECKLIST:
        return f"At most {MAX_CHECKLIST} items."
    for item in values:
        text = item.get("text") if isinstance(item, dict) else item
        if not isinstance(text, str) or not text.strip() or len(text) > 300:
            return "Each item is a text of 1 to 300 characters ({text}, or {id, text} to keep one)."
        if isinstance(item, dict) and (set(item) - {"id", "text"} or not isinstance(item.get("id", ""), str)):
            return "Each item is {text} or {id, text}."
    return None


_FIELDS = {
    "welcome": Field("string", max_length=5000, multiline=True, description="The words the client reads first."),
    "sessions_total": Field("integer", minimum=0, maximum=100,
                            description="The package: how many sessions (0: no package, bookings unlimited)."),
    "session_type": Field("string", min_length=1, max_length=40,
                          description="The activity type a session is (meeting by default)."),
    "session_minutes": Field("integer", minimum=15, maximum=240, description="How long a booked session lasts."),
    "show": Field("object", check=_show, schema={"additionalProperties": False, "properties": {
        k: {"type": "boolean"} for k in SHOWN}}, description="What the portal shows."),
    "checklist": Field("array", check=_checklist, schema={"maxItems": MAX_CHECKLIST, "items": {
        "anyOf": [{"type": "string", "minLength": 1, "maxLength": 300},
                  {"type": "object", "required": ["text"], "additionalProperties": False,
                   "properties": {"id": {"type": "string", "maxLength": 40},
                                  "text": {"type": "string", "minLength": 1, "maxLength": 300}}}]}},
                       description="Goals or homework the client ticks: texts (new) or {id, text} (kept)."),
    "code_required": Field("boolean", description="Email the client a one-time code before showing anything."),
    "language": Field("string", choices=("fr", "en"), description="The client's language (emails, the page)."),
    "send_invite": Field("boolean", description="Email the portal's link to the deal's person (default: yes)."),
}
NEW_PORTAL = Schema("NewPortal", {**_FIELDS, "regenerate": Field(
    "boolean", description="A new link for an existing portal: the old one stops working at once.")})
PORTAL_EDIT = Schema("PortalEdit", {**_FIELDS, "version": VERSION})
CHECK = Schema("ChecklistTick", {"done": Field("boolean", required=True)})
CODE = Schema("PortalCode", {"code": Field("string", required=True, min_length=4, max_length=12)})


def checklist(items, previous, new_id):
    """The checklist from the coach's list: kept items by id (their ticks kept), new ones from texts.

    :raise InvalidInput: an id that is not one of the portal's items.
    """
    known = {item["id"]: item for item in previous}
    out = []
    for item in items:
        if isinstance(item, str):
            out.append({"id": new_id(), "text": item.strip(), "done": False, "done_at": None})
        elif item.get("id"):
            if item["id"] not in known:
                raise InvalidInput("A checklist item was not found: reload the portal.",
                                   details={"checklist": f"No item {item['id'][:40]}."})
            out.append({**known[item["id"]], "text": item["text"].strip()})
        else:
            out.append({"id": new_id(), "text": item["text"].strip(), "done": False, "done_at": None})
    return out


def package(total, entries, session_type, moment_iso):
    """{total, used, booked, remaining, held} from the deal's activity timeline summaries.

    used: done sessions; booked: portal sessions not done yet (each holds a seat); held: the seats held.
    """
    sessions = [e for e in entries if e.get("type") == session_type]
    used = sum(1 for e in sessions if e.get("done"))
    holding = [e for e in sessions if e.get("package_seat") and not e.get("done")]
    held = {e["package_seat"] for e in sessions if e.get("package_seat")}
    remaining = max(0, total - used - len(holding)) if total else None
    return {"total": total, "used": used, "booked": len(holding), "remaining": remaining, "held": held}


def free_seat(total, held):
    """The lowest seat of the package no booking holds, or None."""
    return next((seat for seat in range(1, total + 1) if seat not in held), None)


def sessions(entries, session_type, moment_iso):
    """(upcoming, past) sessions as the client sees them: times and whether done, never the coach's words."""
    upcoming, past = [], []
    for entry in sorted((e for e in entries if e.get("type") == session_type), key=lambda e: e.get("due_at") or ""):
        shown = {"start": entry.get("due_at"), "duration_min": entry.get("duration_min"), "done": bool(entry.get("done"))}
        (past if entry.get("done") or (entry.get("due_at") or "") < moment_iso else upcoming).append(shown)
    return upcoming, list(reversed(past))
