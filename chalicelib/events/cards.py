"""Board cards kept current from the stream: the next activity, the last touch, the names shown.

A card is written with its deal; what other records say of it arrives here,
after the fact: an activity planned, moved or done on the deal, a note
written on it, the deal edited (a touch), its person or organization renamed.
Every pass recomputes from the stored state, so a redelivered record changes
nothing more.
"""
from chalicelib.domain.text import fold
from chalicelib.storage import keys

NAMED = {"person": "person_name", "organization": "org_name"}
_PLACE = ("pipeline_id", "stage_id", "status", "stage_entered_at")


def _data(image):
    return (image or {}).get("data") or {}


def _touch(change):
    """(deal ids, when they were touched or None) that a record change concerns."""
    entity, new, old = change.entity, change.new or {}, change.old or {}
    after, before = _data(new), _data(old)
    if entity == "activity":
        deals = {d for d in (after.get("deal_id"), before.get("deal_id")) if d}
        done_now = after.get("done") and not before.get("done")
        return deals, new.get("updated_at") if done_now else None
    if entity == "note":
        deal = after.get("deal_id") if change.event_name == "INSERT" else None
        return ({deal} if deal else set()), new.get("created_at")
    if entity == "deal":
        edited = change.event_name == "MODIFY" and any(
            after.get(k) != before.get(k) for k in set(after) | set(before) if k not in _PLACE)
        return {change.keys["pk"].split("#", 1)[1]}, new.get("updated_at") if edited else None
    return set(), None


def refresh_cards(change):
    """Consumer: a deal's card shows its next activity and its last touch; renames reach the cards."""
    if change.keys.get("sk") != keys.RECORD or not change.new:
        return
    if change.entity in NAMED:
        _rename(change)
        return
    deals, touched = _touch(change)
    for deal_id in deals:
        _refresh(deal_id, touched)


def _refresh(deal_id, touched):
    from chalicelib.domain.board import planned
    from chalicelib.storage import board, record_store
    from chalicelib.storage.derived import record_key
    from chalicelib.storage.record_store import plain

    pk = record_key("deal", deal_id)
    card = board.get_card(pk)
    if card is None:
        return  # won, lost or deleted: no card to keep
    activities, cursor = [], None
    while True:
        items, cursor = record_store.query_partition(pk, prefix=keys.TIMELINE, cursor=cursor, limit=200,
                                                     consistent=True)
        activities += [plain(i.data)["record"] for i in items if (plain(i.data) or {}).get("kind") == "activity"]
        if not cursor:
            break
    extra = planned(activities)
    last = max(filter(None, [card.get("touched_at"), touched]), default=None)
    if last:
        extra["touched_at"] = last
    board.set_extra(pk, extra)


def _rename(change):
    """A person or organization renamed: the cards of its open deals show the new name."""
    from chalicelib.services.records import linked_records
    from chalicelib.storage import board
    from chalicelib.storage.derived import record_key

    name, before = _data(change.new).get("name"), _data(change.old).get("name")
    if change.event_name != "MODIFY" or name == before or change.new.get("deleted_at"):
        return
    field = NAMED[change.entity]
    for deal in linked_records(change.entity, change.keys["pk"].split("#", 1)[1]).get("deal", []):
        card = board.get_card(record_key("deal", deal["id"]))
        if card is None:
            continue
        names = {**{k: card.get(k) for k in NAMED.values()}, field: name}
        text = fold(" ".join(filter(None, [card.get("title"), names["person_name"], names["org_name"]])))
        board.rename(record_key("deal", deal["id"]), field, name, text)
