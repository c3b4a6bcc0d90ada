"""Workflow automation, the rules: triggers, conditions, steps, templates and dates.

A workflow says: when a person, organization, deal, activity or lead is
created, updated (optionally: these fields) or deleted, by its owner or by
anyone, and its conditions hold, run these steps in order: actions, further
conditions, waits. Everything here is pure: what a step means, whether a
condition holds for a record and the change that fired it, what a template
renders to in jinja2's sandbox, when "in 2 working days at 10:00" falls.
"""
import re
from datetime import datetime, time, timedelta, timezone

from chalicelib.domain.record_type import LINK_TARGETS
from chalicelib.errors import InvalidInput

ENTITIES = ("person", "organization", "deal", "activity", "lead")
EVENTS = ("created", "updated", "deleted")
OPS = ("equals", "not_equals", "contains", "gt", "lt", "is_empty", "is_not_empty", "changed", "changed_from",
       "changed_to")
CHANGE_OPS = ("changed", "changed_from", "changed_to")
ACTIONS = ("create_activity", "update_record", "create_person", "create_organization", "create_deal",
           "create_lead", "add_note", "send_email", "wait", "condition")
MAX_STEPS = 30
MAX_DEPTH = 3  # a chain of workflows triggering each other stops here
# What a link name in a condition path or a template means: the record it links to.
LINKED = {"person": "person_id", "organization": "org_id", "org": "org_id", "deal": "deal_id",
          "activity": "activity_id", "lead": "lead_id"}


def _fail(message, where):
    raise InvalidInput(message, details={where: message})


# -- checking a workflow before it is saved ------------------------------------------------------

def check(workflow, field_types, lookups):
    """Refuse, in words, what cannot work: unknown fields, impossible conditions, bad steps and templates.

    `field_types`: {entity: {field: json type}} of the record types;
    `lookups`: {"activity_types": [keys], "users": [ids], "pipelines": {id: [stage ids]}}.
    :raise InvalidInput: naming the part that is wrong.
    """
    trigger = workflow["trigger"]
    entity = trigger["entity"]
    for field in trigger.get("fields") or []:
        if field not in field_types[entity]:
            _fail(f"A {entity} has no field {field!r} to listen to.", "trigger")
    if trigger.get("fields") and trigger["event"] != "updated":
        _fail("Only an update has fields to listen to.", "trigger")
    _check_conditions(workflow.get("conditions") or {}, entity, trigger["event"], field_types, "conditions")
    steps = workflow.get("actions") or []
    if not steps:
        _fail("A workflow needs at least one step.", "actions")
    waited = False
    for index, step in enumerate(steps):
        _check_step(step, index, entity, trigger["event"], field_types, lookups)
        kind, params = step.get("type"), step.get("params") or {}
        if waited and kind == "condition" and any(
                c.get("op") in CHANGE_OPS for c in next(iter(params.values()), [])):
            _fail(f"Step {index + 1}: after a wait, compare the record as it is then (equals, contains…): "
                  "what changed is the trigger's business.", f"actions.{index}")
        if trigger["event"] == "deleted" and kind in ("update_record", "add_note"):
            _fail(f"Step {index + 1}: the record is in the trash by then; create something instead.",
                  f"actions.{index}")
        if kind == "send_email" and params.get("to") == "person" and entity != "person" \
                and "person_id" not in field_types[entity]:
            _fail(f"Step {index + 1}: a {entity} has no person to write to.", f"actions.{index}")
        waited = waited or kind == "wait"


def _check_conditions(group, entity, event, field_types, where):
    if not group:
        return
    if not isinstance(group, dict) or set(group) - {"all", "any"} or len(group) != 1 \
            or not isinstance(next(iter(group.values())), list):
        _fail("Conditions are {all: […]} or {any: […]}.", where)
    for condition in next(iter(group.values())):
        if not isinstance(condition, dict) or not isinstance(condition.get("field"), str):
            _fail("Each condition is {field, op, value}.", where)
        field, op = condition["field"], condition.get("op")
        if op not in OPS:
            _fail(f"Unknown comparison {op!r}: use one of {', '.join(OPS)}.", where)
        kind = field_type(field, entity, field_types)
        if kind is None:
            _fail(f"Unknown field {field!r} for a {entity} (linked records: person.name, deal.value…).", where)
        if op in CHANGE_OPS and (event != "updated" or "." in _relative(field, entity)):
            _fail(f"{op!r} compares the record before and after an update: only for its own fields "
                  "on an 'updated' trigger.", where)
        if op in ("gt", "lt") and kind not in ("number", "integer", "string"):
            _fail(f"{field!r} cannot be greater or less than a value.", where)
        if op not in ("is_empty", "is_not_empty", "changed") and "value" not in condition:
            _fail(f"The comparison {op!r} of {field!r} needs a value.", where)
        if op in ("gt", "lt") and kind in ("number", "integer") and not _is_number(condition.get("value")):
            _fail(f"{field!r} is a number: compare it with a number.", where)
        if isinstance(condition.get("value"), (dict, list)):
            _fail(f"Compare {field!r} with one value (a text, a number, true or false).", where)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _relative(path, entity):
    """A condition path without the trigger entity's own name in front (`deal.person.tags` → `person.tags`)."""
    path = path or ""
    return path[len(entity) + 1:] if path.startswith(entity + ".") else path


def field_type(path, entity, field_types):
    """The JSON type of a condition or template path from a record of `entity`, or None when unknown."""
    parts = _relative(path, entity).split(".")
    if len(parts) > 2:
        return None  # one link away at most: deal.person.tags, activity.deal.value
    current = entity
    for link in parts[:-1]:
        field = LINKED.get(link)
        if field not in field_types[current]:
            return None
        current = LINK_TARGETS[field]
    last = parts[-1]
    if last in ("id", "created_at", "updated_at", "updated_by"):
        return "string"
    return field_types[current].get(last)


JSON_TYPES = {"string": (str,), "number": (int, float), "integer": (int,), "boolean": (bool,), "array": (list,),
              "object": (dict,)}
CREATES = {"create_person": "person", "create_organization": "organization", "create_deal": "deal",
           "create_lead": "lead"}


def _text(params, name, step, where, required=True):
    """The text param `name` of a step, refused when it is not text (or missing, if `required`)."""
    value = params.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or required and not value.strip():
        _fail(f"Step {step}: {name} is a text{'' if not required else ' to fill in'}.", where)
    check_template(value, where)
    return value


def _check_values(values, entity, field_types, step, where, lookups):
    """The fields a step sets on a record: its own, of the right JSON type (text may be a template)."""
    if not isinstance(values, dict) or not values:
        _fail(f"Step {step}: say which fields to set.", where)
    for field, value in values.items():
        kind = field_types[entity].get(field)
        if kind is None or field == "custom":
            _fail(f"Step {step}: a {entity} has no field {field!r}.", where)
        if field == "owner_id":
            _check_owner(value, lookups, where, step - 1)
        elif value is not None and not (isinstance(value, JSON_TYPES[kind]) and
                                        not (kind in ("number", "integer") and isinstance(value, bool))):
            _fail(f"Step {step}: {field!r} of a {entity} is a {kind}.", where)
        elif isinstance(value, str):
            check_template(value, where)


def _check_step(step, index, entity, event, field_types, lookups):
    where, number = f"actions.{index}", index + 1
    kind = step.get("type")
    params = step.get("params") or {}
    if kind not in ACTIONS:
        _fail(f"Step {number}: unknown step {kind!r}.", where)
    if not isinstance(params, dict):
        _fail(f"Step {number}: its params are an object.", where)
    if kind == "condition":
        if not params:
            _fail(f"Step {number}: a condition step needs conditions.", where)
        _check_conditions(params, entity, event, field_types, where)
    elif kind == "wait":
        days, hours = params.get("days", 0), params.get("hours", 0)
        if not (_is_number(days) and _is_number(hours)) or days < 0 or hours < 0 \
                or not 0 < days * 24 + hours <= 24 * 365:
            _fail(f"Step {number}: wait a number of days or hours (up to a year).", where)
    elif kind == "create_activity":
        if not isinstance(params.get("type"), str) or params["type"] not in lookups["activity_types"]:
            _fail(f"Step {number}: choose one of the activity types of Settings.", where)
        _text(params, "subject", number, where)
        _text(params, "note", number, where, required=False)
        days = params.get("due_in_days", 0)
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
            _fail(f"Step {number}: due in 0 to 365 days.", where)
        if params.get("due_time") is not None and not (
                isinstance(params["due_time"], str) and re.match(r"^([01]\d|2[0-3]):[0-5]\d$", params["due_time"])):
            _fail(f"Step {number}: the time is HH:MM.", where)
        if not isinstance(params.get("working_days", False), bool):
            _fail(f"Step {number}: working days is true or false.", where)
        _check_owner(params.get("owner"), lookups, where, index)
    elif kind == "update_record":
        values = params.get("fields")
        _check_values(values, entity, field_types, number, where, lookups)
        if "id" in values:
            _fail(f"Step {number}: a record keeps its id.", where)
    elif kind == "send_email":
        to = params.get("to")
        if to not in ("person", "owner") and not (isinstance(to, str) and re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", to)):
            _fail(f"Step {number}: send to the person, the owner, or an email address.", where)
        _text(params, "subject", number, where)
        _text(params, "body", number, where)
    elif kind == "add_note":
        _text(params, "content", number, where)
    elif kind in CREATES:
        target = CREATES[kind]
        title = "title" if target in ("deal", "lead") else "name"
        _text(params, title, number, where)
        _check_values(params, target, field_types, number, where, lookups)
        if kind == "create_deal":
            stages = lookups["pipelines"].get(params.get("pipeline_id") or "default")
            if stages is None or (params.get("stage_id") and params["stage_id"] not in stages):
                _fail(f"Step {number}: choose a pipeline and one of its stages.", where)


def _check_owner(owner, lookups, where, index):
    if owner in (None, "record_owner", "workflow_owner") or owner in lookups["users"]:
        return
    _fail(f"Step {index + 1}: the owner is the record's owner, the workflow's, or a user.", where)


# -- templates ----------------------------------------------------------------------------------

_ENV = None


def _env():
    global _ENV
    if _ENV is None:
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        _ENV = ImmutableSandboxedEnvironment(autoescape=False, keep_trailing_newline=False)
    return _ENV


# What a template may use: fields, conditions, loops over lists and these filters. No call of any
# function or method, no power and no multiplication past a thousand: a template cannot reach
# Python's internals, nor build a string that eats the function's memory.
FILTERS = {"upper", "lower", "title", "capitalize", "default", "d", "round", "int", "float", "join", "trim",
           "truncate", "replace", "length", "count", "first", "last", "string", "abs", "sum", "min", "max", "sort",
           "unique", "reverse", "list", "striptags", "escape", "e", "wordcount", "urlencode"}
MAX_FACTOR = 1000
GROWING = {"join", "replace"}  # their output can outgrow their input: only on a field, with short texts


def _small_number(node):
    from jinja2 import nodes

    return isinstance(node, nodes.Const) and _is_number(node.value) and abs(node.value) <= MAX_FACTOR


def _loop_depth(node):
    from jinja2 import nodes

    inner = max((_loop_depth(child) for child in node.iter_child_nodes()), default=0)
    return inner + isinstance(node, nodes.For)


def _template_fault(tree):
    """Why a parsed template is refused, or None."""
    from jinja2 import nodes

    if _loop_depth(tree) > 2:
        return "Loops nest two deep at most."
    for node in tree.find_all(nodes.Node):
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            name = getattr(node, "attr", None) or getattr(node, "name", None)
            if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                name = node.arg.value
            if isinstance(name, str) and name.startswith("_"):
                return f"The template reaches for {name!r}, an internal of Python: use fields such as " \
                       "{{ person.name }} or {{ deal.value }}."
        elif isinstance(node, nodes.Call):
            return "The template calls a function: only fields, filters (| upper, | default(…)), " \
                   "{% if %} and {% for %} are allowed."
        elif isinstance(node, nodes.Filter) and node.name not in FILTERS:
            return f"The filter {node.name!r} is not allowed: use one of {', '.join(sorted(FILTERS))}."
        elif isinstance(node, nodes.Filter) and node.name in GROWING and not (
                isinstance(node.node, (nodes.Name, nodes.Getattr, nodes.Getitem))
                and all(isinstance(a, nodes.Const) and isinstance(a.value, str) and 0 < len(a.value) <= 20
                        for a in node.args[:2])):
            return f"| {node.name} applies to a field, with texts of 1 to 20 characters ({{{{ person.tags | join(', ') }}}})."
        elif isinstance(node, nodes.Filter) and any(isinstance(a, nodes.Const) and _is_number(a.value)
                                                    and abs(a.value) > MAX_FACTOR for a in node.args):
            return f"A filter takes numbers up to {MAX_FACTOR}."
        elif isinstance(node, nodes.Pow) or isinstance(node, nodes.Mul) and (
                not (_small_number(node.left) or _small_number(node.right))
                or any(True for _ in node.find_all(nodes.Mul))):
            return f"The template multiplies past {MAX_FACTOR}: multiply a field by a number up to {MAX_FACTOR}."
        elif isinstance(node, (nodes.Macro, nodes.CallBlock, nodes.Import, nodes.FromImport, nodes.Include,
                               nodes.Extends, nodes.Block, nodes.Assign, nodes.AssignBlock, nodes.FilterBlock)):
            return "The template may use fields, filters, {% if %} and {% for %}, nothing more."
    return None


def check_template(text, where="template"):
    """:raise InvalidInput: the template does not parse, or reaches for what a template may not."""
    from jinja2 import TemplateSyntaxError

    try:
        tree = _env().parse(text)
    except TemplateSyntaxError as exc:
        _fail(f"The template does not read: {exc.message} (line {exc.lineno}).", where)
    fault = _template_fault(tree)
    if fault:
        _fail(fault, where)


_COMPILED = {}  # template text → compiled template, for the life of the function


def render(text, context):
    """`text` rendered over `context` in jinja2's sandbox (an unknown field renders empty).

    Checked again here, not only when saved: a workflow saved under older rules runs under today's.
    :raise InvalidInput: the template is refused or fails, in words.
    """
    compiled = _COMPILED.get(text)
    if compiled is None:
        check_template(text)
        if len(_COMPILED) > 256:
            _COMPILED.clear()
        compiled = _COMPILED[text] = _env().from_string(text)
    try:
        return compiled.render(**context)
    except Exception as exc:  # noqa: BLE001 - a template's failure is told to the user in words
        message = getattr(exc, "message", None) or str(exc)
        raise InvalidInput(f"The template failed: {message}"[:300], details={"template": message[:200]})


# -- conditions ----------------------------------------------------------------------------------

def value_at(path, entity, context):
    """The value a condition path names in `context` ({entity: data, "person": data, …})."""
    parts = _relative(path, entity).split(".")
    current = context.get(entity) or {}
    for link in parts[:-1]:
        current = context.get("organization" if link == "org" else link) or {}
    return current.get(parts[-1])


def _empty(value):
    return value in (None, "", [], {})


def _equals(actual, expected):
    if isinstance(actual, str) and isinstance(expected, str):
        return actual.strip().lower() == expected.strip().lower()
    if _is_number(actual) and _is_number(expected):
        return float(actual) == float(expected)
    return actual == expected


def condition_holds(condition, entity, context, before):
    """Whether one condition holds for the record (`context`) and the change (`before`: the old data)."""
    op, value = condition["op"], condition.get("value")
    actual = value_at(condition["field"], entity, context)
    if op in CHANGE_OPS:
        field = _relative(condition["field"], entity)
        previous = (before or {}).get(field)
        if before is None or previous == actual:
            return False
        if op == "changed_from":
            return _equals(previous, value)
        if op == "changed_to":
            return _equals(actual, value)
        return True
    if op == "is_empty":
        return _empty(actual)
    if op == "is_not_empty":
        return not _empty(actual)
    if op == "equals":
        return _equals(actual, value)
    if op == "not_equals":
        return not _equals(actual, value)
    if op == "contains":
        if isinstance(actual, list):
            return any(_equals(item, value) for item in actual)
        return isinstance(actual, str) and isinstance(value, str) and value.lower() in actual.lower()
    if op in ("gt", "lt"):
        if _is_number(actual) and _is_number(value):
            return actual > value if op == "gt" else actual < value
        if isinstance(actual, str) and isinstance(value, str):
            return actual > value if op == "gt" else actual < value
        return False
    return False


def conditions_hold(group, entity, context, before):
    """Whether a group {all|any: [conditions]} holds (an empty group does)."""
    if not group:
        return True
    mode, conditions = next(iter(group.items()))
    results = (condition_holds(c, entity, context, before) for c in conditions)
    return all(results) if mode == "all" else any(results)


def fires_automations(actor):
    """Whether a change by `actor` may fire workflows: an import's only when it asked (`import:<id>:automations`)."""
    return not (isinstance(actor, str) and actor.startswith("import:") and not actor.endswith(":automations"))


def triggered_by(workflow, entity, event, changed_fields, actor):
    """Whether this change fires `workflow`: its trigger, and who may trigger it (its owner or anyone)."""
    trigger = workflow["trigger"]
    if trigger["entity"] != entity or trigger["event"] != event:
        return False
    wanted = trigger.get("fields") or []
    if event == "updated" and wanted and not set(wanted) & set(changed_fields):
        return False
    if workflow.get("who_triggers", "anyone") == "owner" and actor != workflow.get("owner_id"):
        return False
    return True


# -- who caused a change -------------------------------------------------------------------------------

def automation_actor(workflow_id, depth):
    """The `updated_by` of a workflow's writes: `automation:<workflow id>:<depth>`."""
    return f"automation:{workflow_id}:{depth}"


def cause(updated_by):
    """(workflow id or None, depth) of whoever made a change: a user is depth 0."""
    if not isinstance(updated_by, str) or not updated_by.startswith("automation:"):
        return None, 0
    parts = updated_by.split(":")
    depth = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
    return parts[1], depth


# -- dates -------------------------------------------------------------------------------------------

def due_at(moment, days, at_time, working_days, zone_name):
    """When `days` (working days, Monday to Friday, if asked) after `moment`, at `at_time` (HH:MM, local) or
    at the moment's own time: an ISO instant."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    day = local.date()
    if working_days:
        added = 0
        while added < days:
            day += timedelta(days=1)
            if day.weekday() < 5:
                added += 1
        while day.weekday() >= 5:  # "in 0 working days" on a Saturday is Monday
            day += timedelta(days=1)
    else:
        day += timedelta(days=days)
    clock = time(int(at_time[:2]), int(at_time[3:])) if at_time else local.time().replace(second=0, microsecond=0)
    when = datetime.combine(day, clock, tzinfo=zone)
    return when.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


# -- templates, one click each ----------------------------------------------------------------------

def templates(language, stage_id=None, activity_type="call", onboarding_type="task"):
    """The three workflows a user starts from (named and worded in `language`)."""
    fr = language == "fr"
    return [
        {"key": "stage_call", "name": "Étape atteinte → appel dans 2 jours" if fr else
         "Deal reaches a stage → call in 2 days",
         "trigger": {"entity": "deal", "event": "updated", "fields": ["stage_id"]},
         "conditions": {"all": [{"field": "deal.stage_id", "op": "changed_to", "value": stage_id}]},
         "actions": [{"type": "create_activity", "params": {
             "type": activity_type, "subject": "Relancer {{ deal.title }}" if fr else "Follow up {{ deal.title }}",
             "due_in_days": 2, "due_time": "10:00", "working_days": True, "owner": "record_owner"}}]},
        {"key": "won_onboarding", "name": "Affaire gagnée → e-mail et démarrage" if fr else
         "Deal won → email the client and start onboarding",
         "trigger": {"entity": "deal", "event": "updated", "fields": ["status"]},
         "conditions": {"all": [{"field": "deal.status", "op": "changed_to", "value": "won"}]},
         "actions": [
             {"type": "send_email", "params": {
                 "to": "person", "subject": "Bienvenue, {{ person.name }} !" if fr else "Welcome, {{ person.name }}!",
                 "body": ("Bonjour {{ person.name }},\n\nMerci pour votre confiance. Nous démarrons "
                          "« {{ deal.title }} » très vite.\n\n{{ owner.name }}") if fr else
                 ("Hello {{ person.name }},\n\nThank you for your trust. We start \"{{ deal.title }}\" "
                  "very soon.\n\n{{ owner.name }}")}},
             {"type": "create_activity", "params": {
                 "type": onboarding_type, "subject": "Démarrage : {{ deal.title }}" if fr else
                 "Onboarding: {{ deal.title }}", "due_in_days": 1, "due_time": "09:00", "working_days": True,
                 "owner": "record_owner"}}]},
        {"key": "booking_welcome", "name": "Nouvelle personne par réservation → étiquette et responsable" if fr else
         "New person from a booking → tag and assign",
         "trigger": {"entity": "person", "event": "created", "fields": []},
         "conditions": {"all": [{"field": "person.updated_by", "op": "equals", "value": "booking"}]},
         "actions": [{"type": "update_record", "params": {"fields": {"tags": ["réservation" if fr else "booking"],
                                                                      "owner_id": "workflow_owner"}}}]},
    ]
