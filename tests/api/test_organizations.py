"""Organizations: their fields, their domain, relations seen from both sides, their page."""
import pytest

from tests.api.records_helpers import details, make_deal, make_org, make_person, me, page, set_custom_fields


def test_an_organization_keeps_its_fields(admin):
    set_custom_fields(admin, organization=[{"key": "employees", "label": "Employees", "type": "number"}])
    created = make_org(admin, "Acme", address="1 rue de la Paix, Paris", industry="Software",
                       tags=["client", "Client", "b2b"], custom={"employees": 40})
    shown = page(admin, f"/organizations/{created['id']}")
    assert (shown["name"], shown["address"], shown["industry"]) == ("Acme", "1 rue de la Paix, Paris", "Software")
    assert shown["tags"] == ["client", "b2b"]
    assert shown["custom"] == {"employees": 40}
    assert shown["owner_id"] == me(admin)["id"] and shown["updated_by"] == me(admin)["id"]


def test_an_unknown_custom_field_on_an_organization_is_refused(admin):
    response = admin.post("/organizations", {"name": "Acme", "custom": {"employees": 40}})
    assert response.status == 400
    assert "employees" in details(response)["custom"]


@pytest.mark.parametrize("typed,stored", [("https://www.Acme.fr/x", "acme.fr"), ("http://acme.fr", "acme.fr"),
                                          ("WWW.ACME.FR", "acme.fr"), ("shop.acme.co.uk/", "shop.acme.co.uk")])
def test_a_website_address_is_kept_as_its_bare_domain(admin, typed, stored):
    assert make_org(admin, domain=typed)["domain"] == stored


def test_an_edited_domain_is_normalized_too(admin):
    acme = make_org(admin, domain="acme.fr")
    edited = admin.patch(f"/organizations/{acme['id']}", {"domain": "https://www.Acme.com/about",
                                                          "version": acme["version"]})
    assert edited.json["domain"] == "acme.com"


def test_an_organization_can_be_owned_by_another_user(admin, member):
    created = make_org(admin, owner_id=member.user["id"])
    assert page(admin, f"/organizations/{created['id']}")["owner_id"] == member.user["id"]


def relation(org, other_id):
    return [r["kind"] for r in org["related"] if r["org_id"] == other_id]


def test_a_subsidiary_shows_its_parent_on_its_page(admin):
    child = make_org(admin, "Acme France")
    group = make_org(admin, "Acme Group", related=[{"org_id": child["id"], "kind": "subsidiary"}])
    assert relation(page(admin, f"/organizations/{group['id']}"), child["id"]) == ["subsidiary"]
    assert relation(page(admin, f"/organizations/{child['id']}"), group["id"]) == ["parent"]


def test_a_parent_shows_its_subsidiary_on_its_page(admin):
    group = make_org(admin, "Acme Group")
    child = make_org(admin, "Acme France", related=[{"org_id": group["id"], "kind": "parent"}])
    assert relation(page(admin, f"/organizations/{group['id']}"), child["id"]) == ["subsidiary"]


def test_a_related_organization_is_related_from_both_sides(admin):
    partner = make_org(admin, "Partner")
    acme = make_org(admin, "Acme", related=[{"org_id": partner["id"], "kind": "related"}])
    assert relation(page(admin, f"/organizations/{partner['id']}"), acme["id"]) == ["related"]


def test_a_page_names_the_related_organizations(admin):
    partner = make_org(admin, "Partner")
    acme = make_org(admin, "Acme", related=[{"org_id": partner["id"], "kind": "related"}])
    shown = page(admin, f"/organizations/{partner['id']}")
    assert shown["included"]["organizations"][acme["id"]]["name"] == "Acme"


def test_a_removed_relation_disappears_from_the_other_side(admin):
    partner = make_org(admin, "Partner")
    acme = make_org(admin, "Acme", related=[{"org_id": partner["id"], "kind": "related"}])
    assert admin.patch(f"/organizations/{acme['id']}", {"related": [], "version": acme["version"]}).status == 200
    assert page(admin, f"/organizations/{partner['id']}")["related"] == []


def test_an_organization_stays_editable_after_a_related_one_is_deleted(admin):
    group = make_org(admin, "Acme Group")
    child = make_org(admin, "Acme France", related=[{"org_id": group["id"], "kind": "parent"}])
    assert admin.delete(f"/organizations/{group['id']}").status == 204
    response = admin.patch(f"/organizations/{child['id']}", {"industry": "Retail", "version": child["version"]})
    assert response.status == 200, response.text


def test_an_organization_cannot_be_related_to_itself(admin):
    acme = make_org(admin)
    response = admin.patch(f"/organizations/{acme['id']}", {"related": [{"org_id": acme["id"], "kind": "related"}],
                                                            "version": acme["version"]})
    assert response.status == 400
    assert "related" in details(response)


def test_a_relation_to_an_unknown_organization_is_refused(admin):
    response = admin.post("/organizations", {"name": "Acme",
                                             "related": [{"org_id": "01J0000000000000000000000X", "kind": "parent"}]})
    assert response.status == 400
    assert "related" in details(response)


def test_a_relation_of_an_unknown_kind_is_refused(admin):
    partner = make_org(admin, "Partner")
    response = admin.post("/organizations", {"name": "Acme", "related": [{"org_id": partner["id"], "kind": "rival"}]})
    assert response.status == 400
    assert "related" in details(response)


def test_an_organization_with_as_many_relations_as_allowed_is_saved(admin):
    from chalicelib.domain.organizations import MAX_RELATED

    others = [make_org(admin, f"Branch {i}") for i in range(MAX_RELATED)]
    response = admin.post("/organizations", {"name": "Hub",
                                             "related": [{"org_id": o["id"], "kind": "related"} for o in others]})
    assert response.status == 201, response.text
    assert relation(page(admin, f"/organizations/{others[-1]['id']}"), response.json["id"]) == ["related"]


def test_more_relations_than_allowed_are_refused(admin):
    from chalicelib.domain.organizations import MAX_RELATED

    others = [make_org(admin, f"Branch {i}") for i in range(MAX_RELATED + 1)]
    response = admin.post("/organizations", {"name": "Hub",
                                             "related": [{"org_id": o["id"], "kind": "related"} for o in others]})
    assert response.status == 400
    assert "related" in details(response)


def test_an_organization_page_lists_its_persons(admin):
    acme = make_org(admin)
    ada = make_person(admin, "Ada", org_id=acme["id"])
    assert [p["id"] for p in page(admin, f"/organizations/{acme['id']}")["persons"]] == [ada["id"]]


def test_an_organization_page_lists_its_deals(admin):
    acme = make_org(admin)
    deal = make_deal(admin, "Website", org_id=acme["id"])
    assert [d["id"] for d in page(admin, f"/organizations/{acme['id']}")["deals"]] == [deal["id"]]


def test_a_person_who_moves_leaves_the_old_organization_page(admin):
    old, new = make_org(admin, "Old"), make_org(admin, "New")
    ada = make_person(admin, "Ada", org_id=old["id"])
    assert admin.patch(f"/persons/{ada['id']}", {"org_id": new["id"], "version": ada["version"]}).status == 200
    assert page(admin, f"/organizations/{old['id']}")["persons"] == []
    assert [p["id"] for p in page(admin, f"/organizations/{new['id']}")["persons"]] == [ada["id"]]


def test_a_renamed_person_is_renamed_on_the_organization_page(admin):
    acme = make_org(admin)
    ada = make_person(admin, "Ada", org_id=acme["id"])
    assert admin.patch(f"/persons/{ada['id']}", {"name": "Ada King", "version": ada["version"]}).status == 200
    assert [p["name"] for p in page(admin, f"/organizations/{acme['id']}")["persons"]] == ["Ada King"]


def log_edits(record_pk, count, actor):
    """`count` edits of a record as the change log records them from the stream (no table write each)."""
    from chalicelib.events.changelog import log_change
    from chalicelib.events.dispatcher import Change

    for i in range(count):
        before = {"entity": "organization", "data": {"industry": f"v{i}"}}
        after = {"entity": "organization", "data": {"industry": f"v{i + 1}"},
                 "updated_at": f"2026-11-25T10:{i // 60:02d}:{i % 60:02d}.000Z", "updated_by": actor}
        log_change(Change(event_id=f"edit-{i}", event_name="MODIFY", keys={"pk": record_pk, "sk": "RECORD"},
                          new=after, old=before, sequence=str(i)))


def test_an_organization_with_a_long_history_still_lists_its_persons(admin):
    from chalicelib.services import record_views

    acme = make_org(admin)
    ada = make_person(admin, "Ada", org_id=acme["id"])
    log_edits(f"ORG#{acme['id']}", record_views.TIMELINE_PAGE + 61, me(admin)["id"])
    assert [p["id"] for p in page(admin, f"/organizations/{acme['id']}")["persons"]] == [ada["id"]]


def test_an_organization_page_lists_its_deals_whatever_happened_since(admin, monkeypatch):
    from chalicelib.services import record_views

    monkeypatch.setattr(record_views, "TIMELINE_PAGE", 3)  # a short page instead of 100 notes
    acme = make_org(admin)
    deal = make_deal(admin, "Website", org_id=acme["id"])
    for i in range(3):
        admin.post("/notes", {"content": f"Note {i}", "org_id": acme["id"]})
    assert [d["id"] for d in page(admin, f"/organizations/{acme['id']}")["deals"]] == [deal["id"]]
