"""Operational state: when each schedule last ran."""
from chalicelib.storage import keys
from chalicelib.storage.models import SystemItem
from chalicelib.storage.records import stamp


def record_run(name, moment):
    """Remember that schedule `name` ran at `moment` (ISO)."""
    item = stamp(SystemItem(keys.SYSTEM, keys.schedule(name), entity="system", last_run_at=moment),
                 f"schedule:{name}", created=True)
    item.save()


def last_runs():
    """{schedule name: last run ISO} (one Query)."""
    return {item.sk.split("#", 1)[1]: item.last_run_at
            for item in SystemItem.query(keys.SYSTEM, SystemItem.sk.startswith(keys.schedule("")))}


def claim(name, actor):
    """Claim a once-only marker (`pk = SYSTEM`, `sk = name`, a week to live); True when this call got it."""
    import time

    from chalicelib.storage.records import save_if_absent

    item = stamp(SystemItem(keys.SYSTEM, name, entity="system", ttl=int(time.time()) + 7 * 86400), actor,
                 created=True)
    return save_if_absent(item)
