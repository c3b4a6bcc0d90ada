"""A pipeline's insights: conversion, time in stage, losses, won value by month, from its stage history."""
from chalicelib.domain.pipeline_stats import stats as compute
from chalicelib.domain.pipeline_stats import won_by_month
from chalicelib.domain.record_fields import period_bound
from chalicelib.errors import InvalidInput
from chalicelib.storage import pipelines, stage_history


def _bound(value, name, end):
    try:
        return period_bound(value, end) if value else None
    except ValueError:
        raise InvalidInput("Give the period as dates (YYYY-MM-DD) or ISO instants.",
                           details={name: "Not a date or an ISO instant."})


def stats(pipeline_id, period_from=None, period_to=None, owner=None):
    """The figures of `pipeline_id` for visits begun in the period (all time by default).

    :raise NotFound: no such pipeline. :raise InvalidInput: a bad bound.
    """
    pipeline = pipelines.get_one(pipeline_id)
    low, high = _bound(period_from, "from", False), _bound(period_to, "to", True)
    entries = stage_history.entries(pipeline_id, since=low)
    figures = compute(pipeline["data"], entries, low, high, owner or None)
    inside = [e for e in entries if high is None or e["at"] <= high]
    return {"pipeline_id": pipeline_id, "from": low, "to": high, **figures,
            "won_by_month": won_by_month(inside, owner or None)}
