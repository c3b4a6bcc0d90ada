"""Persons, organizations, deals, activities and notes through the browser.

Each test makes its own records with unique names, so the tests share one
local run without depending on each other's data.
"""
import re
import time
import uuid
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

HOSTILE = "<img src=x onerror=alert(1)>"
SETTLE_S = 15  # timelines are fed by the table's stream: allow it to catch up


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def create(admin_api, path, data):
    response = admin_api.post(f"/api/{path}", data=data)
    assert response.status == 201, f"POST /api/{path}: {response.status} {response.text()}"
    return response.json()


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def noon_utc(days_from_today):
    """Noon UTC `days_from_today` days away: the same calendar day in Europe and in UTC."""
    today = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
    return today + timedelta(days=days_from_today)


def visible_after_reloads(page, locator, timeout_s=SETTLE_S):
    """Waits for `locator`, reloading the page now and then (stream-fed data arrives a moment later)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            expect(locator.first).to_be_visible(timeout=2000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.reload()


def open_dialog(page):
    dialog = page.locator("dialog.dialog[open]")
    expect(dialog).to_be_visible()
    return dialog


def test_records_made_on_screen_show_on_each_others_pages_and_timelines(page, signed_in, console_errors):
    org_name, person_name, deal_title, subject = unique("Acme"), unique("Camille"), unique("Mission"), unique("Appel")

    page.goto("/#/organizations")
    page.locator("[data-action=create]").first.click()
    dialog = open_dialog(page)
    dialog.locator("input[name=name]").fill(org_name)
    dialog.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#/organizations/[^/?]+$"))
    expect(page.locator("h1")).to_have_text(org_name)
    org_url = page.url

    page.locator(".detail-head [data-action=create-person]").click()
    dialog = open_dialog(page)
    expect(dialog.locator(".picker-chosen .chip")).to_have_text(org_name)
    dialog.locator("input[name=name]").fill(person_name)
    dialog.locator(".multi-value").first.fill(f"{uuid.uuid4().hex[:10]}@example.com")
    dialog.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#/persons/[^/?]+$"))
    expect(page.locator("h1")).to_have_text(person_name)
    expect(page.locator(".detail-sub")).to_contain_text(org_name)
    person_url = page.url

    page.locator(".detail-head [data-action=create-deal]").click()
    dialog = open_dialog(page)
    dialog.locator("input[name=title]").fill(deal_title)
    dialog.locator("input[name=value]").fill("12500")
    dialog.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#/deals/[^/?]+$"))
    expect(page.locator("h1")).to_have_text(deal_title)
    expect(page.locator(".facts-card")).to_contain_text(person_name)
    expect(page.locator(".facts-card")).to_contain_text(org_name)

    page.locator(".composer [role=tab][data-tab=activity]").click()
    form = page.locator("form.quick-activity-form")
    form.locator("input[name=subject]").fill(subject)
    form.locator("button[type=submit]").click()
    expect(form.locator("[role=status]")).to_be_visible()
    expect(page.locator(".timeline .activity-summary", has_text=subject)).to_be_visible()
    expect(page.locator(".open-activities", has_text=subject)).to_be_visible()
    page.screenshot(path="/tmp/records-deal-detail.png", full_page=True)

    for url in (person_url, org_url):
        page.goto(url)
        visible_after_reloads(page, page.locator(".timeline .activity-summary", has_text=subject))
        expect(page.locator(".open-activities", has_text=subject)).to_be_visible()
    expect(page.locator(".linked-card", has_text=deal_title)).to_be_visible()
    expect(page.locator(".linked-card", has_text=person_name)).to_be_visible()
    page.screenshot(path="/tmp/records-org-detail.png", full_page=True)
    assert console_errors == []


def test_a_name_edited_in_place_is_saved_and_survives_a_reload(page, signed_in, admin_api):
    person = create(admin_api, "persons", {"name": unique("Before")})
    renamed = unique("After")
    page.goto(f"/#/persons/{person['id']}")
    expect(page.locator("h1")).to_have_text(person["name"])

    page.locator("[data-action=edit-title]").click()
    field = page.locator("form.inline-edit input[name=name]")
    expect(field).to_be_focused()
    field.fill(renamed)
    field.press("Enter")

    expect(page.locator("h1")).to_have_text(renamed)
    expect(page.locator("[data-action=edit-title]")).to_be_focused()
    page.reload()
    expect(page.locator("h1")).to_have_text(renamed)
    assert admin_api.get(f"/api/persons/{person['id']}").json()["name"] == renamed

    # Escape abandons an edit without saving.
    page.locator("[data-action=edit-title]").click()
    page.locator("form.inline-edit input[name=name]").fill("not kept")
    page.keyboard.press("Escape")
    expect(page.locator("h1")).to_have_text(renamed)


def test_a_note_shows_its_links_and_lists_and_hostile_text_as_plain_text(page, signed_in, admin_api, dialogs):
    person = create(admin_api, "persons", {"name": unique("Noté")})
    page.goto(f"/#/persons/{person['id']}")
    note = page.locator("form.note-form textarea[name=content]")
    note.fill("Plan **validé** :\n\n- premier point\n- second point\n\n"
              "1. un\n2. deux\n\nVoir [le brief](https://example.com/brief) et https://example.org/doc.")
    page.locator("form.note-form button[type=submit]").click()

    card = page.locator(".timeline .note", has_text="premier point")
    expect(card).to_be_visible()
    expect(card.locator("ul li")).to_have_count(2)
    expect(card.locator("ol li")).to_have_count(2)
    expect(card.locator("strong")).to_have_text("validé")
    link = card.locator("a", has_text="le brief")
    expect(link).to_have_attribute("href", "https://example.com/brief")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_attribute("target", "_blank")
    expect(card.locator("a[href='https://example.org/doc']")).to_have_text("https://example.org/doc")

    hostile = f"{HOSTILE} <script>alert(2)</script> [clic](javascript:alert(3))"
    note.fill(hostile)
    page.locator("form.note-form button[type=submit]").click()
    hostile_card = page.locator(".timeline .note", has_text="<script>")
    expect(hostile_card).to_be_visible()
    expect(hostile_card.locator(".rich-text")).to_have_text(hostile)
    expect(hostile_card.locator("a")).to_have_count(0)
    page.reload()
    expect(page.locator(".timeline .note", has_text="<script>")).to_be_visible()
    expect(page.locator("main img")).to_have_count(0)
    expect(page.locator("main script")).to_have_count(0)
    page.wait_for_timeout(300)  # an injected <img src=x> would have failed to load by now
    assert dialogs == []


def test_a_pinned_note_stands_above_the_timeline(page, signed_in, admin_api):
    person = create(admin_api, "persons", {"name": unique("Épinglé")})
    page.goto(f"/#/persons/{person['id']}")
    page.locator("form.note-form textarea[name=content]").fill("À garder en tête")
    page.locator("form.note-form input[name=pinned]").check()
    page.locator("form.note-form button[type=submit]").click()
    expect(page.locator(".pinned-notes .note", has_text="À garder en tête")).to_be_visible()
    expect(page.locator(".timeline .note", has_text="À garder en tête")).to_have_count(0)


def test_deleting_a_linked_person_asks_once_keep_and_unlink_then_restore_from_the_trash(
        page, signed_in, admin_api, dialogs, console_errors):
    name = unique(f"Lié {HOSTILE}")
    org = create(admin_api, "organizations", {"name": unique("Maison")})
    person = create(admin_api, "persons", {"name": name, "org_id": org["id"]})
    # Linked to the organization too, so the deal can live on without the person.
    deal = create(admin_api, "deals", {"title": unique("Affaire liée"), "value": 100, "person_id": person["id"],
                                       "org_id": org["id"]})
    activity = create(admin_api, "activities", {
        "type": "call", "subject": unique("Rappel"), "due_at": iso(noon_utc(2)), "person_id": person["id"]})

    page.goto(f"/#/persons/{person['id']}")
    expect(page.locator("h1")).to_have_text(name)
    page.locator("[data-action=delete-record]").click()
    # One question, asked before anything is sent: the links were counted first (no 409 to learn them).
    choice = page.locator("dialog.delete-links-dialog[open]")
    expect(choice).to_be_visible()
    expect(page.locator("dialog[open]")).to_have_count(1)
    expect(choice.locator(".dialog-title")).to_contain_text(name)
    expect(choice).to_contain_text("1")
    expect(choice.locator("[data-choice=delete]")).to_be_visible()
    expect(choice.locator("button", has_text=re.compile("Annuler|Cancel"))).to_be_visible()
    choice.locator("[data-choice=detach]").click()

    expect(page).to_have_url(re.compile(r"#/persons(\?.*)?$"))
    expect(page.locator(".page-notice, .form-notice").filter(has_text=name).first).to_be_visible()
    kept_deal = admin_api.get(f"/api/deals/{deal['id']}").json()
    kept_activity = admin_api.get(f"/api/activities/{activity['id']}").json()
    assert kept_deal["deleted_at"] is None and kept_deal["person_id"] is None and kept_deal["org_id"] == org["id"]
    assert kept_activity["deleted_at"] is None and kept_activity["person_id"] is None

    page.goto("/#/trash")
    row = page.locator("table.trash-table tbody tr", has_text=name)
    expect(row).to_be_visible()
    page.screenshot(path="/tmp/records-trash.png", full_page=True)
    row.locator("[data-action=restore]").click()
    expect(page.locator("[role=status]", has_text=name)).to_be_visible()
    expect(row).to_have_count(0)
    assert admin_api.get(f"/api/persons/{person['id']}").json()["deleted_at"] is None

    page.locator("[role=status] a", has_text=name).click()
    expect(page.locator("h1")).to_have_text(name)
    assert dialogs == []
    assert console_errors == []


def test_records_that_cannot_stay_unlinked_are_named_and_go_to_the_trash_along(page, signed_in, admin_api, console_errors):
    person = create(admin_api, "persons", {"name": unique("Seul")})
    deal = create(admin_api, "deals", {"title": unique("Sans autre lien"), "value": 5, "person_id": person["id"]})

    page.goto(f"/#/persons/{person['id']}")
    page.locator("[data-action=delete-record]").click()

    # The one question names the deal that cannot be kept alone and does not offer to keep it.
    stuck = page.locator("dialog.delete-links-dialog[open]")
    expect(stuck).to_be_visible()
    expect(stuck).to_contain_text(deal["title"])
    expect(stuck.locator("[data-choice=detach]")).to_have_count(0)
    stuck.locator("[data-choice=delete]").click()
    expect(page).to_have_url(re.compile(r"#/persons(\?.*)?$"))
    assert admin_api.get(f"/api/deals/{deal['id']}").status == 404

    page.goto("/#/trash")
    page.locator("table.trash-table tbody tr", has_text=person["name"]).locator("[data-action=restore]").click()
    expect(page.locator("[role=status]", has_text=person["name"])).to_be_visible()
    restored = admin_api.get(f"/api/deals/{deal['id']}")
    assert restored.status == 200 and restored.json()["person_id"] == person["id"]
    assert console_errors == []


def test_a_person_with_a_known_email_is_refused_and_the_existing_one_is_named(page, signed_in, admin_api):
    email = f"dup-{uuid.uuid4().hex[:8]}@example.com"
    existing = create(admin_api, "persons", {"name": unique("Existant"), "emails": [{"value": email, "label": "work"}]})

    page.goto("/#/persons")
    page.locator(".head-actions [data-action=create]").click()
    dialog = open_dialog(page)
    dialog.locator("input[name=name]").fill(unique("Doublon"))
    dialog.locator(".multi-value").first.fill(email.upper())
    dialog.locator("button[type=submit]").click()

    alert = dialog.locator(".duplicate-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(existing["name"])
    link = alert.locator("a")
    expect(link).to_have_attribute("href", f"#/persons/{existing['id']}")
    link.click()
    expect(page).to_have_url(re.compile(rf"#/persons/{existing['id']}$"))
    expect(page.locator("h1")).to_have_text(existing["name"])


def test_the_week_calendar_shows_the_activity_and_overdue_ones_stand_out(page, signed_in, admin_api):
    late, planned = unique("En retard"), unique("Prévu")
    yesterday = noon_utc(-1)
    create(admin_api, "activities", {"type": "task", "subject": late, "due_at": iso(yesterday), "done": False})
    create(admin_api, "activities", {"type": "meeting", "subject": planned, "due_at": iso(yesterday + timedelta(hours=1)),
                                     "done": False})

    page.goto(f"/#/activities/calendar?view=week&date={yesterday.date().isoformat()}")
    day = page.locator(f".cal-day[data-day='{yesterday.date().isoformat()}']")
    expect(day.locator(".cal-item", has_text=late)).to_be_visible()
    expect(day.locator(".cal-item.is-overdue", has_text=late)).to_be_visible()
    page.screenshot(path="/tmp/records-calendar-week.png", full_page=True)

    page.locator("[data-view=day]").click()
    expect(page).to_have_url(re.compile(r"view=day"))
    expect(page.locator(".cal-dayview .cal-item", has_text=planned)).to_be_visible()

    page.goto("/#/activities?period=overdue")
    row = page.locator("table.activities-table tbody tr", has_text=late)
    expect(row).to_have_class(re.compile(r"\bis-overdue\b"))
    expect(row.locator(".status-overdue")).to_be_visible()
    row.locator("[data-action=toggle-done]").check()
    expect(row).to_have_class(re.compile(r"\bis-done\b"))
    expect(row).not_to_have_class(re.compile(r"\bis-overdue\b"))
    page.reload()
    expect(page.locator("table.activities-table tbody tr", has_text=late)).to_have_count(0)
    page.screenshot(path="/tmp/records-activities.png", full_page=True)


def test_the_header_search_is_used_with_the_keyboard(page, signed_in, admin_api):
    token = uuid.uuid4().hex[:8]
    person = create(admin_api, "persons", {"name": f"Zélie {token}"})
    page.goto("/#/pipeline")
    search = page.locator("header input[role=combobox]")
    search.fill(token)
    option = page.locator("header [role=option]", has_text=person["name"])
    expect(option).to_be_visible()
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", re.compile(".+"))
    search.press("Enter")
    expect(page).to_have_url(re.compile(rf"#/persons/{person['id']}$"))
    expect(page.locator("h1")).to_have_text(person["name"])


def test_lists_sort_and_remember_the_chosen_columns(page, signed_in, admin_api):
    tag = f"t{uuid.uuid4().hex[:6]}"
    for name in ("Bravo", "Alpha", "Charlie"):
        create(admin_api, "persons", {"name": f"{name} {tag}", "tags": [tag]})
    page.goto(f"/#/persons?tag={tag}&sort=name&order=asc")
    names = page.locator("table.records-table tbody .cell-title")
    expect(names).to_have_text([f"Alpha {tag}", f"Bravo {tag}", f"Charlie {tag}"])
    page.locator("th [data-sort=name]").click()
    expect(names).to_have_text([f"Charlie {tag}", f"Bravo {tag}", f"Alpha {tag}"])
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    page.screenshot(path="/tmp/records-list.png", full_page=True)

    email_header = page.locator("table.records-table thead th", has_text=re.compile("^E-mail$", re.I))
    expect(email_header).to_have_count(1)
    page.locator(".popover-wrap > button").click()
    page.locator(".columns-panel input[value=email]").uncheck()
    expect(email_header).to_have_count(0)
    page.reload()
    expect(page.locator("table.records-table tbody .cell-title").first).to_be_visible()
    expect(email_header).to_have_count(0)


def test_hostile_and_huge_names_show_as_text_in_lists_and_pages(page, signed_in, admin_api, dialogs):
    huge = "Ω" * 500  # the longest name the API takes, without a space to break it
    rtl = "مرحبا بالعالم 👋 עברית"
    tag = f"h{uuid.uuid4().hex[:6]}"
    hostile = create(admin_api, "persons", {"name": HOSTILE, "tags": [tag]})
    create(admin_api, "persons", {"name": huge, "tags": [tag]})
    create(admin_api, "persons", {"name": rtl, "tags": [tag]})
    page.goto(f"/#/persons?tag={tag}")
    expect(page.locator("table.records-table tbody .cell-title", has_text=HOSTILE)).to_be_visible()
    expect(page.locator("table.records-table tbody .cell-title", has_text=rtl)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(f"/#/persons/{hostile['id']}")
    expect(page.locator("h1")).to_have_text(HOSTILE)
    expect(page.locator("main img")).to_have_count(0)
    page.wait_for_timeout(300)
    assert dialogs == []


def test_record_screens_are_readable_at_375_pixels(page, signed_in, admin_api):
    person = create(admin_api, "persons", {"name": unique("Mobile"), "emails": [{"value": f"m-{uuid.uuid4().hex[:8]}@example.com", "label": "work"}]})
    page.set_viewport_size({"width": 375, "height": 740})
    for path, ready in [("/#/persons", "table.records-table"), (f"/#/persons/{person['id']}", ".timeline-section"),
                        ("/#/activities", "table.activities-table"), ("/#/activities/calendar", ".cal-week"),
                        ("/#/trash", "table.trash-table")]:
        page.goto(path)
        expect(page.locator(ready)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"horizontal scroll at 375px on {path}"
    page.goto(f"/#/persons/{person['id']}")
    expect(page.locator(".timeline-section")).to_be_visible()
    page.screenshot(path="/tmp/records-detail-375.png", full_page=True)


RENDER = """async (source) => {
  const { renderRichText } = await import('/js/richtext.js');
  const started = performance.now();
  const box = document.createElement('div');
  box.append(...renderRichText(source));
  return { ms: performance.now() - started, html: box.innerHTML, text: box.textContent,
           links: Array.from(box.querySelectorAll('a')).map((a) => a.getAttribute('href')) };
}"""


def test_the_note_renderer_links_only_web_and_mail_addresses(page, signed_in):
    page.goto("/#/pipeline")
    expect(page.locator("main h1")).to_be_visible()
    out = page.evaluate(RENDER, "[a](javascript:alert(1)) [b](data:text/html,x) [c](mailto:a@example.com) "
                                "[d](https://example.com/d) (see https://example.com/e).")
    assert out["links"] == ["mailto:a@example.com", "https://example.com/d", "https://example.com/e"]
    assert "javascript:" not in "".join(out["links"]) and "[a](javascript:alert(1))" in out["text"]
    out = page.evaluate(RENDER, "<b onmouseover=alert(1)>x</b> &lt; **gras** *it*")
    assert "<b " not in out["html"] and "&lt;b onmouseover" in out["html"]
    assert "<strong>gras</strong>" in out["html"] and "<em>it</em>" in out["html"]


def test_the_note_renderer_stays_fast_on_100_kb_of_unclosed_marks(page, signed_in):
    page.goto("/#/pipeline")
    expect(page.locator("main h1")).to_be_visible()
    for hostile in ("*" * 100_000, "**a" * 33_000, "[" * 100_000, "[x](" * 25_000, "- *" * 33_000):
        out = page.evaluate(RENDER, hostile)
        assert out["ms"] < 1000, f"{hostile[:6]}… took {out['ms']:.0f} ms"
