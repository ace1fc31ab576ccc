"""``libgraph validate``: SHACL-validate the built graph, or one RDF file, with a readable report.

A thin shim over :mod:`libgraph.validate`. A file that is not RDF (binary, malformed Turtle)
gives one line naming it and the parser's message, exit 1; violations exit 1 too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .options import build_dir_option, echo_json, fail


def _progress(done: int, total: int) -> None:
    """A line on stderr every tenth of the pieces (and at the end)."""
    if done == total or done % max(1, total // 10) == 0:
        click.echo(f"  {done}/{total} pieces", err=True)


@click.command("validate")
@click.argument("file", required=False,
                type=click.Path(path_type=Path, exists=True, dir_okay=False))
@build_dir_option()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def command(file: Path | None, build_dir: Path, fmt: str) -> None:
    """SHACL-validate the built graph (or FILE); exit 1 on violations."""
    from ..build.revalidate import validate_build
    from ..store import TTL_FILE
    from ..validate import RdfInputError, format_report, validate_file

    target = file or build_dir / TTL_FILE
    if not target.exists():
        fail(f"{target}: not found (run `libgraph build` first)")
    started = time.perf_counter()
    report = None
    if file is None:  # the build: piece by piece on every core, as the build validated it
        click.echo(f"Validating the build in {build_dir} piece by piece ...", err=True)
        report = validate_build(build_dir, progress=_progress)
    if report is None:
        click.echo(f"Validating {target} ...", err=True)
        try:
            report = validate_file(target)
        except RdfInputError as err:
            fail(str(err))
    if fmt == "json":
        echo_json(report.to_dict())
    else:
        click.echo(format_report(report))
    click.echo(f"Validated in {time.perf_counter() - started:.1f} s", err=True)
    if not report.conforms:
        sys.exit(1)
