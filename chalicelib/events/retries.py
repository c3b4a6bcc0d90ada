"""A stream consumer's failed changes, retried for it alone until they pass or it gives up.

Backoff: 1, 2, 4 … minutes up to an hour between tries; after `MAX_ATTEMPTS`
the change stays parked without a due time, listed for the operator's
redrive command (`python -m runner.redrive --parked`, README).
"""
from datetime import timedelta

from chalicelib.domain.clock import now, to_iso
from chalicelib.logs import log_exception

MAX_ATTEMPTS = 8


def _describe(exc):
    message = getattr(exc, "message", None) or str(exc)
    return f"{type(exc).__name__}: {message}"[:500]


def _next_try(attempts, moment):
    return to_iso(moment + timedelta(minutes=min(2 ** (attempts - 1), 60)))


def park(consumer, change, exc, attempts=1):
    """Keep `change` for `consumer` to retry (logged with the error).

    :raise: the storage error when it cannot be kept (the stream retries the record for everyone).
    """
    from chalicelib.storage import consumer_retries

    log_exception("stream consumer failed; change parked for it", consumer=consumer, event_id=change.event_id,
                  attempts=attempts)
    if change.record is None:
        raise exc  # nothing to park (a change built outside the stream): fail loudly
    due_at = _next_try(attempts, now()) if attempts < MAX_ATTEMPTS else None
    consumer_retries.save(consumer, change.event_id, change.record, attempts, _describe(exc), due_at)


def retry(entry):
    """Run one parked change through its consumer again: True when it passed (and is forgotten)."""
    from chalicelib.events import consumers
    from chalicelib.events.stream import to_change
    from chalicelib.storage import consumer_retries

    consumer = consumers.named(entry["consumer"])
    record = consumer_retries.unpack(entry)
    change = to_change(record)
    if consumer is None:  # a consumer since removed: nothing left to do with it
        consumer_retries.remove(entry["consumer"], entry["event_id"])
        return True
    try:
        consumer(change)
    except Exception as exc:  # noqa: BLE001 - counted and parked again
        attempts = int(entry.get("attempts", 1)) + 1
        park(entry["consumer"], change, exc, attempts=attempts)
        return False
    consumer_retries.remove(entry["consumer"], entry["event_id"])
    return True


def retry_due(moment=None):
    """The schedule's pass: every parked change whose time has come, once."""
    from chalicelib.storage import consumer_retries

    entries = consumer_retries.due(to_iso(moment or now()))
    passed = sum(1 for entry in entries if retry(entry))
    return {"retried": len(entries), "passed": passed}
