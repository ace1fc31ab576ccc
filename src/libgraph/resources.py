"""Find the project's shipped files (ontology, shapes, data, queries).

In a wheel they are installed under ``libgraph/resources``; in a source checkout or an editable
install they live at the repository root. Callers never hard-code either location.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    """The directory that holds ``ontology/``, ``shapes/``, ``data/`` and ``queries/``."""
    installed = _PACKAGE_DIR / "resources"
    if (installed / "ontology").is_dir():
        return installed
    checkout = _PACKAGE_DIR.parents[1]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError("libgraph resources (ontology/, shapes/, data/) not found")


def resource(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``resource("data", "gazetteer", "municipalities.csv")``."""
    return resource_root().joinpath(*parts)
