"""How stored items look in the API: public fields only, never hashes or keys."""

_AUDIT = ("created_at", "updated_at", "updated_by", "version")


def _pick(item, names):
    return {name: getattr(item, name) for name in names}


def user(item):
    """A user as the API shows it; an invited one says until when, and whether the mail went out."""
    shown = _pick(item, ("id", "email", "name", "role", "status", "language", "timezone") + _AUDIT)
    if item.status == "invited":
        shown["invitation"] = {"expires_at": item.invite_expires_at, "mail": item.invite_mail or "sent"}
    return shown


def workspace(item):
    """The workspace settings as the API shows them."""
    return _pick(item, ("name", "default_currency", "language") + _AUDIT)
