"""Pipelines and their stages: the default one, the templates, shaping stages, moving deals through them.

A pipeline's stages are open stages in order, then the two outcomes, Won and
Lost. A deal's status and its stage always agree: an open deal sits in an
open stage, a won one in Won, a lost one in Lost.
"""
from chalicelib.domain.validation import FILLED_PATTERN, VERSION, Field, Schema, has_control
from chalicelib.errors import InvalidInput

DEFAULT_PIPELINE_ID = "default"
DEFAULT_ROTTING_DAYS = 14
MAX_STAGES = 20
OUTCOME_KINDS = ("won", "lost")

# (name, probability) of the open stages of each pipeline a workspace can start from.
TEMPLATES = {
    "sales": {
        "name": {"fr": "Ventes", "en": "Sales"},
        "stages": {"fr": [("Nouveau contact", 10), ("Premier contact", 20), ("Appel découverte", 40),
                          ("Proposition envoyée", 60), ("Négociation", 80)],
                   "en": [("New contact", 10), ("First contact", 20), ("Discovery call", 40),
                          ("Proposal sent", 60), ("Negotiation", 80)]},
    },
    "coaching_individual": {
        "name": {"fr": "Coaching individuel", "en": "Individual coaching"},
        "stages": {"fr": [("Nouveau contact", 10), ("Appel découverte", 25), ("Séance offerte proposée", 40),
                          ("Séance offerte réalisée", 55), ("Proposition envoyée", 70), ("Décision en cours", 85)],
                   "en": [("New contact", 10), ("Discovery call", 25), ("Free session offered", 40),
                          ("Free session held", 55), ("Proposal sent", 70), ("Decision pending", 85)]},
    },
    "coaching_team": {
        "name": {"fr": "Coaching d'équipe", "en": "Team coaching"},
        "stages": {"fr": [("Lead entrant", 10), ("Qualification", 20), ("Rencontre décideur", 35),
                          ("Diagnostic proposé", 50), ("Diagnostic réalisé", 60), ("Proposition commerciale", 75),
                          ("Négociation", 90)],
                   "en": [("Inbound lead", 10), ("Qualification", 20), ("Decision-maker meeting", 35),
                          ("Diagnosis proposed", 50), ("Diagnosis done", 60), ("Commercial proposal", 75),
                          ("Negotiation", 90)]},
    },
}
OUTCOMES = {"fr": {"won": "Gagné", "lost": "Perdu"}, "en": {"won": "Won", "lost": "Lost"}}
DEFAULT_LOST_REASONS = {
    "fr": ["Budget insuffisant", "Timing inadapté", "Choix d'un autre prestataire", "Projet abandonné"],
    "en": ["Budget too small", "Wrong timing", "Chose another provider", "Project dropped"],
}


def _stages_check(stages):
    if not 1 <= len(stages) <= MAX_STAGES:
        return f"Between 1 and {MAX_STAGES} stages."
    for stage in stages:
        if not isinstance(stage, dict) or set(stage) - {"id", "name", "probability", "rotting_days"}:
            return "Each stage is {id?, name, probability, rotting_days}."
        name = stage.get("name")
        if not isinstance(name, str) or not 0 < len(name.strip()) <= 60 or has_control(name):
            return "Each stage needs a name of 1 to 60 characters, on one line."
        probability = stage.get("probability", 0)
        if isinstance(probability, bool) or not isinstance(probability, int) or not 0 <= probability <= 100:
            return "A stage's probability is a whole number from 0 to 100."
        rotting = stage.get("rotting_days")
        if rotting is not None and (isinstance(rotting, bool) or not isinstance(rotting, int)
                                    or not 1 <= rotting <= 365):
            return "A stage rots after 1 to 365 days, or never (null)."
        if "id" in stage and not isinstance(stage["id"], str):
            return "A stage id is text."
    return None


_STAGE_SCHEMA = {"maxItems": MAX_STAGES, "minItems": 1, "items": {
    "type": "object", "required": ["name"], "additionalProperties": False,
    "properties": {"id": {"type": "string"},
                   "name": {"type": "string", "minLength": 1, "maxLength": 60, "pattern": FILLED_PATTERN[False]},
                   "probability": {"type": "integer", "minimum": 0, "maximum": 100},
                   "rotting_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 365}}}}
NAME = Field("string", min_length=1, max_length=80)
STAGES = Field("array", check=_stages_check, schema=_STAGE_SCHEMA,
               description="The open stages in order: existing ones by id, new ones without.")
NEW_PIPELINE = Schema("NewPipeline", {
    "name": NAME.copy(required=True),
    "stages": STAGES,
    "template": Field("string", choices=tuple(TEMPLATES), description="Start from a template's stages."),
})
PIPELINE_EDIT = Schema("PipelineEdit", {"name": NAME, "stages": STAGES, "version": VERSION})
MOVE = Schema("DealMove", {
    "stage_id": Field("string", required=True, min_length=1, max_length=64),
    "pipeline_id": Field("string", max_length=64, description="Another pipeline to move the deal into."),
    "version": Field("integer", minimum=1, description="The version the move was made from (409 when stale)."),
})
OUTCOME = Schema("DealOutcome", {"version": MOVE.fields["version"]})
LOST = Schema("DealLost", {
    "reason": Field("string", required=True, min_length=1, max_length=500,
                    description="One of the lost reasons of Settings, or free text."),
    "version": MOVE.fields["version"],
})
REOPEN = Schema("DealReopen", {"stage_id": MOVE.fields["stage_id"], "version": MOVE.fields["version"]})


def new_stage(new_id, name, position, probability=0, rotting_days=DEFAULT_ROTTING_DAYS, kind="open"):
    return {"id": new_id(), "name": name.strip(), "position": position, "probability": probability,
            "rotting_days": rotting_days if kind == "open" else None, "kind": kind}


def pipeline_from_template(template, language, new_id):
    """A pipeline's data from one of the TEMPLATES, in `language`: its open stages, then Won and Lost."""
    spec = TEMPLATES[template]
    stages = [new_stage(new_id, name, i, probability)
              for i, (name, probability) in enumerate(spec["stages"][language])]
    return {"name": spec["name"][language], "stages": stages + outcome_stages(language, new_id, len(stages))}


def outcome_stages(language, new_id, position):
    """Won and Lost, placed after the open stages."""
    return [new_stage(new_id, OUTCOMES[language][kind], position + i, 100 if kind == "won" else 0, None, kind)
            for i, kind in enumerate(OUTCOME_KINDS)]


def default_pipeline(language, new_id):
    """The pipeline a new workspace starts with: five open stages, then Won and Lost."""
    return pipeline_from_template("sales", language, new_id)


def open_stages(pipeline):
    """The open stages of a pipeline in board order."""
    return sorted((s for s in pipeline["stages"] if s["kind"] == "open"), key=lambda s: s["position"])


def first_open_stage(pipeline):
    """Where a new deal lands."""
    return open_stages(pipeline)[0]


def stage_of(pipeline, stage_id):
    """The stage `stage_id` of `pipeline`, or None."""
    return next((s for s in pipeline["stages"] if s["id"] == stage_id), None)


def outcome_stage(pipeline, kind):
    """The Won or Lost stage of a pipeline."""
    return next(s for s in pipeline["stages"] if s["kind"] == kind)


def reshape(pipeline, submitted, new_id):
    """The stages after an edit: `submitted` is the full ordered list of open stages.

    Existing stages come by id (renamed, re-weighted, reordered); new ones come
    without. Won and Lost stay at the end whatever is sent. Returns
    (stages, removed ids).
    :raise InvalidInput: an unknown or repeated id, an outcome stage in the list, or no stage left.
    """
    known = {s["id"]: s for s in pipeline["stages"]}
    seen, stages = set(), []
    for position, entry in enumerate(submitted):
        stage_id = entry.get("id")
        if stage_id is not None:
            if stage_id not in known or known[stage_id]["kind"] != "open":
                raise InvalidInput("A stage of the list is not an open stage of this pipeline.",
                                   details={"stages": f"Unknown stage {stage_id[:64]}."})
            if stage_id in seen:
                raise InvalidInput("Each stage appears once.", details={"stages": "A stage appears twice."})
            seen.add(stage_id)
            stage = {**known[stage_id], "position": position, "name": entry["name"].strip()}
            for field in ("probability", "rotting_days"):
                if field in entry:
                    stage[field] = entry[field]
        else:
            stage = new_stage(new_id, entry["name"], position, entry.get("probability", 0),
                              entry.get("rotting_days", DEFAULT_ROTTING_DAYS))
        stages.append(stage)
    outcomes = sorted((s for s in pipeline["stages"] if s["kind"] != "open"), key=lambda s: s["position"])
    stages += [{**s, "position": len(stages) + i} for i, s in enumerate(outcomes)]
    removed = [s["id"] for s in open_stages(pipeline) if s["id"] not in seen]
    return stages, removed


def without_stage(pipeline, stage_id):
    """The stages once `stage_id` is gone, positions closed up.

    :raise InvalidInput: it is an outcome, or the last open stage.
    """
    stage = stage_of(pipeline, stage_id)
    if stage["kind"] != "open":
        raise InvalidInput("Won and Lost cannot be removed.", details={"stage_id": "An outcome stage."})
    if len(open_stages(pipeline)) == 1:
        raise InvalidInput("A pipeline keeps at least one open stage.", details={"stage_id": "The last open stage."})
    rest = sorted((s for s in pipeline["stages"] if s["id"] != stage_id), key=lambda s: s["position"])
    return [{**s, "position": i} for i, s in enumerate(rest)]
