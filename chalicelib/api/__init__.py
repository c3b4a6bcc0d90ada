"""Chalice blueprints, one per resource: parse, call one service, return."""
