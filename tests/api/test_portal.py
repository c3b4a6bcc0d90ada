"""The client portal: opened on a won deal, used with a token alone, showing only what the coach shares."""
import re

import pytest

from tests.api.conftest import outbox
from tests.api.records_helpers import error_code, make_deal, make_note, make_person, page
from tests.api.test_files import PDF, store_bytes, uploaded

EVERY_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]


def won_deal(client, name="Ada Lovelace", email="ada@client.example", title="Coaching Ada"):
    person = make_person(client, name, emails=[{"value": email, "label": "work"}])
    deal = make_deal(client, title, person_id=person["id"])
    assert client.post(f"/deals/{deal['id']}/won", {}).status == 200
    return deal


def open_portal(client, deal, **body):
    response = client.post(f"/deals/{deal['id']}/portal", {"welcome": "Bienvenue !", "sessions_total": 2,
                                                            "checklist": ["Lire le guide", "Noter 3 objectifs"],
                                                            **body})
    assert response.status == 201, response.text
    return response.json


def public(client, token, path="", method="GET", body=None, headers=None):
    return client.request(method, f"/public/portal/{token}{path}", body, headers=headers, token="")


def everyday_hours(client, portal):
    """The portal's booking link, open every hour of every day (its default is office hours, 24 h ahead)."""
    link = page(client, f"/scheduler/links/{portal['link_id']}")
    edited = client.patch(f"/scheduler/links/{portal['link_id']}", {"windows": EVERY_DAY, "min_notice_min": 0,
                                                                      "cancel_cutoff_hours": 0,
                                                                      "version": link["version"]})
    assert edited.status == 200, edited.text


def test_a_won_deal_opens_a_portal_and_the_client_is_emailed_its_link(admin, clear_outbox):
    person = make_person(admin, "Ada", emails=[{"value": "ada@client.example", "label": "work"}])
    open_deal = make_deal(admin, "Coaching", person_id=person["id"])
    refused = admin.post(f"/deals/{open_deal['id']}/portal", {})
    assert refused.status == 409 and error_code(refused) == "deal_not_won"
    deal = won_deal(admin, "Bea", "bea@client.example")
    portal = open_portal(admin, deal)
    assert len(portal["token"]) >= 43 and portal["url"].endswith(f"/#/portal/{portal['token']}")
    assert portal["package"] == {"total": 2, "used": 0, "booked": 0, "remaining": 2}
    [mail] = outbox()
    assert mail["To"] == "bea@client.example" and portal["url"] in mail.get_body(("plain",)).get_content()
    assert page(admin, f"/deals/{deal['id']}/portal")["token"] == portal["token"]
    assert error_code(admin.post(f"/deals/{deal['id']}/portal", {})) == "portal_exists"
    shown = public(admin, portal["token"]).json
    assert shown["title"] == "Coaching Ada" and shown["welcome"] == "Bienvenue !"
    assert [i["text"] for i in shown["checklist"]] == ["Lire le guide", "Noter 3 objectifs"]


def test_a_deals_page_says_whether_it_has_a_portal_and_whether_it_is_revoked(admin):
    deal = won_deal(admin)
    assert page(admin, f"/deals/{deal['id']}")["portal"] is None
    open_portal(admin, deal, send_invite=False)
    assert page(admin, f"/deals/{deal['id']}")["portal"] == {"status": "active"}
    admin.delete(f"/deals/{deal['id']}/portal")
    assert page(admin, f"/deals/{deal['id']}")["portal"] == {"status": "revoked"}


def test_the_client_sees_only_what_is_shared_on_its_own_deal(admin):
    deal = won_deal(admin)
    other = won_deal(admin, "Bob", "bob@client.example", "Coaching Bob")
    portal, theirs = open_portal(admin, deal), open_portal(admin, other)
    make_note(admin, "Séance 1 : bilan partagé", deal_id=deal["id"], shared=True)
    make_note(admin, "Note privée du coach", deal_id=deal["id"])
    make_note(admin, "Partagé, mais chez Bob", deal_id=other["id"], shared=True)
    _, shared = uploaded(admin, deal=deal, name="Programme.pdf", shared=True)
    _, private = uploaded(admin, deal=deal, name="Facture interne.pdf")
    shown = public(admin, portal["token"]).json
    assert [n["content"] for n in shown["notes"]] == ["Séance 1 : bilan partagé"]
    assert [f["name"] for f in shown["files"]] == ["Programme.pdf"] and shown["files"][0]["download_url"]
    assert "Facture" not in str(shown) and "privée" not in str(shown) and "Bob" not in str(shown)
    assert public(admin, theirs["token"]).json["title"] == "Coaching Bob"


def test_refusals_look_the_same_whatever_exists(admin):
    deal, other = won_deal(admin), won_deal(admin, "Bob", "bob@client.example", "Coaching Bob")
    portal, theirs = open_portal(admin, deal), open_portal(admin, other)
    unknown = public(admin, "x" * 43)
    assert unknown.status == 404
    regenerated = admin.post(f"/deals/{other['id']}/portal", {"regenerate": True, "send_invite": False}).json
    old = public(admin, theirs["token"])
    assert regenerated["token"] != theirs["token"] and public(admin, regenerated["token"]).status == 200
    assert (old.status, old.json) == (unknown.status, unknown.json)  # a replaced token is any unknown token
    assert admin.delete(f"/deals/{other['id']}/portal").status == 204
    revoked = public(admin, regenerated["token"])
    assert (revoked.status, revoked.json) == (unknown.status, unknown.json)
    their_item = regenerated["checklist"][0]["id"]
    foreign = public(admin, portal["token"], f"/checklist/{their_item}", "POST", {"done": True})
    missing = public(admin, portal["token"], "/checklist/NOSUCHITEM", "POST", {"done": True})
    assert foreign.status == missing.status == 404 and foreign.json == missing.json
    _, their_file = uploaded(admin, deal=other)
    foreign = public(admin, portal["token"], f"/files/{their_file['id']}/uploaded", "POST")
    missing = public(admin, portal["token"], "/files/01NOSUCHFILE00000000000000/uploaded", "POST")
    assert foreign.status == missing.status == 404 and foreign.json == missing.json


def test_a_ticked_goal_shows_in_the_portal_and_on_the_deals_timeline(admin):
    deal = won_deal(admin)
    portal = open_portal(admin, deal)
    item = portal["checklist"][1]
    ticked = public(admin, portal["token"], f"/checklist/{item['id']}", "POST", {"done": True})
    assert ticked.status == 200 and ticked.json["done"] is True
    assert [i["done"] for i in page(admin, f"/deals/{deal['id']}/portal")["checklist"]] == [False, True]
    entries = [e for e in page(admin, f"/deals/{deal['id']}/timeline")["items"] if e["kind"] == "portal"]
    assert entries[0]["record"] == {"event": "checklist_done", "text": "Noter 3 objectifs"}
    assert entries[0]["actor"] == "portal"
    public(admin, portal["token"], f"/checklist/{item['id']}", "POST", {"done": False})
    assert public(admin, portal["token"]).json["checklist"][1]["done"] is False


def test_the_coach_edits_the_checklist_keeping_what_was_ticked(admin):
    deal = won_deal(admin)
    portal = open_portal(admin, deal)
    first = portal["checklist"][0]
    public(admin, portal["token"], f"/checklist/{first['id']}", "POST", {"done": True})
    current = page(admin, f"/deals/{deal['id']}/portal")
    edited = admin.patch(f"/deals/{deal['id']}/portal", {"version": current["version"], "checklist": [
        {"id": first["id"], "text": "Lire le guide (chapitres 1-3)"}, "Préparer la séance 2"]})
    assert edited.status == 200, edited.text
    assert [(i["text"], i["done"]) for i in edited.json["checklist"]] == [
        ("Lire le guide (chapitres 1-3)", True), ("Préparer la séance 2", False)]
    stale = admin.patch(f"/deals/{deal['id']}/portal", {"version": current["version"], "welcome": "x"})
    assert stale.status == 409


def test_a_client_upload_lands_on_the_deal_and_in_the_portal(admin):
    deal = won_deal(admin)
    portal = open_portal(admin, deal)
    granted = public(admin, portal["token"], "/files", "POST", {"name": "../Mes objectifs.pdf", "size": len(PDF),
                                                                "type": "application/pdf"})
    assert granted.status == 201, granted.text
    assert granted.json["file"]["name"] == "Mes objectifs.pdf"
    store_bytes(granted.json["upload"], PDF)
    done = public(admin, portal["token"], f"/files/{granted.json['file']['id']}/uploaded", "POST")
    assert done.status == 200, done.text
    [shown] = public(admin, portal["token"]).json["files"]
    assert shown["name"] == "Mes objectifs.pdf" and shown["from_client"] is True
    entries = [e for e in page(admin, f"/deals/{deal['id']}/timeline")["items"] if e["kind"] == "file"]
    assert entries[0]["record"]["uploaded_by"] == "portal"
    too_big = public(admin, portal["token"], "/files", "POST", {"name": "film.mp4", "size": 26 * 1024 * 1024,
                                                                "type": "video/mp4"})
    assert too_big.status == 413


def test_the_package_link_books_sessions_until_the_package_is_used_up(admin, clear_outbox):
    deal = won_deal(admin)
    portal = open_portal(admin, deal)
    everyday_hours(admin, portal)
    slots = public(admin, portal["token"], "/slots").json["slots"]
    first = public(admin, portal["token"], "/bookings", "POST", {"start": slots[2]["start"]})
    second = public(admin, portal["token"], "/bookings", "POST", {"start": slots[8]["start"]})
    assert first.status == second.status == 201, (first.text, second.text)
    assert page(admin, f"/deals/{deal['id']}/portal")["package"] == {"total": 2, "used": 0, "booked": 2,
                                                                     "remaining": 0}
    third = public(admin, portal["token"], "/bookings", "POST", {"start": slots[12]["start"]})
    assert third.status == 409 and error_code(third) == "package_used_up"
    shown = public(admin, portal["token"], "/slots").json
    assert shown["slots"] == [] and shown["booking"] == {"available": False, "reason": "package_used_up"}
    sessions = [e for e in page(admin, f"/deals/{deal['id']}/timeline")["items"] if e["kind"] == "activity"]
    assert len(sessions) == 2 and {s["record"]["package_seat"] for s in sessions} == {1, 2}
    assert admin.delete(f"/public/bookings/{first.json['booking_token']}", token="").status == 204
    assert page(admin, f"/deals/{deal['id']}/portal")["package"]["remaining"] == 1
    again = public(admin, portal["token"], "/bookings", "POST", {"start": slots[12]["start"]})
    assert again.status == 201, again.text
    upcoming = public(admin, portal["token"]).json["sessions"]["upcoming"]
    assert [s["start"] for s in upcoming] == [slots[8]["start"], slots[12]["start"]]


def test_a_done_session_counts_as_used(admin):
    deal = won_deal(admin)
    portal = open_portal(admin, deal, sessions_total=3)
    admin.post("/activities", {"type": "meeting", "subject": "Séance 1", "due_at": "2026-11-20T09:00:00Z",
                               "deal_id": deal["id"], "done": True})
    assert page(admin, f"/deals/{deal['id']}/portal")["package"] == {"total": 3, "used": 1, "booked": 0,
                                                                     "remaining": 2}
    assert public(admin, portal["token"]).json["sessions"]["past"][0]["done"] is True


def test_the_portals_booking_link_is_not_a_public_booking_page(admin):
    deal = won_deal(admin)
    portal = open_portal(admin, deal)
    link = page(admin, f"/scheduler/links/{portal['link_id']}")
    assert admin.get(f"/public/scheduler/{link['token']}", token="").status == 404


def test_a_portal_asking_for_a_code_shows_nothing_until_the_emailed_code_is_given(admin, clear_outbox):
    deal = won_deal(admin)
    portal = open_portal(admin, deal, code_required=True, send_invite=False)
    closed = public(admin, portal["token"])
    assert closed.status == 403 and error_code(closed) == "code_required" and "Coaching" not in closed.text
    sent = public(admin, portal["token"], "/code", "POST")
    assert sent.status == 202 and sent.json["sent_to"].endswith("@client.example")
    code = re.search(r"\b(\d{6})\b", outbox()[-1].get_body(("plain",)).get_content()).group(1)
    wrong = public(admin, portal["token"], "/session", "POST", {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status == 403 and error_code(wrong) == "bad_code"
    session = public(admin, portal["token"], "/session", "POST", {"code": code}).json["session"]
    shown = public(admin, portal["token"], headers={"X-Portal-Session": session})
    assert shown.status == 200 and shown.json["title"] == "Coaching Ada"
    assert public(admin, portal["token"], "/session", "POST", {"code": code}).status == 403  # used once


@pytest.mark.parametrize("body, code", [
    ({"sessions_total": -1}, "validation_error"),
    ({"show": {"nope": True}}, "validation_error"),
    ({"checklist": [""]}, "validation_error"),
])
def test_bad_portal_settings_are_refused_in_words(admin, body, code):
    deal = won_deal(admin)
    response = admin.post(f"/deals/{deal['id']}/portal", body)
    assert response.status == 400 and error_code(response) == code
