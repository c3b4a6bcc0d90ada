"""The board's rules: which deals are stale, how long they sat, what a card shows."""
from datetime import datetime, timedelta

from chalicelib.domain.pipelines import open_stages, stage_of

COLUMN_PAGE = 50  # cards a column shows before it loads more


def _instant(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def days_in_stage(card, now):
    """Whole days since the deal entered its stage."""
    return max(0, (_instant(now) - _instant(card["stage_entered_at"])).days) if card.get("stage_entered_at") else 0


def is_stale(card, stage, now):
    """A deal is stale when it has sat in its stage longer than the stage's rotting days,
    with no touch (an activity done, a note, an edit) in that time, and nothing planned ahead."""
    rotting = (stage or {}).get("rotting_days")
    if not rotting or not card.get("stage_entered_at"):
        return False
    limit = _instant(now) - timedelta(days=rotting)
    if _instant(card["stage_entered_at"]) > limit:
        return False
    if card.get("touched_at") and _instant(card["touched_at"]) > limit:
        return False
    return not (card.get("planned_until") and card["planned_until"] >= now)


def present_card(card, pipeline, owners, now):
    """A card as the API shows it (names of the person, organization and owner; staleness)."""
    def named(record_id, name):
        return {"id": record_id, "name": name} if record_id else None

    return {"id": card["id"], "title": card.get("title"), "value": card.get("value") or 0,
            "currency": card.get("currency"), "person": named(card.get("person_id"), card.get("person_name")),
            "org": named(card.get("org_id"), card.get("org_name")),
            "owner": named(card.get("owner_id"), owners.get(card.get("owner_id"))),
            "tags": card.get("tags") or [], "stage_id": card.get("stage_id"),
            "stage_entered_at": card.get("stage_entered_at"), "days_in_stage": days_in_stage(card, now),
            "next_activity": card.get("next_activity"), "stale": is_stale(card, stage_of(pipeline, card.get("stage_id")
                                                                                       or ""), now),
            "version": card.get("version")}


def columns(pipeline, cards):
    """{stage id: [cards]} of the open stages, in order; a card whose stage was removed
    meanwhile joins the first column rather than vanish."""
    stages = open_stages(pipeline)
    out = {s["id"]: [] for s in stages}
    for card in cards:
        out.get(card.get("stage_id"), out[stages[0]["id"]]).append(card)
    return out


def planned(activities):
    """What a card knows of its deal's activities: the next one not done (overdue ones
    first) and when the last one not done is due (`planned_until`), from timeline summaries."""
    open_ones = sorted((a for a in activities if not a.get("done") and a.get("due_at")), key=lambda a: a["due_at"])
    if not open_ones:
        return {"next_activity": None, "planned_until": None}
    first = open_ones[0]
    return {"next_activity": {"id": first["id"], "subject": first.get("subject"), "due_at": first["due_at"],
                              "type": first.get("type")},
            "planned_until": open_ones[-1]["due_at"]}
