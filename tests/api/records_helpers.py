"""Small helpers the records specifications share: create a record, read an error, a timeline."""


def _created(response, what):
    assert response.status == 201, (what, response.status, response.text[:500])
    return response.json


def make_person(client, name="Ada Lovelace", **fields):
    """A new person (the response body); fails the test unless it is created."""
    return _created(client.post("/persons", {"name": name, **fields}), "person")


def make_org(client, name="Acme", **fields):
    """A new organization."""
    return _created(client.post("/organizations", {"name": name, **fields}), "organization")


def make_deal(client, title="Website redesign", **fields):
    """A new deal: give a person_id or an org_id."""
    return _created(client.post("/deals", {"title": title, **fields}), "deal")


def make_activity(client, subject="Discovery call", type="call", due_at="2026-12-01T09:30:00Z", **fields):
    """A new activity."""
    return _created(client.post("/activities", {"type": type, "subject": subject, "due_at": due_at, **fields}),
                    "activity")


def make_note(client, content="Met at the fair", **fields):
    """A new note: give exactly one of person_id, org_id, deal_id, activity_id."""
    return _created(client.post("/notes", {"content": content, **fields}), "note")


def error_code(response):
    """The `error.code` of an error response."""
    return response.json["error"]["code"]


def details(response):
    """The `error.details` of an error response."""
    return response.json["error"]["details"]


def page(client, path):
    """GET `path` expecting 200; the body."""
    response = client.get(path)
    assert response.status == 200, (path, response.status, response.text[:500])
    return response.json


def timeline(client, plural, record_id):
    """The timeline entries on a record's page, newest first."""
    return page(client, f"/{plural}/{record_id}")["timeline"]["items"]


def timeline_ids(client, plural, record_id, kind=None):
    """Ids of the records shown on a record's timeline (entries of `kind` only when given)."""
    return [e["record"]["id"] for e in timeline(client, plural, record_id)
            if e["kind"] != "change" and (kind is None or e["kind"] == kind)]


def collect(client, path):
    """Every item of a paginated list, following `next_cursor` to the end."""
    items, cursor, pages = [], None, 0
    while True:
        sep = "&" if "?" in path else "?"
        body = page(client, path + (f"{sep}cursor={cursor}" if cursor else ""))
        items += body["items"]
        cursor, pages = body["next_cursor"], pages + 1
        assert pages < 100, "pagination does not end"
        if not cursor:
            return items


def search_ids(client, q):
    """Ids of the search results for `q`."""
    from urllib.parse import quote

    return [hit["id"] for hit in page(client, f"/search?q={quote(q)}")["items"]]


def me(client):
    """The signed-in user."""
    return page(client, "/me")


def set_custom_fields(admin, **definitions):
    """Replace custom field definitions, e.g. person=[{key, label, type}]."""
    version = page(admin, "/settings/custom-fields")["version"]
    response = admin.request("PUT", "/settings/custom-fields", {**definitions, "version": version})
    assert response.status == 200, response.text
    return response.json


def set_activity_types(admin, items):
    """Replace the activity types."""
    version = page(admin, "/settings/activity-types")["version"]
    response = admin.request("PUT", "/settings/activity-types", {"items": items, "version": version})
    assert response.status == 200, response.text
    return response.json


def principal_of(client):
    """The Principal a signed-in client acts as, for calling a service directly."""
    from chalicelib.domain.access import Principal

    user = me(client)
    return Principal(user_id=user["id"], role=user["role"], session_id="test", token_digest="test")
