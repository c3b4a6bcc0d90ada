"""The one wiring point of stream consumers: import this module to subscribe them all."""
from chalicelib.events import dispatcher
from chalicelib.events.cards import refresh_cards
from chalicelib.events.changelog import log_change
from chalicelib.events.files import forget_file_bytes
from chalicelib.events.purge import purge_partition
from chalicelib.events.workflows import run_workflows

dispatcher.subscribe(log_change)
dispatcher.subscribe(purge_partition)
dispatcher.subscribe(refresh_cards)
dispatcher.subscribe(run_workflows)
dispatcher.subscribe(forget_file_bytes)


def named(name):
    """The consumer called `name` (a parked change names its consumer), or None."""
    return dispatcher.consumer_named(name)
