"""Every link leads somewhere: a crawl of every internal link of the demo site.

Starting from the home page, every ``href`` and ``src`` that stays on the site is fetched
(HTML pages are parsed for more links), and none may answer 404 or 5xx. Lists and search
toggle facets in their links, so any combination could be reached; the crawl follows
filtered list and search links with one filter, which reaches every facet value once.
"""

from __future__ import annotations

from collections import deque
from urllib.parse import parse_qsl, urldefrag, urlsplit

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient

FILTERED = ("/meetings", "/people", "/organisations", "/projects", "/search")
FILTER_KEYS = {"country", "year", "type", "role", "topic", "kind", "org"}
SEEDS = ("/", "/search?q=bibliotek*", "/search?q=Tromsø", "/queries", "/sparql")
LIMIT = 60_000


@pytest.fixture(scope="module")
def client(explorer: Flask) -> FlaskClient:
    return explorer.test_client()


def _follow(url: str) -> bool:
    """Whether the crawl fetches ``url`` (the site's own, at most one facet filter)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    if parts.path.removesuffix(".json") in FILTERED:
        return sum(1 for k, _v in parse_qsl(parts.query) if k in FILTER_KEYS) <= 1
    return True


def _links(body: str) -> list[str]:
    tree = lxml.html.fromstring(body)
    found = tree.xpath("//a/@href | //link/@href | //script/@src | //img/@src | //form/@action")
    return [urldefrag(h)[0] for h in found if h and not h.startswith(("#", "mailto:"))]


def test_every_internal_link_answers(client: FlaskClient) -> None:
    queue, seen, broken = deque(SEEDS), set(SEEDS), []
    kinds: dict[str, int] = {}
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        response = client.get(url, headers={"Accept": "text/html"})
        if response.status_code == 404 or response.status_code >= 500:
            broken.append((url, response.status_code))
            continue
        target = response.headers.get("Location")
        if target and target not in seen and _follow(target):
            seen.add(target)
            queue.append(target)
        kind = urlsplit(url).path.split("/")[1] or "home"
        kinds[kind] = kinds.get(kind, 0) + 1
        if response.mimetype != "text/html":
            continue
        for link in _links(response.get_data(as_text=True)):
            if link not in seen and _follow(link):
                seen.add(link)
                queue.append(link)
    assert broken == []
    assert len(seen) < LIMIT, "the crawl did not finish"
    # the crawl reached every kind of page
    assert {"home", "id", "vocab", "meetings", "people", "organisations", "projects", "search",
            "network", "static", "resource"} <= set(kinds), kinds
