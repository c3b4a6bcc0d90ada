"""Structured logs: one JSON object per line, easy to query in CloudWatch Logs Insights."""
import json
import logging
import sys

from chalicelib import config

_LOGGER = None


def logger():
    """The application logger, writing bare JSON lines."""
    global _LOGGER
    if _LOGGER is None:
        _LOGGER = logging.getLogger("crm.json")  # not "crm": Chalice owns the app-name logger
        _LOGGER.setLevel(config.LOG_LEVEL)
        if not _LOGGER.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(message)s"))
            _LOGGER.addHandler(handler)
        _LOGGER.propagate = False
    return _LOGGER


def log(level, message, **fields):
    """Write `{"level", "msg", **fields}` as one line."""
    logger().log(getattr(logging, level.upper()),
                 json.dumps({"level": level, "msg": message, **fields}, default=str))


def log_exception(message, **fields):
    """`log("error", …)` with the current exception's stack trace."""
    import traceback

    log("error", message, trace=traceback.format_exc(), **fields)
