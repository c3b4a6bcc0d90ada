"""Activities: types from Settings, due times, the list and its filters, their place on timelines."""
import pytest

from tests.api.records_helpers import (collect, details, make_activity, make_deal, make_note, make_org,
                                       make_person, me, page, set_activity_types, timeline)


def test_an_activity_keeps_its_fields_and_links(admin):
    acme = make_org(admin)
    ada = make_person(admin, org_id=acme["id"])
    deal = make_deal(admin, person_id=ada["id"])
    call = make_activity(admin, "Discovery call", type="meeting", due_at="2026-12-01T09:30:00Z", duration_min=45,
                         person_id=ada["id"], org_id=acme["id"], deal_id=deal["id"], note="Bring the deck")
    shown = page(admin, f"/activities/{call['id']}")
    assert {k: shown[k] for k in ("type", "subject", "due_at", "duration_min", "all_day", "done", "owner_id",
                                  "person_id", "org_id", "deal_id", "note")} == {
        "type": "meeting", "subject": "Discovery call", "due_at": "2026-12-01T09:30:00Z", "duration_min": 45,
        "all_day": False, "done": False, "owner_id": me(admin)["id"], "person_id": ada["id"],
        "org_id": acme["id"], "deal_id": deal["id"], "note": "Bring the deck"}


def test_an_activity_type_not_in_settings_is_refused(admin):
    response = admin.post("/activities", {"type": "karaoke", "subject": "Team night", "due_at": "2026-12-01T20:00:00Z"})
    assert response.status == 400
    assert "type" in details(response)


def test_a_type_added_in_settings_becomes_usable(admin):
    types = page(admin, "/settings/activity-types")["items"]
    set_activity_types(admin, types + [{"key": "workshop", "label": "Atelier"}])
    assert make_activity(admin, type="workshop")["type"] == "workshop"


def test_an_activity_of_a_removed_type_can_still_be_marked_done(admin):
    lunch = make_activity(admin, type="lunch")
    set_activity_types(admin, [{"key": "call", "label": "Appel"}])
    response = admin.patch(f"/activities/{lunch['id']}", {"done": True, "version": lunch["version"]})
    assert response.status == 200, response.text


def test_a_type_removed_from_settings_is_refused_for_new_activities(admin):
    set_activity_types(admin, [{"key": "call", "label": "Appel"}])
    response = admin.post("/activities", {"type": "lunch", "subject": "Lunch", "due_at": "2026-12-01T12:00:00Z"})
    assert response.status == 400
    assert "type" in details(response)


@pytest.mark.parametrize("due_at", ["2026-12-01", "2026-12-01 09:30", "tomorrow", "2026-12-01T09:30:00"])
def test_a_due_time_that_is_not_an_iso_instant_is_refused(admin, due_at):
    response = admin.post("/activities", {"type": "call", "subject": "Call", "due_at": due_at})
    assert response.status == 400
    assert "due_at" in details(response)


def test_an_activity_linked_to_an_unknown_deal_is_refused(admin):
    response = admin.post("/activities", {"type": "call", "subject": "Call", "due_at": "2026-12-01T09:30:00Z",
                                          "deal_id": "01J0000000000000000000000X"})
    assert response.status == 400
    assert "deal_id" in details(response)


def test_an_all_day_activity_is_due_at_midnight_utc(admin):
    call = make_activity(admin, due_at="2026-12-01T15:45:00Z", all_day=True)
    assert page(admin, f"/activities/{call['id']}")["due_at"] == "2026-12-01T00:00:00Z"


def test_an_all_day_activity_keeps_the_day_it_was_given_for(admin):
    call = make_activity(admin, due_at="2026-12-01T20:00:00-05:00", all_day=True)
    assert page(admin, f"/activities/{call['id']}")["due_at"] == "2026-12-01T00:00:00Z"


def test_an_activity_switched_to_all_day_moves_to_midnight_utc(admin):
    call = make_activity(admin, due_at="2026-12-01T15:45:00Z")
    response = admin.patch(f"/activities/{call['id']}", {"all_day": True, "version": call["version"]})
    assert response.json["due_at"] == "2026-12-01T00:00:00Z"


def test_an_all_day_activity_moved_to_another_day_stays_at_midnight_utc(admin):
    call = make_activity(admin, due_at="2026-12-01T00:00:00Z", all_day=True)
    response = admin.patch(f"/activities/{call['id']}", {"due_at": "2026-12-03T15:45:00Z", "version": call["version"]})
    assert response.json["due_at"] == "2026-12-03T00:00:00Z"


def test_a_due_time_with_an_offset_is_stored_in_utc(admin):
    call = make_activity(admin, due_at="2026-12-01T09:30:00+02:00")
    assert page(admin, f"/activities/{call['id']}")["due_at"] == "2026-12-01T07:30:00Z"


def test_activities_due_in_different_offsets_are_listed_in_time_order(admin):
    later = make_activity(admin, "At eight UTC", due_at="2026-12-01T08:00:00Z")
    earlier = make_activity(admin, "At half past seven UTC", due_at="2026-12-01T09:30:00+02:00")
    assert [a["id"] for a in collect(admin, "/activities")] == [earlier["id"], later["id"]]


def test_activities_are_listed_by_due_time_a_page_at_a_time(admin):
    for day in ("05", "01", "04", "02", "03"):
        make_activity(admin, f"Day {day}", due_at=f"2026-12-{day}T09:00:00Z")
    listed = collect(admin, "/activities?limit=2")
    assert [a["subject"] for a in listed] == ["Day 01", "Day 02", "Day 03", "Day 04", "Day 05"]


def test_activities_are_filtered_by_owner(admin, member):
    make_activity(admin, "Mine")
    theirs = make_activity(admin, "Theirs", owner_id=member.user["id"])
    assert [a["id"] for a in collect(admin, f"/activities?owner={member.user['id']}")] == [theirs["id"]]


def test_activities_are_filtered_by_type(admin):
    make_activity(admin, "Call", type="call")
    lunch = make_activity(admin, "Lunch", type="lunch")
    assert [a["id"] for a in collect(admin, "/activities?type=lunch")] == [lunch["id"]]


def test_activities_are_filtered_by_done(admin):
    todo = make_activity(admin, "To do")
    done = make_activity(admin, "Done", done=True)
    assert [a["id"] for a in collect(admin, "/activities?done=true")] == [done["id"]]
    assert [a["id"] for a in collect(admin, "/activities?done=false")] == [todo["id"]]


def test_activities_are_filtered_by_period_both_days_included(admin):
    make_activity(admin, "Before", due_at="2026-11-30T23:59:00Z")
    first = make_activity(admin, "First day", due_at="2026-12-01T00:00:00Z")
    last = make_activity(admin, "Last day", due_at="2026-12-07T23:00:00Z")
    make_activity(admin, "After", due_at="2026-12-08T00:00:00Z")
    listed = collect(admin, "/activities?from=2026-12-01&to=2026-12-07")
    assert [a["id"] for a in listed] == [first["id"], last["id"]]


@pytest.mark.parametrize("query", ["from=yesterday", "to=31/12/2026", "done=maybe"])
def test_a_filter_that_makes_no_sense_is_refused(admin, query):
    response = admin.get(f"/activities?{query}")
    assert response.status == 400


def test_an_activity_can_be_marked_done(admin):
    call = make_activity(admin)
    assert admin.patch(f"/activities/{call['id']}", {"done": True, "version": call["version"]}).status == 200
    assert page(admin, f"/activities/{call['id']}")["done"] is True


def test_an_activity_sits_on_its_records_timeline_at_its_due_time(admin):
    ada = make_person(admin)
    call = make_activity(admin, due_at="2030-01-01T09:00:00Z", person_id=ada["id"])
    entry = next(e for e in timeline(admin, "persons", ada["id"]) if e["kind"] == "activity")
    assert (entry["record"]["id"], entry["at"]) == (call["id"], "2030-01-01T09:00:00Z")


def test_changing_the_due_time_moves_the_activity_on_the_timeline(admin):
    ada = make_person(admin)
    call = make_activity(admin, due_at="2030-01-01T09:00:00Z", person_id=ada["id"])
    note = make_note(admin, person_id=ada["id"])
    assert [e["record"]["id"] for e in timeline(admin, "persons", ada["id"])] == [call["id"], note["id"]]
    moved = admin.patch(f"/activities/{call['id']}", {"due_at": "2020-01-01T09:00:00Z", "version": call["version"]})
    assert moved.status == 200
    entries = timeline(admin, "persons", ada["id"])
    assert [e["record"]["id"] for e in entries] == [note["id"], call["id"]]
    assert entries[1]["at"] == "2020-01-01T09:00:00Z"
