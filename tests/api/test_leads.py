"""Leads: an inbox of prospects, converted into deals that carry what they knew."""
from tests.api.records_helpers import collect, make_note, make_org, make_person, page


def make_lead(client, title="Inbound: coaching", **fields):
    response = client.post("/leads", {"title": title, **fields})
    assert response.status == 201, response.text
    return response.json


def test_a_lead_needs_a_person_or_an_organization(admin):
    response = admin.post("/leads", {"title": "Nobody"})
    assert response.status == 400 and "person_id" in response.json["error"]["details"]


def test_leads_are_listed_newest_first_and_filtered(admin):
    ada, acme = make_person(admin, "Ada"), make_org(admin, "Acme")
    first = make_lead(admin, "First", person_id=ada["id"], source="Salon")
    second = make_lead(admin, "Second", org_id=acme["id"], tags=["web"])
    assert [lead["id"] for lead in collect(admin, "/leads?sort=created&order=desc")] == [second["id"], first["id"]]
    assert [lead["id"] for lead in collect(admin, "/leads?tag=web")] == [second["id"]]
    assert [lead["id"] for lead in collect(admin, f"/leads?person_id={ada['id']}")] == [first["id"]]
    assert first["currency"] == "EUR"


def test_converting_a_lead_makes_a_deal_with_its_person_value_and_notes(admin):
    ada = make_person(admin, "Ada", org_id=make_org(admin, "Acme")["id"])
    lead = make_lead(admin, "Team coaching", person_id=ada["id"], value=4800, tags=["team"])
    note = make_note(admin, content="Budget in January", lead_id=lead["id"])
    pipeline = page(admin, "/pipelines")["items"][0]
    second = [s for s in pipeline["stages"] if s["kind"] == "open"][1]
    response = admin.post(f"/leads/{lead['id']}/convert", {"pipeline_id": pipeline["id"], "stage_id": second["id"]})
    assert response.status == 200, response.text
    deal = response.json
    assert (deal["title"], deal["person_id"], deal["value"], deal["tags"], deal["stage_id"]) == (
        "Team coaching", ada["id"], 4800, ["team"], second["id"])
    assert deal["org_id"] == ada["org_id"]  # a deal with Ada is a deal with Ada's company
    assert page(admin, f"/notes/{note['id']}")["deal_id"] == deal["id"]
    assert [n["id"] for n in page(admin, f"/notes?deal_id={deal['id']}")["items"]] == [note["id"]]
    assert collect(admin, "/leads") == []  # it left the inbox
    assert page(admin, f"/leads/{lead['id']}")["converted_deal_id"] == deal["id"]


def test_converting_twice_makes_one_deal(admin):
    lead = make_lead(admin, person_id=make_person(admin)["id"])
    first = admin.post(f"/leads/{lead['id']}/convert", {}).json
    second = admin.post(f"/leads/{lead['id']}/convert", {}).json
    assert first["id"] == second["id"]
    assert len(collect(admin, "/deals")) == 1


def test_a_lead_shows_on_its_persons_timeline_and_deleting_the_person_asks_about_it(admin):
    ada = make_person(admin, "Ada")
    lead = make_lead(admin, person_id=ada["id"])
    kinds = [e["kind"] for e in page(admin, f"/persons/{ada['id']}")["timeline"]["items"]]
    assert "lead" in kinds
    assert page(admin, f"/persons/{ada['id']}/links") == {"links": {"leads": 1}}
    assert admin.delete(f"/persons/{ada['id']}?linked=delete").status == 204
    assert admin.get(f"/leads/{lead['id']}").status == 404
    assert admin.post(f"/persons/{ada['id']}/restore").status == 200
    assert admin.get(f"/leads/{lead['id']}").status == 200
