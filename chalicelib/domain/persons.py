"""Persons: the people you work with."""
from chalicelib.domain.record_fields import CUSTOM, OWNER, REQUIRED_LINE, TAGS, contacts, contacts_schema, link_field
from chalicelib.domain.record_type import Copy, RecordType
from chalicelib.domain.validation import Field


class Person(RecordType):
    """A person, with several labelled emails and phones, maybe at an organization."""

    entity, prefix, plural, title_field = "person", "PERSON", "persons", "name"
    fields = {
        "name": REQUIRED_LINE,
        "emails": Field("array", check=contacts("email"), schema=contacts_schema("email")),
        "phones": Field("array", check=contacts("phone"), schema=contacts_schema("phone")),
        "org_id": link_field(),
        "owner_id": OWNER,
        "tags": TAGS,
        "custom": CUSTOM,
    }
    defaults = {"emails": [], "phones": [], "org_id": None, "owner_id": None, "tags": [], "custom": {}}
    custom_fields = searched = page_timeline = link_choice = True
    orders = ("name", "created")
    filters = ("org_id",)

    def copies(self, record, context):
        """A member entry on its organization's page, and a claim on each email (one person each)."""
        data, rid = record["data"], record["id"]
        out = []
        if data.get("org_id"):
            out.append(Copy("member", ("organization", data["org_id"]),
                            {"id": rid, "name": data["name"], "emails": data.get("emails", [])}))
        for email in data.get("emails", []):
            out.append(Copy("email_claim", email["value"], {"person_id": rid, "name": data["name"]}))
        return out

    def subtitle(self, data):
        return data["emails"][0]["value"] if data.get("emails") else ""


PERSON = Person()
