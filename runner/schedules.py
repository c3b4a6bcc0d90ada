"""Fires the app's `@app.schedule` handlers on a timer, as EventBridge does in AWS.

`rate(...)` schedules run once shortly after start, then at their rate:
a local run is restarted often, and the handlers are idempotent (DESIGN §5),
so waiting a full day for the first stale-deal pass would only hide bugs.
`cron(...)` schedules run when the UTC minute matches, as EventBridge rules do.
"""
import logging
import re
import time
import uuid
from datetime import datetime, timezone

from runner.lambda_context import LambdaContext
from runner.worker import Worker

log = logging.getLogger(__name__)

_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
_WEEKDAYS = "SUN MON TUE WED THU FRI SAT".split()  # EventBridge numbers them 1-7


def find_schedules(chalice_app):
    """(name, expression string, handler) of every `@app.schedule`, blueprints included."""
    found = []
    for source in chalice_app.event_sources:
        expression = getattr(source, "schedule_expression", None)
        if expression is None:
            continue
        if not isinstance(expression, str):
            expression = expression.to_string()
        found.append((source.name, expression, chalice_app.handler_map[source.name]))
    return found


def rate_seconds(expression):
    """Seconds between runs of `rate(N unit)`, or None for other expressions."""
    match = re.fullmatch(r"\s*rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)\s*", expression, re.I)
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()] if match else None


def _field_values(field, low, high, names=(), offset=0):
    """The set of values a cron field allows; None means any."""
    if field in ("*", "?"):
        return None
    values = set()
    for part in field.split(","):
        step = 1
        if "/" in part:
            part, step = part.split("/")
            step = int(step)
        if part == "*":
            start, end = low, high
        elif "-" in part:
            start, end = (_cron_number(p, names, offset) for p in part.split("-"))
        else:
            start = _cron_number(part, names, offset)
            end = high if step > 1 else start
        values.update(range(start, end + 1, step))
    return values


def _cron_number(token, names, offset):
    token = token.upper()
    return names.index(token) + offset if token in names else int(token)


def cron_matcher(expression):
    """A predicate on a UTC datetime for `cron(min hour dom month dow year)`.

    :raise ValueError: the expression uses L, W or # (not run locally).
    """
    match = re.fullmatch(r"\s*cron\((.*)\)\s*", expression, re.I)
    fields = match.group(1).split() if match else []
    # L and W (day of month), L and # (day of week) need calendar maths not worth it here;
    # no weekday name holds an L, so the check is safe on names like WED.
    if len(fields) != 6 or re.search(r"[LW]", fields[2].upper()) or re.search(r"[L#]", fields[4].upper()):
        raise ValueError(f"unsupported schedule expression {expression!r}")
    minutes, hours, days, months, weekdays, years = (
        _field_values(fields[0], 0, 59), _field_values(fields[1], 0, 23),
        _field_values(fields[2], 1, 31), _field_values(fields[3], 1, 12, _MONTHS, 1),
        _field_values(fields[4], 1, 7, _WEEKDAYS, 1), _field_values(fields[5], 1970, 2199))

    def matches(moment):
        weekday = (moment.weekday() + 1) % 7 + 1  # Monday 0 -> 2, Sunday 6 -> 1
        pairs = ((minutes, moment.minute), (hours, moment.hour), (days, moment.day),
                 (months, moment.month), (weekdays, weekday), (years, moment.year))
        return all(allowed is None or value in allowed for allowed, value in pairs)
    return matches


def scheduled_event(name, region, account="000000000000"):
    """The event EventBridge sends a scheduled Lambda."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    return {
        "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
        "source": "aws.events", "account": account,
        "time": now.isoformat().replace("+00:00", "Z"), "region": region,
        "resources": [f"arn:aws:events:{region}:{account}:rule/{name}"], "detail": {},
    }


class _Job:
    def __init__(self, name, expression, handler, first_delay):
        self.name, self.expression, self.handler = name, expression, handler
        self.interval = rate_seconds(expression)
        self.matches = None if self.interval else cron_matcher(expression)
        self.next_run = time.monotonic() + first_delay
        self.last_minute = None

    def due(self, now):
        if self.interval:
            if time.monotonic() < self.next_run:
                return False
            self.next_run = time.monotonic() + self.interval
            return True
        minute = now.replace(second=0, microsecond=0)
        if minute == self.last_minute or not self.matches(minute):
            return False
        self.last_minute = minute
        return True


class Scheduler(Worker):
    """A thread running every schedule of a Chalice app; a failing handler is logged, never fatal."""

    def __init__(self, schedules, region="eu-west-3", first_delay=2.0, tick=1.0):
        super().__init__("schedules")
        self.jobs = []
        for name, expression, handler in schedules:
            try:
                self.jobs.append(_Job(name, expression, handler, first_delay))
            except ValueError as exc:
                log.warning("schedule %s not run locally: %s", name, exc)
        self.region = region
        self.tick = tick



    def _run(self):
        while not self._stop.is_set():
            now = datetime.now(timezone.utc)
            for job in self.jobs:
                if self._stop.is_set() or not job.due(now):
                    continue
                try:
                    job.handler(scheduled_event(job.name, self.region),
                                LambdaContext(job.name, region=self.region))
                except Exception:  # noqa: BLE001 - the next run may succeed
                    log.exception("schedule %s failed", job.name)
            self._stop.wait(self.tick)
