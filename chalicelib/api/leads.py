"""Leads: the inbox of prospects not yet qualified, and their conversion into deals."""
from chalice import Blueprint

from chalicelib.api.record_routes import register
from chalicelib.api.routing import endpoint
from chalicelib.domain.validation import Field, Schema
from chalicelib.lazy import lazy

leads = lazy("chalicelib.services.leads")
record_views = lazy("chalicelib.services.record_views")

bp = Blueprint(__name__)
register(bp, "lead")
CONVERT = Schema("LeadConversion", {
    "pipeline_id": Field("string", max_length=64, description="The deal's pipeline (the default one if absent)."),
    "stage_id": Field("string", max_length=64, description="The deal's stage (the pipeline's first if absent)."),
})


@endpoint(bp, "/leads/{record_id}/convert", "POST", body=CONVERT)
def convert_lead(ctx, record_id):
    """Turn a lead into a deal carrying its person, organization, value and notes; answers the deal.

    :raise 404: no such lead. :raise 400: no such pipeline or stage.
    """
    return record_views.present(leads.convert(ctx.principal, record_id, ctx.body))
