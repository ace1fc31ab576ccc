"""``libgraph export``: a thin command over :mod:`libgraph.export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..describe import DEFAULT_ENDPOINT, FORMATS
from ..export import DEFAULT_SALT, ExportOptions, NoBuildError, export
from .options import build_dir_option


@click.command(name="export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="ttl",
              show_default=True, help="Serialisation of the graph and its description.")
@click.option("--pseudonymize", is_flag=True,
              help="Replace people by opaque IRIs and mask their names (docs/export.md).")
@click.option("--salt", envvar="LIBGRAPH_SALT", default=DEFAULT_SALT, show_default=True,
              help="Secret for the pseudonym HMAC; set your own before publishing "
                   "(or LIBGRAPH_SALT).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to FILE instead of standard output.")
@build_dir_option("The build to export.")
@click.option("--sparql-endpoint", default=DEFAULT_ENDPOINT, show_default=True,
              help="void:sparqlEndpoint and dcat:endpointURL in the description.")
@click.option("--download-base", default=None,
              help="Where the dumps will be published (dcat:downloadURL = BASE + file name); "
                   "default {base}dump/.")
def command(fmt: str, pseudonymize: bool, salt: str, output: Path | None, build_dir: Path,
            sparql_endpoint: str, download_base: str | None) -> None:
    """Export the whole graph as linked data, with a VoID/DCAT description of the dataset."""
    if pseudonymize and salt == DEFAULT_SALT:
        click.echo("Warning: pseudonyms made with the default salt are guessable: anyone can "
                   "compute the pseudonym of a name they know. Set a secret salt with "
                   "--salt or LIBGRAPH_SALT before publishing.", err=True)
    options = ExportOptions(fmt=fmt, pseudonymize=pseudonymize, salt=salt,
                            sparql_endpoint=sparql_endpoint, download_base=download_base)
    try:
        data = export(build_dir, options)
    except NoBuildError as err:
        raise click.ClickException(str(err)) from err
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({fmt}, {len(data):,} bytes)", err=True)
