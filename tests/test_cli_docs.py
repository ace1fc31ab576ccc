"""docs/cli.md is the commands' own --help: regenerate it with scripts/build_cli_docs.py."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from libgraph.cli import main
from libgraph.commands.reference import reference

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_the_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == reference(main), \
        "docs/cli.md is out of date: run python3 scripts/build_cli_docs.py"


def test_the_reference_has_every_command_and_its_options() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"## libgraph {name}\n" in text
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in text, (name, opt)
    assert "Usage: libgraph build" in text  # the usage line names the real program


def test_help_in_the_reference_is_what_the_command_prints() -> None:
    text = DOC.read_text(encoding="utf-8")
    printed = CliRunner().invoke(main, ["validate", "--help"], prog_name="libgraph",
                                 terminal_width=100).output
    assert printed.strip() in text
