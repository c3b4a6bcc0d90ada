"""Failed DynamoDB conditions become `Conflict`; nothing else does.

Only a failed condition is a conflict a user can resolve (reload, retry);
any other error (an unsupported operation, a throttle) stays an error.
"""
from contextlib import contextmanager

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError

from chalicelib.errors import Conflict


def is_condition_failure(exc):
    """True when `exc` is a PynamoDB write error caused by a failed condition."""
    if isinstance(exc, TransactWriteError):
        return exc.cause_response_code == "TransactionCanceledException" and any(
            reason is not None and reason.code == "ConditionalCheckFailed"
            for reason in (exc.cancellation_reasons or [])
        )
    if isinstance(exc, (PutError, UpdateError, DeleteError)):
        return exc.cause_response_code == "ConditionalCheckFailedException"
    return False


def is_transaction_conflict(exc):
    """True when a transaction lost a race with another one on the same items (retrying may work)."""
    if not isinstance(exc, TransactWriteError):
        return False
    return exc.cause_response_code == "TransactionInProgressException" or any(
        reason is not None and reason.code == "TransactionConflict" for reason in (exc.cancellation_reasons or []))


BUSY = "Someone else is changing this right now. Try again."


@contextmanager
def conflict_on_condition(message, details=None, code="conflict"):
    """Turn a failed condition inside the block into `Conflict(message)` (a lost race: `busy`)."""
    try:
        yield
    except (PutError, UpdateError, DeleteError, TransactWriteError) as exc:
        if is_condition_failure(exc):
            raise Conflict(message, details=details, code=code) from exc
        if is_transaction_conflict(exc):
            raise Conflict(BUSY, code="busy") from exc
        raise
