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


def test_the_first_failure_is_reported_and_later_records_wait_for_the_retry(seen):
    result = handle_records([record(1), record(2, "poison"), record(3)])
    assert result == {"batchItemFailures": [{"itemIdentifier": "2"}]}
    assert [c.keys["pk"] for c in seen] == ["USER#1"]


def test_stream_images_read_as_boto3_reads_them():
    """Our small reader of DynamoDB JSON agrees with boto3's TypeDeserializer on every type."""
    from boto3.dynamodb.types import TypeDeserializer

    from chalicelib.events.stream import _plain

    image = {"s": {"S": "Zoé"}, "n": {"N": "12.50"}, "i": {"N": "-3"}, "b": {"BOOL": False}, "z": {"NULL": True},
             "m": {"M": {"tags": {"L": [{"S": "vip"}, {"N": "1"}]}}}, "bin": {"B": "aGk="},
             "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}}
    expected = {k: TypeDeserializer().deserialize(v if "B" not in v else {"B": b"hi"}) for k, v in image.items()}
    assert _plain(image) == expected
