"""One origin, as CloudFront gives it in AWS: `/api/*` to the app, the rest from `site/`.

Every response, from either side and errors included, carries the security
headers of `chalicelib.security_headers`; they are added in `end_headers`,
the one place every response goes through.
"""
import email.utils
import json
import logging
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from chalicelib.security_headers import SECURITY_HEADERS

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
}
_SECURITY_NAMES = {name.lower() for name in SECURITY_HEADERS}
# Set here or by http.server itself; an app value would send them twice.
_OWN_HEADERS = _SECURITY_NAMES | {"content-length", "connection", "date", "server"}
_NOT_FOUND_PAGE = b"<!doctype html><title>Not found</title><h1>Not found</h1>"


def _gateway_path(raw):
    """The request target after /api, as LocalGateway takes it: path and query string.

    API Gateway hands the app decoded path parameters; LocalGateway does not
    decode, so segments are decoded here, unless decoding would add a /, ? or #.
    """
    path, mark, query = raw.partition("?")
    segments = []
    for segment in path.split("/"):
        decoded = unquote(segment)
        segments.append(segment if any(c in decoded for c in "/?#") else decoded)
    return "/" + "/".join(segments).lstrip("/") + mark + query


class CrmServer(ThreadingHTTPServer):
    """Binds 127.0.0.1:`port` at once (so a taken port fails early); `mount` adds the app."""

    daemon_threads = True

    def __init__(self, port, site_dir, host="127.0.0.1"):
        super().__init__((host, port), RequestHandler)
        self.site_dir = Path(site_dir).resolve()
        self.gateway = None
        self.max_body_bytes = 0
        # Chalice keeps `current_request` on the app object, so two requests on
        # two threads would read each other's. One invocation at a time, as in
        # a Lambda container; static files stay concurrent.
        self.api_lock = threading.Lock()

    def mount(self, chalice_app):
        """Serve `chalice_app` under /api (import after the environment is set)."""
        from chalicelib import config
        from runner.gateway import ApiGateway

        self.gateway = ApiGateway(chalice_app)
        self.max_body_bytes = config.MAX_BODY_BYTES


class RequestHandler(BaseHTTPRequestHandler):
    """Dispatches one request to the API or to a static file."""

    protocol_version = "HTTP/1.1"  # keep-alive: the site loads many small ES modules
    # Headers and body leave in two writes; with Nagle's algorithm on, the body waits
    # for the client's delayed ACK of the headers: 40 ms added to every keep-alive answer.
    disable_nagle_algorithm = True
    server_version = "crm-local"
    sys_version = ""
    timeout = 60  # idle keep-alive connections do not hold a thread forever

    def do_GET(self):
        try:
            path = self.path
            if path == "/api" or path.startswith(("/api/", "/api?")):
                self._api(_gateway_path(path[4:]))
            elif path.startswith("/local-files/"):
                from runner.files import serve

                serve(self)  # the local file store, as S3 answers presigned URLs
            else:
                self._static()
        except Exception:  # noqa: BLE001 - a bug answers 500, the server lives on
            log.exception("%s %s failed", self.command, self.path)
            self.close_connection = True
            self._send_json(500, "internal_error", "Internal error.")

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def __getattr__(self, name):
        # http.server answers a method it has no do_<METHOD> for (TRACE, CONNECT,
        # PROPFIND…) with an HTML 501; every wrong method gets the API's JSON 405.
        if name.startswith("do_"):
            return self._unsupported_method
        raise AttributeError(name)

    def _unsupported_method(self):
        self.close_connection = True  # the body, if any, is not read
        path = self.path
        api = path == "/api" or path.startswith(("/api/", "/api?"))
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" if api else "GET, HEAD")
        self._json_body("method_not_allowed", f"Method {self.command[:20]} is not allowed here.")

    def end_headers(self):
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def version_string(self):
        return self.server_version

    def log_request(self, code="-", size="-"):
        # The app logs every API call itself; here only what went wrong stands out.
        level = logging.INFO if str(code).isdigit() and int(code) >= 400 else logging.DEBUG
        log.log(level, "%s %s %s", self.command, self.path, code)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    # -- API ---------------------------------------------------------------

    def _api(self, path):
        body = self._read_body()
        if body is None:
            return
        if self.server.gateway is None:
            self._send_json(503, "unavailable", "Starting, try again.")
            return
        with self.server.api_lock:
            response = self.server.gateway.handle(self.command, path, self._forwarded_headers(), body)
        self.send_response(response.status)
        for name, value in response.headers.items():
            if name.lower() not in _OWN_HEADERS and name.lower() != "set-cookie":
                self.send_header(name, value)
        for cookie in response.cookies:  # every Set-Cookie, however Chalice carried it
            self.send_header("Set-Cookie", cookie)
        self._finish(response.body)

    def _forwarded_headers(self):
        # Lower-case names, as the Lambda proxy event carries them.
        headers = {}
        for name, value in self.headers.items():
            name = name.lower()
            joiner = "; " if name == "cookie" else ", "
            headers[name] = headers[name] + joiner + value if name in headers else value
        # What CloudFront adds: the client address appended, the scheme imposed.
        client = self.client_address[0]
        forwarded = headers.get("x-forwarded-for")
        headers["x-forwarded-for"] = f"{forwarded}, {client}" if forwarded else client
        headers["x-forwarded-proto"] = "http"
        return headers

    def _read_body(self):
        """The request body, or None once an error has been answered."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self._send_json(411, "length_required", "Send a Content-Length.")
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send_json(400, "bad_request", "Malformed Content-Length.")
            return None
        limit = self.server.max_body_bytes or length
        if length > limit:
            # Refused unread: the connection closes instead of draining the body.
            self.close_connection = True
            self._send_json(413, "payload_too_large", f"Request body exceeds {limit} bytes.")
            return None
        return self.rfile.read(length) if length else b""

    # -- static files ------------------------------------------------------

    def _static(self):
        if self._read_body() is None:
            return
        if self.command not in ("GET", "HEAD"):
            self.send_response(405)
            self.send_header("Allow", "GET, HEAD")
            self._finish(b"")
            return
        url_path = urlsplit(self.path).path
        target = self._site_file(url_path)
        if target is None:
            self._not_found()
        elif target.is_dir():
            # Relative links in an index page need the trailing slash.
            self.send_response(301)
            self.send_header("Location", url_path + "/")
            self._finish(b"")
        elif target.is_file():
            self._send_file(target)
        else:
            self._not_found()

    def _site_file(self, url_path):
        """The file under site/ for a URL path, or None if it would leave site/."""
        relative = unquote(url_path)
        if "\x00" in relative or "\\" in relative:
            return None
        parts = [part for part in relative.split("/") if part]
        # No "..", no "." and no dotfiles (.env, .git): refuse rather than normalise.
        if any(part.startswith(".") for part in parts):
            return None
        root = self.server.site_dir
        target = root.joinpath(*parts)
        if target.is_dir() and (relative.endswith("/") or not parts):
            target = target / "index.html"
        # A symlink pointing out of site/ is refused too.
        real = Path(os.path.realpath(target))
        if real != root and root not in real.parents:
            return None
        return target

    def _send_file(self, path):
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)  # no Content-Length: it would describe the file
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream"))
        # Revalidate every time: an edited file shows on the next reload.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self._finish(path.read_bytes())

    def _not_found(self):
        page = self.server.site_dir / "404.html"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self._finish(page.read_bytes() if page.is_file() else _NOT_FOUND_PAGE)

    # -- helpers -----------------------------------------------------------

    def _send_json(self, status, code, message):
        self.send_response(status)
        self._json_body(code, message)

    def _json_body(self, code, message):
        """The §8 error body, after the status line and any extra headers."""
        body = json.dumps({"error": {"code": code, "message": message, "details": {}}}).encode()
        self.send_header("Content-Type", "application/json")
        self._finish(body)

    def _finish(self, body):
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
