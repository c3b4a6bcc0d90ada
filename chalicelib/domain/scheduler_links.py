"""Booking links: what a customer may book with a user, declared like any record type.

A general link offers its weekly windows (and date overrides) in its IANA
zone; a specific link offers a few times picked for one meeting, and its
first booking takes it. Its public token (256-bit) is part of its URL; the
owner can replace it, which kills the old URL.
"""
import re

from chalicelib.domain.clock import is_timezone
from chalicelib.domain.record_fields import LINE, OWNER, REQUIRED_LINE, TEXT, check_instant, link_field
from chalicelib.domain.record_type import RecordType
from chalicelib.domain.slots import GRAIN_MIN, is_date
from chalicelib.domain.validation import FILLED_PATTERN, Field
from chalicelib.errors import InvalidInput

KINDS = ("general", "specific")
MAX_DURATION = 240  # a booking claims one item per 5 minutes, in a transaction of at most 100
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
QUESTION_TYPES = ("text", "choice")


def _minutes(value):
    return int(value[:2]) * 60 + int(value[3:])


def _windows_ok(windows, with_weekday):
    for window in windows:
        expected = {"start", "end"} | ({"weekday"} if with_weekday else set())
        if not isinstance(window, dict) or set(window) != expected:
            return "Each window is {" + ("weekday, " if with_weekday else "") + "start, end}."
        if with_weekday and (isinstance(window["weekday"], bool) or window["weekday"] not in range(7)):
            return "A weekday is 0 (Monday) to 6 (Sunday)."
        if not all(isinstance(window[k], str) and HHMM.match(window[k]) for k in ("start", "end")):
            return "Times are HH:MM, from 00:00 to 24:00."
        if _minutes(window["start"]) >= _minutes(window["end"]):
            return "A window ends after it starts."
        if _minutes(window["start"]) % GRAIN_MIN or _minutes(window["end"]) % GRAIN_MIN:
            return f"Window times are multiples of {GRAIN_MIN} minutes."
    return None


def _windows(values):
    if len(values) > 50:
        return "At most 50 windows."
    return _windows_ok(values, True)


def _overrides(values):
    if len(values) > 100:
        return "At most 100 date overrides."
    dates = set()
    for override in values:
        if not isinstance(override, dict) or set(override) - {"date", "windows"} or not is_date(override.get("date")):
            return "Each override is {date: YYYY-MM-DD, windows: [{start, end}]} (no windows: a day off)."
        if override["date"] in dates:
            return "A date appears once."
        dates.add(override["date"])
        message = _windows_ok(override.get("windows") or [], False)
        if message:
            return message
    return None


def _questions(values):
    if len(values) > 20:
        return "At most 20 questions."
    ids = set()
    for question in values:
        if (not isinstance(question, dict) or set(question) - {"id", "label", "type", "options", "required"}
                or not isinstance(question.get("id"), str) or not re.match(r"^[a-z0-9_-]{1,40}$", question["id"])
                or not isinstance(question.get("label"), str) or not 0 < len(question["label"].strip()) <= 300
                or question.get("type", "text") not in QUESTION_TYPES
                or not isinstance(question.get("required", False), bool)):
            return "Each question is {id, label, type: text|choice, options, required}."
        if question.get("type") == "choice":
            options = question.get("options")
            if not isinstance(options, list) or not 1 <= len(options) <= 30 or not all(
                    isinstance(o, str) and 0 < len(o.strip()) <= 200 for o in options):
                return f"The choice question {question['id']} needs 1 to 30 options."
        if question["id"] in ids:
            return f"Duplicate question id {question['id']}."
        ids.add(question["id"])
    return None


def _times(values):
    if len(values) > 50:
        return "At most 50 times."
    if not all(isinstance(v, str) and check_instant(v) is None for v in values):
        return "Each time is an ISO 8601 instant with its offset."
    return None


def _multiple(low, high):
    return Field("integer", minimum=low, maximum=high, schema={"multipleOf": GRAIN_MIN},
                 check=lambda v: None if v % GRAIN_MIN == 0 else f"A multiple of {GRAIN_MIN} minutes.")


_WINDOW = {"type": "object", "additionalProperties": False, "required": ["start", "end"],
           "properties": {"start": {"type": "string", "pattern": HHMM.pattern},
                          "end": {"type": "string", "pattern": HHMM.pattern}}}


class SchedulerLink(RecordType):
    """A booking link of one user."""

    entity, prefix, plural, title_field = "scheduler_link", "LINK", "scheduler_links", "title"
    path = "scheduler/links"
    fields = {
        "kind": Field("string", required=True, choices=KINDS),
        "title": REQUIRED_LINE,
        "activity_type": Field("string", min_length=1, max_length=40,
                               description="The activity type a booking creates (meeting by default)."),
        "duration_min": _multiple(GRAIN_MIN, MAX_DURATION).copy(required=True),
        "location": LINE.copy(description="An address or a video call URL."),
        "timezone": Field("string", max_length=64, check=lambda v: None if is_timezone(v) else "Not an IANA zone."),
        "windows": Field("array", check=_windows, schema={"maxItems": 50, "items": {
            **_WINDOW, "required": ["weekday", "start", "end"],
            "properties": {**_WINDOW["properties"], "weekday": {"type": "integer", "minimum": 0, "maximum": 6}}}}),
        "overrides": Field("array", check=_overrides, schema={"maxItems": 100, "items": {
            "type": "object", "additionalProperties": False, "required": ["date"],
            "properties": {"date": {"type": "string", "format": "date"},
                           "windows": {"type": "array", "items": _WINDOW}}}}),
        "times": Field("array", check=_times, schema={"maxItems": 50, "items": {"type": "string",
                                                                               "format": "date-time"}}),
        "buffer_before_min": _multiple(0, 120),
        "buffer_after_min": _multiple(0, 120),
        "min_notice_min": Field("integer", minimum=0, maximum=60 * 24 * 30),
        "horizon_days": Field("integer", minimum=1, maximum=365),
        # null: a slot starts every duration (the default), which an edit must be able to go back to.
        "slot_interval_min": _multiple(GRAIN_MIN, MAX_DURATION).copy(nullable=True),
        "daily_max": Field("integer", nullable=True, minimum=1, maximum=50),
        "questions": Field("array", check=_questions, schema={"maxItems": 20, "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "label"],
            "properties": {"id": {"type": "string", "pattern": "^[a-z0-9_-]{1,40}$"},
                           "label": {"type": "string", "minLength": 1, "maxLength": 300,
                                     "pattern": FILLED_PATTERN[False]},
                           "type": {"enum": list(QUESTION_TYPES)}, "required": {"type": "boolean"},
                           "options": {"type": "array", "items": {"type": "string", "minLength": 1,
                                                                  "maxLength": 200}}}}}),
        "footer": TEXT.copy(max_length=5000, max_bytes=5000),
        "confirmation": TEXT.copy(max_length=5000, max_bytes=5000),
        "cancel_cutoff_hours": Field("integer", minimum=0, maximum=24 * 7),
        "max_reschedules": Field("integer", minimum=0, maximum=10),
        "deal_id": link_field(),
        "person_id": link_field(),
        "org_id": link_field(),
        "owner_id": OWNER,
        "active": Field("boolean"),
    }
    defaults = {"activity_type": "meeting", "location": "", "timezone": None, "windows": [], "overrides": [],
                "times": [], "buffer_before_min": 0, "buffer_after_min": 0, "min_notice_min": 60,
                "horizon_days": 60, "slot_interval_min": None, "daily_max": None, "questions": [], "footer": "",
                "confirmation": "", "cancel_cutoff_hours": 24, "max_reschedules": 2, "deal_id": None,
                "person_id": None, "org_id": None, "owner_id": None, "active": True, "token": None, "host_name": None,
                "portal_deal_id": None}  # set by a client portal: its link is booked through the portal only
    orders = ("created", "name", "token")
    # The links proposed from a record's page (its "Propose times" tab): a filter of the page read.
    filters = ("kind", "deal_id", "person_id", "org_id")

    def check(self, data):
        if data["kind"] == "general" and not data.get("windows") and not data.get("overrides"):
            raise InvalidInput("A general link needs at least one weekly window or date override.",
                               details={"windows": "Add the hours you can be booked."})
        if data["kind"] == "specific" and not data.get("times"):
            raise InvalidInput("A specific link needs at least one time.", details={"times": "Pick some times."})

    def normalize(self, data):
        out = super().normalize(data)
        if out.get("times"):
            from chalicelib.domain.record_fields import to_utc

            out["times"] = sorted(dict.fromkeys(to_utc(t) for t in out["times"]))
        return out

    def list_values(self, record):
        return {**super().list_values(record), "token": record["data"].get("token")}

    def needs(self, data):
        return super().needs(data) + [("settings", "ACTIVITY_TYPES")]

    def complete(self, write):
        data = write.data
        owner = write.found(("user", data["owner_id"])) if data.get("owner_id") else None
        if owner is not None:
            data["host_name"] = owner.name
            data["timezone"] = data.get("timezone") or owner.timezone
        data["timezone"] = data.get("timezone") or "Europe/Paris"
        if write.touched("activity_type"):
            types = write.found(("settings", "ACTIVITY_TYPES"))
            if types is not None and data["activity_type"] not in {t["key"] for t in types["data"]["items"]}:
                write.refuse("activity_type", "Not one of the activity types defined in Settings.")
        if write.creating and not data.get("token"):
            from chalicelib.domain.ids import new_token

            data["token"] = new_token()


SCHEDULER_LINK = SchedulerLink()
