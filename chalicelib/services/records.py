"""Writing records: create, edit, delete (saying what happens to linked records), restore.

Every write goes through `_write`: load what the new state links to in one
BatchGetItem, check the links and rules, derive the copies, and commit the
record with the difference of its copies in one transaction.
"""
from chalicelib.domain.clock import epoch_after, now, to_iso
from chalicelib.domain.derived import derived_items, record_key
from chalicelib.domain.ids import new_id
from chalicelib.domain.pipelines import DEFAULT_PIPELINE_ID, first_open_stage, stage_of
from chalicelib.domain.records import (BY_PREFIX, LINK_FIELD, LINKS, TYPES, check_custom, check_record,
                                      normalize)
from chalicelib.domain.settings import ACTIVITY_TYPES_KEY, CUSTOM_FIELDS_KEY
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.storage import keys as key_names
from chalicelib.storage import record_store
from chalicelib.storage.record_store import RECORD_SK, Change

SOFT_DELETE_DAYS = 30
RESTORE_ORDER = ("ORG", "PERSON", "DEAL", "ACTIVITY", "NOTE")


def _context_keys(entity, data):
    """Everything `_check_links` and the derivation need, as (pk, sk) keys."""
    wanted = [(record_key(LINKS[f], data[f]), RECORD_SK) for f in TYPES[entity].links if data.get(f)]
    wanted += [(record_key("organization", r["org_id"]), RECORD_SK) for r in data.get("related", [])]  # names too
    if data.get("owner_id"):
        wanted.append((key_names.user(data["owner_id"]), "USER"))
    if entity == "deal":
        wanted.append((record_key("pipeline", data.get("pipeline_id") or DEFAULT_PIPELINE_ID), RECORD_SK))
        wanted.append((key_names.WORKSPACE, key_names.WORKSPACE))
    if entity in ("person", "organization", "deal") and data.get("custom"):
        wanted.append((key_names.SETTINGS, CUSTOM_FIELDS_KEY))
    if entity == "activity":
        wanted.append((key_names.SETTINGS, ACTIVITY_TYPES_KEY))
    return wanted


def _new_relations(data, old_data):
    """Related organizations this write adds. Existing ones may point at a deleted
    organization: they stay (shown as deleted, alive again on its restore)."""
    before = {r["org_id"] for r in (old_data or {}).get("related", [])}
    return [r["org_id"] for r in data.get("related", []) if r["org_id"] not in before]


def _check_links(entity, data, found, changed, old_data=None):
    """Fill defaults that depend on other items and refuse links to missing records.

    `changed` is the set of fields this write sets (None on creation): rules that
    depend on Settings (activity types, custom fields, the owner being active) apply
    to what is being set, so an admin removing a type never freezes old records.
    :raise InvalidInput: a linked record, owner, pipeline, stage, type or custom value is wrong.
    """
    creating, old_custom = changed is None, (old_data or {}).get("custom") or {}

    def touched(field):
        return creating or field in changed

    errors = {}
    for field in TYPES[entity].links:
        if data.get(field):
            linked = found.get((record_key(LINKS[field], data[field]), RECORD_SK))
            if linked is None or linked.get("deleted_at"):
                errors[field] = f"No such {LINKS[field]}."
    for org_id in _new_relations(data, old_data):
        linked = found.get((record_key("organization", org_id), RECORD_SK))
        if linked is None or linked.get("deleted_at"):
            errors["related"] = "No such organization."
    if data.get("owner_id") and touched("owner_id"):
        owner = found.get((key_names.user(data["owner_id"]), "USER"))
        if owner is None or owner.status != "active":
            errors["owner_id"] = "No such active user."
    if entity == "deal":
        _deal_defaults(data, found, errors, creating)
    if entity == "activity" and creating:
        _activity_defaults(data, found)
    if entity == "activity" and touched("type"):
        types = found.get((key_names.SETTINGS, ACTIVITY_TYPES_KEY))
        if types is not None and data["type"] not in {t["key"] for t in types["data"]["items"]}:
            errors["type"] = "Not one of the activity types defined in Settings."
    if data.get("custom") and touched("custom"):
        fields = found.get((key_names.SETTINGS, CUSTOM_FIELDS_KEY))
        # On an edit, only the values it sets: one of a field since removed stays as it was.
        values = data["custom"] if creating else {k: v for k, v in data["custom"].items()
                                                   if v != old_custom.get(k)}
        bad = check_custom(values, (fields["data"].get(entity, []) if fields else []))
        if bad:
            errors["custom"] = "; ".join(f"{k}: {v}" for k, v in bad.items())
    if errors:
        raise InvalidInput("Some fields are invalid.", details=errors)


def _activity_defaults(data, found):
    """A new activity on a deal is also with the deal's person and organization (unless told)."""
    deal = found.get((record_key("deal", data["deal_id"]), RECORD_SK)) if data.get("deal_id") else None
    if deal and not deal.get("deleted_at"):
        for field in ("person_id", "org_id"):
            if not data.get(field) and deal["data"].get(field):
                data[field] = deal["data"][field]


def _deal_defaults(data, found, errors, creating):
    # A new deal with Ada is a deal with Ada's company; an edit that removes it is respected.
    if creating and data.get("person_id") and not data.get("org_id"):
        person = found.get((record_key("person", data["person_id"]), RECORD_SK))
        if person and not person.get("deleted_at") and person["data"].get("org_id"):
            data["org_id"] = person["data"]["org_id"]
            found.update(record_store.load([(record_key("organization", data["org_id"]), RECORD_SK)]))
    pipeline_id = data.get("pipeline_id") or DEFAULT_PIPELINE_ID
    pipeline = found.get((record_key("pipeline", pipeline_id), RECORD_SK))
    if pipeline is None:
        errors["pipeline_id"] = "No such pipeline."
        return
    data["pipeline_id"] = pipeline_id
    if not data.get("stage_id"):
        data["stage_id"] = first_open_stage(pipeline["data"])["id"]
    elif stage_of(pipeline["data"], data["stage_id"]) is None:
        errors["stage_id"] = "Not a stage of this pipeline."
    if not data.get("currency"):
        space = found.get((key_names.WORKSPACE, key_names.WORKSPACE))
        data["currency"] = space.default_currency if space else "EUR"


def _write(old, new, actor, changed=frozenset()):
    """Check `new` against what it links to and commit it with its derived copies.

    `changed`: the fields an edit sets (Settings-dependent rules apply to those only).
    """
    new = {**new, "updated_by": actor}  # copies name who made this state
    entity, data = new["entity"], new["data"]
    found = record_store.load(_context_keys(entity, data)) if not new.get("deleted_at") else {}
    if not new.get("deleted_at"):
        _check_links(entity, data, found, None if old is None else set(changed), (old or {}).get("data"))
    records_found = {pk: state for (pk, sk), state in found.items()
                     if sk == RECORD_SK and state.get("entity") in TYPES}
    context = {state["id"]: state for state in records_found.values()}
    # ConditionChecks: every record this one links to, and the relations it adds.
    linked = [record_key(LINKS[f], data[f]) for f in TYPES[entity].links if data.get(f)]
    linked += [record_key("organization", o) for o in _new_relations(data, (old or {}).get("data"))]
    return record_store.commit(Change(old, new, derived_items(new, context), linked), actor)


def create(principal, entity, body):
    """A new record owned by its creator unless an owner is given.

    :raise InvalidInput: bad fields or links. :raise Conflict: a duplicate email.
    """
    spec = TYPES[entity]
    data = {**spec.defaults, "owner_id": principal.user_id, **normalize(entity, spec.create_schema.parse(body))}
    if entity == "note":
        data.pop("owner_id", None)
    record_id = new_id()
    data_with_id = {**data, "id": record_id}
    check_record(entity, data_with_id)
    new = {"entity": entity, "id": record_id, "data": data, "deleted_at": None, "created_at": to_iso(now())}
    return _write(None, new, principal.actor)


def update(principal, entity, record_id, body):
    """Apply an edit made from `version`.

    :raise NotFound: no such live record. :raise Conflict: stale version, duplicate email.
    """
    spec = TYPES[entity]
    changes = spec.patch_schema.parse(body)
    version = changes.pop("version")
    old = record_store.get(record_key(entity, record_id), what=entity.capitalize())
    if old["version"] != version:
        raise Conflict("This record was changed by someone else. Reload and try again.",
                       details={"version": old["version"]}, code="version_conflict")
    data = normalize(entity, {**old["data"], **changes})  # rules like all-day span fields
    check_record(entity, {**data, "id": record_id})
    state = _write(old, {**old, "data": data}, principal.actor, changed=set(changes))
    if entity in ("deal", "activity") and any(old["data"].get(f) != data.get(f) for f in LINKS):
        _refresh_inheritors(principal, entity, record_id, old["data"], data)
    return state


def _refresh_inheritors(principal, entity, record_id, before, after):
    """Re-derive the records whose links follow this one's after it changed hands.

    An activity on a deal that was with the deal's person moves with the deal to
    its new person (and organization); one given another person keeps it. Either
    way its timeline copies are derived again from the deal's new links.
    """
    for group in linked_records(entity, record_id).values():
        for child in group:
            data = dict(child["data"])
            moved = set()
            if entity == "deal" and child["entity"] == "activity":
                for field in ("person_id", "org_id"):
                    if before.get(field) != after.get(field) and data.get(field) == before.get(field):
                        data[field] = after.get(field)
                        moved.add(field)
            _write(child, {**child, "data": data}, principal.actor, changed=moved)


def linked_records(entity, record_id):
    """Live records that link to this one directly: {entity: [state, …]}.

    Read with a consistent Query of the record's partition: every record that
    links here wrote a copy there in the transaction that created the link.
    """
    field, pk = LINK_FIELD[entity], record_key(entity, record_id)
    sources = set()
    for prefix in ("TL#", "MEMBER#"):
        cursor = None
        while True:  # every page: a link missed here would point at a deleted record
            items, cursor = record_store.query_partition(pk, prefix=prefix, cursor=cursor, limit=200,
                                                         consistent=True)
            sources |= {(i.source, RECORD_SK) for i in items if i.entity in ("timeline", "member")}
            if not cursor:
                break
    out = {}
    for state in record_store.load(list(sources)).values():
        if state.get("entity") in TYPES and not state.get("deleted_at") and state["data"].get(field) == record_id:
            out.setdefault(state["entity"], []).append(state)
    return out


def count_links(entity, record_id):
    """{plural: count} of the live records linking to this one ({} when none).

    :raise NotFound: no such live record.
    """
    record_store.get(record_key(entity, record_id), what=entity.capitalize())
    return {TYPES[e].plural: len(group) for e, group in linked_records(entity, record_id).items()}


def delete(principal, entity, record_id, linked=None, deleted_with=None):
    """Move a record to the trash for 30 days.

    A person or organization with linked deals, activities, notes (or, for an
    organization, persons) needs `linked`: "delete" takes them along (they come
    back on restore), "detach" keeps them and removes the link. A deal or an
    activity always takes its activities and notes along.
    :raise Conflict: has_links without `linked`, or cannot_detach.
    """
    pk = record_key(entity, record_id)
    old = record_store.get(pk, what=entity.capitalize())
    if entity in ("person", "organization"):
        links = linked_records(entity, record_id)
        if links and linked not in ("delete", "detach"):
            raise Conflict("This record has linked records: say whether to delete or keep them.",
                           details={TYPES[e].plural: len(v) for e, v in links.items()}, code="has_links")
        if linked == "detach":
            _check_detachable(entity, links)
    moment = now()
    # Deleted first: from this commit on, a write linking to this record fails its
    # ConditionCheck, so the scan below sees every link there will ever be.
    deleted = record_store.commit(Change(old, {**old, "deleted_at": to_iso(moment), "deleted_with": deleted_with,
                                               "ttl": epoch_after(moment, days=SOFT_DELETE_DAYS)}, {}),
                                  principal.actor)
    links = linked_records(entity, record_id) if entity in LINK_FIELD else {}
    if linked == "detach":
        links = _detach(principal, entity, links)
    # Taken along: the chosen "delete", a deal's or activity's own records, or what
    # raced in after the user looked (kept safe in the trash with this record).
    along = []
    for state in (s for group in links.values() for s in group):
        try:
            delete(principal, state["entity"], state["id"], linked="delete", deleted_with=pk)
        except NotFound:
            continue  # already taken along by an earlier one (a person took its deal): restored with it
        along.append(state)
    if along:
        record_store.commit(Change(deleted, {**deleted, "cascade": [record_key(s["entity"], s["id"]) for s in along]},
                                   {}), principal.actor)


def _orphan_deals(entity, links):
    """Linked deals with no other person or organization: they cannot be kept unlinked."""
    other = "person_id" if entity == "organization" else "org_id"
    return [s for s in links.get("deal", []) if not s["data"].get(other)]


def _check_detachable(entity, links):
    """:raise Conflict: a linked deal has no other link to keep it (the user must choose)."""
    stuck = _orphan_deals(entity, links)
    if stuck:
        raise Conflict("Some deals are linked to nothing else: delete them along, or link them first.",
                       details={"deals": [s["data"]["title"][:80] for s in stuck]}, code="cannot_detach")


def _detach(principal, entity, links):
    """Unlink what can live on its own; return the rest, to go to the trash with the record.

    Notes belong to the record they are written on, so they go along (and come
    back with a restore); so does a deal that raced in with no other link.
    """
    field = LINK_FIELD[entity]
    stuck = _orphan_deals(entity, links) + links.get("note", [])
    stuck_ids = {s["id"] for s in stuck}
    for group in links.values():
        for state in group:
            if state["id"] not in stuck_ids:
                update(principal, state["entity"], state["id"], {field: None, "version": state["version"]})
    return {"stuck": stuck} if stuck else {}


def restore(principal, entity, record_id):
    """Bring a record back from the trash, with what its deletion took along.

    :raise NotFound: not in the trash. :raise InvalidInput: it links to a record still deleted.
    :raise Conflict: its email was taken meanwhile.
    """
    old = record_store.get(record_key(entity, record_id), include_deleted=True, what=entity.capitalize())
    if not old.get("deleted_at"):
        return old
    try:
        state = _write(old, {**old, "deleted_at": None, "deleted_with": None, "ttl": None, "cascade": []},
                       principal.actor)
    except InvalidInput as exc:
        raise InvalidInput("It links to records that are in the trash or gone: restore those first.",
                           details=exc.details) from exc
    # Parents before what links to them: a deal cannot come back before its person.
    for pk in sorted(old.get("cascade", []), key=lambda k: RESTORE_ORDER.index(k.split("#", 1)[0])):
        prefix, child_id = pk.split("#", 1)
        restore(principal, BY_PREFIX[prefix].entity, child_id)
    return state
