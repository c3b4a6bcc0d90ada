"""The redrive command: dead-lettered stream records and parked changes go through the consumers again."""
import json

import boto3
import pytest

from runner.redrive import redrive_file, redrive_parked, redrive_queue
from runner.streams import find_stream_handler, lambda_record
from tests.api.records_helpers import make_person, page


def stream_record_of(stream_arn, pk):
    """The raw stream record that created item `pk`, and its shard."""
    streams = boto3.client("dynamodbstreams")
    for shard in streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        for record in streams.get_records(ShardIterator=iterator, Limit=1000)["Records"]:
            if record["dynamodb"]["Keys"]["pk"]["S"] == pk and record["eventName"] == "INSERT":
                return shard["ShardId"], record
    raise AssertionError(f"no stream record for {pk}")


def changes_on(client, person):
    return [e for e in page(client, f"/persons/{person['id']}/timeline")["items"] if e["kind"] == "change"]


@pytest.fixture
def handler(app):
    return find_stream_handler(app)[0]


def test_a_dead_letter_message_is_read_back_from_the_stream_and_deleted_once_it_passed(admin, aws, handler):
    ada = make_person(admin, "Ada")
    shard, record = stream_record_of(aws, f"PERSON#{ada['id']}")
    sqs = boto3.client("sqs")
    queue = sqs.create_queue(QueueName="stream-dlq")["QueueUrl"]
    sequence = record["dynamodb"]["SequenceNumber"]
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({
        "requestContext": {"condition": "RetryAttemptsExhausted"}, "DDBStreamBatchInfo": {
            "shardId": shard, "streamArn": aws, "startSequenceNumber": sequence, "endSequenceNumber": sequence,
            "batchSize": 1}}))
    assert changes_on(admin, ada) == []  # the stream was never delivered
    assert redrive_queue(sqs, boto3.client("dynamodbstreams"), queue, handler, "eu-west-3") == (1, 0)
    assert [e["event"] for e in changes_on(admin, ada)] == ["created"]
    assert sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0).get("Messages") is None


def test_the_local_dead_letter_file_keeps_only_what_fails_again(admin, aws, handler, tmp_path):
    ada = make_person(admin, "Ada")
    shard, record = stream_record_of(aws, f"PERSON#{ada['id']}")
    good = {"condition": "RetryAttemptsExhausted", "record": lambda_record(record, aws, "eu-west-3")}
    poison = {"condition": "RetryAttemptsExhausted", "record": {"eventID": "x", "eventName": "INSERT"}}
    dlq = tmp_path / "dlq.jsonl"
    dlq.write_text(json.dumps(good) + "\n" + json.dumps(poison) + "\n")
    assert redrive_file(dlq, handler) == (1, 1)
    assert [e["event"] for e in changes_on(admin, ada)] == ["created"]
    assert [json.loads(line)["record"]["eventID"] for line in dlq.read_text().splitlines()] == ["x"]
    assert redrive_file(dlq, handler) == (0, 1)  # twice: nothing more happens to what passed
    assert len(changes_on(admin, ada)) == 1


def test_changes_a_consumer_gave_up_on_pass_once_it_is_fixed(admin, stream, monkeypatch):
    from chalicelib.events import retries
    from chalicelib.storage import consumer_retries

    monkeypatch.setattr(retries, "MAX_ATTEMPTS", 1)  # parked straight away as given up
    from chalicelib.events import changelog

    def down(*args):
        raise RuntimeError("change log down")
    monkeypatch.setattr(changelog, "describe", down)
    ada = make_person(admin, "Ada")
    stream.drain()
    [entry] = consumer_retries.of_consumer("log_change")[0]
    assert entry["due_at"] is None and "change log down" in entry["error"]
    assert changes_on(admin, ada) == []
    assert retries.retry_due()["retried"] == 0  # given up: only the redrive brings it back
    monkeypatch.undo()
    assert redrive_parked() == (1, 0)
    assert [e["event"] for e in changes_on(admin, ada)] == ["created"]
    assert consumer_retries.of_consumer("log_change")[0] == []
