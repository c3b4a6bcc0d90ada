"""Converting a lead into a deal, safely repeated: the deal takes the lead's id."""
from chalicelib.errors import Conflict
from chalicelib.services import records
from chalicelib.storage import record_store
from chalicelib.storage.derived import record_key


def convert(principal, lead_id, body):
    """A deal from a lead: its person, organization, value, owner and tags, then its notes; the
    lead leaves the inbox naming the deal.

    Each step can be repeated after a failure: the deal's id is the lead's, so
    a second try finds it instead of making another.
    :raise NotFound: no such lead. :raise InvalidInput: no such pipeline or stage.
    """
    lead = record_store.get(record_key("lead", lead_id), what="Lead")
    deal = _deal_of(principal, lead, body)
    for note in records.linked_records("lead", lead_id).get("note", []):
        records.save(principal, note, {**note["data"], "lead_id": None, "deal_id": deal["id"]},
                     {"lead_id", "deal_id"})
    if not lead["data"].get("converted_deal_id"):
        from chalicelib.domain.clock import now_iso

        records.save(principal, lead, {**lead["data"], "converted_deal_id": deal["id"], "converted_at": now_iso()},
                     {"converted_deal_id"})
    return deal


def _deal_of(principal, lead, body):
    data = lead["data"]
    fields = {"title": data["title"], "person_id": data.get("person_id"), "org_id": data.get("org_id"),
              "value": data.get("value") or 0, "currency": data.get("currency"), "owner_id": data.get("owner_id"),
              "tags": data.get("tags") or [], **{k: body[k] for k in ("pipeline_id", "stage_id") if body.get(k)}}
    try:
        return records.create(principal, "deal", {k: v for k, v in fields.items() if v is not None},
                              record_id=lead["id"])
    except Conflict as exc:
        if exc.code != "version_conflict":
            raise
        return record_store.get(record_key("deal", lead["id"]), what="Deal")  # made by an earlier try
