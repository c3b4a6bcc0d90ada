"""The client portal: the coach opens and shapes it on a won deal; the client uses it with its token alone."""
from chalice import Blueprint

from chalicelib.api.routing import PUBLIC, endpoint, json_response
from chalicelib.domain.portal import CHECK, CODE, NEW_PORTAL, PORTAL_EDIT
from chalicelib.domain.validation import Schema
from chalicelib.lazy import lazy

portal = lazy("chalicelib.services.portal")

bp = Blueprint(__name__)
SESSION_HEADER = "x-portal-session"  # what `POST …/session` gave, when the portal asks for a code


def _client_file():
    from chalicelib.domain.files import FILE

    return Schema("PortalFile", {k: FILE.fields[k] for k in ("name", "size", "type")})


def _booking():
    from chalicelib.api.scheduler import NEW_BOOKING

    return Schema("PortalBooking", {k: NEW_BOOKING.fields[k] for k in ("start", "timezone", "language", "answers")})


CLIENT_FILE = _client_file()
CLIENT_BOOKING = _booking()


def _session(ctx):
    return ctx.headers.get(SESSION_HEADER)


@endpoint(bp, "/deals/{record_id}/portal", "POST", body=NEW_PORTAL, status=201)
def create_portal(ctx, record_id):
    """Open the client portal of a won deal (and its booking link), and email the client its link;
    with `regenerate`, give an existing portal a new link (the old one stops working).

    :raise 409: deal_not_won, portal_exists. :raise 400: the person has no email to send it to.
    """
    return portal.create(ctx.principal, record_id, ctx.body)


@endpoint(bp, "/deals/{record_id}/portal", "GET")
def get_portal(ctx, record_id):
    """A deal's portal: its link, what it shows, the package's sessions used and left. :raise 404: none."""
    return portal.get(record_id)


@endpoint(bp, "/deals/{record_id}/portal", "PATCH", body=PORTAL_EDIT)
def edit_portal(ctx, record_id):
    """Change the welcome, the package, what the portal shows, the checklist. :raise 409: stale version."""
    return portal.edit(ctx.principal, record_id, ctx.body)


@endpoint(bp, "/deals/{record_id}/portal", "DELETE", status=204)
def revoke_portal(ctx, record_id):
    """Revoke the portal's link at once (`POST {regenerate: true}` gives a new one). :raise 404: none."""
    portal.revoke(ctx.principal, record_id)
    return json_response(None, 204)


@endpoint(bp, "/public/portal/{token}", "GET", access=PUBLIC, throttle="portal-read")
def open_portal(ctx, token):
    """The client's page: welcome, package, sessions, booking, shared notes and files, checklist.

    :raise 404: a token that opens nothing (the same answer whatever the reason).
    :raise 403: the portal asks for the emailed code first (code_required).
    """
    return portal.view(token, _session(ctx))


@endpoint(bp, "/public/portal/{token}/checklist/{item_id}", "POST", access=PUBLIC, body=CHECK, throttle="portal")
def tick_item(ctx, token, item_id):
    """Tick or untick a goal of the checklist; the deal's timeline shows it. :raise 404."""
    return portal.tick(token, item_id, ctx.body["done"], _session(ctx))


@endpoint(bp, "/public/portal/{token}/files", "POST", access=PUBLIC, body=CLIENT_FILE, status=201,
          throttle="portal")
def client_upload(ctx, token):
    """Declare a file to send to the coach: answers `{file, upload: {url, fields}}` (then POST the bytes
    there, then `…/files/{id}/uploaded`). :raise 413: too large. :raise 400: a type not accepted."""
    return portal.start_upload(token, ctx.body, _session(ctx))


@endpoint(bp, "/public/portal/{token}/files/{file_id}/uploaded", "POST", access=PUBLIC, throttle="portal")
def client_upload_done(ctx, token, file_id):
    """The client's file arrived: it shows in the portal and on the deal. :raise 404, 409, 413."""
    return portal.confirm_upload(token, file_id, _session(ctx))


@endpoint(bp, "/public/portal/{token}/slots", "GET", access=PUBLIC, throttle="portal-read")
def client_slots(ctx, token):
    """The times the client can book (`?from=&to=`); none once the package is used up."""
    return portal.slots(token, ctx.query("from"), ctx.query("to"), _session(ctx))


@endpoint(bp, "/public/portal/{token}/bookings", "POST", access=PUBLIC, body=CLIENT_BOOKING, status=201,
          throttle="booking")
def client_book(ctx, token):
    """Book a session: it takes one of the package's, and an invite is emailed.

    :raise 409: package_used_up, slot_taken. :raise 400: a time not offered.
    """
    from chalicelib.api.scheduler import _start_ok

    _start_ok(ctx)
    return portal.book(token, ctx.body, _session(ctx))


@endpoint(bp, "/public/portal/{token}/code", "POST", access=PUBLIC, status=202, throttle="portal-code")
def send_code(ctx, token):
    """Email the client a one-time code (valid 10 minutes) to open a portal that asks for one."""
    return portal.send_code(token)


@endpoint(bp, "/public/portal/{token}/session", "POST", access=PUBLIC, body=CODE, throttle="portal-code")
def open_session(ctx, token):
    """Trade the emailed code for a session (send it as `X-Portal-Session`). :raise 403: bad_code."""
    return portal.open_session(token, ctx.body["code"])
