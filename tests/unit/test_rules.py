"""Small rules: ids, time, cursors, self-demotion, time zones."""
import pytest

from chalicelib.domain.access import Principal
from chalicelib.domain.clock import is_timezone, now, to_iso
from chalicelib.domain.ids import new_id, new_token, token_digest
from chalicelib.domain.users import check_admin_change
from chalicelib.errors import InvalidInput
from chalicelib.storage.pages import decode_cursor, encode_cursor


def test_ids_sort_by_creation_time():
    ids = [new_id() for _ in range(200)]
    assert len(set(ids)) == 200
    assert all(len(i) == 26 for i in ids)
    assert ids[0][:10] <= ids[-1][:10]  # the time part never goes backwards


def test_tokens_carry_256_bits_and_are_stored_hashed():
    token = new_token()
    assert len(token) >= 43
    assert token_digest(token) != token and len(token_digest(token)) == 64


def test_times_are_utc_iso_with_z():
    stamp = to_iso(now())
    assert stamp.endswith("Z") and "T" in stamp and len(stamp) == 24


@pytest.mark.parametrize("zone,known", [("Europe/Paris", True), ("America/Montreal", True),
                                        ("UTC", True), ("Mars/Olympus", False), ("", False),
                                        ("../../etc/passwd", False), ("x" * 100, False)])
def test_time_zones_are_iana_names(zone, known):
    assert is_timezone(zone) is known


def test_a_cursor_round_trips():
    key = {"pk": {"S": "USER#1"}, "sk": {"S": "USER"}, "gsi1pk": {"S": "USERS"}, "gsi1sk": {"S": "1"}}
    assert decode_cursor(encode_cursor(key), "gsi1", "USERS") == key


@pytest.mark.parametrize("cursor", ["!!", "e30", "eyJ4IjoxfQ", "W10", "eyJwayI6MX0"])
def test_a_forged_cursor_is_invalid_input(cursor):
    with pytest.raises(InvalidInput):
        decode_cursor(cursor)


def test_a_cursor_whose_keys_do_not_fit_the_index_is_invalid_input():
    table_key = encode_cursor({"pk": {"S": "x"}, "sk": {"S": "y"}})
    with pytest.raises(InvalidInput):
        decode_cursor(table_key, "gsi1", "USERS")  # the index's own key attributes are missing
    with pytest.raises(InvalidInput):
        decode_cursor(encode_cursor({"pk": {"S": "x"}}))  # {"pk": "x"}: no sort key
    users = {"pk": {"S": "USER#1"}, "sk": {"S": "USER"}, "gsi1pk": {"S": "USERS"}, "gsi1sk": {"S": "1"}}
    with pytest.raises(InvalidInput):
        decode_cursor(encode_cursor(users), "gsi1", "PERSONS")  # a cursor of another list


def test_an_admin_cannot_demote_or_disable_themself():
    me = Principal("u1", "admin", "s1", "d1")
    with pytest.raises(InvalidInput):
        check_admin_change(me, "u1", {"role": "member"})
    with pytest.raises(InvalidInput):
        check_admin_change(me, "u1", {"status": "disabled"})
    check_admin_change(me, "u2", {"role": "member"})
