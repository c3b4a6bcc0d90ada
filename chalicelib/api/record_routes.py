"""The routes every record type has (DESIGN §8), registered on that type's blueprint.

GET and POST on the collection; GET, PATCH and DELETE on an item; POST
…/restore; GET …/timeline for types whose page has one, and GET …/links
for types whose deletion asks what becomes of their linked records.
"""
from chalicelib.api.routing import endpoint, json_response
from chalicelib.domain.records import TYPES
from chalicelib.errors import InvalidInput
from chalicelib.lazy import lazy

records = lazy("chalicelib.services.records")
record_views = lazy("chalicelib.services.record_views")

LIST_PARAMS = ("sort", "order", "owner", "tag", "from", "to", "cursor")


def list_query(ctx, spec):
    """The list parameters a type takes: the common ones, its filters and its links."""
    names = LIST_PARAMS + tuple(spec.filters) + tuple(spec.links)
    query = {name: ctx.query(name) for name in names if ctx.query(name)}
    query["limit"] = ctx.int_query("limit", 50)
    if query.get("order") not in (None, "asc", "desc"):
        raise InvalidInput("Order asc or desc.", details={"order": "Use asc or desc."})
    return query


def register(bp, entity, skip=()):
    """Add the record routes of `entity` to blueprint `bp` (but those named in `skip`: the type's
    own module declares them: a file's creation grants an upload)."""
    spec = TYPES[entity]
    base = f"/{spec.path or spec.plural}"

    def named(name, doc):
        def wrap(fn):
            fn.__name__, fn.__doc__ = f"{name}_{entity}", doc
            return fn
        return wrap

    if "list" not in skip:
        @endpoint(bp, base, "GET")
        @named("list", f"List {spec.plural} a page at a time, with filters (`?cursor=`).")
        def list_view(ctx):
            return record_views.list_records(entity, list_query(ctx, spec))

    if "create" not in skip:
        @endpoint(bp, base, "POST", body=spec.create_schema, status=201)
        @named("create", f"Create a {entity}. :raise 400: invalid fields or links.")
        def create_view(ctx):
            return record_views.present(records.create(ctx.principal, entity, ctx.body))

    if "get" not in skip:
        @endpoint(bp, base + "/{record_id}", "GET")
        @named("get", f"One {entity} with its timeline. :raise 404: no such {entity}.")
        def get_view(ctx, record_id):
            return record_views.detail(entity, record_id)

    if "update" not in skip:
        @endpoint(bp, base + "/{record_id}", "PATCH", body=spec.patch_schema)
        @named("update", f"Edit a {entity} from the `version` read. :raise 409: stale version.")
        def update_view(ctx, record_id):
            return record_views.present(records.update(ctx.principal, entity, record_id, ctx.body))

    @endpoint(bp, base + "/{record_id}", "DELETE", status=204)
    @named("delete", f"Move a {entity} to the trash (`?linked=delete|detach` for its linked records). "
                     ":raise 409: has_links.")
    def delete_view(ctx, record_id):
        linked = ctx.query("linked")
        if linked not in (None, "delete", "detach"):
            raise InvalidInput("linked is delete or detach.", details={"linked": "Use delete or detach."})
        records.delete(ctx.principal, entity, record_id, linked)
        return json_response(None, 204)

    @endpoint(bp, base + "/{record_id}/restore", "POST")
    @named("restore", f"Bring a {entity} back from the trash. :raise 404: not in the trash.")
    def restore_view(ctx, record_id):
        return record_views.present(records.restore(ctx.principal, entity, record_id))

    if spec.link_choice:  # deleting it asks what becomes of its linked records
        @endpoint(bp, base + "/{record_id}/links", "GET")
        @named("links", f"How many live records link to a {entity}, by type (asked before deleting it). "
                        f":raise 404: no such {entity}.")
        def links_view(ctx, record_id):
            return {"links": records.count_links(entity, record_id)}

    if spec.page_timeline:
        @endpoint(bp, base + "/{record_id}/timeline", "GET")
        @named("timeline", f"Older timeline entries of a {entity}, newest first (`?cursor=`).")
        def timeline_view(ctx, record_id):
            items, cursor = record_views.timeline(entity, record_id, ctx.query("cursor"),
                                                  ctx.int_query("limit", 100))
            return {"items": items, "next_cursor": cursor}
