"""Workflow rules: conditions, the dates of planned activities, templates in the sandbox, a workflow's checks."""
from datetime import datetime, timezone

import pytest

from chalicelib.domain import workflows as rules
from chalicelib.domain.records import TYPES
from chalicelib.errors import InvalidInput

FIELD_TYPES = {e: {n: f.type for n, f in TYPES[e].fields.items()} for e in rules.ENTITIES}
LOOKUPS = {"activity_types": ["call", "task"], "users": ["u1"], "pipelines": {"default": ["s1", "s2"]}}
CONTEXT = {"deal": {"id": "d1", "title": "Roof", "value": 1200, "stage_id": "s2", "tags": ["VIP", "north"],
                    "person_id": "p1", "org_id": None, "updated_by": "booking"},
           "person": {"id": "p1", "name": "Ada Lovelace", "tags": ["coach"], "emails": []}}


def holds(field, op, value=None, before=None, context=CONTEXT, entity="deal"):
    condition = {"field": field, "op": op} | ({} if value is None else {"value": value})
    return rules.condition_holds(condition, entity, context, before)


@pytest.mark.parametrize("field, op, value, expected", [
    ("deal.title", "equals", " roof ", True),  # text compares without case or surrounding spaces
    ("deal.title", "not_equals", "Roof", False),
    ("deal.value", "equals", 1200.0, True),
    ("deal.value", "gt", 1000, True),
    ("deal.value", "lt", 1000, False),
    ("deal.value", "gt", "1000", False),  # a number against a text is never greater
    ("deal.tags", "contains", "vip", True),
    ("deal.tags", "contains", "south", False),
    ("deal.title", "contains", "OO", True),
    ("deal.org_id", "is_empty", None, True),
    ("deal.person_id", "is_not_empty", None, True),
    ("deal.person.tags", "contains", "coach", True),  # a linked record's field
    ("person.name", "contains", "love", True),  # the trigger's own name may be left out
    ("deal.person.emails", "is_empty", None, True),
    ("deal.updated_by", "equals", "booking", True),
])
def test_a_condition_compares_a_field_of_the_record_or_of_a_linked_one(field, op, value, expected):
    assert holds(field, op, value) is expected


def test_change_comparisons_look_at_the_record_before_the_update():
    before = {"stage_id": "s1", "value": 1200}
    assert holds("deal.stage_id", "changed", before=before)
    assert holds("deal.stage_id", "changed_from", "s1", before=before)
    assert holds("deal.stage_id", "changed_to", "s2", before=before)
    assert not holds("deal.stage_id", "changed_to", "s1", before=before)
    assert not holds("deal.value", "changed", before=before)  # the same before and after
    assert not holds("deal.stage_id", "changed", before=None)  # a creation changed nothing


def test_all_needs_every_condition_any_needs_one_and_none_always_holds():
    yes = {"field": "deal.value", "op": "gt", "value": 1}
    no = {"field": "deal.value", "op": "lt", "value": 1}
    assert rules.conditions_hold({"all": [yes, yes]}, "deal", CONTEXT, None)
    assert not rules.conditions_hold({"all": [yes, no]}, "deal", CONTEXT, None)
    assert rules.conditions_hold({"any": [no, yes]}, "deal", CONTEXT, None)
    assert not rules.conditions_hold({"any": [no]}, "deal", CONTEXT, None)
    assert rules.conditions_hold({}, "deal", CONTEXT, None)


PARIS = "Europe/Paris"


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("moment, days, at, working, expected", [
    ("2026-12-01T15:00", 2, "10:00", True, "2026-12-03T09:00:00Z"),  # Tuesday + 2 working days, Paris in winter
    ("2026-12-04T15:00", 2, "10:00", True, "2026-12-08T09:00:00Z"),  # Friday + 2 working days is Tuesday
    ("2026-12-04T15:00", 2, "10:00", False, "2026-12-06T09:00:00Z"),  # ... or Sunday, in plain days
    ("2026-12-05T15:00", 0, "09:00", True, "2026-12-07T08:00:00Z"),  # on a Saturday, "today" is Monday
    ("2026-10-23T08:00", 1, "10:00", True, "2026-10-26T09:00:00Z"),  # across the end of summer time
    ("2026-03-27T08:00", 1, "10:00", True, "2026-03-30T08:00:00Z"),  # across its start
    ("2026-12-01T15:07:33", 1, None, False, "2026-12-02T15:07:00Z"),  # no time: the trigger's own, to the minute
    ("2026-12-01T23:30", 1, "10:00", True, "2026-12-03T09:00:00Z"),  # 00:30 in Paris is already Wednesday
])
def test_due_dates_count_days_in_the_owners_zone_and_skip_weekends_when_asked(moment, days, at, working, expected):
    assert rules.due_at(utc(moment), days, at, working, PARIS) == expected


def test_a_template_renders_fields_of_the_record_and_leaves_unknown_ones_empty():
    text = "Hello {{ person.name }}, {{ deal.title|upper }} at {{ deal.value }}{{ deal.nothing }}."
    assert rules.render(text, CONTEXT) == "Hello Ada Lovelace, ROOF at 1200."
    assert rules.render("{% for t in deal.tags %}#{{ t }} {% endfor %}", CONTEXT) == "#VIP #north "


@pytest.mark.parametrize("template, words", [
    ("{{ ''.__class__.__mro__ }}", "internal of Python"),
    ("{{ person.__class__ }}", "internal of Python"),
    ("{{ person['__class__'] }}", "internal of Python"),
    ("{{ ''|attr('__class__') }}", "filter 'attr' is not allowed"),
    ("{{ cycler.__init__.__globals__ }}", "internal of Python"),
    ("{{ lipsum() }}", "calls a function"),
    ("{{ person.name.format(1) }}", "calls a function"),
    ("{% for i in range(100000) %}x{% endfor %}", "calls a function"),
    ("{{ 'a' * 100000000 }}", "multiplies past"),
    ("{{ 9 ** 9 ** 9 }}", "multiplies past"),
    ("{{ person.tags|join(', ')|join('xx') }}", "applies to a field"),
    ("{% set x = 1 %}", "nothing more"),
    ("{% include 'x' %}", "nothing more"),
    ("{% for a in deal.tags %}{% for b in deal.tags %}{% for c in deal.tags %}!{% endfor %}{% endfor %}{% endfor %}",
     "two deep"),
    ("{{ person.name ", "does not read"),
])
def test_a_hostile_or_broken_template_is_refused_in_words(template, words):
    with pytest.raises(InvalidInput) as refused:
        rules.check_template(template)
    assert words in refused.value.message
    with pytest.raises(InvalidInput):
        rules.render(template, CONTEXT)  # and never rendered, even if it was saved somehow


def test_a_template_failing_on_its_data_fails_in_words():
    with pytest.raises(InvalidInput) as failed:
        rules.render("{% if deal.value > 'x' %}big{% endif %}", CONTEXT)
    assert failed.value.message.startswith("The template failed")


def workflow(trigger=None, conditions=None, actions=None):
    return {"trigger": trigger or {"entity": "deal", "event": "updated", "fields": ["stage_id"]},
            "conditions": conditions or {}, "actions": actions if actions is not None else [
                {"type": "create_activity", "params": {"type": "call", "subject": "Call {{ person.name }}"}}]}


def refusal(**parts):
    with pytest.raises(InvalidInput) as refused:
        rules.check(workflow(**parts), FIELD_TYPES, LOOKUPS)
    return refused.value.message


def test_the_templates_and_a_well_built_workflow_pass_the_checks():
    rules.check(workflow(), FIELD_TYPES, LOOKUPS)
    for template in rules.templates("en", "s2", "call", "task"):
        rules.check(template, FIELD_TYPES, LOOKUPS)


@pytest.mark.parametrize("parts, words", [
    ({"trigger": {"entity": "deal", "event": "updated", "fields": ["stage"]}}, "no field 'stage'"),
    ({"trigger": {"entity": "deal", "event": "created", "fields": ["title"]}}, "Only an update"),
    ({"conditions": {"all": [{"field": "deal.colour", "op": "equals", "value": 1}]}}, "Unknown field"),
    ({"conditions": {"all": [{"field": "deal.person.org.name", "op": "equals", "value": 1}]}}, "Unknown field"),
    ({"conditions": {"all": [{"field": "deal.title", "op": "like", "value": "x"}]}}, "Unknown comparison"),
    ({"conditions": {"all": [{"field": "deal.title", "op": "equals"}]}}, "needs a value"),
    ({"conditions": {"all": [{"field": "deal.value", "op": "gt", "value": "big"}]}}, "compare it with a number"),
    ({"conditions": {"all": [{"field": "deal.tags", "op": "gt", "value": 1}]}}, "greater or less"),
    ({"conditions": {"all": [{"field": "deal.person.name", "op": "changed"}]}}, "only for its own fields"),
    ({"trigger": {"entity": "deal", "event": "created"},
      "conditions": {"all": [{"field": "deal.title", "op": "changed"}]}}, "only for its own fields"),
    ({"conditions": {"all": "deal"}}, "Conditions are"),
    ({"actions": []}, "at least one step"),
    ({"actions": [{"type": "launch_rocket"}]}, "unknown step"),
    ({"actions": [{"type": "create_activity", "params": {"type": "fax", "subject": "x"}}]}, "activity types"),
    ({"actions": [{"type": "create_activity", "params": {"type": "call", "subject": 5}}]}, "subject is a text"),
    ({"actions": [{"type": "create_activity", "params": {"type": "call", "subject": "x", "due_in_days": -1}}]},
     "0 to 365"),
    ({"actions": [{"type": "create_activity", "params": {"type": "call", "subject": "x", "due_time": "25:00"}}]},
     "HH:MM"),
    ({"actions": [{"type": "create_activity", "params": {"type": "call", "subject": "x", "owner": "ghost"}}]},
     "the owner is"),
    ({"actions": [{"type": "update_record", "params": {"fields": {"value": "lots"}}}]}, "is a number"),
    ({"actions": [{"type": "update_record", "params": {"fields": {"colour": "red"}}}]}, "no field 'colour'"),
    ({"actions": [{"type": "send_email", "params": {"to": "nobody", "subject": "x", "body": "y"}}]},
     "send to the person"),
    ({"actions": [{"type": "send_email", "params": {"to": "person", "subject": "{{ x.__class__ }}", "body": "y"}}]},
     "internal of Python"),
    ({"trigger": {"entity": "organization", "event": "created"},
      "actions": [{"type": "send_email", "params": {"to": "person", "subject": "x", "body": "y"}}]},
     "no person to write to"),
    ({"actions": [{"type": "wait", "params": {"days": 0}}]}, "wait a number"),
    ({"actions": [{"type": "wait", "params": {"days": 400}}]}, "wait a number"),
    ({"actions": [{"type": "wait", "params": {"hours": 2}}, {"type": "condition", "params": {
        "all": [{"field": "deal.stage_id", "op": "changed"}]}}]}, "after a wait"),
    ({"trigger": {"entity": "deal", "event": "deleted"},
      "actions": [{"type": "add_note", "params": {"content": "gone"}}]}, "in the trash"),
    ({"actions": [{"type": "create_deal", "params": {"title": "Upsell", "stage_id": "elsewhere"}}]},
     "one of its stages"),
    ({"actions": [{"type": "create_person", "params": {"name": "Bob", "shoe_size": 44}}]}, "no field 'shoe_size'"),
])
def test_what_cannot_work_is_refused_in_words_before_it_is_saved(parts, words):
    assert words in refusal(**parts)


def test_who_made_a_change_gives_the_chain_depth():
    assert rules.cause("u1") == (None, 0)
    assert rules.cause("booking") == (None, 0)
    assert rules.cause(rules.automation_actor("w1", 2)) == ("w1", 2)


def test_a_trigger_fires_on_its_entity_event_and_fields_and_by_whom_it_allows():
    wf = {"trigger": {"entity": "deal", "event": "updated", "fields": ["stage_id"]}, "who_triggers": "owner",
          "owner_id": "u1"}
    assert rules.triggered_by(wf, "deal", "updated", ["stage_id", "title"], "u1")
    assert not rules.triggered_by(wf, "deal", "updated", ["title"], "u1")
    assert not rules.triggered_by(wf, "deal", "created", [], "u1")
    assert not rules.triggered_by(wf, "person", "updated", ["stage_id"], "u1")
    assert not rules.triggered_by(wf, "deal", "updated", ["stage_id"], "u2")  # only its owner's changes
    assert rules.triggered_by({**wf, "who_triggers": "anyone"}, "deal", "updated", ["stage_id"], "u2")


def test_imports_fire_automations_only_when_they_ask():
    assert rules.fires_automations("u1") and rules.fires_automations("automation:w1:1")
    assert not rules.fires_automations("import:01ABC")
    assert rules.fires_automations("import:01ABC:automations")
