"""Malformed and hostile input on every route: a clear 4xx, never a 500.

Requests go out signed in as an admin, so they get past authentication and
reach parsing and the services. Routes come from the app's route table.
"""
import pytest

from app import app as chalice_app

from tests.hostile import HOSTILE_BODIES, HOSTILE_IDS, HOSTILE_QUERIES, concrete, routes

ROUTES = routes(chalice_app)


def assert_clear_error_or_success(response, where):
    assert response.status < 500, (where, response.status, response.text[:300])
    if response.status >= 400:
        error = response.json["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str), where


@pytest.mark.parametrize("path,method", ROUTES)
def test_hostile_bodies_never_cause_a_server_error(admin, path, method):
    for body in HOSTILE_BODIES:
        response = admin.request(method, concrete(path), raw=body)
        assert_clear_error_or_success(response, (path, method, body[:40]))


@pytest.mark.parametrize("path,method", [r for r in ROUTES if "{" in r[0]])
def test_hostile_path_parameters_never_cause_a_server_error(admin, path, method):
    for value in HOSTILE_IDS:
        response = admin.request(method, concrete(path, value), body={"version": 1})
        assert_clear_error_or_success(response, (path, method, value[:20]))


@pytest.mark.parametrize("path,method", ROUTES)
def test_hostile_query_strings_never_cause_a_server_error(admin, path, method):
    for query in HOSTILE_QUERIES:
        response = admin.request(method, concrete(path) + "?" + query, body={})
        assert_clear_error_or_success(response, (path, method, query[:30]))


@pytest.mark.parametrize("path,method", [r for r in ROUTES if r[1] in ("POST", "PATCH", "PUT")])
def test_a_non_json_content_type_is_refused_clearly(admin, path, method):
    for content_type in ("application/x-www-form-urlencoded", "text/plain", "text/plain; application/json"):
        response = admin.request(method, concrete(path), raw=b'{"email": "a", "password": "b"}',
                                 headers={"Content-Type": content_type})
        assert response.status == 415, (content_type, response.text)
        assert response.json["error"]["code"] == "unsupported_media_type"


def test_malformed_json_names_the_problem(admin):
    response = admin.request("PATCH", "/me", raw=b'{"name": "unterminated')
    assert response.status == 400
    assert response.json["error"]["code"] == "malformed_json"


def test_a_body_that_is_not_an_object_is_refused(admin):
    response = admin.request("PATCH", "/me", raw=b"[1, 2]")
    assert response.status == 400
    assert response.json["error"]["code"] == "validation_error"


def test_wrong_types_are_reported_per_field(admin):
    response = admin.patch("/me", {"name": 12, "language": True, "version": "3"})
    assert response.status == 400
    assert set(response.json["error"]["details"]) == {"name", "language", "version"}


def test_an_oversized_body_is_refused_with_413(admin):
    response = admin.request("PATCH", "/me", raw=b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'"}')
    assert response.status == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_an_oversized_body_is_refused_by_the_app_too(admin, monkeypatch):
    """In AWS, API Gateway lets 10 MB through: the app enforces the limit itself."""
    from chalicelib import config

    monkeypatch.setattr(config, "MAX_BODY_BYTES", 2048)
    response = admin.gateway._gateway.handle_request(
        method="PATCH", path="/me", body=b'{"name": "' + b"x" * 4096 + b'"}',
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {admin.token}"})
    assert response["statusCode"] == 413


def test_an_unknown_route_is_a_json_404(client):
    response = client.get("/no/such/thing")
    assert response.status == 404
    assert response.json["error"]["code"] == "not_found"


def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(admin):
    response = admin.request("DELETE", "/workspace")
    assert response.status == 405
    assert response.json["error"]["code"] == "method_not_allowed"
    assert "PATCH" in response.headers["Allow"]


def test_an_unexpected_exception_becomes_a_json_500_with_a_correlation_id(admin, monkeypatch):
    from chalicelib.services import settings

    def explode(principal):
        raise RuntimeError("boom")

    monkeypatch.setattr(settings, "profile", explode)
    response = admin.get("/me")
    assert response.status == 500
    body = response.json["error"]
    assert body["code"] == "internal_error" and "boom" not in response.text
    assert body["details"]["correlation_id"] == response.headers["X-Request-Id"]


def test_hostile_text_is_stored_verbatim_and_returned_as_json_text(admin):
    hostile = "<img src=x onerror=alert(1)> مرحبا 🙂"
    version = admin.get("/me").json["version"]
    response = admin.patch("/me", {"name": hostile, "version": version})
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert admin.get("/me").json["name"] == hostile
