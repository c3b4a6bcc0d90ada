"""Files over HTTP on the local run's server: the browser's multipart POST to the local store, signed
downloads, and what the store refuses (forged, expired, oversized) on DynamoDB Local."""
import http.client as http_client
import json
import time
import uuid
from urllib.parse import urlsplit

import pytest

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\r\n--not-the-boundary\r\n%%EOF\n"


def multipart(fields, content, filename="x.pdf", content_type="application/pdf"):
    boundary = "----crmtest" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def send(port, method, path, body=None, headers=None):
    connection = http_client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def post_form(port, upload, content, **overrides):
    body, kind = multipart({**upload["fields"], **overrides}, content)
    return send(port, "POST", urlsplit(upload["url"]).path, body, {"Content-Type": kind})


@pytest.fixture
def deal(http):
    _, _, person = http.request("POST", "/api/persons", {"name": f"Files {uuid.uuid4().hex[:6]}"})
    _, _, made = http.request("POST", "/api/deals", {"title": "Files deal", "person_id": person["id"]})
    return made


def declare(http, deal, size=len(PDF), type="application/pdf"):
    status, _, body = http.request("POST", "/api/files", {"name": "Devis.pdf", "size": size, "type": type,
                                                          "deal_id": deal["id"]})
    assert status == 201, body
    return body


def test_a_browser_form_uploads_the_bytes_and_a_signed_link_downloads_them(http, local_server, deal):
    granted = declare(http, deal)
    status, _, _ = post_form(local_server, granted["upload"], PDF)
    assert status == 204
    status, _, stored = http.request("POST", f"/api/files/{granted['file']['id']}/uploaded")
    assert status == 200 and stored["status"] == "stored" and stored["size"] == len(PDF)
    _, _, shown = http.request("GET", f"/api/files/{granted['file']['id']}")
    url = urlsplit(shown["download_url"])
    status, headers, content = send(local_server, "GET", f"{url.path}?{url.query}")
    assert status == 200 and content == PDF
    assert headers["Content-Type"] == "application/pdf" and headers["Content-Disposition"].startswith("attachment")
    assert headers["X-Content-Type-Options"] == "nosniff"
    tampered = f"{url.path}?{url.query}".replace("attachment", "inline")
    assert send(local_server, "GET", tampered)[0] == 403


@pytest.mark.parametrize("overrides, content, status", [
    ({"signature": "f" * 64}, PDF, 403),
    ({"Content-Type": "text/html"}, PDF, 403),
    ({}, PDF + b"more", 413),
])
def test_the_local_store_refuses_a_forged_or_oversized_upload(http, local_server, deal, overrides, content, status):
    granted = declare(http, deal)
    answer, _, body = post_form(local_server, granted["upload"], content, **overrides)
    assert answer == status, body
    assert json.loads(body)["error"]["message"]
    code, _, refused = http.request("POST", f"/api/files/{granted['file']['id']}/uploaded")
    assert code == 409 and refused["error"]["code"] == "upload_missing"  # nothing was kept


def test_a_body_beyond_the_limit_is_refused_unread(http, local_server, deal):
    from chalicelib import config

    import socket

    granted = declare(http, deal)
    with socket.create_connection(("127.0.0.1", local_server), timeout=10) as sock:
        sock.sendall(f"POST /local-files/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                     f"boundary=b\r\nContent-Length: {config.FILE_MAX_BYTES * 2}\r\n\r\n".encode())
        answer = sock.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 413") and granted


def test_an_expired_upload_permission_is_refused(http, local_server, deal, monkeypatch):
    granted = declare(http, deal)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3600)
    status, _, body = post_form(local_server, granted["upload"], PDF)
    assert status == 403 and json.loads(body)["error"]["code"] == "expired"
