"""Fixed-window counters for rate limits (one UpdateItem each, purged by TTL)."""
import time

from chalicelib.storage import keys
from chalicelib.storage.models import CounterItem


def _window(window_seconds):
    return int(time.time()) // window_seconds * window_seconds


def hit(scope, key, window_seconds):
    """Count one event for (scope, key) in the current window; return the window's total."""
    start = _window(window_seconds)
    counter = CounterItem(keys.rate(scope, key), str(start))
    counter.update(actions=[CounterItem.count.add(1),
                            CounterItem.ttl.set(start + 2 * window_seconds)])
    return int(counter.count)


def reserve(pairs, limit, window_seconds, attempts=4):
    """Count one attempt on every counter of `pairs` [(scope, key)], unless one is at `limit`.

    All or none, in one conditional transaction: attempts racing in parallel
    cannot together go past the limit. Returns the counters' keys, for
    `release` or `clear`; None when a counter is at its limit.
    """
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.storage.conditions import is_condition_failure
    from chalicelib.storage.records import transaction

    start = _window(window_seconds)
    counters = [CounterItem(keys.rate(scope, key), str(start)) for scope, key in pairs]
    for attempt in range(attempts):
        try:
            with transaction() as tx:
                for counter in counters:
                    tx.update(counter, actions=[CounterItem.count.add(1),
                                                CounterItem.ttl.set(start + 2 * window_seconds)],
                              condition=CounterItem.count.does_not_exist() | (CounterItem.count < limit))
            return [(c.pk, c.sk) for c in counters]
        except TransactWriteError as exc:
            if is_condition_failure(exc):
                return None
            if attempt + 1 == attempts:
                return None  # contended by a burst of attempts: that burst is what the limit stops
            time.sleep(0.02 * (attempt + 1))
    return None


def release(tx, reserved):
    """Give back reserved attempts inside transaction `tx` (a success does not count)."""
    for pk, sk in reserved:
        tx.update(CounterItem(pk, sk), actions=[CounterItem.count.add(-1)])


def clear(tx, scope, key, window_seconds):
    """Forget the current window's count of (scope, key) inside transaction `tx`."""
    tx.delete(CounterItem(keys.rate(scope, key), str(_window(window_seconds))))
