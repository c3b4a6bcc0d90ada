"""A deletion that crashes midway loses nothing: it can be finished, and a restore brings all back.

Deleting a person takes its deal (with the deal's own activity and note),
its activity and its note to the trash: several transactions. The crash is
injected after each one in turn, against DynamoDB Local; every time,
finishing the deletion (the schedule, or deleting again) puts everything in
the trash, and a restore, finished or not, brings everything back.
"""
from datetime import timedelta

import pytest

FULL_DELETE = 14  # transactions of one full delete of `build`'s person (a test checks it)


class Crash(Exception):
    pass


def records():
    from chalicelib.services import records as service

    return service


def build(admin, org=False):
    """Ada with a deal (its own activity and note), an activity and a note; maybe at an organization."""
    create = records().create
    acme = create(admin, "organization", {"name": "Acme"}) if org else None
    ada = create(admin, "person", {"name": "Ada", **({"org_id": acme["id"]} if acme else {})})
    deal = create(admin, "deal", {"title": "Deal", "person_id": ada["id"]})
    made = {"person": ada, "deal": deal,
            "activity": create(admin, "activity", {"type": "call", "subject": "Call", "person_id": ada["id"],
                                                   "due_at": "2026-12-01T09:00:00Z"}),
            "note": create(admin, "note", {"content": "Note", "person_id": ada["id"]})}
    if not org:
        made["deal activity"] = create(admin, "activity", {"type": "call", "subject": "Deal call",
                                                           "deal_id": deal["id"], "due_at": "2026-12-02T09:00:00Z"})
        made["deal note"] = create(admin, "note", {"content": "On the deal", "deal_id": deal["id"]})
    return made


def live(made):
    """{name: True when the record is live (not in the trash)}."""
    from chalicelib.storage import record_store
    from chalicelib.storage.derived import record_key

    entity = {"deal activity": "activity", "deal note": "note"}
    states = {name: record_store.get(record_key(entity.get(name, name), r["id"]), include_deleted=True)
              for name, r in made.items()}
    return {name: not state.get("deleted_at") for name, state in states.items()}


def crash_after(monkeypatch, commits):
    """Make the write path fail after `commits` successful transactions; the list of those done."""
    from chalicelib.storage import record_store

    real, done = record_store.commit, []

    def commit(change, actor):
        if len(done) == commits:
            raise Crash(f"crash after {commits} transactions")
        done.append(change)
        return real(change, actor)

    monkeypatch.setattr(record_store, "commit", commit)
    return done


def crashed_delete(admin, monkeypatch, made, step, linked="delete"):
    with monkeypatch.context() as patch:
        crash_after(patch, step)
        with pytest.raises(Crash):
            records().delete(admin, "person", made["person"]["id"], linked=linked)


def finish_by_schedule(monkeypatch):
    """Run the finishing schedule as if five minutes had passed."""
    from chalicelib.domain import clock
    from chalicelib.events import schedules

    later = clock.now() + timedelta(minutes=5)
    with monkeypatch.context() as patch:
        patch.setattr(clock, "now", lambda: later)
        return schedules.finish_deletions()


def test_a_full_delete_takes_every_linked_record_along_in_known_steps(admin, monkeypatch):
    made = build(admin)
    with monkeypatch.context() as patch:
        done = crash_after(patch, 10 ** 6)
        records().delete(admin, "person", made["person"]["id"], linked="delete")
    assert len(done) == FULL_DELETE  # mark, intent and end of the person and the deal; four children
    assert not any(live(made).values())


@pytest.mark.parametrize("step", range(1, FULL_DELETE))  # 0: nothing happened yet
def test_a_crash_at_any_step_can_be_finished_then_restored(admin, monkeypatch, step):
    made = build(admin)
    crashed_delete(admin, monkeypatch, made, step)
    assert live(made)["person"] is False
    if step % 2:  # the user deletes again, or the schedule finishes it: both work
        records().delete(admin, "person", made["person"]["id"], linked="delete")
    else:
        assert finish_by_schedule(monkeypatch)["finished"] >= 1
    assert not any(live(made).values()), live(made)
    assert finish_by_schedule(monkeypatch)["finished"] == 0  # nothing left pending
    records().restore(admin, "person", made["person"]["id"])
    assert all(live(made).values()), live(made)


@pytest.mark.parametrize("step", range(1, FULL_DELETE))
def test_a_restore_right_after_a_crash_brings_everything_back(admin, monkeypatch, step):
    made = build(admin)
    crashed_delete(admin, monkeypatch, made, step)
    records().restore(admin, "person", made["person"]["id"])
    assert all(live(made).values()), live(made)
    assert finish_by_schedule(monkeypatch)["finished"] == 0


def test_a_record_deleted_on_its_own_later_stays_in_the_trash_when_its_old_parent_is_restored(admin):
    made = build(admin)
    records().delete(admin, "person", made["person"]["id"], linked="delete")
    records().restore(admin, "person", made["person"]["id"])
    records().delete(admin, "note", made["deal note"]["id"])  # the user deletes it on its own
    records().delete(admin, "person", made["person"]["id"], linked="delete")
    records().restore(admin, "person", made["person"]["id"])
    assert live(made) == {**{name: True for name in made}, "deal note": False}


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_crash_while_detaching_finishes_detaching(admin, monkeypatch, step):
    made = build(admin, org=True)
    crashed_delete(admin, monkeypatch, made, step, linked="detach")
    finish_by_schedule(monkeypatch)
    assert live(made) == {"person": False, "deal": True, "activity": True, "note": False}
    from chalicelib.services import record_views

    assert record_views.detail("deal", made["deal"]["id"])["person_id"] is None
    assert record_views.detail("activity", made["activity"]["id"])["person_id"] is None
    records().restore(admin, "person", made["person"]["id"])
    assert all(live(made).values())
