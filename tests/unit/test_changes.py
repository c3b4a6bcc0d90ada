"""The change log says which field changed from what to what."""
from chalicelib.domain.changes import describe, field_changes


def test_changed_fields_are_listed_with_before_and_after():
    old = {"name": "Ada", "tags": ["vip"], "org_id": None, "custom": {"size": 3}}
    new = {"name": "Ada King", "tags": ["vip"], "org_id": "o1", "custom": {"size": 4}}
    assert field_changes(old, new) == [
        {"field": "custom.size", "from": 3, "to": 4},
        {"field": "name", "from": "Ada", "to": "Ada King"},
        {"field": "org_id", "from": None, "to": "o1"},
    ]


def test_empty_to_empty_is_no_change():
    assert field_changes({"note": None}, {"note": ""}) == []


def test_long_values_are_shortened_in_the_log():
    change = field_changes({"name": "a"}, {"name": "x" * 1000})[0]
    assert len(change["to"]) == 301 and change["to"].endswith("…")


def test_events_are_named():
    assert describe("INSERT", {}, {"data": {}}) == ("created", [])
    assert describe("MODIFY", {"data": {}}, {"data": {}, "deleted_at": "t"}) == ("deleted", [])
    assert describe("MODIFY", {"data": {}, "deleted_at": "t"}, {"data": {}}) == ("restored", [])
    assert describe("MODIFY", {"data": {"a": 1}}, {"data": {"a": 1}}) is None  # only copies changed
    assert describe("REMOVE", {"data": {}}, {}) is None
