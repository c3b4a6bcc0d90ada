"""The table stream reaches the app's consumers through the poller and the real Lambda handler.

GIVEN the app's `on_table_change` polled by the local runner's poller,
WHEN items change in DynamoDB Local,
THEN dispatcher consumers receive each change in order, with its images.
"""
import json
import uuid

import pytest

from tests.integration.support import Recorder, eventually


@pytest.fixture
def consumer():
    """Subscribe a consumer to the app's dispatcher for one test."""
    from chalicelib.events import dispatcher

    subscribed = []

    def subscribe(function):
        dispatcher.subscribe(function)
        subscribed.append(function)
        return function

    yield subscribe
    for function in subscribed:
        dispatcher.unsubscribe(function)


def _probe_key():
    return {"pk": {"S": f"ITEST#{uuid.uuid4().hex}"}, "sk": {"S": "PROBE"}}


def test_insert_modify_and_remove_reach_a_consumer_with_their_images(app_module, table, consumer, start_poller):
    client, name = table
    key = _probe_key()
    pk = key["pk"]["S"]
    changes = Recorder()
    consumer(lambda change: changes.add(change) if change.keys.get("pk") == pk else None)
    start_poller(app_module.on_table_change)

    client.put_item(TableName=name, Item={**key, "entity": {"S": "integration_probe"},
                                           "label": {"S": "first"}, "count": {"N": "1"}})
    client.update_item(TableName=name, Key=key, UpdateExpression="SET label = :l, #c = :c",
                       ExpressionAttributeNames={"#c": "count"},
                       ExpressionAttributeValues={":l": {"S": "second"}, ":c": {"N": "2"}})
    client.delete_item(TableName=name, Key=key)

    eventually(lambda: len(changes.snapshot()) >= 3)
    seen = changes.snapshot()
    insert, modify, remove = seen
    assert [c.event_name for c in seen] == ["INSERT", "MODIFY", "REMOVE"]
    assert insert.keys == {"pk": pk, "sk": "PROBE"}
    assert insert.entity == "integration_probe"
    assert insert.old is None and insert.new["label"] == "first" and insert.new["count"] == 1
    assert modify.old["label"] == "first" and modify.new["label"] == "second" and modify.new["count"] == 2
    assert remove.new is None and remove.old["label"] == "second"
    assert remove.entity == "integration_probe"
    assert len({c.event_id for c in seen}) == 3


def test_a_consumers_failure_is_parked_for_it_and_the_stream_goes_on(app_module, table, consumer, start_poller):
    from datetime import timedelta

    from chalicelib.domain.clock import now
    from chalicelib.events import retries
    from chalicelib.storage import consumer_retries

    client, name = table
    run = uuid.uuid4().hex
    deliveries = Recorder()

    def picky(change):
        label = change.keys.get("pk", "").rpartition("#")[2]
        if change.keys.get("pk", "").startswith(f"ITEST#{run}#"):
            deliveries.add(label)
            if label == "poison":
                raise RuntimeError("this record always fails")
    picky.__name__ = f"picky_{run}"

    consumer(picky)
    start_poller(app_module.on_table_change, max_retries=2)
    for label in ("before", "poison", "after"):
        client.put_item(TableName=name, Item={"pk": {"S": f"ITEST#{run}#{label}"}, "sk": {"S": "PROBE"},
                                              "entity": {"S": "integration_probe"}})
    eventually(lambda: "after" in deliveries.snapshot())
    assert deliveries.snapshot() == ["before", "poison", "after"]  # once each: nothing replayed
    [parked] = consumer_retries.of_consumer(picky.__name__)[0]
    assert parked["attempts"] == 1 and "always fails" in parked["error"] and parked["due_at"]
    retries.retry_due(now() + timedelta(hours=2))  # its turn comes: it fails again, counted
    assert deliveries.snapshot() == ["before", "poison", "after", "poison"]
    assert consumer_retries.of_consumer(picky.__name__)[0][0]["attempts"] == 2
    consumer_retries.remove(picky.__name__, parked["event_id"])


def test_a_record_that_cannot_even_be_parked_is_retried_then_dead_lettered_and_later_records_still_arrive(
        app_module, table, consumer, start_poller, tmp_path, monkeypatch):
    from chalicelib.storage import consumer_retries

    def storage_down(*args):
        raise ConnectionError("the table is unreachable")
    monkeypatch.setattr(consumer_retries, "save", storage_down)
    client, name = table
    run = uuid.uuid4().hex
    keys = {label: {"pk": {"S": f"ITEST#{run}#{label}"}, "sk": {"S": "PROBE"}}
            for label in ("before", "poison", "after")}
    deliveries = Recorder()

    def fragile(change):
        label = change.keys.get("pk", "").rpartition("#")[2]
        if change.keys.get("pk", "").startswith(f"ITEST#{run}#"):
            deliveries.add(label)
            if label == "poison":
                raise RuntimeError("this record always fails")

    consumer(fragile)
    responses = Recorder()

    def handler(event, context):
        response = app_module.on_table_change(event, context)
        responses.add(response)
        return response

    start_poller(handler, max_retries=2)
    for label, key in keys.items():
        client.put_item(TableName=name, Item={**key, "entity": {"S": "integration_probe"}})

    eventually(lambda: "after" in deliveries.snapshot())
    assert deliveries.snapshot().count("before") == 1  # done records are not redelivered
    assert deliveries.snapshot().count("poison") == 3  # first attempt + max_retries
    assert deliveries.snapshot().count("after") == 1
    reported = [f["itemIdentifier"] for r in responses.snapshot() for f in r["batchItemFailures"]]
    assert len(reported) == 3
    dead = [json.loads(line) for line in (tmp_path / "dlq.jsonl").read_text().splitlines()]
    assert len(dead) == 1
    assert dead[0]["record"]["dynamodb"]["Keys"]["pk"] == keys["poison"]["pk"]
    assert dead[0]["record"]["dynamodb"]["SequenceNumber"] == reported[0]
    assert dead[0]["approximateInvokeCount"] == 3
