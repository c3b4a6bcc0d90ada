"""The table stream handler: records to `Change`s to consumers, failures reported per record.

A consumer's failure parks the change for that consumer (dispatcher). Only
when parking fails does a record fail, with Lambda's ReportBatchItemFailures
contract: we report its sequence number and stop, so it and every later
record of the batch are retried in order; earlier ones are not redelivered.
Consumers must still be idempotent (delivery is at least once).
"""
import base64
from decimal import Decimal

from chalicelib.events.dispatcher import Change, batch, dispatch
from chalicelib.logs import log_exception


def _value(typed):
    """One DynamoDB-JSON value as Python, as boto3's TypeDeserializer gives it (numbers as Decimal).

    Written here because importing boto3 for this alone costs a cold stream Lambda ~15 ms.
    """
    (kind, value), = typed.items()
    if kind in ("S", "BOOL"):
        return value
    if kind == "N":
        return Decimal(value)
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: _value(v) for k, v in value.items()}
    if kind == "L":
        return [_value(v) for v in value]
    if kind == "B":
        return base64.b64decode(value)
    if kind == "SS":
        return set(value)
    if kind == "NS":
        return {Decimal(v) for v in value}
    if kind == "BS":
        return {base64.b64decode(v) for v in value}
    raise ValueError(f"unknown DynamoDB type {kind}")


def _plain(image):
    return None if image is None else {k: _value(v) for k, v in image.items()}


def to_change(record):
    """The `Change` carried by one Lambda DynamoDB stream record."""
    data = record["dynamodb"]
    return Change(event_id=record["eventID"], event_name=record["eventName"],
                  keys=_plain(data.get("Keys")) or {}, new=_plain(data.get("NewImage")),
                  old=_plain(data.get("OldImage")), sequence=data.get("SequenceNumber", ""), record=record)


def handle_records(records):
    """Dispatch each record; return the Lambda partial-batch response."""
    import chalicelib.events.consumers  # noqa: F401 - subscribes the consumers once
    with batch():
        for record in records:
            try:
                dispatch(to_change(record))
            except Exception:
                sequence = (record.get("dynamodb") or {}).get("SequenceNumber")
                log_exception("stream record failed", event_id=record.get("eventID"), sequence=sequence)
                return {"batchItemFailures": [{"itemIdentifier": sequence}]}
    return {"batchItemFailures": []}
