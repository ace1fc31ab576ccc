"""Stage *resolve* (per document): apply the curation file to one extraction record.

Curation entries accept, reject or correct what the extractor found (``resolve/curation.py``);
which entries matched is kept in the document's cache record, so that the report can name the
entries that matched nothing in the whole corpus without applying them again.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..resolve.curation import Curation, Entry


def entry_id(entry: Entry) -> str:
    """A curation entry's identity: its action and data (not its position in the file)."""
    return json.dumps([entry.action, entry.data], sort_keys=True, ensure_ascii=False,
                      default=str)


def curation_digest(curation: Curation, name: str) -> str:
    """Hash of the curation entries that can apply to document ``name``, in file order
    (part of the document's cache key: editing an entry redoes only the documents it names)."""
    ids = [entry_id(e) for e in curation.entries if e.document in (None, name)]
    return hashlib.sha256("\x1e".join(ids).encode("utf-8")).hexdigest()


def curate(curation: Curation, extracted: Any) -> tuple[Any, list[str]]:
    """The curated extraction record and the ids of the entries that matched in it."""
    for entry in curation.entries:
        entry.matched = False
    curated = curation.apply(extracted)
    return curated, [entry_id(e) for e in curation.entries if e.matched]
