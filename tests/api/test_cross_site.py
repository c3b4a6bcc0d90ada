"""Cross-site requests: a change carried by the session cookie must come from the site's own pages.

A browser attaches the cookie to a form another site posts, so the cookie alone
proves nothing about who asked; `Origin` (or `Sec-Fetch-Site`) does. Bodies must
be declared JSON exactly: `text/plain` is what a cross-site form can send unasked.
"""
import pytest

from tests.api.records_helpers import collect

SITE = "http://127.0.0.1:8000"  # CRM_PUBLIC_URL of this tier


@pytest.fixture
def cookie(admin):
    """The admin's session as the browser holds it: a cookie, no bearer token."""
    return {"Cookie": f"crm_session={admin.token}"}


def post_person(client, headers, raw=b'{"name": "Mallory"}'):
    return client.request("POST", "/persons", raw=raw, token="", headers=headers)


def test_a_cookie_change_from_another_site_is_refused(admin, cookie):
    response = post_person(admin, {**cookie, "Origin": "https://evil.example"})
    assert response.status == 403
    assert response.json["error"]["code"] == "cross_site_request"
    assert collect(admin, "/persons") == []


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain; application/json", None])
def test_a_cross_site_form_cannot_post_a_person(admin, cookie, content_type):
    headers = {**cookie, "Origin": "https://evil.example"}
    if content_type:
        headers["Content-Type"] = content_type
    response = admin.gateway.handle("POST", "/persons", headers, b'{"name": "Mallory"}')
    assert response.status in (403, 415), response.text
    assert collect(admin, "/persons") == []


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain; application/json", None])
def test_a_body_not_declared_json_is_refused_with_415_even_from_the_site(admin, cookie, content_type):
    headers = {**cookie, "Origin": SITE}
    if content_type:
        headers["Content-Type"] = content_type
    response = admin.gateway.handle("POST", "/persons", headers, b'{"name": "Ada"}')
    assert response.status == 415, response.text
    assert response.json["error"]["code"] == "unsupported_media_type"
    assert collect(admin, "/persons") == []


def test_a_cookie_change_from_the_site_itself_works(admin, cookie):
    assert post_person(admin, {**cookie, "Origin": SITE}).status == 201
    assert post_person(admin, {**cookie, "Origin": "http://localhost:8000", "Host": "localhost:8000"}).status == 201


def test_without_origin_the_fetch_metadata_decides(admin, cookie):
    assert post_person(admin, {**cookie, "Sec-Fetch-Site": "cross-site"}).status == 403
    assert post_person(admin, {**cookie, "Sec-Fetch-Site": "same-site"}).status == 403
    assert post_person(admin, {**cookie, "Sec-Fetch-Site": "same-origin"}).status == 201


def test_a_cookie_change_that_says_nothing_of_its_origin_is_refused(admin, cookie):
    assert post_person(admin, cookie).status == 403
    assert admin.request("POST", "/auth/logout", token="", headers=cookie).status == 403
    assert admin.get("/me").status == 200  # the session survived the forged logout


def test_reading_with_the_cookie_needs_no_origin(admin, cookie):
    assert admin.request("GET", "/me", token="", headers=cookie).status == 200


def test_bearer_token_calls_are_unaffected(admin):
    assert post_person(admin, {"Origin": "https://elsewhere.example", "Authorization": f"Bearer {admin.token}"}
                       ).status == 201
