"""Deals: what you sell, to a person or an organization, moving through a pipeline's stages."""
from chalicelib.domain.pipelines import DEFAULT_PIPELINE_ID, first_open_stage, outcome_stage, stage_of
from chalicelib.domain.record_fields import (CUSTOM, OWNER, REQUIRED_LINE, TAGS, TEXT, check_date,
                                             link_field)
from chalicelib.domain.record_type import Copy, RecordType
from chalicelib.domain.text import fold
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
                "custom": {}, "expected_close_date": None, "stage_entered_at": None}
    custom_fields = searched = page_timeline = on_timelines = True
    orders = ("name", "created")
    filters = ("org_id", "person_id", "status", "pipeline_id", "stage_id")

    def check(self, data):
        if not data.get("person_id") and not data.get("org_id"):
            raise InvalidInput("A deal needs a person or an organization.",
                               details={"person_id": "Choose a person or an organization."})
        if data.get("status") == "lost" and not (data.get("lost_reason") or "").strip():
            raise InvalidInput("Say why the deal was lost.", details={"lost_reason": "Required when lost."})

    def summary(self, data):
        # Not its stage: a move would rewrite the deal on every page that shows it.
        return {k: data.get(k) for k in ("title", "value", "currency", "status")}

    def subtitle(self, data):
        value = data.get("value")
        return f"{value:g} {data.get('currency') or ''}".strip() if value else ""

    def copies(self, record, context):
        """An open deal's card on its pipeline's board, with the names of its person and organization."""
        data = record["data"]
        if data.get("status") != "open":
            return []
        names = {field: (context.get(data.get(field) or "") or {}).get("data", {}).get("name")
                 for field in ("person_id", "org_id")}
        card = {"id": record["id"], "version": (record.get("version") or 0) + 1, "created_at": record["created_at"],
                **{k: data.get(k) for k in ("title", "value", "currency", "person_id", "org_id", "owner_id", "tags",
                                            "pipeline_id", "stage_id", "stage_entered_at")},
                "person_name": names["person_id"], "org_name": names["org_id"],
                # What the board's text filter matches: folded title and names.
                "text": fold(" ".join(filter(None, [data.get("title"), names["person_id"], names["org_id"]])))}
        return [Copy("card", ("deal", record["id"]), card)]

    def events(self, old, new):
        """A stage history entry each time a deal enters a stage: created, moved, won, lost, reopened."""
        before, after = (old or {}).get("data") or {}, new["data"]
        keys = ("pipeline_id", "stage_id", "status")
        if old is not None and all(before.get(k) == after.get(k) for k in keys):
            return []
        entry = {"deal_id": new["id"], "pipeline_id": after["pipeline_id"], "stage_id": after["stage_id"],
                 "status": after["status"], "from_pipeline_id": before.get("pipeline_id"),
                 "from_stage_id": before.get("stage_id"), "from_status": before.get("status"),
                 "at": after["stage_entered_at"], "value": after.get("value") or 0, "currency": after.get("currency"),
                 "owner_id": after.get("owner_id"), "lost_reason": after.get("lost_reason")}
        facts = [("stage", entry)]
        if before.get("pipeline_id") and before["pipeline_id"] != after["pipeline_id"]:
            # The pipeline it left sees it leave (its last stage's time ends there).
            facts.append(("stage", {**entry, "pipeline_id": before["pipeline_id"], "stage_id": None,
                                    "status": "moved_out"}))
        return facts

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
        self._place(write, pipeline["data"])
        if not data.get("currency"):
            space = write.found(("workspace",))
            data["currency"] = space.default_currency if space else "EUR"


    def _place(self, write, pipeline):
        """Keep status and stage in agreement: a stage set decides the status, a status set the stage."""
        data, old = write.data, write.old_data or {}
        stage = stage_of(pipeline, data.get("stage_id") or "")
        if data.get("stage_id") and stage is None:
            write.refuse("stage_id", "Not a stage of this pipeline.")
            return
        status_set = write.touched("status") and (write.creating or data.get("status") != old.get("status"))
        stage_set = data.get("stage_id") and (write.creating or data["stage_id"] != old.get("stage_id")
                                              or data["pipeline_id"] != old.get("pipeline_id"))
        if stage_set:
            if status_set and data["status"] != stage["kind"]:
                message = "Choose an open stage." if data["status"] == "open" else \
                    "The status follows the stage: choose one or the other."
                write.refuse("stage_id" if data["status"] == "open" else "status", message)
                return
            data["status"] = stage["kind"]
        elif status_set or stage is None:
            kind = data.get("status") or "open"
            data["stage_id"] = (first_open_stage(pipeline) if kind == "open" else outcome_stage(pipeline, kind))["id"]
        if data["status"] != "lost":
            data["lost_reason"] = None
        if write.creating or any(data.get(k) != old.get(k) for k in ("pipeline_id", "stage_id", "status")):
            data["stage_entered_at"] = write.moment


DEAL = Deal()
