"""What a record's state implies elsewhere in the table, as a pure function of that state.

A record page is one Query because the record's partition holds copies of
everything the page shows: activities, notes and deals on a timeline, an
organization's members, both sides of a relation. Email claims make a
person's emails unique; search terms serve the search box from a Query; list
keys put the record in its lists. The record types say what (`shown_on`,
`copies`, `search_terms`, `list_values`); this module says where, with the
keys of keys.py. `record_store.commit` writes the difference between the
items of the old state and of the new one in the same transaction as the
record, so copies never drift.
"""
from chalicelib.domain.records import TYPES, title_of
from chalicelib.domain.text import search_term
from chalicelib.storage import keys

GSI_KEYS = ("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk")


def record_key(entity, record_id):
    """The partition of a record (pipelines included)."""
    if entity == "pipeline":
        return keys.record(keys.PIPELINE_PREFIX, record_id)
    return keys.record(TYPES[entity].prefix, record_id)


def _copy_item(copy, record_id):
    """The item of a record type's `Copy`: pk, sk, entity, and for a card its board keys.

    A card is written by merge (`merge`): what the stream adds to it (its next
    activity, its last touch) survives the deal's own writes.
    """
    if copy.kind == "member":
        return {"pk": record_key(*copy.holder), "sk": keys.member(record_id), "entity": "member"}
    if copy.kind == "related":
        return {"pk": record_key(*copy.holder), "sk": keys.related(record_id), "entity": "related"}
    if copy.kind == "email_claim":
        return {"pk": keys.person_email(copy.holder), "sk": keys.CLAIM, "entity": "claim"}
    if copy.kind == "slot_claim":
        return {"pk": keys.slot_claim(*copy.holder), "sk": keys.CLAIM, "entity": "claim"}
    if copy.kind == "link_claim":
        return {"pk": keys.link_booked(copy.holder), "sk": keys.CLAIM, "entity": "claim"}
    if copy.kind == "seat_claim":
        return {"pk": keys.package_seat(*copy.holder), "sk": keys.CLAIM, "entity": "claim"}
    if copy.kind == "card":
        card = copy.data
        return {"pk": record_key(*copy.holder), "sk": keys.CARD, "entity": "card", "merge": True,
                "gsi2pk": keys.board(card["pipeline_id"]),
                "gsi2sk": keys.board_entry(card["stage_id"], card["stage_entered_at"], card["id"])}
    raise ValueError(f"unknown copy kind {copy.kind}")


def derived_items(record, context):
    """Every item this record's state implies, as {(pk, sk): item}; none for a deleted record.

    `context`: {id: state} of the records it links to (for what it inherits).
    """
    if record.get("deleted_at"):
        return {}
    entity, data, rid = record["entity"], record["data"], record["id"]
    spec = TYPES[entity]
    source = record_key(entity, rid)
    items = {}

    def add(pk, sk, kind, payload):
        items[(pk, sk)] = {"pk": pk, "sk": sk, "entity": kind, "source": source, "data": payload}

    at = spec.timeline_time(record)
    entry = {"kind": entity, "at": at, "actor": record.get("updated_by"), "record": {"id": rid, **spec.summary(data)}}
    for parent in spec.shown_on(record, context):
        add(record_key(*parent), keys.timeline(at, entity, rid), "timeline", entry)
    for copy in spec.copies(record, context):
        item = _copy_item(copy, rid)
        items[(item["pk"], item["sk"])] = {**item, "source": source, "data": copy.data}
    if spec.searched:
        hit = {"entity": entity, "id": rid, "name": title_of(entity, data)[:200], "subtitle": spec.subtitle(data)}
        for term in spec.search_terms(data):
            add(keys.search_partition(term), keys.search_entry(term, entity, rid), "search", hit)
    return items


def appended_items(events, record):
    """The items of facts a write appends for good ([(kind, data)] from a record type's `events`).

    A stage history entry sits on the deal's timeline and in its pipeline's
    history (gsi1, by time), keyed by the deal's version: a retried write
    appends nothing twice.
    """
    items, source = [], record_key(record["entity"], record["id"])
    version = (record.get("version") or 0) + 1
    for index, (kind, data) in enumerate(events):
        if kind != "stage":
            raise ValueError(f"unknown event kind {kind}")
        at = data["at"]
        items.append({"pk": source, "sk": keys.timeline(at, "stage", f"{record['id']}.{version}.{index}"),
                      "entity": "stage_change", "source": source,
                      "gsi1pk": keys.stage_history(data["pipeline_id"]),
                      "gsi1sk": keys.history_entry(at, f"{record['id']}.{version}.{index}"),
                      "data": {"kind": "stage", "at": at, "actor": record.get("updated_by"), "record": data}})
    return items


def search_prefix(query):
    """(partition, sort-key prefix) answering a search box query, or None when too short."""
    term = search_term(query)
    return None if term is None else (keys.search_partition(term), term)


def list_keys(record):
    """The record's own index keys (None removes one).

    gsi1: by name (persons, organizations, deals), by due time (activities), or
    the trash once deleted; gsi2: each owner's activities, or a deletion still
    taking its linked records along (a deal's board card has its own keys);
    gsi3: by creation (ids are ULIDs).
    """
    entity, rid = record["entity"], record["id"]
    out = dict.fromkeys(GSI_KEYS)
    if record.get("deleted_at"):
        out.update(gsi1pk=keys.TRASH, gsi1sk=keys.trash_entry(record["deleted_at"], entity, rid))
        if record.get("cascade_pending"):
            out.update(gsi2pk=keys.CASCADES, gsi2sk=keys.trash_entry(record["deleted_at"], entity, rid))
        return out
    spec = TYPES[entity]
    values = spec.list_values(record)
    plural = keys.record_list(spec.plural)
    if "name" in values:
        out.update(gsi1pk=plural, gsi1sk=keys.by_name(values["name"], rid))
    if "created" in values:
        out.update(gsi3pk=plural, gsi3sk=values["created"])
    if values.get("active"):  # a workflow that runs: one Query finds them all (storage README row 30)
        out.update(gsi2pk=keys.ACTIVE_WORKFLOWS, gsi2sk=values["active"])
    if values.get("token"):
        out.update(gsi2pk=keys.link_token(values["token"]), gsi2sk=keys.LINK)
    if "due" in values:
        due_at, owner_id = values["due"]
        out.update(gsi1pk=keys.ACTIVITIES, gsi1sk=keys.due(due_at, rid),
                   gsi2pk=keys.owner_activities(owner_id), gsi2sk=keys.due(due_at, rid))
    return out
