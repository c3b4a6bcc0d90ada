"""Link invariants of records, held by DynamoDB Local (AWS's engine) under concurrency.

A deal or an activity never points at a deleted record, copies follow their
record, and what a deletion took along comes back with a restore.
"""
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest


def _records():
    from chalicelib.services import records

    return records


def _views():
    from chalicelib.services import record_views

    return record_views


def test_a_deal_on_a_deleted_organization_is_refused(admin):
    from chalicelib.errors import InvalidInput

    org = _records().create(admin, "organization", {"name": f"Gone {uuid.uuid4().hex[:6]}"})
    _records().delete(admin, "organization", org["id"])
    with pytest.raises(InvalidInput) as error:
        _records().create(admin, "deal", {"title": "Orphan", "org_id": org["id"]})
    assert "org_id" in error.value.details


def test_a_deal_racing_the_deletion_of_its_organization_never_survives_it_unlinked(admin):
    """Create deals while the organization is deleted: each deal either failed or was taken along/refused."""
    from chalicelib.errors import Conflict, InvalidInput

    import threading

    org = _records().create(admin, "organization", {"name": f"Racing {uuid.uuid4().hex[:6]}"})
    start = threading.Barrier(13)  # twelve creations and the deletion set off together

    def create_deal(i):
        start.wait()
        try:
            return _records().create(admin, "deal", {"title": f"Deal {i}", "org_id": org["id"]})["id"]
        except (Conflict, InvalidInput):
            return None

    def delete_org():
        start.wait()
        for _ in range(10):
            try:
                _records().delete(admin, "organization", org["id"], linked="delete")
                return True
            except Conflict:
                continue  # a deal landed meanwhile: look again, take it along
        return False

    with ThreadPoolExecutor(13) as pool:
        creations = [pool.submit(create_deal, i) for i in range(12)]
        deletion = pool.submit(delete_org)
        deals = [c.result() for c in creations]
        assert deletion.result()
    from chalicelib.errors import NotFound

    for deal_id in filter(None, deals):
        try:
            deal = _views().detail("deal", deal_id)
        except NotFound:
            continue  # taken along to the trash: consistent
        assert deal["org_id"] != org["id"], "a live deal points at a deleted organization"


def test_concurrent_persons_with_one_email_leave_exactly_one(admin):
    from chalicelib.errors import Conflict

    email = f"same-{uuid.uuid4().hex[:8]}@example.com"

    def create(i):
        try:
            return _records().create(admin, "person", {"name": f"P{i}", "emails": [{"value": email}]})["id"]
        except Conflict:
            return None

    with ThreadPoolExecutor(16) as pool:
        winners = [p for p in pool.map(create, range(16)) if p]
    assert len(winners) == 1


def test_two_edits_from_one_version_keep_exactly_one(admin):
    from chalicelib.errors import Conflict

    person = _records().create(admin, "person", {"name": "Base"})

    def edit(name):
        try:
            return _records().update(admin, "person", person["id"], {"name": name, "version": person["version"]})
        except Conflict:
            return None

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(edit, ["Left", "Right"]))
    kept = [r for r in results if r]
    assert len(kept) == 1
    assert _views().detail("person", person["id"])["name"] == kept[0]["data"]["name"]


def test_deleting_a_person_with_its_records_and_restoring_brings_back_every_timeline(admin):
    org = _records().create(admin, "organization", {"name": f"Org {uuid.uuid4().hex[:6]}"})
    person = _records().create(admin, "person", {"name": "Léa", "org_id": org["id"]})
    deal = _records().create(admin, "deal", {"title": "Mission", "person_id": person["id"]})
    activity = _records().create(admin, "activity", {"type": "call", "subject": "Appel",
                                                     "due_at": "2026-12-02T09:00:00Z", "deal_id": deal["id"]})

    def kinds(entity, record_id):
        return sorted(e["kind"] for e in _views().detail(entity, record_id)["timeline"]["items"]
                      if e["kind"] != "change")

    assert kinds("organization", org["id"]) == ["activity", "deal"]
    _records().delete(admin, "person", person["id"], linked="delete")
    assert kinds("organization", org["id"]) == []  # the deal and its activity went with the person
    assert {i["id"] for i in _views().trash()[0]} >= {person["id"], deal["id"], activity["id"]}
    _records().restore(admin, "person", person["id"])
    assert kinds("organization", org["id"]) == ["activity", "deal"]
    assert kinds("person", person["id"]) == ["activity", "deal"]


def test_restoring_a_record_whose_organization_is_still_deleted_is_refused(admin):
    from chalicelib.errors import InvalidInput

    org = _records().create(admin, "organization", {"name": f"Org {uuid.uuid4().hex[:6]}"})
    person = _records().create(admin, "person", {"name": "Zoé", "org_id": org["id"]})
    _records().delete(admin, "organization", org["id"], linked="delete")
    _records().restore(admin, "organization", org["id"])  # brings the person back with it
    assert _views().detail("person", person["id"])["org_id"] == org["id"]
    _records().delete(admin, "organization", org["id"], linked="delete")
    with pytest.raises(InvalidInput):
        _records().restore(admin, "person", person["id"])


def test_a_deal_created_while_its_organization_is_being_deleted_goes_to_the_trash_with_it(admin, monkeypatch):
    """The worst interleaving, forced: a deal lands after the deletion looked for links."""
    from chalicelib.services import records

    org = _records().create(admin, "organization", {"name": f"Org {uuid.uuid4().hex[:6]}"})
    looked = []
    real_scan = records.linked_records

    def scan_then_race(entity, record_id):
        found = real_scan(entity, record_id)
        if not looked:  # the user saw no links...
            looked.append(_records().create(admin, "deal", {"title": "Late", "org_id": org["id"]}))
        return found

    monkeypatch.setattr(records, "linked_records", scan_then_race)
    _records().delete(admin, "organization", org["id"])
    late = looked[0]
    from chalicelib.errors import NotFound

    with pytest.raises(NotFound):
        _views().detail("deal", late["id"])
    trashed = {i["id"]: i for i in _views().trash(limit=200)[0]}
    assert trashed[late["id"]]["deleted_with"] == f"ORG#{org['id']}"
    _records().restore(admin, "organization", org["id"])
    assert _views().detail("deal", late["id"])["org_id"] == org["id"]


def test_no_deal_can_link_to_an_organization_once_it_is_deleted(admin):
    from chalicelib.errors import Conflict, InvalidInput
    from chalicelib.services.records import record_store

    org = _records().create(admin, "organization", {"name": f"Org {uuid.uuid4().hex[:6]}"})
    live = record_store.get(f"ORG#{org['id']}")
    _records().delete(admin, "organization", org["id"])
    # A writer that read the organization while it was live still cannot link to it:
    from chalicelib.services import records

    real_load = record_store.load

    def stale_load(keys):
        found = real_load(keys)
        found[(f"ORG#{org['id']}", "RECORD")] = live
        return found

    records.record_store.load = stale_load
    try:
        with pytest.raises((Conflict, InvalidInput)) as error:
            _records().create(admin, "deal", {"title": "Too late", "org_id": org["id"]})
    finally:
        records.record_store.load = real_load
    assert getattr(error.value, "code", "") == "linked_deleted"


def test_deleting_a_person_with_more_links_than_one_batch_read_takes_all_of_them(admin):
    """BatchGetItem takes 100 keys and a partition page 200 items: 230 notes all go to the trash."""
    person = _records().create(admin, "person", {"name": f"Busy {uuid.uuid4().hex[:6]}"})
    for i in range(230):
        _records().create(admin, "note", {"content": f"note {i}", "person_id": person["id"]})
    _records().delete(admin, "person", person["id"], linked="delete")
    trashed, cursor = [], None
    while True:
        items, cursor = _views().trash(cursor=cursor, limit=200)
        trashed += [i for i in items if i["deleted_with"] == f"PERSON#{person['id']}"]
        if not cursor:
            break
    assert len(trashed) == 230
