"""The OpenAPI 3.1 document, built from the app's own route table.

Every route's method, path parameters, access level and body schema come
from the `endpoint` metadata, so the document cannot drift from the code;
a test checks that each route appears and that the document is valid.
"""
import re

from chalicelib.api.routing import PUBLIC

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "details": {"type": "object"}}}},
}
_CACHE = {}
# What a created resource answers with, at least: what later calls need to name it.
_CREATED = {"type": "object", "required": ["id"],
            "properties": {"id": {"type": "string"}, "version": {"type": "integer"}}}


def _links(app, path):
    """OpenAPI links from the creation at `path` to every operation on what it created.

    `POST /persons` → `GET|PATCH|DELETE /persons/{record_id}`, `…/restore`… with
    `record_id` taken from the created body's `id` (and a PATCH's `version` from
    its `version`), so a client such as Schemathesis chains create → read →
    update → delete instead of guessing ids.
    """
    links = {}
    for other, methods in sorted(app.routes.items()):
        match = re.fullmatch(re.escape(path) + r"/{(\w+)}(/[a-z-]+)?", other)
        if not match:
            continue
        for method, entry in sorted(methods.items()):
            view = entry.view_function
            link = {"operationId": view.__name__, "parameters": {match.group(1): "$response.body#/id"}}
            if view.crm.body is not None and "version" in view.crm.body.fields:
                link["requestBody"] = {"version": "$response.body#/version"}
            links[view.__name__] = link
    return links


def _operation(app, view, path):
    meta = view.crm
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
              for name in re.findall(r"{(\w+)}", path)]
    errors = {"400": "Invalid input", "404": "No such record", "413": "Body too large",
              "415": "Body not declared as application/json"}
    if meta.access != PUBLIC:
        errors["401"] = "Not signed in"
        errors["403"] = "Administrators only" if meta.access == "admin" else "A cookie change from another site"
    created = meta.status == 201 and "{" not in path
    schema = _CREATED if created else {"type": "object"}
    responses = {str(meta.status): {"description": "Success"} if meta.status == 204 else
                 {"description": "Success", "content": {"application/json": {"schema": schema}}}}
    if created:
        responses[str(meta.status)]["links"] = _links(app, path)
    for code, text in errors.items():
        responses[code] = {"description": text, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Error"}}}}
    op = {
        "operationId": view.__name__,
        "summary": meta.summary,
        "description": (view.__doc__ or "").strip(),
        "tags": [meta.tag],
        "parameters": params,
        "responses": responses,
        "x-access": meta.access,
    }
    if meta.access == PUBLIC:
        op["security"] = []
    if meta.body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{meta.body.name}"}}}}
    return op


def document(app):
    """The OpenAPI document for `app` (built once per process)."""
    if "doc" in _CACHE:
        return _CACHE["doc"]
    paths, schemas = {}, {"Error": _ERROR}
    for path, methods in sorted(app.routes.items()):
        for method, entry in sorted(methods.items()):
            view = entry.view_function
            paths.setdefault(path, {})[method.lower()] = _operation(app, view, path)
            if view.crm.body is not None:
                schemas[view.crm.body.name] = view.crm.body.to_json_schema()
    _CACHE["doc"] = {
        "openapi": "3.1.0",
        "info": {"title": "CRM API", "version": "1"},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "crm_session"},
            },
        },
        "security": [{"bearer": []}, {"cookie": []}],
    }
    return _CACHE["doc"]
