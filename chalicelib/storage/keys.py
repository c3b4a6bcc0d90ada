"""Every key prefix of the table, defined once (see README.md beside this file)."""

USERS_LIST = "USERS"


def user(user_id):
    return f"USER#{user_id}"


def email_claim(email):
    """The item that makes a user's email unique (claimed with attribute_not_exists)."""
    return f"EMAIL#{email}"


def session(digest):
    return f"SESSION#{digest}"


def invite(digest):
    return f"INVITE#{digest}"


def reset(digest):
    return f"RESET#{digest}"


WORKSPACE = "WORKSPACE"
ADMINS = "ADMINS"  # sort key, under WORKSPACE
SETTINGS = "SETTINGS"
SYSTEM = "SYSTEM"


def rate(scope, key):
    return f"RATE#{scope}#{key}"
