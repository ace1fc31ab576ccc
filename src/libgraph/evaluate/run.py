"""Extract a set of documents and score them against a gold directory (``libgraph evaluate``).

Kept apart from the command line so the command stays a few lines and other callers (the
dev-corpus test, notebooks) score the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from libgraph.evaluate.corpus import load_gold_dir, pair_records, score_corpus
from libgraph.evaluate.scores import CorpusScore


def evaluate_paths(paths: Iterable[Path], gold: Path,
                   skipped: Callable[[str], None] = lambda _message: None
                   ) -> tuple[CorpusScore, dict[str, str]]:
    """The corpus score of every document under ``paths`` against the gold files in
    ``gold``, and each document's normalised text by name (for the error report's quotes).
    A file that cannot be read is reported through ``skipped`` and scores as all-missed."""
    from libgraph.extract import extract
    from libgraph.ingest import IngestError, discover, read_document

    records, texts = [], {}
    for path in discover(list(paths)):
        try:
            document = read_document(path)
        except IngestError as err:
            skipped(f"skipped {err}")
            continue
        records.append(extract(document).to_dict())
        texts[document.name] = document.text
    return score_corpus(pair_records(load_gold_dir(gold), records)), texts
