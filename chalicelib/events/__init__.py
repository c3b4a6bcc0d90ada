"""Entry points that are not HTTP: the table stream, schedules, inbound mail."""
