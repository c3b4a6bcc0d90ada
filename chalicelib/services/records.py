"""Writing records: create, edit, delete (saying what happens to linked records), restore.

Every write goes through `_write`: read what the new state needs in one
BatchGetItem, check its links and rules (the record type's declaration says
which), derive its copies, and commit the record with the difference of its
copies in one transaction.
"""
from chalicelib.domain.clock import epoch_after, now, to_iso
from chalicelib.domain.ids import new_id
from chalicelib.domain.record_fields import check_custom
from chalicelib.domain.record_type import Write
from chalicelib.domain.records import BY_PREFIX, LINK_FIELD, LINKS, TYPES
from chalicelib.domain.settings import CUSTOM_FIELDS_KEY
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.storage import keys, record_store
from chalicelib.storage.derived import appended_items, derived_items, record_key
from chalicelib.storage.record_store import Change

SOFT_DELETE_DAYS = 30
# Types that others show through (`inherits`): when they change hands, those re-derive.
INHERITED = {LINKS[field] for spec in TYPES.values() for field in spec.inherits}


def _check(spec, write):
    """Fill defaults that depend on other items and refuse links to missing records.

    :raise InvalidInput: a linked record, owner, pipeline, stage, type or custom value is wrong.
    """
    data = write.data
    for field in spec.links:
        if data.get(field) and write.linked_live(LINKS[field], data[field]) is None:
            write.refuse(field, f"No such {LINKS[field]}.")
    if data.get("owner_id") and write.touched("owner_id"):
        owner = write.found(("user", data["owner_id"]))
        if owner is None or owner.status != "active":
            write.refuse("owner_id", "No such active user.")
    spec.complete(write)
    if not write.errors:
        spec.check({**data, "id": write.record_id})  # rules across fields, on the completed state
    if spec.custom_fields and data.get("custom") and write.touched("custom"):
        fields = write.found(("settings", CUSTOM_FIELDS_KEY))
        # On an edit, only the values it sets: one of a field since removed stays as it was.
        old_custom = (write.old_data or {}).get("custom") or {}
        values = data["custom"] if write.creating else {k: v for k, v in data["custom"].items()
                                                         if v != old_custom.get(k)}
        bad = check_custom(values, fields["data"].get(spec.entity, []) if fields else [])
        if bad:
            write.refuse("custom", "; ".join(f"{k}: {v}" for k, v in bad.items()))
    if write.errors:
        raise InvalidInput("Some fields are invalid.", details=write.errors)


def _write(old, new, actor, changed=frozenset(), extra_items=()):
    """Check `new` against what it links to and commit it with its derived copies.

    `changed`: the fields an edit sets (Settings-dependent rules apply to those only);
    `extra_items`: items a use case writes in the same transaction (a booking).
    """
    new = {**new, "updated_by": actor}  # copies name who made this state
    spec, data = TYPES[new["entity"]], new["data"]
    old_data = (old or {}).get("data")
    read = {}
    if not new.get("deleted_at"):
        read.update(record_store.read(spec.needs(data)))
        write = Write(new["id"], data, old_data, None if old is None else set(changed), read.get,
                      lambda needs: read.update(record_store.read(needs)), to_iso(now()))
        _check(spec, write)
    context = {state["id"]: state for need, state in read.items() if need[0] == "record"}
    # ConditionChecks: every record this one links to, and what it links to for the first time.
    linked = [record_key(LINKS[f], data[f]) for f in spec.links if data.get(f)]
    linked += [record_key(*link) for link in spec.new_links(data, old_data)]
    appends = [] if new.get("deleted_at") else appended_items(spec.events(old, new), new)
    appends += list(extra_items)
    return record_store.commit(Change(old, new, derived_items(new, context), linked, appends), actor)


def create(principal, entity, body, record_id=None, trusted=None, extra_items=(), ttl=None):
    """A new record, owned by its creator unless an owner is given.

    `record_id` names it (a deal made from a lead takes the lead's id): creating
    it twice is then refused (version_conflict) instead of making two.
    `trusted`: fields a use case sets that no request body may (a booking's link
    and customer); `extra_items`: items written in the same transaction; `ttl`:
    when DynamoDB removes it unless a later write clears it (a file never uploaded).
    :raise InvalidInput: bad fields or links. :raise Conflict: a duplicate email, or the id taken.
    """
    spec = TYPES[entity]
    owner = {"owner_id": principal.user_id} if spec.owned else {}
    data = {**spec.defaults, **owner, **spec.normalize(spec.create_schema.parse(body)), **(trusted or {})}
    record_id = record_id or new_id()
    new = {"entity": entity, "id": record_id, "data": data, "deleted_at": None, "created_at": to_iso(now()),
           "ttl": ttl}
    return _write(None, new, principal.actor, extra_items=extra_items)


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
    return save(principal, old, {**old["data"], **changes}, set(changes))


def save(principal, old, data, changed, **state):
    """Write the new `data` of a record read as `old`; `changed`: the fields the user set;
    `state`: record attributes a use case sets too (`ttl=None` keeps a file for good).

    The use cases that compute a record's next state (a deal's move) write through here too.
    """
    entity = old["entity"]
    data = TYPES[entity].normalize(data)  # rules like all-day span fields
    state = _write(old, {**old, **state, "data": data}, principal.actor, changed=changed)
    if entity in INHERITED and any(old["data"].get(f) != data.get(f) for f in LINKS):
        _refresh_inheritors(principal, entity, old["id"], old["data"], data)
    return state


def _refresh_inheritors(principal, entity, record_id, before, after):
    """Re-derive the records shown through this one after it changed hands.

    What a type `follows` moves along (an activity with its deal's person moves
    with the deal to the next person; one given another person keeps it);
    either way its timeline copies are derived again from the new links.
    """
    for group in linked_records(entity, record_id).values():
        for child in group:
            data, moved = dict(child["data"]), set()
            for field in TYPES[child["entity"]].follows.get(LINK_FIELD[entity], ()):
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
    # Members (persons) copy themselves into their organization's partition only.
    for prefix in (keys.TIMELINE, keys.MEMBER) if entity == "organization" else (keys.TIMELINE,):
        cursor = None
        while True:  # every page: a link missed here would point at a deleted record
            items, cursor = record_store.query_partition(pk, prefix=prefix, cursor=cursor, limit=200,
                                                         consistent=True)
            sources |= {(i.source, keys.RECORD) for i in items if i.entity in ("timeline", "member")}
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


# -- deleting -------------------------------------------------------------------------

def delete(principal, entity, record_id, linked=None, deleted_with=None):
    """Move a record to the trash for 30 days, with or without its linked records.

    A type with `link_choice` (persons, organizations) that has linked records
    needs `linked`: "delete" takes them along (they come back on restore),
    "detach" keeps them and removes the link. Other types always take their
    linked records along. Deleting a record whose deletion stopped midway
    (a crash) finishes it.
    :raise Conflict: has_links without `linked`, or cannot_detach.
    """
    spec, pk = TYPES[entity], record_key(entity, record_id)
    old = record_store.get(pk, what=entity.capitalize(), include_deleted=True)
    if old.get("deleted_at"):
        if old.get("cascade_pending"):
            return _take_along(principal, old)
        raise NotFound(f"{entity.capitalize()} not found.")
    mode = "delete"
    if spec.link_choice:
        links = linked_records(entity, record_id)
        if links and linked not in ("delete", "detach"):
            raise Conflict("This record has linked records: say whether to delete or keep them.",
                           details={TYPES[e].plural: len(v) for e, v in links.items()}, code="has_links")
        if linked == "detach":
            _check_detachable(entity, links)
            mode = "detach"
    moment = now()
    # Deleted first, the cascade pending: from this commit on, a write linking to this
    # record fails its ConditionCheck, so the scan that follows sees every link there
    # will ever be; and a crash from here on leaves a deletion `finish_deletions` ends.
    deleted = record_store.commit(Change(old, {**old, "deleted_at": to_iso(moment), "deleted_with": deleted_with,
                                               "ttl": epoch_after(moment, days=SOFT_DELETE_DAYS),
                                               "cascade_pending": mode}, {}), principal.actor)
    _take_along(principal, deleted)


def _take_along(principal, state):
    """Detach or trash what links to a deleted record, then mark its deletion done.

    Resumable at any step: the records it will take along are written into its
    `cascade` before the first one moves, so a restore brings back exactly
    those, whether the deletion finished or not; running it again finishes it.
    """
    entity, pk = state["entity"], record_key(state["entity"], state["id"])
    links = linked_records(entity, state["id"]) if entity in LINK_FIELD else {}
    linked = [s for group in links.values() for s in group]
    keep = [s for s in linked if state["cascade_pending"] == "detach" and _detachable(s, LINK_FIELD[entity])]
    along = [s for s in linked if s not in keep]
    cascade = list(dict.fromkeys(state["cascade"] + [record_key(s["entity"], s["id"]) for s in along]))
    if cascade != state["cascade"]:
        state = record_store.commit(Change(state, {**state, "cascade": cascade}, {}), principal.actor)
    for child in keep:
        update(principal, child["entity"], child["id"], {LINK_FIELD[entity]: None, "version": child["version"]})
    for child in along:
        try:
            delete(principal, child["entity"], child["id"], linked="delete", deleted_with=pk)
        except NotFound:
            continue  # already taken along by an earlier one (a person took its deal): restored with it
    # Those it took before a crash may have stopped midway themselves: finish them too.
    for child in record_store.load([(c, keys.RECORD) for c in cascade]).values():
        if child.get("cascade_pending") and child.get("deleted_with") == pk:
            _take_along(principal, child)
    record_store.commit(Change(state, {**state, "cascade_pending": None}, {}), principal.actor)


def _detachable(state, field):
    """Whether a linked record stays valid without its link to the deleted record."""
    spec = TYPES[state["entity"]]
    if spec.attached and state["data"].get(field):
        return False  # a note belongs to the record it is written on: it goes along
    try:
        spec.check({**state["data"], field: None, "id": state["id"]})
    except InvalidInput:
        return False
    return True


def _check_detachable(entity, links):
    """:raise Conflict: a linked record (a deal) cannot live without the link (the user must choose)."""
    field = LINK_FIELD[entity]
    stuck = [s for group in links.values() for s in group
             if not TYPES[s["entity"]].attached and not _detachable(s, field)]
    if stuck:
        raise Conflict("Some deals are linked to nothing else: delete them along, or link them first.",
                       details={"deals": [TYPES[s["entity"]].title(s["data"])[:80] for s in stuck]},
                       code="cannot_detach")


def finish_deletions(principal, pending):
    """Finish deletions that stopped midway ([(entity, id)], from the CASCADES index)."""
    for entity, record_id in pending:
        try:
            delete(principal, entity, record_id)
        except (NotFound, Conflict):
            continue  # restored meanwhile, or racing another run: the next run sees it again


def restore(principal, entity, record_id):
    """Bring a record back from the trash, with what its deletion took along.

    :raise NotFound: not in the trash. :raise InvalidInput: it links to a record still deleted.
    :raise Conflict: its email was taken meanwhile.
    """
    old = record_store.get(record_key(entity, record_id), include_deleted=True, what=entity.capitalize())
    return _restore(principal, old) if old.get("deleted_at") else old


def _restore(principal, old):
    pk = record_key(old["entity"], old["id"])
    try:
        state = _write(old, {**old, "deleted_at": None, "deleted_with": None, "ttl": None, "cascade": [],
                             "cascade_pending": None}, principal.actor)
    except InvalidInput as exc:
        raise InvalidInput("It links to records that are in the trash or gone: restore those first.",
                           details=exc.details) from exc
    # Parents before what links to them (types are declared parents first), and only what
    # this deletion took: a record deleted on its own later stays in the trash.
    order = list(BY_PREFIX)
    taken = record_store.load([(child, keys.RECORD) for child in old.get("cascade", [])])
    for child in sorted(taken.values(), key=lambda c: order.index(TYPES[c["entity"]].prefix)):
        if child.get("deleted_at") and child.get("deleted_with") == pk:
            _restore(principal, child)
    return state
