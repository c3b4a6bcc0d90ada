"""Records and their derived items, written together in one transaction.

`commit(change)` writes a record's new state, deletes the derived items its
old state had and the new one does not, writes the new or changed ones, and
checks that every record it links to still exists and is not deleted, all in
one TransactWrite. A failed condition names its cause: a stale version, an
email another person holds, or a linked record deleted meanwhile.
"""
import hashlib
import json

from pynamodb.attributes import MapAttribute as MapAttributeType

from chalicelib.domain.records import title_of
from chalicelib.errors import Conflict, NotFound
from chalicelib.storage import keys
from chalicelib.storage.conditions import BUSY, is_transaction_conflict
from chalicelib.storage.derived import list_keys, record_key
from chalicelib.storage.models import (DerivedItem, PartitionItem, RecordItem, SettingsItem, UserItem,
                                       WorkspaceItem)
from chalicelib.storage.pages import query_page
from chalicelib.storage.records import get_many, stamp, transaction

RECORD_SK = keys.RECORD
_AUDIT = ("created_at", "updated_at", "updated_by", "version", "deleted_at")


def state_of(item):
    """A RecordItem as a plain dict: {entity, id, data, audit fields, deleted_with, cascade}."""
    state = {"entity": item.entity, "id": item.id, "data": plain(item.data), "ttl": item.ttl,
             "deleted_with": item.deleted_with, "cascade": list(item.cascade or []),
             "cascade_pending": item.cascade_pending, "derived": dict(plain(item.derived) or {})}
    state.update({name: getattr(item, name) for name in _AUDIT})
    return state


def plain(value):
    """PynamoDB raw map values as plain Python (MapAttribute → dict, recursively)."""
    if isinstance(value, MapAttributeType):
        return {k: plain(v) for k, v in value.as_dict().items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _model_for(pk, sk):
    if pk == keys.SETTINGS:
        return SettingsItem
    if sk == "USER":
        return UserItem
    if pk == keys.WORKSPACE:
        return WorkspaceItem
    return RecordItem


def load(wanted):
    """Items at `wanted` [(pk, sk)] in one BatchGetItem: {(pk, sk): value}.

    Records and settings come back as plain dicts (`state_of`, `settings_of`);
    users and the workspace as their models.
    """
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return {}
    found = get_many([(_model_for(pk, sk), pk, sk) for pk, sk in wanted])
    out = {}
    for key, item in found.items():
        if isinstance(item, RecordItem):
            out[key] = state_of(item)
        elif isinstance(item, SettingsItem):
            out[key] = settings_of(item)
        else:
            out[key] = item
    return out


def _need_key(need):
    """The (pk, sk) a record type's need is read at (see RecordType.needs)."""
    kind = need[0]
    if kind == "record":
        return record_key(need[1], need[2]), RECORD_SK
    if kind == "pipeline":
        return record_key("pipeline", need[1]), RECORD_SK
    if kind == "user":
        return keys.user(need[1]), "USER"
    if kind == "workspace":
        return keys.WORKSPACE, keys.WORKSPACE
    if kind == "settings":
        return keys.SETTINGS, need[1]
    raise ValueError(f"unknown need {need!r}")


def read(needs):
    """What a write needs, in one BatchGetItem: {need: value} for those that exist."""
    by_key = {_need_key(need): need for need in needs}
    return {by_key[key]: value for key, value in load(list(by_key)).items()}


def settings_of(item):
    """A SettingsItem as {"data", "version"}."""
    return {"data": plain(item.data), "version": item.version}


def get(pk, include_deleted=False, what="Record"):
    """The state of the record at `pk` (consistent read).

    :raise NotFound: absent, or deleted unless `include_deleted`.
    """
    try:
        item = RecordItem.get(pk, RECORD_SK, consistent_read=True)
    except RecordItem.DoesNotExist:
        raise NotFound(f"{what} not found.")
    if item.deleted_at and not include_deleted:
        raise NotFound(f"{what} not found.")
    return state_of(item)


def _digest(item):
    return hashlib.sha1(json.dumps(item["data"], sort_keys=True, default=str).encode()).hexdigest()[:16]


class Change:
    """One record write: its old state (None when created), new state, new derived items, the
    records it links to (checked), and items it appends for good (a stage history entry)."""

    def __init__(self, old, new, derived, linked=(), appends=()):
        self.old, self.new, self.derived, self.linked = old, new, derived, list(linked)
        self.appends = list(appends)


_GSI = ("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk")


def _derived_item(spec, actor):
    """The DerivedItem of a derived or appended item (its index keys included)."""
    item = DerivedItem(spec["pk"], spec["sk"], entity=spec["entity"], source=spec["source"], data=spec["data"],
                       **{k: spec[k] for k in _GSI if spec.get(k)})
    return stamp(item, actor, created=True)


def _merge(tx, copy):
    """Write a copy by update: what others set on the same item (a card's `extra`) survives."""
    tx.update(DerivedItem(copy.pk, copy.sk), actions=[
        DerivedItem.entity.set(copy.entity), DerivedItem.source.set(copy.source), DerivedItem.data.set(copy.data),
        DerivedItem.created_at.set(DerivedItem.created_at | copy.created_at),
        DerivedItem.updated_at.set(copy.updated_at), DerivedItem.updated_by.set(copy.updated_by),
        *[getattr(DerivedItem, k).set(getattr(copy, k)) for k in _GSI if getattr(copy, k)]])


def commit(change, actor):
    """Write `change` atomically; return the new state with its version.

    :raise Conflict: stale version (version_conflict), an email another person
        holds (duplicate_email), a linked record deleted meanwhile (linked_deleted).
    """
    from pynamodb.exceptions import TransactWriteError

    old, new = change.old, change.new
    previous = (old or {}).get("derived", {})
    digests = {f"{pk}|{sk}": _digest(item) for (pk, sk), item in change.derived.items()}
    item = RecordItem(_pk(new), RECORD_SK, entity=new["entity"], id=new["id"],
                      name=_title(new), owner_id=new["data"].get("owner_id"), data=new["data"],
                      deleted_at=new.get("deleted_at"), deleted_with=new.get("deleted_with"),
                      cascade=new.get("cascade") or None, cascade_pending=new.get("cascade_pending"),
                      derived=digests, ttl=new.get("ttl"),
                      **list_keys(new))
    stamp(item, actor, created=True)
    item.created_at = new.get("created_at") or item.created_at  # the moment the copies were derived with
    if old is not None:
        item.version = old["version"]  # PynamoDB conditions the put on it and adds 1
    copies = {key: _derived_item(d, actor) for key, d in change.derived.items()
              if previous.get("|".join(key)) != digests["|".join(key)]}  # unchanged copies are not written again
    merged = {key for key, d in change.derived.items() if d.get("merge")}
    appended = [_derived_item(a, actor) for a in change.appends]
    from chalicelib.storage import limits  # writes only: a read never loads it

    limits.check_write([item.serialize()] + [c.serialize() for c in list(copies.values()) + appended],
                       what=f"This {new['entity']}")
    causes = []  # one per transaction item, in DynamoDB's order: checks, deletes, puts, updates
    try:
        with transaction() as tx:
            for pk in change.linked:
                tx.condition_check(RecordItem, pk, RECORD_SK,
                                   condition=RecordItem.pk.exists() & RecordItem.deleted_at.does_not_exist())
                causes.append(("linked_deleted", pk))
            for key in previous:
                if key not in digests:
                    tx.delete(DerivedItem(*key.split("|", 1)))
                    causes.append(("derived", key))
            for (pk, sk), copy in copies.items():
                if (pk, sk) in merged:
                    continue
                if copy.entity == "claim":  # free, or already this person's
                    tx.save(copy, condition=DerivedItem.pk.does_not_exist() | (DerivedItem.source == copy.source))
                    causes.append((_CLAIMS.get(pk.split("#", 1)[0], "claimed"), pk))
                else:
                    tx.save(copy)
                    causes.append(("derived", pk))
            for fact in appended:
                tx.save(fact)
                causes.append(("derived", fact.pk))
            tx.save(item)
            causes.append(("version_conflict", item.pk))
            for key in merged & set(copies):
                _merge(tx, copies[key])
                causes.append(("derived", key[0]))
    except TransactWriteError as exc:
        raise _explain(exc, causes) from exc
    return {**new, "version": item.version, "created_at": item.created_at, "updated_at": item.updated_at,
            "updated_by": item.updated_by, "derived": digests}


# What a claim that is taken means, by its key's prefix.
_CLAIMS = {"PERSONEMAIL": "duplicate_email", "SLOT": "slot_taken", "LINKBOOKED": "link_booked",
           "PACKAGE": "seat_taken"}


def _explain(exc, causes):
    """The domain error behind a cancelled transaction (the exception itself when it is no conflict)."""
    if is_transaction_conflict(exc):
        return Conflict(BUSY, code="busy")
    codes = [getattr(r, "code", None) for r in exc.cancellation_reasons or []]
    for index, code in enumerate(codes):
        if code != "ConditionalCheckFailed" or index >= len(causes):
            continue
        cause, key = causes[index]
        if cause == "duplicate_email":
            return _duplicate_email(key)
        if cause in ("slot_taken", "link_booked"):
            return Conflict("This time was just taken. Choose another one.", details={"start": "Just taken."},
                            code="slot_taken")
        if cause == "seat_taken":
            return Conflict("The last session of the package was just booked.", code="seat_taken")
        if cause == "linked_deleted":
            return Conflict("A linked record was deleted meanwhile.", details={"linked": key},
                            code="linked_deleted")
        return Conflict("This record was changed by someone else. Reload and try again.",
                        code="version_conflict")
    return exc


def _duplicate_email(claim_pk):
    email = claim_pk.split("#", 1)[1]
    try:
        claim = DerivedItem.get(claim_pk, "CLAIM", consistent_read=True)
        existing = {"id": claim.data["person_id"], "name": claim.data["name"]}
    except DerivedItem.DoesNotExist:  # released meanwhile: retrying will work
        existing = None
    name = existing["name"][:80] if existing else "another person"
    return Conflict(f"A person with the email {email} already exists: {name}.",
                    details={"email": f"Already used by {name}.", "existing": existing},
                    code="duplicate_email")


def query_partition(pk, newest_first=True, cursor=None, limit=200, prefix=None, below=None, consistent=False,
                    since=None):
    """One page of a record partition (record, timeline, members, relations, change log).

    `limit=None` reads up to DynamoDB's 1 MB page; `prefix`, `below` or `since` (sort keys from it on)
    narrow the sort keys.
    """
    condition = (PartitionItem.sk.startswith(prefix) if prefix else
                 PartitionItem.sk < below if below else
                 PartitionItem.sk >= since if since else None)
    return query_page(PartitionItem, pk, range_key_condition=condition, cursor=cursor,
                      limit=limit, newest_first=newest_first, consistent=consistent)


def _pk(state):
    return record_key(state["entity"], state["id"])


def _title(state):
    return title_of(state["entity"], state["data"])[:500]
