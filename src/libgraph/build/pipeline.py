"""The build's top functions: the stages in order, and the swap into place.

``build_graph`` runs plan → read → select → extract (→ resolve → triples → validate per
document, in worker processes) → triples (graph.nt and store) → validate (across documents)
on one :class:`~.state.BuildState`; ``write_build`` is the *write* stage. ``build`` does both.
"""

from __future__ import annotations

import shutil
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..ns import DEFAULT_BASE, bind_prefixes
from ..resolve.curation import Curation
from ..resources import resource
from ..store import NT_FILE
from ..validate import ValidationReport
from .cache import CACHE_DIR, DocCache
from .extract import extract
from .plan import plan_documents, plan_static
from .profile import Profile
from .read import read, select
from .state import BuildReport, BuildState, Duplicate, Progress, Selector, Settings
from .triples import start_early_store, triples, wanted
from .validate import close_store, finish_report, validate
from .workers import DOC_TIMEOUT_S, Workers, job_count, pool_size, prestart
from .write import cancel_jobs, staging_dir, write_build


@dataclass
class BuildResult:
    """A finished build in its staging directory, not yet swapped into place."""

    report: BuildReport
    validation: ValidationReport
    staging: Path
    started: float = 0.0
    profile: Profile = field(default_factory=Profile)
    duplicates: list[Duplicate] = field(default_factory=list)  # left out by ``selector``
    base: str = DEFAULT_BASE
    patched: bool = False  # graph.nt and the store were patched from the previous build

    @property
    def graph(self) -> Graph:
        """The merged graph as rdflib (parsed on demand: slow and large on a big corpus)."""
        graph = bind_prefixes(Graph())
        graph.parse(self.staging / NT_FILE, format="nt")
        return graph


def build_graph(paths: Iterable[Path], base: str = DEFAULT_BASE,
                progress: Progress | None = None, curation: Curation | None = None,
                out: Path | None = None, jobs: int | None = None,
                doc_timeout: float = DOC_TIMEOUT_S, selector: Selector | None = None,
                records: bool = False, sources: Iterable[Path] = ()) -> BuildResult:
    """Everything but the swap: the merged, validated graph and store, in a staging directory.

    With ``out`` the cache of the previous build there is reused (pass it: without it every
    document is processed again). ``jobs`` worker processes (default: CPU count, or
    ``LIBGRAPH_JOBS``) read, extract and validate documents; one that takes longer than
    ``doc_timeout`` seconds fails with that reason. ``selector`` chooses which read
    documents to extract (the de-duplication seam; default: copies are left out). With
    ``records`` the ``paths`` hold extraction records (JSON) to build instead of extracting,
    their source documents looked up beside them and in ``sources``.
    """
    started = time.perf_counter()
    roots = tuple(Path(p) for p in paths)
    if curation is None:
        curation = Curation.for_corpus(default_curation_path(), list(roots))
    settings = Settings(roots, base, curation, out, job_count(jobs), doc_timeout, progress,
                        selector, records, tuple(Path(p) for p in sources))
    staging = staging_dir(out)
    state: BuildState | None = None
    try:
        state = BuildState(settings, staging, DocCache(
            staging / CACHE_DIR, out.resolve() / CACHE_DIR if out else None))
        _run_stages(state)
    except BaseException:
        if state is not None and state.early_store is not None:
            state.early_store.cancel()
        cancel_jobs(staging)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    assert state is not None and state.validation is not None
    state.report.timings = state.profile.timings()
    state.report.seconds = round(time.perf_counter() - started, 3)
    result = BuildResult(state.report, state.validation, staging, started, state.profile,
                         state.duplicates, settings.base,
                         state.merged is not None and state.merged.delta is not None)
    # A result dropped without write_build() takes its staging directory (and the writers
    # still filling it) with it.
    weakref.finalize(result, _discard, staging)
    return result


def _discard(staging: Path) -> None:
    cancel_jobs(staging)
    shutil.rmtree(staging, ignore_errors=True)


def _run_stages(state: BuildState) -> None:
    """The stages in order; each fills its own fields of ``state`` (see ``state.py``)."""
    stage = state.profile.stage
    with stage("plan"):
        plan_documents(state)
        if pool_size(state.settings.jobs, len(state.todo)):  # the workers will be wanted:
            prestart(state.settings.jobs)  # they load beside the static piece
        plan_static(state)
    with Workers(state) as workers:
        if wanted(state, bool(workers.processes)):  # the store loads while workers extract
            state.early_store = start_early_store(state)
        with stage("read"):
            read(state, workers)
        with stage("select"):
            select(state)
        with stage("extract"):  # and per document: resolve, triples, validate
            extract(state, workers)
            workers.close()
    with stage("triples"):
        triples(state)
    with stage("validate"):
        validate(state)
        finish_report(state)
        close_store(state)


def build(paths: Iterable[Path], out: Path, base: str = DEFAULT_BASE,
          progress: Progress | None = None, curation: Curation | None = None,
          jobs: int | None = None, doc_timeout: float = DOC_TIMEOUT_S) -> BuildReport:
    """Build and write; returns the report (also written as ``report.json``)."""
    result = build_graph(paths, base, progress, curation, out=out, jobs=jobs,
                         doc_timeout=doc_timeout)
    write_build(result, out)
    return result.report


def default_curation_path() -> Path:
    """``data/curation/curation.toml`` of the working directory, else the shipped one."""
    local = Path("data/curation/curation.toml")
    return local if local.exists() else resource("data", "curation", "curation.toml")
