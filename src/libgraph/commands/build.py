"""``libgraph build``: ingest, extract, resolve, map, validate and store a corpus of minutes.

A thin shim over :mod:`libgraph.build`. Usage errors (a path or curation file that does not
exist) exit 2 before anything is touched; a corpus with no minutes in it exits 1 and leaves the
previous build as it was; documents that fail are reported and the rest is built (exit 1).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..ns import DEFAULT_BASE
from .options import DEFAULT_BUILD, default_corpus, fail


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_BUILD,
              show_default=True,
              help="Build directory (replaced only when the new build is complete).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for data IRIs.")
@click.option("--records", "records", type=click.Path(path_type=Path, exists=True),
              default=None, metavar="DIR",
              help="Build from extraction records (the JSON of `libgraph extract`, the gold "
              "schema) in DIR instead of extracting; their source documents are looked up "
              "beside them and in PATHS.")
@click.option("--curation", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="Curation file [default: data/curation/curation.toml, "
              "then curation.toml at the top of each corpus directory].")
@click.option("--profile", is_flag=True,
              help="Also print the wall and CPU seconds of each build stage.")
def command(paths: tuple[Path, ...], out: Path, base: str, records: Path | None,
            curation: Path | None, profile: bool) -> None:
    """Ingest, extract, map, validate and store every minutes document under PATHS."""
    from ..build import build_graph, default_curation_path, write_build
    from ..ingest import IngestError, discover
    from ..records import RecordError, record_files
    from ..reporting import format_build_report
    from ..resolve.curation import Curation, CurationError

    roots = [records] if records else list(paths) or [default_corpus()]
    try:
        rules = Curation.load(curation) if curation else \
            Curation.for_corpus(default_curation_path(), roots)
    except CurationError as err:
        raise click.UsageError(str(err)) from err
    try:
        total = len(record_files(records) if records else discover(roots))
    except (IngestError, RecordError) as err:
        raise click.UsageError(str(err)) from err
    if total == 0:
        where = ", ".join(str(root) for root in roots)
        what = "records (.json files)" if records else \
            "minutes (looked for .txt, .md, .html, .docx and .pdf files)"
        fail(f"{where}: no {what} found; {out} is unchanged")
    with click.progressbar(length=total, label="Building", file=sys.stderr) as bar:
        result = build_graph(roots, base, progress=lambda _name: bar.update(1), curation=rules,
                             out=out, records=records is not None,
                             sources=paths if records else ())
    write_build(result, out)
    click.echo(format_build_report(result.report))
    if profile:
        click.echo(result.profile.format())
    if result.report.failed or not result.report.conforms:
        sys.exit(1)
