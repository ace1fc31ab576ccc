"""``libgraph serve``: the explorer and a read-only SPARQL endpoint, served by waitress.

``--get PATH`` renders one page in-process and prints it (exit 1 unless the status is 200),
which makes every page scriptable and testable without a server.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..ns import DEFAULT_BASE
from .options import ENDPOINT_URL


def _config(build: Path, endpoint: str | None, base: str, timeout: float, row_limit: int,
            workers: int, cache_mb: int = 64, query_memory_mb: int = 1024,
            queue: int | None = None, per_client: int = 1) -> dict[str, object]:
    return {"BUILD_DIR": str(build), "ENDPOINT": endpoint, "BASE": base,
            "SPARQL_TIMEOUT": timeout, "SPARQL_ROW_LIMIT": row_limit, "SPARQL_WORKERS": workers,
            "RESPONSE_CACHE_BYTES": cache_mb << 20, "SPARQL_CACHE_BYTES": (cache_mb << 20) // 4,
            "SPARQL_MEMORY_BYTES": query_memory_mb << 20, "SPARQL_QUEUE": queue,
            "SPARQL_PER_CLIENT": per_client}


def sparql_queue(threads: int, workers: int, asked: int | None) -> int:
    """Queries that may wait for a worker: ``asked`` if given (an operator's choice), else one
    per worker but never more than leaves two request threads free for pages (which then
    never wait behind SPARQL)."""
    if asked is not None:
        return asked
    return min(max(0, threads - 2 - workers), workers)


def get_page(app: object, path: str, accept: str | None) -> int:
    """Print one page's body on stdout and its status on stderr; return the exit status."""
    client = app.test_client()  # type: ignore[attr-defined]
    headers = {"Accept": accept} if accept else {}
    response = client.get(path, headers=headers)
    sys.stdout.buffer.write(response.get_data())
    sys.stdout.flush()
    click.echo(f"{response.status}", err=True)
    return 0 if response.status_code == 200 else 1


def _check_port(host: str, port: int) -> None:
    """Fail with one line, before the graph is loaded into workers, if the port is taken."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            why = "already in use" if err.errno == errno.EADDRINUSE else (err.strerror or err)
            click.echo(f"Error: cannot listen on {host}:{port}: {why} (choose another --port)",
                       err=True)
            sys.exit(1)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Build directory to load into memory.")
@click.option("--endpoint", default=None, type=ENDPOINT_URL,
              help="Use this SPARQL endpoint instead of the build.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of data IRIs.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds a /sparql query may run.")
@click.option("--row-limit", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) per /sparql result.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Worker processes for /sparql queries.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Request threads (per process).")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Page processes (more than 1: gunicorn forks them; --workers is shared out).")
@click.option("--cache-mb", default=64, show_default=True, type=click.IntRange(0),
              help="Megabytes of rendered pages kept in memory, and a quarter as much again "
              "of /sparql answers (0: none; builds only).")
@click.option("--query-memory-mb", default=1024, show_default=True, type=click.IntRange(64),
              help="Memory a /sparql query may use beyond the loaded graph (per worker).")
@click.option("--queue", "queue", default=None, type=click.IntRange(0),
              help="/sparql queries that may wait for a worker (default: one per worker, "
              "leaving two request threads for pages); more get 503 at once.")
@click.option("--per-client", default=1, show_default=True, type=click.IntRange(1),
              help="/sparql queries one client address may have running or waiting.")
@click.option("--proxy-hops", default=0, show_default=True, type=click.IntRange(0, 8),
              help="Reverse proxies in front that set X-Forwarded-For (the client address "
              "for --per-client is taken from it).")
@click.option("--warm/--no-warm", default=True, show_default=True,
              help="Fill the page caches in the background at start.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Print the page at PATH (e.g. /meetings.json) and exit.")
@click.option("--accept", default=None, help="Accept header for --get.")
def command(host: str, port: int, build_dir: Path, endpoint: str | None, base: str,
            timeout: float, row_limit: int, workers: int, threads: int, processes: int,
            cache_mb: int, query_memory_mb: int, queue: int | None, per_client: int,
            proxy_hops: int, warm: bool, get_path: str | None, accept: str | None) -> None:
    """Serve the explorer (HTML, JSON, linked data) with a read-only SPARQL endpoint."""
    from ..web import create_app

    if endpoint is None and not build_dir.is_dir():
        raise click.UsageError(f"{build_dir}: no build here (run `libgraph build` first, "
                               "or give --build DIR or --endpoint URL)")
    if get_path is None:
        _check_port(host, port)
    try:
        per_process = max(1, -(-workers // processes))  # SPARQL workers of each process
        waiting = sparql_queue(threads, per_process, queue)
        app = create_app(None, _config(build_dir, endpoint, base, timeout, row_limit,
                                       per_process, cache_mb, query_memory_mb, waiting,
                                       per_client))
    except FileNotFoundError as err:
        raise click.ClickException(str(err)) from err
    if get_path is not None:
        sys.exit(get_page(app, get_path, accept))
    from ..web.server import serve

    click.echo(f"libgraph explorer on http://{host}:{port}/  (SPARQL at /sparql; Ctrl-C stops)",
               err=True)
    serve(app, host, port, threads, processes, endpoint is None, warm, proxy_hops)
