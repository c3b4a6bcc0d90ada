"""Invites and feeds read back by two parsers nobody here wrote: icalendar (Python) and ical.js (Mozilla).

ical.js comes from npm (fetched once into .cache/, like DynamoDB Local).
"""
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest
from icalendar import Calendar

REPO = Path(__file__).resolve().parents[2]
ICALJS = "ical.js@2.2.1"
CACHE = REPO / ".cache" / "icaljs"
SCRIPT = Path(__file__).with_name("js") / "parse_ics.mjs"


def icaljs():
    """The path of ical.js's module, fetched from npm on first use."""
    module = CACHE / "package" / "dist" / "ical.js"
    if module.is_file():
        return module
    if not shutil.which("npm") or not shutil.which("node"):
        pytest.fail("node and npm are needed to fetch ical.js")
    CACHE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=CACHE))
    try:
        subprocess.run(["npm", "pack", ICALJS, "--loglevel=error"], cwd=staging, check=True,
                       stdout=subprocess.DEVNULL, timeout=300)
        with tarfile.open(next(staging.glob("*.tgz"))) as tar:
            tar.extractall(staging, filter="data")
        (staging / "package").rename(CACHE / "package")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return module


def read_with_icaljs(*texts):
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for index, text in enumerate(texts):
            path = Path(folder) / f"{index}.ics"
            path.write_text(text)
            files.append(str(path))
        result = subprocess.run(["node", str(SCRIPT), str(icaljs()), *files], capture_output=True, text=True,
                                timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("zone,start,wall", [
    ("Europe/Paris", "2026-07-01T07:30:00Z", "2026-07-01T09:30:00"),  # summer time
    ("Europe/Paris", "2026-12-01T08:30:00Z", "2026-12-01T09:30:00"),  # winter time
    ("America/New_York", "2026-03-09T13:00:00Z", "2026-03-09T09:00:00"),  # the day after DST began
    ("Australia/Sydney", "2026-06-30T23:00:00Z", "2026-07-01T09:00:00"),
])
def test_a_booking_invite_reads_back_at_the_same_instant_and_local_time(zone, start, wall):
    from chalicelib.notify.invites import booking_invite

    end = start.replace(":30:00Z", ":59:00Z").replace(":00:00Z", ":45:00Z")
    for method, sequence in (("REQUEST", 0), ("REQUEST", 1), ("CANCEL", 2)):
        ics = booking_invite(activity_id="01JBOOKING", start=start, end=end, zone=zone, title="Découverte 🙂",
                             location="Visio", description="https://crm.example/#/booking/x", method=method,
                             sequence=sequence, organizer=("Claire Hôte", "claire@crm.example"),
                             attendee=("Bob", "bob@client.example"))
        parsed = Calendar.from_ical(ics)  # icalendar
        event = parsed.walk("VEVENT")[0]
        assert parsed["method"] == method and int(event["sequence"]) == sequence
        assert event.decoded("dtstart").isoformat().startswith(wall)
        [read] = read_with_icaljs(ics)  # ical.js
        assert read["uid"] == "01JBOOKING@crm" and read["sequence"] == sequence and read["method"] == method
        assert read["start_utc"].replace(".000Z", "Z") == start
        assert read["start_wall"] == wall and read["zone"] == zone
        assert read["organizer"] == "mailto:claire@crm.example"
        assert read["attendees"] == ["mailto:bob@client.example"]
        assert read["summary"] == "Découverte 🙂"


def test_a_calendar_feed_reads_back_event_by_event():
    from chalicelib.notify.invites import feed

    activities = [
        {"id": "A1", "version": 3, "data": {"due_at": "2026-10-25T00:30:00Z", "duration_min": 90,
                                            "subject": "Through the autumn change"}},
        {"id": "A2", "version": 1, "data": {"due_at": "2026-11-02T00:00:00Z", "all_day": True,
                                            "subject": "All day"}},
    ]
    ics = feed("Claire", activities)
    assert [str(e["summary"]) for e in Calendar.from_ical(ics).walk("VEVENT")] == [
        "Through the autumn change", "All day"]
    first, second = read_with_icaljs(ics)
    assert (first["start_utc"], first["end_utc"]) == ("2026-10-25T00:30:00.000Z", "2026-10-25T02:00:00.000Z")
    assert first["sequence"] == 3
    assert second["is_date"] and second["start_wall"] == "2026-11-02"
