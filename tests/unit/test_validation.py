"""Request schemas: every bad field is named, nothing unknown slips through."""
import pytest
from hypothesis import given, strategies as st

from chalicelib.domain.users import INVITE, PROFILE
from chalicelib.domain.validation import check_email
from chalicelib.errors import InvalidInput


def test_valid_input_is_cleaned():
    assert INVITE.parse({"email": "ana@example.com", "name": "  Ana  "}) == {
        "email": "ana@example.com", "name": "Ana"}


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(InvalidInput) as error:
        INVITE.parse({"email": "nope", "role": "owner", "extra": 1})
    assert set(error.value.details) == {"email", "name", "role", "extra"}


def test_a_boolean_is_not_a_number():
    with pytest.raises(InvalidInput) as error:
        PROFILE.parse({"version": True})
    assert error.value.details == {"version": "Expected integer."}


def test_nul_characters_are_refused_in_text():
    with pytest.raises(InvalidInput):
        INVITE.parse({"email": "a@example.com", "name": "a\x00b"})


@pytest.mark.parametrize("email", ["ana@example.com", "a.b+tag@sub.example.fr", "x@a-b.io"])
def test_plausible_emails_pass(email):
    assert check_email(email) is None


@pytest.mark.parametrize("email", ["", "ana", "ana@", "@example.com", "a b@example.com",
                                   "ana@example", "<a>@example.com", "a@-x.com"])
def test_implausible_emails_fail(email):
    assert check_email(email)


@given(st.dictionaries(st.text(max_size=20), st.one_of(st.none(), st.booleans(), st.integers(),
                                                       st.floats(allow_nan=True), st.text(max_size=50),
                                                       st.lists(st.integers(), max_size=3))))
def test_any_json_object_either_parses_or_raises_invalid_input(data):
    try:
        PROFILE.parse(data)
    except InvalidInput as error:
        assert error.details or error.message
