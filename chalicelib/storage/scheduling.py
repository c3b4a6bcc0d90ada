"""What the scheduler reads and keeps: links by token, an owner's busy time, bookings, calendar feeds.

Storage README rows 25-29: a link by its public token (gsi2 `LINKTOKEN#`),
an owner's activities by due time (gsi2 `ACTIVITIES#<owner>`), slot claims
(derived from a booking's activity), a booking by the SHA-256 of its token.
"""
from chalicelib.storage import keys
from chalicelib.storage.models import DerivedItem, RecordItem
from chalicelib.storage.pages import query_page
from chalicelib.storage.record_store import plain, state_of
from chalicelib.storage.records import get_item, stamp


def link_by_token(token):
    """The live link whose public token is `token`, or None (one Query of gsi2)."""
    items, _ = query_page(RecordItem, keys.link_token(token), index="gsi2", limit=1)
    return state_of(items[0]) if items and not items[0].deleted_at else None


def owner_activities(owner_id, due_from, due_to):
    """The owner's live activities due in [due_from, due_to] (stored instants): one Query page per MB."""
    result = RecordItem.gsi2.query(keys.owner_activities(owner_id),
                                   RecordItem.gsi2sk.between(due_from, due_to + "~"))
    return [state_of(item) for item in result]


def booking_item(digest, data, source):
    """A booking's item, to write with its activity: `pk = BOOKING#<sha256(token)>`."""
    return {"pk": keys.booking(digest), "sk": keys.BOOKING, "entity": "booking", "source": source, "data": data}


def get_booking(digest):
    """The booking stored under the digest of its token, as {data, version}. :raise NotFound."""
    item = get_item(DerivedItem, keys.booking(digest), keys.BOOKING, what="Booking", consistent=True)
    return plain(item.data)


def save_booking(digest, data, source, actor):
    """Replace a booking's item (its status, its times, its reschedules)."""
    stamp(DerivedItem(keys.booking(digest), keys.BOOKING, entity="booking", source=source, data=data), actor,
          created=True).save()


def feed_owner(digest):
    """The user id a calendar feed token opens, or None."""
    try:
        return DerivedItem.get(keys.calendar_feed(digest), keys.FEED).data["user_id"]
    except DerivedItem.DoesNotExist:
        return None
