"""Scheduled jobs. Each one is idempotent: running it twice changes nothing more."""
from chalicelib.domain.clock import now_iso
from chalicelib.storage import system


def heartbeat():
    """Record that the scheduler runs, so `/api/health` style checks can see a stuck one."""
    moment = now_iso()
    system.record_run("heartbeat", moment)
    return moment


def finish_deletions():
    """Finish deletions a crash stopped midway: their linked records all go to the trash with them.

    Only deletions begun two minutes ago or more, so a deletion still running
    in a request is left to finish itself. Finishing twice changes nothing.
    """
    from datetime import timedelta

    from chalicelib.domain.access import system_principal
    from chalicelib.domain.clock import now, to_iso
    from chalicelib.services import records
    from chalicelib.storage import record_lists

    moment = now()
    pending = record_lists.pending_deletions(to_iso(moment - timedelta(minutes=2)))
    records.finish_deletions(system_principal("deletions"), pending)
    system.record_run("finish_deletions", to_iso(moment))
    return {"finished": len(pending)}


def remind_stale_deals():
    """A reminder per stale deal per stage entry, and each owner's daily digest (idempotent)."""
    from chalicelib.services import stale_deals

    moment = now_iso()
    outcome = stale_deals.run(moment)
    system.record_run("remind_stale_deals", moment)
    return outcome


def resume_workflows():
    """Workflow runs whose wait is over continue from the step after it (idempotent: a run resumes once)."""
    from chalicelib.services import workflow_engine

    moment = now_iso()
    resumed = workflow_engine.resume_due()
    system.record_run("resume_workflows", moment)
    return {"resumed": resumed}


def retry_consumers():
    """Changes a stream consumer failed on, retried for it alone once their time has come."""
    from chalicelib.events.retries import retry_due

    moment = now_iso()
    outcome = retry_due()
    system.record_run("retry_consumers", moment)
    return outcome
