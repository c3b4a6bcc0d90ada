"""Workflows as records: declared like any record type, checked in words before they are saved."""
from chalicelib.domain import workflows
from chalicelib.domain.record_fields import OWNER, REQUIRED_LINE, TEXT
from chalicelib.domain.record_type import RecordType
from chalicelib.domain.settings import ACTIVITY_TYPES_KEY
from chalicelib.domain.validation import Field
from chalicelib.errors import InvalidInput


def _trigger(value):
    if set(value) - {"entity", "event", "fields"} or value.get("entity") not in workflows.ENTITIES \
            or value.get("event") not in workflows.EVENTS:
        return ("The trigger is {entity, event, fields}: entity person, organization, deal, activity or lead; "
                "event created, updated or deleted.")
    if not isinstance(value.get("fields", []), list) or len(value.get("fields", [])) > 20 \
            or not all(isinstance(f, str) for f in value.get("fields", [])):
        return "The trigger's fields are a list of field names."
    return None


def _conditions(value):
    if value and (set(value) - {"all", "any"} or len(value) != 1 or not isinstance(next(iter(value.values())), list)):
        return "Conditions are {all: [...]} or {any: [...]}."
    if value and len(next(iter(value.values()))) > 20:
        return "At most 20 conditions in a group."
    for condition in next(iter(value.values()), []) if value else []:
        if not isinstance(condition, dict) or set(condition) - {"field", "op", "value"} or \
                not isinstance(condition.get("field"), str):
            return "Each condition is {field, op, value}."
    return None


def _actions(value):
    if not 1 <= len(value) <= workflows.MAX_STEPS:
        return f"Between 1 and {workflows.MAX_STEPS} steps."
    for step in value:
        if not isinstance(step, dict) or set(step) - {"type", "params"} or not isinstance(step.get("params", {}), dict):
            return "Each step is {type, params}."
    return None


TRIGGER_SCHEMA = {"additionalProperties": False, "required": ["entity", "event"], "properties": {
    "entity": {"type": "string", "enum": list(workflows.ENTITIES)},
    "event": {"type": "string", "enum": list(workflows.EVENTS)},
    "fields": {"type": "array", "items": {"type": "string", "maxLength": 64}, "maxItems": 20}}}
_CONDITION = {"type": "object", "additionalProperties": False, "required": ["field", "op"], "properties": {
    "field": {"type": "string", "maxLength": 100}, "op": {"type": "string", "enum": list(workflows.OPS)},
    "value": {}}}
CONDITIONS_SCHEMA = {"maxProperties": 1, "properties": {
    "all": {"type": "array", "items": _CONDITION, "maxItems": 20},
    "any": {"type": "array", "items": _CONDITION, "maxItems": 20}}, "additionalProperties": False}
ACTIONS_SCHEMA = {"minItems": 1, "maxItems": workflows.MAX_STEPS, "items": {
    "type": "object", "additionalProperties": False, "required": ["type"], "properties": {
        "type": {"type": "string", "enum": list(workflows.ACTIONS)}, "params": {"type": "object"}}}}


class Workflow(RecordType):
    """A workflow: trigger → conditions → steps, active or not, fired by its owner's changes or anyone's."""

    entity, prefix, plural, title_field = "workflow", "WORKFLOW", "workflows", "name"
    fields = {
        "name": REQUIRED_LINE,
        "description": TEXT.copy(max_length=2000, max_bytes=2000),
        "active": Field("boolean"),
        "who_triggers": Field("string", choices=("owner", "anyone")),
        "trigger": Field("object", required=True, check=_trigger, schema=TRIGGER_SCHEMA,
                         description="What fires it: a record type, an event, for an update the fields listened to."),
        "conditions": Field("object", check=_conditions, schema=CONDITIONS_SCHEMA,
                            description="{all|any: [{field, op, value}]}: fields of the record or a linked one "
                                        "(deal.person.tags)."),
        "actions": Field("array", required=True, check=_actions, schema=ACTIONS_SCHEMA,
                         description="The steps in order: actions, `condition` steps, `wait` steps."),
        "owner_id": OWNER,
    }
    defaults = {"description": "", "active": True, "who_triggers": "anyone", "conditions": {}, "owner_id": None}
    orders = ("name", "created")
    filters = ("active",)

    def list_values(self, record):
        values = super().list_values(record)
        data = record["data"]
        if data.get("active"):
            values["active"] = f"{data['trigger']['entity']}#{data['trigger']['event']}#{record['id']}"
        return values

    def needs(self, data):
        wanted = super().needs(data) + [("settings", ACTIVITY_TYPES_KEY)] + list(_user_needs(data))
        for step in data.get("actions") or []:
            if isinstance(step, dict) and step.get("type") == "create_deal":
                wanted.append(("pipeline", _pipeline_of(step)))
        return wanted

    def complete(self, write):
        from chalicelib.domain.records import TYPES

        data = write.data
        field_types = {entity: {name: spec.type for name, spec in TYPES[entity].fields.items()}
                       for entity in workflows.ENTITIES}
        types = write.found(("settings", ACTIVITY_TYPES_KEY))
        pipelines = {}
        for step in data.get("actions") or []:
            if isinstance(step, dict) and step.get("type") == "create_deal":
                pipeline_id = _pipeline_of(step)
                found = write.found(("pipeline", pipeline_id))
                if found:
                    pipelines[pipeline_id] = [s["id"] for s in found["data"]["stages"]]
        users = [n[1] for n in _user_needs(data) if (u := write.found(("user", n[1]))) and u.status == "active"]
        lookups = {"activity_types": [t["key"] for t in (types or {"data": {"items": []}})["data"]["items"]],
                   "pipelines": pipelines, "users": users}
        try:
            workflows.check(data, field_types, lookups)
        except InvalidInput as exc:
            # Under the field's name, and under its full path too (`actions.2`): the builder shows the
            # error next to the step it concerns, which a template's message alone does not name.
            for path, message in exc.details.items():
                write.refuse(path.split(".")[0], message)
                if "." in path:
                    write.refuse(path, message)


WORKFLOW = Workflow()


def _pipeline_of(step):
    params = step.get("params") if isinstance(step.get("params"), dict) else {}
    pipeline_id = params.get("pipeline_id")
    return pipeline_id if isinstance(pipeline_id, str) and pipeline_id else "default"


def _user_needs(data):
    """("user", id) of each user a step names as an owner (checked to be an active user)."""
    for step in data.get("actions") or []:
        params = step.get("params") if isinstance(step, dict) else None
        if not isinstance(params, dict):
            continue
        fields = params.get("fields") if isinstance(params.get("fields"), dict) else {}
        for owner in (params.get("owner"), params.get("owner_id"), fields.get("owner_id")):
            if isinstance(owner, str) and owner not in ("record_owner", "workflow_owner"):
                yield ("user", owner)
