"""The ``libgraph`` command line: the group and its version; every command lives in
:mod:`libgraph.commands`, one module each, thin over the library.

Exit status: 0 on success, 1 on a data problem (SHACL violations, files that could not be
read), 2 on a usage error (click's own convention).
"""

from __future__ import annotations

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="libgraph")
def main() -> None:
    """libgraph: minutes of Nordic library cooperation meetings as linked data."""


def _register_commands() -> None:
    from .commands import discover

    for command in discover():
        main.add_command(command)


_register_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
