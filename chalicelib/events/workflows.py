"""Consumer: the workflows a record change fires run (the active ones read once per batch)."""


def run_workflows(change):
    """Run the active workflows this change fires; a step's failure stays in its run's history."""
    from chalicelib.events.dispatcher import per_batch
    from chalicelib.services import workflow_engine
    from chalicelib.storage import workflow_runs

    found = workflow_engine.domain_event(change)
    if found is None:
        return
    active = per_batch("active_workflows", workflow_runs.active_workflows)
    if active:
        workflow_engine.handle(change.event_id, found, active)
