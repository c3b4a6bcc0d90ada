"""What a view needs from the HTTP request: credentials, client address, JSON body."""
import json

from chalicelib import config
from chalicelib.domain.ids import new_id
from chalicelib.errors import Forbidden, InvalidInput, UnsupportedMediaType


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


class _Unstorable(ValueError):
    """A JSON value DynamoDB cannot hold."""


# DynamoDB numbers: 38 significant digits, magnitudes from 1e-130 to below 1e126.
_MAX_DIGITS, _MAX_NUMBER, _MIN_NUMBER = 38, 9.9999999999999999e125, 1e-130


def _parse_int(text):
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise _Unstorable("Numbers have at most 38 digits.")
    return int(text)


def _parse_float(text):
    value = float(text)
    if value != value or abs(value) > _MAX_NUMBER or (value and abs(value) < _MIN_NUMBER):
        raise _Unstorable("A number is out of range (1e-130 to 1e125).")  # 1e309 parses as inf
    return value


def _check_text(value, depth=0):
    """:raise _Unstorable: a string (or key) holds a lone surrogate, which no UTF-8 store can hold."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Unstorable("Text holds an invalid character (a lone UTF-16 surrogate).")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


def parse_json(raw):
    """A request body as JSON that DynamoDB can store.

    :raise InvalidInput: not UTF-8 JSON (malformed_json), or a number or a string DynamoDB
        refuses (unstorable_value): more than 38 digits, 1e309, a lone surrogate.
    """
    try:
        value = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw,
                           parse_constant=_reject_constant, parse_int=_parse_int, parse_float=_parse_float)
        _check_text(value)
        return value
    except _Unstorable as exc:
        raise InvalidInput(str(exc), code="unstorable_value")
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidInput("The request body is not valid JSON.", code="malformed_json")


def _cookie(header, name):
    """The value of cookie `name` in a Cookie header, or None (http.cookies is heavier than this needs)."""
    for pair in header.split(";"):
        key, sep, value = pair.strip().partition("=")
        if sep and key == name:
            return value.strip().strip('"') or None
    return None


def _ip(text):
    """`text` as a normalized IP address, or None when it is not one."""
    import ipaddress

    try:
        return str(ipaddress.ip_address((text or "").strip()[:64]))
    except ValueError:
        return None


def _origin_of(url):
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}".lower()


class RequestContext:
    """The parts of a Chalice request the CRM uses; `principal` set once authenticated."""

    def __init__(self, request):
        self.request = request
        self.principal = None
        self.body = None

    @property
    def headers(self):
        return self.request.headers

    def credential(self):
        """(session token, "bearer" | "cookie") from `Authorization: Bearer` or the session cookie."""
        auth = self.headers.get("authorization") or ""
        if auth[:7].lower() == "bearer ":
            return auth[7:].strip(), "bearer"
        token = _cookie(self.headers.get("cookie") or "", config.SESSION_COOKIE)
        return (token, "cookie") if token else (None, None)

    def token(self):
        """The session token, however it came."""
        return self.credential()[0]

    def check_same_origin(self):
        """A change authenticated by the cookie must come from the site's own pages.

        Browsers attach the cookie to cross-site requests too (a form posted from
        another site): `Origin` says who sent it, and `Sec-Fetch-Site` where a
        browser sends no `Origin`. Neither header: not a browser of ours.
        :raise Forbidden: a cross-site (or unattributable) cookie-authenticated change.
        """
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return
        origin = self.headers.get("origin")
        if origin is not None:
            if origin.rstrip("/").lower() in self._own_origins():
                return
        elif (self.headers.get("sec-fetch-site") or "").lower() == "same-origin":
            return
        raise Forbidden("This change must come from the CRM's own pages.", code="cross_site_request")

    def _own_origins(self):
        """The site's origin (CRM_PUBLIC_URL), and the one this request was addressed to."""
        own = {_origin_of(config.PUBLIC_URL)}
        host = self.headers.get("host")
        if host:
            own.add(f"{'https' if self.is_https() else 'http'}://{host}".lower())
        return own

    def check_json_body(self):
        """:raise UnsupportedMediaType: a body not declared `application/json` (parameters aside).

        Exact, unlike Chalice's own check, which accepts `text/plain; application/json`:
        a type a cross-site form may send without asking the server first.
        """
        if not self.request.raw_body:
            return
        declared = (self.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        if declared != "application/json":
            raise UnsupportedMediaType("Send the body as JSON, with Content-Type: application/json.")

    def client_ip(self):
        """The client's address, trusting only the configured proxy hops.

        Each trusted proxy appends the address it saw, so the client is the
        entry `hops` from the end; what the client wrote itself before those
        is ignored. An entry that is not an IP address counts as none.
        """
        hops = config.TRUSTED_PROXY_HOPS
        if hops:
            forwarded = (self.headers.get("x-forwarded-for") or "")[-2000:]  # the tail is what proxies wrote
            chain = [p.strip() for p in forwarded.split(",")]
            if len(chain) >= hops:
                address = _ip(chain[-hops])
                if address:
                    return address
        return _ip(((self.request.context or {}).get("identity") or {}).get("sourceIp")) or "unknown"

    def client_key(self):
        """What rate limits count per client: its IPv4 address, or its IPv6 /64.

        An IPv6 subscriber holds a whole /64: counting single addresses would let
        one client rotate through billions of them.
        """
        address = self.client_ip()
        if ":" in address:
            import ipaddress

            return str(ipaddress.ip_network(f"{address}/64", strict=False))
        return address

    def is_https(self):
        return (self.headers.get("x-forwarded-proto") or "").lower() == "https"

    def json(self):
        """The body parsed as JSON; `{}` for an empty body.

        :raise InvalidInput: the body is not valid UTF-8 JSON.
        """
        raw = self.request.raw_body
        if not raw or not raw.strip():
            return {}
        return parse_json(raw)

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
