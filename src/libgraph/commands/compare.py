"""``libgraph compare``: the cross-country comparison of Sweden, Norway and Denmark.

A thin shell over ``libgraph.compare``: open the build's store, compare, print in the asked
format, draw the plots if asked. The library does the work so that the explorer can reuse it.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..labels import LANGUAGES

DEFAULT_BUILD = Path("build")


@click.command(name="compare")
@click.option("--build", "build_dir", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_BUILD, show_default=True, help="Build directory to read.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output: a terminal table, JSON (docs/compare.md) or CSV.")
@click.option("--plots", "plots_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Also write SVG and PNG figures into this directory.")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default="en", show_default=True,
              help="Language of topic, type and country labels (fallback sv, nb, nn, da, en).")
def command(build_dir: Path, fmt: str, plots_dir: Path | None, lang: str) -> None:
    """Compare library cooperation in Sweden, Norway and Denmark: networks, coverage,
    funding and topics per country, raw and per meeting, with sample sizes."""
    from ..compare import build_report, compare, format_csv, format_table
    from ..store import open_store

    try:
        store = open_store(build_dir, in_memory=True)
    except FileNotFoundError as err:
        raise click.ClickException(str(err)) from err
    comparison = compare(store, lang=lang)
    report = build_report(comparison)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(format_csv(report), nl=False)
    else:
        click.echo(format_table(report))
    if plots_dir is not None:
        from ..compare.plots import write_plots

        written = write_plots(comparison, plots_dir)
        click.echo(f"Plots: {len(written)} files in {plots_dir}", err=True)
