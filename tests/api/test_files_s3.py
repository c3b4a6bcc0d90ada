"""Files on S3 (moto): the presigned POST carries the limits, and what arrives is checked again.

moto stores a form POST without checking its policy or signature (moto's
`_bucket_response_post`), so a bypassed policy is simulated by putting the
object directly: the confirmation step must refuse it all the same.
"""
import base64
import json

import boto3
import pytest

from tests.api.records_helpers import error_code, make_deal, make_person, page

BUCKET = "crm-files-tests"


@pytest.fixture
def s3_store(aws, monkeypatch):
    from chalicelib.storage import file_store

    boto3.client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    store = file_store.S3Store(BUCKET, "eu-west-3")
    monkeypatch.setattr(file_store, "_STORE", store)
    return store


def declare(client, deal, size, type="application/pdf"):
    response = client.post("/files", {"name": "Devis.pdf", "size": size, "type": type, "deal_id": deal["id"]})
    assert response.status == 201, response.text
    return response.json


def test_the_presigned_post_bounds_the_size_and_type_and_expires(admin, s3_store):
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    granted = declare(admin, deal, 1234)
    upload = granted["upload"]
    assert upload["url"].startswith(f"https://{BUCKET}.s3")
    policy = json.loads(base64.b64decode(upload["fields"]["policy"]))
    assert {"Content-Type": "application/pdf"} in policy["conditions"]
    assert ["content-length-range", 1, 1234] in policy["conditions"]
    assert {"key": f"files/{granted['file']['id']}"} in policy["conditions"]
    assert policy["expiration"] and upload["fields"]["x-amz-signature"]


def test_a_stored_object_is_confirmed_and_downloaded_by_a_presigned_get(admin, s3_store):
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    granted = declare(admin, deal, 5)
    boto3.client("s3").put_object(Bucket=BUCKET, Key=f"files/{granted['file']['id']}", Body=b"%PDF!",
                                  ContentType="application/pdf")
    stored = admin.post(f"/files/{granted['file']['id']}/uploaded")
    assert stored.status == 200 and stored.json["status"] == "stored"
    url = page(admin, f"/files/{granted['file']['id']}")["download_url"]
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url and "attachment" in url


@pytest.mark.parametrize("body, content_type, status, code", [
    (b"x" * 5000, "application/pdf", 413, "file_too_large"),  # the policy's size bypassed
    (b"<html>", "text/html", 400, "type_mismatch"),  # the policy's type bypassed
])
def test_what_bypassed_the_policy_is_refused_and_deleted(admin, s3_store, body, content_type, status, code):
    deal = make_deal(admin, "Toiture", person_id=make_person(admin)["id"])
    granted = declare(admin, deal, 100)
    key = f"files/{granted['file']['id']}"
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=body, ContentType=content_type)
    refused = admin.post(f"/files/{granted['file']['id']}/uploaded")
    assert refused.status == status and error_code(refused) == code
    assert boto3.client("s3").list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    assert page(admin, f"/files?deal_id={deal['id']}")["items"] == []
