"""The CRM's records: persons, organizations, deals, activities, notes.

Each record type is declared once here: its JSON schema (which validates
create and edit bodies and documents them in OpenAPI), how its values are
normalized, which other records it links to, and how it is displayed.
"""
import re
from datetime import date, datetime, timezone

from chalicelib.domain.validation import VERSION, Field, Schema, check_email, has_control, normalize_email
from chalicelib.domain.workspace import CURRENCIES
from chalicelib.errors import InvalidInput

MAX_TEXT = 100_000  # free text: long enough for any real note, bounded for DynamoDB's 400 KB items
MAX_NAME = 500  # names, titles, subjects: one line
MAX_CONTACTS = 10
MAX_TAGS = 30
# A relation writes a copy and checks the other organization in the same TransactWrite;
# with the record and its search terms that must stay under DynamoDB's 100 items.
MAX_RELATED = 10
RELATION_KINDS = ("parent", "subsidiary", "related")
INVERSE_RELATION = {"parent": "subsidiary", "subsidiary": "parent", "related": "related"}
DEAL_STATUSES = ("open", "won", "lost")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INSTANT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")


def _contacts(kind):
    def check(entries):
        if len(entries) > MAX_CONTACTS:
            return f"At most {MAX_CONTACTS} entries."
        for entry in entries:
            if not isinstance(entry, dict) or set(entry) - {"value", "label"}:
                return "Each entry is {value, label}."
            value, label = entry.get("value"), entry.get("label", "")
            if not isinstance(value, str) or not value.strip() or not isinstance(label, str):
                return "Each entry needs a text value."
            if len(label) > 100:
                return "Labels have at most 100 characters."
            if has_control(value) or has_control(label):
                return "Use one line of text, without control characters."
            if kind == "email" and check_email(value.strip()):
                return f"Not a valid email address: {value.strip()[:80]}"
            if kind == "phone" and (len(value) > 40 or sum(c.isdigit() for c in value) < 3):
                return f"Not a phone number: {value.strip()[:80]}"
        return None
    return check


def _tags(values):
    if len(values) > MAX_TAGS or not all(isinstance(v, str) and 0 < len(v.strip()) <= 100
                                         and not has_control(v) for v in values):
        return f"Up to {MAX_TAGS} tags of 1 to 100 characters, on one line."
    return None


def is_date(value):
    """True for a real calendar day written YYYY-MM-DD (2026-02-30 is not one)."""
    if not isinstance(value, str) or not DATE_RE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _date(value):
    return None if is_date(value) else "Use a real date, YYYY-MM-DD."


def _instant(value):
    if INSTANT_RE.match(value):
        try:
            to_utc(value)
            return None
        except ValueError:
            pass
    return "Use an ISO 8601 date and time with its offset, e.g. 2026-11-25T09:30:00Z."


def period_bound(value, end=False):
    """A list filter's bound as a stored instant: an ISO instant, or a day (its start, or its end).

    :raise ValueError: neither.
    """
    if is_date(value):
        return value + ("T23:59:59Z" if end else "T00:00:00Z")
    if _instant(value) is None:
        return to_utc(value)
    raise ValueError(value)


def to_utc(value):
    """A user's ISO instant, any offset, as stored: UTC to the second (`…T09:30+02:00` → `…T07:30:00Z`).

    Every due time goes through here, so their text sorts in time order.
    :raise ValueError: not an instant, or one whose UTC time falls outside years 1–9999
        (`0001-01-01T00:00:00+14:00` is in year 0 once in UTC).
    """
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(value)
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _related(values):
    if len(values) > MAX_RELATED:
        return f"At most {MAX_RELATED} related organizations."
    for entry in values:
        if (not isinstance(entry, dict) or not isinstance(entry.get("org_id"), str)
                or entry.get("kind") not in RELATION_KINDS or set(entry) - {"org_id", "kind"}):
            return "Each entry is {org_id, kind} with kind parent, subsidiary or related."
    return None


def _id_field():
    return Field("string", nullable=True, max_length=64)


TEXT = Field("string", max_length=MAX_TEXT, max_bytes=MAX_TEXT, multiline=True)
REQUIRED_TEXT = TEXT.copy(required=True, min_length=1)
LINE = Field("string", max_length=MAX_NAME)
REQUIRED_LINE = Field("string", required=True, min_length=1, max_length=MAX_NAME)
TAGS = Field("array", check=_tags)
CUSTOM = Field("object", description="Values of the custom fields defined in Settings, by key.")
OWNER = _id_field()

PERSON_FIELDS = {
    "name": REQUIRED_LINE,
    "emails": Field("array", check=_contacts("email")),
    "phones": Field("array", check=_contacts("phone")),
    "org_id": _id_field(),
    "owner_id": OWNER,
    "tags": TAGS,
    "custom": CUSTOM,
}
ORGANIZATION_FIELDS = {
    "name": REQUIRED_LINE,
    "address": TEXT,
    "industry": LINE,
    "domain": Field("string", max_length=253),
    "owner_id": OWNER,
    "tags": TAGS,
    "custom": CUSTOM,
    "related": Field("array", check=_related),
}
DEAL_FIELDS = {
    "title": REQUIRED_LINE,
    "value": Field("number", minimum=0, maximum=1e15),
    "currency": Field("string", choices=CURRENCIES),
    "person_id": _id_field(),
    "org_id": _id_field(),
    "pipeline_id": _id_field(),
    "stage_id": _id_field(),
    "status": Field("string", choices=DEAL_STATUSES),
    "lost_reason": TEXT.copy(nullable=True),
    "owner_id": OWNER,
    "tags": TAGS,
    "custom": CUSTOM,
    "expected_close_date": Field("string", nullable=True, check=_date),
}
ACTIVITY_FIELDS = {
    "type": Field("string", required=True, min_length=1, max_length=40),
    "subject": REQUIRED_LINE,
    "due_at": Field("string", required=True, check=_instant, fmt="date-time"),
    "duration_min": Field("integer", minimum=0, maximum=7 * 24 * 60),
    "all_day": Field("boolean"),
    "done": Field("boolean"),
    "owner_id": OWNER,
    "person_id": _id_field(),
    "org_id": _id_field(),
    "deal_id": _id_field(),
    "note": TEXT,
}
NOTE_FIELDS = {
    "content": REQUIRED_TEXT,
    "person_id": _id_field(),
    "org_id": _id_field(),
    "deal_id": _id_field(),
    "activity_id": _id_field(),
    "pinned": Field("boolean"),
}

# Which field links to which record type, and back.
LINKS = {"org_id": "organization", "person_id": "person", "deal_id": "deal", "activity_id": "activity"}
LINK_FIELD = {entity: field for field, entity in LINKS.items()}


class RecordType:
    """One kind of record: its names, schemas and defaults."""

    def __init__(self, entity, prefix, plural, fields, title_field, defaults):
        self.entity, self.prefix, self.plural = entity, prefix, plural
        self.fields, self.title_field, self.defaults = fields, title_field, defaults
        name = entity.capitalize()
        self.create_schema = Schema(name, fields)
        patch = {k: _optional(f) for k, f in fields.items()}
        patch["version"] = VERSION
        self.patch_schema = Schema(f"{name}Update", patch)
        self.links = [f for f in fields if f in LINKS]

    def key(self, record_id):
        return f"{self.prefix}#{record_id}"


def _optional(field):
    return field.copy(required=False) if field.required else field


TYPES = {
    "person": RecordType("person", "PERSON", "persons", PERSON_FIELDS, "name",
                         {"emails": [], "phones": [], "org_id": None, "owner_id": None, "tags": [], "custom": {}}),
    "organization": RecordType("organization", "ORG", "organizations", ORGANIZATION_FIELDS, "name",
                               {"address": "", "industry": "", "domain": "", "owner_id": None, "tags": [],
                                "custom": {}, "related": []}),
    "deal": RecordType("deal", "DEAL", "deals", DEAL_FIELDS, "title",
                       {"value": 0, "currency": None, "person_id": None, "org_id": None, "pipeline_id": None,
                        "stage_id": None, "status": "open", "lost_reason": None, "owner_id": None, "tags": [],
                        "custom": {}, "expected_close_date": None}),
    "activity": RecordType("activity", "ACTIVITY", "activities", ACTIVITY_FIELDS, "subject",
                           {"duration_min": 30, "all_day": False, "done": False, "owner_id": None,
                            "person_id": None, "org_id": None, "deal_id": None, "note": ""}),
    "note": RecordType("note", "NOTE", "notes", NOTE_FIELDS, "content",
                       {"person_id": None, "org_id": None, "deal_id": None, "activity_id": None, "pinned": False}),
}
BY_PREFIX = {t.prefix: t for t in TYPES.values()}


def normalize(entity, data):
    """`data` cleaned the same way whoever wrote it: emails lower-case, tags unique, domain bare."""
    out = dict(data)
    if "emails" in out:
        out["emails"] = [{"value": normalize_email(e["value"]), "label": e.get("label", "").strip()}
                         for e in out["emails"]]
    if "phones" in out:
        out["phones"] = [{"value": p["value"].strip(), "label": p.get("label", "").strip()}
                         for p in out["phones"]]
    if "tags" in out:
        seen, tags = set(), []
        for tag in (t.strip() for t in out["tags"]):
            if tag.lower() not in seen:
                seen.add(tag.lower())
                tags.append(tag)
        out["tags"] = tags
    if out.get("domain"):
        out["domain"] = re.sub(r"^https?://", "", out["domain"].strip().lower()).split("/")[0].removeprefix("www.")
    if out.get("due_at"):
        # An all-day activity keeps the day it was given for (cut before any offset
        # shifts it) and sits at midnight UTC of that day; a timed one is stored in UTC.
        out["due_at"] = out["due_at"][:10] + "T00:00:00Z" if out.get("all_day") else to_utc(out["due_at"])
    return out


def check_record(entity, data):
    """Rules across fields of one record, on its state after the write.

    :raise InvalidInput: the record breaks one.
    """
    if entity == "deal":
        if not data.get("person_id") and not data.get("org_id"):
            raise InvalidInput("A deal needs a person or an organization.",
                               details={"person_id": "Choose a person or an organization."})
        if data.get("status") == "lost" and not (data.get("lost_reason") or "").strip():
            raise InvalidInput("Say why the deal was lost.", details={"lost_reason": "Required when lost."})
    if entity == "note":
        parents = [f for f in ("person_id", "org_id", "deal_id", "activity_id") if data.get(f)]
        if len(parents) != 1:
            raise InvalidInput("A note is attached to exactly one record.",
                               details={"person_id": "Give exactly one of person_id, org_id, deal_id, activity_id."})
    if entity == "organization":
        if any(r["org_id"] == data.get("id") for r in data.get("related", [])):
            raise InvalidInput("An organization cannot be related to itself.", details={"related": "Remove itself."})
        if len({r["org_id"] for r in data.get("related", [])}) != len(data.get("related", [])):
            raise InvalidInput("Each organization appears once in related.", details={"related": "Duplicate."})


def check_custom(values, definitions):
    """Message per bad custom value against the Settings definitions ({} when all good)."""
    known = {d["key"]: d for d in definitions}
    errors = {}
    for key, value in (values or {}).items():
        spec = known.get(key)
        if spec is None:
            errors[key] = "No such custom field."
        elif value is None:
            continue
        elif spec["type"] == "text" and not (isinstance(value, str) and len(value.encode("utf-8")) <= MAX_TEXT
                                             and not has_control(value, multiline=True)):
            errors[key] = "Expected text."
        elif spec["type"] == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            errors[key] = "Expected a number."
        elif spec["type"] == "date" and not is_date(value):
            errors[key] = "Expected a date YYYY-MM-DD."
        elif spec["type"] == "choice" and value not in spec.get("options", []):
            errors[key] = "Not one of the choices."
    return errors


def title_of(entity, data):
    """What a record is called in lists, search results and the trash."""
    text = data.get(TYPES[entity].title_field) or ""
    return text if entity != "note" else text[:80]
