"""Organizations: companies and teams, with their persons and their related organizations."""
import re

from chalicelib.domain.record_fields import CUSTOM, LINE, OWNER, REQUIRED_LINE, TAGS, TEXT
from chalicelib.domain.record_type import Copy, RecordType
from chalicelib.domain.validation import Field
from chalicelib.errors import InvalidInput

RELATION_KINDS = ("parent", "subsidiary", "related")
INVERSE_RELATION = {"parent": "subsidiary", "subsidiary": "parent", "related": "related"}
# A relation writes a copy and checks the other organization in the same TransactWrite;
# with the record and its search terms that must stay under DynamoDB's 100 items.
MAX_RELATED = 10


def _related(values):
    if len(values) > MAX_RELATED:
        return f"At most {MAX_RELATED} related organizations."
    for entry in values:
        if (not isinstance(entry, dict) or not isinstance(entry.get("org_id"), str)
                or entry.get("kind") not in RELATION_KINDS or set(entry) - {"org_id", "kind"}):
            return "Each entry is {org_id, kind} with kind parent, subsidiary or related."
    return None


class Organization(RecordType):
    """An organization; its relations show from both sides (a parent lists its subsidiary)."""

    entity, prefix, plural, title_field = "organization", "ORG", "organizations", "name"
    fields = {
        "name": REQUIRED_LINE,
        "address": TEXT,
        "industry": LINE,
        "domain": Field("string", max_length=253),
        "owner_id": OWNER,
        "tags": TAGS,
        "custom": CUSTOM,
        "related": Field("array", check=_related, schema={"maxItems": MAX_RELATED, "items": {
            "type": "object", "required": ["org_id", "kind"], "additionalProperties": False,
            "properties": {"org_id": {"type": "string"}, "kind": {"enum": list(RELATION_KINDS)}}}}),
    }
    defaults = {"address": "", "industry": "", "domain": "", "owner_id": None, "tags": [], "custom": {},
                "related": []}
    custom_fields = searched = page_timeline = link_choice = True
    orders = ("name", "created")

    def normalize(self, data):
        out = super().normalize(data)
        if out.get("domain"):
            out["domain"] = re.sub(r"^https?://", "", out["domain"].strip().lower()).split("/")[0].removeprefix("www.")
        return out

    def check(self, data):
        related = data.get("related", [])
        if any(r["org_id"] == data.get("id") for r in related):
            raise InvalidInput("An organization cannot be related to itself.", details={"related": "Remove itself."})
        if len({r["org_id"] for r in related}) != len(related):
            raise InvalidInput("Each organization appears once in related.", details={"related": "Duplicate."})

    def copies(self, record, context):
        """The other side of each relation, on the related organization's page."""
        data = record["data"]
        return [Copy("related", ("organization", rel["org_id"]),
                     {"org_id": record["id"], "kind": INVERSE_RELATION[rel["kind"]], "name": data["name"]})
                for rel in data.get("related", [])]

    def subtitle(self, data):
        return data.get("domain") or ""

    def needs(self, data):
        return super().needs(data) + [("record", "organization", r["org_id"]) for r in data.get("related", [])]

    def new_links(self, data, old_data):
        """Relations this write adds. Existing ones may point at a deleted organization:
        they stay (shown as deleted, alive again on its restore)."""
        before = {r["org_id"] for r in (old_data or {}).get("related", [])}
        return [("organization", r["org_id"]) for r in data.get("related", []) if r["org_id"] not in before]

    def complete(self, write):
        for entity, org_id in self.new_links(write.data, write.old_data):
            if write.linked_live(entity, org_id) is None:
                write.refuse("related", "No such organization.")


ORGANIZATION = Organization()
