"""The stage history of a pipeline: every entry of a deal into a stage, by time (gsi1, storage README row 19)."""
from chalicelib.storage import keys
from chalicelib.storage.models import DerivedItem
from chalicelib.storage.record_store import plain


def entries(pipeline_id, since=None):
    """The pipeline's history entries from `since` (a stored instant) on, oldest first: one Query page per MB."""
    condition = DerivedItem.gsi1sk >= since if since else None
    return [plain(item.data)["record"] for item in DerivedItem.gsi1.query(keys.stage_history(pipeline_id), condition)]
