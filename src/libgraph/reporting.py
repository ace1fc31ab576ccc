"""Plain-text summaries for the command line."""

from __future__ import annotations

from .build.state import BuildReport


def format_build_report(report: BuildReport) -> str:
    lines = [
        f"Documents read: {len(report.documents)}",
        f"Failed:         {len(report.failed)}",
    ]
    lines += [f"  - {f.path}: {f.reason}" for f in report.failed]
    lines += [f"Curation:       {warning}" for warning in report.curation]
    lines.append(f"Triples:        {report.triples}")
    lines.append("Things per class:")
    width = max((len(k) for k in report.classes), default=0)
    lines += [f"  {name:<{width}}  {count}" for name, count in report.classes.items()]
    verdict = "conforms" if report.conforms else (
        f"does not conform ({report.validation.get('violations')} results; "
        "see `libgraph validate`)")
    lines.append(f"SHACL:          {verdict}")
    lines.append(f"Written to:     {report.out}  ({report.seconds:.1f} s)")
    return "\n".join(lines)
