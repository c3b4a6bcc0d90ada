"""Workflow runs: one item per (workflow, stream event), the history users read and the ledger that keeps
each step acting once (storage README rows 30-31)."""
from chalicelib.storage import keys
from chalicelib.storage.models import DerivedItem, RecordItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.record_store import plain, state_of
from chalicelib.storage.records import stamp


def active_workflows():
    """Every active workflow (one Query of the sparse index: a team has tens)."""
    return [state_of(item) for item in RecordItem.gsi2.query(keys.ACTIVE_WORKFLOWS)]


def get(workflow_id, event_id):
    """The run of a workflow for a stream event, or None."""
    try:
        return plain(DerivedItem.get(keys.workflow_run(workflow_id, event_id), keys.RUN, consistent_read=True).data)
    except DerivedItem.DoesNotExist:
        return None


def save(run, actor):
    """Write a run: listed by workflow and account-wide by when it began, by when it resumes if waiting."""
    item = DerivedItem(keys.workflow_run(run["workflow_id"], run["event_id"]), keys.RUN, entity="workflow_run",
                       source=f"WORKFLOW#{run['workflow_id']}", data=run,
                       gsi1pk=keys.workflow_runs(run["workflow_id"]), gsi1sk=f"{run['at']}#{run['event_id']}",
                       gsi2pk=keys.RUNS, gsi2sk=f"{run['at']}#{run['workflow_id']}#{run['event_id']}")
    if run["status"] == "waiting":
        item.gsi3pk, item.gsi3sk = keys.RUNS_WAITING, f"{run['resume_at']}#{run['workflow_id']}#{run['event_id']}"
    stamp(item, actor, created=True).save()


def page(workflow_id=None, cursor=None, limit=50):
    """(runs, next_cursor), newest first: of one workflow, or of the whole account."""
    hash_key, index = (keys.workflow_runs(workflow_id), "gsi1") if workflow_id else (keys.RUNS, "gsi2")
    items, next_cursor = query_page(DerivedItem, hash_key, index=index, cursor=cursor, limit=limit, newest_first=True)
    return [plain(i.data) for i in items], next_cursor


def due(now, limit=100):
    """Runs waiting whose time to resume has come."""
    items, _ = query_page(DerivedItem, keys.RUNS_WAITING, index="gsi3",
                          range_key_condition=DerivedItem.gsi3sk <= now + "~", limit=limit)
    return [plain(i.data) for i in items]


def claim_once(name, actor):
    """Claim a once-only marker (an email step sent): True when this call got it."""
    from chalicelib.storage.records import save_if_absent

    return save_if_absent(stamp(DerivedItem(keys.once(name), keys.CLAIM, entity="once", source="workflow",
                                            data={}), actor, created=True))
