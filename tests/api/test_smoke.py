def test_health_answers_ok(client):
    response = client.get("/health")
    assert response.status == 200
    assert response.json["database"] == "ok"


def test_admin_sees_itself(admin):
    response = admin.get("/me")
    assert response.status == 200, response.text
    assert response.json["email"] == "admin@example.com"
    assert response.json["role"] == "admin"
