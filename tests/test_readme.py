"""The README's commands are the ones CI runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"),
                      re.DOTALL)


def test_readme_starts_with_build_and_test_commands() -> None:
    build, tests = _blocks()[:2]
    assert "libgraph build" in build and "pip install" in build
    assert "pytest" in tests and "pip install" in tests


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _blocks()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1].strip() == test_command


def test_ci_installs_into_a_fresh_virtual_environment() -> None:
    """A dependency that only the developer's machine has must fail CI, not a user."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    ci = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert re.search(r"^python3 -m venv ", ci, re.MULTILINE)
    assert "--system-site-packages" not in ci
    assert "unset PYTHONPATH" in ci and "PYTHONNOUSERSITE=1" in ci
