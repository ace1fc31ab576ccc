"""``libgraph evaluate``: precision, recall and F1 of extraction against gold records.

A thin shim over :mod:`libgraph.evaluate`: documents that cannot be read are named on stderr
and left out of the score.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import default_corpus, echo_json


@click.command("evaluate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--gold", type=click.Path(path_type=Path, exists=True, file_okay=False),
              required=True, help="Directory of gold JSON files.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def command(paths: tuple[Path, ...], gold: Path, fmt: str) -> None:
    """Precision, recall and F1 of extraction against gold files."""
    from ..evaluate import format_table, load_gold_dir, pair_records, score_corpus
    from ..extract import extract as run_extract
    from ..ingest import IngestError, discover, read_document

    records = []
    for path in discover(list(paths) or [default_corpus()]):
        try:
            records.append(run_extract(read_document(path)).to_dict())
        except IngestError as err:
            click.echo(f"skipped {err}", err=True)
    score = score_corpus(pair_records(load_gold_dir(gold), records))
    if fmt == "json":
        echo_json(score.to_dict())
    else:
        click.echo(format_table(score))
