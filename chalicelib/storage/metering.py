"""Counts DynamoDB requests per API call through a botocore event hook.

PynamoDB builds its botocore session with `botocore.session.get_session`
inside `pynamodb.connection.base`; wrapping that one factory registers the
hook on every client PynamoDB makes, including ones built lazily later.
The count feeds the request log line and `make bench` (DESIGN §11).
"""
import contextvars

_count = contextvars.ContextVar("ddb_requests", default=0)
_operations = contextvars.ContextVar("ddb_operations", default=())
_installed = False


def _on_call(model=None, **_):
    _count.set(_count.get() + 1)
    _operations.set(_operations.get() + (getattr(model, "name", "?"),))


def watch(session):
    """Count every DynamoDB API call made by clients of a botocore `session`."""
    session.register("before-call.dynamodb", _on_call)
    return session


def install():
    """Hook PynamoDB's session factory once per process."""
    global _installed
    if _installed:
        return
    from pynamodb.connection import base

    original = base.get_session
    base.get_session = lambda: watch(original())
    _installed = True


def reset():
    """Start counting from zero (at the start of a request)."""
    _count.set(0)
    _operations.set(())


def count():
    """DynamoDB calls made since the last `reset` in this context."""
    return _count.get()


def operations():
    """The DynamoDB operations made since the last `reset`, in order (e.g. GetItem, Query)."""
    return list(_operations.get())
