"""Workspace lists edited in Settings: activity types and custom fields."""
import re

from chalicelib.domain.validation import FILLED_PATTERN, VERSION, Field, Schema, has_control

ACTIVITY_TYPES_KEY = "ACTIVITY_TYPES"
CUSTOM_FIELDS_KEY = "CUSTOM_FIELDS"
LOST_REASONS_KEY = "LOST_REASONS"
DEFAULT_ACTIVITY_TYPES = {
    "fr": [("call", "Appel"), ("meeting", "Rendez-vous"), ("task", "Tâche"), ("deadline", "Échéance"),
           ("email", "E-mail"), ("lunch", "Déjeuner")],
    "en": [("call", "Call"), ("meeting", "Meeting"), ("task", "Task"), ("deadline", "Deadline"),
           ("email", "Email"), ("lunch", "Lunch")],
}
CUSTOM_FIELD_TYPES = ("text", "number", "date", "choice")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def default_activity_types(language):
    return [{"key": k, "label": label} for k, label in DEFAULT_ACTIVITY_TYPES[language]]


def _check_types(items):
    if not 1 <= len(items) <= 30:
        return "Between 1 and 30 types."
    keys = set()
    for item in items:
        if (not isinstance(item, dict) or set(item) != {"key", "label"} or not isinstance(item["key"], str)
                or not KEY_RE.match(item["key"]) or not isinstance(item["label"], str)
                or not 0 < len(item["label"].strip()) <= 60 or has_control(item["label"])):
            return "Each type is {key, label}: key in lower-case letters, digits and _."
        if item["key"] in keys:
            return f"Duplicate key {item['key']}."
        keys.add(item["key"])
    return None


def _check_fields(items):
    if len(items) > 50:
        return "At most 50 custom fields."
    keys = set()
    for item in items:
        if (not isinstance(item, dict) or not set(item) <= {"key", "label", "type", "options"}
                or not isinstance(item.get("key"), str) or not KEY_RE.match(item["key"])
                or not isinstance(item.get("label"), str) or not 0 < len(item["label"].strip()) <= 80
                or has_control(item["label"])
                or item.get("type") not in CUSTOM_FIELD_TYPES):
            return "Each field is {key, label, type, options}: type text, number, date or choice."
        options = item.get("options", [])
        if item["type"] == "choice" and (not isinstance(options, list) or not 1 <= len(options) <= 50
                                         or not all(isinstance(o, str) and 0 < len(o) <= 80 and not has_control(o)
                                                    for o in options)):
            return f"The choice field {item['key']} needs 1 to 50 options."
        if item["key"] in keys:
            return f"Duplicate key {item['key']}."
        keys.add(item["key"])
    return None


_KEY = {"type": "string", "pattern": KEY_RE.pattern}
ACTIVITY_TYPES = Schema("ActivityTypes", {
    "items": Field("array", required=True, check=_check_types, schema={
        "minItems": 1, "maxItems": 30, "items": {
            "type": "object", "required": ["key", "label"], "additionalProperties": False,
            "properties": {"key": _KEY, "label": {"type": "string", "minLength": 1, "maxLength": 60,
                                                   "pattern": FILLED_PATTERN[False]}}}}),
    "version": VERSION})
_CUSTOM_FIELD_LIST = {"maxItems": 50, "items": {
    "type": "object", "required": ["key", "label", "type"], "additionalProperties": False,
    "properties": {"key": _KEY, "label": {"type": "string", "minLength": 1, "maxLength": 80,
                                          "pattern": FILLED_PATTERN[False]},
                   "type": {"enum": list(CUSTOM_FIELD_TYPES)},
                   "options": {"type": "array", "maxItems": 50,
                               "items": {"type": "string", "minLength": 1, "maxLength": 80}}}}}
def custom_fields_schema(entities):
    """The body of the custom field definitions of the record types that take them."""
    return Schema("CustomFields", {**{entity: Field("array", check=_check_fields, schema=_CUSTOM_FIELD_LIST)
                                      for entity in entities}, "version": VERSION})


def _check_reasons(items):
    if len(items) > 30 or not all(isinstance(i, str) and 0 < len(i.strip()) <= 100 and not has_control(i)
                                  for i in items):
        return "Up to 30 reasons of 1 to 100 characters, on one line."
    if len({i.strip().lower() for i in items}) != len(items):
        return "Each reason appears once."
    return None


LOST_REASONS = Schema("LostReasons", {
    "items": Field("array", required=True, check=_check_reasons, schema={
        "maxItems": 30, "items": {"type": "string", "minLength": 1, "maxLength": 100,
                                  "pattern": FILLED_PATTERN[False]}},
        description="The reasons offered when a deal is lost (free text stays possible)."),
    "version": VERSION})
