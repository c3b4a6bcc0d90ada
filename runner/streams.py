"""Reads the table stream of DynamoDB Local and calls the app's stream handler like Lambda.

What Lambda's event source mapping does, and so this poller too:
- records of a shard arrive in order, in batches, parent shards before children;
- the handler gets the Lambda event as JSON (binary attributes in base64,
  `ApproximateCreationDateTime` in epoch seconds);
- `batchItemFailures` (or a raised exception) makes the first failed record
  and every later one come again; after `max_retries` retries the record is
  a poison record: it goes to the dead-letter file and the shard moves on.
Checkpoints are saved per shard, so a restart resumes where it stopped
instead of replaying the whole retained stream (delivery stays at-least-once).
"""
import base64
import json
import logging
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

from runner.lambda_context import LambdaContext
from runner.worker import Worker

log = logging.getLogger(__name__)


def find_stream_handler(chalice_app):
    """The app's DynamoDB stream handler and its registration (name, batch_size, starting_position).

    :raise LookupError: the app registers no `on_dynamodb_record` handler.
    """
    for source in chalice_app.event_sources:
        if hasattr(source, "stream_arn"):
            return chalice_app.handler_map[source.name], source
    raise LookupError("the app has no @app.on_dynamodb_record handler")


def lambda_record(record, stream_arn, region):
    """One record of the stream API turned into the record a Lambda event carries."""
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = created.timestamp()
    out = {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": record.get("awsRegion") or region,
        "dynamodb": _jsonable(dynamodb),
        "eventSourceARN": stream_arn,
    }
    if "userIdentity" in record:  # TTL deletions say who removed the item
        out["userIdentity"] = record["userIdentity"]
    return out


def _jsonable(value):
    # botocore decodes B / BS values to bytes; the Lambda event has them in base64.
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


class StreamPoller(Worker):
    """A thread delivering one table stream to one handler(event, context)."""

    def __init__(self, client, stream_arn, handler, *, function_name="stream_handler",
                 checkpoint_path=None, dlq_path=None, batch_size=100, max_retries=3,
                 poll_interval=0.5, region="eu-west-3", starting_position="TRIM_HORIZON"):
        super().__init__("stream-poller")
        self.client = client  # a boto3 "dynamodbstreams" client
        self.stream_arn = stream_arn
        self.handler = handler
        self.function_name = function_name
        self.checkpoint_path = Path(checkpoint_path) if checkpoint_path else None
        self.dlq_path = Path(dlq_path) if dlq_path else None
        self.batch_size = batch_size
        self.max_retries = max_retries
        self.poll_interval = poll_interval
        self.region = region
        self.starting_position = starting_position  # for shards without a checkpoint at start
        self._listed = False
        self._checkpoints = self._load_checkpoints()  # shard id -> last sequence number done
        self._iterators = {}  # shard id -> shard iterator, for shards being read
        self._finished = set()  # closed shards read to their end
        self._attempts = {}  # (shard id, sequence number) -> failed deliveries
        self.listening = threading.Event()  # set once every shard has an iterator



    def poll_once(self):
        """One pass over every shard; returns how many records were delivered."""
        self._refresh_shards()
        delivered = 0
        for shard_id in list(self._iterators):
            if self._stop.is_set():
                break
            delivered += self._poll_shard(shard_id)
        return delivered

    def drain(self, max_passes=20):
        """Deliver until a pass finds nothing new (tests use it instead of the thread)."""
        for _ in range(max_passes):
            if not self.poll_once():
                return

    def _run(self):
        while not self._stop.is_set():
            delivered = 0
            try:
                delivered = self.poll_once()
            except Exception:  # noqa: BLE001 - the poller outlives engine hiccups
                log.exception("stream poller: pass failed, retrying")
            if not delivered:
                self._stop.wait(self.poll_interval)

    def _refresh_shards(self):
        shards, kwargs = [], {}
        while True:
            description = self.client.describe_stream(StreamArn=self.stream_arn, **kwargs)["StreamDescription"]
            shards += description.get("Shards", [])
            if not description.get("LastEvaluatedShardId"):
                break
            kwargs = {"ExclusiveStartShardId": description["LastEvaluatedShardId"]}
        live = {shard["ShardId"] for shard in shards}
        for shard in shards:
            shard_id, parent = shard["ShardId"], shard.get("ParentShardId")
            if shard_id in self._iterators or shard_id in self._finished:
                continue
            if parent in live and parent not in self._finished:
                continue  # a child waits for its parent, as Lambda keeps per-key order
            self._iterators[shard_id] = self._iterator(shard_id, initial=not self._listed)
        self._listed = True
        self.listening.set()
        # Shards trimmed off the stream (24 h retention) need no checkpoint any more.
        self._finished &= live
        for shard_id in set(self._checkpoints) - live:
            del self._checkpoints[shard_id]

    def _iterator(self, shard_id, at=None, initial=False):
        args = {"StreamArn": self.stream_arn, "ShardId": shard_id}
        done = self._checkpoints.get(shard_id)
        if at:
            args.update(ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber=at)
        elif done:
            args.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=done)
        elif initial:
            # A new event source mapping: the position the app registered.
            args.update(ShardIteratorType=self.starting_position)
        else:
            # A shard opened while polling (a child of a read one): all of it is news.
            args.update(ShardIteratorType="TRIM_HORIZON")
        try:
            return self.client.get_shard_iterator(**args)["ShardIterator"]
        except self.client.exceptions.TrimmedDataAccessException:
            log.warning("stream poller: checkpoint of %s trimmed away; reading from its start", shard_id)
            return self.client.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard_id,
                                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]

    def _poll_shard(self, shard_id):
        try:
            page = self.client.get_records(ShardIterator=self._iterators[shard_id], Limit=self.batch_size)
        except self.client.exceptions.ExpiredIteratorException:
            self._iterators[shard_id] = self._iterator(shard_id)
            return 0
        records, following = page.get("Records", []), page.get("NextShardIterator")
        done = self._deliver(shard_id, records) if records else 0
        if done < len(records):
            # Lambda semantics: the failed record and all later ones come again.
            self._iterators[shard_id] = self._iterator(shard_id, at=records[done]["dynamodb"]["SequenceNumber"])
            return 0  # let the poll interval pass before the retry
        if following:
            self._iterators[shard_id] = following
        else:
            del self._iterators[shard_id]
            self._finished.add(shard_id)
        return len(records)

    def _deliver(self, shard_id, records):
        """Invoke the handler with one batch; return how many leading records are done."""
        batch = [lambda_record(record, self.stream_arn, self.region) for record in records]
        failed = self._invoke(batch)
        if failed is None:
            self._checkpoint(shard_id, records[-1]["dynamodb"]["SequenceNumber"])
            return len(records)
        if failed:
            self._checkpoint(shard_id, records[failed - 1]["dynamodb"]["SequenceNumber"])
        sequence = records[failed]["dynamodb"]["SequenceNumber"]
        attempts = self._attempts.get((shard_id, sequence), 0) + 1
        self._attempts[(shard_id, sequence)] = attempts
        if attempts <= self.max_retries:
            log.warning("stream poller: record %s failed (attempt %d), retrying", sequence, attempts)
            return failed
        log.error("stream poller: record %s failed %d times; sent to the dead-letter file",
                  sequence, attempts)
        self._dead_letter(shard_id, batch[failed], attempts)
        self._checkpoint(shard_id, sequence)
        return failed + 1

    def _invoke(self, batch):
        """Index of the first failed record of `batch`, or None when all succeeded."""
        # A JSON round trip hands the handler exactly what Lambda would.
        event = json.loads(json.dumps({"Records": batch}))
        try:
            response = self.handler(event, LambdaContext(self.function_name, region=self.region))
        except Exception:  # noqa: BLE001 - a raising handler fails the whole batch
            log.exception("stream handler raised; the batch will be retried")
            return 0
        failures = response.get("batchItemFailures") if isinstance(response, dict) else None
        if not failures:
            return None
        sequences = [record["dynamodb"]["SequenceNumber"] for record in batch]
        identifiers = [item.get("itemIdentifier") if isinstance(item, dict) else None for item in failures]
        if any(identifier not in sequences for identifier in identifiers):
            return 0  # Lambda treats a malformed report as a failed batch
        return min(sequences.index(identifier) for identifier in identifiers)

    def _checkpoint(self, shard_id, sequence):
        self._checkpoints[shard_id] = sequence
        for key in [key for key in self._attempts if key[0] == shard_id and int(key[1]) <= int(sequence)]:
            del self._attempts[key]
        if self.checkpoint_path:
            data = {"stream_arn": self.stream_arn, "shards": self._checkpoints}
            temporary = self.checkpoint_path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data, indent=1))
            os.replace(temporary, self.checkpoint_path)  # never a half-written file

    def _load_checkpoints(self):
        if not self.checkpoint_path or not self.checkpoint_path.exists():
            return {}
        try:
            data = json.loads(self.checkpoint_path.read_text())
        except ValueError:
            log.warning("stream poller: unreadable %s ignored", self.checkpoint_path)
            return {}
        # Checkpoints of another stream (the table was recreated) mean nothing here.
        return dict(data.get("shards", {})) if data.get("stream_arn") == self.stream_arn else {}

    def _dead_letter(self, shard_id, record, attempts):
        # Shaped like Lambda's on-failure destination message, plus the record itself.
        sequence = record["dynamodb"]["SequenceNumber"]
        entry = {
            "timestamp": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
            "condition": "RetryAttemptsExhausted",
            "approximateInvokeCount": attempts,
            "DDBStreamBatchInfo": {
                "shardId": shard_id, "streamArn": self.stream_arn, "batchSize": 1,
                "startSequenceNumber": sequence, "endSequenceNumber": sequence,
            },
            "record": record,
        }
        if self.dlq_path:
            self.dlq_path.parent.mkdir(parents=True, exist_ok=True)
            with self.dlq_path.open("a", encoding="utf-8") as dlq:
                dlq.write(json.dumps(entry) + "\n")
