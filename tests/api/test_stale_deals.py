"""Stale deals: one reminder per deal per stage entry, and each owner's digest once a day."""
from datetime import timedelta

from tests.api.conftest import outbox
from tests.api.records_helpers import collect, make_activity, make_deal, make_person, page


def run(days_later, minutes=0):
    from chalicelib.domain.clock import now, to_iso
    from chalicelib.services import stale_deals

    return stale_deals.run(to_iso(now() + timedelta(days=days_later, minutes=minutes)))


def reminders(admin, deal_id):
    return [a for a in collect(admin, "/activities") if a["deal_id"] == deal_id and a["owner_id"]]


def test_a_deal_left_past_its_rotting_days_gets_one_reminder_however_often_the_job_runs(admin, clear_outbox, stream):
    deal = make_deal(admin, "Quiet deal", person_id=make_person(admin)["id"])  # 14 rotting days in stage 1
    stream.drain()
    assert run(13)["stale"] == 0
    first = run(15)
    assert (first["stale"], first["reminders"], first["digests"]) == (1, 1, 1)
    again = run(15, minutes=1)
    assert (again["reminders"], again["digests"]) == (0, 0)  # same stage entry, same day
    [task] = reminders(admin, deal["id"])
    assert task["subject"] == "Relancer : Quiet deal" and task["type"] == "task"
    [mail] = outbox()
    assert "Quiet deal" in mail.get_body(("plain",)).get_content()
    assert f"/#/deals/{deal['id']}" in mail.get_body(("plain",)).get_content()
    assert mail["Subject"].startswith("1 affaire")


def test_the_board_marks_a_stale_deal(admin, stream):
    deal = make_deal(admin, person_id=make_person(admin)["id"])
    stream.drain()
    from chalicelib.domain.board import is_stale
    from chalicelib.storage import board

    card = board.get_card(f"DEAL#{deal['id']}")
    pipeline = page(admin, "/pipelines/default")
    stage = next(s for s in pipeline["stages"] if s["id"] == deal["stage_id"])
    from chalicelib.domain.clock import now, to_iso

    assert not is_stale(card, stage, to_iso(now()))
    assert is_stale(card, stage, to_iso(now() + timedelta(days=15)))


def test_a_planned_activity_a_touch_or_a_move_keeps_a_deal_fresh(admin, stream):
    stages = [s for s in page(admin, "/pipelines/default")["stages"] if s["kind"] == "open"]
    planned = make_deal(admin, "Planned", person_id=make_person(admin, "A")["id"])
    make_activity(admin, deal_id=planned["id"], due_at="2099-01-01T09:00:00Z")
    moved = make_deal(admin, "Moved", person_id=make_person(admin, "B")["id"])
    stream.drain()
    from unittest import mock

    from chalicelib.domain.clock import now

    with mock.patch("chalicelib.services.records.now", return_value=now() + timedelta(days=10)):
        admin.post(f"/deals/{moved['id']}/move", {"stage_id": stages[1]["id"]})
    stream.drain()
    assert run(15)["stale"] == 0  # planned ahead; moved ten days in, so five days in its new stage
    assert run(25)["stale"] == 1  # the move's deal, now past its new stage's fourteen days
