"""The change log: who changed which field of a record, from what to what.

Written from the table stream into the record's own partition as a timeline
entry, so the record page reads it with everything else in one Query. The
sort key holds the stream event id: a redelivered record rewrites the same
item, so at-least-once delivery logs each change once.
"""
from chalicelib.domain.changes import describe
from chalicelib.domain.records import TYPES
from chalicelib.events.dispatcher import plain
from chalicelib.storage import keys


def log_change(change):
    """Consumer: write the change-log entry of a record change (other items are ignored)."""
    if change.keys.get("sk") != keys.RECORD or change.entity not in TYPES:
        return
    old, new = plain(change.old or {}), plain(change.new or {})
    described = describe(change.event_name, old, new)
    if described is None:
        return
    event, changes = described
    from chalicelib.storage.models import DerivedItem

    pk, at = change.keys["pk"], new["updated_at"]
    DerivedItem(pk, keys.timeline(at, "change", change.event_id), entity="change", source=pk,
                data={"kind": "change", "at": at, "actor": new.get("updated_by"), "event": event,
                      "changes": changes},
                created_at=at, updated_at=at, updated_by="stream:changelog").save()
