"""The board: the cards of a pipeline's open deals, a column per stage (storage README row 18).

A card is a derived item of its deal (`DEAL#<id>`, `CARD`) keyed on gsi2 by
pipeline, then stage and time in the stage; the deal's writes merge its
`data`, the stream sets its `extra` (next activity, last touch).
"""
from chalicelib.storage import keys
from chalicelib.storage.models import DerivedItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.record_store import plain


def card_of(item):
    """A card item as {**data, **extra}."""
    return {**(plain(item.data) or {}), **(plain(item.extra) or {})}


def column(pipeline_id, stage_id, cursor=None, limit=50):
    """(cards, next_cursor) of one page of a column, in stage order (longest in the stage first)."""
    items, next_cursor = query_page(DerivedItem, keys.board(pipeline_id), index="gsi2",
                                    range_key_condition=DerivedItem.gsi2sk.startswith(keys.board_column(stage_id)),
                                    cursor=cursor, limit=limit)
    return [card_of(i) for i in items], next_cursor


def whole_board(pipeline_id, condition=None):
    """Every card of a pipeline's board: one Query page per MB (a board of 2,000 deals: a page or two)."""
    result = DerivedItem.gsi2.query(keys.board(pipeline_id), filter_condition=condition)
    return [card_of(i) for i in result]


def has_cards(pipeline_id, stage_id):
    """True when a stage holds at least one open deal (one small Query)."""
    items, _ = query_page(DerivedItem, keys.board(pipeline_id), index="gsi2",
                          range_key_condition=DerivedItem.gsi2sk.startswith(keys.board_column(stage_id)), limit=1)
    return bool(items)


def get_card(deal_pk):
    """The card of a deal as {**data, **extra}, or None (won, lost or deleted deals have none)."""
    try:
        return card_of(DerivedItem.get(deal_pk, keys.CARD, consistent_read=True))
    except DerivedItem.DoesNotExist:
        return None


def set_extra(deal_pk, extra):
    """Replace what the stream knows of a card (`extra`: next activity, last touch).

    Conditioned on the card existing: a won or lost deal has none, and this must not create one.
    :return: False when there is no card.
    """
    from pynamodb.exceptions import UpdateError

    from chalicelib.storage.conditions import is_condition_failure

    try:
        DerivedItem(deal_pk, keys.CARD).update(actions=[DerivedItem.extra.set(extra)],
                                               condition=DerivedItem.pk.exists())
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def filters(owner=None, tag=None, created_from=None, created_to=None, text=None):
    """The filter of a board's cards: owner, tag, creation period (stored instants), folded text."""
    condition = None

    def add(expr):
        nonlocal condition
        condition = expr if condition is None else condition & expr

    if owner:
        add(DerivedItem.data["owner_id"] == owner)
    if tag:
        add(DerivedItem.data["tags"].contains(tag))
    if created_from:
        add(DerivedItem.data["created_at"] >= created_from)
    if created_to:
        add(DerivedItem.data["created_at"] <= created_to)
    if text:
        add(DerivedItem.data["text"].contains(text))
    return condition


def column_all(pipeline_id, stage_id, condition=None):
    """Every card of one column (one Query page per MB)."""
    result = DerivedItem.gsi2.query(keys.board(pipeline_id), DerivedItem.gsi2sk.startswith(keys.board_column(stage_id)),
                                    filter_condition=condition)
    return [card_of(i) for i in result]


def rename(deal_pk, field, name, text):
    """Show a new person or organization name on a card (and in what its text filter matches)."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.storage.conditions import is_condition_failure

    try:
        DerivedItem(deal_pk, keys.CARD).update(actions=[DerivedItem.data[field].set(name),
                                                        DerivedItem.data["text"].set(text)],
                                               condition=DerivedItem.pk.exists())
    except UpdateError as exc:
        if not is_condition_failure(exc):
            raise
