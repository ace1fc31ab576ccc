"""What a fresh install must be able to do: import every module, answer --help on every
command, and run every optional output mode once on the demo build.

An undeclared dependency (scipy for ``compare --plots`` was one) then fails CI, not a user.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import libgraph
from libgraph.build import BuildReport
from libgraph.cli import main


def _modules() -> list[str]:
    names = [libgraph.__name__]
    names += [info.name for info in pkgutil.walk_packages(libgraph.__path__, "libgraph.")]
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_every_module_imports(name: str) -> None:
    importlib.import_module(name)


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


@pytest.mark.parametrize("path", _command_paths(main), ids=lambda p: " ".join(p) or "libgraph")
def test_every_command_answers_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="libgraph")
    assert result.exit_code == 0, result.output
    assert "Usage: libgraph" in result.output and "--help" in result.output


def test_the_installed_entry_point_runs() -> None:
    """``pip install`` put a ``libgraph`` script beside the interpreter, and it starts."""
    script = Path(sys.executable).parent / "libgraph"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "libgraph" in done.stdout


def _run(*args: str) -> click.testing.Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.slow
def test_compare_plots_and_every_compare_format(demo_build: tuple[Path, BuildReport],
                                                tmp_path: Path) -> None:
    build, _ = demo_build
    plots = tmp_path / "plots"
    _run("compare", "--build", str(build), "--plots", str(plots))
    assert list(plots.glob("*.png")) and list(plots.glob("*.svg"))
    for fmt in ("table", "csv", "json"):
        assert _run("compare", "--build", str(build), "--format", fmt).output.strip()


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "xml"])
def test_every_export_format(demo_build: tuple[Path, BuildReport], tmp_path: Path,
                             fmt: str) -> None:
    build, _ = demo_build
    out = tmp_path / f"graph.{fmt}"
    _run("export", "--build", str(build), "--format", fmt, "-o", str(out))
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_every_query_format_for_rows(demo_build: tuple[Path, BuildReport], fmt: str) -> None:
    build, _ = demo_build
    output = _run("query", "meetings", "--build", str(build), "--format", fmt).output
    if fmt == "json":
        assert len(json.loads(output)["rows"]) == 5
    else:
        assert len(output.splitlines()) >= 6  # a header and the five demo meetings


@pytest.mark.parametrize("fmt", ["ttl", "nt", "json"])
def test_every_query_format_for_graphs(demo_build: tuple[Path, BuildReport], fmt: str) -> None:
    build, _ = demo_build
    meetings = json.loads(_run("query", "meetings", "--build", str(build), "--format",
                               "json").output)["rows"]
    iri = meetings[0]["meeting"]
    output = _run("query", "describe", "-p", f"iri={iri}", "--build", str(build),
                  "--format", fmt).output
    assert iri in output or iri.rsplit("/", 1)[-1] in output


def test_every_extract_format() -> None:
    doc = next((Path(__file__).resolve().parents[1] / "data" / "minutes").glob("*.txt"))
    assert json.loads(_run("extract", str(doc), "--format", "json").output)["meetings"]
    assert "lg:Meeting" in _run("extract", str(doc), "--format", "ttl").output
