"""Plain-text summaries for the command line: what a user cares about first.

The build summary starts with the documents (read, skipped and why) and the things found in
them (meetings, people, organisations, places, projects), then the RDF figures (triples, the
SHACL result) and the time, so that a user sees at once whether the minutes were understood.
"""

from __future__ import annotations

from pathlib import Path

from .build.state import BuildReport

# What a reader counts, in order: label and the class (CURIE) whose instances are counted.
_THINGS = (
    ("Meetings", "lg:Meeting"),
    ("People", "foaf:Person"),
    ("Organisations", "org:Organization"),
    ("Projects", "schema:Project"),
    ("Grants", "schema:MonetaryGrant"),
    ("Decisions", "lg:Decision"),
    ("Action items", "lg:ActionItem"),
)


def format_build_report(report: BuildReport) -> str:
    """The build summary printed by ``libgraph build``."""
    skipped = len(report.failed)
    lines = [f"Documents:      {len(report.documents)} read"
             + (f", {skipped} skipped" if skipped else "")]
    lines += [f"  skipped {f.path}: {f.reason}" for f in report.failed]
    lines += [f"  duplicate {d['path']}: same minutes as {d['of']} (built from that one)"
              for d in report.duplicates]
    lines += [f"{label + ':':<15} {report.classes.get(curie, 0)}" for label, curie in _THINGS]
    areas = report.classes.get("lg:Municipality", 0) + report.classes.get("lg:Region", 0)
    lines.append(f"{'Places:':<15} {report.classes.get('schema:Place', 0)} venues; "
                 f"{areas} municipalities and regions from the gazetteer")
    lines += [f"Curation:       {warning}" for warning in report.curation]
    verdict = "conforms" if report.conforms else (
        f"does not conform: {report.validation.get('violations')} violations. A violation in "
        "a build is a bug in libgraph: please report it with the lines below.")
    lines.append(f"SHACL:          {verdict}")
    if not report.conforms:
        lines += [f"  {Path(v['document']).name}: {v['focus']}"
                  + (f" ({v['words']!r})" if v["words"] else "") + f": {v['message']}"
                  for v in report.violations]
    lines.append(f"Triples:        {report.triples}")
    lines.append(f"Written to:     {report.out}  ({report.seconds:.1f} s)")
    return "\n".join(lines)
