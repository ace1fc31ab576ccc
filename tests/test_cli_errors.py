"""Every mistake a user makes gets one line naming the input and the problem, and the right
exit status (2 for usage, 1 for failure); nothing already built is lost."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from libgraph.cli import main

BAD_URLS = ["htp:/bad", "not a url", "http://[::1", "http://host:port/", "ftp://example.org/"]


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exc_info
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("command", [["query", "meetings"], ["push"]])
def test_a_malformed_endpoint_url_is_a_usage_error(command: list[str], url: str) -> None:
    code, output = _invoke(*command, "--endpoint", url)
    assert code == 2 and url in output and "--endpoint" in output


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_endpoint_is_a_failure(demo_build) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/query"
    code, output = _invoke("query", "meetings", "--endpoint", url)
    assert code == 1 and "cannot reach" in output and url in output
    code, output = _invoke("push", "--endpoint", url, "--build", str(demo_build[0]))
    assert code == 1 and "cannot reach" in output


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    for command in (["build"], ["extract"], ["validate"], ["evaluate", "--gold", str(tmp_path)]):
        code, output = _invoke(*command, str(tmp_path / "nowhere"))
        assert code == 2 and "nowhere" in output and "does not exist" in output, command


def test_a_folder_without_minutes_fails_and_keeps_the_build(tmp_path: Path,
                                                           demo_build) -> None:
    out = tmp_path / "build"
    (tmp_path / "empty").mkdir()
    out.mkdir()
    (out / "graph.nt").write_text("kept\n", encoding="utf-8")
    code, output = _invoke("build", str(tmp_path / "empty"), "--out", str(out))
    assert code == 1 and "no minutes found" in output and str(tmp_path / "empty") in output
    assert (out / "graph.nt").read_text(encoding="utf-8") == "kept\n"


def test_a_missing_curation_file_is_a_usage_error(tmp_path: Path) -> None:
    code, output = _invoke("build", "--curation", str(tmp_path / "fixes.toml"))
    assert code == 2 and "fixes.toml" in output


@pytest.mark.parametrize("content", [bytes(range(256)) * 8, b"<a> <b> .\n",
                                     b"@prefix : <x> .\n:a :b"])
def test_validate_names_a_file_that_is_not_rdf(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(content)
    code, output = _invoke("validate", str(target))
    assert code == 1 and f"{target}: not readable as RDF" in output
