"""Insights of a pipeline, computed from its stage history alone (not from deals as they are now).

A history entry says a deal entered a stage at a time. A visit of a stage
runs from that entry to the deal's next one; how it ended says whether the
deal moved on (to a later open stage, or won), was lost from there, or went
back. Deals are counted by the visits that began in the period.
"""
from datetime import datetime
from statistics import mean, median

from chalicelib.domain.pipelines import open_stages


def _days(start, end):
    delta = datetime.fromisoformat(end.replace("Z", "+00:00")) - datetime.fromisoformat(start.replace("Z", "+00:00"))
    return delta.total_seconds() / 86400


def _visits(entries):
    """[(entry, next entry or None)] of each deal, in time order."""
    by_deal = {}
    for entry in sorted(entries, key=lambda e: (e["at"], e.get("seq", 0))):
        by_deal.setdefault(entry["deal_id"], []).append(entry)
    for history in by_deal.values():
        for index, entry in enumerate(history):
            yield entry, history[index + 1] if index + 1 < len(history) else None


def stats(pipeline, entries, period_from=None, period_to=None, owner=None):
    """{stages: [{stage_id, name, entered, moved_on, lost, conversion, avg_days, median_days}],
    won: {count, value}, lost: {count, value, by_reason}, win_rate} of `pipeline` (its data).

    `entries`: the pipeline's history entries (any order); the period bounds are
    stored instants, inclusive.
    """
    stages = open_stages(pipeline)
    position = {s["id"]: s["position"] for s in stages}

    def counted(entry):
        return ((period_from is None or entry["at"] >= period_from) and (period_to is None or entry["at"] <= period_to)
                and (owner is None or entry.get("owner_id") == owner))

    per_stage = {s["id"]: {"entered": set(), "moved_on": set(), "lost": set(), "days": []} for s in stages}
    won, lost, reasons = {}, {}, {}
    for entry, following in _visits(entries):
        if not counted(entry):
            continue
        if entry["status"] == "won":
            won[entry["deal_id"]] = entry.get("value") or 0
        elif entry["status"] == "lost":
            lost[entry["deal_id"]] = entry.get("value") or 0
            reason = (entry.get("lost_reason") or "").strip() or None
            reasons[entry["deal_id"]] = reason
        figures = per_stage.get(entry.get("stage_id"))
        if figures is None or entry["status"] != "open":
            continue
        figures["entered"].add(entry["deal_id"])
        if following is None:
            continue
        figures["days"].append(_days(entry["at"], following["at"]))
        forward = following["status"] == "won" or (
            following["status"] == "open" and position.get(following["stage_id"], -1) > position[entry["stage_id"]])
        if forward:
            figures["moved_on"].add(entry["deal_id"])
        elif following["status"] == "lost":
            figures["lost"].add(entry["deal_id"])
    by_reason = {}
    for reason in reasons.values():
        by_reason[reason] = by_reason.get(reason, 0) + 1
    decided = len(won) + len(lost)
    return {
        "stages": [{"stage_id": s["id"], "name": s["name"], "entered": len(per_stage[s["id"]]["entered"]),
                    "moved_on": len(per_stage[s["id"]]["moved_on"]), "lost": len(per_stage[s["id"]]["lost"]),
                    "conversion": _ratio(len(per_stage[s["id"]]["moved_on"]), len(per_stage[s["id"]]["entered"])),
                    "avg_days": _round(mean(per_stage[s["id"]]["days"])) if per_stage[s["id"]]["days"] else None,
                    "median_days": _round(median(per_stage[s["id"]]["days"])) if per_stage[s["id"]]["days"] else None}
                   for s in stages],
        "won": {"count": len(won), "value": sum(won.values())},
        "lost": {"count": len(lost), "value": sum(lost.values()),
                 "by_reason": [{"reason": r, "count": c} for r, c in sorted(by_reason.items(),
                                                                          key=lambda rc: (-rc[1], rc[0] or ""))]},
        "win_rate": _ratio(len(won), decided),
    }


def _ratio(part, whole):
    return round(part / whole, 4) if whole else None


def _round(days):
    return round(days, 2)


def won_by_month(entries, owner=None):
    """[{month: YYYY-MM, count, value}] of deals won, month by month (for the chart)."""
    months = {}
    for entry in entries:
        if entry["status"] == "won" and (owner is None or entry.get("owner_id") == owner):
            month = months.setdefault(entry["at"][:7], {"month": entry["at"][:7], "count": 0, "value": 0})
            month["count"] += 1
            month["value"] += entry.get("value") or 0
    return [months[m] for m in sorted(months)]
