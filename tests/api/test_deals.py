"""Deals: value and currency, whom they are with, where they sit in a pipeline, how they end."""
import pytest

from tests.api.records_helpers import (details, make_activity, make_deal, make_note, make_org, make_person, page,
                                       timeline_ids)


def default_pipeline(client):
    return page(client, "/pipelines/default")


def stage_named(client, name):
    return next(s for s in default_pipeline(client)["stages"] if s["name"] == name)


def test_a_deal_keeps_its_title_value_and_close_date(admin):
    acme = make_org(admin)
    deal = make_deal(admin, "Website redesign", value=12500.5, org_id=acme["id"], expected_close_date="2026-12-15")
    shown = page(admin, f"/deals/{deal['id']}")
    assert (shown["title"], shown["value"], shown["expected_close_date"]) == ("Website redesign", 12500.5,
                                                                                "2026-12-15")
    assert shown["status"] == "open"


def test_a_deal_is_in_the_workspace_currency_unless_told(admin):
    acme = make_org(admin)
    assert make_deal(admin, org_id=acme["id"])["currency"] == "EUR"
    assert make_deal(admin, org_id=acme["id"], currency="USD")["currency"] == "USD"


def test_a_deal_in_an_unknown_currency_is_refused(admin):
    response = admin.post("/deals", {"title": "Odd", "org_id": make_org(admin)["id"], "currency": "XYZ"})
    assert response.status == 400
    assert "currency" in details(response)


def test_a_deal_follows_a_change_of_the_workspace_currency(admin):
    space = page(admin, "/workspace")
    assert admin.patch("/workspace", {"default_currency": "CHF", "version": space["version"]}).status == 200
    assert make_deal(admin, org_id=make_org(admin)["id"])["currency"] == "CHF"


def test_a_negative_value_is_refused(admin):
    response = admin.post("/deals", {"title": "Refund", "value": -1, "org_id": make_org(admin)["id"]})
    assert response.status == 400
    assert "value" in details(response)


def test_a_deal_with_neither_person_nor_organization_is_refused(admin):
    response = admin.post("/deals", {"title": "With nobody"})
    assert response.status == 400
    assert "person_id" in details(response)


def test_a_deal_cannot_lose_its_last_link(admin):
    deal = make_deal(admin, person_id=make_person(admin)["id"])
    response = admin.patch(f"/deals/{deal['id']}", {"person_id": None, "version": deal["version"]})
    assert response.status == 400
    assert page(admin, f"/deals/{deal['id']}")["person_id"] == deal["person_id"]


def test_a_deal_with_a_person_only_is_allowed(admin):
    ada = make_person(admin)
    deal = make_deal(admin, person_id=ada["id"])
    assert (deal["person_id"], deal["org_id"]) == (ada["id"], None)


def test_a_deal_for_a_person_takes_the_persons_organization(admin):
    acme = make_org(admin)
    deal = make_deal(admin, person_id=make_person(admin, org_id=acme["id"])["id"])
    assert deal["org_id"] == acme["id"]


def test_a_given_organization_wins_over_the_persons(admin):
    acme, other = make_org(admin, "Acme"), make_org(admin, "Other")
    deal = make_deal(admin, person_id=make_person(admin, org_id=acme["id"])["id"], org_id=other["id"])
    assert deal["org_id"] == other["id"]


def test_a_deal_with_an_unknown_person_is_refused(admin):
    response = admin.post("/deals", {"title": "Ghost", "person_id": "01J0000000000000000000000X"})
    assert response.status == 400
    assert "person_id" in details(response)


def test_a_new_deal_lands_in_the_first_stage_of_the_default_pipeline(admin):
    deal = make_deal(admin, org_id=make_org(admin)["id"])
    assert deal["pipeline_id"] == "default"
    assert deal["stage_id"] == stage_named(admin, "Nouveau contact")["id"]


def test_a_new_deal_can_start_in_a_given_stage(admin):
    stage = stage_named(admin, "Proposition envoyée")
    deal = make_deal(admin, org_id=make_org(admin)["id"], stage_id=stage["id"])
    assert page(admin, f"/deals/{deal['id']}")["stage_id"] == stage["id"]


def test_a_stage_of_another_pipeline_is_refused(admin):
    # No route creates pipelines yet (the pipeline issue): the second one is stored directly.
    from chalicelib.domain.ids import new_id
    from chalicelib.domain.pipelines import default_pipeline as pipeline_template
    from chalicelib.storage import pipelines

    pipelines.create_if_absent("coaching", pipeline_template("fr", new_id), 1, "test")
    foreign = page(admin, "/pipelines/coaching")["stages"][0]["id"]
    response = admin.post("/deals", {"title": "Mixed", "org_id": make_org(admin)["id"], "stage_id": foreign})
    assert response.status == 400
    assert "stage_id" in details(response)


def test_an_unknown_pipeline_is_refused(admin):
    response = admin.post("/deals", {"title": "Lost", "org_id": make_org(admin)["id"], "pipeline_id": "nowhere"})
    assert response.status == 400
    assert "pipeline_id" in details(response)


def test_a_deal_can_be_won(admin):
    deal = make_deal(admin, org_id=make_org(admin)["id"])
    response = admin.patch(f"/deals/{deal['id']}", {"status": "won", "version": deal["version"]})
    assert response.status == 200
    assert page(admin, f"/deals/{deal['id']}")["status"] == "won"


def test_a_deal_lost_without_a_reason_is_refused(admin):
    deal = make_deal(admin, org_id=make_org(admin)["id"])
    response = admin.patch(f"/deals/{deal['id']}", {"status": "lost", "version": deal["version"]})
    assert response.status == 400
    assert "lost_reason" in details(response)
    assert page(admin, f"/deals/{deal['id']}")["status"] == "open"


def test_a_deal_lost_with_a_reason_keeps_it(admin):
    deal = make_deal(admin, org_id=make_org(admin)["id"])
    response = admin.patch(f"/deals/{deal['id']}", {"status": "lost", "lost_reason": "Too expensive",
                                                    "version": deal["version"]})
    assert response.status == 200
    assert page(admin, f"/deals/{deal['id']}")["lost_reason"] == "Too expensive"


def test_an_unknown_status_is_refused(admin):
    response = admin.post("/deals", {"title": "Odd", "org_id": make_org(admin)["id"], "status": "paused"})
    assert response.status == 400
    assert "status" in details(response)


@pytest.mark.parametrize("date", ["15/12/2026", "2026-12-15T10:00:00Z", "next week"])
def test_an_expected_close_date_not_written_yyyy_mm_dd_is_refused(admin, date):
    response = admin.post("/deals", {"title": "Soon", "org_id": make_org(admin)["id"], "expected_close_date": date})
    assert response.status == 400
    assert "expected_close_date" in details(response)


def test_an_expected_close_date_that_does_not_exist_is_refused(admin):
    response = admin.post("/deals", {"title": "Soon", "org_id": make_org(admin)["id"],
                                     "expected_close_date": "2026-02-30"})
    assert response.status == 400


def test_a_deal_appears_on_its_person_and_organization_timelines(admin):
    acme = make_org(admin)
    ada = make_person(admin, org_id=acme["id"])
    deal = make_deal(admin, person_id=ada["id"])
    assert deal["id"] in timeline_ids(admin, "persons", ada["id"], kind="deal")
    assert deal["id"] in timeline_ids(admin, "organizations", acme["id"], kind="deal")


def test_activities_on_a_deal_appear_on_its_person_and_organization_timelines(admin):
    acme = make_org(admin)
    deal = make_deal(admin, person_id=make_person(admin, org_id=acme["id"])["id"])
    call = make_activity(admin, deal_id=deal["id"])
    for plural, record_id in (("deals", deal["id"]), ("persons", deal["person_id"]), ("organizations", acme["id"])):
        assert call["id"] in timeline_ids(admin, plural, record_id, kind="activity"), plural


def test_notes_on_a_deal_appear_on_its_person_and_organization_timelines(admin):
    acme = make_org(admin)
    deal = make_deal(admin, person_id=make_person(admin, org_id=acme["id"])["id"])
    note = make_note(admin, deal_id=deal["id"])
    for plural, record_id in (("deals", deal["id"]), ("persons", deal["person_id"]), ("organizations", acme["id"])):
        assert note["id"] in timeline_ids(admin, plural, record_id, kind="note"), plural


def test_activities_on_a_deal_follow_it_to_its_new_person(admin):
    before, after = make_person(admin, "Before"), make_person(admin, "After")
    deal = make_deal(admin, person_id=before["id"])
    call = make_activity(admin, deal_id=deal["id"])
    assert admin.patch(f"/deals/{deal['id']}", {"person_id": after["id"], "version": deal["version"]}).status == 200
    assert call["id"] in timeline_ids(admin, "persons", after["id"], kind="activity")
    assert call["id"] not in timeline_ids(admin, "persons", before["id"], kind="activity")


def test_a_deal_page_names_its_person_and_organization(admin):
    acme = make_org(admin, "Acme")
    deal = make_deal(admin, person_id=make_person(admin, "Ada", org_id=acme["id"])["id"])
    included = page(admin, f"/deals/{deal['id']}")["included"]
    assert included["persons"][deal["person_id"]]["name"] == "Ada"
    assert included["organizations"][acme["id"]]["name"] == "Acme"
