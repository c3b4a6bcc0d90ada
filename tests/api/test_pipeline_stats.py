"""Insights come from the stage history: a known history gives exactly known figures."""
from datetime import datetime, timedelta, timezone

import pytest

from tests.api.records_helpers import make_person, page

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    """Set the time the write path stamps on stage entries: `clock(days)` after T0."""
    from chalicelib.services import records

    def at(days):
        monkeypatch.setattr(records, "now", lambda: T0 + timedelta(days=days))
    return at


@pytest.fixture
def history(admin, clock):
    """Four deals through the default pipeline's stages A, B, C… (see each line)."""
    stages = [s for s in page(admin, "/pipelines")["items"][0]["stages"] if s["kind"] == "open"]
    a, b, c = (s["id"] for s in stages[:3])
    ada = make_person(admin)["id"]

    def deal(title, value, stage=None):
        body = {"title": title, "person_id": ada, "value": value, **({"stage_id": stage} if stage else {})}
        response = admin.post("/deals", body)
        assert response.status == 201, response.text
        return response.json["id"]

    def act(deal_id, verb, body):
        response = admin.post(f"/deals/{deal_id}/{verb}", body)
        assert response.status == 200, response.text

    clock(0)
    d1, d2, d4 = deal("One", 100), deal("Two", 200), deal("Four", 50, b)
    clock(1)
    act(d2, "lost", {"reason": "Budget insuffisant"})  # A → lost after 1 day
    d3 = deal("Three", 300)
    clock(2)
    act(d1, "move", {"stage_id": b})  # A → B after 2 days
    clock(3)
    act(d4, "lost", {"reason": "Timing inadapté"})  # B → lost after 3 days
    clock(4)
    act(d3, "move", {"stage_id": b})  # A → B after 3 days
    clock(5)
    act(d1, "move", {"stage_id": c})  # B → C after 3 days
    act(d3, "move", {"stage_id": a})  # B → back to A after 1 day
    clock(6)
    act(d1, "won", {})  # C → won after 1 day
    return {"stages": stages, "deals": (d1, d2, d3, d4)}


def figures(stats):
    return {s["name"]: (s["entered"], s["moved_on"], s["lost"], s["conversion"], s["avg_days"], s["median_days"])
            for s in stats["stages"]}


def test_every_figure_of_a_known_history(admin, history):
    stats = page(admin, "/pipelines/default/stats")
    names = [s["name"] for s in history["stages"]]
    assert figures(stats) == {
        names[0]: (3, 2, 1, 0.6667, 2.0, 2.0),
        names[1]: (3, 1, 1, 0.3333, 2.33, 3.0),
        names[2]: (1, 1, 0, 1.0, 1.0, 1.0),
        names[3]: (0, 0, 0, None, None, None),
        names[4]: (0, 0, 0, None, None, None),
    }
    assert stats["won"] == {"count": 1, "value": 100}
    assert stats["lost"] == {"count": 2, "value": 250, "by_reason": [
        {"reason": "Budget insuffisant", "count": 1}, {"reason": "Timing inadapté", "count": 1}]}
    assert stats["win_rate"] == 0.3333
    assert stats["won_by_month"] == [{"month": "2026-03", "count": 1, "value": 100}]


def test_a_period_counts_the_visits_begun_in_it(admin, history):
    stats = page(admin, "/pipelines/default/stats?from=2026-03-06&to=2026-03-31")
    names = [s["name"] for s in history["stages"]]
    got = figures(stats)
    assert got[names[0]] == (1, 0, 0, 0.0, None, None)  # Three came back to A, still there
    assert got[names[1]] == (1, 0, 0, 0.0, 1.0, 1.0)  # Three in B, then back
    assert got[names[2]] == (1, 1, 0, 1.0, 1.0, 1.0)  # One in C, then won
    assert (stats["won"]["count"], stats["lost"]["count"], stats["win_rate"]) == (1, 0, 1.0)


def test_figures_by_owner(admin, member, history):
    stats = page(admin, f"/pipelines/default/stats?owner={member.user['id']}")
    assert all(s["entered"] == 0 for s in stats["stages"]) and stats["win_rate"] is None


def test_the_figures_are_history_not_the_deals_as_they_are_now(admin, history):
    """Deleting a won deal does not unwin it in the insights."""
    d1 = history["deals"][0]
    assert admin.delete(f"/deals/{d1}").status == 204
    assert page(admin, "/pipelines/default/stats")["won"] == {"count": 1, "value": 100}


def test_a_bad_period_is_refused(admin):
    response = admin.get("/pipelines/default/stats?from=yesterday")
    assert response.status == 400 and "from" in response.json["error"]["details"]
