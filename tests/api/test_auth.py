"""Signing in and out, sessions, brute-force throttling."""
from tests.api.conftest import ADMIN_EMAIL, ADMIN_PASSWORD


def test_login_returns_a_token_and_an_httponly_session_cookie(client):
    response = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert response.status == 200
    assert response.json["user"]["email"] == ADMIN_EMAIL
    assert "password_hash" not in response.json["user"]
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("crm_session=" + response.json["token"])
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/api" in cookie
    assert "Secure" not in cookie  # the local run is plain http


def test_cookie_is_secure_behind_https(client):
    response = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
                           headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_email_is_matched_case_insensitively(client):
    response = client.post("/auth/login", {"email": " Admin@Example.COM ", "password": ADMIN_PASSWORD})
    assert response.status == 200


def test_wrong_password_is_refused(client):
    response = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": "wrong password"})
    assert response.status == 401
    assert response.json["error"]["code"] == "invalid_credentials"
    assert "token" not in response.json


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    unknown = client.post("/auth/login", {"email": "nobody@example.com", "password": "whatever1"})
    wrong = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": "whatever1"})
    assert unknown.status == wrong.status == 401
    assert unknown.json == wrong.json


def test_the_session_cookie_authenticates(client):
    token = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).json["token"]
    response = client.get("/me", headers={"Cookie": f"theme=dark; crm_session={token}"})
    assert response.status == 200
    assert response.json["email"] == ADMIN_EMAIL


def test_logout_revokes_the_token_and_clears_the_cookie(admin):
    response = admin.post("/auth/logout")
    assert response.status == 204
    assert "Max-Age=0" in response.headers["Set-Cookie"]
    assert admin.get("/me").status == 401


def test_brute_force_is_throttled(client):
    for _ in range(5):
        assert client.post("/auth/login", {"email": ADMIN_EMAIL, "password": "guess guess"}).status == 401
    response = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert response.status == 429
    assert response.json["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


def test_an_expired_session_is_refused(admin):
    from chalicelib.domain.ids import token_digest
    from chalicelib.storage import sessions

    session = sessions.find(token_digest(admin.token))
    session.expires_at = "2000-01-01T00:00:00.000Z"
    session.save()
    response = admin.get("/me")
    assert response.status == 401
    assert response.json["error"]["code"] == "session_expired"


def test_changing_the_password_signs_out_other_sessions_but_not_this_one(admin, client):
    from runner.gateway import ApiGateway
    from tests.api.conftest import Client

    other = Client(admin.gateway)
    other.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    response = admin.post("/me/password", {"current_password": ADMIN_PASSWORD,
                                           "new_password": "a brand new secret"})
    assert response.status == 204
    assert admin.get("/me").status == 200
    assert other.get("/me").status == 401
    fresh = Client(ApiGateway(admin.gateway._gateway._app_object))
    assert fresh.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).status == 401
    fresh.login(ADMIN_EMAIL, "a brand new secret")


def test_password_change_needs_the_current_password(admin):
    response = admin.post("/me/password", {"current_password": "not it at all",
                                           "new_password": "a brand new secret"})
    assert response.status == 400
    assert "current_password" in response.json["error"]["details"]


def test_a_weak_new_password_is_refused_with_the_field_named(admin):
    response = admin.post("/me/password", {"current_password": ADMIN_PASSWORD, "new_password": "short"})
    assert response.status == 400
    assert "new_password" in response.json["error"]["details"]


def test_signing_out_everywhere_revokes_every_session(admin):
    from tests.api.conftest import Client

    phone = Client(admin.gateway)
    phone.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    assert admin.post("/auth/logout-everywhere").status == 204
    assert admin.get("/me").status == 401
    assert phone.get("/me").status == 401


def test_public_invite_endpoints_are_rate_limited(client, monkeypatch):
    from chalicelib import config

    monkeypatch.setattr(config, "PUBLIC_MAX_REQUESTS", 3)
    statuses = [client.get(f"/public/invites/guess-{i}").status for i in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


def test_the_login_cookie_is_among_the_response_cookies(client):
    response = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert [c.split("=", 1)[0] for c in response.cookies] == ["crm_session"]


def test_only_failed_sign_ins_count_towards_the_throttle(client):
    for _ in range(8):  # an office behind one address signing in all morning
        assert client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).status == 200
    assert client.post("/auth/login", {"email": ADMIN_EMAIL, "password": "wrong one"}).status == 401
    assert client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).status == 200
