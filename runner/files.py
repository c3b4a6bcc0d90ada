"""The local file store over HTTP, as S3 answers a presigned POST and a presigned GET.

`POST /local-files/upload`: a multipart form of the fields the API granted
plus `file`; the store checks the signed policy (key, type, size, expiry)
before keeping anything. `GET /local-files/files/<id>?expires=&disposition=
&signature=`: the bytes, while the signature holds.
"""
import json
from email import policy
from email.parser import BytesParser
from urllib.parse import parse_qsl, urlsplit

FORM_OVERHEAD = 64 * 1024  # the form's other fields and boundaries around the file


def serve(handler):
    """Answer one `/local-files/` request on `handler` (the runner's RequestHandler)."""
    from chalicelib.storage.file_store import UPLOAD_PATH, UploadRefused, store

    url = urlsplit(handler.path)
    try:
        if url.path == UPLOAD_PATH and handler.command == "POST":
            _upload(handler, store())
        elif url.path.startswith("/local-files/files/") and handler.command in ("GET", "HEAD"):
            _download(handler, store(), url.path[len("/local-files/"):], dict(parse_qsl(url.query)))
        else:
            raise UploadRefused(404, "not_found", "No such file.")
    except UploadRefused as refused:
        handler.close_connection = True
        _answer(handler, refused.status, refused.code, refused.message)


def _answer(handler, status, code, message):
    body = json.dumps({"error": {"code": code, "message": message, "details": {}}}).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Cache-Control", "no-store")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def _upload(handler, store):
    from chalicelib import config
    from chalicelib.storage.file_store import UploadRefused

    try:
        length = int(handler.headers.get("Content-Length") or -1)
    except ValueError:
        length = -1
    if length < 0:
        raise UploadRefused(411, "length_required", "Send a Content-Length.")
    if length > config.FILE_MAX_BYTES + FORM_OVERHEAD:
        raise UploadRefused(413, "too_large", f"A file is at most {config.FILE_MAX_BYTES} bytes.")  # unread
    kind = handler.headers.get("Content-Type", "")
    if not kind.startswith("multipart/form-data"):
        raise UploadRefused(400, "bad_form", "Send the upload as multipart/form-data.")
    body = handler.rfile.read(length)
    form = BytesParser(policy=policy.HTTP).parsebytes(b"Content-Type: " + kind.encode("latin-1") + b"\r\n\r\n" + body)
    fields, content = {}, None
    for part in form.iter_parts() if form.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if name == "file":
            content = part.get_payload(decode=True) or b""
        elif name:
            fields[name] = part.get_content().strip() if part.get_content_type().startswith("text/") else ""
    if content is None:
        raise UploadRefused(400, "bad_form", "The form has no file.")
    store.accept(fields, content)
    handler.send_response(204)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def _download(handler, store, key, query):
    path, content_type, disposition = store.open(key, query)
    data = path.read_bytes()
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Disposition", disposition)
    handler.send_header("Cache-Control", "private, max-age=60")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)
