"""A deal through its pipeline: move to a stage (or another pipeline), won, lost, reopened.

Each is one write of the deal through the records write path: the deal type
keeps its status and stage in agreement, and the move, its card on the board
and its stage history entry commit in one transaction.
"""
from chalicelib.errors import Conflict
from chalicelib.services import records
from chalicelib.storage import record_store
from chalicelib.storage.derived import record_key


def _deal(deal_id, version):
    """:raise NotFound: no such deal. :raise Conflict: it changed since `version`."""
    deal = record_store.get(record_key("deal", deal_id), what="Deal")
    if version is not None and deal["version"] != version:
        raise Conflict("This deal was changed by someone else. Reload and try again.",
                       details={"version": deal["version"]}, code="version_conflict")
    return deal


def move(principal, deal_id, body):
    """Move a deal to a stage, of its pipeline or of another (`pipeline_id`); its status follows the stage.

    :raise InvalidInput: no such stage there. :raise Conflict: the deal changed since `version`.
    """
    deal = _deal(deal_id, body.get("version"))
    target = {"stage_id": body["stage_id"], "pipeline_id": body.get("pipeline_id") or deal["data"]["pipeline_id"]}
    return records.save(principal, deal, {**deal["data"], **target}, set(target))


def win(principal, deal_id, body):
    """Mark a deal won: it leaves the board for its pipeline's Won stage."""
    deal = _deal(deal_id, body.get("version"))
    return records.save(principal, deal, {**deal["data"], "status": "won"}, {"status"})


def lose(principal, deal_id, body):
    """Mark a deal lost, saying why (a reason of Settings, or free text)."""
    deal = _deal(deal_id, body.get("version"))
    changes = {"status": "lost", "lost_reason": body["reason"].strip()}
    return records.save(principal, deal, {**deal["data"], **changes}, set(changes))


def reopen(principal, deal_id, body):
    """Reopen a won or lost deal into one of its pipeline's open stages.

    :raise InvalidInput: the stage is not an open one. :raise Conflict: the deal is open already.
    """
    deal = _deal(deal_id, body.get("version"))
    if deal["data"]["status"] == "open":
        raise Conflict("This deal is open already.", code="already_open")
    changes = {"status": "open", "stage_id": body["stage_id"]}
    return records.save(principal, deal, {**deal["data"], **changes}, set(changes))
