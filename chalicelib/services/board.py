"""The board: a pipeline's open deals, one column per open stage, each with its count and total.

One Query page per MB of cards (a board of 2,000 deals is a page or two),
filtered in DynamoDB by owner, tag, creation period and text, and one
BatchGetItem for the owners' names. A column shows its first cards; the
rest come a page at a time (`stage_id` and `cursor`).
"""
import base64
import binascii
import re

from chalicelib.domain.board import COLUMN_PAGE, columns, present_card
from chalicelib.domain.clock import now_iso
from chalicelib.domain.pipelines import open_stages, stage_of
from chalicelib.domain.record_fields import period_bound
from chalicelib.domain.text import fold
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.services.pipelines import present as present_pipeline
from chalicelib.storage import board as cards_store
from chalicelib.storage import keys, pipelines
from chalicelib.storage.models import UserItem
from chalicelib.storage.records import get_many


_CURSOR = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
_PLACE = re.compile(r"^[0-9T:.Z-]{10,30}#[A-Za-z0-9]{1,40}$")


def _bound(query, name, end):
    value = query.get(name)
    if not value:
        return None
    try:
        return period_bound(value, end)
    except ValueError:
        raise InvalidInput("Give the creation period as dates (YYYY-MM-DD) or ISO instants.",
                           details={name: "Not a date or an ISO instant."})


def _place(card):
    """Where a card sits in its column, the key a column's cursor holds."""
    return f"{card.get('stage_entered_at')}#{card['id']}"


def _encode(card):
    return base64.urlsafe_b64encode(_place(card).encode()).decode().rstrip("=")


def _after(cards, cursor):
    """The cards after the one `cursor` names.

    :raise InvalidInput: not a cursor of this board.
    """
    invalid = InvalidInput("Invalid cursor.", details={"cursor": "Use the next_cursor of a previous page."})
    if not _CURSOR.match(cursor):
        raise invalid
    try:
        place = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid
    if not _PLACE.match(place):
        raise invalid
    return [c for c in cards if _place(c) > place]


def _owners(cards):
    wanted = {c["owner_id"] for c in cards if c.get("owner_id")}
    found = get_many([(UserItem, keys.user(u), "USER") for u in wanted])
    return {item.id: item.name for item in found.values()}


def board(pipeline_id, query):
    """{pipeline, columns: [{stage_id, name, count, total_value, items, next_cursor}]}.

    With `stage_id` (and `cursor`), the same shape with that one column's next page.
    :raise NotFound: no such pipeline or stage. :raise InvalidInput: a bad filter or cursor.
    """
    pipeline = pipelines.get_one(pipeline_id)
    condition = cards_store.filters(owner=query.get("owner"), tag=query.get("tag"),
                                    created_from=_bound(query, "created_from", False),
                                    created_to=_bound(query, "created_to", True),
                                    text=fold(query.get("q") or "")[:100] or None)
    stage_id = query.get("stage_id")
    if stage_id:
        stage = stage_of(pipeline["data"], stage_id)
        if stage is None or stage["kind"] != "open":
            raise NotFound("No such open stage in this pipeline.")
        by_stage = {stage_id: cards_store.column_all(pipeline_id, stage_id, condition)}
        stages = [stage]
    else:
        by_stage = columns(pipeline["data"], cards_store.whole_board(pipeline_id, condition))
        stages = open_stages(pipeline["data"])
    shown = {}
    for stage in stages:
        column = sorted(by_stage[stage["id"]], key=_place)
        after = _after(column, query["cursor"]) if stage_id and query.get("cursor") else column
        shown[stage["id"]] = (column, after[:COLUMN_PAGE], len(after) > COLUMN_PAGE)
    owners = _owners([c for _, page, _ in shown.values() for c in page])
    now = now_iso()
    out = []
    for stage in stages:
        column, page, more = shown[stage["id"]]
        out.append({"stage_id": stage["id"], "name": stage["name"], "count": len(column),
                    "total_value": sum(c.get("value") or 0 for c in column),
                    "items": [present_card(c, pipeline["data"], owners, now) for c in page],
                    "next_cursor": _encode(page[-1]) if more else None})
    return {"pipeline": present_pipeline(pipeline), "columns": out}
