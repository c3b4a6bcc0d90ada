"""Input schemas: one declaration validates a request body and documents it.

A `Schema` turns an untrusted JSON object into clean values or raises
`InvalidInput` whose `details` name every bad field, so a form can show each
message beside its field. Unknown fields are refused rather than dropped: a
client that misspells a field must hear about it instead of losing the value.
The same declaration feeds the OpenAPI document (`to_json_schema`).
"""
import re
from chalicelib.errors import InvalidInput

EMAIL_RE = re.compile(r"^[^@\s<>\"(),;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


class Field:
    """One field: its JSON type, whether it is required, and its limits.

    A plain slotted class rather than a dataclass: schemas are built at import
    time on the Lambda cold path, where dataclass generation costs milliseconds.
    """

    __slots__ = ("type", "required", "max_length", "min_length", "choices", "minimum", "maximum",
                 "nullable", "check", "strip", "description", "fmt", "multiline", "max_bytes", "schema")

    def __init__(self, type, required=False, max_length=None, min_length=None, choices=None,
                 minimum=None, maximum=None, nullable=False, check=None, strip=True,
                 description="", fmt=None, multiline=False, max_bytes=None, schema=None):
        self.type = type  # "string", "integer", "number", "boolean", "object", "array"
        self.required = required
        self.max_length = max_length
        self.min_length = min_length
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.nullable = nullable
        self.check = check  # returns a message when the value is wrong
        self.strip = strip
        self.description = description
        self.fmt = fmt  # OpenAPI format, e.g. "email", "password"
        # Text a user types on one line (names, titles) refuses every control character;
        # multi-line text (notes, addresses) keeps tabs and line breaks. `strip=False`
        # marks a secret taken verbatim (passwords).
        self.multiline = multiline
        # DynamoDB counts UTF-8 bytes (400 KB an item): long text is bounded in bytes too.
        self.max_bytes = max_bytes
        # What `check` accepts, told to clients in JSON Schema (items of a list, a pattern…).
        self.schema = schema or {}

    def json_schema(self):
        """This field in JSON Schema, as precise as its checks: a client generating
        values from it (Schemathesis) mostly sends values the API accepts."""
        prop = {"type": [self.type, "null"] if self.nullable else self.type}
        for key, attr in (("maxLength", "max_length"), ("minLength", "min_length"),
                          ("minimum", "minimum"), ("maximum", "maximum")):
            if getattr(self, attr) is not None:
                prop[key] = getattr(self, attr)
        if self.type == "string" and self.strip and not self.choices:
            prop["pattern"] = TEXT_PATTERN[self.multiline] if not self.min_length else FILLED_PATTERN[self.multiline]
        if self.choices:
            prop["enum"] = list(self.choices) + ([None] if self.nullable else [])
        if self.fmt:
            prop["format"] = self.fmt
        if self.description:
            prop["description"] = self.description
        prop.update(self.schema)
        return prop

    def copy(self, **changes):
        """This field with some settings changed (e.g. made optional for an edit)."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return Field(**values)


_PY_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


class Schema:
    """A named set of fields describing one request body."""

    __slots__ = ("name", "fields")

    def __init__(self, name, fields):
        self.name = name
        self.fields = fields

    def parse(self, data, partial=False):
        """Validated values of `data`; with `partial`, required fields may be absent.

        :raise InvalidInput: the body is not an object, or a field is wrong.
        """
        if not isinstance(data, dict):
            raise InvalidInput("The request body must be a JSON object.")
        errors, clean = {}, {}
        for name in data:
            if name not in self.fields:
                errors[name] = "Unknown field."
        for name, spec in self.fields.items():
            if name not in data:
                if spec.required and not partial:
                    errors[name] = "This field is required."
                continue
            message, value = _check(spec, data[name])
            if message:
                errors[name] = message
            else:
                clean[name] = value
        if errors:
            raise InvalidInput("Some fields are invalid.", details=errors)
        return clean

    def to_json_schema(self):
        """This schema as an OpenAPI 3.1 (JSON Schema) object."""
        props = {name: spec.json_schema() for name, spec in self.fields.items()}
        required = [n for n, s in self.fields.items() if s.required]
        out = {"type": "object", "properties": props, "additionalProperties": False}
        if required:
            out["required"] = required
        return out


def _check(spec, value):
    if value is None:
        return (None, None) if spec.nullable else ("This field cannot be null.", None)
    # bool is an int in Python; JSON true is not a number.
    if not isinstance(value, _PY_TYPES[spec.type]) or (
        spec.type in ("integer", "number") and isinstance(value, bool)
    ):
        return f"Expected {spec.type}.", None
    if spec.type == "string":
        if spec.strip:
            value = value.strip()
        if "\x00" in value:
            return "Text cannot contain NUL characters.", None
        if spec.strip and has_control(value, spec.multiline):
            return ("Text cannot contain control characters." if spec.multiline
                    else "Use one line of text, without control characters."), None
        if spec.min_length is not None and len(value) < spec.min_length:
            return ("This field is required." if not value
                    else f"At least {spec.min_length} characters."), None
        if spec.max_length is not None and len(value) > spec.max_length:
            return f"At most {spec.max_length} characters.", None
        if spec.max_bytes is not None and len(value.encode("utf-8")) > spec.max_bytes:
            return f"Too long: at most {spec.max_bytes // 1000} KB of text.", None
    if spec.type in ("integer", "number"):
        if spec.minimum is not None and value < spec.minimum:
            return f"Must be at least {spec.minimum}.", None
        if spec.maximum is not None and value > spec.maximum:
            return f"Must be at most {spec.maximum}.", None
    if spec.choices is not None and value not in spec.choices:
        return "Must be one of: " + ", ".join(map(str, spec.choices)) + ".", None
    if spec.check:
        message = spec.check(value)
        if message:
            return message, None
    return None, value


# C0 and C1 controls and DEL; multi-line text keeps tab, line feed and carriage return.
_CONTROL = {False: re.compile(r"[\x00-\x1f\x7f-\x9f]"),
            True: re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")}


# The same rules as JSON Schema patterns: no control character (multi-line text keeps
# tabs and line breaks), and, when required, something besides white space.
_TEXT_CLASS = {False: "[^\\x00-\\x1f\\x7f-\\x9f]", True: "[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]"}
TEXT_PATTERN = {multiline: f"^{chars}*$" for multiline, chars in _TEXT_CLASS.items()}
FILLED_PATTERN = {multiline: f"^{chars}*[^\\s\\x00-\\x1f\\x7f-\\x9f]{chars}*$"
                  for multiline, chars in _TEXT_CLASS.items()}


def has_control(value, multiline=False):
    """True when `value` holds a control character one line (or multi-line text) may not."""
    return bool(_CONTROL[multiline].search(value))


def check_email(value):
    """Message for a malformed email address, None when it looks deliverable."""
    return None if EMAIL_RE.match(value) and len(value) <= 254 else "Not a valid email address."


def normalize_email(value):
    """The form an email is compared and indexed in."""
    return value.strip().lower()


VERSION = Field("integer", required=True, minimum=1,
                description="The version you read; a stale one is refused with 409.")
