"""Files on persons, organizations and deals: uploads granted, confirmed, downloaded by signed URL."""
from chalice import Blueprint

from chalicelib.api.record_routes import list_query, register
from chalicelib.api.routing import endpoint
from chalicelib.domain.files import FILE
from chalicelib.domain.validation import VERSION, Schema
from chalicelib.lazy import lazy

files = lazy("chalicelib.services.files")
record_views = lazy("chalicelib.services.record_views")

bp = Blueprint(__name__)
register(bp, "file", skip=("list", "create", "get", "update"))
FILE_EDIT = Schema("FileEdit", {"name": FILE.fields["name"].copy(required=False),
                                **{k: FILE.fields[k] for k in ("person_id", "org_id", "deal_id", "shared")},
                                "version": VERSION})


@endpoint(bp, "/files", "GET")
def list_files(ctx):
    """The files on one record (`?person_id=`, `?org_id=` or `?deal_id=`), newest first, with download URLs."""
    page = record_views.list_records("file", list_query(ctx, FILE))
    return {**page, "items": [files.decorate(item) for item in page["items"]]}


@endpoint(bp, "/files", "POST", body=FILE.create_schema, status=201)
def start_upload(ctx):
    """Declare a file (name, size, type, the record it is on): answers `{file, upload: {url, fields}}`;
    a multipart POST of `fields` and `file` to `url` stores the bytes, then `POST /files/{id}/uploaded`.

    :raise 413: larger than the limit (file_too_large). :raise 400: a type that is not accepted.
    """
    return files.start_upload(ctx.principal, ctx.body)


@endpoint(bp, "/files/{record_id}/uploaded", "POST")
def confirm_upload(ctx, record_id):
    """The bytes arrived: storage is asked what it holds (size and type checked again); the file then shows.

    :raise 409: nothing arrived yet (upload_missing). :raise 413/400: what arrived differs (it is deleted).
    """
    return files.confirm(ctx.principal, record_id)


@endpoint(bp, "/files/{record_id}", "GET")
def get_file(ctx, record_id):
    """One file with a download URL valid for minutes (and a preview URL for an image). :raise 404."""
    return files.get(record_id)


@endpoint(bp, "/files/{record_id}", "PATCH", body=FILE_EDIT)
def edit_file(ctx, record_id):
    """Rename a file, move it to another record, share it in the portal or not. :raise 409: stale version."""
    return files.edit(ctx.principal, record_id, ctx.body)
