"""Workflows on DynamoDB Local, run by the real local stream: the templates end to end, never looping,
never acting twice, only when active and triggered by whom they allow, resumed by the schedule."""
import os
import uuid
from datetime import timedelta
from email import policy
from email.parser import BytesParser

import pytest

from tests.integration.support import eventually

EVERY_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]


def a_user(role="member"):
    from chalicelib.domain.access import Principal
    from chalicelib.domain.ids import new_id
    from chalicelib.storage import users

    user = users.new_user(new_id(), f"wf-{uuid.uuid4().hex[:8]}@example.com", "Wanda Flow", role, "active", "fr",
                          "Europe/Paris", "not-a-real-hash", "integration")
    users.create(user)
    return Principal(user_id=user.id, role=role, session_id="s", token_digest="d", user=user)


@pytest.fixture
def stream(app_module, start_poller):
    """The app's stream handler on the real local stream, from now on; the Lambda events it handled."""
    handled = []

    def handler(event, context):
        handled.append(event)
        return app_module.on_table_change(event, context)

    poller = start_poller(handler, starting_position="LATEST")
    assert poller.listening.wait(10)
    return handled


@pytest.fixture
def workflows(admin):
    """Create workflows for one test; they are deleted after it (the table is shared by the tier)."""
    from chalicelib.services import records

    made = []

    def create(body, principal=admin):
        workflow = records.create(principal, "workflow", body)
        made.append(workflow["id"])
        return workflow
    yield create
    for workflow_id in made:
        records.delete(admin, "workflow", workflow_id)


def template(admin, key):
    from chalicelib.services import workflows

    found = next(t for t in workflows.templates(admin)["items"] if t["key"] == key)
    return {k: v for k, v in found.items() if k != "key"}


def runs(workflow, status=None, count=1):
    """The runs of `workflow` once `count` of them (in `status`) are there."""
    from chalicelib.storage import workflow_runs

    def found():
        items = workflow_runs.page(workflow["id"])[0]
        return items if len([r for r in items if status in (None, r["status"])]) >= count else None
    return eventually(found)


def record(entity, record_id):
    from chalicelib.storage import record_store

    return record_store.get(f"{entity.upper() if entity != 'organization' else 'ORG'}#{record_id}")


def stage(name):
    from chalicelib.storage import pipelines

    return next(s["id"] for s in pipelines.get_one("default")["data"]["stages"] if s["name"] == name)


def new_deal(principal, title):
    from chalicelib.services import records

    person = records.create(principal, "person", {"name": f"Client {title}", "emails": [
        {"value": f"{uuid.uuid4().hex[:8]}@client.example", "label": "work"}]})
    return records.create(principal, "deal", {"title": title, "person_id": person["id"]}), person


def move(principal, deal, stage_id):
    from chalicelib.services import deal_moves

    return deal_moves.move(principal, deal["id"], {"stage_id": stage_id, "version": record("deal", deal["id"])["version"]})


def test_deal_reaching_a_stage_plans_a_call_in_two_working_days(admin, stream, workflows):
    workflow = workflows(template(admin, "stage_call"))
    deal, person = new_deal(admin, f"Toiture {uuid.uuid4().hex[:6]}")
    move(admin, deal, stage("Proposition envoyée"))
    [run] = runs(workflow, "done")
    activity = record("activity", run["steps"][0]["result"]["id"])["data"]
    assert activity["deal_id"] == deal["id"] and activity["person_id"] == person["id"]
    assert activity["type"] == "call" and deal["data"]["title"] in activity["subject"]


def test_deal_won_emails_the_client_and_plans_the_onboarding(admin, stream, workflows):
    from chalicelib import config
    from chalicelib.services import deal_moves

    workflow = workflows(template(admin, "won_onboarding"))
    deal, person = new_deal(admin, f"Coaching {uuid.uuid4().hex[:6]}")
    deal_moves.win(admin, deal["id"], {})
    [run] = runs(workflow, "done")
    address = person["data"]["emails"][0]["value"]
    assert run["steps"][0]["result"] == {"sent_to": address}
    mails = []
    for name in os.listdir(config.MAIL_OUTBOX):
        with open(os.path.join(config.MAIL_OUTBOX, name), "rb") as fh:
            mails.append(BytesParser(policy=policy.default).parse(fh))
    [mail] = [m for m in mails if m["To"] == address]
    assert person["data"]["name"] in mail["Subject"]
    assert deal["data"]["title"] in mail.get_body(("plain",)).get_content()
    onboarding = record("activity", run["steps"][1]["result"]["id"])["data"]
    assert onboarding["deal_id"] == deal["id"] and onboarding["type"] == "task"


def test_a_new_person_from_a_booking_is_tagged_and_assigned(admin, stream, workflows):
    from chalicelib.services import records, scheduling

    workflow = workflows(template(admin, "booking_welcome"))
    host = a_user()
    token = records.create(host, "scheduler_link", {"kind": "general", "title": "Appel", "duration_min": 30,
                                                    "windows": EVERY_DAY, "min_notice_min": 0})["data"]["token"]
    start = scheduling.public_slots(token)["slots"][3]["start"]
    booked = scheduling.book(token, {"start": start, "name": "Bea Booker", "email": f"{uuid.uuid4().hex[:8]}@x.example"})
    [run] = runs(workflow, "done")
    person = record("person", run["record"]["id"])
    assert person["data"]["name"] == "Bea Booker" and booked
    assert "réservation" in person["data"]["tags"] and person["data"]["owner_id"] == admin.user_id


def test_a_workflow_updating_its_own_trigger_record_runs_once(admin, stream, workflows):
    from chalicelib.services import records

    marker = uuid.uuid4().hex[:8]
    workflow = workflows({"name": "Tag edited", "trigger": {"entity": "person", "event": "updated"},
                          "conditions": {"all": [{"field": "person.name", "op": "contains", "value": marker}]},
                          "actions": [{"type": "update_record", "params": {"fields": {"tags": ["edited"]}}}]})
    ada = records.create(admin, "person", {"name": f"Ada {marker}"})
    records.update(admin, "person", ada["id"], {"name": f"Ada L. {marker}", "version": ada["version"]})
    eventually(lambda: record("person", ada["id"])["data"]["tags"] == ["edited"])
    eventually(lambda: record("person", ada["id"])["version"] == 3 and len(runs(workflow)) == 1)
    import time
    time.sleep(1.0)  # what its own write would have fired has had time to come
    assert len(runs(workflow)) == 1 and record("person", ada["id"])["version"] == 3


def test_two_workflows_firing_each_other_stop_at_depth_three(admin, stream, workflows):
    from chalicelib.services import records

    marker = uuid.uuid4().hex[:8]
    scoped = {"all": [{"field": "organization.domain", "op": "equals", "value": f"{marker}.example"}]}
    a = workflows({"name": "A", "trigger": {"entity": "organization", "event": "updated", "fields": ["name"]},
                   "conditions": scoped, "actions": [{"type": "update_record", "params": {
                       "fields": {"industry": "{{ organization.industry }}a"}}}]})
    b = workflows({"name": "B", "trigger": {"entity": "organization", "event": "updated", "fields": ["industry"]},
                   "conditions": scoped, "actions": [{"type": "update_record", "params": {
                       "fields": {"name": "{{ organization.name }}b"}}}]})
    acme = records.create(admin, "organization", {"name": "Acme", "domain": f"{marker}.example"})
    records.update(admin, "organization", acme["id"], {"name": "Acme SA", "version": acme["version"]})
    stopped = runs(b, "stopped")
    assert [r["reason"] for r in stopped if r["status"] == "stopped"] == ["loop"]
    assert [r["depth"] for r in runs(a)] == [2, 0]
    final = record("organization", acme["id"])["data"]
    assert (final["name"], final["industry"]) == ("Acme SAb", "aa")


def test_replaying_the_same_batches_performs_no_action_twice(admin, app_module, stream, workflows):
    from chalicelib.services import deal_moves
    from chalicelib.storage import workflow_runs

    call = workflows(template(admin, "stage_call"))
    won = workflows(template(admin, "won_onboarding"))
    deal, person = new_deal(admin, f"Replay {uuid.uuid4().hex[:6]}")
    move(admin, deal, stage("Proposition envoyée"))
    deal_moves.win(admin, deal["id"], {})
    first = (runs(call, "done"), runs(won, "done"))
    for event in list(stream):
        assert app_module.on_table_change(event, None) == {"batchItemFailures": []}
    assert (workflow_runs.page(call["id"])[0], workflow_runs.page(won["id"])[0]) == first
    from chalicelib.services import record_views

    activities = record_views.list_records("activity", {"deal_id": deal["id"], "limit": 50})["items"]
    made = sorted(s["result"]["id"] for r in first[0] + first[1] for s in r["steps"] if "id" in s["result"])
    assert sorted(a["id"] for a in activities) == made and len(made) == 2  # one call, one onboarding


def test_an_inactive_workflow_never_runs(admin, stream, workflows):
    body = template(admin, "stage_call")
    workflow = workflows({**body, "active": False})
    live = workflows(body)  # the same, active: proves the move went through the stream
    deal, _ = new_deal(admin, f"Inactive {uuid.uuid4().hex[:6]}")
    move(admin, deal, stage("Proposition envoyée"))
    runs(live, "done")
    from chalicelib.storage import workflow_runs

    assert workflow_runs.page(workflow["id"])[0] == []


def test_only_me_ignores_other_users_changes(admin, stream, workflows):
    body = template(admin, "stage_call")
    mine_only = workflows({**body, "who_triggers": "owner"})
    colleague = a_user()
    theirs, _ = new_deal(colleague, f"Theirs {uuid.uuid4().hex[:6]}")
    mine, _ = new_deal(admin, f"Mine {uuid.uuid4().hex[:6]}")
    move(colleague, theirs, stage("Proposition envoyée"))
    move(admin, mine, stage("Proposition envoyée"))
    [run] = runs(mine_only, "done")
    import time
    time.sleep(1.0)
    assert [r["record"]["id"] for r in runs(mine_only)] == [mine["id"]]


def test_a_wait_step_resumes_from_the_schedule(admin, app_module, stream, workflows, monkeypatch):
    from chalicelib.domain.clock import now
    from chalicelib.services import records, workflow_engine

    marker = uuid.uuid4().hex[:8]
    workflow = workflows({"name": "Wait then call", "trigger": {"entity": "person", "event": "created"},
                          "conditions": {"all": [{"field": "person.name", "op": "contains", "value": marker}]},
                          "actions": [{"type": "wait", "params": {"hours": 3}},
                                      {"type": "create_activity", "params": {
                                          "type": "call", "subject": "Rappeler {{ person.name }}"}}]})
    ada = records.create(admin, "person", {"name": f"Ada {marker}"})
    [waiting] = runs(workflow, "waiting")
    assert waiting["resume_at"] > ada["created_at"]
    monkeypatch.setattr(workflow_engine, "now", lambda: now() + timedelta(hours=3, minutes=1))
    from runner.lambda_context import LambdaContext
    from runner.schedules import scheduled_event

    # The schedule's own handler, called as EventBridge calls it.
    assert app_module.resume_workflows(scheduled_event("resume_workflows", "eu-west-3"),
                                       LambdaContext("resume_workflows"))["resumed"] >= 1
    [run] = runs(workflow, "done")
    activity = record("activity", run["steps"][-1]["result"]["id"])["data"]
    assert activity["subject"] == f"Rappeler Ada {marker}" and activity["person_id"] == ada["id"]
