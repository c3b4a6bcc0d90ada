"""The workspace settings item."""
from chalicelib.storage import keys
from chalicelib.storage.models import WorkspaceItem
from chalicelib.storage.records import get_item, save_if_absent, stamp


def get():
    """:raise NotFound: the workspace was never bootstrapped."""
    return get_item(WorkspaceItem, keys.WORKSPACE, keys.WORKSPACE, what="Workspace")


def create_if_absent(attrs, actor):
    """Create the workspace once; return True when this call created it."""
    item = stamp(WorkspaceItem(keys.WORKSPACE, keys.WORKSPACE, entity="workspace", **attrs),
                 actor, created=True)
    return save_if_absent(item)
