"""Account changes apply at once, a locked-out owner has a way in, and addresses cannot be faked.

A session is read together with its user on every request: the role and
status a request acts with are the user's now, not the ones at sign-in.
"""
import pytest

from tests.api.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Client, outbox


def reset_token(message):
    import re

    return re.search(r"/#/reset/([A-Za-z0-9_-]+)", message.get_body(("plain",)).get_content()).group(1)


def fresh(client):
    return Client(client.gateway)


# -- account changes bite at once ----------------------------------------------------

def test_a_request_reads_its_session_and_user_in_one_batch(admin):
    from chalicelib.storage import metering

    assert admin.get("/me").status == 200
    assert metering.operations() == ["BatchGetItem"]


def test_a_demoted_admin_loses_admin_rights_on_the_next_request(admin, member):
    me = member.get("/me").json
    assert admin.patch(f"/users/{me['id']}", {"role": "admin", "version": me["version"]}).status == 200
    assert member.post("/users", {"email": "x@example.com", "name": "X"}).status == 201
    me = member.get("/me").json
    assert admin.patch(f"/users/{me['id']}", {"role": "member", "version": me["version"]}).status == 200
    assert member.post("/users", {"email": "y@example.com", "name": "Y"}).status == 403


def test_a_sign_in_racing_a_deactivation_mints_no_live_session(client, admin, member, monkeypatch):
    """The password check passes, then an admin disables the account before the session is saved."""
    from chalicelib.services import passwords

    me = member.get("/me").json
    real_verify = passwords.verify_password

    def verify_then_disable(stored, password):
        ok = real_verify(stored, password)
        current = admin.get(f"/users/{me['id']}").json
        assert admin.patch(f"/users/{me['id']}", {"status": "disabled", "version": current["version"]}).status == 200
        return ok

    monkeypatch.setattr(passwords, "verify_password", verify_then_disable)
    response = client.post("/auth/login", {"email": "member@example.com", "password": "member password 1"})
    assert response.status == 401
    assert response.json["error"]["code"] == "account_inactive"
    assert "token" not in response.json


def test_signing_out_everywhere_ends_a_session_opened_a_moment_before(admin):
    phone = fresh(admin)
    phone.login(ADMIN_EMAIL, ADMIN_PASSWORD)  # no index is read: the user's generation decides
    assert admin.post("/auth/logout-everywhere").status == 204
    assert phone.get("/me").status == 401


def test_an_edited_user_id_in_a_token_matches_no_session(admin, member):
    user_id, _, secret = admin.token.partition(".")
    forged = f"{member.user['id']}.{secret}"
    assert admin.get("/me", token=forged).status == 401


def test_a_new_users_language_follows_the_browser_on_first_sign_in(client):
    first = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "language": "en"})
    assert first.json["user"]["language"] == "en"
    again = fresh(client).post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "language": "fr"})
    assert again.json["user"]["language"] == "en"  # only the first sign-in decides


def test_a_language_chosen_in_the_profile_is_kept(admin):
    me = admin.get("/me").json
    assert admin.patch("/me", {"language": "fr", "version": me["version"]}).status == 200
    again = fresh(admin).post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "language": "en"})
    assert again.json["user"]["language"] == "fr"


# -- password reset --------------------------------------------------------------------

def test_a_reset_request_gives_the_same_answer_for_unknown_emails(client, clear_outbox):
    known = client.post("/auth/password-reset", {"email": ADMIN_EMAIL})
    unknown = client.post("/auth/password-reset", {"email": "nobody@example.com"})
    assert known.status == unknown.status == 202
    assert known.json == unknown.json
    assert [m["To"] for m in outbox()] == [ADMIN_EMAIL]


def test_a_reset_link_sets_the_password_ends_every_session_and_works_once(admin, client, clear_outbox):
    assert client.post("/auth/password-reset", {"email": ADMIN_EMAIL}).status == 202
    token = reset_token(outbox()[-1])
    assert "1" in outbox()[-1].get_body(("plain",)).get_content()
    assert client.get(f"/public/password-resets/{token}").json == {"email": ADMIN_EMAIL}
    response = client.post(f"/public/password-resets/{token}", {"password": "a fresh start 42"})
    assert response.status == 200
    assert response.json["user"]["email"] == ADMIN_EMAIL and response.json["token"]
    assert admin.get("/me").status == 401  # the old session ended
    again = client.post(f"/public/password-resets/{token}", {"password": "another one 43"})
    assert again.status == 404 and again.json["error"]["code"] == "reset_invalid"
    assert fresh(client).post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).status == 401
    fresh(client).login(ADMIN_EMAIL, "a fresh start 42")


def test_a_reset_link_expires_after_an_hour(client, clear_outbox, monkeypatch):
    from datetime import timedelta

    from chalicelib.domain import clock
    from chalicelib.services import auth

    client.post("/auth/password-reset", {"email": ADMIN_EMAIL})
    token = reset_token(outbox()[-1])
    later = clock.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(auth, "now", lambda: later)
    assert client.get(f"/public/password-resets/{token}").status == 404
    assert client.post(f"/public/password-resets/{token}", {"password": "a fresh start 42"}).status == 404


def test_an_earlier_reset_link_dies_once_the_password_changed(client, clear_outbox):
    client.post("/auth/password-reset", {"email": ADMIN_EMAIL})
    client.post("/auth/password-reset", {"email": ADMIN_EMAIL})
    first, second = (reset_token(m) for m in outbox())
    assert client.post(f"/public/password-resets/{second}", {"password": "a fresh start 42"}).status == 200
    assert client.post(f"/public/password-resets/{first}", {"password": "sneaky second 43"}).status == 404


def test_a_locked_out_owner_gets_back_in_with_a_reset_link(client, clear_outbox, monkeypatch):
    from chalicelib import config

    monkeypatch.setattr(config, "TRUSTED_PROXY_HOPS", 1)
    stranger, owner = {"X-Forwarded-For": "198.51.100.9"}, {"X-Forwarded-For": "203.0.113.5"}
    for _ in range(5):
        client.post("/auth/login", {"email": ADMIN_EMAIL, "password": "guess guess"}, headers=stranger)
    locked = client.post("/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, headers=owner)
    assert locked.status == 429 and "reset" in locked.json["error"]["message"]
    client.post("/auth/password-reset", {"email": ADMIN_EMAIL}, headers=owner)
    assert client.post(f"/public/password-resets/{reset_token(outbox()[-1])}",
                       {"password": "a fresh start 42"}, headers=owner).status == 200
    assert client.post("/auth/login", {"email": ADMIN_EMAIL, "password": "a fresh start 42"},
                       headers=owner).status == 200
    # The stranger's own address stays throttled.
    assert client.post("/auth/login", {"email": ADMIN_EMAIL, "password": "guess again"}, headers=stranger).status == 429


def test_reset_mails_to_one_address_are_limited(client, clear_outbox):
    statuses = [client.post("/auth/password-reset", {"email": ADMIN_EMAIL}).status for _ in range(5)]
    assert statuses == [202, 202, 202, 429, 429]
    assert len(outbox()) == 3


def test_a_weak_password_is_refused_and_the_link_still_works(client, clear_outbox):
    client.post("/auth/password-reset", {"email": ADMIN_EMAIL})
    token = reset_token(outbox()[-1])
    weak = client.post(f"/public/password-resets/{token}", {"password": "short"})
    assert weak.status == 400 and "password" in weak.json["error"]["details"]
    assert client.post(f"/public/password-resets/{token}", {"password": "a fresh start 42"}).status == 200


# -- client address --------------------------------------------------------------------

def test_an_oversized_forwarded_for_header_is_no_server_error(client, monkeypatch):
    from chalicelib import config

    for hops in (0, 1):
        monkeypatch.setattr(config, "TRUSTED_PROXY_HOPS", hops)
        response = client.get("/public/invites/nope", headers={"X-Forwarded-For": "1" * 3000})
        assert response.status == 404, response.text
        response = client.get("/public/invites/nope", headers={"X-Forwarded-For": ", ".join(["9.9.9.9"] * 600)})
        assert response.status == 404, response.text


@pytest.mark.parametrize("forwarded", [
    lambda i: f"10.0.0.{i}, 203.0.113.7",  # what the client wrote before CloudFront's entry is ignored
    lambda i: f"2001:db8:1:2::{i:x}",  # addresses of one IPv6 /64 are one client
    lambda i: f"not-an-ip-{i}",  # no address at all: the source address counts
], ids=["rotating-prefix", "ipv6-64", "not-an-ip"])
def test_a_changing_forwarded_for_does_not_escape_the_limit(client, monkeypatch, forwarded):
    """Behind CloudFront (one trusted hop) a client cannot pass for many by what it writes."""
    from chalicelib import config

    monkeypatch.setattr(config, "TRUSTED_PROXY_HOPS", 1)
    monkeypatch.setattr(config, "PUBLIC_MAX_REQUESTS", 3)
    statuses = [client.get("/public/invites/nope", headers={"X-Forwarded-For": forwarded(i)}).status
                for i in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


def test_behind_cloudfront_a_call_without_the_origin_secret_is_refused(client, monkeypatch):
    """In AWS, API Gateway's own URL answers too: only CloudFront knows the secret header."""
    from chalicelib import config

    monkeypatch.setattr(config, "ORIGIN_SECRET", "s3cret-shared-with-cloudfront-only-0123456789")
    direct = client.get("/health")
    assert direct.status == 403 and direct.json["error"]["code"] == "direct_call"
    forged = client.get("/health", headers={"X-Crm-Origin": "guess"})
    assert forged.status == 403
    through = client.get("/health", headers={"X-Crm-Origin": "s3cret-shared-with-cloudfront-only-0123456789"})
    assert through.status == 200
