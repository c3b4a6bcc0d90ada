"""What a record implies elsewhere in the table, as a pure function of its state.

A record page is one Query because the record's partition holds copies of
everything the page shows: activities, notes and deals on a timeline,
an organization's members, both sides of a relation. Email claims make a
person's emails unique; search terms serve the search box from a Query.
`derived_items(record, context)` returns all of them as plain dicts; the
storage layer writes the difference between the items of the old state and
of the new one in the same transaction as the record, so copies never drift.
"""
from chalicelib.domain.records import INVERSE_RELATION, TYPES, title_of
from chalicelib.domain.text import digits, fold, sort_key, words

MAX_TERMS = 20
SEARCHED = ("person", "organization", "deal")


def record_key(entity, record_id):
    """The partition of a record (pipelines included)."""
    if entity == "pipeline":
        return f"PIPELINE#{record_id}"
    return TYPES[entity].key(record_id)


def summary(record):
    """The part of a record a timeline entry shows."""
    entity, data = record["entity"], record["data"]
    base = {"id": record["id"]}
    if entity == "activity":
        return {**base, **{k: data.get(k) for k in ("type", "subject", "due_at", "done", "all_day",
                                                     "duration_min", "owner_id")}}
    if entity == "note":
        return {**base, "content": data.get("content"), "pinned": bool(data.get("pinned"))}
    if entity == "deal":
        return {**base, **{k: data.get(k) for k in ("title", "value", "currency", "status", "stage_id",
                                                     "pipeline_id")}}
    return base


def timeline_parents(record, context):
    """Partitions whose timeline shows this record (activity on a deal: the deal's person and org too)."""
    entity, data = record["entity"], record["data"]
    if entity not in ("deal", "activity", "note"):
        return []
    parents = []
    for field in ("person_id", "org_id", "deal_id", "activity_id"):
        if data.get(field):
            parents.append(record_key({"person_id": "person", "org_id": "organization", "deal_id": "deal",
                                       "activity_id": "activity"}[field], data[field]))
    for field in ("deal_id", "activity_id"):
        linked = context.get(data.get(field) or "")
        if linked:  # inherit the linked record's people and organizations
            ldata = linked["data"]
            for sub, ent in (("person_id", "person"), ("org_id", "organization"), ("deal_id", "deal")):
                if ldata.get(sub):
                    parents.append(record_key(ent, ldata[sub]))
    return list(dict.fromkeys(parents))  # unique, in order


def timeline_at(record):
    """When an entry sits on the timeline: an activity at its due time, the rest when created."""
    if record["entity"] == "activity":
        return record["data"]["due_at"]
    return record["created_at"]


def derived_items(record, context):
    """Every item this record's state implies, as {(pk, sk): item}; none for a deleted record."""
    if record.get("deleted_at"):
        return {}
    entity, data, rid = record["entity"], record["data"], record["id"]
    source = record_key(entity, rid)
    items = {}

    def add(pk, sk, kind, payload):
        items[(pk, sk)] = {"pk": pk, "sk": sk, "entity": kind, "source": source, "data": payload}

    at = timeline_at(record)
    for parent in timeline_parents(record, context):
        add(parent, f"TL#{at}#{entity}#{rid}", "timeline",
            {"kind": entity, "at": at, "actor": record.get("updated_by"), "record": summary(record)})
    if entity == "person" and data.get("org_id"):
        add(record_key("organization", data["org_id"]), f"MEMBER#{rid}", "member",
            {"id": rid, "name": data["name"], "emails": data.get("emails", [])})
    if entity == "organization":
        for rel in data.get("related", []):
            add(record_key("organization", rel["org_id"]), f"RELATED#{rid}", "related",
                {"org_id": rid, "kind": INVERSE_RELATION[rel["kind"]], "name": data["name"]})
    if entity == "person":
        for email in data.get("emails", []):
            add(f"PERSONEMAIL#{email['value']}", "CLAIM", "claim", {"person_id": rid, "name": data["name"]})
    if entity in SEARCHED:
        hit = {"entity": entity, "id": rid, "name": title_of(entity, data)[:200], "subtitle": subtitle(entity, data)}
        for term in search_terms(entity, data):
            add(f"SEARCH#{term[:2]}", f"{term}#{entity}#{rid}", "search", hit)
    return items


def subtitle(entity, data):
    """The second line of a search result."""
    if entity == "person":
        return (data.get("emails") or [{}])[0].get("value", "") if data.get("emails") else ""
    if entity == "organization":
        return data.get("domain") or ""
    value = data.get("value")
    return f"{value:g} {data.get('currency') or ''}".strip() if value else ""


def search_terms(entity, data):
    """The folded terms a search box prefix can match: names, words, emails, domains, phone digits."""
    title = title_of(entity, data)
    terms = [sort_key(title, 60)] + [w[:60] for w in words(title)[:8]]
    for email in data.get("emails", []):
        terms += [email["value"][:60], email["value"].split("@")[-1][:60]]
    for phone in data.get("phones", []):
        number = digits(phone["value"])
        # As stored, and its last 9 digits: `+33 6 12…` is found by `06 12…` and `6 12…`.
        terms += [number[:30], number[-9:]]
    if data.get("domain"):
        terms.append(fold(data["domain"])[:60])
    clean = [t for t in dict.fromkeys(terms) if len(t) >= 2]
    return clean[:MAX_TERMS]


def search_prefix(query):
    """(partition, sort-key prefix) answering a search box query, or None when too short."""
    term = fold(query)
    if sum(c.isdigit() for c in term) >= 4 and all(c.isdigit() or c in " +-()." for c in term):
        term = digits(term).lstrip("0")  # a national trunk prefix: 06… is stored as 336… / 6…
        if len(term) >= 10:  # a whole international number: match on its national part
            term = term[-9:]
    if len(term) < 2:
        return None
    return f"SEARCH#{term[:2]}", term[:60]


def list_keys(record):
    """The record's own index keys (None removes one).

    gsi1: by name (persons, organizations, deals), by due time (activities),
    or the trash once deleted; gsi2: the board (deals by pipeline, status and
    stage) and each owner's activities; gsi3: by creation (ids are ULIDs).
    """
    entity, data, rid = record["entity"], record["data"], record["id"]
    keys = dict.fromkeys(("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"))
    if record.get("deleted_at"):
        keys.update(gsi1pk="TRASH", gsi1sk=f"{record['deleted_at']}#{entity}#{rid}")
        return keys
    plural = TYPES[entity].plural.upper()
    if entity == "activity":
        keys.update(gsi1pk="ACTIVITIES", gsi1sk=f"{data['due_at']}#{rid}",
                    gsi2pk=f"ACTIVITIES#{data.get('owner_id') or '-'}", gsi2sk=f"{data['due_at']}#{rid}")
    elif entity != "note":
        keys.update(gsi1pk=plural, gsi1sk=f"{sort_key(title_of(entity, data))}#{rid}", gsi3pk=plural, gsi3sk=rid)
    if entity == "deal":
        keys.update(gsi2pk=f"BOARD#{data.get('pipeline_id')}#{data.get('status')}",
                    gsi2sk=f"{data.get('stage_id')}#{rid}")
    return keys
