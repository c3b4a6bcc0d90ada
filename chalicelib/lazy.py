"""Modules loaded on first use, so importing the app stays cheap (DESIGN §11 cold start).

A blueprint names the services it calls at its top, like an import, but
PynamoDB models, argon2 and jinja2 load only when a request needs them:
a Lambda answering /api/health never builds the record models.
"""
import importlib


class LazyModule:
    """Stands for module `name`; the first attribute access imports it."""

    def __init__(self, name):
        self._name = name
        self._module = None

    def __getattr__(self, attribute):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)


def lazy(name):
    """A stand-in for `import name` that imports on first use."""
    return LazyModule(name)
