"""Running workflows from table changes: each (workflow, stream event, step) acts once in effect.

The stream handler hands every change here; the active workflows are read
once per batch. A run is recorded per (workflow, stream event): a
redelivered batch finds it and does nothing more. An action's writes carry
ids derived from (workflow, event, step), so even a step interrupted before
its run was saved does not act twice; an email claims its step before it
goes. A workflow's own writes do not fire it, and a chain of workflows
firing each other stops at depth 3 with a "loop" run in the history. A
failing step is retried, then parked in the history with the error in words.
"""
import time
from datetime import datetime, timedelta

from chalicelib.domain import workflows as rules
from chalicelib.domain.access import Principal
from chalicelib.domain.changes import field_changes
from chalicelib.domain.clock import now, to_iso
from chalicelib.domain.ids import derived_id
from chalicelib.domain.records import LINKS, TYPES
from chalicelib.errors import Conflict, DomainError
from chalicelib.events.dispatcher import plain
from chalicelib.logs import log_exception
from chalicelib.storage import keys, record_store, workflow_runs
from chalicelib.storage.derived import record_key

ATTEMPTS = 3
ACTOR = "system:workflows"  # who writes the runs


def domain_event(change):
    """(entity, event, record state, old data, changed fields) of a record change, or None.

    created, updated (with the fields that changed) or deleted; who did it is the state's `updated_by`.
    """
    if change.keys.get("sk") != keys.RECORD or change.entity not in rules.ENTITIES or not change.new:
        return None
    new, old = plain(change.new), plain(change.old or {})
    if change.event_name == "INSERT":
        event, changed = "created", []
    elif change.event_name == "MODIFY":
        if new.get("deleted_at") and not old.get("deleted_at"):
            event, changed = "deleted", []
        elif new.get("deleted_at") or old.get("deleted_at"):
            return None  # still in the trash, or restored
        else:
            changed = [c["field"].split(".")[0] for c in field_changes(old.get("data") or {}, new.get("data") or {})]
            if not changed:
                return None
            event = "updated"
    else:
        return None
    state = {"entity": new["entity"], "id": new["id"], "data": new.get("data") or {},
             **{k: new.get(k) for k in ("created_at", "updated_at", "updated_by", "version")}}
    return new["entity"], event, state, (old.get("data") if event == "updated" else None), changed


def handle(event_id, found, active):
    """Run the `active` workflows (the batch's single lookup) that a domain event fires.

    `found`: what `domain_event` made of the change.
    """
    entity, event, state, before, changed = found
    actor = state.get("updated_by")
    if not rules.fires_automations(actor):
        return  # an import, unless it asked for its automations
    for workflow in active:
        if rules.triggered_by(workflow["data"], entity, event, changed, actor):
            start(workflow, event_id, entity, event, state, before)


def start(workflow, event_id, entity, event, state, before):
    """A run of `workflow` for one stream event, unless it ran already."""
    workflow_id = workflow["id"]
    if workflow_runs.get(workflow_id, event_id) is not None:
        return  # a redelivery: it ran (or was stopped) the first time
    caused_by, depth = rules.cause(state.get("updated_by"))
    if caused_by == workflow_id:
        return  # its own write
    run = {"workflow_id": workflow_id, "workflow_name": workflow["data"]["name"], "event_id": event_id,
           "at": to_iso(now()), "depth": depth, "record": {"entity": entity, "id": state["id"],
                                                           "title": TYPES[entity].title(state["data"])[:200]},
           "change": {"event": event, "by": state.get("updated_by"),
                      "changes": field_changes(before or {}, state["data"]) if event == "updated" else []},
           "trigger_at": state.get("updated_at"), "steps": [], "next_step": 0, "status": "running"}
    if depth >= rules.MAX_DEPTH:
        run.update(status="stopped", reason="loop")
        workflow_runs.save(run, ACTOR)
        return
    context = _context(entity, state)
    if not rules.conditions_hold(workflow["data"].get("conditions") or {}, entity, context, before):
        return  # not for this record: nothing to keep
    _execute(workflow, run, context, before)


def _context(entity, state):
    """What conditions and templates see: the record, what it links to, and the owner."""
    from chalicelib.storage import users

    record = {"id": state["id"], **state["data"], **{k: state.get(k) for k in ("created_at", "updated_at",
                                                                                 "updated_by")}}
    context = {entity: record, "record": record}
    wanted = [(record_key(target, state["data"][field]), keys.RECORD) for field, target in LINKS.items()
              if state["data"].get(field) and target != entity]
    for linked in record_store.load(wanted).values():
        if isinstance(linked, dict) and linked.get("entity") in TYPES and not linked.get("deleted_at"):
            context[linked["entity"]] = {"id": linked["id"], **linked["data"]}
    context["org"] = context.get("organization")
    owner_id = state["data"].get("owner_id")
    try:
        owner = users.get(owner_id) if owner_id else None
    except DomainError:
        owner = None
    context["owner"] = {"id": owner.id, "name": owner.name, "email": owner.email} if owner else {}
    return context


def _execute(workflow, run, context, before):
    """Run the steps from `run["next_step"]`: until the end, a failed condition, a wait or a parked step."""
    data = workflow["data"]
    entity = data["trigger"]["entity"]
    actor = Principal(user_id=rules.automation_actor(workflow["id"], run["depth"] + 1), role="admin",
                      session_id="automation", token_digest="automation")
    steps = data["actions"]
    for index in range(run["next_step"], len(steps)):
        step = steps[index]
        kind, params = step["type"], step.get("params") or {}
        if kind == "condition":
            if rules.conditions_hold(params, entity, context, before):
                run["steps"].append({"index": index, "type": kind, "status": "passed"})
                continue
            run["steps"].append({"index": index, "type": kind, "status": "stopped"})
            run.update(status="done", reason="condition", next_step=len(steps))
            break
        if kind == "wait":
            delta = timedelta(days=params.get("days", 0), hours=params.get("hours", 0))
            run["steps"].append({"index": index, "type": kind, "status": "waiting"})
            run.update(status="waiting", next_step=index + 1, resume_at=to_iso(now() + delta))
            workflow_runs.save(run, ACTOR)
            return run
        outcome = _attempt(workflow, run, index, kind, params, context, actor)
        run["steps"].append(outcome)
        if outcome["status"] == "failed":
            run.update(status="parked", next_step=index, error=outcome["error"])
            workflow_runs.save(run, ACTOR)
            return run
    else:
        run.update(status="done", next_step=len(steps))
    run.pop("resume_at", None)
    workflow_runs.save(run, ACTOR)
    return run


def _attempt(workflow, run, index, kind, params, context, actor):
    """One action, retried; its outcome for the history (the error in words when it fails)."""
    error = None
    for attempt in range(ATTEMPTS):
        try:
            result = ACTIONS[kind](workflow, run, index, params, context, actor)
            return {"index": index, "type": kind, "status": "done", "result": result}
        except DomainError as exc:
            error = f"{exc.message} {_details(exc)}".strip()
            if exc.status in (400, 404, 422):
                break  # the same input will fail the same way
        except Exception as exc:  # noqa: BLE001 - a step's failure is the run's to report, never the stream's
            log_exception("workflow step failed", workflow_id=workflow["id"], step=index)
            error = f"Unexpected error: {type(exc).__name__}."
        time.sleep(0.2 * (attempt + 1))
    return {"index": index, "type": kind, "status": "failed", "error": error}


def _details(exc):
    return "; ".join(f"{k}: {v}" for k, v in (exc.details or {}).items() if isinstance(v, str))[:300]


# -- actions -------------------------------------------------------------------------------------------

def _step_id(run, index):
    """The id of what a step creates: the same for a redelivery of the same event, so it is made once."""
    moment = datetime.fromisoformat(run["at"].replace("Z", "+00:00"))
    return derived_id(f"workflow:{run['workflow_id']}:{run['event_id']}:{index}", moment.timestamp() * 1000)


def _create_once(actor, entity, body, record_id):
    from chalicelib.services import records

    try:
        created = records.create(actor, entity, body, record_id=record_id)
    except Conflict as exc:
        if exc.code != "version_conflict":
            raise
        created = record_store.get(record_key(entity, record_id), include_deleted=True)  # made by an earlier try
    return {"entity": entity, "id": created["id"]}


def _render(text, context):
    return rules.render(text or "", context).strip()


def _owner(choice, workflow, context):
    if choice in (None, "record_owner"):
        return context["record"].get("owner_id") or workflow["data"].get("owner_id")
    if choice == "workflow_owner":
        return workflow["data"].get("owner_id")
    return choice


def _links(context, entity):
    """The link fields a record made by a step gets from the trigger record."""
    record = context["record"]
    if entity in ("person", "organization", "deal", "activity", "lead"):
        own = {"person": "person_id", "organization": "org_id", "deal": "deal_id"}.get(entity)
        links = {f: record.get(f) for f in ("person_id", "org_id", "deal_id") if record.get(f)}
        if own:
            links[own] = record["id"]
        return links
    return {}


def _create_activity(workflow, run, index, params, context, actor):
    from chalicelib.storage import users

    owner_id = _owner(params.get("owner"), workflow, context)
    zone = "Europe/Paris"
    if owner_id:
        try:
            zone = users.get(owner_id).timezone
        except DomainError:
            pass
    moment = datetime.fromisoformat((run.get("trigger_at") or run["at"]).replace("Z", "+00:00"))
    entity = workflow["data"]["trigger"]["entity"]
    body = {"type": params["type"], "subject": _render(params["subject"], context)[:500] or "—",
            "due_at": rules.due_at(moment, params.get("due_in_days", 0), params.get("due_time"),
                                   params.get("working_days", False), zone),
            "note": _render(params.get("note"), context), "owner_id": owner_id,
            **{k: v for k, v in _links(context, entity).items() if k in ("person_id", "org_id", "deal_id")}}
    return _create_once(actor, "activity", {k: v for k, v in body.items() if v is not None}, _step_id(run, index))


def _update_record(workflow, run, index, params, context, actor):
    from chalicelib.services import records

    entity = workflow["data"]["trigger"]["entity"]
    record_id = context["record"]["id"]
    fields = {}
    for name, value in (params.get("fields") or {}).items():
        if name == "owner_id":
            value = _owner(value, workflow, context)
        elif isinstance(value, str):
            value = _render(value, context)
        elif name == "tags" and isinstance(value, list):
            value = list(dict.fromkeys((context["record"].get("tags") or []) + value))  # tags add up
        fields[name] = value
    for _ in range(3):
        current = record_store.get(record_key(entity, record_id), what=entity.capitalize())
        if all(current["data"].get(k) == v for k, v in fields.items()):
            return {"entity": entity, "id": record_id, "unchanged": True}
        try:
            records.update(actor, entity, record_id, {**fields, "version": current["version"]})
            return {"entity": entity, "id": record_id}
        except Conflict as exc:
            if exc.code != "version_conflict":
                raise
    raise Conflict("The record kept changing while the workflow updated it.", code="busy")


def _create_named(entity):
    def create(workflow, run, index, params, context, actor):
        body = {k: (_render(v, context) if isinstance(v, str) else v) for k, v in params.items()}
        body["owner_id"] = _owner(body.get("owner_id"), workflow, context)
        trigger = workflow["data"]["trigger"]["entity"]
        if entity in ("deal", "lead"):
            for field, value in _links(context, trigger).items():
                if field in ("person_id", "org_id"):
                    body.setdefault(field, value)
        if entity == "person" and trigger == "organization":
            body.setdefault("org_id", context["record"]["id"])
        return _create_once(actor, entity, {k: v for k, v in body.items() if v is not None}, _step_id(run, index))
    return create


def _add_note(workflow, run, index, params, context, actor):
    entity = workflow["data"]["trigger"]["entity"]
    field = {"person": "person_id", "organization": "org_id", "deal": "deal_id", "activity": "activity_id",
             "lead": "lead_id"}[entity]
    return _create_once(actor, "note", {"content": _render(params["content"], context),
                                        field: context["record"]["id"]}, _step_id(run, index))


def _send_email(workflow, run, index, params, context, actor):
    from chalicelib.notify import mail

    to = params["to"]
    if to == "person":
        person = context.get("person") if workflow["data"]["trigger"]["entity"] != "person" else context["record"]
        emails = (person or {}).get("emails") or []
        if not emails:
            raise Conflict("The person has no email address.", code="no_address")
        address = emails[0]["value"]
    elif to == "owner":
        address = (context.get("owner") or {}).get("email")
        if not address:
            raise Conflict("The record has no owner to write to.", code="no_address")
    else:
        address = to
    subject = _render(params["subject"], context)[:300]
    body = _render(params["body"], context)
    if not workflow_runs.claim_once(f"{run['workflow_id']}:{run['event_id']}:{index}", actor.actor):
        return {"sent_to": address, "already": True}  # sent by an earlier delivery
    mail.send(mail.build_message(address, subject, body))
    return {"sent_to": address}


ACTIONS = {"create_activity": _create_activity, "update_record": _update_record, "add_note": _add_note,
           "send_email": _send_email, "create_person": _create_named("person"),
           "create_organization": _create_named("organization"), "create_deal": _create_named("deal"),
           "create_lead": _create_named("lead")}


# -- waits -------------------------------------------------------------------------------------------

def resume_due(moment=None):
    """Continue the runs whose wait is over, from the step after it, on the record as it is now."""
    stamp = to_iso(moment or now())
    resumed = 0
    for run in workflow_runs.due(stamp):
        if run["status"] != "waiting" or run.get("resume_at", "") > stamp:
            continue
        try:
            workflow = record_store.get(record_key("workflow", run["workflow_id"]))
            state = record_store.get(record_key(run["record"]["entity"], run["record"]["id"]))
        except DomainError:
            run.update(status="stopped", reason="gone")  # the workflow or the record was deleted meanwhile
            run.pop("resume_at", None)
            workflow_runs.save(run, ACTOR)
            continue
        run["status"] = "running"
        _execute(workflow, run, _context(run["record"]["entity"], state), None)
        resumed += 1
    return resumed

