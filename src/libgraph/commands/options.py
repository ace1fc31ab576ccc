"""Options and helpers that several commands share, declared once.

Every command that reads a build takes ``--build DIR`` with the same default and help; every
command that prints JSON prints it the same way. Keeping them here means a change of default
or wording happens in one place (and ``docs/cli.md`` follows from ``--help``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

DEFAULT_BUILD = Path("build")
DEFAULT_CORPUS = Path("data/minutes")

F = TypeVar("F", bound=Callable[..., object])


def build_dir_option(help_text: str = "Build directory to read.") -> Callable[[F], F]:
    """``--build DIR`` (default ``build/``), the build a reading command works on."""
    return click.option("--build", "build_dir", type=click.Path(path_type=Path, file_okay=False),
                        default=DEFAULT_BUILD, show_default=True, help=help_text)


def echo_json(data: object) -> None:
    """Print ``data`` as indented UTF-8 JSON (names with å, ø, æ stay readable)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def default_corpus() -> Path:
    """``data/minutes`` in the working directory, else the demo corpus shipped in the package."""
    if DEFAULT_CORPUS.is_dir():
        return DEFAULT_CORPUS
    from ..resources import resource

    return resource("data", "minutes")


def fail(message: str) -> None:
    """Print one ``Error:`` line on stderr and exit 1 (a data problem, not a usage error)."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(1)


class EndpointURL(click.ParamType):
    """An http(s) URL with a host: anything else is a usage error (exit 2) with one line,
    before any request is made, instead of a traceback from the HTTP client."""

    name = "URL"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        from urllib.parse import urlsplit

        text = str(value).strip()
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as err:
            self.fail(f"{text!r} is not a URL ({err})", param, ctx)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.fail(f"{text!r} is not an http:// or https:// URL with a host", param, ctx)
        return text


ENDPOINT_URL = EndpointURL()
