"""``libgraph query``: run a named query, a .rq file or stdin on the build or an endpoint.

A thin shim over :mod:`libgraph.query`; exit status 2 for usage errors (unknown query,
bad parameter, wrong format), 1 when the store or the query fails (syntax, evaluation,
missing build, unreachable endpoint).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..push import credentials, query_endpoint
from ..query import (
    QueryUsageError,
    describe_queries,
    execute,
    find_query,
    format_result,
    list_queries,
    parse_assignments,
    prepare,
)
from ..store import QuerySyntaxError, StoreError, connect
from .options import ENDPOINT_URL

FORMATS = ("table", "csv", "json", "ttl", "nt")


@click.command("query")
@click.argument("name", required=False, metavar="NAME|FILE.rq|-")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable); see --list for each query's parameters.")
@click.option("--endpoint", metavar="URL", type=ENDPOINT_URL,
              help="Query a SPARQL server instead of the build: its query endpoint "
                   "(…/query, …/sparql, …/repositories/X) or a bare Oxigraph URL.")
@click.option("--user", default=None,
              help="User for the endpoint (HTTP basic auth); the password comes from "
                   "LIBGRAPH_PASSWORD or ~/.netrc, never from the command line.")
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Build directory whose store is queried.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table, csv or json for SELECT/ASK; ttl, nt or json (JSON-LD) for "
                   "CONSTRUCT/DESCRIBE.  [default: table, or ttl for graphs]")
@click.option("--in-memory/--on-disk", "in_memory", default=None,
              help="Load the build into memory (joins several times faster, ~2.3 s per "
                   "million triples to load) or query the store on disk (opens in "
                   "milliseconds).  [default: in memory for small builds]")
def command(name: str | None, list_only: bool, params: tuple[str, ...], endpoint: str | None,
            user: str | None, build_dir: Path, fmt: str | None,
            in_memory: bool | None) -> None:
    """Run a named query (see --list), a .rq file, or - for stdin."""
    if list_only:
        click.echo(describe_queries(list_queries()))
        return
    if not name:
        raise click.UsageError("give a query NAME, a FILE.rq or - (or --list)")
    try:
        prepared = prepare(find_query(name), parse_assignments(params))
        graph_format = fmt if fmt in ("ttl", "nt", "json") else "ttl"
        if prepared.form in ("CONSTRUCT", "DESCRIBE") and fmt in ("table", "csv"):
            raise QueryUsageError(f"--format {fmt}: a {prepared.form} result is ttl, nt or json")
        url = query_endpoint(endpoint) if endpoint else None
        auth = credentials(url, user) if url else None
        with connect(build_dir, url, auth.user if auth else None,
                     auth.password if auth else None, in_memory=in_memory) as store:
            result = execute(store, prepared, graph_format)
        click.echo(format_result(result, fmt))
    except QueryUsageError as err:
        raise click.UsageError(str(err)) from err
    except QuerySyntaxError as err:
        click.echo(f"Error: {err.source or name}: SPARQL syntax error at {err}", err=True)
        sys.exit(1)
    except StoreError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(1)
