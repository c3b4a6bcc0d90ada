"""The stream handler reports the first failing record so Lambda retries from there."""
import pytest

from chalicelib.events import dispatcher
from chalicelib.events.stream import handle_records


def record(seq, name="Ada", event="INSERT"):
    return {"eventID": f"e{seq}", "eventName": event, "dynamodb": {
        "Keys": {"pk": {"S": f"USER#{seq}"}, "sk": {"S": "USER"}},
        "NewImage": {"pk": {"S": f"USER#{seq}"}, "sk": {"S": "USER"}, "entity": {"S": "user"},
                     "name": {"S": name}, "version": {"N": "2"}, "updated_by": {"S": "u9"}},
        "SequenceNumber": str(seq)}}


@pytest.fixture
def seen():
    changes = []

    def consumer(change):
        if change.new and change.new.get("name") == "poison":
            raise ValueError("cannot handle")
        changes.append(change)

    dispatcher.subscribe(consumer)
    yield changes
    dispatcher.unsubscribe(consumer)


def test_records_reach_consumers_as_plain_values(seen):
    assert handle_records([record(1), record(2)]) == {"batchItemFailures": []}
    assert [c.keys["pk"] for c in seen] == ["USER#1", "USER#2"]
    assert seen[0].entity == "user" and seen[0].new["version"] == 2 and seen[0].caused_by == "u9"


@pytest.fixture
def parked(monkeypatch):
    """What the dispatcher parks for a failing consumer (storage replaced by a list)."""
    from chalicelib.storage import consumer_retries

    kept = []
    monkeypatch.setattr(consumer_retries, "save", lambda consumer, event_id, record, attempts, error, due_at:
                        kept.append((consumer, event_id, attempts, error, due_at is not None)))
    return kept


def test_a_failing_consumer_gets_the_change_parked_and_the_others_still_see_it(seen, parked):
    others = []
    dispatcher.subscribe(others.append)
    try:
        result = handle_records([record(1), record(2, "poison"), record(3)])
    finally:
        dispatcher.unsubscribe(others.append)
    assert result == {"batchItemFailures": []}
    assert [c.keys["pk"] for c in seen] == ["USER#1", "USER#3"]
    assert [c.keys["pk"] for c in others] == ["USER#1", "USER#2", "USER#3"]
    assert parked == [("consumer", "e2", 1, "ValueError: cannot handle", True)]


def test_when_the_change_cannot_be_parked_the_record_fails_and_later_ones_wait_for_the_retry(seen, monkeypatch):
    from chalicelib.storage import consumer_retries

    def outage(*args):
        raise ConnectionError("DynamoDB unreachable")
    monkeypatch.setattr(consumer_retries, "save", outage)
    result = handle_records([record(1), record(2, "poison"), record(3)])
    assert result == {"batchItemFailures": [{"itemIdentifier": "2"}]}
    assert [c.keys["pk"] for c in seen] == ["USER#1"]


def test_what_a_consumer_keeps_per_batch_is_loaded_once_per_batch():
    loads = []

    def consumer(change):
        dispatcher.per_batch("thing", lambda: loads.append(1) or "loaded")

    dispatcher.subscribe(consumer)
    try:
        handle_records([record(1), record(2), record(3)])
        handle_records([record(4)])
    finally:
        dispatcher.unsubscribe(consumer)
    assert len(loads) == 2


def test_stream_images_read_as_boto3_reads_them():
    """Our small reader of DynamoDB JSON agrees with boto3's TypeDeserializer on every type."""
    from boto3.dynamodb.types import TypeDeserializer

    from chalicelib.events.stream import _plain

    image = {"s": {"S": "Zoé"}, "n": {"N": "12.50"}, "i": {"N": "-3"}, "b": {"BOOL": False}, "z": {"NULL": True},
             "m": {"M": {"tags": {"L": [{"S": "vip"}, {"N": "1"}]}}}, "bin": {"B": "aGk="},
             "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}}
    expected = {k: TypeDeserializer().deserialize(v if "B" not in v else {"B": b"hi"}) for k, v in image.items()}
    assert _plain(image) == expected
