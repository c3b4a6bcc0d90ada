"""Workspace lists edited in Settings (activity types, custom fields), one versioned item each."""
from chalicelib.storage import keys
from chalicelib.storage.models import SettingsItem
from chalicelib.storage.record_store import settings_of
from chalicelib.storage.records import get_item, save_if_absent, stamp, update_versioned


def get(name):
    """{"data", "version"} of settings `name`. :raise NotFound: never created."""
    return settings_of(get_item(SettingsItem, keys.SETTINGS, name, what="Settings"))


def create_if_absent(name, data, actor):
    """Create settings `name` with `data` unless they exist."""
    item = stamp(SettingsItem(keys.SETTINGS, name, entity="settings", data=data), actor, created=True)
    return save_if_absent(item)


def replace(name, data, version, actor):
    """Replace the data of settings `name` edited from `version`. :raise Conflict: stale version."""
    return settings_of(update_versioned(SettingsItem, keys.SETTINGS, name, {"data": data}, version,
                                        actor, what="Settings"))
