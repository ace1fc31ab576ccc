"""The ``libgraph`` command line: one short function per command over the library.

Exit status: 0 on success, 1 on a data problem (SHACL violations, files that could not be
read), 2 on a usage error (click's own convention).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .ns import DEFAULT_BASE

DEFAULT_BUILD = Path("build")
DEFAULT_CORPUS = Path("data/minutes")


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="libgraph")
def main() -> None:
    """libgraph: minutes of Nordic library cooperation meetings as linked data."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_BUILD, show_default=True,
              help="Build directory (replaced only when the new build is complete).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for data IRIs.")
@click.option("--curation", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Curation file (default data/curation/curation.toml).")
def build(paths: tuple[Path, ...], out: Path, base: str, curation: Path | None) -> None:
    """Ingest, extract, map, validate and store every minutes document under PATHS."""
    from .build import build_graph, default_curation_path, write_build
    from .ingest import discover
    from .reporting import format_build_report
    from .resolve.curation import Curation, CurationError

    try:
        rules = Curation.load(curation or default_curation_path())
    except CurationError as err:
        raise click.ClickException(str(err)) from err
    roots = list(paths) or [_default_corpus()]
    total = sum(len(discover([r])) for r in roots if r.exists())
    with click.progressbar(length=total, label="Building", file=sys.stderr) as bar:
        result = build_graph(roots, base, progress=lambda _name: bar.update(1), curation=rules,
                             out=out)
    write_build(result, out)
    click.echo(format_build_report(result.report))
    if result.report.failed or not result.report.conforms:
        sys.exit(1)


def _default_corpus() -> Path:
    if DEFAULT_CORPUS.is_dir():
        return DEFAULT_CORPUS
    from .resources import resource

    return resource("data", "minutes")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "ttl"]), default="json",
              show_default=True)
@click.option("--language", default=None, help="Override language detection (sv, nb, nn, da).")
def extract(file: Path, fmt: str, language: str | None) -> None:
    """Extract one document: the extraction record (json) or its RDF (ttl)."""
    from .extract import extract as run_extract
    from .ingest import IngestError, read_document

    try:
        document = read_document(file, language=language)
    except IngestError as err:
        raise click.ClickException(str(err)) from err
    record = run_extract(document)
    if fmt == "json":
        _echo_json(record.to_dict())
        return
    from rdflib import Graph

    from .rdf import GraphBuilder

    graph = GraphBuilder(Graph()).add(document, record)
    click.echo(graph.serialize(format="turtle"))


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, exists=True))
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_BUILD,
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def validate(file: Path | None, build_dir: Path, fmt: str) -> None:
    """SHACL-validate the built graph (or FILE); exit 1 on violations."""
    from .store import TTL_FILE
    from .validate import format_report, validate_file

    target = file or build_dir / TTL_FILE
    if not target.exists():
        raise click.ClickException(f"{target}: not found (run `libgraph build` first)")
    report = validate_file(target)
    if fmt == "json":
        _echo_json(report.to_dict())
    else:
        click.echo(format_report(report))
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold", type=click.Path(path_type=Path, exists=True, file_okay=False),
              required=True, help="Directory of gold JSON files.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--errors", is_flag=True, help="Also print, per list, what was missed and invented.")
def evaluate(paths: tuple[Path, ...], gold: Path, fmt: str, errors: bool) -> None:
    """Precision, recall and F1 of extraction against gold files."""
    from .evaluate import format_table
    from .evaluate.errors import format_errors
    from .evaluate.run import evaluate_paths

    score, texts = evaluate_paths(list(paths) or [_default_corpus()], gold,
                                  skipped=lambda msg: click.echo(msg, err=True))
    if fmt == "json":
        _echo_json(score.to_dict())
    else:
        click.echo(format_table(score))
    if errors:
        click.echo("\n" + format_errors(score, texts), err=fmt == "json")


def _register_commands() -> None:
    from .commands import discover

    for command in discover():
        main.add_command(command)


_register_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
