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
@click.option("--errors", is_flag=True, help="Also print, per list, what was missed and invented.")
def command(paths: tuple[Path, ...], gold: Path, fmt: str, errors: bool) -> None:
    """Precision, recall and F1 of extraction against gold files."""
    from ..evaluate import format_table, load_gold_dir, pair_records, score_corpus
    from ..extract import extract as run_extract
    from ..ingest import IngestError, discover, read_document

    records, texts = [], {}
    for path in discover(list(paths) or [default_corpus()]):
        try:
            document = read_document(path)
        except IngestError as err:
            click.echo(f"skipped {err}", err=True)
            continue
        records.append(run_extract(document).to_dict())
        texts[document.name] = document.text
    score = score_corpus(pair_records(load_gold_dir(gold), records))
    if fmt == "json":
        echo_json(score.to_dict())
    else:
        click.echo(format_table(score))
    if errors:
        from ..evaluate.errors import format_errors

        click.echo("\n" + format_errors(score, texts), err=fmt == "json")
