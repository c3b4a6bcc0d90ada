"""The board: a column per open stage, cards moving through them, won, lost and reopened deals."""
import pytest

from tests.api.records_helpers import details, error_code, make_activity, make_deal, make_org, make_person, page


@pytest.fixture
def pipeline(admin):
    """The default pipeline: five open stages, then Won and Lost."""
    return page(admin, "/pipelines")["items"][0]


def open_stages(pipeline):
    return [s for s in pipeline["stages"] if s["kind"] == "open"]


def board(client, pipeline_id, query=""):
    return page(client, f"/pipelines/{pipeline_id}/board{query}")


def column(board_body, stage_id):
    return next(c for c in board_body["columns"] if c["stage_id"] == stage_id)


def test_the_board_has_one_column_per_open_stage_with_count_and_total(admin, pipeline):
    ada = make_person(admin, "Ada", org_id=make_org(admin, "Acme")["id"])
    first, second = open_stages(pipeline)[:2]
    make_deal(admin, "Small", person_id=ada["id"], value=100)
    make_deal(admin, "Big", person_id=ada["id"], value=900, stage_id=second["id"])
    body = board(admin, pipeline["id"])
    assert [c["stage_id"] for c in body["columns"]] == [s["id"] for s in open_stages(pipeline)]
    assert (column(body, first["id"])["count"], column(body, first["id"])["total_value"]) == (1, 100)
    assert (column(body, second["id"])["count"], column(body, second["id"])["total_value"]) == (1, 900)
    card = column(body, second["id"])["items"][0]
    assert card["title"] == "Big" and card["person"] == {"id": ada["id"], "name": "Ada"}
    assert card["org"]["name"] == "Acme" and card["owner"]["name"] and card["stale"] is False
    assert {"stage_entered_at", "next_activity", "version", "tags", "currency", "days_in_stage"} <= set(card)
    assert "derived" not in card and "text" not in card


def test_a_move_shows_on_the_board_and_in_the_deals_history(admin, pipeline):
    ada = make_person(admin, "Ada")
    deal = make_deal(admin, person_id=ada["id"])
    target = open_stages(pipeline)[2]
    response = admin.post(f"/deals/{deal['id']}/move", {"stage_id": target["id"], "version": deal["version"]})
    assert response.status == 200, response.text
    assert response.json["stage_id"] == target["id"] and response.json["status"] == "open"
    assert [c["id"] for c in column(board(admin, pipeline["id"]), target["id"])["items"]] == [deal["id"]]
    history = [e for e in page(admin, f"/deals/{deal['id']}")["timeline"]["items"] if e["kind"] == "stage"]
    assert [(e["record"]["from_stage_id"], e["record"]["stage_id"]) for e in history] == [
        (open_stages(pipeline)[0]["id"], target["id"]), (None, open_stages(pipeline)[0]["id"])]


def test_a_move_from_a_stale_version_is_refused_and_changes_nothing(admin, pipeline):
    deal = make_deal(admin, person_id=make_person(admin)["id"])
    stages = open_stages(pipeline)
    assert admin.post(f"/deals/{deal['id']}/move", {"stage_id": stages[1]["id"]}).status == 200
    stale = admin.post(f"/deals/{deal['id']}/move", {"stage_id": stages[2]["id"], "version": deal["version"]})
    assert stale.status == 409 and error_code(stale) == "version_conflict"
    assert page(admin, f"/deals/{deal['id']}")["stage_id"] == stages[1]["id"]


def test_won_lost_and_reopen_keep_status_and_stage_in_agreement(admin, pipeline):
    won_stage = next(s for s in pipeline["stages"] if s["kind"] == "won")
    lost_stage = next(s for s in pipeline["stages"] if s["kind"] == "lost")
    deal = make_deal(admin, person_id=make_person(admin)["id"])
    won = admin.post(f"/deals/{deal['id']}/won", {}).json
    assert (won["status"], won["stage_id"]) == ("won", won_stage["id"])
    assert all(c["count"] == 0 for c in board(admin, pipeline["id"])["columns"])  # off the board
    no_reason = admin.post(f"/deals/{deal['id']}/lost", {})
    assert no_reason.status == 400 and "reason" in details(no_reason)
    lost = admin.post(f"/deals/{deal['id']}/lost", {"reason": "Budget insuffisant"}).json
    assert (lost["status"], lost["stage_id"], lost["lost_reason"]) == ("lost", lost_stage["id"], "Budget insuffisant")
    into_won = admin.post(f"/deals/{deal['id']}/reopen", {"stage_id": won_stage["id"]})
    assert into_won.status == 400
    reopened = admin.post(f"/deals/{deal['id']}/reopen", {"stage_id": open_stages(pipeline)[1]["id"]}).json
    assert (reopened["status"], reopened["stage_id"], reopened["lost_reason"]) == (
        "open", open_stages(pipeline)[1]["id"], None)
    assert admin.post(f"/deals/{deal['id']}/reopen", {"stage_id": open_stages(pipeline)[0]["id"]}).status == 409


def test_an_edit_of_the_status_moves_the_deal_to_the_matching_stage(admin, pipeline):
    deal = make_deal(admin, person_id=make_person(admin)["id"])
    won = admin.patch(f"/deals/{deal['id']}", {"status": "won", "version": deal["version"]}).json
    assert won["stage_id"] == next(s for s in pipeline["stages"] if s["kind"] == "won")["id"]


def test_a_deal_can_be_created_in_a_chosen_stage_and_moved_to_another_pipeline(admin, pipeline):
    coaching = admin.post("/pipelines", {"name": "Coaching", "template": "coaching_individual"})
    assert coaching.status == 201, coaching.text
    coaching = coaching.json
    assert [s["name"] for s in open_stages(coaching)][:3] == [
        "Nouveau contact", "Appel découverte", "Séance offerte proposée"]
    deal = make_deal(admin, person_id=make_person(admin)["id"], stage_id=open_stages(pipeline)[3]["id"])
    assert deal["stage_id"] == open_stages(pipeline)[3]["id"]
    moved = admin.post(f"/deals/{deal['id']}/move", {"stage_id": open_stages(coaching)[2]["id"],
                                                     "pipeline_id": coaching["id"]}).json
    assert (moved["pipeline_id"], moved["stage_id"]) == (coaching["id"], open_stages(coaching)[2]["id"])
    assert sum(c["count"] for c in board(admin, pipeline["id"])["columns"]) == 0
    assert column(board(admin, coaching["id"]), open_stages(coaching)[2]["id"])["count"] == 1
    wrong = admin.post(f"/deals/{deal['id']}/move", {"stage_id": open_stages(pipeline)[0]["id"]})
    assert wrong.status == 400 and "stage_id" in details(wrong)


def test_board_filters_by_owner_tag_text_and_creation(admin, member, pipeline):
    ada = make_person(admin, "Ada Lovelace")
    make_deal(admin, "Website", person_id=ada["id"], tags=["web"])
    make_deal(admin, "Coaching", person_id=ada["id"], owner_id=member.user["id"])
    first = open_stages(pipeline)[0]["id"]

    def titles(query):
        return [c["title"] for c in column(board(admin, pipeline["id"], query), first)["items"]]

    assert sorted(titles("")) == ["Coaching", "Website"]
    assert titles(f"?owner={member.user['id']}") == ["Coaching"]
    assert titles("?tag=web") == ["Website"]
    assert sorted(titles("?q=lovel")) == ["Coaching", "Website"]  # the person's name
    assert titles("?q=websi") == ["Website"]
    assert titles("?created_from=2999-01-01") == []
    assert column(board(admin, pipeline["id"], "?tag=web"), first)["count"] == 1


def test_a_long_column_pages_without_losing_a_card(admin, pipeline):
    ada = make_person(admin)
    made = {make_deal(admin, f"Deal {i:02d}", person_id=ada["id"])["id"] for i in range(55)}
    first = open_stages(pipeline)[0]["id"]
    page_one = column(board(admin, pipeline["id"]), first)
    assert page_one["count"] == 55 and len(page_one["items"]) == 50 and page_one["next_cursor"]
    more = board(admin, pipeline["id"], f"?stage_id={first}&cursor={page_one['next_cursor']}")
    assert len(more["columns"]) == 1
    rest = more["columns"][0]
    assert rest["next_cursor"] is None and rest["count"] == 55
    assert {c["id"] for c in page_one["items"] + rest["items"]} == made


def test_a_card_shows_the_next_activity_once_the_stream_has_passed(admin, pipeline, stream):
    deal = make_deal(admin, person_id=make_person(admin)["id"])
    stream.drain()
    card = column(board(admin, pipeline["id"]), open_stages(pipeline)[0]["id"])["items"][0]
    assert card["next_activity"] is None
    later = make_activity(admin, subject="Later call", deal_id=deal["id"], due_at="2030-01-02T09:00:00Z")
    make_activity(admin, subject="First call", deal_id=deal["id"], due_at="2030-01-01T09:00:00Z")
    stream.drain()
    card = column(board(admin, pipeline["id"]), open_stages(pipeline)[0]["id"])["items"][0]
    assert card["next_activity"]["subject"] == "First call"
    assert admin.patch(f"/persons/{deal['person_id']}", {"name": "Renamed", "version": 1}).status == 200
    stream.drain()
    card = column(board(admin, pipeline["id"]), open_stages(pipeline)[0]["id"])["items"][0]
    assert card["person"]["name"] == "Renamed"
    assert later["id"]


def test_an_unknown_pipeline_or_column_is_not_found(admin, pipeline):
    assert admin.get("/pipelines/01J0000000000000000000000X/board").status == 404
    assert admin.get(f"/pipelines/{pipeline['id']}/board?stage_id=nope").status == 404
    bad = admin.get(f"/pipelines/{pipeline['id']}/board?stage_id={open_stages(pipeline)[0]['id']}&cursor=%%%")
    assert bad.status == 400
