"""Each user's profile and the workspace settings."""
from chalicelib.domain.users import require_admin
from chalicelib.storage import users, workspace
from chalicelib.storage.records import save_changes


def profile(principal):
    """The signed-in user."""
    return users.get(principal.user_id)


def update_profile(principal, changes, version):
    """Change one's own name, language or time zone.

    :raise Conflict: stale version.
    """
    return save_changes(users.get(principal.user_id), changes, version, principal.actor)


def get_workspace():
    """The workspace settings."""
    return workspace.get()


def update_workspace(principal, changes, version):
    """Change the workspace name, default currency or language (admins).

    :raise Forbidden: not an admin. :raise Conflict: stale version.
    """
    require_admin(principal)
    return save_changes(workspace.get(), changes, version, principal.actor)
