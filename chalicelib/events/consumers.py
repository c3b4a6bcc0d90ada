"""The one wiring point of stream consumers: import this module to subscribe them all."""
from chalicelib.events import dispatcher
from chalicelib.events.cards import refresh_cards
from chalicelib.events.changelog import log_change
from chalicelib.events.purge import purge_partition

dispatcher.subscribe(log_change)
dispatcher.subscribe(purge_partition)
dispatcher.subscribe(refresh_cards)
