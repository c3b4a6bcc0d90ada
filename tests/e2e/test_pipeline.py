"""The pipeline through the browser: the board and its moves (mouse, keyboard,
the card's list), Won and Lost, the deal page's stage bar, Settings ›
Pipelines, leads and Insights.

Each test makes its own pipeline through the API, so its board holds only
its own deals and the tests share one local run without meeting.
"""
import re
import time
import uuid

from playwright.sync_api import expect

BOARD_SETTLE_S = 15  # the API's answers reach the deal at once; stream-fed names a moment later


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def ok(response, what):
    assert response.ok, f"{what}: {response.status} {response.text()}"
    return response.json() if response.status != 204 else None


def make_pipeline(admin_api, stages=("Découverte", "Proposition", "Négociation")):
    """A pipeline of its own for one test: {"id", "stages": [open stages in order], …}."""
    pipeline = ok(admin_api.post("/api/pipelines", data={
        "name": unique("Pipeline"), "stages": [{"name": name, "probability": 10 * i, "rotting_days": 14}
                                               for i, name in enumerate(stages)]}), "POST pipeline")
    pipeline["open"] = [s for s in sorted(pipeline["stages"], key=lambda s: s["position"]) if s["kind"] == "open"]
    return pipeline


def make_deal(admin_api, pipeline, stage_index=0, **more):
    org = ok(admin_api.post("/api/organizations", data={"name": unique("Client")}), "POST organization")
    return ok(admin_api.post("/api/deals", data={
        "title": unique("Affaire"), "value": 1200, "org_id": org["id"], "pipeline_id": pipeline["id"],
        "stage_id": pipeline["open"][stage_index]["id"], **more}), "POST deal")


def deal_of(admin_api, deal_id):
    return ok(admin_api.get(f"/api/deals/{deal_id}"), "GET deal")


def eventually(check, timeout_s=BOARD_SETTLE_S):
    """Waits until `check()` is true (the server's state after the browser's call)."""
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "the server never reached the expected state"
        time.sleep(0.2)


def column(page, stage_id):
    return page.locator(f".board-column[data-stage-id='{stage_id}']")


def card(page, deal_id):
    return page.locator(f".deal-card[data-id='{deal_id}']")


def open_board(page, pipeline):
    page.goto(f"/#/pipeline?pipeline={pipeline['id']}")
    expect(page.locator(".board-column")).to_have_count(len(pipeline["open"]))


def drag(page, source, target, steps=20):
    """A real drag with the mouse: press, move in steps (Sortable follows the pointer), release."""
    start, end = source.bounding_box(), target.bounding_box()
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + 20
    x1, y1 = end["x"] + end["width"] / 2, end["y"] + min(30, end["height"] / 2)
    page.mouse.move(x0, y0)
    page.mouse.down()
    for i in range(1, steps + 1):
        page.mouse.move(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
        page.wait_for_timeout(15)
    # Sortable follows the pointer on a 50 ms beat (its pointer fallback): a person's hand rests a moment too.
    page.wait_for_timeout(150)
    page.mouse.up()


def test_a_card_dragged_to_the_next_stage_with_the_mouse_stays_there_after_a_reload(page, signed_in, admin_api, console_errors):
    pipeline = make_pipeline(admin_api)
    deal = make_deal(admin_api, pipeline)
    first, second = pipeline["open"][0]["id"], pipeline["open"][1]["id"]
    open_board(page, pipeline)
    expect(column(page, first).locator(".deal-card")).to_have_count(1)

    drag(page, card(page, deal["id"]), column(page, second).locator(".board-cards"))

    expect(column(page, second).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    expect(column(page, first).locator(".deal-card")).to_have_count(0)
    expect(column(page, second).locator(".board-column-sum")).to_contain_text("1")
    eventually(lambda: deal_of(admin_api, deal["id"])["stage_id"] == second)
    page.reload()
    expect(column(page, second).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    expect(column(page, first).locator(".deal-card")).to_have_count(0)
    page.screenshot(path="/tmp/pipeline-dragged.png")
    assert console_errors == []


def test_a_focused_card_moves_with_alt_and_the_arrows_and_the_move_is_announced(page, signed_in, admin_api, console_errors):
    pipeline = make_pipeline(admin_api)
    deal = make_deal(admin_api, pipeline)
    first, second, third = (s["id"] for s in pipeline["open"])
    open_board(page, pipeline)

    card(page, deal["id"]).focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(column(page, second).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    expect(card(page, deal["id"])).to_be_focused()
    expect(page.locator("[data-role=live]")).to_contain_text(pipeline["open"][1]["name"])
    page.keyboard.press("Alt+ArrowRight")
    expect(column(page, third).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    page.keyboard.press("Alt+ArrowLeft")
    expect(column(page, second).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    expect(card(page, deal["id"])).to_be_focused()

    # Three moves in a row, each sent with the version the one before returned: all of them land.
    eventually(lambda: deal_of(admin_api, deal["id"])["stage_id"] == second and deal_of(admin_api, deal["id"])["version"] >= 4)
    page.reload()
    expect(column(page, second).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    assert console_errors == []


def test_a_move_refused_for_a_stale_version_puts_the_card_back_and_says_why(page, signed_in, admin_api):
    pipeline = make_pipeline(admin_api)
    deal = make_deal(admin_api, pipeline)
    first, second = pipeline["open"][0]["id"], pipeline["open"][1]["id"]
    open_board(page, pipeline)
    # Someone else edits the deal after the board was read.
    ok(admin_api.patch(f"/api/deals/{deal['id']}", data={"value": 999, "version": deal["version"]}), "PATCH deal")

    card(page, deal["id"]).focus()
    page.keyboard.press("Alt+ArrowRight")

    expect(page.locator(".board-notice [role=alert]")).to_be_visible()
    expect(column(page, first).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    expect(column(page, second).locator(".deal-card")).to_have_count(0)
    assert deal_of(admin_api, deal["id"])["stage_id"] == first
    page.locator(".board-notice [data-action=reload-board]").click()
    expect(page.locator(".board-notice [role=alert]")).to_have_count(0)


def test_the_stage_list_of_a_card_moves_it(page, signed_in, admin_api):
    pipeline = make_pipeline(admin_api)
    deal = make_deal(admin_api, pipeline)
    third = pipeline["open"][2]["id"]
    open_board(page, pipeline)

    card(page, deal["id"]).locator("select[data-action=card-stage]").focus()
    card(page, deal["id"]).locator("select[data-action=card-stage]").select_option(third)

    expect(column(page, third).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    eventually(lambda: deal_of(admin_api, deal["id"])["stage_id"] == third)


def test_won_from_the_card_list_can_be_undone_and_arrows_on_the_closed_list_move_nothing(page, signed_in, admin_api):
    pipeline = make_pipeline(admin_api)
    deal = make_deal(admin_api, pipeline, stage_index=1)
    other = make_deal(admin_api, pipeline, stage_index=1)
    second = pipeline["open"][1]["id"]
    open_board(page, pipeline)
    select = card(page, deal["id"]).locator("select[data-action=card-stage]")
    select.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(column(page, second).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    assert deal_of(admin_api, deal["id"])["stage_id"] == second

    select.select_option("__won")
    expect(card(page, deal["id"])).to_have_count(0)
    expect(card(page, other["id"])).to_be_focused()  # the keyboard goes on from the next card
    expect(page.locator(".board-notice .alert-success")).to_be_visible()
    eventually(lambda: deal_of(admin_api, deal["id"])["status"] == "won")
    page.locator(".board-notice [data-action=undo-outcome]").click()
    expect(column(page, second).locator(f".deal-card[data-id='{deal['id']}']")).to_be_visible()
    eventually(lambda: deal_of(admin_api, deal["id"])["status"] == "open")
    assert deal_of(admin_api, deal["id"])["stage_id"] == second


def test_a_card_dropped_on_lost_asks_why_and_the_deal_page_reopens_it(page, signed_in, admin_api, console_errors):
    pipeline = make_pipeline(admin_api)
    deal = make_deal(admin_api, pipeline, stage_index=1)
    reason = f"Parti chez un concurrent {uuid.uuid4().hex[:4]}"
    open_board(page, pipeline)

    # The Won and Lost targets show once a card is picked up; the card is dropped on Lost.
    source = card(page, deal["id"])
    box = source.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 10, box["y"] + 40, steps=5)
    lost = page.locator(".board-outcome-lost")
    expect(lost).to_be_visible()
    target = lost.bounding_box()
    for i in range(1, 11):
        page.mouse.move(box["x"] + box["width"] / 2 + (target["x"] + target["width"] / 2 - box["x"] - box["width"] / 2) * i / 10,
                        box["y"] + 40 + (target["y"] + target["height"] / 2 - box["y"] - 40) * i / 10)
        page.wait_for_timeout(15)
    page.wait_for_timeout(150)
    page.mouse.up()

    dialog = page.locator("dialog[open] form.lost-form")
    expect(dialog).to_be_visible()
    dialog.locator("input[name=lost_reason]").fill(reason)
    dialog.locator("button[type=submit]").click()
    expect(card(page, deal["id"])).to_have_count(0)
    expect(page.locator(".board-notice [data-action=undo-outcome]")).to_be_visible()
    eventually(lambda: deal_of(admin_api, deal["id"])["status"] == "lost")
    assert deal_of(admin_api, deal["id"])["lost_reason"] == reason

    page.goto(f"/#/deals/{deal['id']}")
    expect(page.locator(".stage-outcome")).to_contain_text(reason)
    expect(page.locator(".timeline .stage-entry.is-lost")).to_contain_text(reason)
    page.locator("[data-action=deal-reopen]").click()
    reopen = page.locator("dialog[open] form.reopen-form")
    expect(reopen.locator("select[name=stage_id]")).to_have_value(pipeline["open"][1]["id"])  # where it was lost
    reopen.locator("select[name=stage_id]").select_option(pipeline["open"][0]["id"])
    reopen.locator("button[type=submit]").click()
    expect(page.locator("[data-action=deal-won]")).to_be_visible()
    expect(page.locator(".stage-step.is-current")).to_contain_text(pipeline["open"][0]["name"])
    after = deal_of(admin_api, deal["id"])
    assert (after["status"], after["stage_id"]) == ("open", pipeline["open"][0]["id"])
    assert console_errors == []


def test_the_deal_page_moves_with_its_stage_bar_and_is_won_then_lost_with_a_listed_reason(page, signed_in, admin_api):
    pipeline = make_pipeline(admin_api)
    deal = make_deal(admin_api, pipeline)
    reasons = ok(admin_api.get("/api/settings/lost-reasons"), "GET lost reasons")["items"]
    page.goto(f"/#/deals/{deal['id']}")

    page.locator(f".stage-chevron[data-stage-id='{pipeline['open'][2]['id']}']").click()
    expect(page.locator(".stage-step.is-current")).to_contain_text(pipeline["open"][2]["name"])
    expect(page.locator(".stage-step.is-done")).to_have_count(2)
    expect(page.locator(".timeline .stage-entry").first).to_contain_text(pipeline["open"][2]["name"])

    # The stage list of the details card moves it too (with its history, like the bar).
    page.locator(".field-row[data-field=stage] [data-action=edit-field]").click()
    page.locator("form.inline-edit select").select_option(f"{pipeline['id']}/{pipeline['open'][1]['id']}")
    page.locator("form.inline-edit button[type=submit]").click()
    expect(page.locator(".stage-step.is-current")).to_contain_text(pipeline["open"][1]["name"])
    assert deal_of(admin_api, deal["id"])["stage_id"] == pipeline["open"][1]["id"]

    page.locator("[data-action=deal-won]").click()
    expect(page.locator(".stage-bar.is-won")).to_be_visible()
    expect(page.locator("[data-action=deal-reopen]")).to_be_focused()
    assert deal_of(admin_api, deal["id"])["status"] == "won"

    page.locator("[data-action=deal-reopen]").click()
    page.locator("dialog[open] form.reopen-form button[type=submit]").click()
    expect(page.locator("[data-action=deal-lost]")).to_be_visible()
    page.locator("[data-action=deal-lost]").click()
    form = page.locator("dialog[open] form.lost-form")
    form.locator("label", has_text=reasons[0]).click()
    form.locator("button[type=submit]").click()
    expect(page.locator(".stage-outcome")).to_contain_text(reasons[0])
    assert deal_of(admin_api, deal["id"])["lost_reason"] == reasons[0]


def test_filters_live_in_the_address_and_a_new_deal_lands_in_the_chosen_stage(page, signed_in, admin_api):
    pipeline = make_pipeline(admin_api)
    wanted = make_deal(admin_api, pipeline, tags=["priorité"])
    other = make_deal(admin_api, pipeline)
    open_board(page, pipeline)
    expect(page.locator(".deal-card")).to_have_count(2)

    # On a phone the filters fold behind their button; here they show.
    page.locator(".board-filters input[name=tag]").fill("priorité")
    page.locator(".board-filters input[name=tag]").press("Enter")
    expect(page.locator(".deal-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"tag=priorit"))
    page.reload()
    expect(page.locator(".board-filters input[name=tag]")).to_have_value("priorité")
    expect(card(page, wanted["id"])).to_be_visible()
    expect(card(page, other["id"])).to_have_count(0)
    page.locator("[data-action=clear-filters]").click()
    expect(page.locator(".deal-card")).to_have_count(2)

    title = unique("Nouvelle")
    org = ok(admin_api.post("/api/organizations", data={"name": unique("Cliente")}), "POST organization")
    second = pipeline["open"][1]
    column(page, second["id"]).locator("[data-action=new-in-stage]").click()
    dialog = page.locator("dialog[open] form.create-form")
    expect(dialog.locator("select[name=stage]")).to_have_value(f"{pipeline['id']}/{second['id']}")
    dialog.locator("input[name=title]").fill(title)
    dialog.locator("input[data-picker=org_id]").fill(org["name"])
    page.locator("dialog[open] [role=option]", has_text=org["name"]).click()
    dialog.locator("button[type=submit]").click()
    expect(column(page, second["id"]).locator(".deal-card", has_text=title)).to_be_visible()
    expect(page).to_have_url(re.compile(r"#/pipeline\?"))


def test_renamed_and_reordered_stages_show_on_the_board(page, signed_in, admin_api):
    pipeline = make_pipeline(admin_api, stages=("Un", "Deux", "Trois"))
    renamed = unique("Premier")
    page.goto("/#/settings/pipelines")
    page.locator("select[data-action=choose-pipeline]").select_option(pipeline["id"])
    form = page.locator("form.pipeline-form")
    expect(form).to_have_attribute("data-id", pipeline["id"])
    rows = form.locator("tbody tr")
    rows.nth(0).locator("input[name=name]").fill(renamed)
    rows.nth(2).locator("[data-action=stage-up]").click()  # "Trois" before "Deux"
    form.locator("[data-action=add-stage]").click()
    rows.nth(3).locator("input[name=name]").fill("Quatre")
    rows.nth(3).locator("input[name=rotting_days]").fill("")
    form.locator("button[type=submit]").click()
    expect(page.locator(".pipelines-panel .alert-success")).to_be_visible()

    saved = ok(admin_api.get(f"/api/pipelines/{pipeline['id']}"), "GET pipeline")
    open_names = [s["name"] for s in sorted(saved["stages"], key=lambda s: s["position"]) if s["kind"] == "open"]
    assert open_names == [renamed, "Trois", "Deux", "Quatre"]
    assert [s["rotting_days"] for s in saved["stages"] if s["name"] == "Quatre"] == [None]

    page.goto(f"/#/pipeline?pipeline={pipeline['id']}")
    expect(page.locator(".board-column-title")).to_have_text([renamed, "Trois", "Deux", "Quatre"])


def test_a_pipeline_is_made_from_a_template_in_one_click_or_empty(page, signed_in, admin_api):
    templates = ok(admin_api.get("/api/pipeline-templates"), "GET templates")["items"]
    coaching = next(t for t in templates if t["key"] == "coaching_individual")
    name = unique("Coaching")
    page.goto("/#/settings/pipelines")
    page.locator("input[name=new_pipeline_name]").fill(name)
    page.locator("[data-action=create-pipeline][data-template=coaching_individual]").click()

    expect(page.locator("form.pipeline-form input[name=pipeline_name]")).to_have_value(name)
    made = next(p for p in ok(admin_api.get("/api/pipelines"), "GET pipelines")["items"] if p["name"] == name)
    open_names = [s["name"] for s in sorted(made["stages"], key=lambda s: s["position"]) if s["kind"] == "open"]
    assert open_names in (coaching["stages"]["fr"], coaching["stages"]["en"])
    expect(page.locator("form.pipeline-form tbody tr")).to_have_count(len(open_names))
    page.locator(".pipelines-panel .alert-success a").click()
    expect(page).to_have_url(re.compile(rf"#/pipeline\?pipeline={made['id']}"))
    expect(page.locator(".board-column")).to_have_count(len(open_names))

    page.goto("/#/settings/pipelines")
    page.locator("[data-action=create-pipeline][data-template='']").click()
    expect(page.locator("form.pipeline-form tbody tr")).to_have_count(1)
    expect(page.locator(".pipelines-panel .alert-success")).to_be_visible()


def test_deleting_a_stage_that_holds_deals_asks_where_they_go(page, signed_in, admin_api):
    pipeline = make_pipeline(admin_api, stages=("Alpha", "Bravo", "Charlie"))
    deals = [make_deal(admin_api, pipeline, stage_index=1) for _ in range(2)]
    bravo, charlie = pipeline["open"][1], pipeline["open"][2]
    page.goto("/#/settings/pipelines")
    page.locator("select[data-action=choose-pipeline]").select_option(pipeline["id"])
    page.locator(f"form.pipeline-form tr[data-id='{bravo['id']}'] [data-action=remove-stage]").click()

    dialog = page.locator("dialog[open] form.stage-delete-form")
    expect(dialog).to_contain_text("2")
    dialog.locator("select[name=move_to]").select_option(charlie["id"])
    dialog.locator("button[type=submit]").click()
    expect(page.locator(".pipelines-panel .alert-success")).to_contain_text(charlie["name"])
    expect(page.locator(f"form.pipeline-form tr[data-id='{bravo['id']}']")).to_have_count(0)

    for deal in deals:
        assert deal_of(admin_api, deal["id"])["stage_id"] == charlie["id"]
    page.goto(f"/#/pipeline?pipeline={pipeline['id']}")
    expect(page.locator(".board-column-title")).to_have_text(["Alpha", "Charlie"])
    expect(column(page, charlie["id"]).locator(".deal-card")).to_have_count(2)


def test_a_lead_made_on_screen_opens_on_its_page_with_its_notes(page, signed_in, admin_api):
    org = ok(admin_api.post("/api/organizations", data={"name": unique("Studio")}), "POST organization")
    title = unique("Demande de devis")
    page.goto("/#/leads")
    page.locator(".head-actions [data-action=create]").click()
    form = page.locator("dialog[open] form.create-form")
    form.locator("input[name=title]").fill(title)
    form.locator("button[type=submit]").click()
    expect(form.locator("[role=alert]")).to_be_visible()  # a person or an organization is needed
    form.locator("input[data-picker=org_id]").fill(org["name"])
    page.locator("dialog[open] [role=option]", has_text=org["name"]).click()
    form.locator("input[name=source]").fill("Site web")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"#/leads/[^/?]+$"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".facts-card")).to_contain_text(org["name"])
    page.locator("form.note-form textarea[name=content]").fill("À rappeler mardi")
    page.locator("form.note-form button[type=submit]").click()
    expect(page.locator(".timeline .note", has_text="À rappeler mardi")).to_be_visible()
    expect(page.locator(".composer [data-tab=activity]")).to_have_count(0)  # a lead's activities are its contact's


def test_a_lead_is_converted_into_a_deal_in_the_chosen_stage(page, signed_in, admin_api):
    pipeline = make_pipeline(admin_api)
    person = ok(admin_api.post("/api/persons", data={"name": unique("Prospecte")}), "POST person")
    lead = ok(admin_api.post("/api/leads", data={"title": unique("Prospect"), "person_id": person["id"], "value": 800,
                                                 "source": "Salon"}), "POST lead")
    page.goto(f"/#/leads?person_id={person['id']}")
    row = page.locator("table.records-table tbody tr", has_text=lead["title"])
    expect(row).to_be_visible()
    row.locator("[data-action=convert-lead]").click()

    dialog = page.locator("dialog[open] form.convert-form")
    dialog.locator("select[name=pipeline_id]").select_option(pipeline["id"])
    dialog.locator("select[name=stage_id]").select_option(pipeline["open"][1]["id"])
    dialog.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"#/deals/[^/?]+$"))
    deal_id = page.url.rsplit("/", 1)[1]
    expect(page.locator("h1")).to_have_text(lead["title"])
    expect(page.locator(".facts-card")).to_contain_text(person["name"])
    expect(page.locator(".stage-step.is-current")).to_contain_text(pipeline["open"][1]["name"])
    deal = deal_of(admin_api, deal_id)
    assert (deal["pipeline_id"], deal["stage_id"], deal["value"]) == (pipeline["id"], pipeline["open"][1]["id"], 800)
    page.goto(f"/#/leads?person_id={person['id']}")
    expect(page.locator("table.records-table tbody .table-empty")).to_be_visible()


CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map((canvas) => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  const { width, height } = canvas;
  const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked += 1;
  return { key: canvas.dataset.chart, chart: Boolean(chart), width, height, inked };
})"""


def test_insights_draws_its_charts_and_shows_the_figures(page, signed_in, admin_api, console_errors):
    pipeline = make_pipeline(admin_api)
    stages = pipeline["open"]
    for i in range(4):
        deal = make_deal(admin_api, pipeline)
        deal = ok(admin_api.post(f"/api/deals/{deal['id']}/move", data={"stage_id": stages[1]["id"], "version": deal["version"]}), "move")
        if i % 2:
            ok(admin_api.post(f"/api/deals/{deal['id']}/won", data={"version": deal["version"]}), "won")
        else:
            ok(admin_api.post(f"/api/deals/{deal['id']}/lost", data={"reason": "Budget", "version": deal["version"]}), "lost")
    page.goto(f"/#/insights?pipeline={pipeline['id']}")
    expect(page.locator(".kpi-won .kpi-value")).to_contain_text("2")
    # The results say "drawn" once every chart has finished its first animation.
    expect(page.locator(".insights-results[data-charts=drawn]")).to_be_visible(timeout=10_000)
    drawn = page.evaluate(CHARTS_DRAWN)
    assert [c["key"] for c in drawn] == ["funnel", "time", "lostStage", "lostReason", "months"]
    for chart in drawn:
        assert chart["chart"] and chart["width"] > 100 and chart["height"] > 100, chart
        assert chart["inked"] > 500, f"the {chart['key']} chart drew almost nothing: {chart}"
    table = page.locator("table.figures-table").first
    expect(table.locator("tbody tr")).to_have_count(len(stages))
    expect(table.locator("tbody tr").nth(1)).to_contain_text("4")
    page.screenshot(path="/tmp/pipeline-insights.png", full_page=True)
    assert console_errors == []


def test_edited_lost_reasons_are_offered_when_a_deal_is_lost(page, signed_in, admin_api):
    before = ok(admin_api.get("/api/settings/lost-reasons"), "GET lost reasons")
    added = unique("Trop cher")
    try:
        page.goto("/#/settings/lost-reasons")
        form = page.locator("form.lost-reasons-form")
        form.locator("[data-action=add-reason]").click()
        form.locator("tbody tr").last.locator("input").fill(added)
        form.locator("tbody tr").last.locator("[data-action=reason-up]").click()
        form.locator("button[type=submit]").click()
        expect(form.locator("[role=status]")).to_be_visible()
        items = ok(admin_api.get("/api/settings/lost-reasons"), "GET lost reasons")["items"]
        assert items[-2] == added

        pipeline = make_pipeline(admin_api)
        deal = make_deal(admin_api, pipeline)
        page.goto(f"/#/deals/{deal['id']}")
        page.locator("[data-action=deal-lost]").click()
        expect(page.locator("dialog[open] form.lost-form label", has_text=added)).to_be_visible()
    finally:
        now = ok(admin_api.get("/api/settings/lost-reasons"), "GET lost reasons")
        ok(admin_api.put("/api/settings/lost-reasons", data={"items": before["items"], "version": now["version"]}), "restore")
