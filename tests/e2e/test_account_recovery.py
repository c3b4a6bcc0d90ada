"""Getting back into an account, and the invitations an admin looks after.

A forgotten password is reset through the mailed link; a pending invitation
is resent or withdrawn from Settings › Users. Each test makes its own user,
so the shared admin's password and sessions are never touched.
"""
import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import invite_token, reset_token
from .test_records import open_dialog

OLD_PASSWORD = "the first long password"
NEW_PASSWORD = "a brand new long password"


def _email(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def _invite(admin_api, email, name):
    response = admin_api.post("/api/users", data={"email": email, "name": name, "role": "member"})
    assert response.status == 201, f"invite: {response.status} {response.text()}"
    return response.json()


@pytest.fixture
def member(playwright, admin_api, live_server, live_data_dir):
    """A member of their own, invited and joined through the API: {email, name, id}."""
    email, name = _email("recovery"), "Rémi Oubli"
    user = _invite(admin_api, email, name)
    token = invite_token(live_data_dir, email)
    assert token, "no invitation mail found"
    client = playwright.request.new_context(base_url=live_server, extra_http_headers={"Origin": live_server})
    try:
        response = client.post(f"/api/public/invites/{token}/accept", data={"password": OLD_PASSWORD})
        assert response.status == 200, f"accept: {response.status} {response.text()}"
    finally:
        client.dispose()
    return {"email": email, "name": name, "id": user["id"]}


def _login_status(playwright, live_server, email, password):
    client = playwright.request.new_context(base_url=live_server)
    try:
        return client.post("/api/auth/login", data={"email": email, "password": password}).status
    finally:
        client.dispose()


def test_a_forgotten_password_is_reset_through_the_mailed_link_and_signs_in(
        page, member, playwright, live_server, live_data_dir, console_errors, dialogs):
    page.goto("/#/login")
    page.locator("form.login-form input[name=email]").fill(member["email"])
    page.locator("form.login-form a[href='#/forgot']").click()

    # The email typed on the sign-in page is already there.
    form = page.locator("form.forgot-form")
    expect(form.locator("input[name=email]")).to_have_value(member["email"])
    form.locator("button[type=submit]").click()
    sent = page.locator(".forgot-sent[role=status]")
    expect(sent).to_contain_text(member["email"])

    token = reset_token(live_data_dir, member["email"])
    assert token, "no password reset mail with a #/reset/<token> link in the local run's outbox"
    page.goto(f"/#/reset/{token}")
    reset = page.locator("form.reset-form")
    expect(page.locator(".public-subtitle")).to_contain_text(member["email"])

    # The two passwords must match: said beside the second one, before anything is sent.
    reset.locator("input[name=password]").fill(NEW_PASSWORD)
    reset.locator("input[name=confirm_password]").fill(NEW_PASSWORD + "!")
    reset.locator("button[type=submit]").click()
    confirm = reset.locator("input[name=confirm_password]")
    expect(confirm).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{confirm.get_attribute('id')}-error")).to_be_visible()

    confirm.fill(NEW_PASSWORD)
    reset.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#/pipeline$"))
    expect(page.locator("header .user-name")).to_have_text(member["name"])

    assert _login_status(playwright, live_server, member["email"], OLD_PASSWORD) == 401
    assert _login_status(playwright, live_server, member["email"], NEW_PASSWORD) == 200

    # The link served once: opened again, it says so and offers a new one.
    page.context.clear_cookies()
    page.goto("about:blank")
    page.goto(f"/#/reset/{token}")
    expect(page.locator("h1")).to_have_text(re.compile("plus valable"))
    page.locator("a[href='#/forgot']").click()
    expect(page.locator("form.forgot-form")).to_be_visible()
    assert [e for e in console_errors if "status of 404" not in e] == []
    assert dialogs == []


def test_a_weak_new_password_is_refused_beside_its_field(page, member, live_data_dir):
    response = page.request.post("/api/auth/password-reset", data={"email": member["email"]})
    assert response.status == 202
    token = reset_token(live_data_dir, member["email"])
    page.goto(f"/#/reset/{token}")
    reset = page.locator("form.reset-form")
    for field in ("password", "confirm_password"):
        reset.locator(f"input[name={field}]").fill("aaaaabbbbbaaaaa")  # long enough, too repetitive
    reset.locator("button[type=submit]").click()
    password = reset.locator("input[name=password]")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{password.get_attribute('id')}-error")).to_contain_text("répétitions")
    expect(page).to_have_url(re.compile(r"#/reset/"))


def test_an_unknown_email_gets_the_same_confirmation(page):
    page.goto("/#/forgot")
    form = page.locator("form.forgot-form")
    form.locator("input[name=email]").fill(_email("nobody"))
    form.locator("button[type=submit]").click()
    expect(page.locator(".forgot-sent[role=status]")).to_contain_text("Si un compte utilise")


def test_too_many_sign_in_attempts_point_to_a_password_reset(page):
    # Ten real failures would lock this address out for the other tests: the refusal is played instead.
    page.route("**/api/auth/login", lambda route: route.fulfill(
        status=429, content_type="application/json", headers={"Retry-After": "900"},
        body=json.dumps({"error": {"code": "too_many_requests",
                                   "message": "Too many failed attempts. Try again in a few minutes, or reset your password."}})))
    email = _email("locked")
    page.goto("/#/login")
    page.locator("form.login-form input[name=email]").fill(email)
    page.locator("form.login-form input[name=password]").fill("whatever it was")
    page.locator("form.login-form button[type=submit]").click()

    alert = page.locator("form.login-form [role=alert]")
    expect(alert).to_contain_text("nouveau mot de passe")
    alert.locator("a.button[href='#/forgot']").click()
    expect(page.locator("form.forgot-form input[name=email]")).to_have_value(email)


def test_sign_in_tells_the_api_the_browsers_language(page):
    sent = []

    def refuse(route):  # a real refusal would count against this address's sign-in attempts
        sent.append(route.request.post_data_json)
        route.fulfill(status=401, content_type="application/json",
                      body=json.dumps({"error": {"code": "invalid_credentials", "message": "Email or password is incorrect."}}))

    page.route("**/api/auth/login", refuse)
    page.goto("/#/login")
    page.locator("form.login-form input[name=email]").fill(_email("lang"))
    page.locator("form.login-form input[name=password]").fill("not a real password")
    page.locator("form.login-form button[type=submit]").click()
    expect(page.locator("form.login-form [role=alert]")).to_be_visible()
    assert sent and sent[0]["language"] == "fr"


def test_an_invited_user_joining_from_an_english_browser_starts_in_english(browser, base_url, admin_api, live_data_dir):
    email = _email("english")
    user = _invite(admin_api, email, "Jo English")
    token = invite_token(live_data_dir, email)
    context = browser.new_context(base_url=base_url, locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"/#/invite/{token}")
        accept = page.locator("form.invite-accept-form")
        accept.locator("input[name=password]").fill("a long enough password")
        accept.locator("input[name=confirm_password]").fill("a long enough password")
        accept.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"#/pipeline$"))
        expect(page.locator("nav#sidenav a[href='#/persons']")).to_have_text("Persons")
    finally:
        context.close()
    assert admin_api.get(f"/api/users/{user['id']}").json()["language"] == "en"


def _users_row(page, email):
    row = page.locator("table.users-table tbody tr", has_text=email)
    expect(row).to_be_visible()
    return row


def test_an_admin_resends_then_withdraws_a_pending_invitation(page, signed_in, admin_api, live_data_dir, dialogs):
    email = _email("pending")
    _invite(admin_api, email, "Paule Attente")
    first = invite_token(live_data_dir, email)
    page.goto("/#/settings/users")
    row = _users_row(page, email)
    expect(row.locator(".status-invited")).to_be_visible()
    expect(row.locator(".invite-expiry")).to_contain_text("valable jusqu")
    expect(row.locator(".invite-warning")).to_have_count(0)

    row.locator("[data-action=resend-invitation]").click()
    expect(page.locator(".card [role=status]", has_text=email)).to_be_visible()
    second = invite_token(live_data_dir, email, other_than=first)
    assert second and second != first, "no new invitation mail after resending"
    assert admin_api.get(f"/api/public/invites/{first}").status == 404
    assert admin_api.get(f"/api/public/invites/{second}").status == 200

    # Withdrawing asks first, in the app's own dialog; cancelling keeps the invitation.
    row.locator("[data-action=withdraw-invitation]").click()
    dialog = open_dialog(page)
    expect(dialog).to_contain_text(email)
    dialog.locator("[data-choice='']").click()
    expect(dialog).to_have_count(0)
    expect(row).to_be_visible()

    row.locator("[data-action=withdraw-invitation]").click()
    open_dialog(page).locator("[data-choice=withdraw]").click()
    expect(page.locator("table.users-table tbody tr", has_text=email)).to_have_count(0)
    expect(page.locator(".card [role=status]", has_text=email)).to_be_visible()
    assert admin_api.get(f"/api/public/invites/{second}").status == 404
    assert dialogs == []

    # The email is free again.
    _invite(admin_api, email, "Paule Attente")
    page.reload()
    expect(_users_row(page, email).locator(".status-invited")).to_be_visible()


def _mail_failed(route):
    """The local run's outbox never fails: the invitation's answer is played as if the mail had."""
    response = route.fetch()
    user = response.json()
    if response.status == 201:
        user["invitation"]["mail"] = "failed"
    route.fulfill(response=response, body=json.dumps(user))


def test_an_invitation_whose_mail_failed_says_so_at_once_and_offers_to_resend(page, signed_in, admin_api, live_data_dir):
    email = _email("unmailed")
    page.route("**/api/users", lambda route: _mail_failed(route) if route.request.method == "POST" else route.continue_())
    page.goto("/#/settings/users")
    form = page.locator("form.invite-form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=name]").fill("Marc Sans Mail")
    form.locator("button[type=submit]").click()

    warning = form.locator(".alert-warning")
    expect(warning).to_contain_text(email)
    expect(_users_row(page, email).locator(".invite-warning")).to_be_visible()
    first = invite_token(live_data_dir, email)

    warning.locator("[data-action=resend-invitation]").click()
    expect(form.locator("[role=status]")).to_contain_text(email)
    assert invite_token(live_data_dir, email, other_than=first), "no new invitation mail after resending"
    expect(_users_row(page, email).locator(".invite-warning")).to_have_count(0)
