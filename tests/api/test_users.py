"""Inviting members: the emailed one-time link, roles, deactivation."""
import pytest

from tests.api.conftest import Client, invite_link_token, outbox


@pytest.fixture
def invited(admin, clear_outbox):
    response = admin.post("/users", {"email": "Zoe@Example.com", "name": "Zoé Durand"})
    assert response.status == 201, response.text
    return response.json, invite_link_token(outbox()[-1])


def test_an_invite_creates_an_invited_user_and_emails_a_link(invited):
    user, token = invited
    assert user["status"] == "invited" and user["role"] == "member"
    assert user["email"] == "zoe@example.com"
    message = outbox()[-1]
    assert message["To"] == "zoe@example.com"
    assert message.get_body(("html",)) is not None  # multipart/alternative, real MIME
    assert f"http://127.0.0.1:8000/#/invite/{token}" in message.get_body(("plain",)).get_content()
    assert "Zoé Durand" in message.get_body(("plain",)).get_content()


def test_the_invite_page_shows_who_is_invited(client, invited):
    _, token = invited
    response = client.get(f"/public/invites/{token}")
    assert response.status == 200
    assert response.json["email"] == "zoe@example.com"
    assert response.json["workspace_name"] == "Mon espace"


def test_accepting_an_invite_signs_the_member_in(client, invited):
    _, token = invited
    response = client.post(f"/public/invites/{token}/accept", {"password": "zoe's own password"})
    assert response.status == 200, response.text
    assert response.json["user"]["status"] == "active"
    assert "crm_session=" in response.headers["Set-Cookie"]
    client.token = response.json["token"]
    assert client.get("/me").json["email"] == "zoe@example.com"
    client.token = None
    client.login("zoe@example.com", "zoe's own password")


def test_an_invite_link_works_once(client, invited):
    _, token = invited
    assert client.post(f"/public/invites/{token}/accept", {"password": "first password 1"}).status == 200
    again = client.post(f"/public/invites/{token}/accept", {"password": "second password 2"})
    assert again.status == 404
    assert client.get(f"/public/invites/{token}").status == 404


def test_an_unknown_invite_token_reveals_nothing(client):
    response = client.get("/public/invites/not-a-real-token")
    assert response.status == 404
    assert response.json["error"]["code"] == "invite_invalid"


def test_an_expired_invite_is_refused(client, invited):
    from chalicelib.domain.ids import token_digest
    from chalicelib.storage import users

    _, token = invited
    invite = users.get_invite(token_digest(token))
    invite.expires_at = "2001-01-01T00:00:00.000Z"
    invite.save()
    assert client.post(f"/public/invites/{token}/accept", {"password": "some password 1"}).status == 404


def test_an_invited_user_cannot_log_in_before_accepting(client, invited):
    response = client.post("/auth/login", {"email": "zoe@example.com", "password": "anything at all"})
    assert response.status == 401


def test_inviting_an_existing_email_is_a_conflict(admin, invited):
    response = admin.post("/users", {"email": "ZOE@example.com", "name": "Another Zoé"})
    assert response.status == 409
    assert response.json["error"]["details"]["email"]


def test_invite_input_is_validated_field_by_field(admin):
    response = admin.post("/users", {"email": "not an email", "name": "", "role": "owner"})
    assert response.status == 400
    assert set(response.json["error"]["details"]) == {"email", "name", "role"}


def test_users_are_listed_with_a_cursor(admin, invited):
    first = admin.get("/users?limit=1")
    assert first.status == 200
    assert len(first.json["items"]) == 1 and first.json["next_cursor"]
    second = admin.get(f"/users?limit=1&cursor={first.json['next_cursor']}")
    assert [u["email"] for u in first.json["items"] + second.json["items"]] == [
        "admin@example.com", "zoe@example.com"]


def test_a_bad_cursor_is_a_validation_error(admin):
    response = admin.get("/users?cursor=garbage!!")
    assert response.status == 400
    assert "cursor" in response.json["error"]["details"]


def test_a_promoted_member_gets_admin_rights_in_their_live_session(admin, member):
    assert member.post("/users", {"email": "x@example.com", "name": "X"}).status == 403
    version = admin.get(f"/users/{member.user['id']}").json["version"]
    response = admin.patch(f"/users/{member.user['id']}", {"role": "admin", "version": version})
    assert response.status == 200, response.text
    assert member.post("/users", {"email": "x@example.com", "name": "X"}).status == 201


def test_a_disabled_member_is_signed_out_and_cannot_sign_in(admin, member):
    version = admin.get(f"/users/{member.user['id']}").json["version"]
    assert admin.patch(f"/users/{member.user['id']}", {"status": "disabled", "version": version}).status == 200
    assert member.get("/me").status == 401
    response = Client(member.gateway).post("/auth/login", {"email": "member@example.com",
                                                           "password": "member password 1"})
    assert response.status == 401
    assert response.json["error"]["code"] == "account_inactive"


def test_an_admin_cannot_demote_themself(admin):
    me = admin.get("/me").json
    response = admin.patch(f"/users/{me['id']}", {"role": "member", "version": me["version"]})
    assert response.status == 400


def test_an_unknown_user_is_not_found(admin):
    assert admin.get("/users/01J0000000000000000000000X").status == 404


def test_a_failed_invitation_mail_leaves_a_user_to_resend_to(admin, clear_outbox, monkeypatch):
    from chalicelib.notify import mail

    def broken(message):
        raise OSError("mail server down")

    monkeypatch.setattr(mail, "send", broken)
    response = admin.post("/users", {"email": "lost@example.com", "name": "Lost"})
    assert response.status == 201, response.text
    assert response.json["invitation"]["mail"] == "failed"
    assert admin.get(f"/users/{response.json['id']}").json["invitation"]["mail"] == "failed"
    monkeypatch.undo()
    resent = admin.post(f"/users/{response.json['id']}/invitation")
    assert resent.status == 200 and resent.json["invitation"]["mail"] == "sent"
    assert outbox()[-1]["To"] == "lost@example.com"


def test_a_resent_invitation_replaces_the_previous_link(admin, client, invited, clear_outbox):
    user, old_token = invited
    assert admin.post(f"/users/{user['id']}/invitation").status == 200
    new_token = invite_link_token(outbox()[-1])
    assert new_token != old_token
    assert client.get(f"/public/invites/{old_token}").status == 404
    assert client.post(f"/public/invites/{new_token}/accept", {"password": "zoe password 1"}).status == 200


def test_a_withdrawn_invitation_frees_the_email_and_kills_the_link(admin, client, invited):
    user, token = invited
    assert admin.delete(f"/users/{user['id']}/invitation").status == 204
    assert admin.get(f"/users/{user['id']}").status == 404
    assert client.get(f"/public/invites/{token}").status == 404
    assert client.post(f"/public/invites/{token}/accept", {"password": "zoe password 1"}).status == 404
    assert admin.post("/users", {"email": "zoe@example.com", "name": "Zoé again"}).status == 201


def test_an_accepted_invitation_can_be_neither_resent_nor_withdrawn(admin, member):
    assert admin.post(f"/users/{member.user['id']}/invitation").status == 409
    assert admin.delete(f"/users/{member.user['id']}/invitation").status == 409
    assert member.get("/me").status == 200


def test_members_cannot_resend_or_withdraw_invitations(member, invited):
    user, _ = invited
    assert member.post(f"/users/{user['id']}/invitation").status == 403
    assert member.delete(f"/users/{user['id']}/invitation").status == 403


@pytest.mark.parametrize("name", ["Zoé\nDurand", "Zoé\x07", "\x1b[2JZoé"])
def test_an_invited_name_with_control_characters_is_refused(admin, name):
    response = admin.post("/users", {"email": "ctl@example.com", "name": name})
    assert response.status == 400
    assert "name" in response.json["error"]["details"]


def test_accepting_an_invitation_takes_the_browsers_language(client, invited):
    _, token = invited
    response = client.post(f"/public/invites/{token}/accept", {"password": "zoe password 1", "language": "en"})
    assert response.json["user"]["language"] == "en"


def test_an_admin_demoted_by_another_loses_admin_rights_at_once(admin, member):
    me, other = admin.get("/me").json, member.get("/me").json
    assert admin.patch(f"/users/{other['id']}", {"role": "admin", "version": other["version"]}).status == 200
    me = admin.get("/me").json
    # The promoted member demotes the original admin, then nobody can demote the last one.
    assert member.patch(f"/users/{me['id']}", {"role": "member", "version": me["version"]}).status == 200
    assert admin.post("/users", {"email": "x@example.com", "name": "X"}).status == 403


def test_the_admins_set_guards_the_last_admin_even_when_the_self_rule_is_bypassed(app, admin, member):
    """Two admins demoting each other: the transaction's condition keeps one."""
    from chalicelib.domain.access import Principal
    from chalicelib.errors import Conflict
    from chalicelib.services import users

    other = member.get("/me").json
    assert admin.patch(f"/users/{other['id']}", {"role": "admin", "version": other["version"]}).status == 200
    me, other = admin.get("/me").json, member.get("/me").json
    as_admin = Principal(user_id=me["id"], role="admin", session_id="s", token_digest="d")
    as_other = Principal(user_id=other["id"], role="admin", session_id="s", token_digest="d")  # read before
    users.update_user(as_admin, other["id"], {"role": "member"}, other["version"])
    with pytest.raises(Conflict) as refused:
        users.update_user(as_other, me["id"], {"status": "disabled"}, me["version"])
    assert refused.value.code == "last_admin"
    assert admin.get("/me").json["role"] == "admin"
