"""Files: uploads granted within limits, stored straight to the store, confirmed, downloaded, edited."""
import base64
import json
import time
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.api.records_helpers import details, error_code, make_deal, make_person, page

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\r\n--boundary-like\r\n%%EOF"


def declare(client, name="Devis.pdf", size=len(PDF), type="application/pdf", **links):
    return client.post("/files", {"name": name, "size": size, "type": type, **links})


def store_bytes(upload, content, **overrides):
    """What the runner does with the form's POST: hand the fields and bytes to the local store."""
    from chalicelib.storage.file_store import store

    store().accept({**upload["fields"], **overrides}, content)


def uploaded(client, deal=None, content=PDF, **fields):
    deal = deal or make_deal(client, "Toiture", person_id=make_person(client)["id"])
    granted = declare(client, deal_id=deal["id"], size=len(content), **fields)
    assert granted.status == 201, granted.text
    store_bytes(granted.json["upload"], content)
    confirmed = client.post(f"/files/{granted.json['file']['id']}/uploaded")
    assert confirmed.status == 200, confirmed.text
    return deal, confirmed.json


def download(url):
    from chalicelib.storage.file_store import store

    parts = urlsplit(url)
    key = parts.path.split("/local-files/", 1)[1]
    path, content_type, disposition = store().open(key, dict(parse_qsl(parts.query)))
    return path.read_bytes(), content_type, disposition


def test_a_file_is_declared_uploaded_confirmed_and_then_on_the_deal_timeline(admin):
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    granted = declare(admin, deal_id=deal["id"])
    assert granted.status == 201, granted.text
    file, upload = granted.json["file"], granted.json["upload"]
    assert file["status"] == "pending" and file["name"] == "Devis.pdf" and file["size"] == len(PDF)
    assert upload["url"].endswith("/local-files/upload") and upload["fields"]["key"] == f"files/{file['id']}"
    assert page(admin, f"/files?deal_id={deal['id']}")["items"] == []  # nothing shows before the bytes are there
    assert error_code(admin.post(f"/files/{file['id']}/uploaded")) == "upload_missing"
    store_bytes(upload, PDF)
    stored = admin.post(f"/files/{file['id']}/uploaded").json
    assert stored["status"] == "stored"
    assert admin.post(f"/files/{file['id']}/uploaded").json["version"] == stored["version"]  # twice: nothing more
    [listed] = page(admin, f"/files?deal_id={deal['id']}")["items"]
    assert listed["id"] == file["id"] and listed["download_url"]
    entries = [e for e in page(admin, f"/deals/{deal['id']}/timeline")["items"] if e["kind"] == "file"]
    assert entries[0]["record"]["name"] == "Devis.pdf"
    content, content_type, disposition = download(page(admin, f"/files/{file['id']}")["download_url"])
    assert content == PDF and content_type == "application/pdf" and disposition.startswith("attachment")


def test_an_image_gets_an_inline_preview_and_a_document_does_not(admin):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    _, image = uploaded(admin, content=png, name="photo.png", type="image/png")
    shown = page(admin, f"/files/{image['id']}")
    assert download(shown["preview_url"])[2].startswith("inline")
    _, document = uploaded(admin)
    assert "preview_url" not in page(admin, f"/files/{document['id']}")


@pytest.mark.parametrize("sent, kept", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\ada\\Devis final.pdf", "Devis final.pdf"),
    ("bad\x07na\x1bme\u202e\n.pdf", "badname.pdf"),
    ("..", "file"),
])
def test_a_name_with_a_path_or_control_characters_is_kept_safe(admin, sent, kept):
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    granted = declare(admin, name=sent, deal_id=deal["id"])
    assert granted.status == 201 and granted.json["file"]["name"] == kept


def test_a_nul_character_is_refused_as_in_every_text(admin):
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    refused = declare(admin, name="a\x00b.pdf", deal_id=deal["id"])
    assert refused.status == 400 and "NUL" in details(refused)["name"]


def test_limits_are_refused_in_words_before_anything_is_granted(admin):
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    too_big = declare(admin, size=25 * 1024 * 1024 + 1, deal_id=deal["id"])
    assert too_big.status == 413 and error_code(too_big) == "file_too_large"
    exe = declare(admin, name="setup.exe", type="application/x-msdownload", deal_id=deal["id"])
    assert exe.status == 400 and error_code(exe) == "type_not_allowed" and "type" in details(exe)
    nowhere = declare(admin)
    assert nowhere.status == 400 and "deal_id" in details(nowhere)
    two = declare(admin, deal_id=deal["id"], person_id=deal["person_id"])
    assert two.status == 400


def test_the_store_refuses_a_forged_expired_oversized_or_retargeted_upload(admin):
    from chalicelib.storage.file_store import UploadRefused

    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    upload = declare(admin, deal_id=deal["id"], size=100).json["upload"]
    fields = upload["fields"]
    for overrides, content, status in [
        ({"signature": "0" * 64}, b"x" * 10, 403),  # forged signature
        ({"key": "files/01OTHERFILE0000000000000000"}, b"x" * 10, 403),  # another file's key
        ({"Content-Type": "text/html"}, b"x" * 10, 403),  # another type than granted
        ({}, b"x" * 101, 413),  # larger than declared
        ({}, b"", 400),
    ]:
        with pytest.raises(UploadRefused) as refused:
            store_bytes(upload, content, **overrides)
        assert refused.value.status == status
    policy = json.loads(base64.urlsafe_b64decode(fields["policy"]))
    policy["max"] = 10 ** 9  # a client widening its own policy breaks the signature
    with pytest.raises(UploadRefused) as refused:
        store_bytes(upload, b"x" * 10, policy=base64.urlsafe_b64encode(json.dumps(policy).encode()).decode())
    assert refused.value.status == 403


def test_an_expired_upload_permission_is_refused(admin, monkeypatch):
    from chalicelib.storage.file_store import UploadRefused

    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    upload = declare(admin, deal_id=deal["id"], size=10).json["upload"]
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3600)
    with pytest.raises(UploadRefused) as refused:
        store_bytes(upload, b"x" * 10)
    assert refused.value.code == "expired"


def test_a_signed_download_link_expires_and_cannot_be_retargeted(admin, monkeypatch):
    from chalicelib.storage.file_store import UploadRefused

    _, file = uploaded(admin)
    url = page(admin, f"/files/{file['id']}")["download_url"]
    _, other = uploaded(admin)
    with pytest.raises(UploadRefused):
        download(url.replace(file["id"], other["id"]))
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3600)
    with pytest.raises(UploadRefused) as refused:
        download(url)
    assert refused.value.code == "expired"


def test_a_file_is_renamed_relinked_shared_and_deleted_like_a_record(admin):
    deal, file = uploaded(admin)
    ada = make_person(admin, "Ada")
    renamed = admin.patch(f"/files/{file['id']}", {"name": "Devis signé.pdf", "version": file["version"]}).json
    assert renamed["name"] == "Devis signé.pdf"
    moved = admin.patch(f"/files/{file['id']}", {"person_id": ada["id"], "version": renamed["version"]}).json
    assert (moved["person_id"], moved["deal_id"]) == (ada["id"], None)
    assert page(admin, f"/files?deal_id={deal['id']}")["items"] == []
    assert [f["id"] for f in page(admin, f"/files?person_id={ada['id']}")["items"]] == [file["id"]]
    no_size_change = admin.patch(f"/files/{file['id']}", {"size": 1, "version": moved["version"]})
    assert no_size_change.status == 400  # the bytes never change
    assert admin.delete(f"/files/{file['id']}").status == 204
    assert admin.get(f"/files/{file['id']}").status == 404
    assert page(admin, f"/files?person_id={ada['id']}")["items"] == []
    assert admin.post(f"/files/{file['id']}/restore").status == 200


def test_what_arrived_larger_or_of_another_type_than_declared_is_refused_and_deleted(admin):
    from chalicelib.storage.file_store import object_key, store

    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    granted = declare(admin, deal_id=deal["id"], size=10).json
    key = object_key(granted["file"]["id"])
    # What a client that bypassed the policy could leave in a bucket that did not check it.
    store().root.joinpath(key).parent.mkdir(parents=True, exist_ok=True)
    store().root.joinpath(key).write_bytes(b"x" * 5000)
    refused = admin.post(f"/files/{granted['file']['id']}/uploaded")
    assert refused.status == 413 and error_code(refused) == "file_too_large"
    assert store().head(key) is None and page(admin, f"/files?deal_id={deal['id']}")["items"] == []
