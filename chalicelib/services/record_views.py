"""Reading records: detail pages, lists, timelines, search and the trash.

A detail page is one Query over the record's partition (the record, its
timeline, members and relations are all there) plus at most one
BatchGetItem for the names of what it links to.
"""
from chalicelib.domain.derived import record_key, search_prefix
from chalicelib.domain.records import LINKS, TYPES, period_bound
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.storage import record_store
from chalicelib.storage.models import DerivedItem, RecordItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.record_store import RECORD_SK, plain, state_of

TIMELINE_PAGE = 100
_INCLUDED = {"organization": "organizations", "person": "persons", "deal": "deals", "activity": "activities"}


def present(state):
    """A record as the API shows it."""
    return {"id": state["id"], **state["data"],
            **{k: state.get(k) for k in ("created_at", "updated_at", "updated_by", "version", "deleted_at")}}


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
    """{"organizations": {id: {id, name}}, …} for the records `states` link to (one BatchGetItem)."""
    wanted = set()
    for state in states:
        for field, entity in LINKS.items():
            if state["data"].get(field):
                wanted.add((record_key(entity, state["data"][field]), RECORD_SK))
        for rel in state["data"].get("related", []) or []:
            wanted.add((record_key("organization", rel["org_id"]), RECORD_SK))
    out = {name: {} for name in _INCLUDED.values()}
    for found in record_store.load(list(wanted)).values():  # one BatchGetItem per 100 names
        if isinstance(found, dict) and found.get("entity") in _INCLUDED:
            title = TYPES[found["entity"]].title_field
            out[_INCLUDED[found["entity"]]][found["id"]] = {
                "id": found["id"], title if title != "content" else "name": found["data"].get(title, "")[:200],
                "deleted": bool(found.get("deleted_at"))}
    return out


def detail(entity, record_id):
    """The record with its first timeline page (and members, deals, relations for an organization).

    One Query reads the whole partition up to DynamoDB's 1 MB page, which holds
    thousands of timeline entries; only a larger partition costs a second Query,
    for the record, members and relations that sort before its timeline.
    :raise NotFound: no such live record.
    """
    pk = record_key(entity, record_id)
    items, more = record_store.query_partition(pk, newest_first=True, limit=None)
    if more:
        head, _ = record_store.query_partition(pk, newest_first=False, limit=None, below="TL#")
        items = [i for i in items if i.sk.startswith("TL#")] + head
    record = next((i for i in items if i.sk == RECORD_SK), None)
    if record is None or record.deleted_at:
        raise NotFound(f"{entity.capitalize()} not found.")
    state = _state_from_partition(record)
    entries = [_entry(i) for i in items if i.sk.startswith("TL#")]
    timeline = entries[:TIMELINE_PAGE]
    out = present(state)
    out["timeline"] = {"items": timeline,
                       "next_cursor": _timeline_cursor(pk, timeline) if len(entries) > TIMELINE_PAGE or more else None}
    if entity == "organization":
        out["persons"] = [plain(i.data) for i in items if i.sk.startswith("MEMBER#")]
        out["deals"] = [e["record"] for e in entries if e["kind"] == "deal"]
        reverse = [plain(i.data) for i in items if i.sk.startswith("RELATED#")]
        own = {r["org_id"] for r in out.get("related", [])}
        out["related"] = out.get("related", []) + [{"org_id": r["org_id"], "kind": r["kind"]}
                                                   for r in reverse if r["org_id"] not in own]
    out["included"] = included_names([{"data": {**state["data"], "related": out.get("related", [])}}])
    return out


def _state_from_partition(item):
    record = RecordItem.from_raw_data(item.serialize())
    return state_of(record)


def _timeline_cursor(pk, timeline):
    """The cursor after the last entry shown (an exclusive start key in the partition)."""
    if not timeline:
        return None
    from chalicelib.storage.pages import encode_cursor

    last = timeline[-1]
    return encode_cursor({"pk": {"S": pk}, "sk": {"S": f"TL#{last['at']}#{last['kind']}#{last['id']}"}})


def timeline(entity, record_id, cursor=None, limit=TIMELINE_PAGE):
    """Older timeline entries, newest first.

    :raise NotFound: no such record (checked only when the page is empty: the usual page costs one Query).
    """
    pk = record_key(entity, record_id)
    items, next_cursor = record_store.query_partition(pk, prefix="TL#", cursor=cursor, limit=limit)
    if not items:
        record_store.get(pk, what=entity.capitalize())
    return [_entry(i) for i in items], next_cursor


_SORTS = {"name": "gsi1", "created": "gsi3"}


def list_records(entity, query):
    """One page of a record list with the names of what its items link to.

    `query`: sort (name|created), order (asc|desc), owner, tag, org_id, person_id,
    deal_id, cursor, limit; activities: from, to, type, done instead of sort.
    :raise InvalidInput: an unknown sort or a bad filter.
    """
    plural = TYPES[entity].plural.upper()
    filters = _filters(entity, query)
    if entity == "activity":
        index, hash_key = ("gsi2", f"ACTIVITIES#{query['owner']}") if query.get("owner") else ("gsi1", "ACTIVITIES")
        sk = RecordItem.gsi2sk if index == "gsi2" else RecordItem.gsi1sk
        low, high = _period(query)
        condition = sk.between(low, high + "~") if low and high else (
            sk >= low if low else (sk <= high + "~" if high else None))
        newest_first = query.get("order") == "desc"
    elif entity == "note":
        return _notes(query)
    else:
        sort = query.get("sort") or "name"
        if sort not in _SORTS:
            raise InvalidInput("Sort by name or created.", details={"sort": "Use name or created."})
        index, hash_key, condition = _SORTS[sort], plural, None
        newest_first = query.get("order") == "desc"
    items, cursor = query_page(RecordItem, hash_key, index=index, range_key_condition=condition,
                               filter_condition=filters, cursor=query.get("cursor"),
                               limit=query.get("limit") or 50, newest_first=newest_first)
    states = [state_of(i) for i in items]
    return {"items": [present(s) for s in states], "next_cursor": cursor, "included": included_names(states)}


def _period(query):
    """(from, to) of an activity list as stored instants.

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
    return bounds


def _filters(entity, query):
    condition = None

    def add(expr):
        nonlocal condition
        condition = expr if condition is None else condition & expr

    if query.get("owner") and entity != "activity":
        add(RecordItem.owner_id == query["owner"])
    if query.get("tag"):
        add(RecordItem.data["tags"].contains(query["tag"]))
    for field in ("org_id", "person_id", "deal_id", "status", "pipeline_id", "stage_id"):
        if query.get(field) and field in TYPES[entity].fields:
            add(RecordItem.data[field] == query[field])
    if entity == "activity":
        if query.get("type"):
            add(RecordItem.data["type"] == query["type"])
        if query.get("done") is not None:
            if query["done"] not in ("true", "false"):
                raise InvalidInput("done is true or false.", details={"done": "Use true or false."})
            add(RecordItem.data["done"] == (query["done"] == "true"))
    return condition


def _notes(query):
    parents = [(f, query[f]) for f in ("person_id", "org_id", "deal_id", "activity_id") if query.get(f)]
    if len(parents) != 1:
        raise InvalidInput("List the notes of one record: give person_id, org_id, deal_id or activity_id.",
                           details={"person_id": "Give exactly one parent."})
    field, parent_id = parents[0]
    items, cursor = record_store.query_partition(record_key(LINKS[field], parent_id), prefix="TL#",
                                                 cursor=query.get("cursor"), limit=query.get("limit") or 50)
    notes = [(i.source, RECORD_SK) for i in items if (plain(i.data) or {}).get("kind") == "note"]
    found = record_store.load(notes)
    # The partition also shows notes inherited through a deal: the filter means notes *on* it.
    states = [found[k] for k in notes if k in found and found[k]["data"].get(field) == parent_id]
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
    items, next_cursor = query_page(RecordItem, "TRASH", index="gsi1", cursor=cursor, limit=limit,
                                    newest_first=True)
    return [{"entity": i.entity, "id": i.id, "name": i.name, "deleted_at": i.deleted_at,
             "deleted_with": i.deleted_with, "updated_by": i.updated_by} for i in items], next_cursor
