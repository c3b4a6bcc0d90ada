"""Pipelines and their stages; the default pipeline in the workspace language."""
DEFAULT_PIPELINE_ID = "default"

DEFAULT_STAGES = {
    "fr": [("Nouveau contact", 10), ("Premier contact", 20), ("Appel découverte", 40),
           ("Proposition envoyée", 60), ("Négociation", 80)],
    "en": [("New contact", 10), ("First contact", 20), ("Discovery call", 40),
           ("Proposal sent", 60), ("Negotiation", 80)],
}
OUTCOMES = {"fr": (("Gagné", "won"), ("Perdu", "lost")), "en": (("Won", "won"), ("Lost", "lost"))}
DEFAULT_NAME = {"fr": "Ventes", "en": "Sales"}
DEFAULT_ROTTING_DAYS = 14


def default_pipeline(language, new_id):
    """The pipeline a new workspace starts with: five open stages, then Won and Lost."""
    stages = [{"id": new_id(), "name": name, "position": i, "probability": probability,
               "rotting_days": DEFAULT_ROTTING_DAYS, "kind": "open"}
              for i, (name, probability) in enumerate(DEFAULT_STAGES[language])]
    for name, kind in OUTCOMES[language]:
        stages.append({"id": new_id(), "name": name, "position": len(stages),
                       "probability": 100 if kind == "won" else 0, "rotting_days": None, "kind": kind})
    return {"name": DEFAULT_NAME[language], "stages": stages}


def first_open_stage(pipeline):
    """Where a new deal lands."""
    return min((s for s in pipeline["stages"] if s["kind"] == "open"), key=lambda s: s["position"])


def stage_of(pipeline, stage_id):
    """The stage `stage_id` of `pipeline`, or None."""
    return next((s for s in pipeline["stages"] if s["id"] == stage_id), None)
