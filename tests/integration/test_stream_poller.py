"""The poller hands the handler what Lambda would, with Lambda's retry and checkpoint rules."""
import base64
import json
import time
import uuid

from tests.integration.support import Recorder, eventually


def _put(table, pk, **attributes):
    client, name = table
    client.put_item(TableName=name, Item={"pk": {"S": pk}, "sk": {"S": "PROBE"}, **attributes})


def _pks(recorder, prefix):
    return [r["dynamodb"]["Keys"]["pk"]["S"] for r in recorder.snapshot()
            if r["dynamodb"]["Keys"]["pk"]["S"].startswith(prefix)]


def _recording(recorder):
    def handler(event, context):
        for record in event["Records"]:
            recorder.add(record)
        return {"batchItemFailures": []}
    return handler


def test_records_have_the_shape_of_a_lambda_dynamodb_event(table, stream_arn, start_poller):
    pk = f"ITEST#{uuid.uuid4().hex}"
    events = Recorder()
    start_poller(lambda event, context: events.add((event, context)))
    _put(table, pk, blob={"B": b"\x00\xffbinary"})

    def mine():
        return [(e, c) for e, c in events.snapshot()
                if any(r["dynamodb"]["Keys"]["pk"]["S"] == pk for r in e["Records"])]
    event, context = eventually(mine)[0]

    record = next(r for r in event["Records"] if r["dynamodb"]["Keys"]["pk"]["S"] == pk)
    assert json.loads(json.dumps(event)) == event  # plain JSON, as Lambda delivers it
    assert record["eventSource"] == "aws:dynamodb"
    assert record["eventName"] == "INSERT"
    assert record["eventSourceARN"] == stream_arn
    assert record["awsRegion"]
    created = record["dynamodb"]["ApproximateCreationDateTime"]
    assert isinstance(created, (int, float)) and abs(created - time.time()) < 120
    assert record["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert isinstance(record["dynamodb"]["SizeBytes"], int)
    assert base64.b64decode(record["dynamodb"]["NewImage"]["blob"]["B"]) == b"\x00\xffbinary"
    assert context.get_remaining_time_in_millis() > 0


def test_a_reported_failure_redelivers_that_record_and_the_later_ones_only(table, start_poller):
    prefix = f"ITEST#{uuid.uuid4().hex}#"
    for n in (1, 2, 3):
        _put(table, f"{prefix}{n}")
    seen = Recorder()
    failed_once = []

    def handler(event, context):
        for record in event["Records"]:
            seen.add(record)
        second = [r for r in event["Records"] if r["dynamodb"]["Keys"]["pk"]["S"] == f"{prefix}2"]
        if second and not failed_once:
            failed_once.append(True)
            return {"batchItemFailures": [{"itemIdentifier": second[0]["dynamodb"]["SequenceNumber"]}]}
        return {"batchItemFailures": []}

    start_poller(handler, batch_size=1000)  # the three records share one batch
    eventually(lambda: _pks(seen, prefix).count(f"{prefix}3") == 2)
    delivered = _pks(seen, prefix)
    assert delivered == [f"{prefix}1", f"{prefix}2", f"{prefix}3", f"{prefix}2", f"{prefix}3"]


def test_a_raising_handler_gets_the_whole_batch_again(table, start_poller):
    prefix = f"ITEST#{uuid.uuid4().hex}#"
    for n in (1, 2):
        _put(table, f"{prefix}{n}")
    seen = Recorder()
    failed = []  # the pks of ours in the batch that raised

    def handler(event, context):
        for record in event["Records"]:
            seen.add(record)
        ours = [r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]
                if r["dynamodb"]["Keys"]["pk"]["S"].startswith(prefix)]
        if ours and not failed:  # the stream holds other tests' history: fail the batch holding ours
            failed.extend(ours)
            raise RuntimeError("the whole invocation fails")

    start_poller(handler, batch_size=1000)
    eventually(lambda: failed and all(_pks(seen, prefix).count(pk) >= 2 for pk in failed))
    assert sorted(set(_pks(seen, prefix))) == [f"{prefix}1", f"{prefix}2"]


def test_a_restarted_poller_resumes_after_its_checkpoint(table, start_poller, tmp_path):
    prefix = f"ITEST#{uuid.uuid4().hex}#"
    checkpoints = tmp_path / "resume.json"
    first = Recorder()
    poller = start_poller(_recording(first), checkpoint_path=checkpoints)
    _put(table, f"{prefix}before")
    eventually(lambda: _pks(first, prefix))
    poller.stop()

    _put(table, f"{prefix}after")
    second = Recorder()
    start_poller(_recording(second), checkpoint_path=checkpoints)
    eventually(lambda: _pks(second, prefix))
    time.sleep(0.3)  # a replay of "before" would have arrived by now
    assert _pks(second, prefix) == [f"{prefix}after"]
    assert json.loads(checkpoints.read_text())["shards"]


def test_without_a_checkpoint_a_poller_reads_the_stream_from_its_start(table, start_poller, tmp_path):
    pk = f"ITEST#{uuid.uuid4().hex}"
    _put(table, pk)
    seen = Recorder()
    start_poller(_recording(seen), checkpoint_path=tmp_path / "fresh.json")
    assert eventually(lambda: _pks(seen, pk)) == [pk]


def test_the_app_registers_its_stream_handler_from_the_trim_horizon(app_module):
    from runner.streams import find_stream_handler

    handler, source = find_stream_handler(app_module.app)
    assert handler is app_module.on_table_change
    assert (source.starting_position, source.batch_size) == ("TRIM_HORIZON", 100)


def test_a_latest_starting_position_skips_what_came_before_the_first_start(table, start_poller, tmp_path):
    prefix = f"ITEST#{uuid.uuid4().hex}#"
    _put(table, f"{prefix}old")
    seen = Recorder()
    poller = start_poller(_recording(seen), starting_position="LATEST",
                          checkpoint_path=tmp_path / "latest.json")
    assert poller.listening.wait(10)
    _put(table, f"{prefix}new")
    eventually(lambda: _pks(seen, prefix))
    assert _pks(seen, prefix) == [f"{prefix}new"]
