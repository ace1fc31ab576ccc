"""The named queries of ``queries/*.rq``, for the editor's tabs and ``/sparql?name=``.

``libgraph.query`` (a colleague's module) is the project's reader of these files. Until it
offers a listing function, this reads the files directly: leading ``#`` lines are the header,
``# key: value`` lines give fields (``title``, ``description``), a first free-text line is the
title.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
FIELD = re.compile(r"^#\+?\s*([A-Za-z_-]+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (the file stem), title, description and text."""

    name: str
    title: str
    description: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON and templates."""
        return asdict(self)


def default_dir() -> Path | None:
    """``queries/`` of the checkout or the installed package, if there is one."""
    try:
        from ..resources import resource

        path = resource("queries")
    except FileNotFoundError:
        return None
    return path if path.is_dir() else None


def parse(name: str, text: str) -> NamedQuery:
    """A named query from its file text."""
    fields: dict[str, str] = {}
    free: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = FIELD.match(line)
        if match and match.group(1).lower() not in ("prefix",):
            fields[match.group(1).lower()] = match.group(2).strip()
        elif line.strip("# ").strip():
            free.append(line.strip("# ").strip())
    title = fields.get("title") or (free[0] if free else name.replace("_", " ").replace("-", " "))
    description = fields.get("description") or fields.get("summary") or " ".join(free[1:])
    return NamedQuery(name, title, description, text)


def load_named(directory: Path | None) -> list[NamedQuery]:
    """Every ``*.rq`` file in ``directory``, sorted by name."""
    if directory is None or not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("*.rq")):
        if NAME.match(path.stem):
            found.append(parse(path.stem, path.read_text(encoding="utf-8")))
    return found
