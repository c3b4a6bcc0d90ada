"""Rate limits on what anonymous clients can call (DESIGN §9)."""
from chalicelib import config
from chalicelib.errors import TooManyRequests
from chalicelib.storage import counters as counts


def throttle(scope, key, limit, window_seconds):
    """Count one call of `key` under `scope`.

    :raise TooManyRequests: more than `limit` calls in the current window.
    """
    if counts.hit(scope, key or "unknown", window_seconds) > limit:
        raise TooManyRequests("Too many attempts. Try again in a few minutes.",
                              headers={"Retry-After": str(window_seconds)})


def throttle_failures(counters, limit, window_seconds):
    """:raise TooManyRequests: any of `counters` [(scope, key)] reached `limit` failures (one read)."""
    if any(count >= limit for count in counts.totals(counters, window_seconds).values()):
        raise TooManyRequests("Too many failed attempts. Try again in a few minutes.",
                              headers={"Retry-After": str(window_seconds)})


def record_failures(counters, window_seconds):
    """Count one failure on each of `counters`."""
    for scope, key in counters:
        counts.hit(scope, key, window_seconds)


def throttle_public(scope, client_ip):
    """The default limit of a public endpoint, per client address."""
    throttle(scope, client_ip, config.PUBLIC_MAX_REQUESTS, config.PUBLIC_WINDOW_SECONDS)
