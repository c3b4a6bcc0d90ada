"""Booking links (for users), the public booking pages (for customers), and the calendar feed."""
from chalice import Blueprint, Response

from chalicelib.api.record_routes import register
from chalicelib.api.routing import PUBLIC, endpoint, json_response
from chalicelib.domain.users import LANGUAGES
from chalicelib.domain.validation import VERSION, Field, Schema, check_email
from chalicelib.lazy import lazy

scheduling = lazy("chalicelib.services.scheduling")
record_views = lazy("chalicelib.services.record_views")

bp = Blueprint(__name__)
register(bp, "scheduler_link")

NEW_BOOKING = Schema("NewBooking", {
    "start": Field("string", required=True, max_length=40, fmt="date-time",
                   description="One of the link's free slots (its `start`)."),
    "name": Field("string", required=True, min_length=1, max_length=200),
    "email": Field("string", required=True, max_length=254, check=check_email, fmt="email"),
    "phone": Field("string", max_length=40),
    "timezone": Field("string", max_length=64, description="The customer's IANA zone, for their emails."),
    "language": Field("string", choices=LANGUAGES),
    "answers": Field("object", description="{question id: answer} for the link's questions."),
})
RESCHEDULE = Schema("Reschedule", {"start": NEW_BOOKING.fields["start"]})
TOKEN = Schema("NewLinkToken", {"version": VERSION})
SLOT_QUERY = ("from", "to")


def _start_ok(ctx):
    from chalicelib.domain.record_fields import check_instant
    from chalicelib.errors import InvalidInput

    if check_instant(ctx.body["start"]):
        raise InvalidInput("Give the start as an ISO instant.", details={"start": "Not an ISO instant."})


@endpoint(bp, "/scheduler/links/{record_id}/slots", "GET")
def link_slots(ctx, record_id):
    """The free slots of a link, exactly as its customers see them (`?from=&to=`). :raise 404: no such link."""
    return scheduling.owner_slots(record_id, ctx.query("from"), ctx.query("to"))


@endpoint(bp, "/scheduler/links/{record_id}/token", "POST", body=TOKEN)
def new_link_token(ctx, record_id):
    """Give a link a new public URL; the old one stops working. :raise 409: stale version."""
    return record_views.present(scheduling.regenerate_token(ctx.principal, record_id, ctx.body["version"]))


@endpoint(bp, "/public/scheduler/{token}", "GET", access=PUBLIC, throttle="scheduler-read")
def public_link(ctx, token):
    """A booking page: the link as customers see it and its free slots (`?from=&to=&tz=`).

    :raise 404: no such link, or switched off.
    """
    return scheduling.public_slots(token, ctx.query("from"), ctx.query("to"), ctx.query("tz", max_length=64))


@endpoint(bp, "/public/scheduler/{token}/bookings", "POST", access=PUBLIC, body=NEW_BOOKING, status=201,
          throttle="booking")
def book(ctx, token):
    """Book a free slot: answers `{booking_token, start, end}`; the customer gets an invite.

    :raise 400: a time the link does not offer, a bad field or a missing answer.
    :raise 404: no such link. :raise 409: the time was just taken (slot_taken).
    """
    _start_ok(ctx)
    return scheduling.book(token, ctx.body)


@endpoint(bp, "/public/bookings/{booking_token}", "GET", access=PUBLIC, throttle="booking")
def show_booking(ctx, booking_token):
    """A customer's booking: when, with whom, whether it can still be cancelled or moved. :raise 404."""
    return scheduling.show_booking(booking_token)


@endpoint(bp, "/public/bookings/{booking_token}/slots", "GET", access=PUBLIC, throttle="booking")
def booking_slots(ctx, booking_token):
    """The times a booking can move to (`?from=&to=`). :raise 404: no such booking."""
    return scheduling.booking_slots(booking_token, ctx.query("from"), ctx.query("to"))


@endpoint(bp, "/public/bookings/{booking_token}", "DELETE", access=PUBLIC, status=204, throttle="booking")
def cancel_booking(ctx, booking_token):
    """Cancel a booking: the time is free at once, both sides get the cancellation.

    :raise 404: no such booking. :raise 409: cancelled already, or past the link's cutoff.
    """
    scheduling.cancel(booking_token)
    return json_response(None, 204)


@endpoint(bp, "/public/bookings/{booking_token}/reschedule", "POST", access=PUBLIC, body=RESCHEDULE,
          throttle="booking")
def reschedule_booking(ctx, booking_token):
    """Move a booking to another free time; the invite is updated (same UID, higher SEQUENCE).

    :raise 400: a time the link does not offer. :raise 404: no such booking.
    :raise 409: taken meanwhile, no reschedule left, or past the cutoff.
    """
    _start_ok(ctx)
    return scheduling.reschedule(booking_token, ctx.body["start"])


@endpoint(bp, "/public/calendar/{feed_file}", "GET", access=PUBLIC, throttle="calendar")
def calendar_feed(ctx, feed_file):
    """A user's calendar subscription (`<token>.ics`): their activities as RFC 5545. :raise 404."""
    return Response(body=scheduling.calendar(feed_file), status_code=200,
                    headers={"Content-Type": "text/calendar; charset=utf-8"})


@endpoint(bp, "/me/calendar-feed", "GET")
def my_feed(ctx):
    """Whether the signed-in user has a calendar subscription (its URL is shown only when made)."""
    return scheduling.feed_url(ctx.principal)


@endpoint(bp, "/me/calendar-feed", "POST", status=201)
def new_feed(ctx):
    """A new calendar subscription URL for the signed-in user; any previous one stops working."""
    return scheduling.new_feed(ctx.principal)


@endpoint(bp, "/me/calendar-feed", "DELETE", status=204)
def drop_feed(ctx):
    """Revoke the signed-in user's calendar subscription."""
    scheduling.drop_feed(ctx.principal)
    return json_response(None, 204)
