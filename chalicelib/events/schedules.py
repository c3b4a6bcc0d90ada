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
