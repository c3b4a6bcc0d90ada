"""The demo a first local start loads is linked the way a user would link it."""


def test_demo_records_are_linked_and_searchable(admin):
    from chalicelib.services.demo import load_demo

    me = admin.get("/me").json
    assert load_demo(me["id"], "fr") == {"organizations": 2, "persons": 3, "deals": 2}
    org = admin.get("/organizations?sort=name").json["items"][1]
    assert org["name"] == "Cabinet Moreau"
    page = admin.get(f"/organizations/{org['id']}").json
    assert sorted(p["name"] for p in page["persons"]) == ["Claire Moreau", "Hugo Bernard"]
    assert {e["kind"] for e in page["timeline"]["items"]} == {"deal", "activity"}
    assert admin.get("/search?q=ines").json["items"][0]["name"] == "Inès Lefèvre"

