"""The measures of the comparison, as small pure functions over networkx graphs and sets.

Each returns ``None`` where the measure is undefined (a density of fewer than two nodes, a
centralisation of fewer than three, a modularity without edges) rather than a misleading 0, so
the report can show "–" and say why. Formulas and their reading are in docs/compare.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from random import Random

import networkx as nx
import numpy as np
from scipy import sparse

from ..ns import VOCAB
from .facts import FundingTie, TopicTag

SEED = 42
# Path-based measures (betweenness, hub brokerage) cost about nodes × edges; above this budget
# they use a seeded sample of source nodes ("pivots") instead of all of them.
WORK_BUDGET = 2_000_000
MIN_PIVOTS = 32
HUB_TYPE = str(VOCAB["orgtype/regional_library_agency"])

FUNDER_CATEGORIES = ("national", "regional", "municipal", "eu", "private_foundation", "other")
_FUNDER_CATEGORY_OF_TYPE = {
    "national_agency": "national",
    "national_library": "national",
    "regional_library_agency": "regional",
    "municipality_body": "municipal",
    "public_library": "municipal",
    "school_library": "municipal",
    "international": "eu",
    "foundation": "private_foundation",
    "funder": "private_foundation",
}


# --- network structure ---------------------------------------------------------------------

def density(graph: nx.Graph) -> float | None:
    """Share of possible ties that exist, 2m / (n(n−1)); undefined below two nodes."""
    n = graph.number_of_nodes()
    return None if n < 2 else nx.density(graph)


def mean_degree(graph: nx.Graph) -> float | None:
    """Average number of partners, 2m / n (edge weights ignored)."""
    n = graph.number_of_nodes()
    return None if n == 0 else 2 * graph.number_of_edges() / n


def clustering(graph: nx.Graph) -> float | None:
    """Mean local clustering coefficient (unweighted; 0 for nodes of degree < 2)."""
    return None if graph.number_of_nodes() == 0 else nx.average_clustering(graph)


def components(graph: nx.Graph) -> int:
    """Number of connected components (isolates count as one each)."""
    return nx.number_connected_components(graph) if graph.number_of_nodes() else 0


def largest_component(graph: nx.Graph) -> int:
    """Nodes in the largest connected component."""
    return max((len(c) for c in nx.connected_components(graph)), default=0)


def freeman_centralisation(graph: nx.Graph) -> float | None:
    """Freeman degree centralisation: Σ(d_max − d_i) / ((n−1)(n−2)).

    1 for a star (one node holds every tie), 0 when all degrees are equal; the denominator is
    that sum for a star of the same size, so it is undefined below three nodes."""
    n = graph.number_of_nodes()
    if n < 3:
        return None
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def pivot_count(graph: nx.Graph) -> int | None:
    """None when all sources fit the work budget, else how many sampled sources do."""
    n, m = graph.number_of_nodes(), max(graph.number_of_edges(), 1)
    if n * m <= WORK_BUDGET:
        return None
    return min(n, max(MIN_PIVOTS, WORK_BUDGET // m))


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness (unweighted paths), as ``nx.betweenness_centrality(normalized=True,
    k=pivot_count(graph), seed=SEED)`` computes it, with the same sampled sources when the
    graph is over :data:`WORK_BUDGET` (Brandes–Pich pivots), but each breadth-first search and
    dependency sweep done level by level as sparse matrix–vector products (seconds instead of
    minutes at 200,000 ties; tests check the figures against networkx)."""
    nodes = list(graph)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    k = pivot_count(graph)
    sources = nodes if k is None else Random(SEED).sample(nodes, k)
    index = {v: i for i, v in enumerate(nodes)}
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    scores = np.zeros(n)
    for source in sources:
        scores += _dependencies(adjacency, index[source])
    if k is None:
        scores /= (n - 1) * (n - 2)
    else:
        sampled = np.zeros(n, dtype=bool)
        sampled[[index[s] for s in sources]] = True
        scores /= np.where(sampled, (k - 1) * (n - 2), k * (n - 2)) if k > 1 else np.nan
    return {v: float(scores[i]) for i, v in enumerate(nodes)}


def _dependencies(adjacency: sparse.csr_array, source: int) -> np.ndarray:
    """Brandes' dependencies δ_s(v) of every node on ``source``'s shortest paths:
    δ(v) = Σ over neighbours w one level further of σ(v)/σ(w) · (1 + δ(w))."""
    dist, sigma = _path_counts(adjacency, source)
    delta = np.zeros(len(dist))
    safe = np.where(sigma > 0, sigma, 1.0)
    for level in range(int(dist.max()), 0, -1):
        coef = np.where(dist == level, (1 + delta) / safe, 0.0)
        up = dist == level - 1
        delta[up] += sigma[up] * (adjacency @ coef)[up]
    delta[source] = 0.0
    return delta


def top(scores: Mapping[str, float], k: int = 5, positive: bool = False) -> list[tuple[str, float]]:
    """The ``k`` highest scores, ties broken by IRI so the ranking is reproducible."""
    items = [(node, s) for node, s in scores.items() if s > 0 or not positive]
    return sorted(items, key=lambda item: (-item[1], item[0]))[:k]


def communities(graph: nx.Graph, seed: int = SEED) -> list[set[str]]:
    """Louvain communities on edge ``weight``, with a fixed seed so runs agree."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), sorted(c)))


def modularity(graph: nx.Graph, parts: list[set[str]]) -> float | None:
    """Newman modularity of the partition (weighted); undefined without edges."""
    if graph.number_of_edges() == 0 or not parts:
        return None
    return nx.community.modularity(graph, parts, weight="weight")


# --- dependence on the regional library agency ------------------------------------------

def hub_tie_share(graph: nx.Graph, hubs: Iterable[str]) -> float | None:
    """Share of tie weight on ties with a hub at one end or both: Σ w(hub ties) / Σ w."""
    hubs = set(hubs)
    total = graph.size(weight="weight")
    if total == 0:
        return None
    through = sum(w for u, v, w in graph.edges(data="weight", default=1) if u in hubs or v in hubs)
    return through / total


def hub_brokerage(graph: nx.Graph, hubs: Iterable[str]) -> float | None:
    """Normalised group betweenness of the hubs: over ordered pairs (s, t) of other nodes, the
    mean share of the shortest s–t paths that pass through a hub (0 for unconnected pairs).

    Paths through a hub are counted as σ_st − σ_st(G − hubs), the latter only where avoiding
    the hubs keeps the path shortest: two breadth-first searches per source (sparse
    matrix–vector products level by level, so a 200,000-tie graph takes milliseconds per
    source), and on big graphs the mean is estimated from a seeded sample of sources. This is
    the textbook group betweenness (Everett & Borgatti); networkx's
    ``group_betweenness_centrality`` agrees for a single hub but not always for several
    (tests check against enumerated paths). Undefined without hubs in the graph or with fewer
    than two other nodes."""
    present = {h for h in hubs if h in graph}
    others = sorted(n for n in graph if n not in present)
    if not present or len(others) < 2:
        return None
    k = pivot_count(graph)
    sources = others if k is None or k >= len(others) else Random(SEED).sample(others, k)
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    other = np.array([n not in present for n in nodes])
    keep = sparse.diags(other.astype(float))
    rest = (keep @ adjacency @ keep).tocsr()
    total = 0.0
    for source in sources:
        i = index[source]
        dist, sigma = _path_counts(adjacency, i)
        dist_rest, sigma_rest = _path_counts(rest, i)
        targets = other & (dist > 0)
        avoiding = np.where(dist_rest[targets] == dist[targets], sigma_rest[targets], 0.0)
        total += float(np.sum((sigma[targets] - avoiding) / sigma[targets]))
    return total / (len(sources) * (len(others) - 1))


def _path_counts(adjacency: sparse.csr_array, source: int) -> tuple[np.ndarray, np.ndarray]:
    """Breadth-first distances from ``source`` (−1 = unreachable) and the number of shortest
    paths to each node: a level's path counts are the sums of the previous level's."""
    n = adjacency.shape[0]
    dist = np.full(n, -1)
    sigma = np.zeros(n)
    dist[source], sigma[source] = 0, 1.0
    frontier = np.zeros(n)
    frontier[source] = 1.0
    level = 0
    while True:
        level += 1
        reach = adjacency @ frontier
        new = (reach > 0) & (dist < 0)
        if not new.any():
            return dist, sigma
        dist[new] = level
        sigma[new] = reach[new]
        frontier = np.where(new, sigma, 0.0)


# --- two-mode networks ------------------------------------------------------------------------

@dataclass(frozen=True)
class TwoMode:
    """Size and shape of a bipartite actor–project graph."""

    actors: int
    projects: int
    edges: int
    density: float | None
    projects_per_actor: float | None
    actors_per_project: float | None
    components: int


def two_mode(graph: nx.Graph, actors: set[str], projects: set[str]) -> TwoMode:
    """Bipartite density E / (|actors|·|projects|) and mean degree on each side."""
    a, p, e = len(actors), len(projects), graph.number_of_edges()
    return TwoMode(
        actors=a, projects=p, edges=e,
        density=e / (a * p) if a and p else None,
        projects_per_actor=e / a if a else None,
        actors_per_project=e / p if p else None,
        components=components(graph),
    )


# --- coverage, funding, topics ---------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """Municipalities represented against all municipalities of the regions they lie in."""

    represented: int
    total: int
    by_region: dict[str, tuple[int, int]]

    @property
    def share(self) -> float | None:
        return self.represented / self.total if self.total else None


def coverage(represented: Iterable[tuple[str, str]], region_sizes: Mapping[str, int]) -> Coverage:
    """Coverage from ``(municipality, region)`` pairs of represented municipalities.

    The denominator is the number of municipalities of every region in which at least one
    municipality is represented, so a country is not penalised for regions it never meant
    to cover."""
    per_region: dict[str, set[str]] = {}
    for municipality, region in represented:
        per_region.setdefault(region, set()).add(municipality)
    by_region = {r: (len(ms), region_sizes.get(r, len(ms))) for r, ms in per_region.items()}
    return Coverage(
        represented=sum(n for n, _ in by_region.values()),
        total=sum(t for _, t in by_region.values()),
        by_region=dict(sorted(by_region.items())),
    )


def funder_category(org_type: str | None, serves_region: bool = False) -> str:
    """The funder category (national, regional, municipal, eu, private_foundation, other) of an
    organisation type IRI of ``lgv:orgtype``.

    ``municipality_body`` covers municipal and regional government alike, so such a body that
    serves a region (``schema:areaServed`` an ``lg:Region``) is regional."""
    slug = (org_type or "").rsplit("/", 1)[-1]
    category = _FUNDER_CATEGORY_OF_TYPE.get(slug, "other")
    return "regional" if category == "municipal" and serves_region else category


def funder_mix(ties: Iterable[FundingTie], org_type: Mapping[str, str | None],
               regional: Iterable[str] = ()) -> Counter[str]:
    """Funding ties per funder category; a tie is a distinct (funder, funded item) pair, so a
    grant and the same project's schema:funder count once."""
    regional = set(regional)
    pairs = {(t.funder, t.item) for t in ties}
    return Counter(funder_category(org_type.get(f), f in regional) for f, _ in pairs)


def topic_profile(tags: Iterable[TopicTag]) -> Counter[str]:
    """Topic assignments per topic over agendas, decisions and action items."""
    return Counter(tag.topic for tag in {(t.item, t.topic): t for t in tags}.values())


def shares(counts: Mapping[str, int]) -> dict[str, float]:
    """Each count as a share of the total (empty when the total is 0)."""
    total = sum(counts.values())
    return {key: value / total for key, value in counts.items()} if total else {}


def per(value: float | None, base: int) -> float | None:
    """``value / base``, or None when either is missing or the base is 0."""
    return None if value is None or not base else value / base
