"""Pages of record lists: which index serves which order (storage README rows 13, 14, 21, 23)."""
from chalicelib.storage import keys
from chalicelib.storage.models import RecordItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.record_store import state_of

_ORDER_INDEX = {"name": "gsi1", "created": "gsi3"}


def list_page(spec, order, *, owner=None, period=(None, None), equals=None, tag=None, cursor=None, limit=50,
              newest_first=False):
    """(states, next_cursor) of one page of `spec`'s records in `order`.

    `order` "due" lists by due time, all owners or `owner`'s (an index each),
    within `period` (stored instants); other orders take `owner` as a filter.
    `equals` {data field: value} and `tag` filter the page.
    """
    condition = None

    def add(expr):
        nonlocal condition
        condition = expr if condition is None else condition & expr

    if owner and order != "due":
        add(RecordItem.owner_id == owner)
    if tag:
        add(RecordItem.data["tags"].contains(tag))
    for field, value in (equals or {}).items():
        add(RecordItem.data[field] == value)
    if order == "due":
        index, hash_key = ("gsi2", keys.owner_activities(owner)) if owner else ("gsi1", keys.ACTIVITIES)
        sort_key = RecordItem.gsi2sk if index == "gsi2" else RecordItem.gsi1sk
        low, high = period
        range_condition = (sort_key.between(low, high + "~") if low and high else
                           sort_key >= low if low else sort_key <= high + "~" if high else None)
    else:
        index, hash_key, range_condition = _ORDER_INDEX[order], keys.record_list(spec.plural), None
    items, next_cursor = query_page(RecordItem, hash_key, index=index, range_key_condition=range_condition,
                                    filter_condition=condition, cursor=cursor, limit=limit,
                                    newest_first=newest_first)
    return [state_of(i) for i in items], next_cursor


def trash_page(cursor=None, limit=50):
    """Deleted records, most recently deleted first (restorable for 30 days)."""
    return query_page(RecordItem, keys.TRASH, index="gsi1", cursor=cursor, limit=limit, newest_first=True)


def pending_deletions(before, limit=50):
    """[(entity, id)] of deletions still taking their linked records along, begun before `before`."""
    items, _ = query_page(RecordItem, keys.CASCADES, index="gsi2", range_key_condition=RecordItem.gsi2sk < before,
                          limit=limit)
    return [(i.entity, i.id) for i in items]
