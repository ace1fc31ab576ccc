"""The CLI reference (``docs/cli.md``), made from the commands' own ``--help``.

Generated rather than written, so that it cannot drift from the code: ``tests/test_cli_docs.py``
fails when the file differs from what this module makes (regenerate it with
``python3 scripts/build_cli_docs.py``), as Datasette does for its CLI reference.
"""

from __future__ import annotations

import click

WIDTH = 100

_HEADER = """# CLI reference

Every `libgraph` command and its options, as `--help` prints them. This page is generated
from the code by `python3 scripts/build_cli_docs.py`; a test fails when it is out of date.

Exit status everywhere: 0 success, 1 a data problem (SHACL violations, files that could not
be read, an unreachable server), 2 a usage error (a bad option, a path that does not exist).
"""


def help_text(command: click.Command, name: str, parent: click.Context | None = None) -> str:
    """``--help`` of ``command`` as a terminal 100 columns wide would show it."""
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH,
                        max_content_width=WIDTH)
    return command.get_help(ctx)


def reference(group: click.Group) -> str:
    """The Markdown page: the group's help, then one section per command in name order."""
    settings = {"terminal_width": WIDTH, "max_content_width": WIDTH, **group.context_settings}
    root = click.Context(group, info_name="libgraph", **settings)
    parts = [_HEADER, "```\n" + group.get_help(root) + "\n```\n"]
    for name in sorted(group.commands):
        command = group.commands[name]
        parts.append(f"## libgraph {name}\n\n```\n{help_text(command, name, root)}\n```\n")
    return "\n".join(parts)
