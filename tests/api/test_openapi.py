"""The OpenAPI document tells the truth about the routes."""
from app import app as chalice_app


def test_every_route_is_documented_and_nothing_else(client):
    doc = client.get("/openapi.json").json
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    actual = {(path, method) for path, methods in chalice_app.routes.items() for method in methods}
    assert documented == actual


def test_the_document_is_valid_openapi_3_1(client):
    from openapi_spec_validator import validate

    doc = client.get("/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    validate(doc)


def test_body_schemas_are_the_validators_themselves(client):
    doc = client.get("/openapi.json").json
    login = doc["components"]["schemas"]["Login"]
    assert login["required"] == ["email", "password"]
    assert login["additionalProperties"] is False
    assert doc["paths"]["/auth/login"]["post"]["security"] == []
    assert "401" in doc["paths"]["/me"]["get"]["responses"]



def test_a_creation_links_to_every_operation_on_what_it_created(client):
    doc = client.get("/openapi.json").json
    created = doc["paths"]["/persons"]["post"]["responses"]["201"]
    links = created["links"]
    assert links["get_person"] == {"operationId": "get_person", "parameters": {"record_id": "$response.body#/id"}}
    assert links["update_person"]["requestBody"] == {"version": "$response.body#/version"}
    assert {"delete_person", "restore_person", "timeline_person", "links_person"} <= set(links)
    operation_ids = {op["operationId"] for ops in doc["paths"].values() for op in ops.values()}
    linked = [link["operationId"] for ops in doc["paths"].values() for op in ops.values()
              for response in op["responses"].values() for link in response.get("links", {}).values()]
    assert linked and set(linked) <= operation_ids
    assert set(doc["paths"]["/users"]["post"]["responses"]["201"]["links"]) == {
        "get_user", "update_user", "resend_invitation", "withdraw_invitation"}
