"""What every mutable record shares: audit fields, optimistic locking, soft delete."""
from pynamodb.connection import Connection
from pynamodb.transactions import TransactWrite

from chalicelib import config
from chalicelib.domain.clock import epoch_after, now, to_iso
from chalicelib.errors import Conflict, NotFound
from chalicelib.storage.conditions import conflict_on_condition

SOFT_DELETE_DAYS = 30
_CONNECTION = None


def transaction():
    """A TransactWrite on the table's endpoint (PynamoDB needs the connection given)."""
    global _CONNECTION
    if _CONNECTION is None:
        _CONNECTION = Connection(region=config.AWS_REGION, host=config.DYNAMODB_ENDPOINT)
    return TransactWrite(connection=_CONNECTION)


def stamp(item, actor, created=False):
    """Set `updated_at`/`updated_by` (and `created_at`) before a write."""
    moment = to_iso(now())
    if created:
        item.created_at = moment
    item.updated_at = moment
    item.updated_by = actor
    return item


def get_item(model, pk, sk, what="Record", consistent=False, include_deleted=False):
    """The item at (pk, sk).

    :raise NotFound: absent, or soft-deleted unless `include_deleted`.
    """
    try:
        item = model.get(pk, sk, consistent_read=consistent)
    except model.DoesNotExist:
        raise NotFound(f"{what} not found.")
    if getattr(item, "deleted_at", None) and not include_deleted:
        raise NotFound(f"{what} not found.")
    return item


def check_version(item, expected):
    """:raise Conflict: the client edited from a version that is no longer current."""
    if item.version != expected:
        raise Conflict("This record was changed by someone else. Reload and try again.",
                       details={"version": item.version}, code="version_conflict")


def save_changes(item, changes, expected_version, actor):
    """Apply `changes` to `item` if `expected_version` is current; a racing write gets 409.

    The version check before the write gives a clear 409 without a request;
    the VersionAttribute condition on the write catches the race in between.
    """
    check_version(item, expected_version)
    for name, value in changes.items():
        setattr(item, name, value)
    stamp(item, actor)
    with conflict_on_condition("This record was changed by someone else. Reload and try again.",
                               code="version_conflict"):
        item.save()
    return item


def soft_delete(item, actor):
    """Mark deleted; the TTL purges it after SOFT_DELETE_DAYS unless restored."""
    moment = now()
    item.deleted_at = to_iso(moment)
    item.ttl = epoch_after(moment, days=SOFT_DELETE_DAYS)
    stamp(item, actor)
    with conflict_on_condition("This record was changed by someone else. Reload and try again.",
                               code="version_conflict"):
        item.save()
    return item


def restore(item, actor):
    """Undo `soft_delete`."""
    item.deleted_at = None
    item.ttl = None
    stamp(item, actor)
    with conflict_on_condition("This record was changed by someone else. Reload and try again.",
                               code="version_conflict"):
        item.save()
    return item
