"""Pipelines, their stages and their board."""
from chalice import Blueprint

from chalicelib.api.routing import ADMIN, endpoint
from chalicelib.domain.pipelines import NEW_PIPELINE, PIPELINE_EDIT
from chalicelib.lazy import lazy

pipelines = lazy("chalicelib.services.pipelines")
board = lazy("chalicelib.services.board")
pipeline_stats = lazy("chalicelib.services.pipeline_stats")

bp = Blueprint(__name__)
BOARD_FILTERS = ("owner", "tag", "created_from", "created_to", "q", "stage_id", "cursor")


@endpoint(bp, "/pipelines", "GET")
def list_pipelines(ctx):
    """Every pipeline with its stages."""
    return {"items": pipelines.list_pipelines(), "next_cursor": None}


@endpoint(bp, "/pipelines", "POST", access=ADMIN, body=NEW_PIPELINE, status=201)
def create_pipeline(ctx):
    """A new pipeline from its stages, or from a template (Won and Lost are added).

    :raise 403: not an admin. :raise 400: neither stages nor a template.
    """
    return pipelines.create(ctx.principal, ctx.body)


@endpoint(bp, "/pipeline-templates", "GET")
def pipeline_templates(ctx):
    """The pipelines a new one can start from (coaching, individual or team…)."""
    return {"items": pipelines.templates(), "next_cursor": None}


@endpoint(bp, "/pipelines/{pipeline_id}", "GET")
def get_pipeline(ctx, pipeline_id):
    """One pipeline with its stages. :raise 404: no such pipeline."""
    return pipelines.get_pipeline(pipeline_id)


@endpoint(bp, "/pipelines/{pipeline_id}", "PATCH", access=ADMIN, body=PIPELINE_EDIT)
def edit_pipeline(ctx, pipeline_id):
    """Rename a pipeline; rename, reorder, add or remove open stages (`stages`: the full ordered list).

    :raise 409: stale version, or a removed stage still holds deals (stage_has_deals).
    """
    return pipelines.edit(ctx.principal, pipeline_id, ctx.body)


@endpoint(bp, "/pipelines/{pipeline_id}/stages/{stage_id}", "DELETE", access=ADMIN)
def remove_stage(ctx, pipeline_id, stage_id):
    """Remove a stage after moving its deals to `?move_to=<stage id>`; answers the pipeline.

    :raise 404: no such pipeline or stage. :raise 400: no open stage to move them to.
    """
    return pipelines.remove_stage(ctx.principal, pipeline_id, stage_id, ctx.query("move_to", max_length=64))


@endpoint(bp, "/pipelines/{pipeline_id}/board", "GET")
def pipeline_board(ctx, pipeline_id):
    """The board: a column per open stage with its count, total value and first cards.

    Filters `?owner=&tag=&created_from=&created_to=&q=`; `&stage_id=&cursor=` pages one column.
    :raise 404: no such pipeline.
    """
    return board.board(pipeline_id, {name: ctx.query(name) for name in BOARD_FILTERS if ctx.query(name)})


@endpoint(bp, "/pipelines/{pipeline_id}/stats", "GET")
def stats(ctx, pipeline_id):
    """Conversion per stage, time in stage, won and lost (with reasons), from the stage history.

    `?from=&to=` (dates or instants) and `&owner=`. :raise 404: no such pipeline.
    """
    return pipeline_stats.stats(pipeline_id, ctx.query("from"), ctx.query("to"), ctx.query("owner"))
