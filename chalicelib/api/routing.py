"""The one way to declare an endpoint: authentication on by default, errors mapped once.

`endpoint(bp, "/persons/{id}", "PATCH", body=PERSON)` registers a Chalice
route whose view authenticates the caller (unless `access="public"`),
checks the role, parses the body against its schema, calls the function and
turns domain errors into the DESIGN §8 error body. Forgetting auth takes an
explicit `access="public"`, and the route-table test lists those.
"""
import functools
import json
import re

from chalice import Response

from chalicelib import config
from chalicelib.api.context import RequestContext, request_id
from chalicelib.domain.users import require_admin
from chalicelib.errors import DomainError, NotFound
from chalicelib.logs import log_exception

PUBLIC, MEMBER, ADMIN = "public", "member", "admin"
# Every path parameter is an id (a ULID, `default`) or a public token (URL-safe base64):
# anything else names nothing, and must not reach DynamoDB's key limits (2 KB).
PATH_PARAMETER = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


def _check_path(params):
    """:raise NotFound: a path parameter cannot be an id or a token."""
    for value in params.values():
        if not PATH_PARAMETER.match(value or ""):
            raise NotFound("Not found.")


class EndpointMeta:
    """What the route table test and the OpenAPI document read from a view."""

    __slots__ = ("access", "body", "status", "summary", "tag")

    def __init__(self, access, body, status, summary, tag):
        self.access, self.body, self.status, self.summary, self.tag = access, body, status, summary, tag


def json_response(body, status=200, headers=None):
    """A JSON response; `None` body gives an empty 204-style answer."""
    if body is None:
        return Response(body="", status_code=status, headers=headers or {})
    return Response(body=json.dumps(body, separators=(",", ":"), ensure_ascii=False),
                    status_code=status,
                    headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def error_response(exc):
    """The DESIGN §8 error body for a domain error."""
    return json_response(exc.to_body(), exc.status, exc.headers)


def internal_error(request):
    """A JSON 500 naming a correlation id; the stack trace goes to the log under that id."""
    rid = request_id(request)
    log_exception("unhandled exception", request_id=rid, path=getattr(request, "path", None))
    return json_response({"error": {"code": "internal_error",
                                    "message": "Something went wrong on our side.",
                                    "details": {"correlation_id": rid}}}, 500,
                         {"X-Request-Id": rid})


def endpoint(bp, path, method="GET", *, access=MEMBER, body=None, status=200, throttle=None):
    """Register `fn(ctx, **path_params)` as the view of `method path` on blueprint `bp`.

    `throttle` names the rate-limit scope of a public endpoint (per client
    address, before the body is even parsed).
    """

    def register(fn):
        @functools.wraps(fn)
        def view(**params):
            ctx = RequestContext(bp.current_request)
            try:
                if throttle:
                    from chalicelib.services.throttle import throttle_public

                    throttle_public(throttle, ctx.client_key())
                if access != PUBLIC:
                    from chalicelib.services.sessions import authenticate

                    token, via = ctx.credential()
                    ctx.principal = authenticate(token)
                    if via == "cookie":
                        ctx.check_same_origin()
                    if access == ADMIN:
                        require_admin(ctx.principal)
                _check_path(params)
                ctx.check_json_body()
                if body is not None:
                    ctx.body = body.parse(ctx.json())
                result = fn(ctx, **params)
            except DomainError as exc:
                return error_response(exc)
            except Exception:  # the catch-all: logged with a correlation id, never a stack to the client
                return internal_error(bp.current_request)
            if isinstance(result, Response):
                return result
            return json_response(result, status)

        summary = (fn.__doc__ or fn.__name__).strip().splitlines()[0]
        view.crm = EndpointMeta(access, body, status, summary, bp._import_name.rsplit(".", 1)[-1])
        content_types = ["application/json"]
        bp.route(path, methods=[method], content_types=content_types)(view)
        return view

    return register


def session_cookie(ctx, token, max_age):
    """Set-Cookie for the session: HttpOnly, SameSite=Lax, Secure over HTTPS, API paths only."""
    parts = [f"{config.SESSION_COOKIE}={token}", "Path=/api", "HttpOnly", "SameSite=Lax",
             f"Max-Age={max_age}"]
    if config.COOKIE_SECURE or ctx.is_https():
        parts.append("Secure")
    return "; ".join(parts)
