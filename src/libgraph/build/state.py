"""What the build stages hand on to each other: settings, tasks and one state object.

Each stage reads the fields that earlier stages filled and fills its own; none goes back to
change what an earlier stage produced, so the fields below are in the order they are filled.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ingest.duplicates import SKETCH, shingles
from .profile import Profile

if TYPE_CHECKING:
    from ..ingest.model import Document
    from ..resolve.curation import Curation
    from ..validate import ValidationReport
    from .cache import DocCache, DocRecord
    from .incremental import Merged
    from .static import StaticPiece
    from .triples import EarlyStore

Progress = Callable[[str], None]
#: The de-duplication seam: read documents -> (those to extract, those left out as copies).
Selector = Callable[[list["ReadDocument"]], tuple[list["ReadDocument"], list["Duplicate"]]]


@dataclass
class Failure:
    """A file that gave no graph, with the reason the report prints."""

    path: str
    reason: str


@dataclass
class BuildReport:
    """What ``report.json`` holds and the command line prints."""

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
    # Files left out by the select stage as copies: {"path": ..., "of": the one built}.
    duplicates: list[dict[str, str]] = field(default_factory=list)
    # Each SHACL violation with the document it came from and the words of its focus node:
    # {"document", "focus", "words", "shape", "message"} (a violation is a bug in libgraph).
    violations: list[dict[str, str]] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return bool(self.validation.get("conforms"))

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Settings:
    """Everything the caller decides; fixed for the whole build."""

    roots: tuple[Path, ...]
    base: str
    curation: Curation
    out: Path | None
    jobs: int
    timeout: float
    progress: Progress | None = None
    selector: Selector | None = None  # None: leave out copies (``read.deduplicate``)
    # Build from extraction records (JSON, ``libgraph.records``) found under ``roots``, their
    # source documents looked up beside them and in ``sources``, instead of extracting.
    records: bool = False
    sources: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Task:
    """One document to process: where it is and the key its results are cached under."""

    index: int
    path: Path
    root: Path | None
    key: str
    language: str | None = None  # declared by an override file (found by plan), else None


@dataclass
class ReadDocument:
    """A document the read stage could read, with its task (the key to cache it under)."""

    task: Task
    document: Document
    record: Any = None  # a MinutesRecord given instead of extracting (``build --records``)
    # The text's shingle hashes, sorted (``ingest.duplicates.shingles``), and their bottom-k
    # sketch, made in the read worker so that the select stage only compares them (the
    # hashes are dropped once it has; the cache record keeps the sketch).
    shingles: array[int] | None = None
    sketch: tuple[int, ...] = ()

    def hash_words(self) -> None:
        """Fill ``shingles`` and ``sketch`` from the document's text."""
        self.shingles = array("Q", sorted(shingles(self.document.text)))
        self.sketch = tuple(self.shingles[:SKETCH])


@dataclass
class Duplicate:
    """A read document left out because it copies another (``kept`` is that one's path)."""

    path: str
    kept: str
    reason: str = ""


@dataclass
class BuildState:
    """The one object passed from stage to stage (fields in the order the stages fill them)."""

    settings: Settings
    staging: Path
    cache: DocCache
    report: BuildReport = field(default_factory=BuildReport)
    profile: Profile = field(default_factory=Profile)
    # plan
    static: StaticPiece | None = None
    planned: list[Task | Failure] = field(default_factory=list)
    records: dict[int, DocRecord] = field(default_factory=dict)
    todo: list[Task] = field(default_factory=list)
    # the store, when it is loaded during extraction (``triples.EarlyStore``)
    early_store: EarlyStore | None = None
    # read, then select (the de-duplication seam)
    documents: list[ReadDocument] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    # triples (the merged graph.nt and store), validate
    merged: Merged | None = None
    validation: ValidationReport | None = None

    @property
    def ok_tasks(self) -> list[Task]:
        """Tasks whose document gave a graph, in discovery order."""
        return [t for t in self.planned if isinstance(t, Task) and t.index in self.records
                and self.records[t.index].ok]
