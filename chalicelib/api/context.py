"""What a view needs from the HTTP request: credentials, client address, JSON body."""
import json
from http.cookies import CookieError, SimpleCookie

from chalicelib import config
from chalicelib.domain.ids import new_id
from chalicelib.errors import InvalidInput


def request_id(request):
    """API Gateway's request id (the correlation id in logs and 500 bodies).

    Minted once and kept on the request where there is none (the local run),
    so the log line, the header and a 500 body all name the same id.
    """
    if request is None:
        return new_id()
    if request.context is None:
        request.context = {}
    return request.context.setdefault("requestId", new_id())


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity are Python extensions


class RequestContext:
    """The parts of a Chalice request the CRM uses; `principal` set once authenticated."""

    def __init__(self, request):
        self.request = request
        self.principal = None
        self.body = None

    @property
    def headers(self):
        return self.request.headers

    def token(self):
        """The session token from `Authorization: Bearer` or the session cookie."""
        auth = self.headers.get("authorization") or ""
        if auth[:7].lower() == "bearer ":
            return auth[7:].strip()
        try:
            cookie = SimpleCookie(self.headers.get("cookie") or "")
        except CookieError:
            return None
        morsel = cookie.get(config.SESSION_COOKIE)
        return morsel.value if morsel else None

    def client_ip(self):
        """The client's address, trusting only the configured proxy hops."""
        hops = config.TRUSTED_PROXY_HOPS
        if hops:
            chain = [p.strip() for p in (self.headers.get("x-forwarded-for") or "").split(",") if p.strip()]
            if len(chain) >= hops:
                return chain[-hops]
        return ((self.request.context or {}).get("identity") or {}).get("sourceIp") or "unknown"

    def is_https(self):
        return (self.headers.get("x-forwarded-proto") or "").lower() == "https"

    def json(self):
        """The body parsed as JSON; `{}` for an empty body.

        :raise InvalidInput: the body is not valid UTF-8 JSON.
        """
        raw = self.request.raw_body
        if not raw or not raw.strip():
            return {}
        try:
            return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw,
                              parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise InvalidInput("The request body is not valid JSON.", code="malformed_json")

    def query(self, name, default=None, max_length=512):
        """A query-string parameter.

        :raise InvalidInput: it is longer than `max_length`.
        """
        value = (self.request.query_params or {}).get(name, default)
        if isinstance(value, str) and len(value) > max_length:
            raise InvalidInput(f"Query parameter {name!r} is too long.", details={name: "Too long."})
        return value

    def int_query(self, name, default, minimum=1, maximum=200):
        """An integer query-string parameter within bounds.

        :raise InvalidInput: not an integer, or out of bounds.
        """
        raw = self.query(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise InvalidInput(f"Query parameter {name!r} must be an integer.", details={name: "Not an integer."})
        if not minimum <= value <= maximum:
            raise InvalidInput(f"Query parameter {name!r} must be between {minimum} and {maximum}.",
                               details={name: "Out of range."})
        return value
