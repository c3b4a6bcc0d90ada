"""Pipelines: one record item each, listed on gsi1."""
from chalicelib.storage import keys
from chalicelib.storage.derived import record_key
from chalicelib.storage.models import RecordItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.record_store import RECORD_SK, get, state_of
from chalicelib.storage.records import save_if_absent, stamp

LIST = keys.PIPELINES


def create_if_absent(pipeline_id, data, position, actor):
    """Create a pipeline unless one with this id exists."""
    item = stamp(RecordItem(record_key("pipeline", pipeline_id), RECORD_SK, entity="pipeline",
                            id=pipeline_id, name=data["name"], data=data,
                            gsi1pk=LIST, gsi1sk=keys.pipeline_position(position, pipeline_id)), actor, created=True)
    return save_if_absent(item)


def list_all():
    """Every pipeline in board order (one Query)."""
    items, _ = query_page(RecordItem, LIST, index="gsi1", limit=100)
    return [state_of(i) for i in items]


def get_one(pipeline_id):
    """:raise NotFound: no such pipeline."""
    return get(record_key("pipeline", pipeline_id), what="Pipeline")


def replace(pipeline_id, data, version, actor):
    """Save an edited pipeline read at `version`. :raise NotFound, Conflict: stale version."""
    from chalicelib.storage.records import update_versioned

    item = update_versioned(RecordItem, record_key("pipeline", pipeline_id), RECORD_SK,
                            {"data": data, "name": data["name"]}, version, actor, what="Pipeline")
    return state_of(item)
