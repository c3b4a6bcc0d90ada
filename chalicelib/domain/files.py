"""Files: a document or image on a person, an organization or a deal, stored outside the table.

The record holds what the CRM shows (name, size, type, who, when, where it
is linked, whether the client portal shares it); the bytes go straight to
storage, never through the API. A file is `pending` from the moment an upload
is granted until storage confirms the bytes (size and type checked again):
only then does it show on timelines. A name sent with a path or control
characters is kept as a safe name.
"""
import re
import unicodedata

from chalicelib.domain.record_fields import link_field
from chalicelib.domain.record_type import RecordType
from chalicelib.domain.validation import Field
from chalicelib.errors import InvalidInput

PARENTS = ("person_id", "org_id", "deal_id")
MAX_NAME = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe_name(name):
    """The file name to keep: its last path segment, without control or bidi characters, at most 200
    characters (the extension kept), never hidden nor empty."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = " ".join(_UNSAFE.sub("", name).split())
    name = name.lstrip(". ").rstrip(". ")
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        name = (stem if keep else name)[:MAX_NAME - len(keep) - 1].rstrip() + ("." + keep if keep else "")
    return name or "file"


def allowed_type(content_type, allowed):
    """Whether `content_type` is one of `allowed` (`image/*` allows every image type)."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    return any(content_type == a or a.endswith("/*") and content_type.startswith(a[:-1]) for a in allowed)


def is_image(content_type):
    """Images get a preview (SVG excepted: it can carry script)."""
    return (content_type or "").startswith("image/") and "svg" not in content_type


class File(RecordType):
    """A file on exactly one record; its timeline shows it once the bytes are stored."""

    entity, prefix, plural, title_field = "file", "FILE", "files", "name"
    fields = {
        # Not refused for control characters: cleaned into a safe name instead (strip=False skips the check).
        "name": Field("string", required=True, min_length=1, max_length=1000, strip=False,
                      description="The file's name; a path or control characters are cleaned away."),
        "size": Field("integer", required=True, minimum=1, maximum=2 ** 40,
                      description="Its size in bytes, as the upload will send it."),
        "type": Field("string", required=True, min_length=3, max_length=200,
                      description="Its content type (one of the allowed types: PDF, images, office documents…)."),
        "person_id": link_field(),
        "org_id": link_field(),
        "deal_id": link_field(),
        "shared": Field("boolean", description="Shown in the deal's client portal."),
    }
    # Set by the use case, never by a request body: where the upload stands and who sent it.
    defaults = {"person_id": None, "org_id": None, "deal_id": None, "shared": False, "status": "pending",
                "uploaded_by": None}
    on_timelines = attached = True
    inherits = ("deal_id",)

    def normalize(self, data):
        out = super().normalize(data)
        if isinstance(out.get("name"), str):
            out["name"] = safe_name(out["name"])
        if isinstance(out.get("type"), str):
            out["type"] = out["type"].split(";")[0].strip().lower()
        return out

    def check(self, data):
        if len([f for f in PARENTS if data.get(f)]) != 1:
            raise InvalidInput("A file is on exactly one record.",
                               details={"deal_id": "Give exactly one of " + ", ".join(PARENTS) + "."})

    def shown_on(self, record, context):
        return super().shown_on(record, context) if record["data"].get("status") == "stored" else []

    def summary(self, data):
        return {k: data.get(k) for k in ("name", "size", "type", "shared", "uploaded_by")}


FILE = File()
