"""Signing in and out, the app shell, and what every page load must not do."""
import re

from playwright.sync_api import expect

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD

AREAS = ["pipeline", "leads", "deals", "persons", "organizations", "activities", "insights", "scheduler", "automations",
         "settings", "trash"]


def sign_in_through_the_form(page, password=ADMIN_PASSWORD):
    page.locator("form.login-form input[name=email]").fill(ADMIN_EMAIL)
    page.locator("form.login-form input[name=password]").fill(password)
    page.locator("form.login-form button[type=submit]").click()


def test_signing_in_shows_the_shell_and_signing_out_returns_to_login(page, admin_api):
    workspace = admin_api.get("/api/workspace").json()
    page.goto("/#/login")
    sign_in_through_the_form(page)

    expect(page).to_have_url(re.compile(r"#/pipeline$"))
    nav = page.locator("nav#sidenav")
    expect(nav).to_be_visible()
    expect(nav.locator("a.nav-link")).to_have_count(len(AREAS))
    for area in AREAS:
        expect(nav.locator(f"a[href='#/{area}']")).to_be_visible()
    expect(nav.locator("a[aria-current=page]")).to_have_attribute("href", "#/pipeline")
    expect(page.locator("header .brand-name")).to_have_text(workspace["name"])
    expect(page.locator("main h1")).to_be_visible()
    page.screenshot(path="/tmp/shell.png")

    page.locator(".user-button").click()
    page.locator("[data-action=logout]").click()

    expect(page).to_have_url(re.compile(r"#/login$"))
    expect(page.locator("form.login-form")).to_be_visible()
    expect(page.locator(".public-card [role=status]")).to_have_text(re.compile("déconnecté"))
    expect(page.locator("nav#sidenav")).to_have_count(0)


def test_a_wrong_password_shows_the_error_and_stays_on_login(page):
    page.goto("/#/login")
    sign_in_through_the_form(page, password="not the password")

    alert = page.locator("form.login-form [role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(re.compile("incorrect", re.I))
    expect(page).to_have_url(re.compile(r"#/login$"))
    expect(page.locator("form.login-form input[name=password]")).to_have_value("")
    expect(page.locator("nav#sidenav")).to_have_count(0)


def test_a_private_page_without_a_session_leads_to_login_and_back_there_after(page):
    page.goto("/#/settings/workspace")

    expect(page).to_have_url(re.compile(r"#/login\?next=%2Fsettings%2Fworkspace$"))
    sign_in_through_the_form(page)

    expect(page).to_have_url(re.compile(r"#/settings/workspace$"))
    expect(page.locator("nav#sidenav a[aria-current=page]")).to_have_attribute("href", "#/settings")


def test_pages_load_without_console_errors_or_csp_violations(page, console_errors, signed_in):
    response = page.goto("/")
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, f"CSP header missing or weak: {csp!r}"
    expect(page.locator("main h1")).to_be_visible()

    for path, ready in [("/#/persons", "table.records-table"), ("/#/settings/profile", "form.profile-form"),
                        ("/#/settings/workspace", "form.workspace-form"), ("/#/settings/users", "table.users-table tbody tr")]:
        page.goto(path)
        page.reload()
        expect(page.locator(ready).first).to_be_visible()

    page.context.clear_cookies()
    page.goto("about:blank")
    page.goto("/#/login")
    expect(page.locator("form.login-form")).to_be_visible()
    assert console_errors == []


def test_the_shell_is_usable_at_375_pixels(page, signed_in):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/#/pipeline")
    toggle = page.locator("button.nav-toggle")
    persons = page.locator("nav#sidenav a[href='#/persons']")

    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(persons).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll at 375px"

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(persons).to_be_visible()
    page.screenshot(path="/tmp/shell-375.png")
    persons.click()

    # The list then writes its sort into the address: either moment is the persons page.
    expect(page).to_have_url(re.compile(r"#/persons(\?.*)?$"))
    expect(persons).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()

    # The keyboard alone: open with Enter, close with Escape, focus back on the button.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(persons).to_be_visible()
    page.keyboard.press("Escape")
    expect(persons).to_be_hidden()
    expect(toggle).to_be_focused()
