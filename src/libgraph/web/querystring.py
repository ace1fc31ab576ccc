"""``urlencode`` for the links a page writes by the hundred (facet toggles, evidence marks).

A list page links each facet value with the page's other parameters, so the same few
``key=value`` pairs are quoted again for every link; here each pair is quoted once per
process. The text is exactly ``urllib.parse.urlencode``'s (``quote_plus`` of the key and of
the value, ``str()`` of anything that is not a string, pairs joined by ``&``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import quote_plus


@lru_cache(maxsize=1 << 14)
def _pair(key: str, value: str) -> str:
    return f"{quote_plus(key)}={quote_plus(value)}"


def encode(pairs: Mapping[str, object] | Iterable[tuple[str, object]]) -> str:
    """``urlencode(pairs)`` for string keys (values of any type, as ``str()`` gives them)."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return "&".join(_pair(k, v if isinstance(v, str) else str(v)) for k, v in items)
