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

