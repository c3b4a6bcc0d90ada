"""Client portals (storage README row 33): a deal's portal item and the item its token opens.

`pk = DEAL#<id>`, `sk = PORTAL`: the portal, versioned; `pk = PORTAL#<sha256(token)>`,
`sk = PORTAL`: the deal it opens. A new token replaces the old one's item in
the same transaction: the old link dies at once. What the client does is
appended to the deal's timeline (`TL#<at>#portal#<id>`).
"""
from chalicelib.storage import keys
from chalicelib.storage.models import DerivedItem, PortalItem
from chalicelib.storage.record_store import plain, query_partition
from chalicelib.storage.records import stamp, transaction


def _deal_pk(deal_id):
    return keys.record("DEAL", deal_id)


def get(deal_id):
    """{data, version} of a deal's portal, or None (a consistent read: a revocation bites at once)."""
    try:
        item = PortalItem.get(_deal_pk(deal_id), keys.PORTAL, consistent_read=True)
    except PortalItem.DoesNotExist:
        return None
    return {"data": plain(item.data), "version": item.version}


def with_deal(deal_id, max_pages):
    """(portal or None, the deal's own item or None, its timeline entries' data, newest first).

    One consistent Query while the partition fits a 1 MB page: PORTAL, RECORD and the TL# entries sort
    together at its end (after CARD and MEMBER#; RELATED# and STAGE# items in between are skipped).
    """
    portal = deal = None
    entries, cursor = [], None
    for _ in range(max_pages):
        items, cursor = query_partition(_deal_pk(deal_id), newest_first=False, cursor=cursor, limit=None,
                                        since=keys.PORTAL, consistent=True)
        for item in items:
            if item.sk == keys.PORTAL:
                portal = {"data": plain(item.data), "version": item.version}
            elif item.sk == keys.RECORD:
                deal = item
            elif item.sk.startswith(keys.TIMELINE):
                entries.append(plain(item.data) or {})
        if not cursor:
            break
    return portal, deal, entries[::-1]  # newest first, as the deal's page shows them


def deal_of(digest):
    """The deal id a portal token (by its digest) opens, or None."""
    try:
        return DerivedItem.get(keys.portal_token(digest), keys.PORTAL, consistent_read=True).data["deal_id"]
    except DerivedItem.DoesNotExist:
        return None


def _lookup(digest, deal_id, actor):
    return stamp(DerivedItem(keys.portal_token(digest), keys.PORTAL, entity="portal_token", source=_deal_pk(deal_id),
                             data={"deal_id": deal_id}), actor, created=True)


def save(deal_id, data, version, actor, drop_digest=None, add_digest=None, timeline=None):
    """Write a portal edited from `version` (None: a new one), its token items and a timeline entry, atomically.

    :raise Conflict: changed meanwhile (version_conflict), or created meanwhile.
    """
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.errors import Conflict

    item = stamp(PortalItem(_deal_pk(deal_id), keys.PORTAL, entity="portal", data=data), actor, created=True)
    if version is not None:
        item.version = version
    try:
        with transaction() as tx:
            if version is None:
                tx.save(item, condition=PortalItem.pk.does_not_exist())
            else:
                tx.save(item)
            if drop_digest:
                tx.delete(DerivedItem(keys.portal_token(drop_digest), keys.PORTAL))
            if add_digest:
                tx.save(_lookup(add_digest, deal_id, actor))
            if timeline:
                tx.save(timeline)
    except TransactWriteError as exc:
        raise Conflict("The portal was changed meanwhile. Reload and try again.", code="version_conflict") from exc
    return {"data": data, "version": (version or 0) + 1}


def timeline_entry(deal_id, at, entry_id, record, actor="portal"):
    """A timeline item on the deal: what the client did in the portal (`record`: event and words)."""
    pk = _deal_pk(deal_id)
    return stamp(DerivedItem(pk, keys.timeline(at, "portal", entry_id), entity="timeline", source=pk,
                             data={"kind": "portal", "at": at, "actor": actor, "record": record}), actor, created=True)
