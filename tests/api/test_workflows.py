"""Workflows through the API: checked in words when saved, run from the stream once, listed with their runs."""
from datetime import timedelta

import boto3
import pytest

from tests.api.conftest import outbox
from tests.api.records_helpers import collect, details, make_deal, make_org, make_person, me, page


def create(client, body, status=201):
    response = client.post("/workflows", body)
    assert response.status == status, response.text
    return response.json


def stage(client, name):
    return next(s["id"] for s in page(client, "/pipelines/default")["stages"] if s["name"] == name)


def stage_call(client, **fields):
    """"A deal reaches Proposition envoyée → plan a call in 2 working days at 10:00", as a user builds it."""
    proposal = stage(client, "Proposition envoyée")
    return create(client, {
        "name": "Proposition → appel", "trigger": {"entity": "deal", "event": "updated", "fields": ["stage_id"]},
        "conditions": {"all": [{"field": "deal.stage_id", "op": "changed_to", "value": proposal}]},
        "actions": [{"type": "create_activity", "params": {
            "type": "call", "subject": "Relancer {{ deal.title }} avec {{ person.name }}", "due_in_days": 2,
            "due_time": "10:00", "working_days": True}}], **fields}), proposal


def move(client, deal, stage_id):
    current = page(client, f"/deals/{deal['id']}")
    moved = client.post(f"/deals/{deal['id']}/move", {"stage_id": stage_id, "version": current["version"]})
    assert moved.status == 200, moved.text
    return moved.json


def activities_of(client, deal):
    return collect(client, f"/activities?deal_id={deal['id']}")


def runs_of(client, workflow):
    return page(client, f"/workflows/{workflow['id']}/runs")["items"]


@pytest.fixture
def replay(aws, app):
    """Deliver the whole retained stream again, as Lambda does when it redelivers batches."""
    from runner.streams import StreamPoller, find_stream_handler

    handler, source = find_stream_handler(app)

    def deliver():
        StreamPoller(boto3.client("dynamodbstreams"), aws, handler, function_name=source.name,
                     starting_position="TRIM_HORIZON").drain()
    return deliver


def test_a_deal_reaching_a_stage_plans_a_call_and_the_run_tells_what_fired_it(admin, stream):
    workflow, proposal = stage_call(admin)
    ada = make_person(admin, "Ada Lovelace")
    deal = make_deal(admin, "Toiture", person_id=ada["id"])
    move(admin, deal, proposal)
    stream.drain()
    [call] = activities_of(admin, deal)
    assert call["subject"] == "Relancer Toiture avec Ada Lovelace" and call["type"] == "call"
    assert call["person_id"] == ada["id"] and call["owner_id"] == me(admin)["id"]
    assert call["due_at"].endswith(":00:00Z") and call["updated_by"] == f"automation:{workflow['id']}:1"
    [run] = runs_of(admin, workflow)
    assert run["status"] == "done" and run["record"] == {"entity": "deal", "id": deal["id"], "title": "Toiture"}
    assert run["change"]["by"] == me(admin)["id"]
    assert {"field": "stage_id", "from": deal["stage_id"], "to": proposal} in run["change"]["changes"]
    assert run["steps"] == [{"index": 0, "type": "create_activity", "status": "done",
                             "result": {"entity": "activity", "id": call["id"]}}]
    assert page(admin, "/workflow-runs")["items"][0]["event_id"] == run["event_id"]


def test_a_move_to_another_stage_or_an_edit_of_the_title_runs_nothing(admin, stream):
    workflow, proposal = stage_call(admin)
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    move(admin, deal, stage(admin, "Négociation"))
    admin.patch(f"/deals/{deal['id']}", {"title": "Toiture 2", "version": page(admin, f"/deals/{deal['id']}")["version"]})
    stream.drain()
    assert activities_of(admin, deal) == [] and runs_of(admin, workflow) == []


def test_an_inactive_workflow_never_runs_until_it_is_activated(admin, stream):
    workflow, proposal = stage_call(admin, active=False)
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    move(admin, deal, proposal)
    stream.drain()
    assert activities_of(admin, deal) == [] and runs_of(admin, workflow) == []
    assert [w["id"] for w in page(admin, "/workflows?active=false")["items"]] == [workflow["id"]]
    admin.patch(f"/workflows/{workflow['id']}", {"active": True, "version": workflow["version"]})
    move(admin, deal, stage(admin, "Négociation"))
    move(admin, deal, proposal)
    stream.drain()
    assert len(activities_of(admin, deal)) == 1 and len(runs_of(admin, workflow)) == 1


def test_only_the_owners_changes_fire_a_workflow_that_says_so(admin, member, stream):
    workflow, proposal = stage_call(admin, who_triggers="owner")
    theirs = make_deal(member, "Leur toiture", person_id=make_person(member)["id"])
    mine = make_deal(admin, "Ma toiture", person_id=make_person(admin)["id"])
    move(member, theirs, proposal)
    move(admin, mine, proposal)
    stream.drain()
    assert activities_of(admin, theirs) == [] and len(activities_of(admin, mine)) == 1
    assert [r["record"]["id"] for r in runs_of(admin, workflow)] == [mine["id"]]


def test_a_workflow_updating_its_own_trigger_record_runs_once(admin, stream):
    workflow = create(admin, {"name": "Tag every edited person", "trigger": {"entity": "person", "event": "updated"},
                              "actions": [{"type": "update_record", "params": {"fields": {"tags": ["touched"]}}}]})
    ada = make_person(admin, "Ada", tags=["vip"])
    admin.patch(f"/persons/{ada['id']}", {"name": "Ada L.", "version": ada["version"]})
    stream.drain()
    stream.drain()
    assert page(admin, f"/persons/{ada['id']}")["tags"] == ["vip", "touched"]
    [run] = runs_of(admin, workflow)
    assert run["status"] == "done"


def test_two_workflows_triggering_each_other_stop_at_depth_three_with_a_loop_in_the_history(admin, stream):
    a = create(admin, {"name": "A: a renamed organization gets an industry",
                       "trigger": {"entity": "organization", "event": "updated", "fields": ["name"]},
                       "actions": [{"type": "update_record", "params": {
                           "fields": {"industry": "{{ organization.industry }}a"}}}]})
    b = create(admin, {"name": "B: a new industry renames it",
                       "trigger": {"entity": "organization", "event": "updated", "fields": ["industry"]},
                       "actions": [{"type": "update_record", "params": {
                           "fields": {"name": "{{ organization.name }}b"}}}]})
    acme = make_org(admin, "Acme")
    admin.patch(f"/organizations/{acme['id']}", {"name": "Acme SA", "version": acme["version"]})
    for _ in range(5):
        stream.drain()
    final = page(admin, f"/organizations/{acme['id']}")
    assert (final["name"], final["industry"]) == ("Acme SAb", "aa")  # A, B, A acted; B was stopped
    runs = sorted(page(admin, "/workflow-runs")["items"], key=lambda r: r["depth"])
    assert [(r["workflow_id"], r["depth"], r["status"]) for r in runs] == [
        (a["id"], 0, "done"), (b["id"], 1, "done"), (a["id"], 2, "done"), (b["id"], 3, "stopped")]
    assert runs[-1]["reason"] == "loop"


def test_a_redelivered_stream_performs_no_action_twice(admin, stream, replay, clear_outbox):
    workflow, proposal = stage_call(admin)
    won = create(admin, {"name": "Won → email", "trigger": {"entity": "deal", "event": "updated", "fields": ["status"]},
                         "actions": [{"type": "send_email", "params": {"to": "person", "subject": "Merci {{ person.name }}",
                                                                       "body": "Bienvenue."}},
                                     {"type": "add_note", "params": {"content": "Client depuis {{ deal.title }}"}}]})
    ada = make_person(admin, "Ada", emails=[{"value": "ada@example.com", "label": "work"}])
    deal = make_deal(admin, "Toiture", person_id=ada["id"])
    move(admin, deal, proposal)
    assert admin.post(f"/deals/{deal['id']}/won", {}).status == 200
    stream.drain()
    first = (activities_of(admin, deal), runs_of(admin, workflow), runs_of(admin, won), len(outbox()))
    replay()
    replay()
    assert (activities_of(admin, deal), runs_of(admin, workflow), runs_of(admin, won), len(outbox())) == first
    assert len(first[0]) == 1 and first[3] == 1
    notes = [e for e in page(admin, f"/deals/{deal['id']}/timeline")["items"] if e["kind"] == "note"]
    assert len(notes) == 1


def test_a_failing_step_is_parked_with_its_error_in_words_and_the_stream_goes_on(admin, stream):
    won = create(admin, {"name": "Won → email", "trigger": {"entity": "deal", "event": "updated", "fields": ["status"]},
                         "actions": [{"type": "send_email", "params": {"to": "person", "subject": "Merci",
                                                                       "body": "Bienvenue."}},
                                     {"type": "add_note", "params": {"content": "never reached"}}]})
    deal = make_deal(admin, "Sans adresse", person_id=make_person(admin, "Nobody")["id"])
    admin.post(f"/deals/{deal['id']}/won", {})
    later = make_person(admin, "After")
    stream.drain()
    [run] = runs_of(admin, won)
    assert run["status"] == "parked" and run["error"].startswith("The person has no email address")
    assert [s["status"] for s in run["steps"]] == ["failed"]
    assert page(admin, f"/persons/{later['id']}/timeline")["items"]  # the change log went on


def test_a_wait_parks_the_run_and_the_schedule_resumes_it_on_the_record_as_it_is_then(admin, stream, monkeypatch):
    from chalicelib.domain.clock import now
    from chalicelib.events import schedules
    from chalicelib.services import workflow_engine

    workflow = create(admin, {
        "name": "Nouveau contact → attendre 2 jours → appeler s'il n'est pas client",
        "trigger": {"entity": "person", "event": "created"},
        "actions": [{"type": "wait", "params": {"days": 2}},
                    {"type": "condition", "params": {"all": [{"field": "person.tags", "op": "contains",
                                                              "value": "prospect"}]}},
                    {"type": "create_activity", "params": {"type": "call", "subject": "Appeler {{ person.name }}"}}]})
    ada = make_person(admin, "Ada", tags=["prospect"])
    bob = make_person(admin, "Bob", tags=["prospect"])
    stream.drain()
    assert {r["status"] for r in runs_of(admin, workflow)} == {"waiting"}
    admin.patch(f"/persons/{bob['id']}", {"tags": ["client"], "version": bob["version"]})
    assert schedules.resume_workflows() == {"resumed": 0}  # not yet
    monkeypatch.setattr(workflow_engine, "now", lambda: now() + timedelta(days=2, minutes=1))
    assert schedules.resume_workflows() == {"resumed": 2}
    assert schedules.resume_workflows() == {"resumed": 0}  # a run resumes once
    calls = collect(admin, f"/activities?person_id={ada['id']}")
    assert [c["subject"] for c in calls] == ["Appeler Ada"]
    assert collect(admin, f"/activities?person_id={bob['id']}") == []
    by_record = {r["record"]["id"]: r for r in runs_of(admin, workflow)}
    assert by_record[ada["id"]]["status"] == "done" and by_record[bob["id"]]["reason"] == "condition"


def test_what_cannot_work_is_refused_in_words_and_nothing_is_saved(admin):
    response = admin.post("/workflows", {
        "name": "Hostile", "trigger": {"entity": "deal", "event": "created"},
        "actions": [{"type": "send_email", "params": {"to": "person", "subject": "{{ ''.__class__.__mro__ }}",
                                                      "body": "x"}}]})
    assert response.status == 400 and "internal of Python" in details(response)["actions"]
    assert details(response)["actions.0"] == details(response)["actions"]  # the step it concerns, for the builder
    response = admin.post("/workflows", {
        "name": "Unknown field", "trigger": {"entity": "deal", "event": "updated", "fields": ["colour"]},
        "actions": [{"type": "add_note", "params": {"content": "x"}}]})
    assert response.status == 400 and "no field 'colour'" in details(response)["trigger"]
    response = admin.post("/workflows", {"name": "No steps", "trigger": {"entity": "deal", "event": "created"},
                                         "actions": []})
    assert response.status == 400
    assert page(admin, "/workflows")["items"] == []


def test_the_templates_are_one_click_each(admin):
    templates = page(admin, "/workflow-templates")["items"]
    assert [t["key"] for t in templates] == ["stage_call", "won_onboarding", "booking_welcome"]
    proposal = stage(admin, "Proposition envoyée")
    assert templates[0]["conditions"]["all"][0]["value"] == proposal
    for template in templates:
        body = {k: v for k, v in template.items() if k != "key"}
        assert create(admin, body)["name"] == template["name"]
    assert len(page(admin, "/workflows")["items"]) == 3


def test_the_won_template_emails_the_client_and_plans_the_onboarding(admin, stream, clear_outbox):
    template = next(t for t in page(admin, "/workflow-templates")["items"] if t["key"] == "won_onboarding")
    create(admin, {k: v for k, v in template.items() if k != "key"})
    ada = make_person(admin, "Ada Lovelace", emails=[{"value": "ada@example.com", "label": "work"}])
    deal = make_deal(admin, "Toiture", person_id=ada["id"])
    admin.post(f"/deals/{deal['id']}/won", {})
    stream.drain()
    [mail] = outbox()
    assert mail["To"] == "ada@example.com" and "Ada Lovelace" in mail["Subject"]
    assert "Toiture" in mail.get_body(("plain",)).get_content()
    [onboarding] = activities_of(admin, deal)
    assert "Toiture" in onboarding["subject"]


def test_a_consumers_failure_is_parked_for_it_alone_and_retried(admin, stream, monkeypatch):
    from chalicelib.events import retries
    from chalicelib.storage import board, consumer_retries

    workflow, proposal = stage_call(admin)
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    stream.drain()

    def broken(pk):
        raise RuntimeError("cards are down")
    monkeypatch.setattr(board, "get_card", broken)
    move(admin, deal, proposal)
    stream.drain()
    assert len(activities_of(admin, deal)) == 1  # the workflow ran
    changes = [e for e in page(admin, f"/deals/{deal['id']}/timeline")["items"] if e["kind"] == "change"]
    assert changes  # the change log too
    parked, _ = consumer_retries.of_consumer("refresh_cards")
    assert parked and parked[0]["attempts"] == 1 and "cards are down" in parked[0]["error"]
    assert retries.retry_due() == {"retried": 0, "passed": 0}  # not due yet
    monkeypatch.undo()
    from chalicelib.domain.clock import now
    outcome = retries.retry_due(now() + timedelta(hours=1))
    assert outcome["retried"] == len(parked) and outcome["passed"] == len(parked)
    assert consumer_retries.of_consumer("refresh_cards")[0] == []
    assert len(activities_of(admin, deal)) == 1 and len(runs_of(admin, workflow)) == 1  # nothing replayed
