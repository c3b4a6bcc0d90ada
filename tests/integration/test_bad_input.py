"""The bad input an outside review sent, sent again, as it was, to the local server on DynamoDB Local.

moto does not enforce DynamoDB's limits (key sizes, number range, item
size); DynamoDB Local does. Each request gets a clear 4xx and writes nothing.
"""
import json

import pytest


def created_persons(http, name):
    """How many persons called `name` exist (a request that was refused must have written none)."""
    from urllib.parse import quote

    status, _, body = http.request("GET", "/api/search?q=" + quote(name[:20]))
    assert status == 200
    return [hit for hit in body["items"] if hit["entity"] == "person" and hit["name"] == name]


@pytest.mark.parametrize("due_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:00-01:00"])
def test_a_due_time_outside_the_years_of_the_calendar_is_refused(http, due_at):
    status, _, body = http.request("POST", "/api/activities", {"type": "call", "subject": "Edge", "due_at": due_at})
    assert status == 400 and "due_at" in body["error"]["details"]


@pytest.mark.parametrize("bound", ["0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:00-01:00"])
def test_a_period_bound_outside_the_calendar_is_refused(http, bound):
    status, _, body = http.request("GET", f"/api/activities?from={bound}")
    assert status == 400 and "from" in body["error"]["details"]


@pytest.mark.parametrize("number", [b"1e309", b"1" * 39, b"-" + b"9" * 40, b"1e-200"])
def test_a_number_dynamodb_cannot_hold_is_refused(http, number):
    raw = b'{"title": "Too big", "org_id": null, "value": ' + number + b"}"
    status, _, body = http.request("POST", "/api/deals", raw=raw)
    assert status == 400 and body["error"]["code"] == "unstorable_value", body


def test_a_number_dynamodb_cannot_hold_in_a_custom_field_is_refused(http):
    raw = b'{"name": "Big custom", "custom": {"score": 1e309}}'
    status, _, body = http.request("POST", "/api/persons", raw=raw)
    assert status == 400
    assert created_persons(http, "Big custom") == []


@pytest.mark.parametrize("raw", [b'{"name": "\\ud800"}', b'{"name": "Ada \\udfff Lovelace"}',
                                 b'{"name": "Ada", "tags": ["\\ud83d"]}', b'{"name": "Ada", "\\ud800": 1}'])
def test_a_lone_surrogate_in_any_text_is_refused(http, raw):
    status, _, body = http.request("POST", "/api/persons", raw=raw)
    assert status == 400 and body["error"]["code"] == "unstorable_value"


@pytest.mark.parametrize("path", ["/api/persons", "/api/activities", "/api/users", "/api/trash",
                                  "/api/activities?owner=x", "/api/deals?sort=created"])
def test_a_cursor_whose_keys_do_not_fit_the_index_is_refused(http, path):
    import base64

    for plain in ({"pk": "x"}, {"pk": "x", "sk": "y"}, {"gsi1pk": "TRASH", "gsi1sk": "a", "pk": "p", "sk": "s", "gsi2pk": "q"}):
        cursor = base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")
        status, _, body = http.request("GET", f"{path}{'&' if '?' in path else '?'}cursor={cursor}")
        assert status == 400 and "cursor" in body["error"]["details"], (path, plain, status, body)


def test_a_cursor_from_the_right_index_but_outside_the_period_is_refused(http):
    import base64

    plain = {"pk": "ACTIVITY#x", "sk": "RECORD", "gsi1pk": "ACTIVITIES", "gsi1sk": "2001-01-01T00:00:00Z#x"}
    cursor = base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")
    status, _, body = http.request("GET", f"/api/activities?from=2026-01-01&to=2026-01-31&cursor={cursor}")
    assert status in (200, 400), body  # DynamoDB may refuse the start key: never a 500


def test_a_record_over_dynamodbs_400_kb_is_refused_not_half_written(http):
    """100,000 four-byte characters are 400 KB: within the character limit, over DynamoDB's."""
    status, _, body = http.request("POST", "/api/persons", {"name": "Heavy note holder"})
    assert status == 201
    person = body
    note = {"content": "🙂" * 100_000, "person_id": person["id"]}
    status, _, body = http.request("POST", "/api/notes", raw=json.dumps(note, ensure_ascii=False).encode())
    assert status == 400 and "content" in body["error"]["details"], body
    status, _, body = http.request("POST", "/api/notes", {"content": "é" * 49_999, "person_id": person["id"]})
    assert status == 201  # 99,998 bytes: the longest note that fits


def test_many_long_custom_values_together_are_refused_with_413(http):
    from chalicelib.services import workspace_lists

    definitions = workspace_lists.custom_fields()
    fields = [{"key": f"long_{i}", "label": f"Long {i}", "type": "text"} for i in range(6)]
    status, _, body = http.request("PUT", "/api/settings/custom-fields",
                                   {"person": definitions["person"] + fields, "version": definitions["version"]})
    assert status == 200, body
    custom = {f"long_{i}": "x" * 99_000 for i in range(6)}  # each allowed, 594 KB together
    status, _, body = http.request("POST", "/api/persons", {"name": "Too heavy", "custom": custom})
    assert status == 413 and body["error"]["code"] == "record_too_large", body
    assert created_persons(http, "Too heavy") == []


def test_an_id_longer_than_dynamodb_keys_allow_is_not_found(http):
    for method in ("GET", "PATCH", "DELETE"):
        status, _, body = http.request(method, "/api/persons/" + "x" * 3000, {"version": 1})
        assert status == 404, (method, status, body)


@pytest.mark.parametrize("name", ["Ada\nLovelace", "Ada\x1b[31m", "Ada\x00", "\u0085Ada\u0085x"])
def test_names_with_control_characters_are_refused_at_input(http, name):
    status, _, body = http.request("POST", "/api/persons", {"name": name})
    assert status == 400 and "name" in body["error"]["details"]
    status, _, body = http.request("POST", "/api/users", {"email": "ctl@example.com", "name": name})
    assert status == 400 and "name" in body["error"]["details"]


def test_an_oversized_forwarded_for_is_no_server_error(local_server):
    from tests.integration.conftest import Http

    client = Http(local_server)
    for header in ("1" * 3000, ", ".join(f"10.0.{i // 250}.{i % 250}" for i in range(600)), "not-an-ip"):
        status, _, _ = client.request("GET", "/api/public/invites/nope", headers={"X-Forwarded-For": header})
        assert status == 404


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND"])
def test_an_unknown_method_is_a_json_405(http, method):
    status, headers, body = http.request(method, "/api/persons")
    assert status == 405 and body["error"]["code"] == "method_not_allowed"
