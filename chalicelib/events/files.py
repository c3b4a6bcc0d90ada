"""Consumer: a file record gone from the table (purged from the trash, or never confirmed) takes its bytes along."""
from chalicelib.storage import keys


def forget_file_bytes(change):
    """Delete the bytes of a file whose record DynamoDB removed (at-least-once: deleting twice is harmless)."""
    if change.event_name != "REMOVE" or change.keys.get("sk") != keys.RECORD or change.entity != "file":
        return
    from chalicelib.services.files import forget_bytes

    forget_bytes(change.keys["pk"].split("#", 1)[1])
