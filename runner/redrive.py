"""Redrive what the stream gave up on: dead-lettered records, and changes a consumer gave up on.

  make redrive
      The local run's: `.data/dlq.jsonl` (records that failed every retry)
      and the changes a consumer parked past its retries. Stop `make run`
      first: this starts DynamoDB Local on the same data.
  python -m runner.redrive --queue-url <StreamDeadLetterQueueUrl>
      In AWS, with the stack's environment (CRM_TABLE, AWS_REGION,
      credentials): each message of the on-failure queue names a range of
      the table stream; its records are read back (the stream keeps them 24
      hours) and handed to the app's stream handler. A message whose records
      all passed is deleted; the others stay for the next try.
  ... --parked (with either): only the consumers' parked changes.

Every consumer is idempotent, so redriving twice changes nothing more.
"""
import argparse
import json
import logging
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

log = logging.getLogger("redrive")


def _passed(handler, records):
    """Whether the app's stream handler took every record (Lambda's partial-batch contract)."""
    from runner.lambda_context import LambdaContext

    response = handler(json.loads(json.dumps({"Records": records})), LambdaContext("redrive"))
    return not (isinstance(response, dict) and response.get("batchItemFailures"))


def redrive_file(path, handler):
    """Hand each dead letter of the local run's file to `handler`; keep those that fail again.

    :return: (redriven, kept).
    """
    path = Path(path)
    if not path.exists():
        return 0, 0
    kept, done = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if _passed(handler, [entry["record"]]):
            done += 1
        else:
            kept.append(line)
    temporary = path.with_suffix(".tmp")
    temporary.write_text("".join(k + "\n" for k in kept), encoding="utf-8")
    os.replace(temporary, path)
    return done, len(kept)


def stream_range(streams, info, region):
    """The records of a dead-letter message's range, read back from the table stream, as Lambda sends them."""
    from runner.streams import lambda_record

    iterator = streams.get_shard_iterator(StreamArn=info["streamArn"], ShardId=info["shardId"],
                                          ShardIteratorType="AT_SEQUENCE_NUMBER",
                                          SequenceNumber=info["startSequenceNumber"])["ShardIterator"]
    last, found = int(info["endSequenceNumber"]), []
    while iterator:
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        for record in page.get("Records", []):
            if int(record["dynamodb"]["SequenceNumber"]) > last:
                return found
            found.append(lambda_record(record, info["streamArn"], region))
        if not page.get("Records"):
            break
        iterator = page.get("NextShardIterator")
    return found


def redrive_queue(sqs, streams, queue_url, handler, region):
    """Redrive every message of the stream's on-failure queue. :return: (redriven, kept)."""
    done, kept, seen = 0, 0, set()
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                       VisibilityTimeout=300).get("Messages", [])
        fresh = [m for m in messages if m["MessageId"] not in seen]
        if not fresh:
            return done, kept
        for message in fresh:
            seen.add(message["MessageId"])
            info = json.loads(message["Body"]).get("DDBStreamBatchInfo") or {}
            try:
                records = stream_range(streams, info, region)
            except Exception:  # noqa: BLE001 - a trimmed or missing range stays in the queue, reported
                log.exception("cannot read back %s", info)
                records = []
            if records and _passed(handler, records):
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
                done += 1
            else:
                log.warning("kept in the queue: %s (%d records read back)", info, len(records))
                kept += 1


def redrive_parked():
    """Retry every change a consumer parked, due or given up on. :return: (passed, still failing)."""
    import chalicelib.events.consumers  # noqa: F401 - subscribes the consumers
    from chalicelib.events import dispatcher, retries
    from chalicelib.storage import consumer_retries

    passed = failed = 0
    for consumer in dispatcher.consumers():
        cursor = ""
        while cursor is not None:
            entries, cursor = consumer_retries.of_consumer(consumer.__name__, cursor=cursor or None)
            for entry in entries:
                if retries.retry(entry):
                    passed += 1
                else:
                    failed += 1
    return passed, failed


def _local_run_is_up(port):
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _local(data_dir):
    """Start DynamoDB Local on the local run's data; the app's stream handler and a stop function."""
    from runner import dynamodb_local
    from runner.__main__ import configure_environment
    from runner.streams import find_stream_handler

    engine = dynamodb_local.start(db_path=data_dir / "ddb", log_path=data_dir / "dynamodb-local.log")
    configure_environment(int(os.environ.get("PORT") or 8000), data_dir, engine.endpoint)
    from chalicelib import config
    from chalicelib.storage import tables

    os.environ["CRM_STREAM_ARN"] = config.STREAM_ARN = tables.create_table(engine.client())
    import app as app_module

    return find_stream_handler(app_module.app)[0], engine.stop


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queue-url", help="the stack's StreamDeadLetterQueueUrl (AWS); default: the local run")
    parser.add_argument("--parked", action="store_true", help="only the changes consumers parked")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for chatty in ("botocore", "pynamodb"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if args.queue_url:
        import boto3

        import app as app_module
        from runner.streams import find_stream_handler

        handler, stop = find_stream_handler(app_module.app)[0], (lambda: None)
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        if not args.parked:
            print("dead letters: %d redriven, %d kept" % redrive_queue(
                boto3.client("sqs"), boto3.client("dynamodbstreams"), args.queue_url, handler, region))
    else:
        if _local_run_is_up(int(os.environ.get("PORT") or 8000)):
            print("The local run is up: stop `make run` first (both would use .data).", file=sys.stderr)
            return 1
        data_dir = Path(os.environ.get("CRM_DATA_DIR") or REPO_ROOT / ".data").resolve()
        handler, stop = _local(data_dir)
        if not args.parked:
            print("dead letters: %d redriven, %d kept" % redrive_file(data_dir / "dlq.jsonl", handler))
    try:
        print("parked changes: %d passed, %d still failing" % redrive_parked())
    finally:
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
