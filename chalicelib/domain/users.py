"""Rules about users: roles, statuses, languages, passwords."""
from chalicelib.domain.clock import is_timezone
from chalicelib.domain.validation import VERSION, Field, Schema, check_email
from chalicelib.errors import Forbidden, InvalidInput

ROLES = ("admin", "member")
STATUSES = ("invited", "active", "disabled")
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
DEFAULT_TIMEZONE = "Europe/Paris"
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256  # argon2 accepts more; this bounds the hashing cost of hostile input


def check_timezone(value):
    """Message for an unknown IANA time zone."""
    return None if is_timezone(value) else "Not a known IANA time zone (e.g. Europe/Paris)."


def check_password(value):
    """Message for a password too weak to accept."""
    if len(set(value)) < 4:
        return "Use a less repetitive password."
    return None


PASSWORD = Field("string", required=True, min_length=PASSWORD_MIN_LENGTH,
                 max_length=PASSWORD_MAX_LENGTH, strip=False, check=check_password, fmt="password")
NAME = Field("string", max_length=200, min_length=1)
EMAIL = Field("string", required=True, max_length=254, check=check_email, fmt="email")

BROWSER_LANGUAGE = Field("string", choices=LANGUAGES,
                         description="The browser's language: a new user's profile starts in it.")
LOGIN = Schema("Login", {
    "email": Field("string", required=True, max_length=254, min_length=1, fmt="email"),
    "password": Field("string", required=True, max_length=PASSWORD_MAX_LENGTH, strip=False,
                      min_length=1, fmt="password"),
    "language": BROWSER_LANGUAGE,
})
PASSWORD_RESET_REQUEST = Schema("PasswordResetRequest", {
    "email": Field("string", required=True, max_length=254, min_length=1, fmt="email"),
})
PASSWORD_RESET = Schema("PasswordReset", {"password": PASSWORD})
INVITE = Schema("Invite", {
    "email": EMAIL,
    "name": Field("string", required=True, max_length=200, min_length=1),
    "role": Field("string", choices=ROLES),
})
ACCEPT_INVITE = Schema("AcceptInvite", {
    "name": NAME,
    "password": PASSWORD,
    "language": BROWSER_LANGUAGE,
})
PROFILE = Schema("Profile", {
    "name": NAME,
    "language": Field("string", choices=LANGUAGES),
    "timezone": Field("string", max_length=64, check=check_timezone),
    "version": VERSION,
})
PASSWORD_CHANGE = Schema("PasswordChange", {
    "current_password": Field("string", required=True, max_length=PASSWORD_MAX_LENGTH,
                              strip=False, min_length=1, fmt="password"),
    "new_password": PASSWORD,
})
USER_ADMIN = Schema("UserUpdate", {
    "role": Field("string", choices=ROLES),
    "status": Field("string", choices=("active", "disabled")),
    "version": VERSION,
})


def require_admin(principal):
    """:raise Forbidden: the principal is not an admin."""
    if principal.role != "admin":
        raise Forbidden("Only an administrator can do this.")


def counts_as_admin(role, status):
    """Whether a user with this role and status keeps the workspace administered."""
    return role == "admin" and status == "active"


def admin_delta(user, changes):
    """-1, 0 or +1: how a role or status change moves `user` out of or into the active admins."""
    before = counts_as_admin(user.role, user.status)
    after = counts_as_admin(changes.get("role", user.role), changes.get("status", user.status))
    return int(after) - int(before)


def check_admin_change(principal, target_id, changes):
    """An admin may not demote or disable themself: the workspace must keep an admin.

    :raise InvalidInput: the change would lock its author out.
    """
    if target_id != principal.user_id:
        return
    if changes.get("role", "admin") != "admin" or changes.get("status", "active") != "active":
        raise InvalidInput("You cannot demote or disable your own account.",
                           details={"role" if "role" in changes else "status": "Ask another admin."})
