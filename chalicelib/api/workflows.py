"""Workflows: the record routes, their runs, and the templates to start from."""
from chalice import Blueprint

from chalicelib.api.record_routes import register
from chalicelib.api.routing import endpoint
from chalicelib.lazy import lazy

workflows = lazy("chalicelib.services.workflows")

bp = Blueprint(__name__)
register(bp, "workflow")


@endpoint(bp, "/workflows/{record_id}/runs", "GET")
def workflow_runs(ctx, record_id):
    """A workflow's runs, newest first: when, which record, the change that fired it, each step's result.

    :raise 404: no such workflow.
    """
    return workflows.runs(record_id, ctx.query("cursor"), ctx.int_query("limit", 50))


@endpoint(bp, "/workflow-runs", "GET")
def all_workflow_runs(ctx):
    """Every workflow's runs, newest first (`?cursor=`)."""
    return workflows.runs(None, ctx.query("cursor"), ctx.int_query("limit", 50))


@endpoint(bp, "/workflow-templates", "GET")
def workflow_templates(ctx):
    """The one-click workflows: a stage reached → a call in 2 days; won → email and onboarding; booked → tag."""
    return workflows.templates(ctx.principal)
