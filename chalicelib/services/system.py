"""The state of the running system: whether the database answers, when schedules last ran."""
from chalicelib.domain.clock import now_iso
from chalicelib.storage import system


def health():
    """{status, database, time, schedules}: one Query, which is both the probe and the report."""
    try:
        schedules, database = system.last_runs(), "ok"
    except Exception:  # noqa: BLE001 - any failure to reach the table is what this reports
        schedules, database = {}, "unavailable"
    return {"status": "ok" if database == "ok" else "degraded", "database": database, "time": now_iso(),
            "schedules": schedules}
