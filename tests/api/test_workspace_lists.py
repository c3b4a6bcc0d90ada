"""Lists a workspace is set up with: activity types, custom fields, the default pipeline."""
import pytest

from tests.api.records_helpers import error_code, page, set_custom_fields

FRENCH_STAGES = ["Nouveau contact", "Premier contact", "Appel découverte", "Proposition envoyée", "Négociation",
                 "Gagné", "Perdu"]


def put(client, path, body):
    return client.request("PUT", path, body)


# Activity types.

def test_the_workspace_starts_with_the_six_activity_types_in_french(admin):
    types = page(admin, "/settings/activity-types")["items"]
    assert [(t["key"], t["label"]) for t in types] == [("call", "Appel"), ("meeting", "Rendez-vous"),
                                                       ("task", "Tâche"), ("deadline", "Échéance"),
                                                       ("email", "E-mail"), ("lunch", "Déjeuner")]


def test_an_admin_replaces_the_activity_types(admin):
    current = page(admin, "/settings/activity-types")
    items = [{"key": "call", "label": "Appel"}, {"key": "workshop", "label": "Atelier"}]
    response = put(admin, "/settings/activity-types", {"items": items, "version": current["version"]})
    assert response.status == 200
    assert response.json["version"] == current["version"] + 1
    assert page(admin, "/settings/activity-types")["items"] == items


def test_a_member_reads_but_cannot_change_the_activity_types(member):
    current = page(member, "/settings/activity-types")
    response = put(member, "/settings/activity-types", {"items": [{"key": "call", "label": "Appel"}],
                                                        "version": current["version"]})
    assert response.status == 403
    assert page(member, "/settings/activity-types")["items"] == current["items"]


def test_activity_types_edited_from_a_stale_version_are_refused(admin):
    version = page(admin, "/settings/activity-types")["version"]
    assert put(admin, "/settings/activity-types", {"items": [{"key": "call", "label": "Appel"}],
                                                   "version": version}).status == 200
    response = put(admin, "/settings/activity-types", {"items": [{"key": "task", "label": "Tâche"}],
                                                       "version": version})
    assert response.status == 409
    assert error_code(response) == "version_conflict"


@pytest.mark.parametrize("items", [
    [],
    [{"key": "call", "label": "Appel"}, {"key": "call", "label": "Coup de fil"}],
    [{"key": "Call!", "label": "Appel"}],
    [{"key": "call", "label": ""}],
    [{"key": "call"}],
], ids=["none", "duplicate_key", "bad_key", "empty_label", "no_label"])
def test_invalid_activity_types_are_refused(admin, items):
    version = page(admin, "/settings/activity-types")["version"]
    response = put(admin, "/settings/activity-types", {"items": items, "version": version})
    assert response.status == 400
    assert "items" in response.json["error"]["details"]


# Custom fields.

def test_the_workspace_starts_without_custom_fields(admin):
    fields = page(admin, "/settings/custom-fields")
    assert (fields["person"], fields["organization"], fields["deal"]) == ([], [], [])


def test_an_admin_defines_custom_fields(admin):
    definitions = [{"key": "source", "label": "Source", "type": "choice", "options": ["fair", "web"]},
                   {"key": "birthday", "label": "Anniversaire", "type": "date"}]
    set_custom_fields(admin, person=definitions)
    assert page(admin, "/settings/custom-fields")["person"] == definitions


def test_replacing_one_record_types_fields_keeps_the_others(admin):
    person = [{"key": "nickname", "label": "Surnom", "type": "text"}]
    set_custom_fields(admin, person=person)
    set_custom_fields(admin, deal=[{"key": "budget", "label": "Budget", "type": "number"}])
    assert page(admin, "/settings/custom-fields")["person"] == person


def test_a_member_cannot_change_custom_fields(member):
    version = page(member, "/settings/custom-fields")["version"]
    response = put(member, "/settings/custom-fields", {"person": [{"key": "x", "label": "X", "type": "text"}],
                                                       "version": version})
    assert response.status == 403
    assert page(member, "/settings/custom-fields")["person"] == []


def test_custom_fields_edited_from_a_stale_version_are_refused(admin):
    version = page(admin, "/settings/custom-fields")["version"]
    set_custom_fields(admin, person=[{"key": "nickname", "label": "Surnom", "type": "text"}])
    response = put(admin, "/settings/custom-fields", {"person": [], "version": version})
    assert response.status == 409
    assert error_code(response) == "version_conflict"


@pytest.mark.parametrize("definitions", [
    [{"key": "size", "label": "Size", "type": "colour"}],
    [{"key": "size", "label": "Size", "type": "text"}, {"key": "size", "label": "Taille", "type": "number"}],
    [{"key": "source", "label": "Source", "type": "choice"}],
    [{"key": "source", "label": "Source", "type": "choice", "options": []}],
    [{"key": "Shoe Size", "label": "Shoe size", "type": "number"}],
    [{"key": "size", "label": "Size", "type": "text", "required": True}],
], ids=["bad_type", "duplicate_key", "choice_without_options", "choice_with_no_option", "bad_key", "unknown_property"])
def test_invalid_custom_field_definitions_are_refused(admin, definitions):
    version = page(admin, "/settings/custom-fields")["version"]
    response = put(admin, "/settings/custom-fields", {"person": definitions, "version": version})
    assert response.status == 400
    assert "person" in response.json["error"]["details"]
    assert page(admin, "/settings/custom-fields")["person"] == []


def test_a_custom_field_belongs_to_one_record_type(admin):
    set_custom_fields(admin, person=[{"key": "nickname", "label": "Surnom", "type": "text"}])
    response = admin.post("/organizations", {"name": "Acme", "custom": {"nickname": "The A"}})
    assert response.status == 400


# The default pipeline.

def test_the_default_pipeline_exists_with_the_workspace(admin):
    [pipeline] = page(admin, "/pipelines")["items"]
    assert pipeline["id"] == "default"
    assert [s["name"] for s in pipeline["stages"]] == FRENCH_STAGES


def test_the_default_pipeline_is_read_by_its_id_with_ordered_stages(admin):
    pipeline = page(admin, "/pipelines/default")
    stages = pipeline["stages"]
    assert [s["name"] for s in stages] == FRENCH_STAGES
    assert [s["position"] for s in stages] == list(range(len(FRENCH_STAGES)))
    assert [s["probability"] for s in stages[-2:]] == [100, 0]
    assert len({s["id"] for s in stages}) == len(stages)


def test_an_unknown_pipeline_is_not_found(admin):
    assert admin.get("/pipelines/nowhere").status == 404
