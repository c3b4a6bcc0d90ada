"""Deals: what you sell, to a person or an organization, moving through a pipeline's stages."""
from chalicelib.domain.pipelines import DEFAULT_PIPELINE_ID, first_open_stage, stage_of
from chalicelib.domain.record_fields import (CUSTOM, OWNER, REQUIRED_LINE, TAGS, TEXT, check_date,
                                             link_field)
from chalicelib.domain.record_type import RecordType
from chalicelib.domain.validation import Field
from chalicelib.domain.workspace import CURRENCIES
from chalicelib.errors import InvalidInput

DEAL_STATUSES = ("open", "won", "lost")


class Deal(RecordType):
    """A deal; it needs a person or an organization, and lands in its pipeline's first stage."""

    entity, prefix, plural, title_field = "deal", "DEAL", "deals", "title"
    fields = {
        "title": REQUIRED_LINE,
        "value": Field("number", minimum=0, maximum=1e15),
        "currency": Field("string", choices=CURRENCIES),
        "person_id": link_field(),
        "org_id": link_field(),
        "pipeline_id": link_field(),
        "stage_id": link_field(),
        "status": Field("string", choices=DEAL_STATUSES),
        "lost_reason": TEXT.copy(nullable=True),
        "owner_id": OWNER,
        "tags": TAGS,
        "custom": CUSTOM,
        "expected_close_date": Field("string", nullable=True, check=check_date, fmt="date"),
    }
    defaults = {"value": 0, "currency": None, "person_id": None, "org_id": None, "pipeline_id": None,
                "stage_id": None, "status": "open", "lost_reason": None, "owner_id": None, "tags": [],
                "custom": {}, "expected_close_date": None}
    custom_fields = searched = page_timeline = on_timelines = True
    orders = ("name", "created", "board")
    filters = ("org_id", "person_id", "status", "pipeline_id", "stage_id")

    def check(self, data):
        if not data.get("person_id") and not data.get("org_id"):
            raise InvalidInput("A deal needs a person or an organization.",
                               details={"person_id": "Choose a person or an organization."})
        if data.get("status") == "lost" and not (data.get("lost_reason") or "").strip():
            raise InvalidInput("Say why the deal was lost.", details={"lost_reason": "Required when lost."})

    def summary(self, data):
        return {k: data.get(k) for k in ("title", "value", "currency", "status", "stage_id", "pipeline_id")}

    def subtitle(self, data):
        value = data.get("value")
        return f"{value:g} {data.get('currency') or ''}".strip() if value else ""

    def list_values(self, record):
        data = record["data"]
        return {**super().list_values(record),
                "board": (data.get("pipeline_id"), data.get("status"), data.get("stage_id"))}

    def needs(self, data):
        return super().needs(data) + [("pipeline", data.get("pipeline_id") or DEFAULT_PIPELINE_ID), ("workspace",)]

    def complete(self, write):
        data = write.data
        # A new deal with Ada is a deal with Ada's company; an edit that removes it is respected.
        if write.creating and data.get("person_id") and not data.get("org_id"):
            person = write.linked_live("person", data["person_id"])
            if person and person["data"].get("org_id"):
                data["org_id"] = person["data"]["org_id"]
                write.load([("record", "organization", data["org_id"])])
        pipeline_id = data.get("pipeline_id") or DEFAULT_PIPELINE_ID
        pipeline = write.found(("pipeline", pipeline_id))
        if pipeline is None:
            write.refuse("pipeline_id", "No such pipeline.")
            return
        data["pipeline_id"] = pipeline_id
        if not data.get("stage_id"):
            data["stage_id"] = first_open_stage(pipeline["data"])["id"]
        elif stage_of(pipeline["data"], data["stage_id"]) is None:
            write.refuse("stage_id", "Not a stage of this pipeline.")
        if not data.get("currency"):
            space = write.found(("workspace",))
            data["currency"] = space.default_currency if space else "EUR"


DEAL = Deal()
