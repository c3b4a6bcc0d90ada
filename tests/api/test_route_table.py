"""Every private route refuses missing, forged, revoked and expired credentials.

The routes come from the app's own route table, so a new route is covered
the moment it exists; declaring one public means adding it to PUBLIC below.
"""
import re

import pytest

from app import app as chalice_app

PUBLIC = {
    ("/auth/login", "POST"),
    ("/health", "GET"),
    ("/openapi.json", "GET"),
    ("/public/invites/{token}", "GET"),
    ("/public/invites/{token}/accept", "POST"),
    ("/auth/password-reset", "POST"),
    ("/public/password-resets/{token}", "GET"),
    ("/public/password-resets/{token}", "POST"),
    ("/public/scheduler/{token}", "GET"),
    ("/public/scheduler/{token}/bookings", "POST"),
    ("/public/bookings/{booking_token}", "GET"),
    ("/public/bookings/{booking_token}", "DELETE"),
    ("/public/bookings/{booking_token}/slots", "GET"),
    ("/public/bookings/{booking_token}/reschedule", "POST"),
    ("/public/calendar/{feed_file}", "GET"),
    ("/public/portal/{token}", "GET"),
    ("/public/portal/{token}/checklist/{item_id}", "POST"),
    ("/public/portal/{token}/files", "POST"),
    ("/public/portal/{token}/files/{file_id}/uploaded", "POST"),
    ("/public/portal/{token}/slots", "GET"),
    ("/public/portal/{token}/bookings", "POST"),
    ("/public/portal/{token}/code", "POST"),
    ("/public/portal/{token}/session", "POST"),
}
ROUTES = sorted((path, method) for path, methods in chalice_app.routes.items() for method in methods)
PRIVATE = [r for r in ROUTES if r not in PUBLIC]
ADMIN_ONLY = [(p, m) for p, m in ROUTES if chalice_app.routes[p][m].view_function.crm.access == "admin"]


def concrete(path):
    return re.sub(r"{\w+}", "01J0000000000000000000000X", path)


def test_public_routes_are_exactly_the_declared_ones():
    declared = {(p, m) for p, m in ROUTES if chalice_app.routes[p][m].view_function.crm.access == "public"}
    assert declared == PUBLIC


def test_every_route_is_declared_through_the_endpoint_decorator():
    for path, method in ROUTES:
        assert hasattr(chalice_app.routes[path][method].view_function, "crm"), (path, method)


@pytest.mark.parametrize("path,method", PRIVATE)
def test_private_route_refuses_a_missing_credential(client, path, method):
    response = client.request(method, concrete(path), body={})
    assert response.status == 401, (path, method, response.text)
    assert response.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("path,method", PRIVATE)
def test_private_route_refuses_a_forged_token(client, path, method):
    for forged in ("forged", "x" * 43, "Bearer", "a" * 5000):
        response = client.request(method, concrete(path), body={}, token=forged)
        assert response.status == 401, (path, method, forged[:10], response.text)
        cookie = client.request(method, concrete(path), body={}, token="",
                                headers={"Cookie": f"crm_session={forged}"})
        assert cookie.status == 401


@pytest.mark.parametrize("path,method", PRIVATE)
def test_private_route_refuses_a_revoked_token(admin, path, method):
    token = admin.token
    assert admin.post("/auth/logout").status == 204
    response = admin.request(method, concrete(path), body={}, token=token)
    assert response.status == 401, (path, method, response.text)


@pytest.mark.parametrize("path,method", PRIVATE)
def test_private_route_refuses_an_expired_session(admin, path, method):
    from chalicelib.domain.ids import token_digest
    from chalicelib.storage import sessions

    session = sessions.find(token_digest(admin.token))
    session.expires_at = "2001-01-01T00:00:00.000Z"
    session.save()
    response = admin.request(method, concrete(path), body={})
    assert response.status == 401, (path, method, response.text)


def test_there_are_admin_only_routes_to_check():
    assert ("/users", "POST") in ADMIN_ONLY and ("/workspace", "PATCH") in ADMIN_ONLY


@pytest.mark.parametrize("path,method", ADMIN_ONLY)
def test_a_member_cannot_do_admin_actions(member, path, method):
    response = member.request(method, concrete(path), body={"version": 1})
    assert response.status == 403, (path, method, response.text)
    assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize("path,method", sorted(PUBLIC - {("/health", "GET"), ("/openapi.json", "GET")}))
def test_public_routes_that_take_input_are_rate_limited(client, monkeypatch, path, method):
    """Login has its own stricter throttle; every other public input route has the default one."""
    from chalicelib import config

    monkeypatch.setattr(config, "PUBLIC_MAX_REQUESTS", 2)
    monkeypatch.setattr(config, "LOGIN_MAX_ATTEMPTS", 2)
    body = {"email": "x@example.com", "password": "nope nope"}
    statuses = [client.request(method, concrete(path), body=body).status for _ in range(4)]
    assert statuses[-1] == 429, statuses
