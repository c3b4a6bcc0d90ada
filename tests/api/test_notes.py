"""Notes: attached to exactly one record, pinnable, listed with their record, stored verbatim."""
import pytest

from tests.api.records_helpers import (collect, details, make_activity, make_note, make_org, make_person, page,
                                       timeline, timeline_ids)

HOSTILE_TEXTS = {
    "markup": "<img src=x onerror=alert(1)>",
    "emoji": "Réunion 🙂👩🏽‍💻 🇫🇷 ✔",
    "right_to_left": "مرحبا بالعالم \u202eevil\u202c שלום",
    "100_kB": "x" * 100_000,
}


def test_a_note_on_a_person_is_listed_with_the_persons_notes(admin):
    ada = make_person(admin)
    note = make_note(admin, "Prefers mornings", person_id=ada["id"])
    assert [n["id"] for n in collect(admin, f"/notes?person_id={ada['id']}")] == [note["id"]]
    assert page(admin, f"/notes/{note['id']}")["content"] == "Prefers mornings"


def test_the_notes_of_a_record_are_listed_newest_first(admin):
    acme = make_org(admin)
    first, second = make_note(admin, "First", org_id=acme["id"]), make_note(admin, "Second", org_id=acme["id"])
    assert [n["id"] for n in collect(admin, f"/notes?org_id={acme['id']}")] == [second["id"], first["id"]]


def test_the_notes_of_another_record_are_not_listed(admin):
    ada, bob = make_person(admin, "Ada"), make_person(admin, "Bob")
    make_note(admin, "About Bob", person_id=bob["id"])
    assert collect(admin, f"/notes?person_id={ada['id']}") == []


def test_a_note_appears_on_its_records_timeline(admin):
    ada = make_person(admin)
    note = make_note(admin, person_id=ada["id"])
    assert timeline_ids(admin, "persons", ada["id"], kind="note") == [note["id"]]


def test_a_note_on_an_activity_appears_on_the_timeline_of_the_activitys_person(admin):
    ada = make_person(admin)
    call = make_activity(admin, person_id=ada["id"])
    note = make_note(admin, "Went well", activity_id=call["id"])
    assert note["id"] in timeline_ids(admin, "persons", ada["id"], kind="note")


def test_a_note_without_a_record_is_refused(admin):
    response = admin.post("/notes", {"content": "Floating"})
    assert response.status == 400
    assert "person_id" in details(response)


def test_a_note_on_two_records_is_refused(admin):
    ada, acme = make_person(admin), make_org(admin)
    response = admin.post("/notes", {"content": "Twice", "person_id": ada["id"], "org_id": acme["id"]})
    assert response.status == 400
    assert collect(admin, f"/notes?person_id={ada['id']}") == []


def test_a_note_cannot_be_given_a_second_record(admin):
    ada, acme = make_person(admin), make_org(admin)
    note = make_note(admin, person_id=ada["id"])
    response = admin.patch(f"/notes/{note['id']}", {"org_id": acme["id"], "version": note["version"]})
    assert response.status == 400


def test_a_note_on_an_unknown_person_is_refused(admin):
    response = admin.post("/notes", {"content": "Ghost", "person_id": "01J0000000000000000000000X"})
    assert response.status == 400
    assert "person_id" in details(response)


def test_a_note_can_be_pinned(admin):
    ada = make_person(admin)
    note = make_note(admin, person_id=ada["id"])
    assert note["pinned"] is False
    response = admin.patch(f"/notes/{note['id']}", {"pinned": True, "version": note["version"]})
    assert response.status == 200
    assert page(admin, f"/notes/{note['id']}")["pinned"] is True
    entry = next(e for e in timeline(admin, "persons", ada["id"]) if e["kind"] == "note")
    assert entry["record"]["pinned"] is True


@pytest.mark.parametrize("query", ["", "?person_id=A&org_id=B"])
def test_listing_notes_needs_exactly_one_record(admin, query):
    response = admin.get(f"/notes{query}")
    assert response.status == 400


@pytest.mark.parametrize("text", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
def test_hostile_text_in_a_note_is_stored_and_returned_verbatim(admin, text):
    ada = make_person(admin)
    note = make_note(admin, text, person_id=ada["id"])
    assert note["content"] == text
    assert page(admin, f"/notes/{note['id']}")["content"] == text
    assert [n["content"] for n in collect(admin, f"/notes?person_id={ada['id']}")] == [text]


def test_a_note_longer_than_100_000_characters_is_refused(admin):
    response = admin.post("/notes", {"content": "x" * 100_001, "person_id": make_person(admin)["id"]})
    assert response.status == 400
    assert "content" in details(response)
