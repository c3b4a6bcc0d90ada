"""Changes a stream consumer failed on, kept for that consumer alone to retry (storage README row 30b).

`pk = RETRY#<consumer>`, `sk = <stream event id>`; while a retry is due,
`gsi1pk = RETRIES_DUE`, `gsi1sk = <when>#<consumer>#<event id>`. A change
given up on keeps its item (without the due keys) for the redrive command.
The stream record is stored compressed: images can be large.
"""
import base64
import json
import zlib

from chalicelib.storage import keys
from chalicelib.storage.models import DerivedItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.record_store import plain
from chalicelib.storage.records import stamp

ACTOR = "system:stream"


def _pack(record):
    return base64.b64encode(zlib.compress(json.dumps(record, separators=(",", ":")).encode(), 6)).decode()


def unpack(entry):
    """The Lambda stream record a parked entry holds."""
    return json.loads(zlib.decompress(base64.b64decode(entry["record"])))


def save(consumer, event_id, record, attempts, error, due_at):
    """Write (or rewrite) a parked change; `due_at` None: given up, left for the redrive command."""
    item = DerivedItem(keys.consumer_retry(consumer), event_id, entity="consumer_retry", source=f"STREAM#{consumer}",
                       data={"consumer": consumer, "event_id": event_id, "record": _pack(record),
                             "attempts": attempts, "error": error[:500], "due_at": due_at})
    if due_at:
        item.gsi1pk, item.gsi1sk = keys.RETRIES_DUE, f"{due_at}#{consumer}#{event_id}"
    stamp(item, ACTOR, created=True).save()


def get(consumer, event_id):
    """The parked entry, or None."""
    try:
        return plain(DerivedItem.get(keys.consumer_retry(consumer), event_id, consistent_read=True).data)
    except DerivedItem.DoesNotExist:
        return None


def remove(consumer, event_id):
    """Forget a parked change (its consumer handled it)."""
    DerivedItem(keys.consumer_retry(consumer), event_id).delete()


def due(moment, limit=100):
    """Parked changes whose retry is due at `moment`, oldest first."""
    items, _ = query_page(DerivedItem, keys.RETRIES_DUE, index="gsi1",
                          range_key_condition=DerivedItem.gsi1sk <= moment + "~", limit=limit)
    return [plain(i.data) for i in items]


def of_consumer(consumer, cursor=None, limit=100):
    """(entries, next cursor): every change parked for `consumer`, due or given up."""
    items, next_cursor = query_page(DerivedItem, keys.consumer_retry(consumer), cursor=cursor, limit=limit)
    return [plain(i.data) for i in items], next_cursor
