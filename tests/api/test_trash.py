"""Deleting records: what happens to what links to them, the trash, and restoring."""
import pytest

from tests.api.records_helpers import (collect, details, error_code, make_activity, make_deal, make_note,
                                       make_org, make_person, page, timeline_ids)


@pytest.fixture
def ada_and_links(admin):
    """Ada at Acme, with a deal, an activity and a note of her own."""
    acme = make_org(admin, "Acme")
    ada = make_person(admin, "Ada", org_id=acme["id"])
    return {"org": acme, "person": ada, "deal": make_deal(admin, person_id=ada["id"]),
            "activity": make_activity(admin, person_id=ada["id"]), "note": make_note(admin, person_id=ada["id"])}


def gone(client, plural, record_id):
    return client.get(f"/{plural}/{record_id}").status == 404


def test_deleting_a_person_with_linked_records_asks_what_to_do_with_them(admin, ada_and_links):
    ada = ada_and_links["person"]
    response = admin.delete(f"/persons/{ada['id']}")
    assert response.status == 409
    assert error_code(response) == "has_links"
    assert details(response) == {"deals": 1, "activities": 1, "notes": 1}
    for plural, key in (("persons", "person"), ("deals", "deal"), ("activities", "activity"), ("notes", "note")):
        assert not gone(admin, plural, ada_and_links[key]["id"]), plural
    assert page(admin, "/trash")["items"] == []


def test_the_links_a_delete_would_ask_about_can_be_counted_first(admin, ada_and_links):
    ada = ada_and_links["person"]
    assert page(admin, f"/persons/{ada['id']}/links") == {"links": {"deals": 1, "activities": 1, "notes": 1}}
    assert page(admin, f"/organizations/{ada_and_links['org']['id']}/links")["links"]["persons"] == 1
    lone = make_person(admin, "Lone")
    assert page(admin, f"/persons/{lone['id']}/links") == {"links": {}}
    assert admin.delete(f"/persons/{lone['id']}").status == 204
    assert admin.get(f"/persons/{lone['id']}/links").status == 404


def test_deleting_an_organization_with_persons_asks_what_to_do_with_them(admin):
    acme = make_org(admin)
    make_person(admin, "Ada", org_id=acme["id"])
    make_person(admin, "Bob", org_id=acme["id"])
    response = admin.delete(f"/organizations/{acme['id']}")
    assert response.status == 409
    assert details(response) == {"persons": 2}


def test_an_unknown_choice_for_linked_records_is_refused(admin, ada_and_links):
    response = admin.delete(f"/persons/{ada_and_links['person']['id']}?linked=archive")
    assert response.status == 400
    assert not gone(admin, "persons", ada_and_links["person"]["id"])


def test_detaching_keeps_the_linked_records_without_the_link(admin):
    acme = make_org(admin)
    ada = make_person(admin, "Ada", org_id=acme["id"])
    deal = make_deal(admin, person_id=ada["id"])
    call = make_activity(admin, person_id=ada["id"])
    assert admin.delete(f"/persons/{ada['id']}?linked=detach").status == 204
    assert gone(admin, "persons", ada["id"])
    kept_deal = page(admin, f"/deals/{deal['id']}")
    assert (kept_deal["person_id"], kept_deal["org_id"]) == (None, acme["id"])
    assert page(admin, f"/activities/{call['id']}")["person_id"] is None


def test_detaching_an_organization_keeps_its_persons(admin):
    acme = make_org(admin)
    ada = make_person(admin, "Ada", org_id=acme["id"])
    assert admin.delete(f"/organizations/{acme['id']}?linked=detach").status == 204
    assert page(admin, f"/persons/{ada['id']}")["org_id"] is None


def test_a_deal_that_would_be_left_with_nobody_cannot_be_detached(admin):
    ada = make_person(admin, "Ada")
    deal = make_deal(admin, "Only Ada's", person_id=ada["id"])
    response = admin.delete(f"/persons/{ada['id']}?linked=detach")
    assert response.status == 409
    assert error_code(response) == "cannot_detach"
    assert details(response)["deals"] == ["Only Ada's"]
    assert not gone(admin, "persons", ada["id"])
    assert page(admin, f"/deals/{deal['id']}")["person_id"] == ada["id"]


def test_detaching_sends_the_notes_written_on_the_record_to_the_trash_with_it(admin):
    ada = make_person(admin, "Ada")
    note = make_note(admin, person_id=ada["id"])
    assert admin.delete(f"/persons/{ada['id']}?linked=detach").status == 204
    assert gone(admin, "notes", note["id"])
    assert admin.post(f"/persons/{ada['id']}/restore").status == 200
    assert timeline_ids(admin, "persons", ada["id"]) == [note["id"]]


def test_deleting_with_the_linked_records_trashes_them_along(admin, ada_and_links):
    assert admin.delete(f"/persons/{ada_and_links['person']['id']}?linked=delete").status == 204
    for plural, key in (("persons", "person"), ("deals", "deal"), ("activities", "activity"), ("notes", "note")):
        assert gone(admin, plural, ada_and_links[key]["id"]), plural
    trashed = {item["id"] for item in page(admin, "/trash")["items"]}
    assert trashed == {ada_and_links[k]["id"] for k in ("person", "deal", "activity", "note")}
    assert ada_and_links["org"]["id"] not in trashed


def test_restoring_a_person_brings_back_what_was_deleted_along(admin, ada_and_links):
    ada = ada_and_links["person"]
    assert admin.delete(f"/persons/{ada['id']}?linked=delete").status == 204
    assert admin.post(f"/persons/{ada['id']}/restore").status == 200
    for plural, key in (("persons", "person"), ("deals", "deal"), ("activities", "activity"), ("notes", "note")):
        assert not gone(admin, plural, ada_and_links[key]["id"]), plural
    assert set(timeline_ids(admin, "persons", ada["id"])) == {ada_and_links[k]["id"]
                                                               for k in ("deal", "activity", "note")}
    assert page(admin, "/trash")["items"] == []


def test_deleting_a_deal_takes_its_activities_and_notes_along(admin):
    ada = make_person(admin)
    deal = make_deal(admin, person_id=ada["id"])
    call, note = make_activity(admin, deal_id=deal["id"]), make_note(admin, deal_id=deal["id"])
    assert admin.delete(f"/deals/{deal['id']}").status == 204
    assert gone(admin, "activities", call["id"]) and gone(admin, "notes", note["id"])
    assert timeline_ids(admin, "persons", ada["id"]) == []


def test_restoring_a_deal_brings_back_its_activities_and_notes(admin):
    ada = make_person(admin)
    deal = make_deal(admin, person_id=ada["id"])
    call, note = make_activity(admin, deal_id=deal["id"]), make_note(admin, deal_id=deal["id"])
    admin.delete(f"/deals/{deal['id']}")
    assert admin.post(f"/deals/{deal['id']}/restore").status == 200
    assert set(timeline_ids(admin, "persons", ada["id"])) == {deal["id"], call["id"], note["id"]}


def prefer_in_batch_reads(monkeypatch, entity):
    """Make BatchGetItem return records of `entity` first (DynamoDB promises no order)."""
    from chalicelib.storage import record_store

    real = record_store.get_many

    def ordered(wanted):
        found = real(wanted)
        return dict(sorted(found.items(), key=lambda kv: getattr(kv[1], "entity", None) != entity))

    monkeypatch.setattr(record_store, "get_many", ordered)


# A record reaches some linked records twice (the organization, and its person's deal);
# each test runs with either side read first, since DynamoDB returns a batch in no set order.

@pytest.mark.parametrize("first", ["person", "deal"])
def test_deleting_an_organization_takes_its_persons_and_their_deals_along(admin, monkeypatch, first):
    acme = make_org(admin)
    ada = make_person(admin, "Ada", org_id=acme["id"])
    deal = make_deal(admin, person_id=ada["id"])  # Acme's deal too
    prefer_in_batch_reads(monkeypatch, first)
    response = admin.delete(f"/organizations/{acme['id']}?linked=delete")
    assert response.status == 204, response.text
    assert gone(admin, "persons", ada["id"]) and gone(admin, "deals", deal["id"])


@pytest.mark.parametrize("first", ["person", "deal"])
def test_restoring_an_organization_brings_back_its_persons_and_their_deals(admin, monkeypatch, first):
    acme = make_org(admin)
    ada = make_person(admin, "Ada", org_id=acme["id"])
    deal = make_deal(admin, person_id=ada["id"])
    prefer_in_batch_reads(monkeypatch, first)
    assert admin.delete(f"/organizations/{acme['id']}?linked=delete").status == 204
    response = admin.post(f"/organizations/{acme['id']}/restore")
    assert response.status == 200, response.text
    assert not gone(admin, "persons", ada["id"]) and not gone(admin, "deals", deal["id"])
    assert page(admin, "/trash")["items"] == []


@pytest.mark.parametrize("first", ["deal", "activity"])
def test_deleting_a_person_takes_along_an_activity_also_on_their_deal(admin, monkeypatch, first):
    ada = make_person(admin)
    deal = make_deal(admin, person_id=ada["id"])
    call = make_activity(admin, person_id=ada["id"], deal_id=deal["id"])
    prefer_in_batch_reads(monkeypatch, first)
    response = admin.delete(f"/persons/{ada['id']}?linked=delete")
    assert response.status == 204, response.text
    assert gone(admin, "deals", deal["id"]) and gone(admin, "activities", call["id"])


@pytest.mark.parametrize("first", ["deal", "activity"])
def test_restoring_a_person_brings_back_an_activity_also_on_their_deal(admin, monkeypatch, first):
    ada = make_person(admin)
    deal = make_deal(admin, person_id=ada["id"])
    call = make_activity(admin, person_id=ada["id"], deal_id=deal["id"])
    prefer_in_batch_reads(monkeypatch, first)
    assert admin.delete(f"/persons/{ada['id']}?linked=delete").status == 204
    response = admin.post(f"/persons/{ada['id']}/restore")
    assert response.status == 200, response.text
    assert not gone(admin, "deals", deal["id"]) and not gone(admin, "activities", call["id"])


def test_restoring_a_person_whose_organization_is_still_in_the_trash_is_refused_clearly(admin):
    acme = make_org(admin)
    ada = make_person(admin, "Ada", org_id=acme["id"])
    assert admin.delete(f"/organizations/{acme['id']}?linked=delete").status == 204
    response = admin.post(f"/persons/{ada['id']}/restore")
    assert response.status == 400
    assert "trash" in response.json["error"]["message"]
    assert "org_id" in details(response)
    assert gone(admin, "persons", ada["id"])


def test_restoring_a_person_whose_email_was_taken_meanwhile_is_refused(admin):
    ada = make_person(admin, "Ada", emails=[{"value": "ada@acme.fr", "label": ""}])
    admin.delete(f"/persons/{ada['id']}")
    other = make_person(admin, "Other Ada", emails=[{"value": "ada@acme.fr", "label": ""}])
    response = admin.post(f"/persons/{ada['id']}/restore")
    assert response.status == 409
    assert error_code(response) == "duplicate_email"
    assert details(response)["existing"]["id"] == other["id"]
    assert gone(admin, "persons", ada["id"])


def test_a_record_in_the_trash_cannot_be_edited(admin):
    ada = make_person(admin, "Ada")
    admin.delete(f"/persons/{ada['id']}")
    assert admin.patch(f"/persons/{ada['id']}", {"name": "Ada King", "version": ada["version"] + 1}).status == 404


def test_restoring_an_unknown_record_is_not_found(admin):
    assert admin.post("/persons/01J0000000000000000000000X/restore").status == 404


def test_the_trash_lists_deleted_records_newest_first(admin):
    ada, acme = make_person(admin, "Ada"), make_org(admin, "Acme")
    deal = make_deal(admin, "Website", org_id=make_org(admin, "Other")["id"])
    for plural, record in (("persons", ada), ("deals", deal), ("organizations", acme)):
        assert admin.delete(f"/{plural}/{record['id']}").status == 204
    items = collect(admin, "/trash?limit=2")
    assert [(i["entity"], i["name"]) for i in items] == [("organization", "Acme"), ("deal", "Website"),
                                                         ("person", "Ada")]
    assert items[0]["deleted_at"] >= items[1]["deleted_at"] >= items[2]["deleted_at"]
