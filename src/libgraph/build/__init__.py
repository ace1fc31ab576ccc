"""``libgraph build``: ingest, extract, map, validate and store a corpus of minutes.

The graph of a corpus is the union of one piece per document and the static part (ontology,
vocabularies, gazetteer): the mapping of a document reads nothing of other documents, and
things that recur (a person's full name, an organisation, a project) merge because they get
the same IRI. So the build works piece by piece, in stages (``docs/architecture.md``):

=========  ==============================================================  ================
stage      what it does                                                    module
=========  ==============================================================  ================
plan       discover files, key them, take unchanged ones from the cache   ``plan.py``
read       ingest each new or changed file (worker processes)             ``read.py``
select     the de-duplication seam: which read documents to extract       ``read.py``
extract    per document: extraction, then resolve, triples, validate      ``extract.py``
resolve    per document: the curation file applied                        ``resolve.py``
triples    per document: a sorted N-Triples piece; then graph.nt, store   ``triples.py``
validate   per document: SHACL of the piece; then across documents        ``validate.py``
write      graph.ttl, report.json, the atomic swap into place             ``write.py``
=========  ==============================================================  ================

``state.py`` holds the one object passed from stage to stage, ``cache.py`` the content-hash
cache of pieces, ``incremental.py`` the patching of the previous build, ``workers.py`` the
process pool, ``profile.py`` the wall and CPU time per stage.
"""

from .cache import CACHE_DIR, DocCache, DocRecord, code_version
from .incremental import INCREMENTAL_MAX_SHARE, MANIFEST_FILE
from .ntriples import TripleSink
from .pipeline import BuildResult, build, build_graph, default_curation_path
from .profile import Profile
from .read import keep_all
from .resolve import curation_digest, entry_id
from .state import (
    BuildReport,
    BuildState,
    Duplicate,
    Failure,
    ReadDocument,
    Selector,
    Settings,
    Task,
)
from .triples import STORE_SLICE_LINES, load_store, merge_sorted
from .workers import DOC_TIMEOUT_S, POOL_MIN_DOCUMENTS
from .write import write_build

__all__ = [
    "CACHE_DIR", "DOC_TIMEOUT_S", "INCREMENTAL_MAX_SHARE", "MANIFEST_FILE",
    "POOL_MIN_DOCUMENTS", "STORE_SLICE_LINES", "BuildReport", "BuildResult",
    "BuildState", "DocCache", "DocRecord", "Duplicate", "Failure", "Profile", "ReadDocument",
    "Selector", "Settings", "Task", "TripleSink", "build", "build_graph", "code_version",
    "curation_digest", "default_curation_path", "entry_id", "keep_all", "load_store",
    "merge_sorted", "write_build",
]
