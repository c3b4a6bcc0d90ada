"""The table stream handler: records to `Change`s to consumers, failures reported per record.

Lambda's ReportBatchItemFailures contract: on the first failing record we
report its sequence number and stop, so it and every later record of the
batch are retried in order; earlier ones are not redelivered. Consumers
must still be idempotent (delivery is at least once).
"""
from chalicelib.events.dispatcher import Change, dispatch
from chalicelib.logs import log_exception

_DESERIALIZER = None


def _plain(image):
    global _DESERIALIZER
    if image is None:
        return None
    if _DESERIALIZER is None:
        from boto3.dynamodb.types import TypeDeserializer

        _DESERIALIZER = TypeDeserializer()
    return {k: _DESERIALIZER.deserialize(v) for k, v in image.items()}


def to_change(record):
    """The `Change` carried by one Lambda DynamoDB stream record."""
    data = record["dynamodb"]
    return Change(event_id=record["eventID"], event_name=record["eventName"],
                  keys=_plain(data.get("Keys")) or {}, new=_plain(data.get("NewImage")),
                  old=_plain(data.get("OldImage")), sequence=data.get("SequenceNumber", ""))


def handle_records(records):
    """Dispatch each record; return the Lambda partial-batch response."""
    import chalicelib.events.consumers  # noqa: F401 - subscribes the consumers once
    for record in records:
        try:
            dispatch(to_change(record))
        except Exception:
            sequence = (record.get("dynamodb") or {}).get("SequenceNumber")
            log_exception("stream record failed", event_id=record.get("eventID"), sequence=sequence)
            return {"batchItemFailures": [{"itemIdentifier": sequence}]}
    return {"batchItemFailures": []}
