"""Identifiers and secret tokens."""
import hashlib
import os
import secrets
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id():
    """A 26-character ULID: sorts by creation time, so lists need no extra index."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        value, rem = divmod(value, 32)
        chars.append(_CROCKFORD[rem])
    return "".join(reversed(chars))


def new_token():
    """A 256-bit URL-safe secret for sessions, invites and public links."""
    return secrets.token_urlsafe(32)


def token_digest(token):
    """What is stored for a token: a leaked table never leaks live credentials."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_session_token(user_id):
    """A session's bearer token, `<user id>.<secret>`: naming the user lets one
    BatchGetItem read the session and its user together; the digest covers both
    parts, so an edited user id matches no session."""
    return f"{user_id}.{new_token()}"


def session_token_user(token):
    """The user id a session token names, or None for a token of another shape."""
    user_id, dot, secret = (token or "").partition(".")
    if not dot or not 20 <= len(user_id) <= 40 or len(secret) < 32 or not user_id.isalnum():
        return None
    return user_id


def derived_id(seed, moment_ms):
    """A ULID-shaped id made from `seed` and a time: the same inputs, the same id.

    For what a job may create twice (a stale deal's reminder): the second write
    finds the id taken instead of making a duplicate.
    """
    digest = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:10], "big")
    value = (int(moment_ms) << 80) | digest
    chars = []
    for _ in range(26):
        value, rem = divmod(value, 32)
        chars.append(_CROCKFORD[rem])
    return "".join(reversed(chars))
