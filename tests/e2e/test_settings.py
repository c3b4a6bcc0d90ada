"""Settings seen through the browser: language, hostile text, invitations."""
import re
import uuid

from playwright.sync_api import expect

from .conftest import invite_token

HOSTILE = "<img src=x onerror=alert(1)>"


def test_switching_the_profile_language_to_english_relabels_the_nav_and_survives_reload(
        page, signed_in, restore_profile, admin_api):
    me = admin_api.get("/api/me").json()
    admin_api.patch("/api/me", data={"language": "fr", "version": me["version"]})
    page.goto("/#/settings/profile")
    persons = page.locator("nav#sidenav a[href='#/persons']")
    expect(persons).to_have_text("Personnes")

    page.locator("form.profile-form select[name=language]").select_option("en")
    page.locator("form.profile-form button[type=submit]").click()

    expect(persons).to_have_text("Persons")
    expect(page.locator("nav#sidenav a[href='#/settings']")).to_have_text("Settings")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("form.profile-form [role=status]")).to_be_visible()
    page.reload()
    expect(persons).to_have_text("Persons")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_hostile_name_is_shown_as_text_and_never_runs(page, signed_in, restore_profile, dialogs):
    page.goto("/#/settings/profile")
    page.locator("form.profile-form input[name=name]").fill(HOSTILE)
    page.locator("form.profile-form button[type=submit]").click()

    user_name = page.locator("header .user-name")
    expect(user_name).to_have_text(HOSTILE)
    page.reload()
    expect(user_name).to_have_text(HOSTILE)
    page.locator(".user-button").click()
    expect(page.locator(".user-panel-name")).to_have_text(HOSTILE)
    expect(page.locator("img")).to_have_count(0)
    page.wait_for_timeout(300)  # an injected <img src=x> would have failed to load by now
    assert dialogs == []


def test_an_invited_member_joins_through_the_invitation_page(page, signed_in, browser, base_url, live_data_dir):
    email = f"invitee-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/#/settings/users")
    form = page.locator("form.invite-form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=name]").fill("Zoé Invitée")
    form.locator("button[type=submit]").click()
    expect(form.locator("[role=status]")).to_contain_text(email)
    row = page.locator("table.users-table tbody tr", has_text=email)
    expect(row.locator(".status-invited")).to_be_visible()

    token = invite_token(live_data_dir, email)
    assert token, "no invitation email with a #/invite/<token> link found in the local run's outbox"

    invitee = browser.new_context(base_url=base_url, locale="fr-FR")
    try:
        join = invitee.new_page()
        join.goto(f"/#/invite/{token}")
        accept = join.locator("form.invite-accept-form")
        expect(accept.locator("input[name=name]")).to_have_value("Zoé Invitée")
        accept.locator("input[name=password]").fill("a long enough password")
        accept.locator("input[name=confirm_password]").fill("a long enough password")
        accept.locator("button[type=submit]").click()
        expect(join).to_have_url(re.compile(r"#/pipeline$"))
        expect(join.locator("header .user-name")).to_have_text("Zoé Invitée")
        # A member sees no Users tab, and the workspace (like the pipelines and lost reasons) read-only.
        join.goto("/#/settings/workspace")
        expect(join.locator("nav.tabs a")).to_have_count(4)
        expect(join.locator("nav.tabs a[href='#/settings/users']")).to_have_count(0)
        expect(join.locator("dl.facts")).to_be_visible()
        expect(join.locator("form.workspace-form")).to_have_count(0)
    finally:
        invitee.close()

    page.reload()
    expect(page.locator("table.users-table tbody tr", has_text=email).locator(".status-active")).to_be_visible()
