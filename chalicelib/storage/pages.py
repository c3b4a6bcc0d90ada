"""Cursor pagination over Query: `{"items": [...], "next_cursor": ...}` (DESIGN §8)."""
import base64
import json

from chalicelib.errors import InvalidInput

MAX_LIMIT = 200
MAX_FILTER_PAGES = 5  # requests one filtered list page may make


def encode_cursor(last_evaluated_key):
    """The opaque cursor for a page's LastEvaluatedKey (None on the last page)."""
    if not last_evaluated_key:
        return None
    plain = {k: v["S"] for k, v in last_evaluated_key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def _bad_cursor():
    return InvalidInput("Invalid cursor.", details={"cursor": "Use the next_cursor of a previous page."})


def decode_cursor(cursor, index=None, hash_key=None):
    """The ExclusiveStartKey for `cursor`; None for no cursor.

    A start key must name exactly the key attributes of what is queried (the
    table's, plus the index's), in the partition queried: DynamoDB answers
    anything else with a ValidationException.
    :raise InvalidInput: the cursor was not made by `encode_cursor` for this query.
    """
    if not cursor:
        return None
    expected = {"pk", "sk"} | ({f"{index}pk", f"{index}sk"} if index else set())
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw)
        if (not isinstance(plain, dict) or set(plain) != expected
                or not all(isinstance(v, str) and 0 < len(v.encode("utf-8")) < 1024 for v in plain.values())):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        raise _bad_cursor()
    if hash_key is not None and plain[f"{index}pk" if index else "pk"] != hash_key:
        raise _bad_cursor()
    return {k: {"S": v} for k, v in plain.items()}


def query_page(model, hash_key, *, index=None, range_key_condition=None, filter_condition=None,
               cursor=None, limit=50, newest_first=False, consistent=False):
    """One page of a Query: (items, next_cursor).

    One request; a filtered page up to MAX_FILTER_PAGES. `limit=None` returns
    DynamoDB's first page as it is (up to 1 MB).
    """
    from pynamodb.exceptions import QueryError

    source = getattr(model, index) if index else model
    size = None if limit is None else min(max(int(limit), 1), MAX_LIMIT)  # None: one 1 MB page
    result = source.query(
        hash_key, range_key_condition=range_key_condition, filter_condition=filter_condition,
        limit=size, last_evaluated_key=decode_cursor(cursor, index, hash_key), scan_index_forward=not newest_first,
        page_size=size, consistent_read=consistent or None,
    )
    try:
        if filter_condition is not None and size:
            return _filtered_page(result, size)
        items = list(result) if size else list(_first_page(result))
    except QueryError as exc:
        # A well-formed start key outside the sort-key condition (a cursor of another list).
        if cursor and exc.cause_response_code == "ValidationException":
            raise _bad_cursor() from exc
        raise
    return items, encode_cursor(result.last_evaluated_key)


def _filtered_page(result, size):
    """Up to `size` matching items, reading at most MAX_FILTER_PAGES pages.

    DynamoDB applies a filter after reading a page, so a sparse filter can
    leave a page short; reading on fills it, and the cap keeps a request
    bounded (a short page with a cursor then means "keep going").
    """
    raws = []
    for pages, page in enumerate(result.page_iter, start=1):
        raws.extend(page.get("Items", []))
        if len(raws) >= size or pages >= MAX_FILTER_PAGES:
            break
    raws = raws[:size]
    matched = [result._map_fn(raw) if result._map_fn else raw for raw in raws]
    if len(raws) == size:  # resume after the last item returned, not the last one read
        last = {name: raws[-1][name] for name in result.page_iter.key_names}
        return matched, encode_cursor(last)
    return matched, encode_cursor(result.page_iter.last_evaluated_key)


def _first_page(result):
    """The items of the first page only (PynamoDB's iterator would go on to the next pages)."""
    page = next(result.page_iter, None) or {}
    for raw in page.get("Items", []):
        yield result._map_fn(raw) if result._map_fn else raw
