"""Edits respect what the user chose, even against a creation default."""

def test_an_edit_removing_a_deals_organization_is_kept(admin):
    org = admin.post("/organizations", {"name": "Acme"}).json
    person = admin.post("/persons", {"name": "Ada", "org_id": org["id"]}).json
    deal = admin.post("/deals", {"title": "Audit", "person_id": person["id"]}).json
    assert deal["org_id"] == org["id"]  # a deal with Ada is a deal with Acme
    edited = admin.patch(f"/deals/{deal['id']}", {"org_id": None, "version": deal["version"]})
    assert edited.status == 200 and edited.json["org_id"] is None


def test_an_activity_on_a_deal_is_with_the_deals_person_and_organization(admin):
    org = admin.post("/organizations", {"name": "Acme"}).json
    person = admin.post("/persons", {"name": "Ada", "org_id": org["id"]}).json
    deal = admin.post("/deals", {"title": "Audit", "person_id": person["id"]}).json
    call = admin.post("/activities", {"type": "call", "subject": "Kick-off", "deal_id": deal["id"],
                                      "due_at": "2026-12-01T09:00:00Z"}).json
    assert (call["person_id"], call["org_id"]) == (person["id"], org["id"])
    listed = admin.get(f"/activities?person_id={person['id']}&done=false").json["items"]
    assert [a["id"] for a in listed] == [call["id"]]


def test_an_activity_keeps_the_person_it_was_given_over_the_deals(admin):
    ada, bob = (admin.post("/persons", {"name": n}).json for n in ("Ada", "Bob"))
    deal = admin.post("/deals", {"title": "Audit", "person_id": ada["id"]}).json
    call = admin.post("/activities", {"type": "call", "subject": "With Bob", "deal_id": deal["id"],
                                      "person_id": bob["id"], "due_at": "2026-12-01T09:00:00Z"}).json
    assert call["person_id"] == bob["id"]


def test_when_a_deal_changes_hands_only_activities_with_its_old_person_follow(admin):
    ada, bob, cleo = (admin.post("/persons", {"name": n}).json for n in ("Ada", "Bob", "Cleo"))
    deal = admin.post("/deals", {"title": "Audit", "person_id": ada["id"]}).json
    with_ada = admin.post("/activities", {"type": "call", "subject": "A", "deal_id": deal["id"],
                                          "due_at": "2026-12-01T09:00:00Z"}).json
    with_bob = admin.post("/activities", {"type": "call", "subject": "B", "deal_id": deal["id"],
                                          "person_id": bob["id"], "due_at": "2026-12-01T10:00:00Z"}).json
    assert admin.patch(f"/deals/{deal['id']}", {"person_id": cleo["id"], "version": deal["version"]}).status == 200
    assert admin.get(f"/activities/{with_ada['id']}").json["person_id"] == cleo["id"]
    assert admin.get(f"/activities/{with_bob['id']}").json["person_id"] == bob["id"]
