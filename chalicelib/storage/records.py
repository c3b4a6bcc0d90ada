"""What every mutable record shares: audit fields, optimistic locking, soft delete."""
from pynamodb.connection import Connection
from pynamodb.transactions import TransactWrite

from chalicelib import config
from chalicelib.domain.clock import now, to_iso
from chalicelib.errors import Conflict, NotFound
from chalicelib.storage.conditions import conflict_on_condition

_CONNECTION = None


def _connection():
    """The connection of transactions and batch reads: the models' endpoint (see `use_endpoint`)."""
    global _CONNECTION
    if _CONNECTION is None:
        from chalicelib.storage.models import Item

        _CONNECTION = Connection(region=config.AWS_REGION, host=Item.Meta.host)
    return _CONNECTION


def transaction():
    """A TransactWrite on the table's endpoint (PynamoDB needs the connection given)."""
    return TransactWrite(connection=_connection())


BATCH_GET_MAX = 100  # keys DynamoDB accepts in one BatchGetItem


def get_many(wanted, consistent=False):
    """Items of several types by key: {(pk, sk): item}; absent keys are left out.

    `wanted` is a list of (model, pk, sk). PynamoDB batches one model at a
    time; the table is shared, so one BatchGetItem serves them all (one per
    100 keys).
    """
    models = {(pk, sk): model for model, pk, sk in wanted}
    keys = list(models)
    found = {}
    for start in range(0, len(keys), BATCH_GET_MAX):
        chunk = keys[start:start + BATCH_GET_MAX]
        request = {config.TABLE_NAME: {"Keys": [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in chunk],
                                       "ConsistentRead": consistent}}
        while request:
            response = _connection().client.batch_get_item(RequestItems=request)
            for raw in response["Responses"].get(config.TABLE_NAME, []):
                key = (raw["pk"]["S"], raw["sk"]["S"])
                found[key] = models[key].from_raw_data(raw)
            request = response.get("UnprocessedKeys") or None  # throttled keys: ask again
    return found


def save_if_absent(item):
    """Save a new item unless one exists at its key; True when this call created it.

    Only a failed condition means "already there": a throttle or an outage is
    an error the caller must hear about, not a silent "exists".
    """
    from pynamodb.exceptions import PutError

    from chalicelib.storage.conditions import is_condition_failure

    try:
        item.save(condition=type(item).pk.does_not_exist())
    except PutError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


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


def update_versioned(model, pk, sk, changes, expected_version, actor, what="Record"):
    """Apply `changes` in one conditional UpdateItem; return the updated item.

    The condition (exists, not deleted, version unchanged) replaces a read
    before the write, so an edit costs one request; only when it fails does a
    read tell a missing record (404) from a stale version (409).
    :raise NotFound: no such live record. :raise Conflict: stale version.
    """
    from pynamodb.exceptions import UpdateError

    item = model(pk, sk)
    item.version = expected_version  # PynamoDB conditions the update on it and adds 1
    moment = to_iso(now())
    actions = [getattr(model, name).set(value) if value is not None else getattr(model, name).remove()
               for name, value in changes.items()]
    actions += [model.updated_at.set(moment), model.updated_by.set(actor)]
    try:
        item.update(actions=actions, condition=model.pk.exists() & model.deleted_at.does_not_exist())
    except UpdateError as exc:
        from chalicelib.storage.conditions import is_condition_failure

        if not is_condition_failure(exc):
            raise
        check_version(get_item(model, pk, sk, what=what, consistent=True), expected_version)
        raise Conflict("This record was changed by someone else. Reload and try again.",
                       code="version_conflict")
    return item
