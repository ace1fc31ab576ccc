"""Commands that live in their own modules (query, push, export, compare, serve, ...).

Each module here defines one click command named ``command``; ``libgraph.cli`` adds every
module it finds, so a new command needs no edit of the CLI's own file.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


def discover() -> list[click.Command]:
    """The ``command`` object of every module in this package, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            found.append(command)
    return found
