"""Cursor pagination over Query: `{"items": [...], "next_cursor": ...}` (DESIGN §8)."""
import base64
import json

from chalicelib.errors import InvalidInput

_KEY_NAMES = {"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"}
MAX_LIMIT = 200


def encode_cursor(last_evaluated_key):
    """The opaque cursor for a page's LastEvaluatedKey (None on the last page)."""
    if not last_evaluated_key:
        return None
    plain = {k: v["S"] for k, v in last_evaluated_key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """The ExclusiveStartKey for `cursor`; None for no cursor.

    :raise InvalidInput: the cursor was not made by `encode_cursor`.
    """
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw)
        if (not isinstance(plain, dict) or not plain or not set(plain) <= _KEY_NAMES
                or not all(isinstance(v, str) and len(v) < 1024 for v in plain.values())):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("Invalid cursor.", details={"cursor": "Use the next_cursor of a previous page."})
    return {k: {"S": v} for k, v in plain.items()}


def query_page(model, hash_key, *, index=None, range_key_condition=None, filter_condition=None,
               cursor=None, limit=50, newest_first=False, consistent=False):
    """One page of a Query: (items, next_cursor). Costs exactly one request."""
    source = getattr(model, index) if index else model
    result = source.query(
        hash_key, range_key_condition=range_key_condition, filter_condition=filter_condition,
        limit=min(max(int(limit), 1), MAX_LIMIT), last_evaluated_key=decode_cursor(cursor),
        scan_index_forward=not newest_first, page_size=min(max(int(limit), 1), MAX_LIMIT),
        consistent_read=consistent or None,
    )
    items = list(result)
    return items, encode_cursor(result.last_evaluated_key)
