"""What a first trial of the product found on screen, each kept fixed by a test.

The screen sweep (test_screen_sweep.py) catches the broken-looking in
general; these pin down the particular behaviours a person expects.
"""
import re
import uuid
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from .test_records import create, iso, open_dialog, unique


def _box(locator):
    box = locator.bounding_box()
    assert box, "not drawn"
    return box


def test_the_edit_activity_dialog_names_its_deal_person_and_organization(page, signed_in, admin_api, console_errors):
    org = create(admin_api, "organizations", {"name": unique("Maison")})
    person = create(admin_api, "persons", {"name": unique("Lou"), "org_id": org["id"]})
    deal = create(admin_api, "deals", {"title": unique("Mission"), "person_id": person["id"], "org_id": org["id"]})
    subject = unique("Point d'étape")
    create(admin_api, "activities", {"type": "call", "subject": subject, "deal_id": deal["id"],
                                     "due_at": iso(datetime.now(timezone.utc) + timedelta(days=3))})

    for path in (f"/#/persons/{person['id']}", "/#/activities"):
        page.goto(path)
        page.locator("[data-action=open-activity], [data-action=edit-activity]", has_text=subject).first.click()
        dialog = open_dialog(page)
        chips = dialog.locator(".picker-chosen .chip")
        expect(chips).to_have_text([deal["title"], person["name"], org["name"]])
        expect(dialog).not_to_contain_text("[object Object]")
        page.keyboard.press("Escape")
    assert console_errors == []


def test_email_and_phone_rows_keep_their_box_and_their_remove_button_in_view(page, signed_in, admin_api):
    page.goto("/#/persons")
    page.locator(".head-actions [data-action=create]").click()
    dialog = open_dialog(page)
    for row in (dialog.locator(".multi-row").nth(0), dialog.locator(".multi-row").nth(1)):
        value, label, remove = row.locator(".multi-value"), row.locator("select"), row.locator("[data-action=remove-row]")
        assert _box(value)["width"] >= 200
        assert _box(label)["x"] >= _box(value)["x"] + _box(value)["width"]
        dialog_box = _box(dialog)
        assert _box(remove)["x"] + _box(remove)["width"] <= dialog_box["x"] + dialog_box["width"]

    person = create(admin_api, "persons", {"name": unique("Rangée"),
                                           "emails": [{"value": f"r-{uuid.uuid4().hex[:8]}@example.com", "label": "work"}]})
    page.goto(f"/#/persons/{person['id']}")
    page.locator(".field-row[data-field=emails] [data-action=edit-field]").click()
    row = page.locator("form.inline-edit .multi-row").first
    assert _box(row.locator(".multi-value"))["width"] >= 200
    card = _box(page.locator(".facts-card"))
    assert _box(row.locator("[data-action=remove-row]"))["x"] + 36 <= card["x"] + card["width"]


def test_the_organization_filter_text_starts_after_its_magnifier(page, signed_in):
    for path in ("/#/persons", "/#/deals"):
        page.goto(path)
        search = page.locator(".filters input[data-picker=org_id]")
        expect(search).to_be_visible()
        magnifier = _box(page.locator(".filters .picker .search-icon"))
        padding = search.evaluate("(el) => parseFloat(getComputedStyle(el).paddingLeft)")
        assert _box(search)["x"] + padding >= magnifier["x"] + magnifier["width"] + 4, path


def test_the_columns_menu_shows_its_whole_title(page, signed_in):
    page.goto("/#/persons")
    page.locator(".popover-wrap > button").click()
    panel, title = _box(page.locator(".columns-panel")), _box(page.locator(".columns-panel .popover-title"))
    assert title["y"] >= panel["y"] + 4 and title["y"] + title["height"] <= panel["y"] + panel["height"]


def test_planned_activities_stand_above_the_history_soonest_first(page, signed_in, admin_api):
    person = create(admin_api, "persons", {"name": unique("Agenda")})
    now = datetime.now(timezone.utc)
    later, soon, past = unique("Plus tard"), unique("Bientôt"), unique("Passé")
    for subject, due, done in ((later, now + timedelta(days=9), False), (soon, now + timedelta(days=2), False),
                               (past, now - timedelta(days=2), True)):
        create(admin_api, "activities", {"type": "call", "subject": subject, "due_at": iso(due), "done": done,
                                         "person_id": person["id"]})
    page.goto(f"/#/persons/{person['id']}")
    planned = page.locator(".planned-activities .activity-summary .link-button")
    expect(planned).to_have_text([soon, later])
    history = page.locator(".timeline-section > ol.timeline:not(.timeline-planned)")
    expect(history.locator(".activity-summary", has_text=past)).to_be_visible()
    expect(history.locator(".activity-summary", has_text=soon)).to_have_count(0)

    # Done, it moves down to the history.
    page.locator(".planned-activities .activity-summary", has_text=soon).locator("[data-action=toggle-done]").check()
    expect(history.locator(".activity-summary", has_text=soon)).to_be_visible()
    expect(planned).to_have_text([later])


def test_the_header_search_empties_on_escape_and_when_leaving_the_page(page, signed_in, admin_api):
    token = uuid.uuid4().hex[:8]
    person = create(admin_api, "persons", {"name": f"Cherché {token}"})
    page.goto("/#/pipeline")
    search = page.locator("header input[role=combobox]")
    search.fill(token)
    expect(page.locator("header [role=option]")).to_have_count(1)
    search.press("Escape")
    expect(search).to_have_value("")
    expect(page.locator("header [role=listbox]")).to_be_hidden()

    search.fill(token)
    expect(page.locator("header [role=option]")).to_have_count(1)
    page.locator("nav#sidenav a[href='#/organizations']").click()
    expect(page).to_have_url(re.compile(r"#/organizations"))
    expect(search).to_have_value("")

    search.fill(token)
    page.locator("header [role=option]", has_text=person["name"]).click()
    expect(page.locator("h1")).to_have_text(person["name"])
    expect(search).to_have_value("")


def test_settings_name_custom_fields_and_activity_types_without_their_keys(page, signed_in, admin_api):
    before = admin_api.get("/api/settings/custom-fields").json()
    types_before = admin_api.get("/api/settings/activity-types").json()
    try:
        page.goto("/#/settings/custom-fields")
        form = page.locator("form.custom-fields-form")
        expect(form).to_be_visible()
        expect(form.locator("input[name=key]")).to_have_count(0)
        expect(form.locator("th", has_text=re.compile("^(Clé|Key)$"))).to_have_count(0)
        form.locator("[data-action=add-def][data-entity=deal]").click()
        form.locator("tbody[data-entity=deal] tr:last-child input[name=label]").fill("Date de signature prévue")
        form.locator("tbody[data-entity=deal] tr:last-child select[name=type]").select_option("date")
        form.locator("button[type=submit]").click()
        expect(form.locator("[role=status]")).to_be_visible()
        saved = admin_api.get("/api/settings/custom-fields").json()["deal"]
        assert {"key": "date_de_signature_prevue", "label": "Date de signature prévue", "type": "date", "options": []} in saved

        page.goto("/#/settings/activity-types")
        form = page.locator("form.activity-types-form")
        expect(form.locator("input[name=label]").first).to_be_visible()
        expect(form.locator("input[name=key]")).to_have_count(0)
        labels = [item["label"] for item in types_before["items"]]
        expect(form.locator("input[name=label]")).to_have_count(len(labels))
        form.locator("[data-action=add-type]").click()
        form.locator("tr:last-child input[name=label]").fill(labels[0])  # the same name twice is refused
        form.locator("button[type=submit]").click()
        expect(form.locator("[role=alert]")).to_be_visible()
        form.locator("tr:last-child input[name=label]").fill("Visio")
        form.locator("button[type=submit]").click()
        expect(form.locator("[role=status]")).to_be_visible()
        items = admin_api.get("/api/settings/activity-types").json()["items"]
        assert {"key": "visio", "label": "Visio"} in items
        assert items[:len(labels)] == types_before["items"]
    finally:
        now = admin_api.get("/api/settings/custom-fields").json()
        admin_api.put("/api/settings/custom-fields", data={
            **{k: before[k] for k in ("person", "organization", "deal")}, "version": now["version"]})
        now = admin_api.get("/api/settings/activity-types").json()
        admin_api.put("/api/settings/activity-types", data={"items": types_before["items"], "version": now["version"]})


def test_a_record_without_links_is_deleted_after_one_plain_question_and_no_refusal(page, signed_in, admin_api,
                                                                                     console_errors):
    person = create(admin_api, "persons", {"name": unique("Sans lien")})
    requests = []
    page.on("request", lambda request: requests.append(f"{request.method} {request.url}"))
    page.goto(f"/#/persons/{person['id']}")
    page.locator("[data-action=delete-record]").click()
    dialog = open_dialog(page)
    expect(dialog.locator("[data-choice=detach]")).to_have_count(0)
    dialog.locator("[data-choice=delete]").click()
    expect(page).to_have_url(re.compile(r"#/persons(\?.*)?$"))
    deletes = [r for r in requests if r.startswith("DELETE")]
    assert len(deletes) == 1 and "linked=" not in deletes[0]
    assert admin_api.get(f"/api/persons/{person['id']}").status == 404
    assert console_errors == []


def test_on_a_phone_the_composer_comes_right_after_the_header(page, signed_in, admin_api):
    person = create(admin_api, "persons", {
        "name": unique("Mobile"), "tags": ["a", "b"],
        "emails": [{"value": f"p-{uuid.uuid4().hex[:8]}@example.com", "label": "work"}],
        "phones": [{"value": "+33 6 00 00 00 00", "label": "mobile"}]})
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/#/persons/{person['id']}")
    composer, facts = page.locator(".composer"), page.locator(".facts-card")
    expect(composer).to_be_visible()
    assert _box(composer)["y"] < 400
    assert _box(composer)["y"] < _box(facts)["y"]

    # On a desktop the fields keep their column on the left, the composer heads the right one.
    page.set_viewport_size({"width": 1366, "height": 900})
    assert _box(facts)["x"] < _box(composer)["x"]
    assert abs(_box(facts)["y"] - _box(composer)["y"]) < 4
