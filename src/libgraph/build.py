"""``libgraph build``: ingest, extract, map, validate and store a corpus of minutes.

The graph of a corpus is the union of one piece per document and the static part (ontology,
vocabularies, gazetteer): the mapping of a document reads nothing of other documents, and
things that recur (a person's full name, an organisation, a project) merge because they get
the same IRI. So the build works piece by piece, which is what lets it scale:

1. per document, in worker processes: ingest → extract → curation → map → sorted N-Triples →
   SHACL of the piece with the static nodes it references (``validate.validate_piece``);
   the result is cached under a hash of everything it depends on (``cache.py``), so a
   rebuild redoes only new or changed documents;
2. the pieces of the current corpus (only those: a removed document's facts go with it) are
   merged as sorted, unique N-Triples (``graph.nt``) and bulk-loaded into the Oxigraph store;
3. the constraints that a union can break (``sh:maxCount``...) are checked on the merged
   store for the nodes that several pieces describe (``validate.cross_document_violations``).

Everything is written to a temporary directory next to the output and swapped in only when
complete, so an interrupted or failed build never leaves a half-written graph in place of the
previous one. A bad file is reported with its reason and the build goes on with the rest.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import itertools
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from . import sortedfile, turtle
from .cache import CACHE_DIR, DocCache, DocRecord, code_version, document_key, file_digest
from .ingest import IngestError, discover, language_override, read_document
from .ns import DEFAULT_BASE, PREFIXES, bind_prefixes
from .resolve.curation import Curation, Entry
from .resources import resource
from .store import NT_FILE, REPORT_FILE, STORE_DIR, TTL_FILE, write_store
from .validate import (
    StaticContext,
    ValidationReport,
    Violation,
    cross_document_violations,
    engine_name,
    merge_reports,
    piece_terms,
    validate_ntriples,
    validate_piece,
)

Progress = Callable[[str], None]
# Below this many documents to (re-)extract, worker start-up costs more than it saves.
POOL_MIN_DOCUMENTS = 8
# A document that takes longer than this to extract and map fails instead of stalling the
# build (some recognisers are quadratic on pathological input such as a 1 MB line).
DOC_TIMEOUT_S = 120.0


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
    reused: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return bool(self.validation.get("conforms"))

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class BuildResult:
    """A finished build in its staging directory, not yet swapped into place."""

    report: BuildReport
    validation: ValidationReport
    staging: Path
    started: float = 0.0

    @property
    def graph(self) -> Graph:
        """The merged graph as rdflib (parsed on demand: slow and large on a big corpus)."""
        graph = bind_prefixes(Graph())
        graph.parse(self.staging / NT_FILE, format="nt")
        return graph


@dataclass(frozen=True)
class Task:
    """One document to process: everything the worker needs and the key to cache it under."""

    index: int
    path: Path
    root: Path | None
    key: str


# -- the build -------------------------------------------------------------------------------

def build_graph(paths: Iterable[Path], base: str = DEFAULT_BASE,
                progress: Progress | None = None, curation: Curation | None = None,
                out: Path | None = None, jobs: int | None = None,
                doc_timeout: float = DOC_TIMEOUT_S) -> BuildResult:
    """Everything but the swap: the merged, validated graph and store, in a staging directory.

    With ``out`` the cache of the previous build there is reused (pass it: without it every
    document is processed again). ``jobs`` worker processes (default: CPU count, or
    ``LIBGRAPH_JOBS``) extract and validate documents; one that takes longer than
    ``doc_timeout`` seconds fails with that reason.
    """
    started = time.perf_counter()
    report = BuildReport()
    roots = [Path(p) for p in paths]
    if curation is None:
        curation = Curation.for_corpus(default_curation_path(), roots)
    staging = _staging_dir(out)
    try:
        clock = _Clock(report.timings)
        cache = DocCache(staging / CACHE_DIR, out.resolve() / CACHE_DIR if out else None)
        version = code_version(engine_name())
        static = _static_piece(cache, base, version)
        version += f"|timeout={doc_timeout:g}"  # a timed-out document is cached as failed
        clock("static")
        tasks = _tasks(roots, report, base, version, curation)
        clock("discover")
        records = _run(tasks, cache, static, (base, curation, doc_timeout), progress, jobs,
                       report)
        clock("documents")
        validation = _merge(records, tasks, static, cache, staging, report, clock)
        _finish_report(report, records, tasks, curation, validation, staging)
    except BaseException:
        _cancel_turtle(staging)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.seconds = round(time.perf_counter() - started, 3)
    result = BuildResult(report, validation, staging, started)
    # A result dropped without write_build() takes its staging directory with it.
    weakref.finalize(result, shutil.rmtree, str(staging), True)
    return result


class _Clock:
    """Seconds per build stage, for the report and the benchmarks."""

    def __init__(self, into: dict[str, float]) -> None:
        self.into, self.last = into, time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.into[stage] = round(now - self.last, 3)
        self.last = now


def _staging_dir(out: Path | None) -> Path:
    """A new directory beside ``out`` (same file system, so the swap is a rename)."""
    if out is None:
        return Path(tempfile.mkdtemp(prefix=".libgraph-build-"))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))


def default_curation_path() -> Path:
    """``data/curation/curation.toml`` of the working directory, else the shipped one."""
    local = Path("data/curation/curation.toml")
    return local if local.exists() else resource("data", "curation", "curation.toml")


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


def _tasks(roots: list[Path], report: BuildReport, base: str, version: str,
           curation: Curation) -> list[Task | Failure]:
    """A task per discovered file, keyed by content; files that cannot be keyed fail here."""
    out: list[Task | Failure] = []
    seen: set[Path] = set()
    for path in _files(roots, report):
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        root = _root_of(path, roots)
        try:
            language = language_override(path, root)
            digest = file_digest(path)
        except IngestError as err:
            out.append(Failure(str(err.path), err.reason))
            continue
        except OSError as err:
            out.append(Failure(str(path), f"unreadable ({err.strerror or err})"))
            continue
        key = document_key(digest, path.name, language, base, version,
                           curation_digest(curation, path.name))
        out.append(Task(len(out), path, root, key))
    return out


def entry_id(entry: Entry) -> str:
    """A curation entry's identity: its action and data (not its position in the file)."""
    return json.dumps([entry.action, entry.data], sort_keys=True, ensure_ascii=False,
                      default=str)


def curation_digest(curation: Curation, name: str) -> str:
    """Hash of the curation entries that can apply to document ``name``, in file order."""
    ids = [entry_id(e) for e in curation.entries if e.document in (None, name)]
    return hashlib.sha256("\x1e".join(ids).encode("utf-8")).hexdigest()


# -- per document ----------------------------------------------------------------------------

def _run(tasks: list[Task | Failure], cache: DocCache, static: _Static,
         settings: tuple[str, Curation, float], progress: Progress | None, jobs: int | None,
         report: BuildReport) -> dict[int, DocRecord]:
    """Records of every task: from the cache where possible, else processed (in parallel)."""
    records: dict[int, DocRecord] = {}
    todo: list[Task] = []
    for task in tasks:
        if isinstance(task, Failure):
            continue
        record = cache.get(task.key)
        if record is None:
            todo.append(task)
            continue
        records[task.index] = record
        report.reused += 1
        if progress:
            progress(task.path.name)
    workers = _jobs(jobs)
    base, curation, timeout = settings
    args = (str(cache.new), str(static.nt), base, curation, timeout)
    if workers > 1 and len(todo) >= POOL_MIN_DOCUMENTS:
        records.update(_run_pool(todo, args, workers, progress))
    else:
        _init_worker(*args)
        for task in todo:
            records[task.index] = _process(task)
            if progress:
                progress(task.path.name)
    return records


def _jobs(jobs: int | None) -> int:
    if jobs is None:
        jobs = int(os.environ.get("LIBGRAPH_JOBS", "0")) or (os.cpu_count() or 1)
    return max(1, jobs)


def _run_pool(todo: list[Task], args: tuple[Any, ...], workers: int,
              progress: Progress | None) -> dict[int, DocRecord]:
    """Process ``todo`` in worker processes, a bounded number of tasks in flight.

    Workers come from a fork server (a fresh interpreter), not from a fork of this process,
    which may have started native thread pools (Oxigraph, the SHACL engine) that a fork
    would copy in a broken state.
    """
    context = multiprocessing.get_context(_start_method())
    records: dict[int, DocRecord] = {}
    pending = iter(todo)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=args) as pool:
        running: dict[Future[DocRecord], Task] = {}
        for task in _take(pending, workers * 4):
            running[pool.submit(_process, task)] = task
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                task = running.pop(future)
                records[task.index] = future.result()
                if progress:
                    progress(task.path.name)
                for nxt in _take(pending, 1):
                    running[pool.submit(_process, nxt)] = nxt
    return records


def _start_method() -> str:
    """forkserver (or spawn), unless the main program cannot be imported again by a fresh
    worker (code typed or piped into Python): then fork, the only method that works there."""
    methods = multiprocessing.get_all_start_methods()
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    importable = getattr(main, "__spec__", None) is not None or path is None or \
        Path(path).is_file()
    if not importable and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _take(items: Iterator[Task], count: int) -> list[Task]:
    out = []
    for item in items:
        out.append(item)
        if len(out) == count:
            break
    return out


class _Worker:
    """What one process needs to turn documents into cached pieces."""

    timeout: float = DOC_TIMEOUT_S

    def __init__(self, cache_dir: str, static_nt: str, base: str, curation: Curation) -> None:
        from .rdf.mapping import GraphBuilder

        self.cache = DocCache(Path(cache_dir))
        self.builder = GraphBuilder(_TripleSink(), base)  # type: ignore[arg-type]
        lines = Path(static_nt).read_text(encoding="utf-8").split("\n")
        self.context = StaticContext(line for line in lines if line)
        self.curation = curation
        _warm_up()


def _warm_up() -> None:
    """Load the language models and lexicons now, so that the per-document time limit
    measures the document and not the first use of the extractor."""
    import hashlib

    from .extract import extract
    from .ingest import detect_language
    from .ingest.model import Document

    # A few hundred characters, like real minutes: lingua reads such texts with a few of its
    # models, while a short one makes it load all of them (2-5 s instead of 0.3 s).
    text = ("Chefsmöte 2019-03-04\n\nNärvarande: Anna Berg, Växjö kommun, och Per Lund, "
            "Region Kronoberg\n\nMötet beslutade att fortsätta arbetet med läsfrämjande.\n") * 4
    detect_language(text)
    extract(Document(path=Path("warm-up.txt"), name="warm-up.txt", text=text,
                     sha256=hashlib.sha256(text.encode()).hexdigest(), language="sv",
                     format="txt"))


_WORKER: list[_Worker] = []


def _init_worker(cache_dir: str, static_nt: str, base: str, curation: Curation,
                 timeout: float = DOC_TIMEOUT_S) -> None:
    _WORKER[:] = [_Worker(cache_dir, static_nt, base, curation)]
    _WORKER[0].timeout = timeout


class _TooSlow(BaseException):
    """Raised by the alarm when one document takes longer than the limit (a BaseException,
    so that the extractor's and the build's ``except Exception`` do not swallow it)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM after ``seconds`` (POSIX, main thread only; elsewhere no limit)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def alarm(_signum: int, _frame: Any) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _process(task: Task) -> DocRecord:
    """Ingest, extract, curate, map and validate one document; cache and return its record."""
    worker = _WORKER[0]
    record = DocRecord(path=str(task.path), name=task.path.name, ok=False)
    try:
        with _time_limit(worker.timeout):
            lines = _extract_and_map(worker, task, record)
    except _TooSlow:
        record.ok, lines = False, []
        record.reason = (f"extraction took longer than {worker.timeout:g} s (pathological "
                         "input, e.g. a very long line)")
    if record.ok:
        terms = piece_terms(lines)
        record.triples = len(lines)
        record.violations = [asdict(v) for v in validate_piece(lines, worker.context, terms)]
        record.shared = _non_local_subjects(terms.subject_iris(), record.sha256)
    worker.cache.put(task.key, record, _nt_bytes(lines))
    return record


def _extract_and_map(worker: _Worker, task: Task, record: DocRecord) -> list[str]:
    """Ingest, extract, curate and map; failures are written into ``record``."""
    from .extract import extract

    lines: list[str] = []
    try:
        document = read_document(task.path, root=task.root)
        for entry in worker.curation.entries:
            entry.matched = False
        extracted = worker.curation.apply(extract(document))
        record.curation = [entry_id(e) for e in worker.curation.entries if e.matched]
        record.sha256 = document.sha256
        if not extracted.meetings:
            record.reason = "no meeting found"
        else:
            lines = _map(worker, document, extracted)
            record.ok = True
    except IngestError as err:
        record.reason = err.reason
    except Exception as err:  # an extractor bug fails one document, not the build
        record.ok, lines = False, []
        record.reason = f"internal error in extraction or mapping: {type(err).__name__}: {err}"
    return lines


def _map(worker: _Worker, document: Any, extracted: Any) -> list[str]:
    sink = _TripleSink()
    worker.builder.graph = sink  # type: ignore[assignment]
    worker.builder.add(document, extracted)
    return sink.lines()


class _TripleSink:
    """Just enough of an rdflib Graph for the mapper: a set of triples, no indexes.

    The mapper only adds triples; rdflib's memory store spends most of the mapping time
    keeping indexes that a per-document piece never reads.
    """

    def __init__(self) -> None:
        self.triples: set[tuple[Any, Any, Any]] = set()

    def add(self, triple: tuple[Any, Any, Any]) -> _TripleSink:
        self.triples.add(triple)
        return self

    def bind(self, *_args: Any, **_kwargs: Any) -> None:
        return None

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[tuple[Any, Any, Any]]:
        return iter(self.triples)

    def lines(self) -> list[str]:
        """Sorted, unique N-Triples lines, exactly as rdflib's N-Triples serializer writes."""
        memo: dict[Any, str] = {}
        return sorted({f"{_term(s, memo)} {_term(p, memo)} {_term(o, memo)} ."
                       for s, p, o in self.triples})


_BAD_IRI = re.compile(r'[<>" {}|\\^`]')


def _term(term: Any, memo: dict[Any, str]) -> str:
    """One term as rdflib's N-Triples serializer (``_nt_row``) writes it, memoised."""
    if type(term) is URIRef:
        text = memo.get(term)
        if text is None:
            if _BAD_IRI.search(term):
                raise ValueError(f'"{term}" does not look like a valid URI')
            text = memo[term] = f"<{term}>"
        return text
    if isinstance(term, Literal):
        lexical = term.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
        encoded = '"' + lexical.replace("\r", "\\r") + '"'
        if term.language:
            return f"{encoded}@{term.language}"
        if term.datatype:
            return f"{encoded}^^<{term.datatype}>"
        return encoded
    return term.n3()


def _nt_lines(lines: Iterable[str]) -> list[bytes]:
    """Lines as graph.nt holds them (see :func:`_nt_bytes`), without newlines."""
    return [line.encode("utf-8", "_rdflib_nt_escape") for line in lines]


def _nt_bytes(lines: list[str]) -> bytes:
    if not lines:
        return b""
    return ("\n".join(lines) + "\n").encode("utf-8", "_rdflib_nt_escape")


def _non_local_subjects(subjects: list[str], sha: str) -> list[str]:
    """Subjects that other pieces may describe too.

    Things that exist only within one document (the minutes, meetings, mentions, decisions,
    grants, people known by a first name) have IRIs with the document's hash in them
    (``rdf/iris.py``); everything else may recur. Documents with the same text share even
    those, and the merge step handles that case from their full pieces.
    """
    marker = sha[:6]
    return [s for s in subjects if marker not in s]


# -- the static piece ------------------------------------------------------------------------

@dataclass
class _Static:
    nt: Path
    violations: list[Violation]
    lines: list[str]


def _static_piece(cache: DocCache, base: str, version: str) -> _Static:
    """Ontology, vocabularies and gazetteer as sorted N-Triples, validated once and cached."""
    from .rdf.mapping import static_graph

    key = hashlib.sha256(f"static\x1f{base}\x1f{version}".encode()).hexdigest()
    record = cache.get(f"static-{key}")
    nt = cache.nt_path(f"static-{key}")
    if record is not None:
        lines = [line for line in nt.read_text(encoding="utf-8").split("\n") if line]
        return _Static(nt, [Violation(**v) for v in record.violations], lines)  # type: ignore[arg-type]
    sink = _TripleSink()
    for triple in static_graph(base):
        sink.add(triple)
    lines = sink.lines()
    text = "\n".join(lines) + "\n"
    violations = list(validate_ntriples(text).violations)
    record = DocRecord(path="(static)", name="static", ok=True, triples=len(lines),
                       violations=[asdict(v) for v in violations])
    cache.put(f"static-{key}", record, _nt_bytes(lines))
    return _Static(nt, violations, lines)


# -- merging ---------------------------------------------------------------------------------

MANIFEST_FILE = "pieces.json"
# Above this share of changed pieces a full merge and store load is as quick as patching.
INCREMENTAL_MAX_SHARE = 0.05


def _merge(records: dict[int, DocRecord], tasks: list[Task | Failure], static: _Static,
           cache: DocCache, staging: Path, report: BuildReport, clock: _Clock
           ) -> ValidationReport:
    """graph.nt and the store from the pieces of this corpus, and the validation verdict.

    When the previous build in ``out`` differs by a few pieces, its graph.nt and store are
    patched (the triples that only the removed pieces had are deleted, the new pieces' added)
    instead of merged and loaded again; the result is the same graph either way.
    """
    ok = [t for t in tasks if isinstance(t, Task) and records[t.index].ok]
    keys = [t.key for t in ok]
    previous = _previous_build(cache, static)
    delta = None
    if previous is not None and _patchable(previous, keys):
        delta = _patch(previous, ok, records, static, cache, staging, clock)
    else:
        pieces = [static.nt] + [cache.nt_path(k) for k in keys]
        merge_sorted(pieces, staging / NT_FILE)
        clock("merge")
        _start_turtle(staging)  # on the other core, while this one loads the store
        load_store(staging, staging / NT_FILE)
        clock("store")
    if delta is not None and previous is not None and turtle.patch(
            previous.root / TTL_FILE, staging / NT_FILE, delta.subjects, staging / TTL_FILE,
            _prefixes()) is None:
        _start_turtle(staging)
    store = ox.Store.read_only(str(staging / STORE_DIR))
    try:
        cross = _cross_document(store, ok, records, static, cache, previous, delta)
        clock("cross-document")
        report.classes = _classes(store, previous, delta)
        clock("classes")
    finally:
        del store  # no cycles hold a store: this closes it
    report.triples = _triples(staging, previous, delta)
    (staging / MANIFEST_FILE).write_text(json.dumps({
        "static": static.nt.name, "pieces": keys, "classes": report.classes,
        "cross": [asdict(v) for v in cross], "triples": report.triples}, ensure_ascii=False))
    per_doc = [Violation(**v) for t in ok for v in records[t.index].violations]  # type: ignore[arg-type]
    return merge_reports(static.violations, per_doc, cross)


# Oxigraph's bulk loader holds about 650 bytes per triple of one call in memory (1.1 GiB for
# the 1.7 M triples of 1,000 documents); loading in slices of this many lines bounds it.
STORE_SLICE_LINES = 1_000_000


def load_store(build_dir: Path, ntriples: Path) -> None:
    """``store.write_store``, with the bulk load done in slices when the graph is large."""
    if _count_lines(ntriples) <= STORE_SLICE_LINES:
        write_store(build_dir, ntriples)
        return
    store = ox.Store(str(build_dir / STORE_DIR))
    try:
        with ntriples.open("rb") as handle:
            while True:
                chunk = b"".join(itertools.islice(handle, STORE_SLICE_LINES))
                if not chunk:
                    break
                store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        store.optimize()
    finally:
        del store
        gc.collect()


@dataclass
class _Delta:
    """What patching changed: the subjects of added and removed triples, the class counts."""

    subjects: set[str]
    classes: Counter[str]
    triples: int  # added minus removed


def _cross_document(store: ox.Store, ok: list[Task], records: dict[int, DocRecord],
                    static: _Static, cache: DocCache, previous: _Previous | None,
                    delta: _Delta | None) -> list[Violation]:
    """Cross-document violations; after a patch, only the touched nodes are checked again
    (a node's anti-monotone constraints read its own triples, which only the pieces that
    describe it can change)."""
    shared = _shared_subjects([records[t.index] for t in ok], [cache.nt_path(t.key)
                                                                for t in ok], static)
    axioms = [line for line in static.lines
              if " <http://www.w3.org/2000/01/rdf-schema#subClassOf> " in line]
    old = previous.manifest.get("cross") if previous is not None else None
    if delta is None or old is None:
        return cross_document_violations(store, shared, axioms)
    kept = [Violation(**v) for v in old if v["focus"] not in delta.subjects]
    touched = [s for s in shared if s in delta.subjects]
    return kept + cross_document_violations(store, touched, axioms)


def _triples(staging: Path, previous: _Previous | None, delta: _Delta | None) -> int:
    """Lines of graph.nt: after a patch, the previous count and the difference (counting
    250 MB of lines again took a quarter of a second)."""
    old = previous.manifest.get("triples") if previous is not None else None
    if delta is None or not isinstance(old, int):
        return _count_lines(staging / NT_FILE)
    return old + delta.triples


def _classes(store: ox.Store, previous: _Previous | None, delta: _Delta | None
             ) -> dict[str, int]:
    old = previous.manifest.get("classes") if previous is not None else None
    if delta is None or old is None:
        return _class_counts(store)
    counts = Counter(old)
    counts.update(delta.classes)
    return dict(sorted((k, n) for k, n in counts.items() if n > 0))


@dataclass
class _Previous:
    """The build being replaced, as far as patching it goes."""

    root: Path
    pieces: list[str]
    manifest: dict[str, Any]


def _previous_build(cache: DocCache, static: _Static) -> _Previous | None:
    if cache.old is None:
        return None
    root = cache.old.parent
    try:
        manifest = json.loads((root / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("static") != static.nt.name or not (root / NT_FILE).is_file() or \
            not (root / STORE_DIR).is_dir():
        return None
    pieces = list(manifest.get("pieces", []))
    if not all((cache.old / f"{k}.nt").is_file() for k in pieces):
        return None
    return _Previous(root, pieces, manifest)


def _patchable(previous: _Previous, keys: list[str]) -> bool:
    changed = len(set(previous.pieces) ^ set(keys))
    return changed <= max(20, INCREMENTAL_MAX_SHARE * len(keys))


def _patch(previous: _Previous, ok: list[Task], records: dict[int, DocRecord],
           static: _Static, cache: DocCache, staging: Path, clock: _Clock) -> _Delta:
    """New graph.nt and store = previous − triples only removed pieces had + added pieces."""
    assert cache.old is not None
    new_keys = {t.key for t in ok}
    removed = [k for k in previous.pieces if k not in new_keys]
    added = sorted(new_keys - set(previous.pieces))
    add_lines = {line for k in added for line in _lines(cache.nt_path(k))}
    removed_lines = {line for k in removed for line in _lines(cache.old / f"{k}.nt")}
    candidates = removed_lines - add_lines
    kept = [t for t in ok if t.key not in set(added)]
    delete = candidates - _still_there(candidates, kept, records, static, cache)
    delete_nt, add_nt = _nt_lines(sorted(delete)), _nt_lines(sorted(add_lines))
    removed_count, added_count = sortedfile.patch(previous.root / NT_FILE, delete_nt, add_nt,
                                                  staging / NT_FILE)
    clock("merge")
    old_store = ox.Store.read_only(str(previous.root / STORE_DIR))
    try:
        old_store.backup(str(staging / STORE_DIR))  # hard links: instant, independent copy
    finally:
        del old_store
    classes: Counter[str] = Counter()
    store = ox.Store(str(staging / STORE_DIR))
    try:
        for quad in _parse_lines(delete_nt):
            store.remove(quad)
            if quad.predicate == _RDF_TYPE:
                classes[_curie(quad.object.value)] -= 1
        new_quads = _parse_lines(add_nt)
        for quad in new_quads:
            if quad.predicate == _RDF_TYPE and next(store.quads_for_pattern(
                    quad.subject, quad.predicate, quad.object, ox.DefaultGraph()), None) is None:
                classes[_curie(quad.object.value)] += 1
        store.extend(new_quads)
        store.flush()
    finally:
        del store
    clock("store")
    subjects = {line[1: line.index(">")] for line in add_lines | removed_lines
                if line.startswith("<")}
    return _Delta(subjects, classes, added_count - removed_count)


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _parse_lines(lines: list[bytes]) -> list[ox.Quad]:
    return list(ox.parse(b"".join(line + b"\n" for line in lines),
                         format=ox.RdfFormat.N_TRIPLES))


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line]


def _still_there(candidates: set[str], kept: list[Task], records: dict[int, DocRecord],
                 static: _Static, cache: DocCache) -> set[str]:
    """The candidate lines that a piece still in the corpus (or the static part) also has.

    Only pieces that describe one of the candidates' subjects can have such a line: pieces
    whose shared subjects include it, or with the same text (the same local IRIs).
    """
    subjects = {line[1: line.index(">")] for line in candidates if line.startswith("<")}
    texts = {m.group(1) for line in candidates for m in _MINUTES_HASH.finditer(line)}
    present = candidates & set(static.lines)
    for task in kept:
        record = records[task.index]
        if subjects.isdisjoint(record.shared) and record.sha256[:16] not in texts:
            continue
        present |= candidates & set(_lines(cache.nt_path(task.key)))
        if present == candidates:
            break
    return present


# The minutes node's IRI holds the first 16 hex digits of the text's hash (rdf/iris.py).
_MINUTES_HASH = re.compile(r"/minutes/([0-9a-f]{16})>")


_TURTLE_JOBS: dict[str, subprocess.Popen[bytes]] = {}


def _prefixes() -> dict[str, str]:
    return {p: str(ns) for p, ns in PREFIXES.items()}


def _start_turtle(staging: Path) -> None:
    """Write graph.ttl from graph.nt in another process, while the store is loaded or checked."""
    args = [f"{p}={ns}" for p, ns in _prefixes().items()]
    _TURTLE_JOBS[str(staging.resolve())] = subprocess.Popen(
        [sys.executable, "-m", "libgraph.turtle", str(staging / NT_FILE),
         str(staging / TTL_FILE), *args])


def _finish_turtle(tmp: Path) -> bool:
    """Wait for the Turtle writer started for ``tmp``; False if there was none."""
    job = _TURTLE_JOBS.pop(str(tmp.resolve()), None)
    if job is None:
        return False
    if job.wait() != 0:
        raise RuntimeError(f"writing {TTL_FILE} failed (exit status {job.returncode})")
    return True


def _cancel_turtle(staging: Path) -> None:
    job = _TURTLE_JOBS.pop(str(staging.resolve()), None)
    if job is not None and job.poll() is None:
        job.kill()
        job.wait()


def _shared_subjects(records: list[DocRecord], pieces: list[Path], static: _Static
                     ) -> list[str]:
    """Subjects that more than one piece describes (the static part counts as a piece)."""
    counts: Counter[str] = Counter()
    for record in records:
        counts.update(record.shared)
    static_subjects = {line[1: line.index(">")] for line in static.lines if line.startswith("<")}
    shared = {s for s, n in counts.items() if n > 1 or s in static_subjects}
    texts = Counter(r.sha256 for r in records)
    for record, piece in zip(records, pieces, strict=True):
        if texts[record.sha256] > 1:  # same text twice: even its local nodes are shared
            with piece.open(encoding="utf-8") as handle:
                shared.update(line[1: line.index(">")] for line in handle
                              if line.startswith("<"))
    return sorted(shared)


def merge_sorted(pieces: list[Path], target: Path) -> None:
    """Merge sorted N-Triples files into one sorted file without duplicates.

    GNU sort merges in C with bounded memory (``LC_ALL=C`` sorts by bytes, which for UTF-8
    is code point order, the order of Python's ``sorted``); without it, a streaming merge.
    """
    pieces = [p for p in pieces if p.stat().st_size > 0]
    sort = shutil.which("sort")
    if sort and _gnu_sort(sort):
        listing = target.with_name(target.name + ".inputs")
        listing.write_bytes(b"\0".join(str(p).encode() for p in pieces) + b"\0")
        env = dict(os.environ, LC_ALL="C")
        tmpdir = str(target.parent)
        subprocess.run([sort, "-m", "-u", "-T", tmpdir, "--files0-from", str(listing),
                        "-o", str(target)], check=True, env=env)
        listing.unlink()
        return
    _python_merge(pieces, target)


def _gnu_sort(sort: str) -> bool:
    try:
        out = subprocess.run([sort, "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return False
    return "GNU" in out.stdout


def _python_merge(pieces: list[Path], target: Path, fan_in: int = 200) -> None:
    """k-way merge in rounds of ``fan_in`` files (to stay under the open-file limit)."""
    round_no = 0
    while len(pieces) > fan_in:
        merged = []
        for start in range(0, len(pieces), fan_in):
            part = target.with_name(f"{target.name}.r{round_no}-{start}")
            _merge_files(pieces[start: start + fan_in], part)
            merged.append(part)
        pieces, round_no = merged, round_no + 1
    _merge_files(pieces, target)


def _merge_files(pieces: list[Path], target: Path) -> None:
    with ExitStack() as stack, target.open("wb") as sink:
        handles = [stack.enter_context(p.open("rb")) for p in pieces]
        last = None
        for line in heapq.merge(*handles):
            if line != last:
                sink.write(line)
                last = line


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            count += chunk.count(b"\n")
    return count


def _class_counts(store: ox.Store) -> dict[str, int]:
    query = ("SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s "
             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?c } GROUP BY ?c")
    counts = {_curie(row["c"].value): int(row["n"].value) for row in store.query(query)}
    return dict(sorted(counts.items()))


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and prefix not in ("id",):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def _finish_report(report: BuildReport, records: dict[int, DocRecord],
                   tasks: list[Task | Failure], curation: Curation,
                   validation: ValidationReport, staging: Path) -> None:
    matched: set[str] = set()
    for task in tasks:
        if isinstance(task, Failure):
            report.failed.append(task)
            continue
        record = records[task.index]
        matched.update(record.curation)
        if record.ok:
            report.documents.append(str(task.path))
        else:
            report.failed.append(Failure(str(task.path), record.reason))
    for entry in curation.entries:
        entry.matched = entry_id(entry) in matched
    report.curation = curation.unmatched()
    report.validation = validation.to_dict() | {"violations": len(validation.violations)}


# -- writing ---------------------------------------------------------------------------------

def write_build(result: BuildResult, out: Path) -> None:
    """Finish the build in its temporary directory, then swap it in atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = result.staging
    if tmp.resolve().parent != out.parent:
        _cancel_turtle(tmp)  # it writes into the directory that is about to move
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        tmp.rmdir()
        shutil.move(str(result.staging), str(tmp))
        result.staging = tmp
    try:
        written = time.perf_counter()
        _write_files(result, tmp)
        result.report.timings["write"] = round(time.perf_counter() - written, 3)
        result.report.out = str(out)
        if result.started:
            result.report.seconds = round(time.perf_counter() - result.started, 3)
        (tmp / REPORT_FILE).write_text(json.dumps(result.report.to_dict(), indent=2,
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
        _swap(tmp, out)
        result.staging = out
    finally:
        _cancel_turtle(tmp)
        shutil.rmtree(tmp, ignore_errors=True)


def _write_files(result: BuildResult, tmp: Path) -> None:
    """graph.ttl from the sorted graph.nt (graph.nt and the store are already there)."""
    if _finish_turtle(tmp) or (tmp / TTL_FILE).is_file():
        return
    turtle.write(tmp / NT_FILE, tmp / TTL_FILE, _prefixes())


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp``; the old build is removed only after the rename."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def build(paths: Iterable[Path], out: Path, base: str = DEFAULT_BASE,
          progress: Progress | None = None, curation: Curation | None = None,
          jobs: int | None = None, doc_timeout: float = DOC_TIMEOUT_S) -> BuildReport:
    """Build and write; returns the report (also written as ``report.json``)."""
    result = build_graph(paths, base, progress, curation, out=out, jobs=jobs,
                         doc_timeout=doc_timeout)
    write_build(result, out)
    return result.report
