"""Where file bytes live: S3 in AWS, a directory locally; both grant uploads and downloads by signed URL.

An upload is an HTML-form POST of `fields` plus `file` to `url`, as S3's
presigned POST takes it: the policy names the key, the content type and the
largest size allowed, and expires. The local store signs the same policy with
HMAC-SHA256 and checks it when the runner hands it an upload (S3 checks its
own). A download is a URL valid for minutes, naming the file for the browser.
Storage is asked afterwards what really arrived (`head`): what a forged or
oversized upload left is refused there too.
"""
import base64
import hashlib
import hmac
import json
import os
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from chalicelib import config

UPLOAD_PATH = "/local-files/upload"
DOWNLOAD_PATH = "/local-files/"


class UploadRefused(Exception):
    """An upload the store does not take: `status` and a message in words."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def object_key(file_id):
    """Where a file's bytes are stored (its id: never the user's name for it)."""
    return f"files/{file_id}"


def _disposition(name, inline):
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


class LocalStore:
    """A directory, with uploads and downloads through the runner's `/local-files/` URLs."""

    def __init__(self, root, secret, base_url):
        self.root, self.base_url = Path(root), base_url
        self.secret = (secret or "").encode()

    def _sign(self, text):
        if not self.secret:
            raise RuntimeError("CRM_FILES_SECRET is not set: the local store cannot sign URLs")
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    def upload_form(self, key, content_type, max_bytes, expires_in):
        policy = base64.urlsafe_b64encode(json.dumps(
            {"key": key, "type": content_type, "max": max_bytes, "expires": int(time.time()) + expires_in},
            separators=(",", ":")).encode()).decode()
        return {"url": self.base_url + UPLOAD_PATH,
                "fields": {"key": key, "Content-Type": content_type, "policy": policy,
                           "signature": self._sign(policy)}}

    def accept(self, fields, content):
        """Store an upload the runner received (form `fields`, the file's bytes) if its policy allows it.

        :raise UploadRefused: forged or expired signature, another key or type, too large, empty.
        """
        policy, signature = fields.get("policy") or "", fields.get("signature") or ""
        if not policy or not hmac.compare_digest(self._sign(policy), signature):
            raise UploadRefused(403, "bad_signature", "The upload's signature does not match.")
        try:
            granted = json.loads(base64.urlsafe_b64decode(policy.encode()))
        except ValueError:
            raise UploadRefused(403, "bad_signature", "The upload's policy does not read.")
        if granted["expires"] < time.time():
            raise UploadRefused(403, "expired", "The upload's permission has expired: start again.")
        if fields.get("key") != granted["key"] or fields.get("Content-Type") != granted["type"]:
            raise UploadRefused(403, "bad_signature", "The upload does not match what was granted.")
        if not content:
            raise UploadRefused(400, "empty", "The file is empty.")
        if len(content) > granted["max"]:
            raise UploadRefused(413, "too_large", f"The file is larger than the {granted['max']} bytes granted.")
        path = self._path(granted["key"])
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(content)
        os.replace(temporary, path)
        path.with_suffix(".type").write_text(granted["type"])

    def head(self, key):
        """(size, content type) of what is stored at `key`, or None."""
        path = self._path(key)
        if not path.is_file():
            return None
        kind = path.with_suffix(".type")
        return path.stat().st_size, kind.read_text() if kind.exists() else "application/octet-stream"

    def download_url(self, key, name, inline, expires_in):
        expires = int(time.time()) + expires_in
        disposition = _disposition(name, inline)
        signature = self._sign(f"{key}\n{expires}\n{disposition}")
        return self.base_url + DOWNLOAD_PATH + key + "?" + urlencode(
            {"expires": expires, "disposition": disposition, "signature": signature})

    def open(self, key, query):
        """(path, content type, disposition) of a signed download. :raise UploadRefused: bad or expired."""
        expires, disposition = query.get("expires", ""), query.get("disposition", "")
        if not expires.isdigit() or not hmac.compare_digest(self._sign(f"{key}\n{expires}\n{disposition}"),
                                                             query.get("signature", "")):
            raise UploadRefused(403, "bad_signature", "This download link is not valid.")
        if int(expires) < time.time():
            raise UploadRefused(403, "expired", "This download link has expired.")
        found = self.head(key)
        if found is None:
            raise UploadRefused(404, "not_found", "No such file.")
        return self._path(key), found[1], disposition

    def delete(self, key):
        for path in (self._path(key), self._path(key).with_suffix(".type")):
            path.unlink(missing_ok=True)

    def _path(self, key):
        if not key.startswith("files/") or not key[6:].isalnum():
            raise UploadRefused(404, "not_found", "No such file.")
        return self.root / key


class S3Store:
    """A private bucket: presigned POST for uploads (the policy bounds type and size), presigned GET."""

    def __init__(self, bucket, region):
        self.bucket, self.region = bucket, region
        self._client = None

    @property
    def client(self):
        if self._client is None:
            import boto3
            from botocore.config import Config

            self._client = boto3.client("s3", region_name=self.region,
                                        config=Config(signature_version="s3v4", s3={"addressing_style": "virtual"}))
        return self._client

    def upload_form(self, key, content_type, max_bytes, expires_in):
        return self.client.generate_presigned_post(
            self.bucket, key, Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=expires_in)

    def head(self, key):
        from botocore.exceptions import ClientError

        try:
            found = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return found["ContentLength"], found.get("ContentType") or "application/octet-stream"

    def download_url(self, key, name, inline, expires_in):
        return self.client.generate_presigned_url("get_object", ExpiresIn=expires_in, Params={
            "Bucket": self.bucket, "Key": key, "ResponseContentDisposition": _disposition(name, inline)})

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=key)


_STORE = None


def store():
    """The configured store (one per process)."""
    global _STORE
    if _STORE is None:
        if config.FILES_BACKEND == "s3":
            _STORE = S3Store(config.FILES_BUCKET, config.AWS_REGION)
        else:
            _STORE = LocalStore(config.FILES_DIR, config.FILES_SECRET, config.PUBLIC_URL)
    return _STORE


def reset():
    """Forget the store (tests and the runner change the configuration)."""
    global _STORE
    _STORE = None
