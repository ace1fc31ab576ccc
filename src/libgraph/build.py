"""``libgraph build``: ingest, extract, map, validate and store a corpus of minutes.

The build is written to a temporary directory next to the output and swapped in only when it
is complete, so an interrupted or failed build never leaves a half-written graph in place of
the previous one. A bad file is reported with its reason and the build goes on with the rest.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .extract import extract
from .ingest import IngestError, discover, read_document
from .ns import DEFAULT_BASE, PREFIXES, bind_prefixes
from .rdf.mapping import GraphBuilder, static_graph
from .resolve.curation import Curation
from .resources import resource
from .store import NT_FILE, REPORT_FILE, TTL_FILE, write_store
from .validate import ValidationReport, validate_graph

Progress = Callable[[str], None]


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class BuildReport:
    documents: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    triples: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    validation: dict[str, object] = field(default_factory=dict)
    curation: list[str] = field(default_factory=list)
    seconds: float = 0.0
    out: str = ""

    @property
    def conforms(self) -> bool:
        return bool(self.validation.get("conforms"))

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class BuildResult:
    graph: Graph
    report: BuildReport
    validation: ValidationReport


def build_graph(paths: Iterable[Path], base: str = DEFAULT_BASE,
                progress: Progress | None = None, curation: Curation | None = None
                ) -> BuildResult:
    """Everything but writing: the merged, validated graph and the report."""
    started = time.perf_counter()
    report = BuildReport()
    graph = static_graph(base)
    builder = GraphBuilder(graph, base)
    curation = curation if curation is not None else Curation.load(default_curation_path())
    roots = [Path(p) for p in paths]
    for path in _files(roots, report):
        _add_document(builder, path, _root_of(path, roots), report, curation)
        if progress:
            progress(path.name)
    report.curation = curation.unmatched()
    validation = validate_graph(graph)
    report.validation = validation.to_dict() | {"violations": len(validation.violations)}
    report.triples = len(graph)
    report.classes = _class_counts(graph)
    report.seconds = round(time.perf_counter() - started, 3)
    return BuildResult(graph, report, validation)


def _files(roots: list[Path], report: BuildReport) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        try:
            files.extend(discover([root]))
        except IngestError as err:
            report.failed.append(Failure(str(err.path), err.reason))
    return files


def _root_of(path: Path, roots: list[Path]) -> Path | None:
    for root in roots:
        if root.is_dir() and root in path.parents:
            return root
    return None


def default_curation_path() -> Path:
    """``data/curation/curation.toml`` of the working directory, else the shipped one."""
    local = Path("data/curation/curation.toml")
    return local if local.exists() else resource("data", "curation", "curation.toml")


def _add_document(builder: GraphBuilder, path: Path, root: Path | None,
                  report: BuildReport, curation: Curation) -> None:
    try:
        document = read_document(path, root=root)
        record = curation.apply(extract(document))
    except IngestError as err:
        report.failed.append(Failure(str(err.path), err.reason))
        return
    if not record.meetings:
        report.failed.append(Failure(str(path), "no meeting found"))
        return
    builder.add(document, record)
    report.documents.append(str(path))


def _class_counts(graph: Graph) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for _s, _p, cls in graph.triples((None, RDF.type, None)):
        counts[_curie(str(cls))] += 1
    return dict(sorted(counts.items()))


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and prefix not in ("id",):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def write_build(result: BuildResult, out: Path) -> None:
    """Write the build to a temporary directory, then swap it in atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        _write_files(result, tmp)
        result.report.out = str(out)
        (tmp / REPORT_FILE).write_text(json.dumps(result.report.to_dict(), indent=2,
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_files(result: BuildResult, tmp: Path) -> None:
    graph = bind_prefixes(result.graph)
    nt = graph.serialize(format="nt")
    lines = sorted(set(line for line in nt.splitlines() if line.strip()))
    (tmp / NT_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    graph.serialize(destination=str(tmp / TTL_FILE), format="turtle")
    write_store(tmp, tmp / NT_FILE)


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp``; the old build is removed only after the rename."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def build(paths: Iterable[Path], out: Path, base: str = DEFAULT_BASE,
          progress: Progress | None = None, curation: Curation | None = None) -> BuildReport:
    """Build and write; returns the report (also written as ``report.json``)."""
    result = build_graph(paths, base, progress, curation)
    write_build(result, out)
    return result.report
