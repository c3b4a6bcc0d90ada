"""Reading records: detail pages, lists, timelines, search and the trash.

A detail page is one Query over the record's partition (the record, its
timeline, members and relations are all there) plus at most one
BatchGetItem for the names of what it links to.
"""
from chalicelib.domain.record_fields import period_bound
from chalicelib.domain.records import LINKS, TYPES
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.storage import keys, record_lists, record_store
from chalicelib.storage.derived import record_key, search_prefix
from chalicelib.storage.models import DerivedItem, RecordItem
from chalicelib.storage.pages import encode_cursor
from chalicelib.storage.record_store import plain, state_of

TIMELINE_PAGE = 100
_AUDIT = ("created_at", "updated_at", "updated_by", "version", "deleted_at")


def present(state):
    """A record as the API shows it."""
    return {"id": state["id"], **state["data"], **{k: state.get(k) for k in _AUDIT}}


def _entry(item):
    """A timeline entry from a partition item."""
    data = plain(item.data) or {}
    entry = {"id": item.sk.rsplit("#", 1)[-1], "kind": data.get("kind"), "at": data.get("at"),
             "actor": data.get("actor"), "source": item.source}
    if data.get("kind") == "change":
        entry.update(event=data.get("event"), changes=data.get("changes", []))
    else:
        entry["record"] = data.get("record", {})
    return entry


def included_names(states):
    """{"organizations": {id: {id, name, deleted}}, …} for the records `states` link to (one BatchGetItem).

    Each is named by its type's title field (a deal's `title`), notes by `name`.
    """
    wanted = set()
    for state in states:
        for field, entity in LINKS.items():
            if state["data"].get(field):
                wanted.add((record_key(entity, state["data"][field]), keys.RECORD))
        for rel in state["data"].get("related", []) or []:
            wanted.add((record_key("organization", rel["org_id"]), keys.RECORD))
    out = {TYPES[entity].plural: {} for entity in LINKS.values()}
    for found in record_store.load(list(wanted)).values():  # one BatchGetItem per 100 names
        if isinstance(found, dict) and found.get("entity") in TYPES:
            spec = TYPES[found["entity"]]
            named = spec.title_field if spec.title_field != "content" else "name"
            out.setdefault(spec.plural, {})[found["id"]] = {
                "id": found["id"], named: spec.title(found["data"])[:200], "deleted": bool(found.get("deleted_at"))}
    return out


def detail(entity, record_id):
    """The record with its first timeline page (and members, deals, relations for an organization;
    for a deal, whether it has a client portal: `portal` is {status} or None).

    One Query reads the whole partition up to DynamoDB's 1 MB page, which holds
    thousands of timeline entries; only a larger partition costs a second Query,
    for the record, members and relations that sort before its timeline.
    :raise NotFound: no such live record.
    """
    pk = record_key(entity, record_id)
    items, more = record_store.query_partition(pk, newest_first=True, limit=None)
    if more:
        head, _ = record_store.query_partition(pk, newest_first=False, limit=None, below=keys.TIMELINE)
        items = [i for i in items if i.sk.startswith(keys.TIMELINE)] + head
    record = next((i for i in items if i.sk == keys.RECORD), None)
    if record is None or record.deleted_at:
        raise NotFound(f"{entity.capitalize()} not found.")
    state = state_of(RecordItem.from_raw_data(record.serialize()))
    entries = [_entry(i) for i in items if i.sk.startswith(keys.TIMELINE)]
    timeline = entries[:TIMELINE_PAGE]
    out = present(state)
    out["timeline"] = {"items": timeline,
                       "next_cursor": _timeline_cursor(pk, timeline) if len(entries) > TIMELINE_PAGE or more else None}
    if entity == "organization":
        out["persons"] = [plain(i.data) for i in items if i.sk.startswith(keys.MEMBER)]
        out["deals"] = [e["record"] for e in entries if e["kind"] == "deal"]
        reverse = [plain(i.data) for i in items if i.sk.startswith(keys.RELATED)]
        own = {r["org_id"] for r in out.get("related", [])}
        out["related"] = out.get("related", []) + [{"org_id": r["org_id"], "kind": r["kind"]}
                                                   for r in reverse if r["org_id"] not in own]
    if entity == "deal":
        # The portal item shares the deal's partition: its page learns whether one exists without a request more.
        portal = next((plain(i.data) for i in items if i.sk == keys.PORTAL), None)
        out["portal"] = {"status": portal.get("status")} if portal else None
    out["included"] = included_names([{"data": {**state["data"], "related": out.get("related", [])}}])
    return out


def _timeline_cursor(pk, timeline):
    """The cursor after the last entry shown (an exclusive start key in the partition)."""
    if not timeline:
        return None
    last = timeline[-1]
    return encode_cursor({"pk": {"S": pk}, "sk": {"S": keys.timeline(last["at"], last["kind"], last["id"])}})


def timeline(entity, record_id, cursor=None, limit=TIMELINE_PAGE):
    """Older timeline entries, newest first.

    :raise NotFound: no such record (checked only when the page is empty: the usual page costs one Query).
    """
    pk = record_key(entity, record_id)
    items, next_cursor = record_store.query_partition(pk, prefix=keys.TIMELINE, cursor=cursor, limit=limit)
    if not items:
        record_store.get(pk, what=entity.capitalize())
    return [_entry(i) for i in items], next_cursor


def list_records(entity, query):
    """One page of a record list with the names of what its items link to.

    `query`: sort (one of the type's orders), order (asc|desc), owner, tag, the
    type's filters, cursor, limit; listed by due time: from and to. A type
    without orders (notes) is listed through the one record it is on.
    :raise InvalidInput: an unknown sort or a bad filter.
    """
    spec = TYPES[entity]
    if not spec.orders:
        return _by_parent(spec, query)
    order = "due" if "due" in spec.orders else (query.get("sort") or "name")
    sortable = [o for o in spec.orders if o in ("name", "created")]
    if order not in spec.orders or (order != "due" and order not in sortable):
        raise InvalidInput(f"Sort by {' or '.join(sortable)}.", details={"sort": f"Use {' or '.join(sortable)}."})
    states, cursor = record_lists.list_page(
        spec, order, owner=query.get("owner"), period=_period(query) if order == "due" else (None, None),
        equals=_equals(spec, query), tag=query.get("tag"), cursor=query.get("cursor"),
        limit=query.get("limit") or 50, newest_first=query.get("order") == "desc")
    return {"items": [present(s) for s in states], "next_cursor": cursor, "included": included_names(states)}


def _period(query):
    """(from, to) of a list by due time as stored instants.

    :raise InvalidInput: a bound is neither an ISO instant nor a YYYY-MM-DD day.
    """
    bounds = []
    for name, end in (("from", False), ("to", True)):
        value = query.get(name)
        try:
            bounds.append(period_bound(value, end) if value else None)
        except ValueError:
            raise InvalidInput("Give the period as dates (YYYY-MM-DD) or ISO instants.",
                               details={name: "Not a date or an ISO instant."})
    return tuple(bounds)


def _equals(spec, query):
    """{field: value} of the type's filters the query sets (booleans from true/false)."""
    equals = {}
    for field in spec.filters:
        value = query.get(field)
        if value is None or value == "":
            continue
        if spec.fields[field].type == "boolean":
            if value not in ("true", "false"):
                raise InvalidInput(f"{field} is true or false.", details={field: "Use true or false."})
            value = value == "true"
        equals[field] = value
    return equals


def _by_parent(spec, query):
    """A page of the records of `spec` on one record (the notes of a person…)."""
    parents = [(f, query[f]) for f in spec.links if query.get(f)]
    if len(parents) != 1:
        names = ", ".join(spec.links)
        raise InvalidInput(f"List the {spec.plural} of one record: give one of {names}.",
                           details={spec.links[0]: "Give exactly one parent."})
    field, parent_id = parents[0]
    items, cursor = record_store.query_partition(record_key(LINKS[field], parent_id), prefix=keys.TIMELINE,
                                                 cursor=query.get("cursor"), limit=query.get("limit") or 50)
    wanted = [(i.source, keys.RECORD) for i in items if (plain(i.data) or {}).get("kind") == spec.entity]
    found = record_store.load(wanted)
    # The partition also shows records inherited through a deal: the filter means those *on* it.
    states = [found[k] for k in wanted if k in found and found[k]["data"].get(field) == parent_id]
    return {"items": [present(s) for s in states], "next_cursor": cursor, "included": included_names(states)}


def search(text, limit=20):
    """Persons, organizations and deals whose name, email, phone or domain starts with `text`."""
    prefix = search_prefix(text or "")
    if prefix is None:
        raise InvalidInput("Type at least two characters.", details={"q": "Too short."})
    pk, term = prefix
    hits, seen = [], set()
    for item in DerivedItem.query(pk, DerivedItem.sk.startswith(term), limit=limit * 3):
        data = plain(item.data)
        key = (data["entity"], data["id"])
        if key not in seen:
            seen.add(key)
            hits.append(data)
        if len(hits) == limit:
            break
    return hits


def trash(cursor=None, limit=50):
    """Deleted records, most recently deleted first (restorable for 30 days)."""
    items, next_cursor = record_lists.trash_page(cursor, limit)
    return [{"entity": i.entity, "id": i.id, "name": i.name, "deleted_at": i.deleted_at,
             "deleted_with": i.deleted_with, "updated_by": i.updated_by} for i in items], next_cursor
