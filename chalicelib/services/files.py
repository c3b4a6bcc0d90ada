"""Files: an upload granted, its arrival confirmed, downloads by short-lived URL, renames and relinks.

1. `start_upload` checks the declared size and type, records the file as
   pending (removed by DynamoDB after a day unless confirmed) and answers the
   form to POST the bytes straight to storage.
2. `confirm` asks storage what arrived: the size and type are checked again,
   since a client may bypass the form's policy; a refused upload is deleted.
   The file then shows on the timelines of what it is linked to.
"""
from chalicelib import config
from chalicelib.domain.clock import epoch_after, now
from chalicelib.domain.files import allowed_type, is_image
from chalicelib.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge
from chalicelib.services import records
from chalicelib.storage import record_store
from chalicelib.storage.derived import record_key
from chalicelib.storage.file_store import object_key, store

PENDING_DAYS = 1


def _megabytes(size):
    return f"{size / (1024 * 1024):.0f} MB"


def check_declared(body):
    """:raise PayloadTooLarge: over the limit. :raise InvalidInput: a type that is not allowed."""
    if body.get("size", 0) > config.FILE_MAX_BYTES:
        raise PayloadTooLarge(f"A file is at most {_megabytes(config.FILE_MAX_BYTES)}.",
                              details={"size": f"At most {config.FILE_MAX_BYTES} bytes."}, code="file_too_large")
    if not allowed_type(body.get("type"), config.FILE_TYPES):
        raise InvalidInput("This type of file is not accepted: send a PDF, an image, an office document, text, "
                           "a zip, audio or video.", details={"type": "Not an accepted type."}, code="type_not_allowed")


def start_upload(principal, body, trusted=None):
    """The pending file and the form that uploads its bytes: {file, upload: {url, fields}}.

    `trusted`: what the use case sets (a portal upload: who sent it, shared).
    """
    check_declared(body)
    file = records.create(principal, "file", body, trusted={"status": "pending", "uploaded_by": principal.actor,
                                                            **(trusted or {})},
                          ttl=epoch_after(now(), days=PENDING_DAYS))
    form = store().upload_form(object_key(file["id"]), file["data"]["type"], file["data"]["size"],
                               config.UPLOAD_TTL_SECONDS)
    return {"file": present(file), "upload": form}


def confirm(principal, file_id, where=None):
    """Mark a file stored once its bytes are there, as declared. Confirming twice changes nothing.

    `where`: (field, id) the file must be linked to (a portal's deal), else it is not found.
    :raise NotFound: no such file. :raise Conflict: nothing uploaded yet (upload_missing).
    :raise PayloadTooLarge, InvalidInput: what arrived is larger or of another type (and is deleted).
    """
    file = record_store.get(record_key("file", file_id), what="File")
    data = file["data"]
    if where and data.get(where[0]) != where[1]:
        raise NotFound("File not found.")
    if data["status"] == "stored":
        return present(file)
    key = object_key(file_id)
    found = store().head(key)
    if found is None:
        raise Conflict("The file has not arrived yet: upload it, then confirm.", code="upload_missing")
    size, content_type = found
    if size > min(data["size"], config.FILE_MAX_BYTES) or content_type.split(";")[0].strip().lower() != data["type"]:
        store().delete(key)
        if size > data["size"]:
            raise PayloadTooLarge("The file sent is larger than declared: it was not kept.",
                                  details={"size": f"{size} bytes sent, {data['size']} declared."},
                                  code="file_too_large")
        raise InvalidInput("The file sent is not of the declared type: it was not kept.",
                           details={"type": f"{content_type} sent, {data['type']} declared."}, code="type_mismatch")
    stored = records.save(principal, file, {**data, "status": "stored", "size": size}, {"status"}, ttl=None)
    return present(stored)


def present(state, with_urls=False):
    """A file as the API shows it; with a download URL (and a preview for an image) when asked and stored."""
    from chalicelib.services.record_views import present as record

    out = record(state)
    out.pop("derived", None)
    if with_urls and state["data"].get("status") == "stored":
        out.update(download_urls(state))
    return out


def decorate(item):
    """A listed file (as the API shows it) with its download URLs."""
    return {**item, **download_urls({"id": item["id"], "data": item})} if item.get("status") == "stored" else item


def download_urls(state):
    """{download_url, preview_url?}: minutes-long signed URLs (a preview only for an image)."""
    key, data = object_key(state["id"]), state["data"]
    urls = {"download_url": store().download_url(key, data["name"], False, config.DOWNLOAD_TTL_SECONDS)}
    if is_image(data["type"]):
        urls["preview_url"] = store().download_url(key, data["name"], True, config.DOWNLOAD_TTL_SECONDS)
    return urls


def get(file_id):
    """One file with its download URL. :raise NotFound: no such live file."""
    return present(record_store.get(record_key("file", file_id), what="File"), with_urls=True)


def edit(principal, file_id, body):
    """Rename, relink or share a file (its bytes never change). :raise NotFound, Conflict."""
    file = record_store.get(record_key("file", file_id), what="File")
    if file["version"] != body["version"]:
        raise Conflict("This file was changed by someone else. Reload and try again.",
                       details={"version": file["version"]}, code="version_conflict")
    changes = {k: v for k, v in body.items() if k != "version"}
    if any(k in changes for k in ("person_id", "org_id", "deal_id")):
        changes = {"person_id": None, "org_id": None, "deal_id": None, **changes}  # relinked: one record
    return present(records.save(principal, file, {**file["data"], **changes}, set(changes)))


def forget_bytes(file_id):
    """Delete a file's bytes (its record was purged from the trash, or never confirmed)."""
    store().delete(object_key(file_id))
