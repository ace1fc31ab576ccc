"""``libgraph compare``: the cross-country comparison of Sweden, Norway and Denmark.

A thin shell over ``libgraph.compare``: open the build's store, choose the meetings, compare
with bootstrap intervals, print in the asked format, and write plots, exports or the HTML
report if asked. The library does the work so that the explorer can reuse it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from ..labels import LANGUAGES

DEFAULT_BUILD = Path("build")
KINDS = ("minutes", "summary", "announcement")
MEETING_TYPES = ("directors_meeting", "steering_group", "network_meeting", "conference",
                 "workshop", "other")


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD; --from takes the first day, --to the last."""
    if value is None:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
        if len(parts) > 3 or not 1 <= year <= 9999:
            raise ValueError
        start = param.name == "start"
        month = month or (1 if start else 12)
        if day is None:
            day = 1 if start else _last_day(year, month)
        return date(year, month, day).isoformat()
    except (ValueError, IndexError):
        raise click.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                                 ctx=ctx, param=param) from None


def _last_day(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


@click.command(name="compare")
@click.option("--build", "build_dir", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_BUILD, show_default=True, help="Build directory to read.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output: a terminal table, JSON (docs/compare.md) or CSV.")
@click.option("--plots", "plots_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Also write SVG and PNG figures into this directory.")
@click.option("--report", "report_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Also write an HTML report with plots and data files here.")
@click.option("--export", "export_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Also write the networks as GEXF, GraphML and CSV edge lists.")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default="en", show_default=True,
              help="Language of topic, type and country labels (fallback sv, nb, nn, da, en).")
@click.option("--resamples", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Bootstrap resamples of meetings (0: no intervals).")
@click.option("--seed", type=int, default=42, show_default=True,
              help="Seed of the bootstrap, so that intervals are reproducible.")
@click.option("--from", "start", callback=_iso_date, metavar="DATE",
              help="Only meetings on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", callback=_iso_date, metavar="DATE",
              help="Only meetings on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only meetings recorded by this kind of document (repeatable).")
@click.option("--meeting-type", "meeting_types", multiple=True, type=click.Choice(MEETING_TYPES),
              help="Only meetings of this type (repeatable).")
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Only meetings of this country, ISO code SE, NO, DK (repeatable).")
@click.option("--region", "regions", multiple=True, metavar="REGION",
              help="Only meetings in this region: its slug (se-07) or IRI (repeatable).")
def command(build_dir: Path, fmt: str, plots_dir: Path | None, report_dir: Path | None,
            export_dir: Path | None, lang: str, resamples: int, seed: int, start: str | None,
            end: str | None, kinds: tuple[str, ...], meeting_types: tuple[str, ...],
            countries: tuple[str, ...], regions: tuple[str, ...]) -> None:
    """Compare library cooperation in Sweden, Norway and Denmark: networks, coverage,
    funding and topics per country, raw and per meeting, with sample sizes and bootstrap
    intervals (meetings resampled); per year, per region and across borders."""
    from ..compare import build_report, compare, format_csv, format_table
    from ..compare.bootstrap import Settings
    from ..compare.selection import Selection
    from ..store import open_store

    if start and end and start > end:
        raise click.UsageError(f"--from {start} is after --to {end}")
    selection = Selection(start, end, frozenset(kinds), frozenset(meeting_types),
                          frozenset(c.upper() for c in countries), frozenset(regions))
    try:
        store = open_store(build_dir, in_memory=True)
    except FileNotFoundError as err:
        raise click.ClickException(str(err)) from err
    settings = Settings(resamples=resamples, seed=seed) if resamples else None
    comparison = compare(store, lang=lang, selection=selection, settings=settings)
    report = build_report(comparison)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(format_csv(report), nl=False)
    else:
        click.echo(format_table(report))
    _write_files(comparison, report, plots_dir, export_dir, report_dir)


def _write_files(comparison: object, report: dict, plots_dir: Path | None,
                 export_dir: Path | None, report_dir: Path | None) -> None:
    """Plots, network exports and the HTML report, each only when asked for."""
    if plots_dir is not None:
        from ..compare.plots import write_plots

        written = write_plots(comparison, plots_dir, report=report)  # type: ignore[arg-type]
        click.echo(f"Plots: {len(written)} files in {plots_dir}", err=True)
    if export_dir is not None:
        from ..compare.exports import write_exports

        written = write_exports(comparison, export_dir)  # type: ignore[arg-type]
        click.echo(f"Networks: {len(written)} files in {export_dir}", err=True)
    if report_dir is not None:
        from ..compare.html import write_report

        page = write_report(comparison, report, report_dir)  # type: ignore[arg-type]
        click.echo(f"Report: {page}", err=True)
