"""The parts record types are built from: shared fields and the rules of their values.

Each record type (persons.py, organizations.py, deals.py, activities.py,
notes.py) declares its fields from these; the schema of a field validates
request bodies and documents them in OpenAPI.
"""
import re
from datetime import date, datetime, timezone

from chalicelib.domain.validation import FILLED_PATTERN, TEXT_PATTERN, Field, check_email, has_control, normalize_email

MAX_TEXT = 100_000  # free text: long enough for any real note, bounded for DynamoDB's 400 KB items
MAX_NAME = 500  # names, titles, subjects: one line
MAX_CONTACTS = 10
MAX_TAGS = 30
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INSTANT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")


def contacts(kind):
    """The check of a list of labelled emails or phones (`kind`: email or phone)."""
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


def check_date(value):
    """Message for a value that is not a calendar day."""
    return None if is_date(value) else "Use a real date, YYYY-MM-DD."


def check_instant(value):
    """Message for a value that is not an ISO instant with its offset."""
    if INSTANT_RE.match(value):
        try:
            to_utc(value)
            return None
        except ValueError:
            pass
    return "Use an ISO 8601 date and time with its offset, e.g. 2026-11-25T09:30:00Z."


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


def period_bound(value, end=False):
    """A list filter's bound as a stored instant: an ISO instant, or a day (its start, or its end).

    :raise ValueError: neither.
    """
    if is_date(value):
        return value + ("T23:59:59Z" if end else "T00:00:00Z")
    if check_instant(value) is None:
        return to_utc(value)
    raise ValueError(value)


def normalize_common(data):
    """What every record type cleans alike: emails lower-case, tags unique (first spelling kept)."""
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
    return out


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


def contacts_schema(kind):
    """What `contacts(kind)` accepts, in JSON Schema."""
    value = ({"type": "string", "format": "email", "maxLength": 254} if kind == "email" else
             {"type": "string", "maxLength": 40, "pattern": "^[^\\x00-\\x1f]*[0-9][^\\x00-\\x1f]*[0-9][^\\x00-\\x1f]*[0-9]"})
    return {"maxItems": MAX_CONTACTS, "items": {
        "type": "object", "required": ["value"], "additionalProperties": False,
        "properties": {"value": value, "label": {"type": "string", "maxLength": 100, "pattern": TEXT_PATTERN[False]}}}}


def link_field():
    """A field holding the id of another record (or null)."""
    return Field("string", nullable=True, max_length=64)


TEXT = Field("string", max_length=MAX_TEXT, max_bytes=MAX_TEXT, multiline=True)
REQUIRED_TEXT = TEXT.copy(required=True, min_length=1)
LINE = Field("string", max_length=MAX_NAME)
REQUIRED_LINE = Field("string", required=True, min_length=1, max_length=MAX_NAME)
TAGS = Field("array", check=_tags, schema={"maxItems": MAX_TAGS, "items": {
    "type": "string", "minLength": 1, "maxLength": 100, "pattern": FILLED_PATTERN[False]}})
CUSTOM = Field("object", description="Values of the custom fields defined in Settings, by key.",
               schema={"propertyNames": {"pattern": "^[a-z][a-z0-9_]{0,39}$"}})
OWNER = link_field()
