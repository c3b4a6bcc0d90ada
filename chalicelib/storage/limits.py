"""DynamoDB's size limits, checked before a write so a user hears why instead of a 500.

DynamoDB refuses an item over 400 KB and a transaction over 4 MB, counting
attribute names and UTF-8 values; moto enforces neither, so the check is
ours. Sizes follow AWS's published rules closely enough to keep a margin.
"""
from chalicelib.errors import PayloadTooLarge

MAX_ITEM_BYTES = 400 * 1024
MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
_MARGIN = 8 * 1024  # what the write adds after the check (audit fields, version)


def value_bytes(value):
    """Size of one serialized AttributeValue ({"S": …}, {"M": …}, …)."""
    (kind, content), = value.items()
    if kind == "S":
        return len(content.encode("utf-8"))
    if kind == "N":
        return len(content.lstrip("-").replace(".", "")) // 2 + 2
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "B":
        return len(content)
    if kind == "M":
        return 3 + sum(len(k.encode("utf-8")) + value_bytes(v) + 1 for k, v in content.items())
    if kind == "L":
        return 3 + sum(value_bytes(v) + 1 for v in content)
    return sum(len(str(v)) for v in content)  # SS, NS, BS


def item_bytes(attributes):
    """Size of a serialized item ({name: AttributeValue})."""
    return sum(len(name.encode("utf-8")) + value_bytes(value) for name, value in attributes.items())


def check_write(items, what="This record"):
    """:raise PayloadTooLarge: one of `items` (serialized) or their sum is over DynamoDB's limits."""
    sizes = [item_bytes(item) for item in items]
    biggest = max(sizes, default=0)
    if biggest + _MARGIN > MAX_ITEM_BYTES:
        raise PayloadTooLarge(f"{what} is too large to save ({biggest // 1024} KB; the limit is "
                              f"{(MAX_ITEM_BYTES - _MARGIN) // 1024} KB). Shorten its longest texts.",
                              details={"size_kb": biggest // 1024}, code="record_too_large")
    if sum(sizes) + _MARGIN * len(sizes) > MAX_TRANSACTION_BYTES:
        raise PayloadTooLarge(f"{what} and its copies are too large to save together. Shorten its longest texts.",
                              code="record_too_large")
