"""Bootstrap confidence intervals: resample a column's meetings with replacement.

The meeting is the unit of sampling: every tie, attendance and mention comes from a meeting's
minutes, so a resample of *n* meetings drawn with replacement from a column's *n* meetings is
a column that could have been observed. A meeting drawn twice counts twice in every sum and
weight; a tie exists in the resample when at least one drawn meeting (or project of a drawn
meeting) makes it.

To make 1,000 resamples cheap on big graphs, nothing is rebuilt per resample: the facts are
turned once into sparse incidence matrices (tie × meeting, node × meeting, project ×
meeting), and a batch of resamples is a dense matrix of meeting multiplicities *C*; tie
weights are then ``ties_by_meeting @ C``, degrees ``ends @ (weights > 0)``, and so on. At
``C = 1`` (every meeting once) each function gives exactly the figure of the report, which the
tests check.

Measures that need paths or communities (clustering, components, Louvain, betweenness, hub
brokerage) are not resampled: their cost per resample is that of the whole measure. The
report gives them no interval and says so (docs/compare.md, § 13).
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from scipy import sparse

from .facts import Facts, Pair

RESAMPLES = 1000
SEED = 42
LEVEL = 0.95
BATCH = 32
# A column needs this many meetings for an interval: one meeting resampled is always itself.
MIN_RESAMPLED = 2

Key = tuple[str, str, str]  # (group id, metric id, field: "value" or "per_meeting")
Interval = tuple[float, float]


@dataclass(frozen=True)
class Settings:
    """How to resample: number of resamples, seed of the generator, confidence level."""

    resamples: int = RESAMPLES
    seed: int = SEED
    level: float = LEVEL


# --- incidence matrices ----------------------------------------------------------------------

def _matrix(rows: list[int], cols: list[int], shape: tuple[int, int]) -> sparse.csc_matrix:
    data = np.ones(len(rows), dtype=np.float32)
    # duplicates are summed by scipy; an incidence is 0/1, so clip them back to 1
    matrix = sparse.csc_matrix((data, (rows, cols)), shape=shape, dtype=np.float32)
    matrix.data[:] = 1.0
    return matrix


def incidence(pairs: Iterable[Pair], groups: dict[str, int]) -> sparse.csc_matrix:
    """``(group, item)`` pairs → item × group 0/1 matrix (items numbered in sorted order).

    Pairs whose group is not in ``groups`` are left out."""
    kept = sorted({(g, i) for g, i in pairs if g in groups})
    items = {item: n for n, item in enumerate(sorted({i for _, i in kept}))}
    return _matrix([items[i] for _, i in kept], [groups[g] for g, _ in kept],
                   (len(items), len(groups)))


@dataclass
class Network:
    """A co-membership network as incidence matrices over meetings (and projects).

    ``ties_m``: tie × meeting (1 where the meeting makes the tie); ``ties_p``: tie × project;
    ``nodes_m``/``nodes_p``: node × meeting/project; ``ends``: node × tie (1 at both ends)."""

    nodes: list[str]
    ties_m: sparse.csc_matrix
    ties_p: sparse.csc_matrix
    nodes_m: sparse.csc_matrix
    nodes_p: sparse.csc_matrix
    ends: sparse.csr_matrix
    hub_nodes: np.ndarray
    hub_ties: np.ndarray


def _groups(pairs: Iterable[Pair], index: dict[str, int]) -> dict[int, list[str]]:
    grouped: dict[int, set[str]] = defaultdict(set)
    for group, member in pairs:
        if group in index:
            grouped[index[group]].add(member)
    return {g: sorted(ms) for g, ms in grouped.items()}


def network(by_meeting: Iterable[Pair], by_project: Iterable[Pair], meetings: dict[str, int],
            projects: dict[str, int], hubs: set[str]) -> Network:
    """Tie and node incidence of the network whose ties are co-members of a meeting or a
    project (``networks.co_membership``), from ``(meeting, member)``/``(project, member)``."""
    in_m, in_p = _groups(by_meeting, meetings), _groups(by_project, projects)
    nodes = sorted({n for ms in (*in_m.values(), *in_p.values()) for n in ms})
    node = {n: i for i, n in enumerate(nodes)}
    tie: dict[tuple[int, int], int] = {}
    coords: list[tuple[list[int], list[int]]] = [([], []), ([], [])]
    node_coords: list[tuple[list[int], list[int]]] = [([], []), ([], [])]
    for which, grouped in enumerate((in_m, in_p)):
        rows, cols = coords[which]
        nrows, ncols = node_coords[which]
        for group, members in sorted(grouped.items()):
            ids = [node[m] for m in members]
            nrows += ids
            ncols += [group] * len(ids)
            for pair in combinations(ids, 2):
                rows.append(tie.setdefault(pair, len(tie)))
                cols.append(group)
    n_ties = len(tie)
    ends_u = np.fromiter((u for u, _ in tie), dtype=np.int64, count=n_ties)
    ends_v = np.fromiter((v for _, v in tie), dtype=np.int64, count=n_ties)
    ends = sparse.csr_matrix(
        (np.ones(2 * n_ties, dtype=np.float32),
         (np.concatenate([ends_u, ends_v]), np.tile(np.arange(n_ties), 2))),
        shape=(len(nodes), n_ties))
    hub_nodes = np.array([n in hubs for n in nodes], dtype=bool)
    hub_ties = hub_nodes[ends_u] | hub_nodes[ends_v] if n_ties else np.zeros(0, dtype=bool)
    return Network(
        nodes=nodes,
        ties_m=_matrix(*coords[0], (n_ties, len(meetings))),
        ties_p=_matrix(*coords[1], (n_ties, len(projects))),
        nodes_m=_matrix(*node_coords[0], (len(nodes), len(meetings))),
        nodes_p=_matrix(*node_coords[1], (len(nodes), len(projects))),
        ends=ends, hub_nodes=hub_nodes, hub_ties=hub_ties)


def restrict(net: Network, meetings: np.ndarray, projects: np.ndarray) -> Network:
    """The part of ``net`` that a subset of meetings (and their projects) can ever show."""
    ties_m, ties_p = net.ties_m[:, meetings], net.ties_p[:, projects]
    live = np.flatnonzero((ties_m.sum(axis=1).A1 + ties_p.sum(axis=1).A1) > 0)
    nodes_m, nodes_p = net.nodes_m[:, meetings], net.nodes_p[:, projects]
    alive = np.flatnonzero((nodes_m.sum(axis=1).A1 + nodes_p.sum(axis=1).A1) > 0)
    return Network(
        nodes=[net.nodes[i] for i in alive],
        ties_m=ties_m[live].tocsr(), ties_p=ties_p[live].tocsr(),
        nodes_m=nodes_m[alive].tocsr(), nodes_p=nodes_p[alive].tocsr(),
        ends=net.ends[alive][:, live].tocsr(),
        hub_nodes=net.hub_nodes[alive], hub_ties=net.hub_ties[live])


# --- measures of a batch of resamples ---------------------------------------------------------

def _ratio(num: np.ndarray, den: np.ndarray, ok: np.ndarray) -> np.ndarray:
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=ok)
    return out


def network_measures(net: Network, counts: np.ndarray, project_in: np.ndarray
                     ) -> dict[str, np.ndarray]:
    """Nodes, ties, density, mean degree, Freeman centralisation and hub tie share for each
    resample (a column of ``counts``: meeting multiplicities; ``project_in``: 0/1 per
    project). Same formulas as ``compare.metrics``."""
    weights = net.ties_m @ counts + net.ties_p @ project_in
    present = (net.nodes_m @ counts + net.nodes_p @ project_in) > 0
    tied = weights > 0
    m = tied.sum(axis=0).astype(float)
    n = present.sum(axis=0).astype(float)
    dmax = (net.ends @ tied.astype(np.float32)).max(axis=0) if len(net.nodes) else 0 * n
    total = weights.sum(axis=0, dtype=np.float64)
    return {
        "nodes": n,
        "edges": m,
        "density": _ratio(2 * m, n * (n - 1), n >= 2),
        "mean_degree": _ratio(2 * m, n, n > 0),
        "centralisation": _ratio(n * dmax - 2 * m, (n - 1) * (n - 2), n >= 3),
        "tie_share": _ratio(weights[net.hub_ties].sum(axis=0, dtype=np.float64), total, total > 0),
    }


@dataclass
class Counts:
    """Per-meeting counts of a column: ``totals`` are sums over meetings (attendances),
    ``distinct`` are item × meeting incidences (distinct attendees)."""

    totals: dict[str, np.ndarray] = field(default_factory=dict)
    distinct: dict[str, sparse.csr_matrix] = field(default_factory=dict)

    def measures(self, counts: np.ndarray) -> dict[str, np.ndarray]:
        out = {name: per_meeting @ counts for name, per_meeting in self.totals.items()}
        out |= {name: ((items @ counts) > 0).sum(axis=0).astype(float)
                for name, items in self.distinct.items()}
        return out


# --- the engine --------------------------------------------------------------------------------

COUNT_ROWS = ("attendances", "attendees", "organisations", "projects", "decisions",
              "action_items")
NETWORK_ROWS = ("nodes", "edges", "density", "mean_degree", "centralisation")


class Engine:
    """Incidence matrices of the whole graph, built once; any set of meetings (a country, a
    year, a region) is resampled from them by :meth:`draws`."""

    def __init__(self, facts: Facts, hubs: set[str], hub_staff: set[str]) -> None:
        self.meetings = sorted(facts.meeting_country)
        self.index = {m: i for i, m in enumerate(self.meetings)}
        project_pairs = {(m, p) for m, p in facts.mentioned.get("project", ())}
        self.projects = {p: i for i, p in enumerate(sorted({p for _, p in project_pairs}))}
        self.project_meeting = self._by_meeting_rows(project_pairs)
        participation = {(m, o) for m, p in facts.attendance for o in facts.memberships.get(p, ())}
        participation |= {(m, o) for m, orgs in facts.organizers.items() for o in orgs}
        members = [(p, o) for p, o in facts.project_members if p in self.projects]
        self.people = network(facts.attendance, (), self.index, {}, hub_staff)
        self.orgs = network(participation, members, self.index, self.projects, hubs)
        self.count_totals = {
            "attendances": self._per_meeting(m for m, _ in facts.attendance),
            "decisions": self._per_meeting(m for m, _, k in facts.outcomes if k == "decision"),
            "action_items": self._per_meeting(m for m, _, k in facts.outcomes if k == "action"),
        }
        orgs = set(facts.mentioned.get("org", ())) | participation
        self.count_distinct = {
            "attendees": incidence(facts.attendance, self.index),
            "organisations": incidence(orgs, self.index),
            "projects": incidence(project_pairs, self.index),
        }

    def _by_meeting_rows(self, project_pairs: set[Pair]) -> sparse.csc_matrix:
        """project × meeting 0/1 matrix with rows numbered as ``self.projects``."""
        rows = [self.projects[p] for m, p in project_pairs if m in self.index]
        cols = [self.index[m] for m, p in project_pairs if m in self.index]
        return _matrix(rows, cols, (len(self.projects), len(self.meetings)))

    def _per_meeting(self, meetings: Iterable[str]) -> np.ndarray:
        out = np.zeros(len(self.meetings))
        for m in meetings:
            if m in self.index:
                out[self.index[m]] += 1
        return out

    def draws(self, meetings: Iterable[str], settings: Settings, stream: str
              ) -> tuple[dict[Key, float], dict[Key, np.ndarray]]:
        """The figures of ``meetings`` (every meeting once) and their ``settings.resamples``
        bootstrap replicates, keyed by (group, metric, field). ``stream`` names the random
        stream, so that each column has its own and adding a column changes no other."""
        cols = np.array(sorted(self.index[m] for m in meetings if m in self.index), dtype=int)
        job = _Job(self, cols)
        point = {k: float(v[0]) for k, v in job.measure(np.ones((len(cols), 1))).items()}
        if len(cols) < MIN_RESAMPLED or settings.resamples <= 0:
            return point, {}
        rng = np.random.default_rng([settings.seed, zlib.crc32(stream.encode())])
        chunks: dict[Key, list[np.ndarray]] = defaultdict(list)
        left = settings.resamples
        while left > 0:
            size = min(BATCH, left)
            counts = rng.multinomial(len(cols), np.full(len(cols), 1 / len(cols)), size=size)
            for key, values in job.measure(counts.T.astype(np.float32)).items():
                chunks[key].append(values)
            left -= size
        return point, {k: np.concatenate(v) for k, v in chunks.items()}


class _Job:
    """The engine's matrices cut down to one set of meetings."""

    def __init__(self, engine: Engine, cols: np.ndarray) -> None:
        self.size = max(len(cols), 1)
        proj_m = engine.project_meeting[:, cols]
        self.live_projects = np.flatnonzero(proj_m.sum(axis=1).A1 > 0)
        self.proj_m = proj_m[self.live_projects].tocsr()
        self.people = restrict(engine.people, cols, np.zeros(0, dtype=int))
        self.orgs = restrict(engine.orgs, cols, self.live_projects)
        self.counts = Counts(
            totals={k: v[cols] for k, v in engine.count_totals.items()},
            distinct={k: _live_rows(v[:, cols]) for k, v in engine.count_distinct.items()})

    def measure(self, counts: np.ndarray) -> dict[Key, np.ndarray]:
        project_in = ((self.proj_m @ counts) > 0).astype(np.float32)
        people = network_measures(self.people, counts, np.zeros((0, counts.shape[1])))
        orgs = network_measures(self.orgs, counts, project_in)
        out: dict[Key, np.ndarray] = {}
        for name, values in self.counts.measures(counts).items():
            out[("corpus", name, "value")] = values
            out[("corpus", name, "per_meeting")] = values / self.size
        for group, measured in (("people_network", people), ("org_network", orgs)):
            for name in NETWORK_ROWS:
                out[(group, name, "value")] = measured[name]
        out[("hub_dependence", "people_tie_share", "value")] = people["tie_share"]
        out[("hub_dependence", "org_tie_share", "value")] = orgs["tie_share"]
        return out


def _live_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    return matrix[np.flatnonzero(matrix.sum(axis=1).A1 > 0)].tocsr()


# --- intervals and differences -----------------------------------------------------------------

def interval(values: np.ndarray | None, level: float = LEVEL) -> Interval | None:
    """Percentile interval of the finite replicates; None when fewer than half are finite
    (the measure is undefined in most resamples) or there are none."""
    if values is None or len(values) == 0:
        return None
    finite = values[np.isfinite(values)]
    if len(finite) < max(1, len(values) // 2):
        return None
    tail = 100 * (1 - level) / 2
    lo, hi = np.percentile(finite, [tail, 100 - tail])
    return float(lo), float(hi)


def crosses_zero(ci: Interval | None) -> bool:
    """True when the interval includes 0 (or is missing): the difference is not shown."""
    return ci is None or ci[0] <= 0 <= ci[1]


@dataclass
class Result:
    """Point figures and replicates of every resampled column (countries, ALL, years …)."""

    settings: Settings
    point: dict[str, dict[Key, float]]
    replicates: dict[str, dict[Key, np.ndarray]]

    def ci(self, column: str, key: Key) -> Interval | None:
        return interval(self.replicates.get(column, {}).get(key), self.settings.level)

    def difference(self, a: str, b: str, key: Key) -> tuple[float | None, Interval | None]:
        """``a − b`` and its interval, from independent resamples of the two columns."""
        pa, pb = self.point.get(a, {}).get(key), self.point.get(b, {}).get(key)
        value = None if pa is None or pb is None or not np.isfinite(pa - pb) else pa - pb
        ra, rb = self.replicates.get(a, {}).get(key), self.replicates.get(b, {}).get(key)
        if ra is None or rb is None:
            return value, None
        return value, interval(ra - rb, self.settings.level)


def resample(engine: Engine, subsets: dict[str, Sequence[str]], settings: Settings,
             progress: Callable[[str], None] | None = None) -> Result:
    """Resample each named set of meetings (``subsets``: column → meetings)."""
    point, replicates = {}, {}
    for name, meetings in subsets.items():
        if progress:
            progress(name)
        point[name], replicates[name] = engine.draws(meetings, settings, name)
    return Result(settings, point, replicates)


KEYS: tuple[Key, ...] = (
    *(("corpus", r, f) for r in COUNT_ROWS for f in ("value", "per_meeting")),
    *((g, r, "value") for g in ("people_network", "org_network") for r in NETWORK_ROWS),
    ("hub_dependence", "people_tie_share", "value"),
    ("hub_dependence", "org_tie_share", "value"),
)
