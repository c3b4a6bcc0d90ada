"""Activity types, custom fields and lost reasons: the lists a workspace is set up with."""
from chalicelib.domain.records import CUSTOM_FIELD_ENTITIES
from chalicelib.domain.settings import ACTIVITY_TYPES_KEY, CUSTOM_FIELDS_KEY, LOST_REASONS_KEY
from chalicelib.domain.users import require_admin
from chalicelib.storage import settings


def activity_types():
    """{"items": [{key, label}], "version"}."""
    current = settings.get(ACTIVITY_TYPES_KEY)
    return {"items": current["data"]["items"], "version": current["version"]}


def set_activity_types(principal, items, version):
    """Replace the activity types. :raise Forbidden: not an admin. :raise Conflict: stale version."""
    require_admin(principal)
    saved = settings.replace(ACTIVITY_TYPES_KEY, {"items": items}, version, principal.actor)
    return {"items": saved["data"]["items"], "version": saved["version"]}


def lost_reasons():
    """{"items": [reason], "version"}: what a deal marked lost offers as its reason."""
    current = settings.get(LOST_REASONS_KEY)
    return {"items": current["data"]["items"], "version": current["version"]}


def set_lost_reasons(principal, items, version):
    """Replace the lost reasons. :raise Forbidden: not an admin. :raise Conflict: stale version."""
    require_admin(principal)
    saved = settings.replace(LOST_REASONS_KEY, {"items": [i.strip() for i in items]}, version, principal.actor)
    return {"items": saved["data"]["items"], "version": saved["version"]}


def custom_fields():
    """{"person": [...], "organization": [...], "deal": [...], "version"}."""
    current = settings.get(CUSTOM_FIELDS_KEY)
    return {**{e: current["data"].get(e, []) for e in CUSTOM_FIELD_ENTITIES}, "version": current["version"]}


def set_custom_fields(principal, body):
    """Replace the custom field definitions given. :raise Forbidden, Conflict."""
    require_admin(principal)
    current = settings.get(CUSTOM_FIELDS_KEY)
    data = {e: body.get(e, current["data"].get(e, [])) for e in CUSTOM_FIELD_ENTITIES}
    saved = settings.replace(CUSTOM_FIELDS_KEY, data, body["version"], principal.actor)
    return {**saved["data"], "version": saved["version"]}
