"""The screen sweep: every screen and dialog of the app, on a desktop and on a
phone, in French and in English, checked for what a person would see broken.

Each screen fails the sweep when it shows `[object Object]`, `undefined`,
`NaN` or an untranslated text (i18n.js reports a missing key on the console
and draws it as ⟦key⟧), when a text box is narrower than 80 px, when the
page or a box in it scrolls sideways (unless it is made to: the board's
strip of columns, marked `data-scrolls="sideways"`), or on any console
error, uncaught exception or CSP violation. A full-page screenshot of each lands in
test-results/screens/<language>-<size>/, for a person to look at.

SCREENS below is the list: a screen added to the app is one line here
(its address, what shows it is ready, and how to open it when it is a dialog
or a menu). The data every screen shows is made once through the API.
CRM_SWEEP_ONLY=person,deal-new (screen names) sweeps only those.
"""
import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Optional

import pytest
from playwright.sync_api import expect

from .conftest import REPO_ROOT, invite_token, reset_token

SHOTS = REPO_ROOT / "test-results" / "screens"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 375, "height": 800}}
LOCALES = {"fr": "fr-FR", "en": "en-US"}
MIN_CONTROL_WIDTH = 80
READY_TIMEOUT_MS = 10_000


# ---------- The screens ----------

def _click(selector):
    """Opens a dialog or a menu by clicking `selector`."""
    def run(page):
        page.locator(selector).first.click()
    return run


def _then(*steps):
    def run(page):
        for step in steps:
            step(page)
    return run


def _fill(selector, text):
    def run(page):
        page.locator(selector).first.fill(text)
    return run


def _wait(selector):
    def run(page):
        expect(page.locator(selector).first).to_be_visible(timeout=READY_TIMEOUT_MS)
    return run


def _select(selector, value):
    """Chooses `value` in the select `selector` (a change a person makes: focus it, then choose)."""
    def run(page):
        page.locator(selector).first.focus()
        page.locator(selector).first.select_option(value)
    return run


def _hold_drag(selector):
    """Picks up the element `selector` with the mouse and keeps holding it (see _release)."""
    def run(page):
        box = page.locator(selector).first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 20)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2 + 30, box["y"] + 80, steps=8)
    return run


def _release(page):
    page.mouse.up()


def _fill_new_email(selector):
    """Types an address never used before (a reset request or an invitation counts per email)."""
    def run(page):
        page.locator(selector).first.fill(f"sweep-{uuid.uuid4().hex[:8]}@example.com")
    return run


# What the local run cannot be made to answer on demand, played by the browser instead (Screen.routes).

def _answer(status, error_code, message):
    """An API refusal: `route.fulfill` with the contract's error shape."""
    def run(route):
        route.fulfill(status=status, content_type="application/json",
                      body=json.dumps({"error": {"code": error_code, "message": message}}))
    return run


def _pending_invitations(change):
    """The real answer about users, with `change(invitation)` applied to every pending one's."""
    def run(route):
        if route.request.method not in ("GET", "POST"):
            route.continue_()
            return
        response = route.fetch()
        data = response.json() if response.ok else None
        for user in (data.get("items", [data]) if isinstance(data, dict) else []):
            if user.get("invitation"):
                change(user["invitation"])
        route.fulfill(response=response, body=json.dumps(data) if data is not None else response.body())
    return run


# The local outbox never fails, and a link lasts a week.
_invitation_mail_failed = _pending_invitations(lambda invitation: invitation.update(mail="failed"))
_invitation_expired = _pending_invitations(lambda invitation: invitation.update(expires_at="2025-01-06T09:30:00Z"))


def _booked(route):
    """A booking the customer's page is told was made (the sweep books nothing for real, pass after pass)."""
    body = route.request.post_data_json or {}
    start = datetime.fromisoformat(body.get("start", "2030-01-07T09:00:00Z").replace("Z", "+00:00"))
    route.fulfill(status=201, content_type="application/json", body=json.dumps({
        "booking_token": "sweep-booking-token", "start": _iso(start), "end": _iso(start + timedelta(minutes=45))}))


def _fill_booking(page):
    """Picks the first free time of the booking page and fills its form as a customer would."""
    page.locator(".time-button[data-start]").first.click()
    form = page.locator("form.booking-form")
    form.locator("input[name=name]").fill("Client Sweep")
    form.locator("input[name=email]").fill("client.sweep@example.com")
    form.locator("textarea[name=answer_goal]").fill("Structurer notre offre.")
    form.locator("select[name=answer_size]").select_option(index=2)
    form.locator("button[type=submit]").click()


def _days_ahead(n):
    """The date `n` days from now (YYYY-MM-DD), as a date input takes it."""
    return (datetime.now(timezone.utc) + timedelta(days=n)).date().isoformat()


def _win_first_card(page):
    """Marks the board's first card won from its list (the answer is played: the sweep's deals stay open)."""
    select = page.locator(".board-column .deal-card select[data-action=card-stage]").first
    select.focus()
    select.select_option("__won")


def _win_a_new_deal(page):
    """Opens the page of a deal made for this pass (the sweep's own stay open) and marks it won there."""
    origin = page.url.split("#")[0].rstrip("/")
    headers = {"Origin": origin}
    person = page.request.get(f"{origin}/api/persons?limit=1").json()["items"][0]
    deal = page.request.post(f"{origin}/api/deals", headers=headers,
                             data={"title": f"Séances signées Sweep {uuid.uuid4().hex[:6]}", "value": 1800,
                                   "person_id": person["id"]}).json()
    page.goto(f"{origin}/#/deals/{deal['id']}")
    page.locator("[data-action=deal-won]").click()
    expect(page.locator(".stage-bar.is-won")).to_be_visible()


def _won(route):
    """A deal the board is told was won (the sweep wins nothing for real, pass after pass)."""
    deal_id = route.request.url.rstrip("/").split("/")[-2]
    route.fulfill(status=200, content_type="application/json",
                  body=json.dumps({"id": deal_id, "status": "won", "version": 99}))


def _code_sent(route):
    """The portal's code is said to be emailed (the real endpoint is throttled per portal)."""
    route.fulfill(status=202, content_type="application/json", body=json.dumps({"sent_to": "ad…@client.example"}))


def _show_feed_address(page):
    """Makes the calendar subscription's address appear: made the first time, renewed after."""
    card = page.locator(".calendar-feed")
    card.locator("[data-action=feed-create], [data-action=feed-renew]").first.click()
    if page.locator("dialog.dialog-small[open]").count():
        page.locator("dialog.dialog-small[open] [data-choice=renew]").click()




@dataclass
class Screen:
    """One screen or dialog: where it is, what shows it is drawn, how to open it."""

    name: str
    path: str  # the hash route; {person}, {org}… are filled from the sweep's records
    ready: str  # a selector visible once the screen is drawn (after `open`, when given)
    open: Optional[Callable] = None  # what a person does to show it (click a button…)
    who: str = "admin"  # whose browser: "admin", "member" (no admin rights) or "public" (no session)
    sizes: tuple = ("desktop", "phone")
    allow_console: tuple = field(default=())  # patterns of console errors this screen causes on purpose
    routes: tuple = field(default=())  # (url pattern, handler) pairs the browser answers instead of the API
    close: Optional[Callable] = None  # what puts things back after the shot (a held drag is let go)


DIALOG = "dialog.dialog[open]"

SCREENS = [
    # Public pages: their language follows the browser's.
    Screen("login", "/login", "form.login-form", who="public"),
    Screen("login-missing-fields", "/login", "form.login-form [role=alert]", who="public",
           open=_click("form.login-form button[type=submit]")),
    Screen("login-locked", "/login", "form.login-form .login-locked", who="public",
           open=_then(_fill("form.login-form input[name=email]", "someone@example.com"),
                      _fill("form.login-form input[name=password]", "a guess"),
                      _click("form.login-form button[type=submit]")),
           routes=(("**/api/auth/login", _answer(429, "too_many_requests", "Too many failed attempts.")),),
           allow_console=(r"status of 429",)),
    Screen("forgot-password", "/forgot", "form.forgot-form", who="public"),
    Screen("forgot-password-sent", "/forgot", ".forgot-sent", who="public",
           open=_then(_fill_new_email("form.forgot-form input[name=email]"), _click("form.forgot-form button[type=submit]"))),
    Screen("reset-password", "/reset/{reset}", "form.reset-form", who="public"),
    Screen("reset-password-mismatch", "/reset/{reset}", "form.reset-form [role=alert]", who="public",
           open=_then(_fill("form.reset-form input[name=password]", "a long enough password"),
                      _fill("form.reset-form input[name=confirm_password]", "another password"),
                      _click("form.reset-form button[type=submit]"))),
    Screen("reset-password-invalid", "/reset/no-such-reset-token", ".public-actions .button", who="public",
           allow_console=(r"status of 404",)),
    Screen("invite-accept", "/invite/{invite}", "form.invite-accept-form", who="public"),
    Screen("invite-invalid", "/invite/no-such-invitation-token", ".public-card .button", who="public",
           allow_console=(r"status of 404",)),
    # The shell and its areas.
    Screen("pipeline", "/pipeline?pipeline=default", ".board-column .deal-card"),
    Screen("pipeline-filters", "/pipeline?pipeline=default", ".board-filters.is-open input[name=q]",
           open=_click(".board-filter-toggle"), sizes=("phone",)),
    Screen("pipeline-filtered", "/pipeline?pipeline=default&tag=prioritaire&q=Sweep", ".board-column .deal-card"),
    Screen("pipeline-outcome-targets", "/pipeline?pipeline=default", ".is-dragging .board-outcome-lost",
           open=_hold_drag(".board-column .deal-card"), close=_release),
    Screen("pipeline-lost-dialog", "/pipeline?pipeline=default", DIALOG + " form.lost-form",
           open=_select(".board-column .deal-card select[data-action=card-stage]", "__lost")),
    Screen("pipeline-new-deal", "/pipeline?pipeline=default", DIALOG + " form.create-form",
           open=_click("[data-action=new-in-stage]")),
    Screen("scheduler", "/scheduler", ".link-list .link-card .status-booked"),
    # Automations: the list and its templates, the builder, its errors, the run histories.
    Screen("automations", "/automations", ".wf-list .wf-item"),
    Screen("automations-inactive", "/automations?state=inactive&owner=mine", ".wf-list .wf-item.is-inactive"),
    Screen("automation-delete", "/automations", "dialog.workflow-delete-dialog[open]",
           open=_click(".wf-item [data-action=delete-workflow]")),
    Screen("automation-new", "/automations/new", "form.workflow-form .flow-trigger"),
    Screen("automation-builder", "/automations/{workflow}", ".flow-step[data-type=wait]"),
    Screen("automation-add-step", "/automations/{workflow}", ".add-menu .add-option",
           open=_click(".flow-add[data-at='1'] .flow-add-button")),
    Screen("automation-invalid", "/automations/{workflow}", ".step-card.has-error .step-error",
           open=_then(_fill(".flow-step[data-type=create_activity] input[data-param=subject]", "{{ person.__class__ }}"),
                      _click("form.workflow-form button[type=submit]")),
           allow_console=(r"status of 400",)),
    Screen("automation-runs", "/automations/{workflow}?tab=runs", ".run-card .run-step"),
    Screen("automations-runs", "/automations/runs", ".run-card .run-workflow"),
    Screen("not-found", "/no/such/page", "main .empty-state"),
    Screen("user-menu", "/pipeline", ".user-panel", open=_click(".user-button")),
    Screen("phone-nav", "/pipeline", "nav#sidenav .nav-link", open=_click(".nav-toggle"), sizes=("phone",)),
    Screen("header-search", "/pipeline", "header [role=option]",
           open=_then(_fill("header input[role=combobox]", "Sweep"))),
    # Persons.
    Screen("persons", "/persons", "table.records-table tbody .cell-title"),
    Screen("persons-columns", "/persons", ".columns-panel", open=_click(".popover-wrap > button")),
    Screen("persons-by-organization", "/persons?org_id={org}", "table.records-table tbody .cell-title"),
    Screen("persons-org-filter-typed", "/persons", ".filters [role=option]",
           open=_fill(".filters input[data-picker=org_id]", "Atelier")),
    Screen("person-new", "/persons", DIALOG, open=_click(".head-actions [data-action=create]")),
    Screen("person", "/persons/{person}", ".timeline .timeline-entry"),
    Screen("person-activity-tab", "/persons/{person}", "form.quick-activity-form",
           open=_click(".composer [role=tab][data-tab=activity]")),
    Screen("person-edit-name", "/persons/{person}", "form.inline-edit", open=_click("[data-action=edit-title]")),
    Screen("person-edit-emails", "/persons/{person}", "form.inline-edit .multi-row",
           open=_click(".field-row[data-field=emails] [data-action=edit-field]")),
    Screen("person-edit-phones", "/persons/{person}", "form.inline-edit .multi-row",
           open=_click(".field-row[data-field=phones] [data-action=edit-field]")),
    Screen("person-edit-organization", "/persons/{person}", "form.inline-edit .picker",
           open=_click(".field-row[data-field=org_id] [data-action=edit-field]")),
    Screen("person-edit-custom-choice", "/persons/{person}", "form.inline-edit select",
           open=_click(".field-row[data-field='custom.source'] [data-action=edit-field]")),
    Screen("person-edit-activity", "/persons/{person}", DIALOG + " form.activity-form",
           open=_click(".open-activities [data-action=open-activity]")),
    Screen("person-delete-activity", "/persons/{person}", "dialog.dialog-small[open]",
           open=_then(_click(".open-activities [data-action=open-activity]"), _wait(DIALOG + " form.activity-form"),
                      _click("dialog[open] [data-action=delete-activity]"))),
    Screen("person-edit-note", "/persons/{person}", DIALOG + " form.note-edit-form",
           open=_click(".timeline [data-action=edit-note]")),
    Screen("person-delete-note", "/persons/{person}", DIALOG,
           open=_click(".timeline [data-action=delete-note]")),
    Screen("person-new-deal", "/persons/{person}", DIALOG + " form.create-form",
           open=_click(".detail-head [data-action=create-deal]")),
    Screen("person-delete-linked", "/persons/{person}", "dialog.delete-links-dialog[open]",
           open=_click("[data-action=delete-record]")),
    Screen("person-delete-stuck-deal", "/persons/{person_stuck}", "dialog.delete-links-dialog[open]",
           open=_click("[data-action=delete-record]")),
    Screen("person-delete-plain", "/persons/{person_alone}", DIALOG + " [data-choice=delete]",
           open=_click("[data-action=delete-record]")),
    Screen("person-empty", "/persons/{person_alone}", ".timeline .timeline-entry, .timeline .timeline-empty"),
    Screen("person-gone", "/persons/no-such-person", ".record-detail .empty-state",
           allow_console=(r"status of 404",)),
    # Organizations.
    Screen("organizations", "/organizations", "table.records-table tbody .cell-title"),
    Screen("organization-new", "/organizations", DIALOG, open=_click(".head-actions [data-action=create]")),
    Screen("organization", "/organizations/{org}", ".linked-card .record-link"),
    Screen("organization-edit-related", "/organizations/{org}", "form.inline-edit .multi-row",
           open=_click(".field-row[data-field=related] [data-action=edit-field]")),
    Screen("organization-new-person", "/organizations/{org}", DIALOG + " form.create-form",
           open=_click(".detail-head [data-action=create-person]")),
    Screen("organization-delete-linked", "/organizations/{org}", "dialog.delete-links-dialog[open]",
           open=_click("[data-action=delete-record]")),
    # Deals.
    Screen("deals", "/deals", "table.records-table tbody .cell-title"),
    Screen("deal-new", "/deals", DIALOG, open=_click(".head-actions [data-action=create]")),
    Screen("deal", "/deals/{deal}", ".timeline .stage-entry"),
    Screen("deal-edit-stage", "/deals/{deal}", "form.inline-edit select",
           open=_click(".field-row[data-field=stage] [data-action=edit-field]")),
    Screen("deal-lost-dialog", "/deals/{deal}", DIALOG + " form.lost-form", open=_click("[data-action=deal-lost]")),
    Screen("deal-won-prompt", "/deals/{deal}", "[data-action=prompt-portal]",
           open=_win_a_new_deal),
    Screen("deal-won", "/deals/{deal_won}", ".stage-bar.is-won"),
    Screen("deal-lost", "/deals/{deal_lost}", ".stage-bar.is-lost .stage-outcome"),
    Screen("deal-reopen-dialog", "/deals/{deal_lost}", DIALOG + " form.reopen-form", open=_click("[data-action=deal-reopen]")),
    Screen("deal-delete", "/deals/{deal}", DIALOG + " [data-choice=delete]", open=_click("[data-action=delete-record]")),
    # Files on a record: the tab, its dialogs.
    Screen("files-tab", "/persons/{person_files}", ".files-tab .file-item .file-thumb img",
           open=_click(".composer [role=tab][data-tab=files]")),
    Screen("files-preview", "/persons/{person_files}", "dialog.file-preview-dialog[open] img.file-preview-image",
           open=_then(_click(".composer [role=tab][data-tab=files]"), _click(".files-tab button.file-thumb"))),
    Screen("files-edit", "/persons/{person_files}", DIALOG + " form.file-edit-form input[name=name]",
           open=_then(_click(".composer [role=tab][data-tab=files]"), _click(".files-tab [data-action=edit-file]"))),
    Screen("files-relink", "/persons/{person_files}", DIALOG + " form.file-edit-form [role=option]",
           open=_then(_click(".composer [role=tab][data-tab=files]"), _click(".files-tab [data-action=edit-file]"),
                      _click("dialog[open] [data-action=change-link]"), _fill("dialog[open] input[role=combobox]", "Sweep"))),
    Screen("files-deal-shared", "/deals/{deal_portal}", ".files-tab .file-item .badge-shared",
           open=_click(".composer [role=tab][data-tab=files]")),
    # The client portal, as the coach shapes it.
    Screen("pipeline-won-prompt", "/pipeline?pipeline=default", ".board-outcome-notice [data-action=prompt-portal]",
           open=_win_first_card, routes=(("**/api/deals/*/won", _won),)),
    Screen("portal-offer", "/deals/{deal_won}", ".portal-card [data-action=create-portal]"),
    Screen("portal-dialog", "/deals/{deal_won}", "dialog.portal-dialog[open] form.portal-form",
           open=_click(".portal-card [data-action=create-portal]")),
    Screen("portal-created", "/deals/{deal_portal}", ".portal-card .status-active"),
    Screen("portal-timeline", "/deals/{deal_portal}", ".timeline .portal-entry"),
    Screen("portal-edit-dialog", "/deals/{deal_portal}", "dialog.portal-dialog[open] .checklist-edit-row",
           open=_click(".portal-card [data-action=edit-portal]")),
    Screen("portal-revoke", "/deals/{deal_portal}", "dialog.dialog-small[open] [data-choice=revoke]",
           open=_click(".portal-card [data-action=revoke-portal]")),
    Screen("portal-revoked", "/deals/{deal_revoked}", ".portal-card .status-revoked"),
    # Leads.
    Screen("leads", "/leads", "table.records-table tbody [data-action=convert-lead]"),
    Screen("lead-new", "/leads", DIALOG + " form.create-form", open=_click(".head-actions [data-action=create]")),
    Screen("lead-convert", "/leads", DIALOG + " form.convert-form", open=_click("table.records-table [data-action=convert-lead]")),
    Screen("lead", "/leads/{lead}", ".timeline .timeline-entry"),
    # Insights.
    Screen("insights", "/insights?pipeline=default", ".insights-results[data-charts=drawn] canvas"),
    Screen("insights-custom-period", "/insights?pipeline=default&period=custom", "input[name=from]"),
    # Activities.
    Screen("activities", "/activities", "table.activities-table tbody [data-action=edit-activity]"),
    Screen("activities-custom-period", "/activities?period=custom&done=", "input[name=from]"),
    Screen("activity-new", "/activities", DIALOG + " form.activity-form",
           open=_click("[data-action=create-activity]")),
    Screen("activity-edit", "/activities?done=", DIALOG + " form.activity-form .chip",
           open=_click("table.activities-table [data-action=edit-activity]")),
    Screen("calendar-week", "/activities/calendar?view=week&date={today}", ".cal-week .cal-item"),
    Screen("calendar-day", "/activities/calendar?view=day&date={soon}", ".cal-dayview .cal-item"),
    Screen("calendar-add", "/activities/calendar?view=week&date={today}", DIALOG + " form.activity-form",
           open=_click("[data-action=add-on-day]")),
    # The scheduler: booking links, their form, sharing, and "Propose times" on a record.
    Screen("scheduler-free-times", "/scheduler", ".link-slots .slot-times li",
           open=_click(".link-card:has-text('Bilan Sweep') [data-action=toggle-slots]")),
    Screen("scheduler-share", "/scheduler", DIALOG + " .share-block",
           open=_click(".link-card:has-text('Bilan Sweep') [data-action=share-link]")),
    Screen("scheduler-share-specific", "/scheduler", DIALOG + " .share-block",
           open=_click(".link-card:has-text('Horaires proposés Sweep') [data-action=share-link]")),
    Screen("scheduler-delete", "/scheduler", "dialog.dialog-small[open]",
           open=_click(".link-card:has-text('Bilan Sweep') [data-action=delete-link]")),
    Screen("scheduler-empty", "/scheduler", "main .empty-state", who="member"),
    Screen("scheduler-new", "/scheduler/new", "form.link-form .day-row .window-start"),
    Screen("scheduler-new-specific", "/scheduler/new?kind=specific", "form.link-form fieldset[name=times] .time-at"),
    Screen("scheduler-new-refused", "/scheduler/new", "form.link-form .form-notice [role=alert]",
           open=_then(lambda page: page.locator("form.link-form .day-row .window-end").first.select_option("08:00"),
                      _click("form.link-form button[type=submit]"))),
    Screen("scheduler-edit", "/scheduler/{link_general}", "form.link-form .override-row"),
    Screen("scheduler-edit-specific", "/scheduler/{link_specific}", ".link-form-state:has(.alert-info) ~ form.link-form .time-item"),
    Screen("person-propose-times", "/persons/{person}", ".propose-links .proposal .status-waiting",
           open=_click(".composer [role=tab][data-tab=propose]")),
    Screen("organization-propose-times", "/organizations/{org}", "form.propose-form .time-at",
           open=_click(".composer [role=tab][data-tab=propose]")),
    Screen("deal-propose-times", "/deals/{deal}", ".propose-links .proposal .status-booked",
           open=_click(".composer [role=tab][data-tab=propose]")),
    Screen("deal-propose-times-created", "/deals/{deal}", ".propose-created [data-copy=share_text] textarea",
           open=_then(_click(".composer [role=tab][data-tab=propose]"),
                      lambda page: page.locator("form.propose-form .time-day").fill(_days_ahead(9)),
                      _click("form.propose-form [data-action=add-time]"),
                      _click("form.propose-form button[type=submit]"))),
    # What the owner sees when previewing a link: the customer's page under a line saying bookings there are real.
    Screen("scheduler-preview", "/book/{book}?preview=1", ".preview-bar ~ .booking-card .day-button[aria-pressed=true]"),
    # The customer's pages: book a time, then see, move or cancel it. Their language follows the browser's.
    Screen("book", "/book/{book}", ".slot-picker .day-button[aria-pressed=true]", who="public"),
    Screen("book-form", "/book/{book}", "form.booking-form textarea[name=answer_goal]", who="public",
           open=_click(".time-button[data-start]")),
    Screen("book-form-refused", "/book/{book}", "form.booking-form [role=alert]", who="public",
           open=_then(_click(".time-button[data-start]"), _click("form.booking-form button[type=submit]"))),
    Screen("book-taken", "/book/{book}", ".picker-notice [role=alert]", who="public", open=_fill_booking,
           routes=(("**/bookings", _answer(409, "slot_taken", "This time was just taken. Choose another one.")),),
           allow_console=(r"status of 409",)),
    Screen("book-done", "/book/{book}", ".booking-done .booking-confirmation", who="public", open=_fill_booking,
           routes=(("**/bookings", _booked),)),
    Screen("book-gone", "/book/no-such-booking-link", ".booking-gone", who="public", allow_console=(r"status of 404",)),
    Screen("booking", "/booking/{booking}", ".booking-state .status-booked", who="public"),
    Screen("booking-move", "/booking/{booking}", ".slot-picker .time-button[disabled], .slot-picker .day-button",
           who="public", open=_click("[data-action=move-booking]")),
    Screen("booking-cancel", "/booking/{booking}", "dialog.dialog-small[open]", who="public",
           open=_click("[data-action=cancel-booking]")),
    Screen("booking-cancelled", "/booking/{booking_cancelled}", ".booking-state .status-cancelled", who="public"),
    Screen("booking-locked", "/booking/{booking_locked}", ".booking-step .alert-info", who="public"),
    Screen("booking-gone", "/booking/no-such-booking", ".booking-gone", who="public", allow_console=(r"status of 404",)),
    # The client's portal: their language follows the browser's.
    Screen("client-portal", "/portal/{portal}", ".client-portal .portal-goal", who="public"),
    Screen("client-portal-booking", "/portal/{portal}", ".portal-booking .slot-picker .time-button", who="public",
           open=_click("[data-action=start-booking]")),
    Screen("client-portal-confirm", "/portal/{portal}", ".portal-confirm [data-action=confirm-booking]", who="public",
           open=_then(_click("[data-action=start-booking]"), _click(".portal-booking .time-button[data-start]"))),
    Screen("client-portal-taken", "/portal/{portal}", ".portal-booking .picker-notice [role=alert]", who="public",
           open=_then(_click("[data-action=start-booking]"), _click(".portal-booking .time-button[data-start]"),
                      _click("[data-action=confirm-booking]")),
           routes=(("**/bookings", _answer(409, "slot_taken", "This time was just taken. Choose another one.")),),
           allow_console=(r"status of 409",)),
    Screen("client-portal-used-up", "/portal/{portal_used_up}", ".portal-sessions .alert-info", who="public"),
    Screen("client-portal-code", "/portal/{portal_code}", ".portal-code [data-action=send-code]", who="public",
           allow_console=(r"status of 403",)),
    Screen("client-portal-code-sent", "/portal/{portal_code}", "form.portal-code-form input[name=code]", who="public",
           open=_click(".portal-code [data-action=send-code]"), routes=(("**/code", _code_sent),),
           allow_console=(r"status of 403",)),
    Screen("client-portal-invalid", "/portal/no-such-portal-token", ".portal-invalid", who="public",
           allow_console=(r"status of 404",)),
    # Trash and settings.
    Screen("trash", "/trash", "table.trash-table [data-action=restore]"),
    Screen("settings-profile", "/settings/profile", "form.profile-form"),
    Screen("settings-calendar-feed", "/settings/profile", ".calendar-feed [data-copy=feed_url] input",
           open=_show_feed_address),
    Screen("settings-calendar-feed-revoke", "/settings/profile", "dialog.dialog-small[open]",
           open=_click(".calendar-feed [data-action=feed-revoke]")),
    Screen("settings-workspace", "/settings/workspace", "form.workspace-form"),
    Screen("settings-users", "/settings/users", "table.users-table tbody tr .invite-expiry"),
    Screen("settings-users-mail-failed", "/settings/users", "table.users-table .invite-warning",
           routes=(("**/api/users", _invitation_mail_failed),)),
    Screen("settings-users-link-expired", "/settings/users", "table.users-table .invite-expiry.is-expired",
           routes=(("**/api/users", _invitation_expired),)),
    Screen("settings-users-invited-mail-failed", "/settings/users", "form.invite-form .alert-warning",
           open=_then(_fill_new_email("form.invite-form input[name=email]"),
                      _fill("form.invite-form input[name=name]", "Invitée Sans Mail"),
                      _click("form.invite-form button[type=submit]")),
           routes=(("**/api/users", _invitation_mail_failed),)),
    Screen("settings-users-withdraw", "/settings/users", "dialog.dialog-small[open]",
           open=_click("table.users-table [data-action=withdraw-invitation]")),
    Screen("settings-custom-fields", "/settings/custom-fields", "form.custom-fields-form input[name=label]"),
    Screen("settings-custom-fields-added", "/settings/custom-fields", "form.custom-fields-form tbody tr:last-child input",
           open=_click("[data-action=add-def][data-entity=deal]")),
    Screen("settings-activity-types", "/settings/activity-types", "form.activity-types-form input[name=label]"),
    Screen("settings-pipelines", "/settings/pipelines", "form.pipeline-form tbody input[name=name]"),
    Screen("settings-pipelines-delete-stage", "/settings/pipelines", DIALOG + " form.stage-delete-form",
           open=_then(_select("select[data-action=choose-pipeline]", "default"),
                      _click("form.pipeline-form tbody tr:first-child [data-action=remove-stage]"))),
    Screen("settings-lost-reasons", "/settings/lost-reasons", "form.lost-reasons-form tbody input"),
    # What a member (no admin rights) sees of the settings.
    Screen("member-settings-workspace", "/settings/workspace", "dl.facts", who="member"),
    Screen("member-settings-users", "/settings/users", ".settings-panel .alert-info", who="member"),
    Screen("member-person", "/persons/{person}", ".timeline .timeline-entry", who="member"),
    Screen("member-settings-pipelines", "/settings/pipelines", ".stages-table-ro tbody tr", who="member"),
    Screen("member-settings-lost-reasons", "/settings/lost-reasons", ".reason-list li", who="member"),
]


# ---------- What every screen is checked for ----------

CHECK = """(width) => {
  const problems = [];
  const where = (el) => {
    const named = el.getAttribute('aria-label') || el.name || el.id || el.className || '';
    return `<${el.tagName.toLowerCase()}${named ? ` "${String(named).slice(0, 60)}"` : ''}>`;
  };
  const BAD = [[/\\[object Object\\]/, '[object Object]'], [/\\bundefined\\b/, 'undefined'], [/\\bNaN\\b/, 'NaN'],
               [/⟦[^⟧]*⟧/, 'an untranslated text']];
  const look = (text, place) => {
    for (const [pattern, what] of BAD) {
      const found = String(text || '').match(pattern);
      if (found) {
        const at = found.index;
        problems.push(`${place} shows ${what}: "…${text.slice(Math.max(0, at - 40), at + 40).replace(/\\s+/g, ' ')}…"`);
      }
    }
  };
  look(document.body.innerText, 'the page');
  look(document.title, 'the title');
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], input, textarea, select')) {
    for (const name of ['placeholder', 'aria-label', 'title']) look(el.getAttribute(name), `${where(el)} ${name}`);
    if ('value' in el && el.type !== 'hidden') look(el.value, `${where(el)} value`);
  }
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['checkbox', 'radio', 'hidden'].includes(el.type)) continue;
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.width < %(min)d) problems.push(`${where(el)} is only ${Math.round(box.width)} px wide`);
  }
  // A box narrower than what it holds: a dialog or a strip that scrolls or cuts sideways ("…" on purpose aside).
  for (const el of document.querySelectorAll('body *')) {
    if (el.clientWidth <= 2 || el.scrollWidth <= el.clientWidth + 1 || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) continue;
    const style = getComputedStyle(el);
    if (style.overflowX === 'visible' || style.textOverflow === 'ellipsis' || !el.checkVisibility()) continue;
    // A strip made to scroll sideways (the board's columns, one stage after the other) says so.
    if (el.dataset.scrolls === 'sideways' && ['auto', 'scroll'].includes(style.overflowX)) continue;
    problems.push(`${where(el)} is ${el.scrollWidth - el.clientWidth} px too narrow for what it holds`);
  }
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width) problems.push(`the page scrolls sideways: ${scroll} px wide for a ${width} px screen`);
  return problems;
}""" % {"min": MIN_CONTROL_WIDTH}

SETTLED = """() => !Array.from(document.querySelectorAll('.loading, .boot, [aria-busy="true"]'))
  .some((el) => el.checkVisibility())"""


# ---------- The records every screen shows ----------

def _ok(response, what):
    assert response.ok, f"{what}: {response.status} {response.text()}"
    return response.json() if response.status != 204 else None


def _iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def sweep_records(admin_api, live_data_dir):
    """Real records with every kind of field filled, made once for the whole sweep; custom fields put back after."""
    api = admin_api
    post = lambda path, data: _ok(api.post(f"/api/{path}", data=data), f"POST {path}")  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    fields_before = _ok(api.get("/api/settings/custom-fields"), "custom fields")
    _ok(api.put("/api/settings/custom-fields", data={
        "version": fields_before["version"],
        "person": [{"key": "source", "label": "Source", "type": "choice", "options": ["Salon", "Site web", "Recommandation"]},
                   {"key": "birthday", "label": "Date de naissance", "type": "date"}],
        "organization": [{"key": "headcount", "label": "Effectif", "type": "number"}],
        "deal": [],
    }), "PUT custom fields")

    org = post("organizations", {"name": f"Atelier Sweep {tag}", "domain": "atelier-sweep.example", "industry": "Conseil",
                                 "address": "12 rue des Lilas\n75011 Paris", "tags": ["client", "paris"],
                                 "custom": {"headcount": 42}})
    sister = post("organizations", {"name": f"Studio Sweep {tag}",
                                    "related": [{"org_id": org["id"], "kind": "parent"}]})
    person = post("persons", {
        "name": f"Camille Sweep {tag}", "org_id": org["id"], "tags": ["décideuse", "salon-2026"],
        "emails": [{"value": f"camille.{tag}@atelier-sweep.example", "label": "work"},
                   {"value": f"camille.{tag}@home.example", "label": "home"}],
        "phones": [{"value": "+33 6 12 34 56 78", "label": "mobile"},
                   {"value": "+33 1 23 45 67 89", "label": "standard"}],  # a label from elsewhere (an import)
        "custom": {"source": "Salon", "birthday": "1990-04-12"}})
    deal = post("deals", {"title": f"Accompagnement Sweep {tag}", "value": 12500, "currency": "EUR",
                          "person_id": person["id"], "org_id": org["id"], "expected_close_date": "2027-01-15",
                          "tags": ["prioritaire"]})
    # The deal moves on twice (its timeline tells it); one more is won, another lost; a lead waits.
    pipeline = _ok(api.get("/api/pipelines/default"), "GET pipeline")
    # A second pipeline, so the screens that choose one show their choice whatever ran before the sweep.
    post("pipelines", {"name": f"Coaching Sweep {tag}", "stages": [
        {"name": "Séance découverte", "probability": 30, "rotting_days": 10},
        {"name": "Proposition", "probability": 60, "rotting_days": None}]})
    stages = [s for s in sorted(pipeline["stages"], key=lambda s: s["position"]) if s["kind"] == "open"]
    # An automation of every kind of step fires on the second move (its run waits at the end); another is off.
    workflow = post("workflows", {
        "name": f"Relance après l’appel découverte Sweep {tag}", "description": "Planifie l’appel, écrit au client, puis attend.",
        "trigger": {"entity": "deal", "event": "updated", "fields": ["stage_id"]},
        "conditions": {"all": [{"field": "deal.stage_id", "op": "changed_to", "value": stages[2]["id"]}]},
        "actions": [
            {"type": "create_activity", "params": {"type": "call", "subject": "Rappeler {{ deal.title }}", "due_in_days": 2,
                                                   "due_time": "10:00", "working_days": True, "owner": "record_owner"}},
            {"type": "send_email", "params": {"to": "person", "subject": "Suite à notre échange, {{ person.name }}",
                                              "body": "Bonjour {{ person.name }},\n\nMerci pour cet échange.\n\n{{ owner.name }}"}},
            {"type": "condition", "params": {"any": [{"field": "deal.value", "op": "gt", "value": 1000},
                                                     {"field": "deal.person.tags", "op": "contains", "value": "vip"}]}},
            {"type": "update_record", "params": {"fields": {"tags": ["relancé"]}}},
            {"type": "wait", "params": {"days": 3}},
            {"type": "add_note", "params": {"content": "Trois jours sans réponse de {{ person.name }} : relancer."}}]})
    idle = post("workflows", {"name": f"Bienvenue aux réservations Sweep {tag}", "active": False,
                              "trigger": {"entity": "person", "event": "created"},
                              "actions": [{"type": "update_record", "params": {"fields": {"tags": ["réservation"]}}}]})
    for stage in stages[1:3]:
        deal = _ok(api.post(f"/api/deals/{deal['id']}/move", data={"stage_id": stage["id"], "version": deal["version"]}),
                   "move deal")
    won = post("deals", {"title": f"Séminaire signé Sweep {tag}", "value": 8400, "org_id": org["id"], "pipeline_id": "default",
                         "stage_id": stages[-1]["id"]})
    _ok(api.post(f"/api/deals/{won['id']}/won", data={"version": won["version"]}), "win deal")
    lost = post("deals", {"title": f"Formation abandonnée Sweep {tag} — un titre assez long pour passer à la ligne",
                          "value": 3200, "person_id": person["id"], "pipeline_id": "default", "stage_id": stages[1]["id"]})
    _ok(api.post(f"/api/deals/{lost['id']}/lost", data={"reason": "Budget insuffisant", "version": lost["version"]}),
        "lose deal")
    lead = post("leads", {"title": f"Prospect Sweep {tag}", "person_id": person["id"], "org_id": org["id"], "value": 3000,
                          "source": "Salon RH", "tags": ["chaud"]})
    post("notes", {"content": "Rencontré au salon, à rappeler en septembre.", "lead_id": lead["id"]})
    now = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    activity = lambda subject, kind, due, **more: post("activities", {  # noqa: E731
        "type": kind, "subject": subject, "due_at": _iso(due), "person_id": person["id"], "deal_id": deal["id"], **more})
    activity("Appel de suivi Sweep", "call", now + timedelta(days=2, hours=1))
    activity("Atelier de cadrage Sweep", "meeting", now + timedelta(days=5), duration_min=90, note="Salle B")
    activity("Relancer le devis Sweep", "task", now - timedelta(days=1))
    activity("Premier échange Sweep", "call", now - timedelta(days=3), done=True)
    activity("Échéance contrat Sweep", "deadline", (now + timedelta(days=1)).replace(hour=0), all_day=True)
    post("notes", {"content": "À retenir : **budget validé** en janvier.\n\n- équipe de 12\n- démarrage en mars",
                   "person_id": person["id"], "pinned": True})
    post("notes", {"content": "Rencontrée au salon, voir https://atelier-sweep.example/brief", "person_id": person["id"]})
    post("notes", {"content": "Devis envoyé, relance prévue.", "deal_id": deal["id"]})
    alone = post("persons", {"name": f"Dominique Seul {tag}"})
    stuck = post("persons", {"name": f"Alex Sans Organisation {tag}"})
    post("deals", {"title": f"Mission sans organisation {tag}", "value": 900, "person_id": stuck["id"]})
    for path, data in (("persons", {"name": f"Ancien contact {tag}"}), ("organizations", {"name": f"Ancienne société {tag}"})):
        gone = post(path, data)
        _ok(api.delete(f"/api/{path}/{gone['id']}"), f"DELETE {path}")
    # A change, so the timelines hold a change entry too.
    latest = _ok(api.get(f"/api/persons/{person['id']}"), "GET person")
    _ok(api.patch(f"/api/persons/{person['id']}", data={"tags": ["décideuse", "salon-2026", "vip"],
                                                         "version": latest["version"]}), "PATCH person")
    # The stream runs the automation a moment after the move: its history must hold the run before it is shown.
    deadline = time.monotonic() + 30
    while not _ok(api.get(f"/api/workflows/{workflow['id']}/runs"), "GET runs")["items"]:
        assert time.monotonic() < deadline, "the sweep's automation never ran"
        time.sleep(0.5)
    invited = f"sweep-{tag}@example.com"
    post("users", {"email": invited, "name": "Invitée Sweep", "role": "member"})
    token = invite_token(live_data_dir, invited)
    assert token, "no invitation mail found for the sweep"
    today = datetime.now().date()
    yield {"person": person["id"], "org": org["id"], "sister": sister["id"], "deal": deal["id"],
           "deal_won": won["id"], "deal_lost": lost["id"], "lead": lead["id"],
           "person_alone": alone["id"], "person_stuck": stuck["id"], "invite": token, "workflow": workflow["id"],
           "today": today.isoformat(), "soon": (now + timedelta(days=2, hours=1)).astimezone().date().isoformat()}
    for made in (workflow, idle):
        api.delete(f"/api/workflows/{made['id']}")
    now_fields = _ok(api.get("/api/settings/custom-fields"), "custom fields")
    _ok(api.put("/api/settings/custom-fields", data={**{k: fields_before[k] for k in ("person", "organization", "deal")},
                                                      "version": now_fields["version"]}), "restore custom fields")


@pytest.fixture(scope="module")
def member_api(playwright, admin_api, live_server, live_data_dir):
    """A member of the team (no admin rights), invited and joined through the API."""
    email = f"member-{uuid.uuid4().hex[:6]}@example.com"
    _ok(admin_api.post("/api/users", data={"email": email, "name": "Membre Sweep", "role": "member"}), "invite member")
    token = invite_token(live_data_dir, email)
    assert token, "no invitation mail found for the sweep's member"
    context = playwright.request.new_context(base_url=live_server, extra_http_headers={"Origin": live_server})
    _ok(context.post(f"/api/public/invites/{token}/accept", data={"name": "Membre Sweep", "password": "a long enough password"}),
        "accept the invitation")
    yield context
    context.dispose()


@pytest.fixture(scope="module")
def reset_link(member_api, live_data_dir):
    """A live password-reset link of the member's (asked for, never used): {"reset": token}."""
    email = _ok(member_api.get("/api/me"), "GET me")["email"]
    response = member_api.post("/api/auth/password-reset", data={"email": email})
    assert response.status == 202, f"password reset: {response.status} {response.text()}"
    token = reset_token(live_data_dir, email)
    assert token, "no password reset mail found for the sweep's member"
    return {"reset": token}


@pytest.fixture(scope="module")
def scheduler_records(admin_api, sweep_records):
    """Booking links of every kind, filled, and bookings of each state: {link_general, link_specific, book, booking…}."""
    post = lambda path, data: _ok(admin_api.post(f"/api{path}", data=data), f"POST {path}")  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    soon = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=4)
    every_day = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]
    session = post("/scheduler/links", {"kind": "general", "title": f"Séance Sweep {tag}", "duration_min": 45,
                                        "windows": every_day, "min_notice_min": 0, "cancel_cutoff_hours": 0})
    # Times the admin is free at (other tests, earlier runs of a kept server have meetings too).
    free = [s["start"] for s in _ok(admin_api.get(f"/api/public/scheduler/{session['token']}"), "slots")["slots"]]
    proposed = post("/scheduler/links", {
        "kind": "specific", "title": f"Rendez-vous proposé Sweep {tag}", "duration_min": 45, "deal_id": sweep_records["deal"],
        "times": [free[20], free[26]], "cancel_cutoff_hours": 24 * 7})
    post("/scheduler/links", {"kind": "specific", "title": f"Horaires proposés Sweep {tag}", "duration_min": 45,
                              "person_id": sweep_records["person"], "times": [free[30], free[50], free[70]]})
    weekdays = [{"weekday": d, "start": start, "end": end} for d in range(5) for start, end in (("09:00", "12:00"), ("14:00", "18:30"))]
    general = post("/scheduler/links", {
        "kind": "general", "title": f"Bilan Sweep {tag}", "duration_min": 45, "location": "Visio : https://meet.example/bilan",
        "windows": weekdays + [{"weekday": 5, "start": "10:00", "end": "12:00"}],
        "overrides": [{"date": (soon + timedelta(days=3)).date().isoformat(), "windows": []},
                      {"date": (soon + timedelta(days=6)).date().isoformat(), "windows": [{"start": "08:00", "end": "10:00"}]}],
        "questions": [{"id": "goal", "label": "Qu'attendez-vous de ce bilan ?", "required": True},
                      {"id": "size", "label": "Taille de l'équipe", "type": "choice", "options": ["1 à 5", "6 à 20", "Plus de 20"]}],
        "footer": "Annulation gratuite jusqu'à 24 h avant.\nUne question ? bonjour@atelier-sweep.example",
        "confirmation": "Merci ! Vous recevez une invitation pour votre agenda.\nPensez à préparer vos chiffres clés.",
        "buffer_before_min": 10, "buffer_after_min": 15, "min_notice_min": 120, "horizon_days": 45,
        "slot_interval_min": 15, "daily_max": 4, "deal_id": sweep_records["deal"], "org_id": sweep_records["org"]})
    book = lambda link, start, n: post(f"/public/scheduler/{link['token']}/bookings", {  # noqa: E731
        "start": start, "name": f"Client Sweep {n}", "email": f"client{n}.{tag}@example.com", "timezone": "Europe/Paris"})
    booking, cancelled = book(session, free[3], 1), book(session, free[9], 2)
    _ok(admin_api.delete(f"/api/public/bookings/{cancelled['booking_token']}"), "cancel a booking")
    locked = book(proposed, proposed["times"][0], 3)
    return {"link_general": general["id"], "link_specific": proposed["id"], "book": general["token"],
            "booking": booking["booking_token"], "booking_cancelled": cancelled["booking_token"],
            "booking_locked": locked["booking_token"]}


def _upload(api, path, links, name, mime, content):
    """A file declared at `path`, its bytes POSTed to the granted form, then confirmed: the stored file."""
    granted = _ok(api.post(f"/api{path}", data={"name": name, "size": len(content), "type": mime, **links}), f"POST {path}")
    upload = granted["upload"]
    stored = api.post(upload["url"], multipart={**upload["fields"], "file": {"name": name, "mimeType": mime, "buffer": content}})
    assert stored.ok, f"upload {name}: {stored.status} {stored.text()}"
    return _ok(api.post(f"/api{path}/{granted['file']['id']}/uploaded", data={}), f"confirm {name}")


def _png(size=64):
    """A real PNG (two colour bands), for thumbnails and the preview."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + (bytes([79, 70, 229, 255]) if y < size // 2 else bytes([14, 165, 233, 255])) * size
                    for y in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def portal_records(admin_api, sweep_records):
    """Files on a person and a deal, and won deals with portals: in use, used up, asking for a code, revoked."""
    api = admin_api
    post = lambda path, data: _ok(api.post(f"/api{path}", data=data), f"POST {path}")  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" * 40
    person = post("/persons", {"name": f"Louise Fichiers Sweep {tag}", "emails": [{"value": f"louise.{tag}@client.example", "label": "work"}]})
    _upload(api, "/files", {"person_id": person["id"]}, "Photo atelier.png", "image/png", _png())
    _upload(api, "/files", {"person_id": person["id"]}, "Proposition commerciale signée — version finale.pdf", "application/pdf", pdf)

    def won_deal(title, **more):
        deal = post("/deals", {"title": f"{title} Sweep {tag}", "value": 2400, "person_id": person["id"], "pipeline_id": "default",
                               "stage_id": _ok(api.get("/api/pipelines/default"), "pipeline")["stages"][0]["id"], **more})
        _ok(api.post(f"/api/deals/{deal['id']}/won", data={"version": deal["version"]}), "win deal")
        return deal

    def portal(deal, **more):
        return post(f"/deals/{deal['id']}/portal", {
            "welcome": "Bienvenue Louise !\nVoici votre espace : vos séances, vos objectifs et nos documents.",
            "sessions_total": 5, "checklist": ["Lire le guide de démarrage", "Noter trois objectifs pour le trimestre",
                                               "Préparer la séance 2"], "send_invite": False, **more})

    deal = won_deal("Coaching dirigeante")
    opened = portal(deal)
    post("/notes", {"content": "Séance 1 : **bilan** partagé.\n\n- clarifier les priorités\n- déléguer le reporting",
                    "deal_id": deal["id"], "shared": True})
    post("/notes", {"content": "Note privée du coach.", "deal_id": deal["id"]})
    shared = _upload(api, "/files", {"deal_id": deal["id"]}, "Guide de démarrage.pdf", "application/pdf", pdf)
    _ok(api.patch(f"/api/files/{shared['id']}", data={"shared": True, "version": shared["version"]}), "share file")
    public = f"/public/portal/{opened['token']}"
    _ok(api.post(f"/api{public}/checklist/{opened['checklist'][0]['id']}", data={"done": True}), "tick")
    _upload(api, f"{public}/files", {}, "Mes objectifs.pdf", "application/pdf", pdf)
    past = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) - timedelta(days=6)
    post("/activities", {"type": "meeting", "subject": "Séance 1", "due_at": _iso(past), "duration_min": 60,
                         "deal_id": deal["id"], "done": True})
    used_up = won_deal("Bilan express")
    used = portal(used_up, sessions_total=1)
    post("/activities", {"type": "meeting", "subject": "Séance unique", "due_at": _iso(past), "duration_min": 60,
                         "deal_id": used_up["id"], "done": True})
    coded = portal(won_deal("Mentorat confidentiel"), code_required=True)
    revoked = won_deal("Accompagnement terminé")
    portal(revoked)
    _ok(api.delete(f"/api/deals/{revoked['id']}/portal"), "revoke portal")
    return {"person_files": person["id"], "deal_portal": deal["id"], "deal_revoked": revoked["id"],
            "portal": opened["token"], "portal_used_up": used["token"], "portal_code": coded["token"]}


@pytest.fixture
def profile_language(admin_api, member_api):
    """Sets the language of the admin and the member for one pass of the sweep; the admin's goes back after."""
    before = _ok(admin_api.get("/api/me"), "GET me")["language"]

    def set_language(language, apis=(admin_api, member_api)):
        for api in apis:
            me = _ok(api.get("/api/me"), "GET me")
            _ok(api.patch("/api/me", data={"language": language, "version": me["version"]}), "PATCH me")

    yield set_language
    set_language(before, apis=(admin_api,))


# ---------- The sweep ----------

class Visit:
    """One browser page that visits screens and collects what goes wrong on each."""

    def __init__(self, context, width, folder):
        self.page = context.new_page()
        self.width = width
        self.folder = folder
        self.console = []
        self.page.on("console", lambda m: self.console.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        # Init scripts are injected by the browser, outside the page's CSP.
        self.page.add_init_script(
            "document.addEventListener('securitypolicyviolation', (e) => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")

    def go(self, base_url, path):
        url = f"{base_url}/#{path}"
        if self.page.url == url:
            self.page.reload()
        else:
            self.page.goto(url)

    def screen(self, index, screen, base_url, records):
        """Shows `screen`; returns the problems found on it."""
        self.console.clear()
        problems = []
        page = self.page
        for pattern, handler in screen.routes:
            page.route(pattern, handler)
        try:
            self.go(base_url, screen.path.format(**records))
            if screen.open:
                page.wait_for_function(SETTLED, timeout=READY_TIMEOUT_MS)
                screen.open(page)
            expect(page.locator(screen.ready).first).to_be_visible(timeout=READY_TIMEOUT_MS)
            page.wait_for_function(SETTLED, timeout=READY_TIMEOUT_MS)
            page.evaluate("document.fonts.ready")
            problems += page.evaluate(CHECK, self.width)
        except Exception as error:  # a screen that never shows is a finding too; the sweep goes on
            problems.append(f"did not show ({screen.ready}): {str(error).splitlines()[0]}")
        # From the top: a sticky header or a modal then sit where a person sees them, not mid-page.
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(self.folder / f"{index:02d}-{screen.name}.png"), full_page=True)
        if screen.close:
            screen.close(page)
        problems += [line for line in self.console
                     if not any(re.search(pattern, line) for pattern in screen.allow_console)]
        # What stays open (a dialog, a menu) must not leak into the next screen.
        page.evaluate("document.querySelectorAll('dialog[open]').forEach((d) => d.close())")
        for pattern, handler in screen.routes:
            page.unroute(pattern, handler)
        return [f"{screen.name}: {problem}" for problem in problems]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", list(LOCALES))
def test_every_screen_and_dialog_shows_nothing_broken(browser, base_url, admin_api, member_api, sweep_records,
                                                      reset_link, scheduler_records, portal_records, profile_language, language, size,
                                                      delete_output_dir):
    # delete_output_dir (pytest-playwright) empties test-results/ once per session: asked for, it runs before the shots.
    profile_language(language)
    folder = SHOTS / f"{language}-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    viewport = SIZES[size]
    options = {"base_url": base_url, "locale": LOCALES[language], "viewport": viewport,
               "is_mobile": size == "phone", "has_touch": size == "phone"}
    sessions = {"public": None, "admin": admin_api, "member": member_api}
    contexts = {}
    started = time.monotonic()
    problems = []
    try:
        visits = {}
        for who, api in sessions.items():
            contexts[who] = browser.new_context(**options)
            if api:
                contexts[who].add_cookies(api.storage_state()["cookies"])
            visits[who] = Visit(contexts[who], viewport["width"], folder)
        only = {name for name in os.environ.get("CRM_SWEEP_ONLY", "").split(",") if name}
        shown = [(index, screen) for index, screen in enumerate(SCREENS)
                 if size in screen.sizes and (not only or screen.name in only)]
        for index, screen in shown:
            records = {**sweep_records, **reset_link, **scheduler_records, **portal_records}
            problems += visits[screen.who].screen(index, screen, base_url, records)
    finally:
        for context in contexts.values():
            context.close()
    print(f"sweep {language}-{size}: {len(shown)} screens in {time.monotonic() - started:.1f}s, shots in {folder}")
    assert not problems, f"{len(problems)} problem(s) on screen ({language}, {size}):\n" + "\n".join(problems)


def test_every_text_of_the_app_exists_in_french_and_english(page, base_url):
    page.goto(f"{base_url}/#/login")
    expect(page.locator("form.login-form")).to_be_visible()
    missing = page.evaluate("async () => (await import('/js/i18n.js')).missingTranslations()")
    assert missing == {"fr": [], "en": []}, f"texts without a translation: {missing}"
