"""Notes: text written on one record (a person, an organization, a deal or an activity)."""
from chalicelib.domain.record_fields import REQUIRED_TEXT, link_field
from chalicelib.domain.record_type import RecordType
from chalicelib.domain.validation import Field
from chalicelib.errors import InvalidInput

PARENTS = ("person_id", "org_id", "deal_id", "activity_id", "lead_id")


class Note(RecordType):
    """A note belongs to exactly one record, and shows on what that record is with."""

    entity, prefix, plural, title_field = "note", "NOTE", "notes", "content"
    fields = {
        "content": REQUIRED_TEXT,
        "person_id": link_field(),
        "org_id": link_field(),
        "deal_id": link_field(),
        "activity_id": link_field(),
        "lead_id": link_field(),
        "pinned": Field("boolean"),
        "shared": Field("boolean", description="Shown in the client portal of the deal it is on."),
    }
    defaults = {"person_id": None, "org_id": None, "deal_id": None, "activity_id": None, "lead_id": None,
                "pinned": False, "shared": False}
    owned = False
    on_timelines = attached = True
    inherits = ("deal_id", "activity_id")

    def check(self, data):
        if len([f for f in PARENTS if data.get(f)]) != 1:
            raise InvalidInput("A note is attached to exactly one record.",
                               details={"person_id": "Give exactly one of " + ", ".join(PARENTS) + "."})

    def title(self, data):
        return (data.get("content") or "")[:80]

    def summary(self, data):
        return {"content": data.get("content"), "pinned": bool(data.get("pinned")), "shared": bool(data.get("shared"))}


NOTE = Note()
