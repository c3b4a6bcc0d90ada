"""Persons: contact details, owner, tags, custom fields, the duplicate guard, lists.

Concurrent edits are tested against DynamoDB Local (tests/integration): moto's
transactions are not atomic across threads, so a race there proves nothing.
"""
import pytest

from tests.api.records_helpers import (collect, details, error_code, make_org, make_person, me, page,
                                       set_custom_fields)

HOSTILE_TEXTS = {
    "markup": "<img src=x onerror=alert(1)>",
    "emoji": "Zoé 🙂👩🏽‍💻 🇫🇷",
    "right_to_left": "مرحبا بالعالم \u202eevil",
    "longest": "x" * 500,
}


def test_a_person_keeps_several_labelled_emails_and_phones(admin):
    created = make_person(admin, "Ada Lovelace",
                          emails=[{"value": "ada@acme.fr", "label": "work"},
                                  {"value": "ada@home.fr", "label": "home"}],
                          phones=[{"value": "+33 6 12 34 56 78", "label": "mobile"},
                                  {"value": "01 23 45 67 89", "label": "office"}])
    shown = page(admin, f"/persons/{created['id']}")
    assert shown["emails"] == [{"value": "ada@acme.fr", "label": "work"}, {"value": "ada@home.fr", "label": "home"}]
    assert shown["phones"] == [{"value": "+33 6 12 34 56 78", "label": "mobile"},
                               {"value": "01 23 45 67 89", "label": "office"}]


def test_a_malformed_email_is_refused(admin):
    response = admin.post("/persons", {"name": "Ada", "emails": [{"value": "not-an-email", "label": "work"}]})
    assert response.status == 400
    assert "emails" in details(response)


def test_a_new_person_is_owned_by_its_creator_and_stamped(admin):
    created = make_person(admin)
    assert created["owner_id"] == me(admin)["id"]
    assert created["updated_by"] == me(admin)["id"]
    assert created["created_at"].endswith("Z") and created["updated_at"].endswith("Z")
    assert created["version"] == 1


def test_an_edit_records_who_made_it_and_when(admin, member):
    created = make_person(admin)
    edited = member.patch(f"/persons/{created['id']}", {"name": "Ada King", "version": 1})
    assert edited.status == 200, edited.text
    shown = page(admin, f"/persons/{created['id']}")
    assert shown["name"] == "Ada King"
    assert shown["updated_by"] == member.user["id"]
    assert shown["updated_at"] >= created["updated_at"] and shown["created_at"] == created["created_at"]
    assert shown["version"] == 2


def test_a_person_can_be_owned_by_another_active_user(admin, member):
    created = make_person(admin, owner_id=member.user["id"])
    assert page(admin, f"/persons/{created['id']}")["owner_id"] == member.user["id"]


def test_an_owner_who_is_no_user_is_refused(admin):
    response = admin.post("/persons", {"name": "Ada", "owner_id": "01J0000000000000000000000X"})
    assert response.status == 400
    assert "owner_id" in details(response)


def test_a_disabled_user_cannot_own_a_person(admin, member):
    user = page(admin, f"/users/{member.user['id']}")
    assert admin.patch(f"/users/{user['id']}", {"status": "disabled", "version": user["version"]}).status == 200
    response = admin.post("/persons", {"name": "Ada", "owner_id": user["id"]})
    assert response.status == 400
    assert "owner_id" in details(response)


def test_a_person_whose_owner_was_disabled_can_still_be_edited(admin, member):
    ada = make_person(admin, "Ada", owner_id=member.user["id"])
    user = page(admin, f"/users/{member.user['id']}")
    assert admin.patch(f"/users/{user['id']}", {"status": "disabled", "version": user["version"]}).status == 200
    assert admin.patch(f"/persons/{ada['id']}", {"name": "Ada King", "version": ada["version"]}).status == 200


def test_an_invited_user_who_has_not_joined_cannot_own_a_person(admin, clear_outbox):
    invited = admin.post("/users", {"email": "zoe@example.com", "name": "Zoé"}).json
    response = admin.post("/persons", {"name": "Ada", "owner_id": invited["id"]})
    assert response.status == 400
    assert "owner_id" in details(response)


def test_tags_are_kept_once_whatever_their_case(admin):
    created = make_person(admin, tags=["vip", "VIP", " vip ", "lead", "Lead"])
    assert page(admin, f"/persons/{created['id']}")["tags"] == ["vip", "lead"]


def test_a_person_page_names_their_organization(admin):
    acme = make_org(admin, "Acme")
    ada = make_person(admin, org_id=acme["id"])
    shown = page(admin, f"/persons/{ada['id']}")
    assert shown["org_id"] == acme["id"]
    assert shown["included"]["organizations"][acme["id"]]["name"] == "Acme"


def test_a_person_in_an_unknown_organization_is_refused(admin):
    response = admin.post("/persons", {"name": "Ada", "org_id": "01J0000000000000000000000X"})
    assert response.status == 400
    assert "org_id" in details(response)


@pytest.fixture
def person_fields(admin):
    return set_custom_fields(admin, person=[
        {"key": "nickname", "label": "Nickname", "type": "text"},
        {"key": "children", "label": "Children", "type": "number"},
        {"key": "birthday", "label": "Birthday", "type": "date"},
        {"key": "source", "label": "Source", "type": "choice", "options": ["fair", "web"]},
    ])


def test_custom_values_matching_their_definitions_are_kept(admin, person_fields):
    values = {"nickname": "Countess", "children": 3, "birthday": "1815-12-10", "source": "fair"}
    created = make_person(admin, custom=values)
    assert page(admin, f"/persons/{created['id']}")["custom"] == values


@pytest.mark.parametrize("key,value", [("nickname", 12), ("children", "three"), ("children", True),
                                       ("birthday", "10/12/1815"), ("source", "radio")])
def test_a_custom_value_that_does_not_match_its_definition_is_refused(admin, person_fields, key, value):
    response = admin.post("/persons", {"name": "Ada", "custom": {key: value}})
    assert response.status == 400
    assert key in details(response)["custom"]


def test_an_impossible_custom_date_is_refused(admin, person_fields):
    response = admin.post("/persons", {"name": "Ada", "custom": {"birthday": "2026-02-30"}})
    assert response.status == 400


def test_an_unknown_custom_field_is_refused(admin, person_fields):
    response = admin.post("/persons", {"name": "Ada", "custom": {"shoe_size": 42}})
    assert response.status == 400
    assert "shoe_size" in details(response)["custom"]


def test_removing_a_custom_field_does_not_block_editing_a_person_who_had_it(admin, person_fields):
    ada = make_person(admin, "Ada", custom={"nickname": "Countess"})
    set_custom_fields(admin, person=[])
    response = admin.patch(f"/persons/{ada['id']}", {"name": "Ada King", "version": ada["version"]})
    assert response.status == 200, response.text


# The duplicate guard: one person per email address.

def test_a_second_person_with_the_same_email_is_refused_naming_the_first(admin):
    first = make_person(admin, "Ada Lovelace", emails=[{"value": "ada@acme.fr", "label": "work"}])
    response = admin.post("/persons", {"name": "Ada L.", "emails": [{"value": "ada@acme.fr", "label": ""}]})
    assert response.status == 409
    assert error_code(response) == "duplicate_email"
    assert details(response)["existing"] == {"id": first["id"], "name": "Ada Lovelace"}
    assert [p["id"] for p in collect(admin, "/persons")] == [first["id"]]


def test_the_duplicate_guard_ignores_the_case_of_emails(admin):
    make_person(admin, emails=[{"value": "Ada@Acme.fr", "label": "work"}])
    response = admin.post("/persons", {"name": "Ada", "emails": [{"value": "ADA@acme.FR", "label": ""}]})
    assert response.status == 409
    assert error_code(response) == "duplicate_email"


def test_editing_a_person_to_take_another_persons_email_is_refused(admin):
    make_person(admin, "Ada", emails=[{"value": "ada@acme.fr", "label": ""}])
    bob = make_person(admin, "Bob", emails=[{"value": "bob@acme.fr", "label": ""}])
    response = admin.patch(f"/persons/{bob['id']}", {"emails": [{"value": "ada@acme.fr", "label": ""}],
                                                     "version": bob["version"]})
    assert response.status == 409
    assert error_code(response) == "duplicate_email"
    assert page(admin, f"/persons/{bob['id']}")["emails"] == [{"value": "bob@acme.fr", "label": ""}]


def test_an_email_a_person_gave_up_is_free_for_someone_else(admin):
    ada = make_person(admin, "Ada", emails=[{"value": "ada@acme.fr", "label": ""}])
    changed = admin.patch(f"/persons/{ada['id']}", {"emails": [{"value": "ada@newco.fr", "label": ""}],
                                                    "version": ada["version"]})
    assert changed.status == 200
    make_person(admin, "Another Ada", emails=[{"value": "ada@acme.fr", "label": ""}])


def test_deleting_a_person_frees_their_emails(admin):
    ada = make_person(admin, "Ada", emails=[{"value": "ada@acme.fr", "label": ""}])
    assert admin.delete(f"/persons/{ada['id']}").status == 204
    make_person(admin, "Another Ada", emails=[{"value": "ada@acme.fr", "label": ""}])


# Concurrent edits.

def test_two_edits_from_the_same_version_give_exactly_one_conflict(admin):
    ada = make_person(admin, "Ada")
    first = admin.patch(f"/persons/{ada['id']}", {"name": "First", "version": ada["version"]})
    second = admin.patch(f"/persons/{ada['id']}", {"name": "Second", "version": ada["version"]})
    assert (first.status, second.status) == (200, 409)
    assert error_code(second) == "version_conflict"
    assert page(admin, f"/persons/{ada['id']}")["name"] == "First"


# Lists.

NAMES = ["david", "Émile", "Alice", "Chloé", "bob"]


def test_persons_are_listed_by_name_a_page_at_a_time_each_once(admin):
    for name in NAMES:
        make_person(admin, name)
    listed = collect(admin, "/persons?sort=name&limit=2")
    assert [p["name"] for p in listed] == ["Alice", "bob", "Chloé", "david", "Émile"]


def test_persons_are_listed_by_name_in_reverse_order(admin):
    for name in NAMES:
        make_person(admin, name)
    listed = collect(admin, "/persons?sort=name&order=desc&limit=2")
    assert [p["name"] for p in listed] == ["Émile", "david", "Chloé", "bob", "Alice"]


def test_persons_are_listed_newest_first(admin):
    for name in NAMES:
        make_person(admin, name)
    listed = collect(admin, "/persons?sort=created&order=desc&limit=2")
    assert [p["name"] for p in listed] == list(reversed(NAMES))


def test_persons_are_filtered_by_owner(admin, member):
    make_person(admin, "Mine")
    theirs = make_person(admin, "Theirs", owner_id=member.user["id"])
    assert [p["id"] for p in collect(admin, f"/persons?owner={member.user['id']}&limit=1")] == [theirs["id"]]


def test_persons_are_filtered_by_tag(admin):
    vip = make_person(admin, "Vip", tags=["vip", "lead"])
    make_person(admin, "Lead", tags=["lead"])
    assert [p["id"] for p in collect(admin, "/persons?tag=vip")] == [vip["id"]]


def test_a_filtered_list_is_paged_without_losing_or_repeating_anyone(admin):
    for name in ["Ana", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gus"]:
        make_person(admin, name, tags=["vip"] if name in ("Ben", "Eve", "Gus") else [])
    for limit in (1, 2):
        assert [p["name"] for p in collect(admin, f"/persons?tag=vip&limit={limit}")] == ["Ben", "Eve", "Gus"]


def test_persons_with_the_same_name_are_each_listed_once(admin):
    same = {make_person(admin, "Ada")["id"] for _ in range(3)}
    listed = [p["id"] for p in collect(admin, "/persons?limit=2")]
    assert sorted(listed) == sorted(same)


def test_persons_are_filtered_by_organization(admin):
    acme = make_org(admin, "Acme")
    inside = make_person(admin, "Inside", org_id=acme["id"])
    make_person(admin, "Outside")
    assert [p["id"] for p in collect(admin, f"/persons?org_id={acme['id']}")] == [inside["id"]]


def test_a_person_list_names_the_organizations_on_its_page(admin):
    acme = make_org(admin, "Acme")
    make_person(admin, "Inside", org_id=acme["id"])
    body = page(admin, "/persons")
    assert body["included"]["organizations"][acme["id"]]["name"] == "Acme"


def test_an_unknown_sort_is_refused(admin):
    response = admin.get("/persons?sort=shoe_size")
    assert response.status == 400
    assert "sort" in details(response)


def test_a_deleted_person_leaves_the_list(admin):
    gone = make_person(admin, "Gone")
    kept = make_person(admin, "Kept")
    assert admin.delete(f"/persons/{gone['id']}").status == 204
    assert [p["id"] for p in collect(admin, "/persons")] == [kept["id"]]


@pytest.mark.parametrize("text", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
def test_hostile_text_in_a_name_is_stored_and_returned_verbatim(admin, text):
    created = make_person(admin, text)
    assert created["name"] == text
    assert page(admin, f"/persons/{created['id']}")["name"] == text


@pytest.mark.parametrize("name", ["x" * 501, "Ada\nLovelace", "Ada\x1b[31m", "Ada\x85Lovelace"])
def test_a_name_is_one_line_of_at_most_500_characters(admin, name):
    response = admin.post("/persons", {"name": name})
    assert response.status == 400
    assert "name" in details(response)
    assert collect(admin, "/persons") == []
