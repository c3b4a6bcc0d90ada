"""Pipelines and their stages (editing and the board come with the pipeline issue)."""
from chalice import Blueprint

from chalicelib.api.routing import endpoint
from chalicelib.lazy import lazy

workspace_lists = lazy("chalicelib.services.workspace_lists")

bp = Blueprint(__name__)


@endpoint(bp, "/pipelines", "GET")
def list_pipelines(ctx):
    """Every pipeline with its stages."""
    return {"items": workspace_lists.list_pipelines(), "next_cursor": None}


@endpoint(bp, "/pipelines/{pipeline_id}", "GET")
def get_pipeline(ctx, pipeline_id):
    """One pipeline with its stages. :raise 404: no such pipeline."""
    return workspace_lists.get_pipeline(pipeline_id)
