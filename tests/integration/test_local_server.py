"""One origin: `/api/*` to the app, the rest from site/, every answer with the security headers."""
import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from chalice import Chalice, Response

from chalicelib.security_headers import SECURITY_HEADERS
from runner.server import CrmServer


def _serve(chalice_app, site):
    server = CrmServer(0, site)
    server.mount(chalice_app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("origin")
    (root / "secret.txt").write_text("outside the site")
    site = root / "site"
    (site / "js").mkdir(parents=True)
    (site / "css").mkdir()
    (site / "index.html").write_text("<!doctype html><title>CRM</title>")
    (site / "js" / "app.js").write_text("export const ok = true;")
    (site / "css" / "app.css").write_text("body { margin: 0 }")
    (site / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (site / ".env").write_text("SECRET=1")
    return site


@pytest.fixture(scope="module")
def crm(app_module, site):
    """The real app and a test site on one port."""
    server = _serve(app_module.app, site)
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})  # the path is sent as is
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/", "/js/app.js", "/api/health", "/nothing-here", "/api/nope"])
def test_every_response_carries_the_security_headers(crm, path):
    _, headers, _ = _request(crm, "GET", path)
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value]


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/js/../../secret.txt",
                                  "/..%2fsecret.txt", "/.env", "/js/%00app.js"])
def test_paths_leaving_the_site_are_refused(crm, path):
    status, _, body = _request(crm, "GET", path)
    assert status == 404
    assert b"outside the site" not in body and b"SECRET" not in body


def test_the_root_serves_index_html(crm):
    status, headers, body = _request(crm, "GET", "/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert b"<title>CRM</title>" in body


@pytest.mark.parametrize("path, content_type", [
    ("/js/app.js", "text/javascript; charset=utf-8"),
    ("/css/app.css", "text/css; charset=utf-8"),
    ("/favicon.svg", "image/svg+xml"),
])
def test_static_files_have_their_content_type(crm, path, content_type):
    status, headers, _ = _request(crm, "GET", path)
    assert (status, headers["Content-Type"]) == (200, content_type)


def test_a_directory_is_never_listed(crm):
    status, _, body = _request(crm, "GET", "/js/")
    assert status == 404 and b"app.js" not in body


def test_an_unknown_api_path_answers_404_in_the_error_shape(crm):
    status, headers, body = _request(crm, "GET", "/api/nope")
    assert status == 404
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["error"]["code"] == "not_found"


def test_the_api_answers_under_the_api_prefix(crm):
    status, _, body = _request(crm, "GET", "/api/health")
    assert status == 200 and json.loads(body)["database"] == "ok"


def test_a_body_over_the_limit_is_refused_before_it_is_read(crm):
    from chalicelib import config

    connection = http.client.HTTPConnection("127.0.0.1", crm, timeout=10)
    connection.putrequest("POST", "/api/auth/login")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(config.MAX_BODY_BYTES + 1))
    connection.endheaders()  # no body sent: the answer must not wait for it
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["error"]["code"] == "payload_too_large"
    assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    connection.close()


def test_login_sets_the_session_cookie_through_the_server(crm):
    body = json.dumps({"email": "admin@example.com", "password": "integration password"})
    status, headers, payload = _request(crm, "POST", "/api/auth/login", body,
                                        {"Content-Type": "application/json"})
    assert status == 200, payload
    assert json.loads(payload)["token"]
    assert any("HttpOnly" in cookie for cookie in headers.get_all("Set-Cookie"))


# -- what the server adds between the browser and any app ------------------------------

@pytest.fixture(scope="module")
def echo(site):
    """A server over a tiny app that shows what it received and sets two cookies."""
    app = Chalice(app_name="echo")

    @app.route("/echo", methods=["GET", "POST"])
    def show():
        request = app.current_request
        return {"headers": dict(request.headers), "query": request.query_params}

    @app.route("/echo/{name}")
    def show_name(name):
        return {"name": name}

    @app.route("/slow")
    def slow():
        first = app.current_request.headers["x-probe"]
        time.sleep(0.05)  # another request arriving now must not replace this one
        return {"first": first, "later": app.current_request.headers["x-probe"]}

    @app.route("/cookies")
    def cookies():
        return Response({}, headers={"Set-Cookie": ["a=1; Path=/", "b=2; Path=/"]})

    server = _serve(app, site)
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_several_cookies_pass_through(echo):
    _, headers, _ = _request(echo, "GET", "/api/cookies")
    assert sorted(headers.get_all("Set-Cookie")) == ["a=1; Path=/", "b=2; Path=/"]


def test_the_query_string_reaches_the_app(echo):
    _, _, body = _request(echo, "GET", "/api/echo?cursor=abc&q=Zo%C3%A9%20B")
    assert json.loads(body)["query"] == {"cursor": "abc", "q": "Zoé B"}


def test_the_app_sees_the_scheme_and_client_address_the_proxy_sets(echo):
    _, _, body = _request(echo, "GET", "/api/echo", headers={"X-Forwarded-Proto": "https"})
    headers = json.loads(body)["headers"]
    assert headers["x-forwarded-proto"] == "http"
    assert headers["x-forwarded-for"] == "127.0.0.1"


def test_path_parameters_arrive_decoded_as_api_gateway_sends_them(echo):
    status, _, body = _request(echo, "GET", "/api/echo/Zo%C3%A9%20B")
    assert (status, json.loads(body)) == (200, {"name": "Zoé B"})


def test_concurrent_api_calls_each_see_their_own_request(echo):
    # Chalice keeps `current_request` on the app object: one Lambda, one request at a time.
    def call(n):
        _, _, body = _request(echo, "GET", "/api/slow", headers={"X-Probe": str(n)})
        return n, json.loads(body)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(call, range(8)))
    assert all(body == {"first": str(n), "later": str(n)} for n, body in results)


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND", "CONNECT", "BREW"])
@pytest.mark.parametrize("path", ["/api/persons", "/api/health", "/index.html"])
def test_an_unknown_method_is_the_same_json_405_as_other_wrong_methods(crm, method, path):
    status, headers, body = _request(crm, method, path)
    assert status == 405
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "method_not_allowed"
    assert "GET" in headers["Allow"]


def test_answers_on_a_kept_alive_connection_do_not_wait_for_delayed_acks(crm):
    """With Nagle's algorithm on, each answer's body waited ~40 ms for the client's ACK of its headers."""
    connection = http.client.HTTPConnection("127.0.0.1", crm, timeout=10)
    try:
        started = time.perf_counter()
        for _ in range(20):
            connection.request("GET", "/js/app.js")
            response = connection.getresponse()
            assert response.status == 200 and response.read()
        elapsed = time.perf_counter() - started
    finally:
        connection.close()
    assert elapsed < 0.4, f"20 kept-alive answers took {elapsed:.2f}s"
