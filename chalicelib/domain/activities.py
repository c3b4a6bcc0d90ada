"""Activities: calls, meetings, tasks, deadlines… due at a time, linked to any record."""
from chalicelib.domain.record_fields import OWNER, REQUIRED_LINE, TEXT, check_instant, link_field, to_utc
from chalicelib.domain.record_type import Copy, RecordType
from chalicelib.domain.settings import ACTIVITY_TYPES_KEY
from chalicelib.domain.validation import Field


class Activity(RecordType):
    """An activity; on a deal, it is also with the deal's person and organization."""

    entity, prefix, plural, title_field = "activity", "ACTIVITY", "activities", "subject"
    fields = {
        "type": Field("string", required=True, min_length=1, max_length=40,
                      description="The key of one of the activity types defined in Settings (call, meeting…).",
                      schema={"examples": ["call", "meeting", "task"]}),
        "subject": REQUIRED_LINE,
        "due_at": Field("string", required=True, check=check_instant, fmt="date-time"),
        "duration_min": Field("integer", minimum=0, maximum=7 * 24 * 60),
        "all_day": Field("boolean"),
        "done": Field("boolean"),
        "owner_id": OWNER,
        "person_id": link_field(),
        "org_id": link_field(),
        "deal_id": link_field(),
        "note": TEXT,
    }
    # A booking's activity also names its link and its customer (set by the booking, not by an edit).
    defaults = {"duration_min": 30, "all_day": False, "done": False, "owner_id": None, "person_id": None,
                "org_id": None, "deal_id": None, "note": "", "link_id": None, "link_kind": None, "customer": None,
                "package_seat": None}
    on_timelines = True
    inherits = ("deal_id",)
    # An activity with its deal's person moves with the deal to its next person.
    follows = {"deal_id": ("person_id", "org_id")}
    orders = ("due",)
    filters = ("org_id", "person_id", "deal_id", "type", "done")

    def normalize(self, data):
        out = super().normalize(data)
        if out.get("due_at"):
            # An all-day activity keeps the day it was given for (cut before any offset
            # shifts it) and sits at midnight UTC of that day; a timed one is stored in UTC.
            out["due_at"] = out["due_at"][:10] + "T00:00:00Z" if out.get("all_day") else to_utc(out["due_at"])
        return out

    def summary(self, data):
        return {k: data.get(k) for k in ("type", "subject", "due_at", "done", "all_day", "duration_min", "owner_id",
                                          "package_seat")}

    def copies(self, record, context):
        """A booking holds its owner's time: a claim on each 5-minute step it covers, taken
        in the same transaction as the activity, so two bookings of one owner never overlap,
        whichever links they came through; a specific link's first booking also claims the link,
        and a portal booking its seat of the client's package."""
        from datetime import timedelta

        from chalicelib.domain.slots import claim_steps, iso, parse_instant

        data = record["data"]
        if not data.get("link_id") or data.get("all_day") or not data.get("owner_id"):
            return []
        start = parse_instant(data["due_at"])
        claim = {"activity_id": record["id"], "link_id": data["link_id"]}
        copies = [Copy("slot_claim", (data["owner_id"], iso(step)), claim)
                  for step in claim_steps(start, start + timedelta(minutes=data.get("duration_min") or 0))]
        if data.get("link_kind") == "specific":
            copies.append(Copy("link_claim", data["link_id"], claim))
        if data.get("package_seat") and data.get("deal_id"):  # a session of a client's package, booked in the portal
            copies.append(Copy("seat_claim", (data["deal_id"], data["package_seat"]), claim))
        return copies

    def timeline_time(self, record):
        """An activity sits on a timeline at its due time."""
        return record["data"]["due_at"]

    def list_values(self, record):
        return {"due": (record["data"]["due_at"], record["data"].get("owner_id"))}

    def needs(self, data):
        return super().needs(data) + [("settings", ACTIVITY_TYPES_KEY)]

    def complete(self, write):
        data = write.data
        if write.creating and data.get("deal_id"):  # with the deal's person and organization, unless told
            deal = write.linked_live("deal", data["deal_id"])
            for field in ("person_id", "org_id"):
                if deal and not data.get(field) and deal["data"].get(field):
                    data[field] = deal["data"][field]
        if write.touched("type"):
            types = write.found(("settings", ACTIVITY_TYPES_KEY))
            if types is not None and data["type"] not in {t["key"] for t in types["data"]["items"]}:
                write.refuse("type", "Not one of the activity types defined in Settings.")


ACTIVITY = Activity()
