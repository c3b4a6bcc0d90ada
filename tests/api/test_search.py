"""The search box: persons, organizations and deals by name, email, phone or domain."""
import pytest

from tests.api.records_helpers import make_deal, make_org, make_person, page, search_ids


def test_a_person_is_found_by_the_start_of_their_name(admin):
    ada = make_person(admin, "Ada Lovelace")
    make_person(admin, "Bob Martin")
    assert search_ids(admin, "ada lo") == [ada["id"]]


@pytest.mark.parametrize("q", ["elo", "ELO", "Éloï", "eloise"])
def test_search_ignores_case_and_accents(admin, q):
    eloise = make_person(admin, "Éloïse Dupré")
    assert search_ids(admin, q) == [eloise["id"]]


@pytest.mark.parametrize("q", ["marie", "dupre", "Dupr", "pont"])
def test_a_record_is_found_by_any_word_of_its_name(admin, q):
    eloise = make_person(admin, "Éloïse Marie Dupré Du Pont")
    assert search_ids(admin, q) == [eloise["id"]]


@pytest.mark.parametrize("q", ["pierre", "martin", "jean-p"])
def test_each_part_of_a_hyphenated_name_is_a_word(admin, q):
    jean = make_person(admin, "Jean-Pierre Dupré-Martin")
    assert search_ids(admin, q) == [jean["id"]]


def test_a_person_is_found_by_email(admin):
    ada = make_person(admin, "Ada", emails=[{"value": "ada.king@analytical.org", "label": "work"}])
    assert search_ids(admin, "ada.king@") == [ada["id"]]


def test_a_person_is_found_by_the_domain_of_their_email(admin):
    ada = make_person(admin, "Ada", emails=[{"value": "ada@analytical.org", "label": "work"}])
    assert search_ids(admin, "analytical") == [ada["id"]]


@pytest.mark.parametrize("q", ["06 12 34", "0612345678", "6 12 34 56", "+33 6 12 34", "0033 6 12"])
def test_a_phone_number_is_found_in_national_or_international_form(admin, q):
    ada = make_person(admin, "Ada", phones=[{"value": "+33 6 12 34 56 78", "label": "mobile"}])
    assert search_ids(admin, q) == [ada["id"]]


def test_a_phone_number_written_nationally_is_found_by_its_national_digits(admin):
    ada = make_person(admin, "Ada", phones=[{"value": "06.12.34.56.78", "label": "mobile"}])
    assert search_ids(admin, "06 12 34") == [ada["id"]]


def test_an_organization_is_found_by_name_and_by_domain(admin):
    acme = make_org(admin, "Acme Industries", domain="https://www.acme-industries.fr/")
    assert search_ids(admin, "indus") == [acme["id"]]
    assert search_ids(admin, "acme-ind") == [acme["id"]]


def test_a_deal_is_found_by_its_title(admin):
    deal = make_deal(admin, "Website redesign", org_id=make_org(admin, "Acme")["id"])
    assert search_ids(admin, "redes") == [deal["id"]]


def test_a_result_says_what_it_is_and_shows_a_second_line(admin):
    make_person(admin, "Ada Lovelace", emails=[{"value": "ada@analytical.org", "label": ""}])
    hits = page(admin, "/search?q=ada")["items"]
    assert [(h["entity"], h["name"], h["subtitle"]) for h in hits] == [("person", "Ada Lovelace",
                                                                        "ada@analytical.org")]


def test_a_renamed_record_is_found_by_its_new_name_and_not_its_old_one(admin):
    ada = make_person(admin, "Ada Byron")
    assert admin.patch(f"/persons/{ada['id']}", {"name": "Ada King", "version": ada["version"]}).status == 200
    assert search_ids(admin, "king") == [ada["id"]]
    assert search_ids(admin, "byron") == []


def test_a_changed_email_no_longer_finds_the_person(admin):
    ada = make_person(admin, "Ada", emails=[{"value": "ada@old.org", "label": ""}])
    admin.patch(f"/persons/{ada['id']}", {"emails": [{"value": "ada@new.org", "label": ""}], "version": ada["version"]})
    assert search_ids(admin, "old.org") == []
    assert search_ids(admin, "new.org") == [ada["id"]]


def test_a_deleted_record_leaves_the_search_until_it_is_restored(admin):
    ada = make_person(admin, "Ada Lovelace")
    assert admin.delete(f"/persons/{ada['id']}").status == 204
    assert search_ids(admin, "lovelace") == []
    assert admin.post(f"/persons/{ada['id']}/restore").status == 200
    assert search_ids(admin, "lovelace") == [ada["id"]]


@pytest.mark.parametrize("q", ["", "a", " é "])
def test_a_query_shorter_than_two_characters_is_refused(admin, q):
    response = admin.get(f"/search?q={q}")
    assert response.status == 400
    assert "q" in response.json["error"]["details"]
