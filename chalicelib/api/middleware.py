"""Around every request: the body size limit, one error shape, the request log line.

Chalice answers some requests itself (an unsupported method, a content type
the route does not accept, an exception that escaped a view) in its own
`{"Code", "Message"}` shape; this middleware rewrites those into the DESIGN
§8 shape so a client meets exactly one error format.
"""
import hmac
import json
import time


from chalicelib import config
from chalicelib.api.context import request_id
from chalicelib.api.routing import error_response, internal_error, json_response
from chalicelib.errors import Forbidden, PayloadTooLarge
from chalicelib.logs import log
from chalicelib.storage import metering

# Chalice's own error codes → (status we answer, our code).
_CHALICE_ERRORS = {
    "MethodNotAllowedError": (405, "method_not_allowed"),
    "UnsupportedMediaType": (415, "unsupported_media_type"),
    "BadRequestError": (400, "bad_request"),
    "BadRequest": (400, "bad_request"),
    "NotFoundError": (404, "not_found"),
    "UnauthorizedError": (401, "unauthorized"),
    "ForbiddenError": (403, "forbidden"),
    "RequestTimeoutError": (408, "timeout"),
    "TooManyRequestsError": (429, "rate_limited"),
}

API_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def _chalice_error(response):
    """Our rendering of a response in Chalice's error shape, else None."""
    body = response.body
    if isinstance(body, str) and body.startswith("{"):
        try:
            body = json.loads(body)
        except ValueError:
            return None
    if not isinstance(body, dict) or "Code" not in body:
        return None
    status, code = _CHALICE_ERRORS.get(body["Code"], (response.status_code, "error"))
    headers = {k: v for k, v in response.headers.items() if k.lower() == "allow"}
    return json_response({"error": {"code": code, "message": str(body.get("Message", "")),
                                    "details": {}}}, status, headers)


def handle_http(request, get_response):
    """The Chalice 'http' middleware: limit, call, normalize, log."""
    started = time.perf_counter()
    metering.reset()
    rid = request_id(request)
    try:
        raw = request.raw_body if request is not None else b""
        if config.ORIGIN_SECRET and not _through_cloudfront(request):
            response = error_response(Forbidden("Call the API through the site's own address.",
                                                code="direct_call"))
        elif raw and len(raw) > config.MAX_BODY_BYTES:
            response = error_response(PayloadTooLarge(
                f"Request body exceeds {config.MAX_BODY_BYTES} bytes."))
        else:
            response = get_response(request)
    except Exception:
        response = internal_error(request)
    if response.status_code >= 400:
        if response.status_code >= 500 and "correlation_id" not in str(response.body):
            response = internal_error(request)  # Chalice's generic 500: give it our shape and id
        else:
            response = _chalice_error(response) or response
    response.headers.update(API_HEADERS)
    response.headers["X-Request-Id"] = rid
    _log(request, response, started, rid)
    return response


def _through_cloudfront(request):
    """True when the call carries CloudFront's origin secret (compared in constant time)."""
    sent = (request.headers.get(config.ORIGIN_HEADER.lower()) or "") if request is not None else ""
    return hmac.compare_digest(sent.encode(), config.ORIGIN_SECRET.encode())


def _log(request, response, started, rid):
    log("info", "request",
        method=getattr(request, "method", None),
        route=(getattr(request, "context", None) or {}).get("resourcePath"),
        status=response.status_code,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
        ddb_requests=metering.count(),
        request_id=rid)


def install(app):
    """Register the middleware on `app`."""
    app.register_middleware(handle_http, "http")
