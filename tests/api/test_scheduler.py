"""Booking links: free slots, bookings that never overlap, invites calendars accept, cancel and reschedule."""
from datetime import datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from tests.api.conftest import outbox
from tests.api.records_helpers import collect, make_activity, make_deal, make_org, make_person, page

EVERY_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]


def tomorrow():
    return (datetime.now(timezone.utc) + timedelta(days=1)).date().isoformat()


def make_link(client, **fields):
    body = {"kind": "general", "title": "Appel découverte", "duration_min": 30, "windows": EVERY_DAY,
            "timezone": "Europe/Paris", "min_notice_min": 0, **fields}
    response = client.post("/scheduler/links", body)
    assert response.status == 201, response.text
    return response.json


def slots(client, link, day=None):
    response = client.get(f"/public/scheduler/{link['token']}?from={day or tomorrow()}&to={day or tomorrow()}")
    assert response.status == 200, response.text
    return response.json


def book(client, link, start, **fields):
    body = {"start": start, "name": "Bob Client", "email": "bob@client.example", **fields}
    return client.post(f"/public/scheduler/{link['token']}/bookings", body, token="")


def invites():
    """(message, parsed calendar) of every mail carrying an invite, oldest first."""
    found = []
    for message in outbox():
        for part in message.walk():
            if part.get_content_type() == "text/calendar" and part.get_filename() is None:
                found.append((message, Calendar.from_ical(part.get_content())))
    return found


def test_a_link_offers_its_windows_in_its_zone_and_hides_the_owners_busy_time(admin):
    link = make_link(admin, windows=[{"weekday": d, "start": "09:00", "end": "11:00"} for d in range(7)])
    assert len(link["token"]) >= 43 and link["timezone"] == "Europe/Paris" and link["host_name"]
    day = tomorrow()
    body = slots(admin, link, day)
    assert body["link"]["title"] == "Appel découverte" and "token" not in body["link"]
    free = [s["start"] for s in body["slots"]]
    assert len(free) == 4
    make_activity(admin, due_at=free[1], duration_min=30)
    assert [s["start"] for s in slots(admin, link, day)["slots"]] == [free[0], free[2], free[3]]
    preview = page(admin, f"/scheduler/links/{link['id']}/slots?from={day}&to={day}")
    assert [s["start"] for s in preview["slots"]] == [free[0], free[2], free[3]]


def test_a_booking_makes_the_person_the_activity_the_note_and_two_invites(admin, clear_outbox):
    link = make_link(admin, questions=[{"id": "goal", "label": "Your goal?", "required": True},
                                       {"id": "size", "label": "Team size", "type": "choice",
                                        "options": ["1-5", "6-20"]}])
    start = slots(admin, link)["slots"][3]["start"]
    response = book(admin, link, start, phone="+33 6 00 00 00 00", timezone="America/New_York",
                    answers={"goal": "<script>alert(1)</script> grow", "size": "6-20"})
    assert response.status == 201, response.text
    assert response.json["start"] == start and len(response.json["booking_token"]) >= 43
    [person] = [p for p in collect(admin, "/persons") if p["name"] == "Bob Client"]
    [activity] = [a for a in collect(admin, "/activities") if a["person_id"] == person["id"]]
    assert (activity["due_at"], activity["duration_min"], activity["type"]) == (start, 30, "meeting")
    [note] = page(admin, f"/notes?activity_id={activity['id']}")["items"]
    assert "<script>alert(1)</script> grow" in note["content"] and "6-20" in note["content"]
    sent = invites()
    assert sorted(m["To"] for m, _ in sent) == sorted(["bob@client.example", "admin@example.com"])
    for message, calendar in sent:
        assert calendar["method"] == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["uid"]) == f"{activity['id']}@crm"
        assert event["organizer"] == "mailto:admin@example.com"
        assert str(event["attendee"]) == "mailto:bob@client.example"
        assert event.decoded("dtstart").tzinfo.key == "Europe/Paris"
        assert event.decoded("dtstart").astimezone(timezone.utc).isoformat().replace("+00:00", "Z") == start
        assert calendar.walk("VTIMEZONE")
    to_customer = next(m for m, _ in sent if m["To"] == "bob@client.example")
    assert "/#/booking/" + response.json["booking_token"] in to_customer.get_body(("plain",)).get_content()


def test_the_second_booking_of_the_same_slot_is_refused(admin):
    link = make_link(admin)
    start = slots(admin, link)["slots"][5]["start"]
    assert book(admin, link, start).status == 201
    second = book(admin, link, start, email="eve@client.example", name="Eve")
    assert second.status == 409 and second.json["error"]["code"] == "slot_taken"
    assert start not in [s["start"] for s in slots(admin, link)["slots"]]


def test_bookings_through_two_links_of_one_owner_never_overlap(admin):
    short, long = make_link(admin, duration_min=15, slot_interval_min=15), make_link(admin, duration_min=60)
    start = slots(admin, long)["slots"][10]["start"]
    assert book(admin, long, start).status == 201
    inside = (datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(minutes=15)).isoformat()
    assert inside.replace("+00:00", "Z") not in [s["start"] for s in slots(admin, short)["slots"]]


def test_the_claim_refuses_an_overlap_even_when_the_slots_were_read_before(admin, monkeypatch):
    """Two customers read the slots, then both book overlapping times: the claims decide."""
    from chalicelib.services import scheduling

    short, long = make_link(admin, duration_min=15, slot_interval_min=15), make_link(admin, duration_min=60)
    start = slots(admin, long)["slots"][12]["start"]
    overlap = (datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(minutes=30)).isoformat()
    monkeypatch.setattr(scheduling, "_check_time", lambda *args, **kwargs: None)  # both saw the time free
    assert book(admin, long, start).status == 201
    raced = book(admin, short, overlap.replace("+00:00", "Z"), email="eve@client.example", name="Eve")
    assert raced.status == 409 and raced.json["error"]["code"] == "slot_taken"


@pytest.mark.parametrize("case", ["off grid", "past", "out of window", "wrong token", "long name",
                                  "missing answer", "unknown answer"])
def test_bad_bookings_get_a_clear_4xx_and_write_nothing(admin, case):
    link = make_link(admin, windows=[{"weekday": d, "start": "09:00", "end": "12:00"} for d in range(7)],
                     questions=[{"id": "goal", "label": "Goal", "required": True}])
    start = slots(admin, link)["slots"][0]["start"]
    moment = datetime.fromisoformat(start.replace("Z", "+00:00"))
    body, token = {"answers": {"goal": "x"}}, link["token"]
    if case == "off grid":
        body["start"] = (moment + timedelta(minutes=7)).isoformat()
    elif case == "past":
        body["start"] = "2020-01-06T08:00:00Z"
    elif case == "out of window":
        body["start"] = (moment - timedelta(hours=2)).isoformat()
    elif case == "wrong token":
        token = "x" * 43
    elif case == "long name":
        body["name"] = "x" * 10_000
    elif case == "missing answer":
        body["answers"] = {}
    elif case == "unknown answer":
        body["answers"] = {"goal": "x", "other": "y"}
    response = admin.post(f"/public/scheduler/{token}/bookings",
                          {"start": start, "name": "Bob", "email": "bob@client.example", **body}, token="")
    assert response.status == (404 if case == "wrong token" else 400), response.text
    assert collect(admin, "/persons") == [] and collect(admin, "/activities") == []


def test_a_specific_link_is_taken_by_its_first_booking(admin):
    day = datetime.now(timezone.utc) + timedelta(days=3)
    times = [day.replace(hour=h, minute=0, second=0, microsecond=0).isoformat().replace("+00:00", "Z")
             for h in (9, 14)]
    link = make_link(admin, kind="specific", times=times, windows=[])
    assert [s["start"] for s in slots(admin, link, day.date().isoformat())["slots"]] == times
    assert book(admin, link, times[1]).status == 201
    assert slots(admin, link, day.date().isoformat())["slots"] == []
    other = book(admin, link, times[0], email="eve@client.example", name="Eve")
    assert other.status == 409


def test_cancelling_frees_the_time_at_once_and_sends_a_cancel(admin, clear_outbox):
    link = make_link(admin, cancel_cutoff_hours=0)
    start = slots(admin, link)["slots"][7]["start"]
    token = book(admin, link, start).json["booking_token"]
    shown = admin.get(f"/public/bookings/{token}", token="").json
    assert shown["status"] == "booked" and shown["can_cancel"] and shown["start"] == start
    assert admin.delete(f"/public/bookings/{token}", token="").status == 204
    assert start in [s["start"] for s in slots(admin, link)["slots"]]
    assert admin.get(f"/public/bookings/{token}", token="").json["status"] == "cancelled"
    assert admin.delete(f"/public/bookings/{token}", token="").status == 409
    methods = [c["method"] for _, c in invites()]
    assert methods.count("CANCEL") == 2 and methods.count("REQUEST") == 2


def test_rescheduling_moves_the_booking_and_updates_the_same_invite(admin, clear_outbox):
    link = make_link(admin, cancel_cutoff_hours=0, max_reschedules=1)
    free = [s["start"] for s in slots(admin, link)["slots"]]
    token = book(admin, link, free[4]).json["booking_token"]
    moved = admin.post(f"/public/bookings/{token}/reschedule", {"start": free[9]}, token="")
    assert moved.status == 200, moved.text
    after = [s["start"] for s in slots(admin, link)["slots"]]
    assert free[4] in after and free[9] not in after
    uids = {str(c.walk("VEVENT")[0]["uid"]) for _, c in invites()}
    assert len(uids) == 1
    assert max(int(c.walk("VEVENT")[0]["sequence"]) for _, c in invites()) == 1
    again = admin.post(f"/public/bookings/{token}/reschedule", {"start": free[10]}, token="")
    assert again.status == 409  # one reschedule allowed


def test_within_the_cutoff_a_booking_can_no_longer_be_cancelled_online(admin):
    link = make_link(admin, cancel_cutoff_hours=48)
    token = book(admin, link, slots(admin, link)["slots"][2]["start"]).json["booking_token"]
    shown = admin.get(f"/public/bookings/{token}", token="").json
    assert shown["can_cancel"] is False and shown["can_reschedule"] is False
    assert admin.delete(f"/public/bookings/{token}", token="").status == 409


def test_deleting_the_activity_frees_the_slot(admin):
    link = make_link(admin)
    start = slots(admin, link)["slots"][3]["start"]
    token = book(admin, link, start).json["booking_token"]
    [activity] = collect(admin, "/activities")
    assert admin.delete(f"/activities/{activity['id']}").status == 204
    assert start in [s["start"] for s in slots(admin, link)["slots"]]
    assert admin.get(f"/public/bookings/{token}", token="").json["status"] == "cancelled"


def test_a_booking_joins_the_links_deal_or_the_persons_single_open_deal(admin):
    bob = make_person(admin, "Bob", emails=[{"value": "bob@client.example"}])
    deal = make_deal(admin, "Coaching", person_id=bob["id"])
    link = make_link(admin)
    assert book(admin, link, slots(admin, link)["slots"][1]["start"]).status == 201
    [activity] = collect(admin, "/activities")
    assert (activity["person_id"], activity["deal_id"]) == (bob["id"], deal["id"])
    assert [p["id"] for p in collect(admin, "/persons")] == [bob["id"]]  # found by email, not duplicated


def test_a_booking_through_a_link_made_for_an_organization_is_on_that_organization(admin):
    org = make_org(admin, "Atelier")
    link = make_link(admin, org_id=org["id"])
    assert link["org_id"] == org["id"]
    assert book(admin, link, slots(admin, link)["slots"][1]["start"]).status == 201
    [activity] = collect(admin, "/activities")
    assert activity["org_id"] == org["id"]


def test_links_are_listed_by_the_record_they_were_made_for(admin):
    deal = make_deal(admin, "Coaching", person_id=make_person(admin, "Bob")["id"])
    org = make_org(admin, "Atelier")
    for_deal, for_org, _ = make_link(admin, deal_id=deal["id"]), make_link(admin, org_id=org["id"]), make_link(admin)
    assert [link["id"] for link in page(admin, f"/scheduler/links?deal_id={deal['id']}")["items"]] == [for_deal["id"]]
    assert [link["id"] for link in page(admin, f"/scheduler/links?org_id={org['id']}")["items"]] == [for_org["id"]]
    assert page(admin, "/scheduler/links?kind=specific")["items"] == []


def test_the_owners_preview_says_when_a_specific_link_is_booked(admin):
    day = datetime.now(timezone.utc) + timedelta(days=3)
    time = day.replace(hour=10, minute=0, second=0, microsecond=0).isoformat().replace("+00:00", "Z")
    link = make_link(admin, kind="specific", times=[time], windows=[])
    preview = f"/scheduler/links/{link['id']}/slots?from={day.date().isoformat()}&to={day.date().isoformat()}"
    assert page(admin, preview)["booked"] is False
    assert book(admin, link, time).status == 201
    after = page(admin, preview)
    assert after["booked"] is True and after["slots"] == []


def test_the_daily_maximum_closes_a_day(admin):
    from zoneinfo import ZoneInfo

    def paris_day(iso):
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/Paris")).date()

    link = make_link(admin, daily_max=1)
    free = slots(admin, link)["slots"]
    booked_day = paris_day(free[5]["start"])
    assert book(admin, link, free[5]["start"]).status == 201
    assert all(paris_day(s["start"]) != booked_day for s in slots(admin, link)["slots"])


def test_a_new_token_kills_the_old_url(admin):
    link = make_link(admin)
    renewed = admin.post(f"/scheduler/links/{link['id']}/token", {"version": link["version"]}).json
    assert renewed["token"] != link["token"]
    assert admin.get(f"/public/scheduler/{link['token']}", token="").status == 404
    assert admin.get(f"/public/scheduler/{renewed['token']}", token="").status == 200


def test_links_are_validated_in_words(admin):
    bad = admin.post("/scheduler/links", {"kind": "general", "title": "x", "duration_min": 33, "windows": []})
    assert bad.status == 400 and {"duration_min", "windows"} & set(bad.json["error"]["details"])
    overnight = admin.post("/scheduler/links", {"kind": "general", "title": "x", "duration_min": 30,
                                                "windows": [{"weekday": 0, "start": "18:00", "end": "09:00"}]})
    assert overnight.status == 400


def test_a_links_slot_interval_goes_back_to_its_duration_when_null(admin):
    def gap(link):
        first, second = [datetime.fromisoformat(s["start"].replace("Z", "+00:00")) for s in slots(admin, link)["slots"][:2]]
        return int((second - first).total_seconds() // 60)

    link = make_link(admin, slot_interval_min=15)
    assert gap(link) == 15
    response = admin.patch(f"/scheduler/links/{link['id']}", {"slot_interval_min": None, "version": link["version"]})
    assert response.status == 200, response.text
    assert response.json["slot_interval_min"] is None and gap(link) == 30


def test_the_calendar_feed_lists_the_users_activities_and_can_be_revoked(admin):
    make_activity(admin, subject="Feed call", due_at=(datetime.now(timezone.utc) + timedelta(days=2)).isoformat())
    assert admin.get("/me/calendar-feed").json["active"] is False
    url = admin.post("/me/calendar-feed").json["url"]
    path = url.split("/api", 1)[1]
    response = admin.get(path, token="")
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Feed call"]
    renewed = admin.post("/me/calendar-feed").json["url"]
    assert admin.get(path, token="").status == 404 and renewed != url
    assert admin.delete("/me/calendar-feed").status == 204
    assert admin.get(renewed.split("/api", 1)[1], token="").status == 404
