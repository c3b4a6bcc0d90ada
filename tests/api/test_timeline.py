"""The timeline on a record's page: what happened around the record, newest first, who did it."""
from tests.api.records_helpers import (collect, make_activity, make_deal, make_note, make_person, page,
                                       timeline)


def test_a_timeline_shows_activities_notes_and_deals_newest_first(admin):
    ada = make_person(admin)
    call = make_activity(admin, due_at="2020-06-01T09:00:00Z", person_id=ada["id"])
    deal = make_deal(admin, person_id=ada["id"])
    note = make_note(admin, person_id=ada["id"])
    entries = timeline(admin, "persons", ada["id"])
    assert [(e["kind"], e["record"]["id"]) for e in entries] == [("note", note["id"]), ("deal", deal["id"]),
                                                                 ("activity", call["id"])]
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)


def test_each_timeline_entry_names_who_made_it(admin, member):
    ada = make_person(admin)
    make_note(member, person_id=ada["id"])
    make_activity(admin, person_id=ada["id"])
    actors = {e["kind"]: e["actor"] for e in timeline(admin, "persons", ada["id"])}
    assert actors == {"note": member.user["id"], "activity": page(admin, "/me")["id"]}


def test_an_entry_shows_the_current_state_of_its_record(admin):
    ada = make_person(admin)
    note = make_note(admin, "Draft", person_id=ada["id"])
    admin.patch(f"/notes/{note['id']}", {"content": "Final", "version": note["version"]})
    assert [e["record"]["content"] for e in timeline(admin, "persons", ada["id"])] == ["Final"]


def test_older_timeline_entries_are_paged_with_a_cursor_each_once(admin):
    ada = make_person(admin)
    notes = [make_note(admin, f"Note {i}", person_id=ada["id"]) for i in range(5)]
    entries = collect(admin, f"/persons/{ada['id']}/timeline?limit=2")
    assert [e["record"]["id"] for e in entries] == [n["id"] for n in reversed(notes)]


def test_a_record_page_hands_over_to_older_entries_with_a_cursor(admin, monkeypatch):
    from chalicelib.services import record_views

    monkeypatch.setattr(record_views, "TIMELINE_PAGE", 3)  # a short first page instead of 100 notes
    ada = make_person(admin)
    notes = [make_note(admin, f"Note {i}", person_id=ada["id"]) for i in range(5)]
    first = page(admin, f"/persons/{ada['id']}")["timeline"]
    older = page(admin, f"/persons/{ada['id']}/timeline?cursor={first['next_cursor']}")
    shown = [e["record"]["id"] for e in first["items"] + older["items"]]
    assert shown == [n["id"] for n in reversed(notes)]
    assert older["next_cursor"] is None


def test_a_short_timeline_has_no_cursor(admin):
    ada = make_person(admin)
    make_note(admin, person_id=ada["id"])
    assert page(admin, f"/persons/{ada['id']}")["timeline"]["next_cursor"] is None


def test_the_timeline_of_an_unknown_record_is_not_found(admin):
    assert admin.get("/persons/01J0000000000000000000000X/timeline").status == 404
