"""Deals: what you sell, to a person or an organization, through a pipeline's stages."""
from chalice import Blueprint

from chalicelib.api.record_routes import register
from chalicelib.api.routing import endpoint
from chalicelib.domain.pipelines import LOST, MOVE, OUTCOME, REOPEN
from chalicelib.lazy import lazy

deal_moves = lazy("chalicelib.services.deal_moves")
record_views = lazy("chalicelib.services.record_views")

bp = Blueprint(__name__)
register(bp, "deal")


@endpoint(bp, "/deals/{record_id}/move", "POST", body=MOVE)
def move_deal(ctx, record_id):
    """Move a deal to a stage (of another pipeline with `pipeline_id`); its status follows.

    :raise 400: no such stage. :raise 404: no such deal. :raise 409: changed since `version`.
    """
    return record_views.present(deal_moves.move(ctx.principal, record_id, ctx.body))


@endpoint(bp, "/deals/{record_id}/won", "POST", body=OUTCOME)
def win_deal(ctx, record_id):
    """Mark a deal won. :raise 404: no such deal. :raise 409: changed since `version`."""
    return record_views.present(deal_moves.win(ctx.principal, record_id, ctx.body))


@endpoint(bp, "/deals/{record_id}/lost", "POST", body=LOST)
def lose_deal(ctx, record_id):
    """Mark a deal lost with a reason. :raise 404: no such deal. :raise 409: changed since `version`."""
    return record_views.present(deal_moves.lose(ctx.principal, record_id, ctx.body))


@endpoint(bp, "/deals/{record_id}/reopen", "POST", body=REOPEN)
def reopen_deal(ctx, record_id):
    """Reopen a won or lost deal into an open stage.

    :raise 400: not an open stage. :raise 404: no such deal. :raise 409: open already, or changed.
    """
    return record_views.present(deal_moves.reopen(ctx.principal, record_id, ctx.body))
