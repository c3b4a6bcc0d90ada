"""Rate limits on what anonymous clients can call (DESIGN §9)."""
from chalicelib import config
from chalicelib.errors import TooManyRequests
from chalicelib.storage import counters


def throttle(scope, key, limit, window_seconds):
    """Count one call of `key` under `scope`.

    :raise TooManyRequests: more than `limit` calls in the current window.
    """
    if counters.hit(scope, key or "unknown", window_seconds) > limit:
        raise TooManyRequests("Too many attempts. Try again in a few minutes.",
                              headers={"Retry-After": str(window_seconds)})


# Public reads that must stay at their access pattern's minimum (a booking page's slots:
# the link and its owner's busy time, DESIGN §11) are counted in this process's memory
# instead of in DynamoDB: a warm Lambda keeps one client to the limit without a write.
# Their tokens are 256-bit, so guessing is not what this limit is for; load is.
IN_MEMORY = {"scheduler-read", "portal-read"}
_WINDOWS = {}


def _hit_in_memory(scope, key, window_seconds):
    import time

    window = int(time.time()) // window_seconds
    counts = _WINDOWS.setdefault((scope, window), {})
    for old in [w for w in _WINDOWS if w[1] < window]:
        del _WINDOWS[old]
    counts[key] = counts.get(key, 0) + 1
    return counts[key]


def throttle_public(scope, client_key):
    """The default limit of a public endpoint, per client (address, or IPv6 /64).

    :raise TooManyRequests: over CRM_PUBLIC_MAX_REQUESTS in the window.
    """
    if scope in IN_MEMORY:
        if _hit_in_memory(scope, client_key or "unknown", config.PUBLIC_WINDOW_SECONDS) > config.PUBLIC_MAX_REQUESTS:
            raise TooManyRequests("Too many requests. Try again in a minute.",
                                  headers={"Retry-After": str(config.PUBLIC_WINDOW_SECONDS)})
        return
    throttle(scope, client_key, config.PUBLIC_MAX_REQUESTS, config.PUBLIC_WINDOW_SECONDS)
