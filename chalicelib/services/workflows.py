"""Workflows as users read them: their run history, and the templates they start from."""
from chalicelib.domain import workflows as rules
from chalicelib.errors import NotFound
from chalicelib.storage import record_store, workflow_runs
from chalicelib.storage.derived import record_key


def runs(workflow_id=None, cursor=None, limit=50):
    """A page of runs, newest first: of one workflow (:raise NotFound: no such workflow), or all of them."""
    if workflow_id is not None:
        record_store.get(record_key("workflow", workflow_id), what="Workflow", include_deleted=True)
    items, next_cursor = workflow_runs.page(workflow_id, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


def _proposal_stage(pipeline):
    """The stage a "deal reaches a stage" template starts on: the proposal one, else the middle open one."""
    stages = [s for s in sorted(pipeline["data"]["stages"], key=lambda s: s["position"]) if s["kind"] == "open"]
    for stage in stages:
        if any(word in stage["name"].lower() for word in ("proposition", "proposal", "devis", "quote")):
            return stage["id"]
    return stages[len(stages) // 2]["id"] if stages else None


def templates(principal):
    """The three one-click workflows, in the user's language, on the default pipeline and the activity types."""
    from chalicelib.domain.settings import ACTIVITY_TYPES_KEY
    from chalicelib.storage import pipelines, settings

    language = getattr(principal.user, "language", None) or "en"
    try:
        stage_id = _proposal_stage(pipelines.get_one("default"))
    except NotFound:
        stage_id = None
    try:
        types = [t["key"] for t in settings.get(ACTIVITY_TYPES_KEY)["data"]["items"]]
    except NotFound:
        types = []
    call = "call" if "call" in types or not types else types[0]
    onboarding = next((t for t in ("task", "meeting") if t in types), call)
    return {"items": rules.templates(language, stage_id, call, onboarding), "next_cursor": None}
