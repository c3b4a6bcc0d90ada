"""Automations through the browser: a workflow built on the flow, refused in words, saved, fired by a
deal's move (the local run feeds the workflows from the table stream) and seen in the run history; the
list's filters, its on/off switch, deletion and one-click templates.

Each test removes the workflows it made, so the other tests' deals never fire them.
"""
import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import invite_token
from .test_pipeline import drag

STREAM_S = 30  # the stream poller runs the workflow a moment after the move
STREAM_MS = STREAM_S * 1000


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def ok(response, what):
    assert response.ok, f"{what}: {response.status} {response.text()}"
    return response.json() if response.status != 204 else None


def default_stage(admin_api, name):
    pipeline = ok(admin_api.get("/api/pipelines/default"), "GET pipeline")
    return next(s["id"] for s in pipeline["stages"] if s["name"] == name)


@pytest.fixture
def workflows_made(admin_api):
    """Ids of the workflows a test made (appended by the test); deleted after it."""
    made = []
    yield made
    for workflow_id in made:
        admin_api.delete(f"/api/workflows/{workflow_id}")


def make_workflow(admin_api, made, **fields):
    body = {"name": unique("Automatisation"), "trigger": {"entity": "person", "event": "created"},
            "actions": [{"type": "add_note", "params": {"content": "Bienvenue {{ person.name }}"}}], **fields}
    workflow = ok(admin_api.post("/api/workflows", data=body), "POST workflow")
    made.append(workflow["id"])
    return workflow


def step(page, kind):
    return page.locator(f".flow-step[data-type={kind}]")


def insert_step(page, at, kind):
    page.locator(f".flow-add[data-at='{at}'] .flow-add-button").click()
    page.locator(f".flow-add[data-at='{at}'] .add-option[data-type={kind}]").click()
    expect(step(page, kind)).to_be_visible()


def test_a_call_is_planned_when_a_deal_reaches_proposition_envoyee_and_the_run_tells_it(
        page, signed_in, admin_api, workflows_made, console_errors):
    proposal = default_stage(admin_api, "Proposition envoyée")
    name = unique("Proposition → appel")
    page.goto("/#/automations/new")
    form = page.locator("form.workflow-form")
    form.locator("input[name=name]").fill(name)
    trigger = page.locator(".flow-trigger")
    expect(trigger.locator("[data-action=trigger-entity]")).to_have_value("deal")
    expect(trigger.locator("[data-action=trigger-event]")).to_have_value("updated")
    expect(trigger.locator("input[value=stage_id]")).to_be_checked()

    # GIVEN the flow: a condition on the stage, then a call in 2 days, whose subject reaches for an internal.
    insert_step(page, 0, "condition")
    condition = step(page, "condition")
    condition.locator("select[data-part=field]").select_option("deal.stage_id")
    condition.locator("select[data-part=op]").select_option("changed_to")
    condition.locator("select[data-part=value]").select_option(proposal)
    insert_step(page, 1, "create_activity")
    call = step(page, "create_activity")
    call.locator("select[data-param=type]").select_option("call")
    call.locator("input[data-param=subject]").fill("Rappeler {{ person.__class__ }}")
    call.locator("input[data-param=due_in_days]").fill("2")

    # WHEN it is saved THEN the server's refusal shows in words on the step it concerns, and nothing is saved.
    form.locator("button[type=submit]").click()
    expect(call.locator(".step-error")).to_contain_text("internal of Python")
    expect(form.locator(".form-notice [role=alert]")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#/automations/new$"))

    # A variable typed in with its button, then saved: the builder opens the saved workflow.
    subject = call.locator("input[data-param=subject]")
    subject.fill("Rappeler ")
    call.locator(".template-var", has_text="{{ deal.title }}").first.click()
    expect(subject).to_have_value("Rappeler {{ deal.title }}")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#/automations/[0-9A-Z]+$"))
    workflow_id = page.url.rsplit("/", 1)[1]
    workflows_made.append(workflow_id)
    expect(page.locator(".form-notice .alert-success")).to_be_visible()
    saved = ok(admin_api.get(f"/api/workflows/{workflow_id}"), "GET workflow")
    assert saved["conditions"] == {"all": [{"field": "deal.stage_id", "op": "changed_to", "value": proposal}]}
    assert [a["type"] for a in saved["actions"]] == ["create_activity"]
    assert saved["actions"][0]["params"]["due_in_days"] == 2 and saved["active"] is True

    # WHEN a deal is dragged to the stage on the board THEN the call is on the deal's page.
    person = ok(admin_api.post("/api/persons", data={"name": unique("Camille")}), "POST person")
    title = unique("Toiture")
    deal = ok(admin_api.post("/api/deals", data={"title": title, "person_id": person["id"], "value": 900}), "POST deal")
    # moved on the board with the mouse, the board filtered to it as a shared view would be
    page.goto(f"/#/pipeline?pipeline=default&q={title}")
    source = page.locator(f".deal-card[data-id='{deal['id']}']")
    target = page.locator(f".board-column[data-stage-id='{proposal}'] .board-cards")
    target.scroll_into_view_if_needed()
    drag(page, source, target)
    expect(page.locator(f".board-column[data-stage-id='{proposal}'] .deal-card[data-id='{deal['id']}']")).to_be_visible()
    page.goto(f"/#/deals/{deal['id']}")
    planned = page.locator(".timeline", has_text=f"Rappeler {title}")
    for _ in range(STREAM_S):
        if planned.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(planned).to_be_visible()

    # AND the run is in the workflow's history: the deal, the stage it left and reached, the activity made.
    page.goto(f"/#/automations/{workflow_id}?tab=runs")
    run = page.locator(".run-card").first
    expect(run).to_be_visible(timeout=STREAM_MS)
    expect(run.locator(".run-status")).to_have_text("Terminée")
    expect(run.locator(".run-record a")).to_have_attribute("href", f"#/deals/{deal['id']}")
    expect(run.locator(".change-list")).to_contain_text("Proposition envoyée")
    expect(run.locator(".run-step")).to_contain_text("Activité créée")
    # AND in the account's history, under the workflow's name.
    page.goto("/#/automations/runs")
    expect(page.locator(".run-card", has_text=title).locator(".run-workflow")).to_have_text(name)
    # The refused save is the one answer in error (the browser logs it); nothing else went wrong.
    assert [e for e in console_errors if "status of 400" not in e] == []


@pytest.fixture(scope="module")
def member(admin_api, live_data_dir, playwright, live_server):
    """Another member of the team: {"id", "api"}."""
    email = f"member-{uuid.uuid4().hex[:6]}@example.com"
    ok(admin_api.post("/api/users", data={"email": email, "name": "Membre Auto", "role": "member"}), "invite")
    token = invite_token(live_data_dir, email)
    assert token, "no invitation mail"
    context = playwright.request.new_context(base_url=live_server, extra_http_headers={"Origin": live_server})
    ok(context.post(f"/api/public/invites/{token}/accept", data={"name": "Membre Auto", "password": "a long enough password"}),
       "accept")
    yield {"id": ok(context.get("/api/me"), "me")["id"], "api": context}
    context.dispose()


def test_the_list_filters_by_owner_and_state_in_the_address_and_switches_a_workflow_on(
        page, signed_in, admin_api, member, workflows_made, console_errors):
    mine_on = make_workflow(admin_api, workflows_made)
    mine_off = make_workflow(admin_api, workflows_made, active=False)
    theirs = make_workflow(member["api"], workflows_made)
    item = lambda w: page.locator(f".wf-item[data-id='{w['id']}']")  # noqa: E731

    page.goto("/#/automations")
    for workflow in (mine_on, mine_off, theirs):
        expect(item(workflow)).to_be_visible()
    expect(item(mine_off)).to_have_class(re.compile(r"\bis-inactive\b"))
    expect(item(mine_on)).not_to_have_class(re.compile(r"\bis-inactive\b"))

    page.locator("[data-filter=state][data-value=inactive]").click()
    expect(page).to_have_url(re.compile(r"#/automations\?state=inactive$"))
    expect(item(mine_off)).to_be_visible()
    expect(item(mine_on)).to_have_count(0)
    page.locator("[data-filter=state][data-value=all]").click()
    page.locator("[data-filter=owner][data-value=mine]").click()
    expect(page).to_have_url(re.compile(r"#/automations\?owner=mine$"))
    expect(item(mine_on)).to_be_visible()
    expect(item(theirs)).to_have_count(0)
    # The address keeps the view: a reload shows the same.
    page.reload()
    expect(page.locator("[data-filter=owner][data-value=mine]")).to_have_attribute("aria-pressed", "true")
    expect(item(theirs)).to_have_count(0)

    # Switched on in place: no longer greyed, and active on the server.
    item(mine_off).locator("[data-action=toggle-active]").click()
    expect(item(mine_off)).not_to_have_class(re.compile(r"\bis-inactive\b"))
    expect(item(mine_off).locator("[data-action=toggle-active]")).to_be_checked()
    assert ok(admin_api.get(f"/api/workflows/{mine_off['id']}"), "GET")["active"] is True
    item(mine_on).locator("[data-action=toggle-active]").click()
    expect(item(mine_on)).to_have_class(re.compile(r"\bis-inactive\b"))
    assert ok(admin_api.get(f"/api/workflows/{mine_on['id']}"), "GET")["active"] is False
    assert console_errors == []


def test_delete_asks_first_and_a_template_is_one_click_away(page, signed_in, admin_api, workflows_made, console_errors):
    doomed = make_workflow(admin_api, workflows_made)
    page.goto("/#/automations")
    row = page.locator(f".wf-item[data-id='{doomed['id']}']")
    row.locator("[data-action=delete-workflow]").click()
    dialog = page.locator("dialog.workflow-delete-dialog[open]")
    expect(dialog).to_contain_text(doomed["name"])
    dialog.locator("[data-choice='']").click()  # Cancel: nothing goes
    expect(row).to_be_visible()
    row.locator("[data-action=delete-workflow]").click()
    page.locator("dialog.workflow-delete-dialog[open] [data-choice=delete]").click()
    expect(row).to_have_count(0)
    assert admin_api.get(f"/api/workflows/{doomed['id']}").status == 404

    page.locator(".wf-template[data-key=stage_call] [data-action=use-template]").click()
    expect(page).to_have_url(re.compile(r"#/automations/[0-9A-Z]+$"))
    workflows_made.append(page.url.rsplit("/", 1)[1])
    expect(page.locator(".form-notice .alert-success")).to_be_visible()
    expect(step(page, "condition").locator("select[data-part=op]")).to_have_value("changed_to")
    expect(step(page, "create_activity").locator("input[data-param=due_in_days]")).to_have_value("2")
    expect(page.locator("form.workflow-form input[name=active]")).not_to_be_checked()

    # Someone else saves it meanwhile: this save is refused (409) and says so, and a reload shows theirs.
    workflow_id = workflows_made[-1]
    current = ok(admin_api.get(f"/api/workflows/{workflow_id}"), "GET workflow")
    theirs = unique("Renommée ailleurs")
    ok(admin_api.patch(f"/api/workflows/{workflow_id}", data={"name": theirs, "version": current["version"]}), "PATCH")
    page.locator("form.workflow-form input[name=active]").check()
    page.locator("form.workflow-form button[type=submit]").click()
    conflict = page.locator(".form-notice [role=alert]")
    expect(conflict).to_contain_text("entre-temps")
    conflict.locator("[data-action=reload]").click()
    expect(page.locator("form.workflow-form input[name=name]")).to_have_value(theirs)
    assert [e for e in console_errors if "status of 409" not in e] == []
