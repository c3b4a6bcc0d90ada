"""Leads: prospects not yet qualified, in an inbox until they become deals."""
from chalicelib.domain.record_fields import LINE, OWNER, REQUIRED_LINE, TAGS, link_field
from chalicelib.domain.record_type import RecordType
from chalicelib.domain.validation import Field
from chalicelib.domain.workspace import CURRENCIES
from chalicelib.errors import InvalidInput


class Lead(RecordType):
    """A lead: who (a person or an organization), what it may be worth, where it came from.

    Converting it makes a deal that carries its person, organization, value and
    notes; the lead then leaves the inbox, naming the deal it became.
    """

    entity, prefix, plural, title_field = "lead", "LEAD", "leads", "title"
    fields = {
        "title": REQUIRED_LINE,
        "person_id": link_field(),
        "org_id": link_field(),
        "value": Field("number", minimum=0, maximum=1e15),
        "currency": Field("string", choices=CURRENCIES),
        "owner_id": OWNER,
        "tags": TAGS,
        "source": LINE.copy(description="Where it came from: a booking, a form, a fair…"),
    }
    defaults = {"person_id": None, "org_id": None, "value": 0, "currency": None, "owner_id": None, "tags": [],
                "source": "", "converted_deal_id": None, "converted_at": None}
    searched = page_timeline = on_timelines = True
    orders = ("created", "name")
    filters = ("person_id", "org_id")

    def check(self, data):
        if not data.get("person_id") and not data.get("org_id"):
            raise InvalidInput("A lead needs a person or an organization.",
                               details={"person_id": "Choose a person or an organization."})

    def summary(self, data):
        return {k: data.get(k) for k in ("title", "value", "currency", "source", "converted_deal_id")}

    def subtitle(self, data):
        return data.get("source") or ""

    def list_values(self, record):
        """A converted lead has left the inbox: it is in no list."""
        return {} if record["data"].get("converted_deal_id") else super().list_values(record)

    def needs(self, data):
        return super().needs(data) + [("workspace",)]

    def complete(self, write):
        if not write.data.get("currency"):
            space = write.found(("workspace",))
            write.data["currency"] = space.default_currency if space else "EUR"


LEAD = Lead()
