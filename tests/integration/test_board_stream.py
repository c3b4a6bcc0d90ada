"""A board card follows its deal's activities and names through the real local stream."""
from tests.integration.support import eventually


def test_a_card_shows_the_next_activity_and_a_new_name_once_the_stream_passed(app_module, admin, start_poller):
    from chalicelib.services import records
    from chalicelib.storage import board

    start_poller(app_module.on_table_change)
    ada = records.create(admin, "person", {"name": "Ada Card"})
    deal = records.create(admin, "deal", {"title": "Card deal", "person_id": ada["id"]})
    records.create(admin, "activity", {"type": "call", "subject": "Second", "deal_id": deal["id"],
                                       "due_at": "2031-02-01T09:00:00Z"})
    records.create(admin, "activity", {"type": "call", "subject": "First", "deal_id": deal["id"],
                                       "due_at": "2031-01-01T09:00:00Z"})
    card = eventually(lambda: (c := board.get_card(f"DEAL#{deal['id']}")) and c.get("next_activity")
                      and c["next_activity"]["subject"] == "First" and c)
    assert card["planned_until"] == "2031-02-01T09:00:00Z"
    records.update(admin, "person", ada["id"], {"name": "Ada Renamed", "version": ada["version"]})
    eventually(lambda: board.get_card(f"DEAL#{deal['id']}")["person_name"] == "Ada Renamed")
    moved = records.update(admin, "deal", deal["id"], {"title": "Card deal, edited",
                                                       "version": records.record_store.get(
                                                           f"DEAL#{deal['id']}")["version"]})
    card = eventually(lambda: (c := board.get_card(f"DEAL#{deal['id']}")) and c.get("touched_at") and c)
    assert card["title"] == "Card deal, edited" and card["next_activity"]["subject"] == "First"
    assert moved["version"] == card["version"]
