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


def totals(pairs, window_seconds):
    """{(scope, key): count in the current window} for several counters, one BatchGetItem."""
    from chalicelib.storage.records import get_many

    start = str(_window(window_seconds))
    wanted = {(keys.rate(scope, key), start): (scope, key) for scope, key in pairs}
    found = get_many([(CounterItem, pk, sk) for pk, sk in wanted])
    return {pair: int(found[k].count) if k in found else 0 for k, pair in wanted.items()}
