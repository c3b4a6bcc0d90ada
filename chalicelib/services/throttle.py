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


def throttle_public(scope, client_key):
    """The default limit of a public endpoint, per client (address, or IPv6 /64)."""
    throttle(scope, client_key, config.PUBLIC_MAX_REQUESTS, config.PUBLIC_WINDOW_SECONDS)
