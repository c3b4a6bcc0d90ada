"""First start: the workspace and its first administrator."""
import secrets

from chalicelib.domain.ids import new_id
from chalicelib.domain.pipelines import DEFAULT_LOST_REASONS, DEFAULT_PIPELINE_ID, default_pipeline
from chalicelib.domain.settings import (ACTIVITY_TYPES_KEY, CUSTOM_FIELDS_KEY, LOST_REASONS_KEY,
                                        default_activity_types)
from chalicelib.domain.users import DEFAULT_LANGUAGE, DEFAULT_TIMEZONE
from chalicelib.domain.validation import check_email, normalize_email
from chalicelib.domain.workspace import new_workspace
from chalicelib.errors import Conflict, InvalidInput
from chalicelib.services.passwords import hash_password
from chalicelib.storage import pipelines, settings, users, workspace

DEFAULT_ADMIN_EMAIL = "admin@crm.localhost"
ACTOR = "bootstrap"


def bootstrap(admin_email=None, admin_password=None, language=DEFAULT_LANGUAGE):
    """Create the workspace and, when no user exists yet, the first admin.

    Returns {"admin_email", "generated_password" (None unless generated now), "created"}.
    :raise InvalidInput: CRM_ADMIN_EMAIL or CRM_ADMIN_PASSWORD is unusable.
    """
    workspace.create_if_absent(new_workspace(language), ACTOR)
    language = workspace.get().language  # an existing workspace keeps its own
    pipelines.create_if_absent(DEFAULT_PIPELINE_ID, default_pipeline(language, new_id), 0, ACTOR)
    settings.create_if_absent(ACTIVITY_TYPES_KEY, {"items": default_activity_types(language)}, ACTOR)
    settings.create_if_absent(CUSTOM_FIELDS_KEY, {}, ACTOR)
    settings.create_if_absent(LOST_REASONS_KEY, {"items": DEFAULT_LOST_REASONS[language]}, ACTOR)
    email = normalize_email(admin_email or DEFAULT_ADMIN_EMAIL)
    if check_email(email):
        raise InvalidInput(f"CRM_ADMIN_EMAIL {admin_email!r} is not a valid email address.")
    if admin_password is not None and len(admin_password) < 10:
        raise InvalidInput("CRM_ADMIN_PASSWORD must have at least 10 characters.")
    if users.has_any():
        return {"admin_email": email, "generated_password": None, "created": False}
    password = admin_password or secrets.token_urlsafe(12)
    admin = users.new_user(new_id(), email, email.split("@")[0].capitalize(), "admin", "active",
                           language, DEFAULT_TIMEZONE, hash_password(password), ACTOR)
    try:
        users.create(admin)
    except Conflict:  # another process bootstrapped at the same moment
        return {"admin_email": email, "generated_password": None, "created": False}
    return {"admin_email": email, "admin_id": admin.id, "language": language,
            "generated_password": None if admin_password else password, "created": True}
