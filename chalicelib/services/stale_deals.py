"""Stale deals: a reminder for each one's owner, once per stage entry, and a daily digest by email.

A deal is stale when it sat in its stage longer than the stage's rotting days
with no touch and nothing planned (domain/board.py). Running this twice does
nothing more: a reminder's id comes from the deal and its entry into the
stage, and a digest goes once per owner per day (a marker claims the day).
"""
from datetime import datetime

from chalicelib import config
from chalicelib.domain.access import system_principal
from chalicelib.domain.board import days_in_stage, is_stale
from chalicelib.domain.clock import now_iso
from chalicelib.domain.ids import derived_id
from chalicelib.domain.pipelines import stage_of
from chalicelib.errors import Conflict, InvalidInput
from chalicelib.logs import log_exception
from chalicelib.services import records
from chalicelib.storage import board, keys, pipelines, settings, system
from chalicelib.storage.models import UserItem
from chalicelib.storage.records import get_many

ACTOR = system_principal("stale-deals")
SUBJECT = {"fr": "Relancer : {title}", "en": "Follow up: {title}"}
NOTE = {"fr": "Aucun mouvement depuis {days} jours dans l'étape « {stage} », et rien de prévu.",
        "en": "No movement for {days} days in the stage \"{stage}\", and nothing planned."}


def stale_cards(now):
    """[(pipeline, stage, card)] of every stale open deal (one Query page per MB of cards a pipeline)."""
    found = []
    for pipeline in pipelines.list_all():
        for card in board.whole_board(pipeline["id"]):
            stage = stage_of(pipeline["data"], card.get("stage_id") or "")
            if is_stale(card, stage, now):
                found.append((pipeline, stage, card))
    return found


def run(now=None):
    """Remind and tell the owners of stale deals; returns {"stale", "reminders", "digests"}."""
    now = now or now_iso()
    stale = stale_cards(now)
    owners = get_many([(UserItem, keys.user(o), "USER") for o in {c.get("owner_id") for _, _, c in stale} if o])
    owners = {u.id: u for u in owners.values()}
    reminders = sum(_remind(stage, card, owners.get(card.get("owner_id")), now) for _, stage, card in stale)
    by_owner = {}
    for _, stage, card in stale:
        if card.get("owner_id") in owners:
            by_owner.setdefault(card["owner_id"], []).append((stage, card))
    digests = sum(_digest(owners[owner], found, now) for owner, found in by_owner.items())
    return {"stale": len(stale), "reminders": reminders, "digests": digests}


def _activity_type():
    types = [t["key"] for t in settings.get("ACTIVITY_TYPES")["data"]["items"]]
    return "task" if "task" in types else types[0]


def _remind(stage, card, owner, now):
    """One reminder task for the deal's owner; False when this stage entry already has one."""
    language = owner.language if owner else "fr"
    entered_ms = datetime.fromisoformat(card["stage_entered_at"].replace("Z", "+00:00")).timestamp() * 1000
    reminder_id = derived_id(f"stale:{card['id']}:{card['stage_entered_at']}", entered_ms)
    days = days_in_stage(card, now)
    body = {"type": _activity_type(), "subject": SUBJECT[language].format(title=card["title"])[:500],
            "due_at": now, "deal_id": card["id"], "owner_id": card.get("owner_id"),
            "note": NOTE[language].format(days=days, stage=stage["name"])}
    try:
        records.create(ACTOR, "activity", {k: v for k, v in body.items() if v is not None}, record_id=reminder_id)
    except Conflict as exc:
        if exc.code == "version_conflict":
            return False  # made by an earlier run
        raise
    except InvalidInput:
        log_exception("stale deal reminder refused", deal_id=card["id"])  # its owner left, its person went…
        return False
    return True


def _digest(owner, found, now):
    """One email to `owner` listing their stale deals, at most once a day."""
    from chalicelib.notify import mail, templates

    if owner.status != "active" or not system.claim(f"DIGEST#{owner.id}#{now[:10]}", "stale-deals"):
        return False
    deals = [{"title": card["title"], "stage": stage["name"], "days": days_in_stage(card, now),
              "link": f"{config.PUBLIC_URL}/#/deals/{card['id']}"} for stage, card in found]
    subject, text, html = templates.render("stale-digest", owner.language, name=owner.name, deals=deals)
    mail.send(mail.build_message(owner.email, subject, text, html))
    return True
