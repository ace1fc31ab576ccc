"""Scoring extraction records against the gold files (``tests/gold/SCHEMA.md``).

Lists are compared as sets after normalisation (case, whitespace, diacritics, surrounding
punctuation), with one-to-one matching so duplicates count as false positives. Persons,
organizations and projects match on name or alias; affiliations, organizers and funders
are read through each side's own organization alias table. Decisions and actions match
fuzzily (content-word Jaccard >= ``TEXT_THRESHOLD``); roles match when equal or when one
contains the other as whole words, because roles are free text ("konsulent" vs
"konsulent fra I Pluss"). Single-valued fields (meeting dates, place, organizer, ...) are
scored as accuracy over gold values, nulls included, plus a non-null accuracy.
"""

from libgraph.evaluate.corpus import load_gold_dir, pair_records, score_corpus, score_document
from libgraph.evaluate.lists import TEXT_THRESHOLD
from libgraph.evaluate.scores import (
    CorpusScore,
    DocumentScore,
    FieldScore,
    ListScore,
    format_table,
)
from libgraph.evaluate.text import normalise

__all__ = [
    "TEXT_THRESHOLD",
    "CorpusScore",
    "DocumentScore",
    "FieldScore",
    "ListScore",
    "format_table",
    "load_gold_dir",
    "normalise",
    "pair_records",
    "score_corpus",
    "score_document",
]
