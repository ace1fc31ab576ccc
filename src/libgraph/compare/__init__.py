"""How library cooperation differs between Sweden, Norway and Denmark.

``compare(store, lang)`` reads the facts once by SPARQL (``queries``), slices them per country
(``facts``), builds the networks with networkx (``networks``) and keeps it all in a
:class:`Comparison`; ``build_report`` turns that into the documented JSON shape (``report``),
``render`` prints it as a table or CSV and ``plots`` draws it. docs/compare.md explains every
figure.
"""

from __future__ import annotations

from .model import ALL, MIN_MEETINGS, Comparison, compare
from .render import format_csv, format_table
from .report import build_report

__all__ = ["ALL", "MIN_MEETINGS", "Comparison", "build_report", "compare", "format_csv",
           "format_table"]
