"""What changed between two states of a record, field by field, for the change log."""
MAX_SHOWN = 300  # characters of a value kept in the log; the record keeps the whole value
IGNORED = {"id"}


def _shown(value):
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return value[:MAX_SHOWN] + "…"
    return value


def field_changes(old, new):
    """[{field, from, to}] for every field of `data` that differs; custom fields as `custom.<key>`."""
    changes = []
    for field in sorted(set(old) | set(new)):
        if field in IGNORED:
            continue
        before, after = old.get(field), new.get(field)
        if field == "custom" and isinstance(before or {}, dict) and isinstance(after or {}, dict):
            changes += [{"field": f"custom.{c['field']}", "from": c["from"], "to": c["to"]}
                        for c in field_changes(before or {}, after or {})]
        elif before != after and not (before in (None, "", [], {}) and after in (None, "", [], {})):
            changes.append({"field": field, "from": _shown(before), "to": _shown(after)})
    return changes


def describe(event_name, old, new):
    """(event, changes) for a stream change of a record, or None when nothing a user changed.

    event: created, updated, deleted or restored.
    """
    if event_name == "INSERT":
        return "created", []
    if event_name != "MODIFY":
        return None  # REMOVE: the TTL purge of a trashed record, after its 30 days
    if not old.get("deleted_at") and new.get("deleted_at"):
        return "deleted", []
    if old.get("deleted_at") and not new.get("deleted_at"):
        return "restored", []
    changes = field_changes(old.get("data") or {}, new.get("data") or {})
    return ("updated", changes) if changes else None
