"""``libgraph extract``: one document's extraction record (JSON) or its RDF (Turtle).

A thin shim over :mod:`libgraph.extract` and :mod:`libgraph.rdf`; a file that cannot be read
gives one line naming it and the reason, exit 1.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import echo_json, fail


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "ttl"]), default="json",
              show_default=True)
@click.option("--language", default=None, help="Override language detection (sv, nb, nn, da).")
def command(file: Path, fmt: str, language: str | None) -> None:
    """Extract one document: the extraction record (json) or its RDF (ttl)."""
    from ..extract import extract as run_extract
    from ..ingest import IngestError, read_document

    try:
        document = read_document(file, language=language)
    except IngestError as err:
        fail(str(err))
    record = run_extract(document)
    if fmt == "json":
        echo_json(record.to_dict())
        return
    from rdflib import Graph

    from ..rdf import GraphBuilder

    graph = GraphBuilder(Graph()).add(document, record)
    click.echo(graph.serialize(format="turtle"))
