"""The stream handler under load (issue 9): 1,000 table stream records in Lambda's batches of 100.

On DynamoDB Local, through every consumer (change log, purge, cards,
workflows) with the three template workflows and a fourth that fires on
every new person active. The workflow lookup is counted per batch (the bar:
at most one); records per second are the handler's own time.
"""
import time

RECORDS = 1000
BATCH = 100


def stream_rows():
    """(lines to print, worst lookups per batch)."""
    import app
    from chalicelib.domain.access import Principal
    from chalicelib.services import records, workflows
    from chalicelib.services.bootstrap import bootstrap
    from chalicelib.storage import metering, tables, users, workflow_runs
    from chalicelib.storage.models import use_endpoint
    from runner import dynamodb_local
    from runner.lambda_context import LambdaContext
    from runner.streams import lambda_record

    engine = dynamodb_local.start(in_memory=True)
    try:
        use_endpoint(engine.endpoint)
        stream_arn = tables.create_table(engine.client())
        bootstrap("admin@example.com", "bench password 1")
        user = users.find_by_email("admin@example.com")
        admin = Principal(user.id, "admin", "bench", "bench", user=user)
        for template in workflows.templates(admin)["items"]:
            records.create(admin, "workflow", {k: v for k, v in template.items() if k != "key"})
        records.create(admin, "workflow", {"name": "New person → welcome note",
                                           "trigger": {"entity": "person", "event": "created"},
                                           "actions": [{"type": "add_note", "params": {
                                               "content": "Bienvenue {{ person.name }}"}}]})
        started = time.perf_counter()
        batch = []
        while len(_records(engine, stream_arn)) < RECORDS:
            for _ in range(20):
                person = records.create(admin, "person", {"name": f"Person {len(batch):04d}", "tags": ["bench"]})
                batch.append(person)
                records.create(admin, "deal", {"title": f"Deal {len(batch):04d}", "person_id": person["id"]})
        seeded = time.perf_counter() - started
        stream = [lambda_record(r, stream_arn, "eu-west-3") for r in _records(engine, stream_arn)[:RECORDS]]
        lookups = []
        real = workflow_runs.active_workflows

        def counted():
            lookups[-1] += 1
            return real()
        workflow_runs.active_workflows = counted
        requests, handled = 0, 0.0
        try:
            for start in range(0, RECORDS, BATCH):
                lookups.append(0)
                metering.reset()
                began = time.perf_counter()
                result = app.on_table_change({"Records": stream[start:start + BATCH]}, LambdaContext("bench"))
                handled += time.perf_counter() - began
                requests += len(metering.operations())
                assert result == {"batchItemFailures": []}, result
        finally:
            workflow_runs.active_workflows = real
        runs = len(workflow_runs.page(None, limit=100)[0])
    finally:
        engine.stop()
    worst = max(lookups)
    return [f"  {RECORDS} records ({len(batch)} persons and deals written in {seeded:.0f} s), {len(lookups)} batches "
            f"of {BATCH}: workflow lookups per batch {worst} (budget 1), {RECORDS / handled:.0f} records/s, "
            f"{requests / RECORDS:.2f} DynamoDB requests per record, {runs}{'+' if runs == 100 else ''} runs"], worst


def _records(engine, stream_arn):
    """Every record of the table stream so far, in order (one shard on DynamoDB Local)."""
    client = engine.client("dynamodbstreams")
    found = []
    for shard in client.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]:
        iterator = client.get_shard_iterator(StreamArn=stream_arn, ShardId=shard["ShardId"],
                                             ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while iterator:
            page = client.get_records(ShardIterator=iterator, Limit=1000)
            found += page["Records"]
            if not page["Records"]:
                break
            iterator = page.get("NextShardIterator")
    return found
