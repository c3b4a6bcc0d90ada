"""Who reacts to which table change: a list of consumers (cosmicpython's message bus).

Consumers are plain functions `consumer(change)`. The change log, stage
history and the workflow engine subscribe here as they land; until then the
list is empty and the stream handler only proves delivery.
"""
_CONSUMERS = []


class Change:
    """One item change from the stream, in plain Python values (`event_name`: INSERT | MODIFY | REMOVE)."""

    __slots__ = ("event_id", "event_name", "keys", "new", "old", "sequence")

    def __init__(self, event_id, event_name, keys, new, old, sequence):
        self.event_id, self.event_name, self.keys = event_id, event_name, keys
        self.new, self.old, self.sequence = new, old, sequence

    @property
    def entity(self):
        """The item type (`user`, `person`, …), None for items outside the domain."""
        return (self.new or self.old or {}).get("entity")

    @property
    def caused_by(self):
        """Who made the change (`updated_by`): a user id, `automation:<id>`, `booking` …"""
        return (self.new or self.old or {}).get("updated_by")


def subscribe(consumer):
    """Call `consumer(change)` for every change from now on."""
    if consumer not in _CONSUMERS:
        _CONSUMERS.append(consumer)


def unsubscribe(consumer):
    """Stop calling `consumer`."""
    if consumer in _CONSUMERS:
        _CONSUMERS.remove(consumer)


def dispatch(change):
    """Hand `change` to every consumer; an exception fails this record only."""
    for consumer in list(_CONSUMERS):
        consumer(change)
