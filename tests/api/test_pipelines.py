"""Stages users shape themselves: rename, reorder, add, remove (moving the deals first), templates."""
from tests.api.records_helpers import error_code, make_deal, make_person, page


def default(admin):
    return page(admin, "/pipelines/default")


def open_stages(pipeline):
    return [s for s in pipeline["stages"] if s["kind"] == "open"]


def test_renaming_reordering_and_adding_stages_keeps_won_and_lost_last(admin):
    pipeline = default(admin)
    first, second, *rest = open_stages(pipeline)
    stages = [{"id": second["id"], "name": "Qualified", "rotting_days": 7}, {"id": first["id"], "name": first["name"]},
              *[{"id": s["id"], "name": s["name"]} for s in rest], {"name": "Contract", "probability": 95}]
    response = admin.patch("/pipelines/default", {"name": "Sales 2027", "stages": stages,
                                                  "version": pipeline["version"]})
    assert response.status == 200, response.text
    edited = response.json
    assert edited["name"] == "Sales 2027"
    assert [s["name"] for s in edited["stages"]] == ["Qualified", first["name"], *[s["name"] for s in rest],
                                                     "Contract", "Gagné", "Perdu"]
    assert edited["stages"][0]["rotting_days"] == 7 and edited["stages"][-3]["probability"] == 95
    assert [s["position"] for s in edited["stages"]] == list(range(len(edited["stages"])))
    stale = admin.patch("/pipelines/default", {"name": "Again", "version": pipeline["version"]})
    assert stale.status == 409


def test_a_stage_holding_deals_cannot_be_dropped_by_an_edit(admin):
    pipeline = default(admin)
    first, *rest = open_stages(pipeline)
    make_deal(admin, person_id=make_person(admin)["id"])
    response = admin.patch("/pipelines/default", {"stages": [{"id": s["id"], "name": s["name"]} for s in rest],
                                                  "version": pipeline["version"]})
    assert response.status == 409 and error_code(response) == "stage_has_deals"
    assert response.json["error"]["details"]["stages"] == [first["id"]]
    assert len(open_stages(default(admin))) == len(rest) + 1


def test_removing_a_stage_moves_its_deals_where_the_user_chose_and_keeps_them_all(admin):
    pipeline = default(admin)
    first, second = open_stages(pipeline)[:2]
    ada = make_person(admin)
    deals = [make_deal(admin, f"Deal {i}", person_id=ada["id"])["id"] for i in range(3)]
    no_target = admin.delete(f"/pipelines/default/stages/{first['id']}")
    assert no_target.status == 400 and "move_to" in no_target.json["error"]["details"]
    response = admin.delete(f"/pipelines/default/stages/{first['id']}?move_to={second['id']}")
    assert response.status == 200, response.text
    assert first["id"] not in [s["id"] for s in response.json["stages"]]
    for deal_id in deals:
        deal = page(admin, f"/deals/{deal_id}")
        assert deal["stage_id"] == second["id"]
        assert any(e["kind"] == "stage" and e["record"]["from_stage_id"] == first["id"]
                   for e in deal["timeline"]["items"])
    board = page(admin, "/pipelines/default/board")
    assert board["columns"][0]["stage_id"] == second["id"] and board["columns"][0]["count"] == 3


def test_won_lost_and_the_last_open_stage_stay(admin):
    pipeline = default(admin)
    won = next(s for s in pipeline["stages"] if s["kind"] == "won")
    first = open_stages(pipeline)[0]
    assert admin.delete(f"/pipelines/default/stages/{won['id']}?move_to={first['id']}").status == 400
    lonely = admin.post("/pipelines", {"name": "One stage", "stages": [{"name": "Only"}]}).json
    only = open_stages(lonely)[0]
    assert [s["kind"] for s in lonely["stages"]] == ["open", "won", "lost"]
    assert admin.delete(f"/pipelines/{lonely['id']}/stages/{only['id']}?move_to={only['id']}").status == 400


def test_the_coaching_pipelines_come_from_templates_in_one_call(admin):
    team = admin.post("/pipelines", {"name": "Équipes", "template": "coaching_team"}).json
    assert [s["name"] for s in open_stages(team)] == [
        "Lead entrant", "Qualification", "Rencontre décideur", "Diagnostic proposé", "Diagnostic réalisé",
        "Proposition commerciale", "Négociation"]
    assert team["name"] == "Équipes"
    assert [p["id"] for p in page(admin, "/pipelines")["items"]][-1] == team["id"]
    templates = {t["key"] for t in page(admin, "/pipeline-templates")["items"]}
    assert templates == {"sales", "coaching_individual", "coaching_team"}


def test_a_pipeline_needs_stages_or_a_template_and_members_cannot_shape_them(admin, member):
    assert admin.post("/pipelines", {"name": "Empty"}).status == 400
    assert member.post("/pipelines", {"name": "Mine", "template": "sales"}).status == 403
    assert member.patch("/pipelines/default", {"name": "x", "version": 1}).status == 403


def test_lost_reasons_are_editable_in_settings(admin, member):
    reasons = page(admin, "/settings/lost-reasons")
    assert reasons["items"] == ["Budget insuffisant", "Timing inadapté", "Choix d'un autre prestataire",
                                "Projet abandonné"]
    saved = admin.request("PUT", "/settings/lost-reasons", {"items": ["Trop cher", "Pas le moment"],
                                                            "version": reasons["version"]})
    assert saved.status == 200 and saved.json["items"] == ["Trop cher", "Pas le moment"]
    assert member.request("PUT", "/settings/lost-reasons", {"items": [], "version": 2}).status == 403
    twice = admin.request("PUT", "/settings/lost-reasons", {"items": ["A", "a"], "version": saved.json["version"]})
    assert twice.status == 400
