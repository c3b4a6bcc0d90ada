"""Hostile input shared by the API tier (moto) and the integration tier (DynamoDB Local)."""
import json
import re

HOSTILE_IDS = ["x" * 3000, "%00", "..%2F..%2Fetc", "<script>", "🙂", "' OR 1=1 --", "USER%23x"]
HOSTILE_BODIES = [
    b"{", b"[]", b"null", b"42", b'"text"', b"\xff\xfe\x00", b"{\"a\": NaN}", b"[" * 5000 + b"]" * 5000,
    json.dumps({"email": ["a"], "password": {"x": 1}, "name": 12, "version": "1"}).encode(),
    json.dumps({"version": True, "name": None, "language": 3.5}).encode(),
    json.dumps({"version": 10 ** 30, "timezone": "../../etc/passwd"}).encode(),
    json.dumps({"email": "a@b.c" * 100, "password": "p" * 100_000, "name": "<img src=x onerror=alert(1)>"}).encode(),
    json.dumps({"name": "\u202eevil\u0000", "version": -1, "role": "root", "status": "god"}).encode(),
    json.dumps({"cursor": "x", "__proto__": {}, "constructor": 1}).encode(),
    json.dumps({"a" * 1000: "b"}).encode(),
    b'{"name": "\\ud800", "title": "\\udfff", "content": "\\ud83d", "version": 1}',
    b'{"value": 1e309, "version": 1}', b'{"value": ' + b"9" * 39 + b', "version": 1}',
    b'{"due_at": "0001-01-01T00:00:00+14:00", "type": "call", "subject": "x"}',
    b'{"due_at": "9999-12-31T23:59:00-01:00", "type": "call", "subject": "x"}',
]
HOSTILE_QUERIES = ["cursor=%%%", "cursor=" + "A" * 5000, "limit=-1", "limit=abc", "limit=99999",
                   "cursor=eyJwayI6MX0", "cursor=e30", "limit=1&limit=2", "cursor=eyJwayI6IngifQ",
                   "from=0001-01-01T00:00:00%2B14:00", "to=9999-12-31T23:59:00-01:00", "q=%ED%A0%80"]


def concrete(path, value="01J0000000000000000000000X"):
    """A route path with its parameters filled in."""
    return re.sub(r"{\w+}", value, path)


def routes(chalice_app):
    """(path, method) of every route of the app."""
    return sorted((path, method) for path, methods in chalice_app.routes.items() for method in methods)
