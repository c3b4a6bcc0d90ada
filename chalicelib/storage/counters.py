"""Fixed-window counters for rate limits (one UpdateItem each, purged by TTL)."""
import time

from chalicelib.storage import keys
from chalicelib.storage.models import CounterItem


def hit(scope, key, window_seconds):
    """Count one event for (scope, key) in the current window; return the window's total."""
    start = int(time.time()) // window_seconds * window_seconds
    counter = CounterItem(keys.rate(scope, key), str(start))
    counter.update(actions=[CounterItem.count.add(1),
                            CounterItem.ttl.set(start + 2 * window_seconds)])
    return int(counter.count)
