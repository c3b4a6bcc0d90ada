"""Hostile input on every route, on DynamoDB Local through the local server: a clear 4xx, never a 500.

The API tier sends the same input to moto, which enforces none of DynamoDB's
limits (key and item sizes, number range); this tier sends it to the engine
that does. Each test signs in afresh, so a route that signs out ends only its own session.
"""
import pytest

from tests.hostile import HOSTILE_BODIES, HOSTILE_IDS, HOSTILE_QUERIES, concrete, routes


def _routes():
    from app import app

    return routes(app)


ROUTES = _routes()


def assert_clear(status, body, where):
    assert status < 500, (where, status, body)
    if status >= 400:
        assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str), where


@pytest.mark.parametrize("path,method", ROUTES)
def test_hostile_bodies_never_cause_a_server_error(http, path, method):
    for raw in HOSTILE_BODIES:
        status, _, body = http.request(method, "/api" + concrete(path), raw=raw)
        assert_clear(status, body, (path, method, raw[:40]))


@pytest.mark.parametrize("path,method", [r for r in ROUTES if "{" in r[0]])
def test_hostile_path_parameters_never_cause_a_server_error(http, path, method):
    from urllib.parse import quote

    for value in HOSTILE_IDS:
        status, _, body = http.request(method, "/api" + concrete(path, quote(value, safe="%")), {"version": 1})
        assert_clear(status, body, (path, method, value[:20]))


@pytest.mark.parametrize("path,method", ROUTES)
def test_hostile_query_strings_never_cause_a_server_error(http, path, method):
    for query in HOSTILE_QUERIES:
        status, _, body = http.request(method, "/api" + concrete(path) + "?" + query, {})
        assert_clear(status, body, (path, method, query[:30]))
