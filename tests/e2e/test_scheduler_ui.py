"""The scheduler through the browser: a user makes booking links, customers book them on a phone.

The customer always browses in a fresh context (no session cookie, a phone's
screen, their own time zone), as someone who got the link by email would.
Each test makes its own links and customers, with unique names and emails.
"""
import random
import re
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .test_records import create, open_dialog, unique, visible_after_reloads

PHONE = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "has_touch": True}
CUSTOMER_ZONE = "America/New_York"  # not the owner's (Europe/Paris): what the customer sees is in their own time
EVERY_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]
SETTLE_S = 15  # search and timelines are fed by the table's stream


@pytest.fixture
def customer(browser, base_url):
    """A phone in French in another time zone, never signed in: the customer's browser."""
    context = browser.new_context(base_url=base_url, locale="fr-FR", timezone_id=CUSTOMER_ZONE, **PHONE)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


def new_email():
    return f"client-{uuid.uuid4().hex[:10]}@example.com"


def api_link(admin_api, **fields):
    """A link made through the API (for the tests whose subject is the customer's side)."""
    return create(admin_api, "scheduler/links", {
        "kind": "general", "title": unique("Séance"), "duration_min": 30, "windows": EVERY_DAY,
        "min_notice_min": 0, "cancel_cutoff_hours": 0, **fields})


def public_slots(admin_api, token, days=3):
    day = datetime.now(timezone.utc).date()
    response = admin_api.get(f"/api/public/scheduler/{token}?from={day}&to={day + timedelta(days=days)}")
    assert response.ok, response.text()
    return [slot["start"] for slot in response.json()["slots"]]


def api_booking(admin_api, token, start, email):
    response = admin_api.post(f"/api/public/scheduler/{token}/bookings",
                              data={"start": start, "name": "Client API", "email": email})
    assert response.status == 201, response.text()
    return response.json()


def path_of(url):
    """The in-app path of a site URL: `/#/book/<token>` of `http://host:port/#/book/<token>`."""
    parsed = urlparse(url)
    return f"/#{parsed.fragment}"


def pick_first_time(page):
    """Picks the first free time of the day the booking page chose; answers its start (an instant)."""
    expect(page.locator(".day-button[aria-pressed=true]")).to_be_visible()
    button = page.locator(".time-button[data-start]").first
    start = button.get_attribute("data-start")
    button.click()
    expect(page.locator("form.booking-form")).to_be_visible()
    return start


def found_by_search(admin_api, text, timeout_s=SETTLE_S):
    """The id of the person the header search finds for `text` (fed by the stream: waits for it)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        items = admin_api.get(f"/api/search?q={text}").json().get("items", [])
        people = [item for item in items if item["entity"] == "person"]
        if people:
            return people[0]["id"]
        time.sleep(0.5)
    raise AssertionError(f"no person found for {text}")


def test_a_link_made_on_screen_is_booked_on_a_phone_and_its_meeting_lands_on_the_persons_page(
        page, signed_in, customer, admin_api, console_errors, dialogs):
    title, question, answer = unique("Appel découverte"), "Quel est votre objectif ?", unique("Doubler nos ventes")

    # The user makes a link open every day, with a question, a footer and a confirmation.
    page.goto("/#/scheduler")
    page.locator(".head-actions a[href='#/scheduler/new']").click()
    form = page.locator("form.link-form")
    form.locator("input[name=title]").fill(title)
    for day in form.locator(".day-row").all():
        if not day.locator(".day-on").is_checked():
            day.locator(".day-on").check()
    form.locator("[data-action=add-question]").click()
    form.locator(".question-label").fill(question)
    form.locator(".question-required").check()
    form.locator("textarea[name=footer]").fill("Annulation gratuite jusqu'à 24 h avant.")
    form.locator("textarea[name=confirmation]").fill("Merci ! Je vous appelle à l'heure dite.")
    form.locator("button[type=submit]").click()

    # Saved: the list has it, and its share dialog opens with the address and an email text.
    expect(page).to_have_url(re.compile(r"#/scheduler$"))
    share = open_dialog(page)
    url = share.locator("[data-copy=share_url] input").input_value()
    assert re.search(r"/#/book/[A-Za-z0-9_-]{40,}$", url), url
    assert url in share.locator("[data-copy=share_text] textarea").input_value()
    share.locator("[data-action=dismiss]").first.click()
    expect(page.locator(".link-card", has_text=title)).to_be_visible()

    # The customer, on a phone, picks a day and a time, answers and books.
    customer.goto(path_of(url))
    expect(customer.locator("h1.booking-title")).to_have_text(title)
    expect(customer.locator(".booking-zone")).to_contain_text(CUSTOMER_ZONE.replace("_", " "))
    customer.locator(".day-button").first.click()
    day = customer.locator(".day-button[aria-pressed=true]").get_attribute("data-day")
    start = pick_first_time(customer)
    expect(customer.locator(".booking-footer")).to_contain_text("Annulation gratuite")
    email = new_email()
    booking_form = customer.locator("form.booking-form")
    booking_form.locator("input[name=name]").fill("Camille Cliente")
    booking_form.locator("input[name=email]").fill(email)
    booking_form.locator("input[name=phone]").fill("+33 6 12 34 56 78")
    booking_form.get_by_label(question).fill(answer)
    booking_form.locator("button[type=submit]").click()
    done = customer.locator(".booking-done")
    expect(done).to_contain_text("Merci ! Je vous appelle à l'heure dite.")
    local = datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(ZoneInfo(CUSTOMER_ZONE))
    expect(done.locator(".booking-chosen")).to_contain_text(local.strftime("%H:%M"))
    expect(done).to_contain_text(email)
    assert customer.evaluate("document.documentElement.scrollWidth") <= 375
    assert customer.errors == []

    # Back as the user: the meeting is on the person's page, the answers as its note.
    person_id = found_by_search(admin_api, email)
    assert [p["value"] for p in admin_api.get(f"/api/persons/{person_id}").json()["phones"]] == ["+33 6 12 34 56 78"]
    page.goto(f"/#/persons/{person_id}")
    visible_after_reloads(page, page.locator(".open-activities", has_text=title))
    visible_after_reloads(page, page.locator(".timeline .note", has_text=answer))
    expect(page.locator(".timeline .note", has_text=answer)).to_contain_text(question)

    # Deleting that meeting frees its time on the public page again.
    page.locator(".open-activities [data-action=open-activity]", has_text=title).click()
    dialog = open_dialog(page)
    dialog.locator("[data-action=delete-activity]").click()
    page.locator("dialog.dialog-small[open] [data-choice=delete]").click()
    expect(page.locator(".open-activities", has_text=title)).to_have_count(0)
    customer.reload()  # still on the booking page's address: read it again
    customer.locator(f".day-button[data-day='{day}']").click()
    expect(customer.locator(f".time-button[data-start='{start}']")).to_be_visible()
    assert console_errors == [] and dialogs == []


def test_a_time_taken_meanwhile_says_so_and_shows_the_fresh_times(customer, admin_api):
    link = api_link(admin_api)
    customer.goto(f"/#/book/{link['token']}")
    start = pick_first_time(customer)
    api_booking(admin_api, link["token"], start, new_email())  # someone else was quicker

    form = customer.locator("form.booking-form")
    form.locator("input[name=name]").fill("Trop Tard")
    form.locator("input[name=email]").fill(new_email())
    form.locator("button[type=submit]").click()

    expect(customer.locator(".picker-notice [role=alert]")).to_contain_text("vient d’être pris")
    expect(customer.locator(".time-button[data-start]").first).to_be_visible()
    expect(customer.locator(f".time-button[data-start='{start}']")).to_have_count(0)


def test_the_booking_form_says_what_is_missing_beside_each_field(customer, admin_api):
    link = api_link(admin_api, questions=[{"id": "goal", "label": "Votre objectif", "required": True},
                                          {"id": "size", "label": "Taille de l'équipe", "type": "choice",
                                           "options": ["1-5", "6-20"]}])
    customer.goto(f"/#/book/{link['token']}")
    pick_first_time(customer)
    form = customer.locator("form.booking-form")
    form.locator("input[name=email]").fill("pas-un-email")
    form.locator("button[type=submit]").click()

    expect(form.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field", has=customer.locator("input[name=email]"))).to_contain_text("adresse e-mail complète")
    expect(form.locator(".field", has=customer.locator("textarea[name=answer_goal]"))).to_contain_text("obligatoire")
    expect(form.get_by_label("Taille de l'équipe (facultatif)")).to_be_visible()
    assert "[object Object]" not in customer.locator("body").inner_text()


def test_the_customer_page_moves_then_cancels_a_booking(customer, admin_api):
    link = api_link(admin_api, max_reschedules=1)
    first, later = public_slots(admin_api, link["token"])[2], public_slots(admin_api, link["token"])[6]
    booking = api_booking(admin_api, link["token"], first, new_email())

    customer.goto(f"/#/booking/{booking['booking_token']}")
    expect(customer.locator(".booking-state .status-booked")).to_be_visible()
    expect(customer.locator("h1.booking-title")).to_have_text(link["title"])

    # Moved to another free time of the same link: the old time is free again.
    customer.locator("[data-action=move-booking]").click()
    settled = customer.locator(".slot-picker[aria-busy=false]")
    expect(settled).to_be_visible()
    zone = customer.locator("select[name=tz]").input_value()  # the zone they booked in, shown again
    day = datetime.fromisoformat(later.replace("Z", "+00:00")).astimezone(ZoneInfo(zone)).date()
    if not customer.locator(f".day-button[data-day='{day}']").count():  # the later time is in next month
        customer.locator("[data-action=next-month]").click()
        expect(settled).to_be_visible()
    customer.locator(f".day-button[data-day='{day}']").click()
    customer.locator(f".time-button[data-start='{later}']").click()
    expect(customer.locator(".booking-step .alert-success")).to_be_visible()
    assert admin_api.get(f"/api/public/bookings/{booking['booking_token']}").json()["start"] == later
    assert first in public_slots(admin_api, link["token"])
    expect(customer.locator("[data-action=move-booking]")).to_have_count(0)  # the one move allowed is spent

    # Cancelled: the page says so, the time is free, and the booking can no longer change.
    customer.locator("[data-action=cancel-booking]").click()
    customer.locator("dialog.dialog-small[open] [data-choice=cancel]").click()
    expect(customer.locator(".booking-state .status-cancelled")).to_be_visible()
    expect(customer.locator("[data-action=cancel-booking]")).to_have_count(0)
    assert admin_api.get(f"/api/public/bookings/{booking['booking_token']}").json()["status"] == "cancelled"
    assert later in public_slots(admin_api, link["token"])
    assert customer.errors == []


def test_propose_times_on_a_deal_makes_a_specific_link_that_shows_booked_once_taken(
        page, signed_in, customer, admin_api, console_errors):
    person = create(admin_api, "persons", {"name": unique("Dominique")})
    deal = create(admin_api, "deals", {"title": unique("Accompagnement"), "person_id": person["id"]})
    # A day and hours of their own: the owner's other meetings (earlier runs, other tests) must not hide them.
    day = (datetime.now(ZoneInfo("Europe/Paris")) + timedelta(days=random.randint(3, 20))).date().isoformat()
    first, dropped, second = (f"{hour:02d}:{random.choice((0, 15, 30, 45)):02d}" for hour in random.sample(range(7, 21), 3))

    page.goto(f"/#/deals/{deal['id']}")
    page.locator(".composer [role=tab][data-tab=propose]").click()
    form = page.locator("form.propose-form")
    expect(form.locator("input[name=title]")).to_have_value(re.compile(deal["title"]))
    for at in (first, dropped):
        form.locator(".time-day").fill(day)
        form.locator(".time-at").select_option(at)
        form.locator("[data-action=add-time]").click()
    expect(form.locator(".time-item")).to_have_count(2)
    form.locator(".time-item", has_text=dropped).locator("[data-action=remove-time]").click()  # changed their mind
    expect(form.locator(".time-item")).to_have_count(1)
    form.locator(".time-day").fill(day)
    form.locator(".time-at").select_option(second)
    form.locator("[data-action=add-time]").click()
    form.locator("button[type=submit]").click()

    created = page.locator(".propose-created")
    url = created.locator("[data-copy=share_url] input").input_value()
    text = created.locator("[data-copy=share_text] textarea").input_value()
    assert url in text and first in text and second in text and dropped not in text
    proposal = page.locator(".proposal-list .proposal").first
    expect(proposal.locator(".status-waiting")).to_be_visible()

    # The customer books one of the two times; the other goes with it.
    customer.goto(path_of(url))
    expect(customer.locator(".time-button[data-start]")).to_have_count(2)
    pick_first_time(customer)
    form = customer.locator("form.booking-form")
    form.locator("input[name=name]").fill("Dominique Client")
    form.locator("input[name=email]").fill(new_email())
    form.locator("button[type=submit]").click()
    expect(customer.locator(".booking-done")).to_be_visible()

    # Booked, on the deal's tab and in the Scheduler; the meeting is the deal's.
    page.reload()
    page.locator(".composer [role=tab][data-tab=propose]").click()
    expect(page.locator(".proposal-list .proposal .status-booked")).to_be_visible()
    page.goto("/#/scheduler")
    card = page.locator(".link-card", has_text=deal["title"])
    expect(card.locator(".status-booked")).to_be_visible()
    expect(card.locator(".link-tie")).to_contain_text(deal["title"])
    card.locator(".link-title a").click()  # its form says it is taken
    expect(page.locator(".link-form-state .alert-info")).to_contain_text("le lien est pris")
    activities = admin_api.get(f"/api/activities?deal_id={deal['id']}").json()["items"]
    assert [a["type"] for a in activities] == ["meeting"]
    customer.reload()
    expect(customer.locator(".times-empty")).to_be_visible()
    assert console_errors == []


def test_propose_times_on_an_organization_ties_the_meeting_to_it(page, signed_in, customer, admin_api):
    org = create(admin_api, "organizations", {"name": unique("Atelier")})
    # A day and an hour of its own: the owner's other meetings (earlier runs, other tests) must not hide it.
    day = (datetime.now(ZoneInfo("Europe/Paris")) + timedelta(days=random.randint(3, 20))).date().isoformat()
    at = f"{random.randint(7, 20):02d}:{random.choice((0, 15, 30, 45)):02d}"
    page.goto(f"/#/organizations/{org['id']}")
    page.locator(".composer [role=tab][data-tab=propose]").click()
    form = page.locator("form.propose-form")
    form.locator("button[type=submit]").click()
    expect(form.locator("fieldset[name=times] > .field-error")).to_be_visible()  # no time yet: said beside the times
    form.locator(".time-day").fill(day)
    form.locator(".time-at").select_option(at)
    form.locator("[data-action=add-time]").click()
    form.locator("button[type=submit]").click()
    url = page.locator(".propose-created [data-copy=share_url] input").input_value()

    customer.goto(path_of(url))
    pick_first_time(customer)
    form = customer.locator("form.booking-form")
    form.locator("input[name=name]").fill("Client Atelier")
    form.locator("input[name=email]").fill(new_email())
    form.locator("button[type=submit]").click()
    expect(customer.locator(".booking-done")).to_be_visible()
    [activity] = admin_api.get(f"/api/activities?org_id={org['id']}").json()["items"]
    assert activity["type"] == "meeting"


def test_the_link_form_says_what_is_wrong_beside_the_field(page, signed_in):
    page.goto("/#/scheduler/new")
    form = page.locator("form.link-form")
    monday = form.locator(".day-row").first
    monday.locator(".window-start").select_option("12:00")
    monday.locator(".window-end").select_option("09:00")
    form.locator("input[name=horizon_days]").fill("400")
    form.locator("button[type=submit]").click()

    expect(form.locator(".field", has=page.locator("input[name=title]")).locator(".field-error")).to_be_visible()
    expect(form.locator("fieldset[name=windows] .field-error")).to_contain_text("après le début")
    expect(monday.locator(".window-end")).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field", has=page.locator("input[name=horizon_days]"))).to_contain_text("de 1 à 365")

    # What only the API can tell lands beside the field it names, in the API's words.
    page.route("**/api/scheduler/links", lambda route: route.fulfill(
        status=400, content_type="application/json",
        body='{"error": {"code": "validation_error", "message": "Some fields are invalid.",'
             ' "details": {"activity_type": "Not one of the activity types defined in Settings."}}}'))
    form.locator("input[name=title]").fill(unique("Atelier"))
    monday.locator(".window-end").select_option("17:00")
    form.locator("input[name=horizon_days]").fill("60")
    form.locator("button[type=submit]").click()
    expect(form.locator(".field", has=page.locator("select[name=activity_type]"))).to_contain_text("Not one of the activity types")
    assert "[object Object]" not in form.inner_text()


def test_a_links_free_times_show_in_the_list_and_a_deleted_link_stops_booking_until_restored(
        page, signed_in, admin_api, customer, console_errors):
    link = api_link(admin_api, title=unique("Bilan"), owner_id=admin_api.get("/api/me").json()["id"])
    page.goto("/#/scheduler")
    card = page.locator(".link-card", has_text=link["title"])
    card.locator("[data-action=toggle-slots]").click()
    expect(card.locator(".slot-times li").first).to_be_visible()
    expect(card.locator("[data-action=preview-link]")).to_have_attribute("href", re.compile(f"#/book/{link['token']}\\?preview=1$"))
    with page.context.expect_page() as opened:
        card.locator("[data-action=preview-link]").click()
    preview = opened.value
    expect(preview.locator(".preview-bar")).to_contain_text("réservation faite ici serait réelle")
    expect(preview.locator("h1.booking-title")).to_have_text(link["title"])
    preview.close()

    card.locator("[data-action=delete-link]").click()
    page.locator("dialog.dialog-small[open] [data-choice=delete]").click()
    expect(page.locator(".link-card", has_text=link["title"])).to_have_count(0)
    customer.goto(f"/#/book/{link['token']}")
    expect(customer.locator(".booking-gone")).to_be_visible()

    # Back from the trash, it books again, and its name leads to its form.
    page.goto("/#/trash")
    row = page.locator("table.trash-table tbody tr", has_text=link["title"])
    expect(row).to_contain_text("Lien de réservation")
    row.locator("[data-action=restore]").click()
    page.locator("[role=status] a", has_text=link["title"]).click()
    expect(page.locator("form.link-form input[name=title]")).to_have_value(link["title"])
    customer.reload()
    expect(customer.locator("h1.booking-title")).to_have_text(link["title"])
    assert console_errors == []


def test_the_calendar_feed_is_made_renewed_and_revoked_in_the_profile(page, signed_in, admin_api):
    admin_api.delete("/api/me/calendar-feed")
    page.goto("/#/settings/profile")
    card = page.locator(".calendar-feed")
    card.locator("[data-action=feed-create]").click()
    first = card.locator("[data-copy=feed_url] input").input_value()
    assert re.search(r"/api/public/calendar/[A-Za-z0-9_-]+\.ics$", first), first
    assert admin_api.get(urlparse(first).path).status == 200

    card.locator("[data-action=feed-renew]").click()
    page.locator("dialog.dialog-small[open] [data-choice=renew]").click()
    expect(card.locator("[data-copy=feed_url] input")).not_to_have_value(first)
    second = card.locator("[data-copy=feed_url] input").input_value()
    assert admin_api.get(urlparse(first).path).status == 404

    card.locator("[data-action=feed-revoke]").click()
    page.locator("dialog.dialog-small[open] [data-choice=revoke]").click()
    expect(card.locator("[data-action=feed-create]")).to_be_visible()
    assert admin_api.get(urlparse(second).path).status == 404
    page.reload()
    expect(page.locator(".calendar-feed [data-action=feed-create]")).to_be_visible()
