"""Who reacts to which table change: a list of consumers (cosmicpython's message bus).

Consumers are plain functions `consumer(change)`: the change log, the purge
of deleted partitions, the board cards, the workflow engine. Each fails on
its own: a consumer that raises gets the change parked for itself alone
(retried by the `retry_consumers` schedule), so one consumer's failure
neither replays nor drops another's work. Only when the change cannot even
be parked does the record fail, and the stream retry it for everyone (all
consumers are idempotent).

Within one stream batch, `per_batch` keeps what a consumer reads for every
change (the active workflows) so it is read once per batch.
"""
from contextlib import contextmanager

_CONSUMERS = []
_BATCH = None  # what consumers keep for the batch being handled, None outside one


class Change:
    """One item change from the stream, in plain Python values (`event_name`: INSERT | MODIFY | REMOVE).

    `record` is the Lambda stream record it came from (kept to park the change).
    """

    __slots__ = ("event_id", "event_name", "keys", "new", "old", "sequence", "record")

    def __init__(self, event_id, event_name, keys, new, old, sequence, record=None):
        self.event_id, self.event_name, self.keys = event_id, event_name, keys
        self.new, self.old, self.sequence, self.record = new, old, sequence, record

    @property
    def entity(self):
        """The item type (`user`, `person`, …), None for items outside the domain."""
        return (self.new or self.old or {}).get("entity")

    @property
    def caused_by(self):
        """Who made the change (`updated_by`): a user id, `automation:<id>:<depth>`, `booking` …"""
        return (self.new or self.old or {}).get("updated_by")


def plain(value):
    """Stream values (Decimal numbers, sets) as JSON-friendly Python."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [plain(v) for v in value]
    return value


def subscribe(consumer):
    """Call `consumer(change)` for every change from now on."""
    if consumer not in _CONSUMERS:
        _CONSUMERS.append(consumer)


def unsubscribe(consumer):
    """Stop calling `consumer`."""
    if consumer in _CONSUMERS:
        _CONSUMERS.remove(consumer)


def consumers():
    """The subscribed consumers, in order."""
    return list(_CONSUMERS)


def consumer_named(name):
    """The subscribed consumer called `name`, or None."""
    return next((c for c in _CONSUMERS if c.__name__ == name), None)


@contextmanager
def batch():
    """The span of one stream batch: what `per_batch` loads inside it is loaded once."""
    global _BATCH
    outer, _BATCH = _BATCH, {}
    try:
        yield
    finally:
        _BATCH = outer


def per_batch(name, load):
    """`load()`, once per stream batch (outside a batch, on every call)."""
    if _BATCH is None:
        return load()
    if name not in _BATCH:
        _BATCH[name] = load()
    return _BATCH[name]


def dispatch(change):
    """Hand `change` to every consumer; a failing one gets it parked for a retry of its own.

    :raise: only when a failure could not be parked (the stream then retries the record).
    """
    for consumer in list(_CONSUMERS):
        try:
            consumer(change)
        except Exception as exc:  # noqa: BLE001 - one consumer's failure is its own
            from chalicelib.events.retries import park

            park(consumer.__name__, change, exc)
