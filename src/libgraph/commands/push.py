"""``libgraph push``: load the built graph into a SPARQL 1.1 server.

A thin shim over :mod:`libgraph.push`; exit status 2 for usage errors, 1 when the graph
could not be loaded (no build, server unreachable or refusing).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..push import LAYOUTS, Auth, PushError, push_graph, remote_count, resolve_endpoints
from ..store import NT_FILE
from .options import ENDPOINT_URL


@click.command("push")
@click.option("--endpoint", metavar="URL", type=ENDPOINT_URL,
              help="The server: a base URL (http://localhost:7878) or its query endpoint "
                   "(…/query, …/sparql, …/repositories/X).")
@click.option("--graph", metavar="IRI",
              help="Named graph to load into [default: the default graph].")
@click.option("--user", default=None, help="User (HTTP basic auth).")
@click.option("--password", default=None, envvar="LIBGRAPH_PASSWORD",
              help="Password (or set LIBGRAPH_PASSWORD).")
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
@click.option("--append", is_flag=True, help="Add to the graph instead of replacing it.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Triples per INSERT DATA request.")
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Build directory whose graph.nt is pushed.")
def command(endpoint: str | None, graph: str | None, user: str | None, password: str | None,
            layout: str, query_endpoint: str | None, update_endpoint: str | None,
            store_endpoint: str | None, method: str, append: bool, chunk_size: int,
            build_dir: Path) -> None:
    """Load the built graph into a SPARQL server (Graph Store Protocol or UPDATE)."""
    if not (endpoint or update_endpoint or store_endpoint):
        raise click.UsageError("give --endpoint URL (or --store-endpoint/--update-endpoint)")
    if password and not user:
        raise click.UsageError("--password needs --user")
    auth = Auth(user, password or "") if user else None
    try:
        endpoints = resolve_endpoints(endpoint, layout, query_endpoint, update_endpoint,
                                      store_endpoint)
        result = push_graph(build_dir / NT_FILE, endpoints, graph, auth, method, append,
                            chunk_size)
    except PushError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(1)
    how = "Graph Store Protocol" if result.method == "gsp" else "SPARQL UPDATE"
    target = f"<{graph}>" if graph else "the default graph"
    click.echo(f"Pushed {result.triples} triples into {target} by {how} "
               f"({result.requests} request{'s' if result.requests != 1 else ''} to {result.url})")
    if endpoints.query:
        count = remote_count(endpoints.query, graph, auth)
        if count is not None:
            click.echo(f"The server now holds {count} triples in {target}.")
