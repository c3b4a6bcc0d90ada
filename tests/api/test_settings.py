"""The profile and the workspace settings, with optimistic locking."""


def test_a_user_changes_their_language_and_time_zone(admin):
    me = admin.get("/me").json
    assert me["language"] == "fr"  # French by default
    response = admin.patch("/me", {"language": "en", "timezone": "America/Montreal",
                                   "name": "Ada", "version": me["version"]})
    assert response.status == 200, response.text
    assert response.json["language"] == "en"
    assert response.json["version"] == me["version"] + 1
    assert response.json["updated_by"] == me["id"]
    assert admin.get("/me").json["timezone"] == "America/Montreal"


def test_two_edits_from_the_same_version_give_one_conflict(admin):
    version = admin.get("/me").json["version"]
    first = admin.patch("/me", {"name": "First", "version": version})
    second = admin.patch("/me", {"name": "Second", "version": version})
    assert first.status == 200
    assert second.status == 409
    assert second.json["error"]["code"] == "version_conflict"
    assert admin.get("/me").json["name"] == "First"


def test_an_unknown_time_zone_is_refused(admin):
    version = admin.get("/me").json["version"]
    response = admin.patch("/me", {"timezone": "Mars/Olympus", "version": version})
    assert response.status == 400
    assert "timezone" in response.json["error"]["details"]


def test_an_edit_without_a_version_is_refused(admin):
    response = admin.patch("/me", {"name": "No version"})
    assert response.status == 400
    assert "version" in response.json["error"]["details"]


def test_an_unknown_field_is_refused_rather_than_dropped(admin):
    version = admin.get("/me").json["version"]
    response = admin.patch("/me", {"nmae": "Typo", "version": version})
    assert response.status == 400
    assert response.json["error"]["details"] == {"nmae": "Unknown field."}


def test_an_admin_edits_the_workspace(admin):
    space = admin.get("/workspace").json
    assert space["default_currency"] == "EUR"
    response = admin.patch("/workspace", {"name": "Cabinet Martin", "default_currency": "CHF",
                                          "language": "en", "version": space["version"]})
    assert response.status == 200, response.text
    assert admin.get("/workspace").json["name"] == "Cabinet Martin"


def test_a_member_reads_but_cannot_edit_the_workspace(member):
    space = member.get("/workspace")
    assert space.status == 200
    response = member.patch("/workspace", {"name": "Mine", "version": space.json["version"]})
    assert response.status == 403


def test_an_unknown_currency_is_refused(admin):
    version = admin.get("/workspace").json["version"]
    response = admin.patch("/workspace", {"default_currency": "XYZ", "version": version})
    assert response.status == 400
    assert "default_currency" in response.json["error"]["details"]
