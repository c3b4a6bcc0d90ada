"""Pipelines users shape themselves: create (from a template), rename, reorder, add and remove stages."""
from chalicelib.domain.ids import new_id
from chalicelib.domain.pipelines import (TEMPLATES, outcome_stages, pipeline_from_template, reshape,
                                         stage_of, without_stage)
from chalicelib.domain.users import require_admin
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.storage import board, pipelines


def present(state):
    """A pipeline as the API shows it: its stages in order."""
    data = state["data"]
    return {"id": state["id"], "name": data["name"], "version": state["version"],
            "stages": sorted(data["stages"], key=lambda s: s["position"])}


def list_pipelines():
    """Every pipeline with its stages, in the order they were made."""
    return [present(p) for p in pipelines.list_all()]


def get_pipeline(pipeline_id):
    """:raise NotFound: no such pipeline."""
    return present(pipelines.get_one(pipeline_id))


def create(principal, body):
    """A new pipeline: from a template, or from the stages given (Won and Lost are added),
    named in the workspace's language.

    :raise Forbidden: not an admin. :raise InvalidInput: neither stages nor a template.
    """
    from chalicelib.storage import workspace

    require_admin(principal)
    language = workspace.get().language
    if body.get("template"):
        data = pipeline_from_template(body["template"], language, new_id)
    elif body.get("stages"):
        shaped, _ = reshape({"stages": []}, body["stages"], new_id)
        data = {"stages": shaped + outcome_stages(language, new_id, len(shaped))}
    else:
        raise InvalidInput("Give the stages, or a template.", details={"stages": "Required without a template."})
    data["name"] = body["name"].strip()
    pipeline_id = new_id()
    pipelines.create_if_absent(pipeline_id, data, len(pipelines.list_all()), principal.actor)
    return get_pipeline(pipeline_id)


def edit(principal, pipeline_id, body):
    """Rename a pipeline, and rename, re-weight, reorder, add or remove its open stages.

    :raise Conflict: stale version, or a removed stage still holds deals (move them first).
    """
    require_admin(principal)
    state = pipelines.get_one(pipeline_id)
    data = dict(state["data"])
    if "name" in body:
        data["name"] = body["name"].strip()
    if "stages" in body:
        data["stages"], removed = reshape(data, body["stages"], new_id)
        holding = [stage_id for stage_id in removed if board.has_cards(pipeline_id, stage_id)]
        if holding:
            names = [stage_of(state["data"], s)["name"] for s in holding]
            raise Conflict("These stages still hold deals: move them to another stage first.",
                           details={"stages": holding, "names": names}, code="stage_has_deals")
    return present(pipelines.replace(pipeline_id, data, body["version"], principal.actor))


def remove_stage(principal, pipeline_id, stage_id, move_to):
    """Remove a stage, first moving its open deals to `move_to` (each move in the stage history).

    Resumable: run again after a failure, it moves what is left, then removes the stage.
    :raise NotFound: no such pipeline or stage. :raise InvalidInput: a bad `move_to`.
    """
    from chalicelib.services import deal_moves

    require_admin(principal)
    state = pipelines.get_one(pipeline_id)
    if stage_of(state["data"], stage_id) is None:
        raise NotFound("Stage not found.")
    without_stage(state["data"], stage_id)  # refuses an outcome or the last open stage before anything moves
    target = stage_of(state["data"], move_to or "")
    if target is None or target["kind"] != "open" or move_to == stage_id:
        raise InvalidInput("Choose the open stage its deals go to.", details={"move_to": "Another open stage."})
    while True:
        cards, _ = board.column(pipeline_id, stage_id, limit=100)
        if not cards:
            break
        for card in cards:
            deal_moves.move(principal, card["id"], {"stage_id": move_to})
    state = pipelines.get_one(pipeline_id)
    data = {**state["data"], "stages": without_stage(state["data"], stage_id)}
    return present(pipelines.replace(pipeline_id, data, state["version"], principal.actor))


def templates():
    """The templates a pipeline can start from, with their stages in both languages."""
    return [{"key": key, "name": spec["name"], "stages": {lang: [name for name, _ in stages]
                                                          for lang, stages in spec["stages"].items()}}
            for key, spec in TEMPLATES.items()]
