"""Each user's profile and the workspace settings."""
from chalicelib.domain.users import require_admin
from chalicelib.storage import keys, users, workspace
from chalicelib.storage.models import UserItem, WorkspaceItem
from chalicelib.storage.records import update_versioned


def profile(principal):
    """The signed-in user (read with the session: no further request)."""
    return principal.user or users.get(principal.user_id)


def update_profile(principal, changes, version):
    """Change one's own name, language or time zone.

    :raise Conflict: stale version.
    """
    if "language" in changes:
        changes = {**changes, "language_chosen": True}  # from now on the browser's no longer counts
    return update_versioned(UserItem, keys.user(principal.user_id), "USER", changes, version,
                            principal.actor, what="User")


def get_workspace():
    """The workspace settings."""
    return workspace.get()


def update_workspace(principal, changes, version):
    """Change the workspace name, default currency or language (admins).

    :raise Forbidden: not an admin. :raise Conflict: stale version.
    """
    require_admin(principal)
    return update_versioned(WorkspaceItem, keys.WORKSPACE, keys.WORKSPACE, changes, version,
                            principal.actor, what="Workspace")
