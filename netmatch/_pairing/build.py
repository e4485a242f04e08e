"""From chosen candidate edges to a :class:`~netmatch.Pairing`; the solvers' node numbering; score overrides.

The solvers of :mod:`netmatch.matching` pick edges of the candidate arrays
(``G.graph["candidates"]``); :func:`assemble` turns the picked edges into pairs with their
explanations, the unpaired schools with their reasons and the indicators. :func:`compact`
numbers the ШНОР/ШНСУ (left) and leaders (right) for the solvers, and :func:`steered` gives
the arrays a solver should see when the caller overrides some pairs' scores (``scores=``):
the solver is steered by them, while the result tells the graph's own scores.

>>> import netmatch as nm
>>> G = nm.build_graph(nm.datasets.load_demo())
>>> cand = nm.candidates_of(G)
>>> steered(cand, None, "optimal_pairing") is cand
True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from netmatch._base.params import Checks, invalid
from netmatch._base.util import gc_paused
from netmatch._pairing.reasons import unpaired_reason
from netmatch._pairing.results import Kpis, Pair, Pairing, Unpaired
from netmatch._pairing.roles import roles
from netmatch.graph import explain_both
from netmatch.scoring import COMPONENTS

if TYPE_CHECKING:
    import networkx as nx

    from netmatch.graph import Candidates

__all__ = ["Scores", "assemble", "compact", "edge_keys", "find_edges", "steered"]

#: Scores that steer a solver instead of the graph's, by (leader, school) candidate pair.
Scores = Mapping[tuple[str, str], float]

#: At most this many bad entries of ``scores`` are listed in the error.
_SHOWN = 5


def compact(cand: Candidates) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Left (partner) and right (leader) node numbers of each edge, and the rows they stand for.

    >>> import netmatch as nm
    >>> cand = nm.candidates_of(nm.build_graph(nm.datasets.load_demo()))
    >>> left, right, partners, leaders = compact(cand)
    >>> bool((partners[left] == cand.partner).all() and (leaders[right] == cand.leader).all())
    True
    """
    partners = np.flatnonzero(cand.needs_partner)
    leaders = np.flatnonzero(cand.is_leader)
    pos = np.full(len(cand.ids), -1, np.int64)
    pos[partners] = np.arange(len(partners))
    lpos = np.full(len(cand.ids), -1, np.int64)
    lpos[leaders] = np.arange(len(leaders))
    return pos[cand.partner], lpos[cand.leader], partners, leaders


def edge_keys(cand: Candidates) -> tuple[np.ndarray, np.ndarray]:
    """The sorted keys ``leader * n + partner`` of the candidate edges, and the edge of each key.

    Look an edge up by ``np.searchsorted`` on the keys: linear memory, no dict over the edges.

    >>> import netmatch as nm
    >>> cand = nm.candidates_of(nm.build_graph(nm.datasets.load_demo()))
    >>> keys, edges = edge_keys(cand)
    >>> bool((keys[:-1] <= keys[1:]).all()), len(edges) == len(cand)
    (True, True)
    """
    n = len(cand.ids)
    key = cand.leader.astype(np.int64) * n + cand.partner.astype(np.int64)
    order = np.argsort(key, kind="stable")
    return key[order], order


def find_edges(cand: Candidates, leader_rows: np.ndarray, partner_rows: np.ndarray,
               keys: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The candidate edge of each (leader row, partner row), or -1 where there is none (or a row is -1).

    >>> import numpy as np
    >>> import netmatch as nm
    >>> cand = nm.candidates_of(nm.build_graph(nm.datasets.load_demo()))
    >>> find_edges(cand, cand.leader[:2], cand.partner[:2]).tolist(), find_edges(cand, np.array([-1]), np.array([0]))
    ([0, 1], array([-1]))
    """
    sorted_keys, order = edge_keys(cand) if keys is None else keys
    if not len(sorted_keys):
        return np.full(len(leader_rows), -1, np.int64)
    n = len(cand.ids)
    want = leader_rows.astype(np.int64) * n + partner_rows.astype(np.int64)
    pos = np.minimum(np.searchsorted(sorted_keys, want), len(sorted_keys) - 1)
    hit = (leader_rows >= 0) & (partner_rows >= 0) & (sorted_keys[pos] == want)
    found: np.ndarray = np.where(hit, order[pos], -1)
    return found


def steered(cand: Candidates, scores: Scores | object, owner: str) -> Candidates:
    """The candidate arrays with the scores of the named (leader, school) pairs replaced.

    ``cand`` itself when ``scores`` is None or empty. Pairs that are not candidate edges, and
    values that are not finite numbers, raise one :class:`~netmatch.InvalidInputError` naming them.

    >>> import netmatch as nm
    >>> cand = nm.candidates_of(nm.build_graph(nm.datasets.load_demo()))
    >>> a, b = cand.ids[cand.leader[0]], cand.ids[cand.partner[0]]
    >>> float(steered(cand, {(a, b): 9.0}, "optimal_pairing").score[0])
    9.0
    >>> steered(cand, {(b, a): 1.0}, "optimal_pairing")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: The 'scores' parameter of optimal_pairing must be keyed by ...
    """
    if scores is None:
        return cand
    if not isinstance(scores, Mapping):
        raise invalid("scores", owner, "a mapping of (leader, school) pairs to numbers, or None",
                      type(scores).__name__)
    checks = Checks(owner)
    if not scores:
        return cand
    index = {s: i for i, s in enumerate(cand.ids)}
    keys = list(scores)
    rows = np.array([(index.get(k[0], -1), index.get(k[1], -1)) if isinstance(k, tuple) and len(k) == 2
                     else (-1, -1) for k in keys], dtype=np.int64).reshape(-1, 2)
    edges = find_edges(cand, rows[:, 0], rows[:, 1])
    values = np.array([_number(scores[k]) for k in keys], dtype=np.float64)
    unknown = np.flatnonzero(edges < 0)
    bad = np.flatnonzero((edges >= 0) & ~np.isfinite(values))
    for i in unknown[:_SHOWN].tolist():
        checks.fail("scores", "keyed by candidate (leader, school) pairs of the graph", keys[i])
    for i in bad[:_SHOWN].tolist():
        checks.fail("scores", f"a finite number for {keys[i]!r}", scores[keys[i]])
    if len(unknown) + len(bad) > 2 * _SHOWN:
        checks.problems.append(f"... {len(unknown)} unknown pairs and {len(bad)} non-finite scores in all")
    checks.done()
    score = np.array(cand.score, dtype=float)
    score[edges] = values
    return dataclasses.replace(cand, score=score)


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _pairs(G: nx.Graph, cand: Candidates, sel: np.ndarray, subjects: Sequence[str | None] | None) -> list[Pair]:
    """The chosen edges as pairs with explanations, sorted by leader, partner and subject."""
    ids = cand.ids
    pairs = []
    for k, e in enumerate(sel.tolist()):
        a, b = ids[int(cand.leader[e])], ids[int(cand.partner[e])]
        text_ru, text_en = explain_both(G, a, b) if G.has_edge(a, b) else ("", "")
        pairs.append(Pair(
            leader=a, partner=b, score=float(cand.score[e]), km=float(cand.km[e]), minutes=float(cand.minutes[e]),
            mode="remote" if cand.remote[e] else "in_person",
            components={c: float(cand.components[c][e]) for c in COMPONENTS},
            required=bool(cand.required[e]), existing=bool(cand.existing[e]),
            subject=None if subjects is None else subjects[k],
            explanation_ru=text_ru, explanation_en=text_en))
    pairs.sort(key=lambda p: (p.leader, p.partner, p.subject or ""))
    return pairs


def _unpaired(G: nx.Graph, cand: Candidates, got: np.ndarray, used: np.ndarray, cap: np.ndarray,
              lacking: str | None) -> list[Unpaired]:
    """Every ШНОР/ШНСУ with fewer leaders than it wants, with the reason."""
    n = len(cand.ids)
    # the candidate edges of each school, for the reasons
    order = np.argsort(cand.partner, kind="stable")
    starts = np.searchsorted(cand.partner[order], np.arange(n + 1))
    return [unpaired_reason(G, cand, row, int(got[row]), order[starts[row]:starts[row + 1]], used, cap, lacking)
            for row in np.flatnonzero(cand.needs_partner & (got < cand.demand)).tolist()]


def _kpis(cand: Candidates, pairs: list[Pair], seen: set[tuple[str, str]], sel: np.ndarray, got: np.ndarray,
          used: np.ndarray, cap: np.ndarray) -> Kpis:
    ids = cand.ids
    n = len(ids)
    needing = int(cand.needs_partner.sum())
    covered = int((cand.needs_partner & (got >= np.maximum(cand.min_demand, 1))).sum())
    in_net = {a for a, _ in seen} | {b for _, b in seen}
    uniq_km = np.asarray(cand.km[sel], dtype=float)
    # counts of partners, or mentor hours rounded to whole hours for load units
    load = {ids[i]: (round(float(used[i])), round(float(cap[i]))) for i in np.flatnonzero(cand.is_leader).tolist()}
    return Kpis(
        needing=needing, covered=covered, share_covered=covered / needing if needing else 1.0,
        schools=n, in_network=len(in_net), share_in_network=len(in_net) / n if n else 0.0,
        mean_km=float(np.mean(uniq_km)) if len(uniq_km) else math.nan,
        max_km=float(np.max(uniq_km)) if len(uniq_km) else math.nan,
        remote_pairs=sum(p.mode == "remote" for p in pairs), leader_load=load)


@gc_paused()  # many small objects at once: see gc_paused
def assemble(G: nx.Graph, cand: Candidates, chosen: np.ndarray, *, method: str, status: str, gap: float = 0.0,
             objective: float | None = None, blocking: int | None = None, notes: Sequence[str] = (),
             subjects: Sequence[str | None] | None = None, edge_index: np.ndarray | None = None,
             used_units: np.ndarray | None = None, unit_capacity: np.ndarray | None = None,
             lacking: str | None = None, solved: Candidates | None = None) -> Pairing:
    """The result: pairs (with explanations), unpaired schools with reasons, KPIs.

    ``chosen`` marks the chosen edges (or ``edge_index`` lists them, one per subject pair);
    ``used_units``/``unit_capacity`` are the leaders' mentor hours for load units. ``solved``
    is what the solver saw when it was steered by other scores (:func:`steered`): the
    ``objective`` it reports is then told in ``cand``'s own scores, as everything else is.

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> cand = nm.candidates_of(G)
    >>> plan = assemble(G, cand, cand.required, method="optimal", status="optimal")
    >>> plan.kpis.covered, len(plan.unpaired) == plan.kpis.needing
    (0, True)
    """
    ids = cand.ids
    n = len(ids)
    sel = np.flatnonzero(chosen) if edge_index is None else np.asarray(edge_index, dtype=np.int64)
    pairs = _pairs(G, cand, sel, subjects)
    # partners count once per distinct leader (per-subject pairs of one leader count once)
    seen = {(p.leader, p.partner) for p in pairs}
    index = {s: i for i, s in enumerate(ids)}
    got = np.bincount(np.array([index[b] for _, b in seen], dtype=np.int64), minlength=n)
    if used_units is None:
        used = np.bincount(np.array([index[a] for a, _ in seen], dtype=np.int64), minlength=n)
    else:
        used = used_units
    cap = cand.capacity if unit_capacity is None else unit_capacity
    unpaired = _unpaired(G, cand, got, used, cap, lacking)
    kpis = _kpis(cand, pairs, seen, sel, got, used, cap)
    if objective is None:
        total = float(sum(p.score for p in pairs))
    elif solved is not None and solved is not cand:
        # the solver's objective less what the overrides added on the chosen edges
        total = objective - float(np.sum(solved.score[sel] - cand.score[sel]))
    else:
        total = objective
    return Pairing(pairs=tuple(pairs), unpaired=tuple(unpaired), kpis=kpis, roles=roles(G, cand), method=method,
                   status=status, gap=gap, objective=total, blocking=blocking, notes=tuple(notes))
