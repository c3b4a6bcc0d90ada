"""After the trash: when DynamoDB's TTL purges a deleted record, clear what it left behind.

The record's partition still holds its change log, and organizations that
listed a purged organization among their relations still name it. Both go.
Running twice changes nothing more (at-least-once delivery).
"""
from chalicelib.domain.access import system_principal
from chalicelib.domain.records import BY_PREFIX, TYPES
from chalicelib.storage import keys

PURGER = system_principal("purge")


def purge_partition(change):
    """Consumer: a trashed record's TTL removal empties its partition and drops relations to it."""
    if (change.event_name != "REMOVE" or change.keys.get("sk") != keys.RECORD
            or change.entity not in TYPES or not (change.old or {}).get("deleted_at")):
        return  # only the purge of a trashed record, never a live one
    from chalicelib.storage.models import PartitionItem
    from chalicelib.storage.record_store import query_partition

    pk = change.keys["pk"]
    cursor, leftovers = None, []
    while True:
        items, cursor = query_partition(pk, newest_first=False, cursor=cursor, limit=200)
        leftovers += items
        if not cursor:
            break
    for item in leftovers:
        if item.sk.startswith(keys.RELATED):
            _drop_relation(item.source, change.keys["pk"].split("#", 1)[1])
    with PartitionItem.batch_write() as batch:
        for item in leftovers:
            batch.delete(item)


def _drop_relation(holder_pk, purged_id, attempts=3):
    """Remove `purged_id` from the related list of the organization at `holder_pk`."""
    from chalicelib.errors import Conflict, NotFound
    from chalicelib.services import records
    from chalicelib.storage import record_store

    entity = BY_PREFIX[holder_pk.split("#", 1)[0]].entity
    for _ in range(attempts):
        try:
            holder = record_store.get(holder_pk)
        except NotFound:
            return  # itself in the trash or gone: its own purge or restore deals with it
        related = [r for r in holder["data"].get("related", []) if r["org_id"] != purged_id]
        if len(related) == len(holder["data"].get("related", [])):
            return
        try:
            records.update(PURGER, entity, holder["id"], {"related": related, "version": holder["version"]})
            return
        except Conflict:
            continue  # edited meanwhile: read again
