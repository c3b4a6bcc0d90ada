"""Edits respect what the user chose, even against a creation default."""

def test_an_edit_removing_a_deals_organization_is_kept(admin):
    org = admin.post("/organizations", {"name": "Acme"}).json
    person = admin.post("/persons", {"name": "Ada", "org_id": org["id"]}).json
    deal = admin.post("/deals", {"title": "Audit", "person_id": person["id"]}).json
    assert deal["org_id"] == org["id"]  # a deal with Ada is a deal with Acme
    edited = admin.patch(f"/deals/{deal['id']}", {"org_id": None, "version": deal["version"]})
    assert edited.status == 200 and edited.json["org_id"] is None
