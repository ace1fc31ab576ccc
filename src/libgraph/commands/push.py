"""``libgraph push``: load the built graph into a SPARQL 1.1 server.

A thin shim over :mod:`libgraph.publish` (one named graph per document) and
:mod:`libgraph.push` (``--graph``: everything into one graph). Exit status 2 for usage
errors, 1 when the graph could not be loaded (no build, server unreachable or refusing).
Credentials come from ``LIBGRAPH_USER``/``LIBGRAPH_PASSWORD`` or a netrc file, never from
the command line (where other users of the machine could read them).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..dataset import DatasetError
from ..publish import DatasetPush, push_dataset
from ..push import (
    LAYOUTS,
    Auth,
    Endpoints,
    PushError,
    credentials,
    push_graph,
    remote_count,
    resolve_endpoints,
)
from ..store import NT_FILE
from .options import ENDPOINT_URL


@click.command("push")
@click.option("--endpoint", metavar="URL", type=ENDPOINT_URL,
              help="The server: a base URL (http://localhost:7878) or its query endpoint "
                   "(…/query, …/sparql, …/repositories/X).")
@click.option("--changed", is_flag=True,
              help="Send only the documents changed since the last push to this server "
                   "(and delete the graphs of removed ones); also resumes a cut-off push.")
@click.option("--graph", metavar="IRI",
              help="Load everything into this one graph instead of one graph per document.")
@click.option("--user", default=None,
              help="User for HTTP basic auth (or LIBGRAPH_USER; the password comes from "
                   "LIBGRAPH_PASSWORD or ~/.netrc).")
@click.option("--layout", type=click.Choice(["auto", *LAYOUTS]), default="auto",
              show_default=True, help="How the server names its endpoints (see docs/queries.md).")
@click.option("--query-endpoint", metavar="URL", type=ENDPOINT_URL,
              help="Explicit SPARQL query endpoint.")
@click.option("--update-endpoint", metavar="URL", type=ENDPOINT_URL,
              help="Explicit SPARQL update endpoint.")
@click.option("--store-endpoint", metavar="URL", type=ENDPOINT_URL,
              help="Explicit Graph Store Protocol endpoint.")
@click.option("--method", type=click.Choice(["auto", "gsp", "update"]), default="auto",
              show_default=True,
              help="gsp: Graph Store Protocol only; update: chunked INSERT DATA only; "
                   "auto: GSP, falling back to UPDATE where the server has none.")
@click.option("--append", is_flag=True, help="With --graph: add to it instead of replacing it.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Triples per INSERT DATA request.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Build directory to push.")
def command(endpoint: str | None, changed: bool, graph: str | None, user: str | None,
            layout: str, query_endpoint: str | None, update_endpoint: str | None,
            store_endpoint: str | None, method: str, append: bool, chunk_size: int,
            quiet: bool, build_dir: Path) -> None:
    """Load the built graph into a SPARQL server, one named graph per document."""
    if not (endpoint or update_endpoint or store_endpoint):
        raise click.UsageError("give --endpoint URL (or --store-endpoint/--update-endpoint)")
    if graph and changed:
        raise click.UsageError("--changed works per document: leave out --graph")
    if append and not graph:
        raise click.UsageError("--append needs --graph")
    try:
        endpoints = resolve_endpoints(endpoint, layout, query_endpoint, update_endpoint,
                                      store_endpoint)
        auth = credentials(str(endpoint or endpoints.store or endpoints.update), user)
        if graph:
            _push_one_graph(build_dir, endpoints, graph, auth, method, append, chunk_size)
        else:
            progress = None if quiet else _Progress()
            result = push_dataset(build_dir, endpoints, auth, method, changed, chunk_size,
                                  progress)
            _report(result, changed)
    except (PushError, DatasetError) as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(1)


class _Progress:
    """A line on stderr at most every two seconds, and at the end."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def __call__(self, done: int, total: int, triples: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= 2.0:
            self.last = now
            click.echo(f"  {done}/{total} graphs, {triples:,} triples "
                       f"({100 * done // max(total, 1)} %)", err=True)


def _report(result: DatasetPush, changed: bool) -> None:
    how = "Graph Store Protocol" if result.method == "gsp" else "SPARQL UPDATE"
    kept = f", {result.unchanged} unchanged" if changed else ""
    click.echo(f"Pushed {result.sent} of {result.graphs} graphs ({result.triples} triples) "
               f"by {how}{kept}, deleted {result.deleted}; {result.requests} requests to "
               f"{result.url} in {result.seconds:.1f} s")
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)


def _push_one_graph(build_dir: Path, endpoints: Endpoints, graph: str, auth: Auth | None,
                    method: str, append: bool, chunk_size: int) -> None:
    result = push_graph(build_dir / NT_FILE, endpoints, graph, auth, method, append, chunk_size)
    how = "Graph Store Protocol" if result.method == "gsp" else "SPARQL UPDATE"
    click.echo(f"Pushed {result.triples} triples into <{graph}> by {how} "
               f"({result.requests} request{'s' if result.requests != 1 else ''} to {result.url})")
    if endpoints.query:
        count = remote_count(endpoints.query, graph, auth)
        if count is not None:
            click.echo(f"The server now holds {count} triples in <{graph}>.")
