"""Scheduled jobs. Each one is idempotent: running it twice changes nothing more."""
from chalicelib.domain.clock import now_iso
from chalicelib.storage import system


def heartbeat():
    """Record that the scheduler runs, so `/api/health` style checks can see a stuck one."""
    moment = now_iso()
    system.record_run("heartbeat", moment)
    return moment
