"""Outbound messages: mail backends, templates, calendar invites."""
