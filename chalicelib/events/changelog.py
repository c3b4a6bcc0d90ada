"""The change log: who changed which field of a record, from what to what.

Written from the table stream into the record's own partition as a timeline
entry, so the record page reads it with everything else in one Query. The
sort key holds the stream event id: a redelivered record rewrites the same
item, so at-least-once delivery logs each change once.
"""
from decimal import Decimal

from chalicelib.domain.changes import describe
from chalicelib.domain.records import TYPES
from chalicelib.storage import keys



def _plain(value):
    """Stream values (Decimal numbers) as JSON-friendly Python."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [_plain(v) for v in value]
    return value


def log_change(change):
    """Consumer: write the change-log entry of a record change (other items are ignored)."""
    if change.keys.get("sk") != keys.RECORD or change.entity not in TYPES:
        return
    old, new = _plain(change.old or {}), _plain(change.new or {})
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
