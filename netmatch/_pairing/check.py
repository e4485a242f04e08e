"""The checker beside the solvers: every violated rule of a pairing, in one linear pass.

:func:`pairing_problems` is what :func:`netmatch.check_pairing` returns. Pairs are looked up
among the candidate arrays by sorted keys (``leader * n + partner``), and every count is a
``numpy.bincount``: time grows with the number of edges and pairs, not their product.

>>> import netmatch as nm
>>> G = nm.build_graph(nm.datasets.load_demo())
>>> pairing_problems(G, nm.optimal_pairing(G))
[]
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from netmatch._pairing.build import edge_keys, find_edges
from netmatch.graph import candidates_of

if TYPE_CHECKING:
    import networkx as nx

    from netmatch._pairing.results import Pairing
    from netmatch.graph import Candidates

__all__ = ["pairing_problems"]


def _occurrence(key: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """For each valid entry, how many valid entries with the same key come before it (-1 where not valid)."""
    out = np.full(len(key), -1, np.int64)
    idx = np.flatnonzero(valid)
    if not len(idx):
        return out
    order = idx[np.argsort(key[idx], kind="stable")]
    k = key[order]
    starts = np.r_[0, np.flatnonzero(k[1:] != k[:-1]) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(k)]))
    out[order] = np.arange(len(k)) - group_start
    return out


def _pair_checks(G: nx.Graph, cand: Candidates, pairing: Pairing, a: np.ndarray, b: np.ndarray
                 ) -> tuple[list[str], np.ndarray]:
    """The problems of each pair in turn (unknown school, not a candidate, reversed, mode, distance, twice).

    Returns them in the pairs' order, and the mask of each distinct (leader, partner) pair's
    first occurrence among the pairs that are candidate edges.
    """
    pairs = pairing.pairs
    known = (a >= 0) & (b >= 0)
    keys = edge_keys(cand)
    fwd = find_edges(cand, a, b, keys)
    edge = np.where(fwd >= 0, fwd, find_edges(cand, b, a, keys))
    is_edge = known & (edge >= 0)
    e = np.maximum(edge, 0)
    reversed_ = is_edge & (fwd < 0)
    remote = np.array([p.mode == "remote" for p in pairs], dtype=bool)
    in_person = np.array([p.mode == "in_person" for p in pairs], dtype=bool)
    graph_remote = cand.remote[e] if len(cand) else np.zeros(len(pairs), bool)
    mode_bad = is_edge & ~((remote & graph_remote) | (in_person & ~graph_remote))
    limit = G.graph.get("constraints", {}).get("max_km")
    km = np.array([p.km for p in pairs], dtype=float)
    far = is_edge & in_person & (km > limit + 1e-9) if limit is not None else np.zeros(len(pairs), bool)
    occurrence = _occurrence(a * max(len(cand.ids), 1) + b, is_edge)
    twice = occurrence >= 1 if pairing.method != "subject" else np.zeros(len(pairs), bool)
    flagged = ~is_edge | reversed_ | mode_bad | far | twice
    problems = []
    for i in np.flatnonzero(flagged).tolist():
        p = pairs[i]
        name = f"pair {p.leader}–{p.partner}"
        if not known[i]:
            problems.append(f"{name}: unknown school")
            continue
        if not is_edge[i]:
            problems.append(f"{name} is not a feasible candidate (distance, mode, phase, language or exclusion)")
            continue
        if reversed_[i]:
            problems.append(f"{name}: {p.leader} is the partner, not the leader")
        if mode_bad[i]:
            problems.append(f"{name}: mode {p.mode} but the graph says {'remote' if graph_remote[i] else 'in_person'}")
        if far[i]:
            problems.append(f"{name}: in person at {p.km:.1f} km > {limit} km")
        if twice[i]:
            problems.append(f"{name} appears twice")
    return problems, is_edge & (occurrence == 0)


def _load_checks(cand: Candidates, pairing: Pairing, a: np.ndarray, b: np.ndarray, got: np.ndarray) -> list[str]:
    """Leaders over capacity (or mentor hours), schools over demand — or, per subject, one leader a subject."""
    ids = cand.ids
    if pairing.method == "subject":
        per = Counter((p.partner, p.subject) for p in pairing.pairs)
        return [f"school {s}: subject {k} has {c} leaders (at most 1)" for (s, k), c in per.items() if c > 1]
    n = len(ids)
    problems = []
    if pairing.method == "load_units":
        hours = np.bincount(a, weights=cand.load[b], minlength=n) if len(a) else np.zeros(n)
        problems += [f"leader {ids[i]}: {hours[i]:g} mentor hours > {cand.hours[i]:g}"
                     for i in np.flatnonzero(hours > cand.hours + 1e-9).tolist()]
    else:
        load = np.bincount(a, minlength=n)
        problems += [f"leader {ids[i]}: {load[i]} partners > capacity {cand.capacity[i]}"
                     for i in np.flatnonzero(load > cand.capacity).tolist()]
    problems += [f"school {ids[i]}: {got[i]} leaders > demand {cand.demand[i]}"
                 for i in np.flatnonzero(got > cand.demand).tolist()]
    return problems


def _school_checks(cand: Candidates, pairing: Pairing, index: dict[str, int], b_all: np.ndarray,
                   pair_keys: np.ndarray, got: np.ndarray) -> list[str]:
    """Required pairs missing, and ШНОР/ШНСУ short of leaders with no reason given."""
    ids = cand.ids
    n = len(ids)
    req = np.flatnonzero(cand.required)
    present = np.isin(cand.leader[req].astype(np.int64) * n + cand.partner[req], pair_keys)
    problems = [f"required pair {ids[int(cand.leader[e])]}–{ids[int(cand.partner[e])]} is missing"
                for e in req[~present].tolist()]
    listed = np.zeros(n, bool)
    listed[[index[u.school] for u in pairing.unpaired if u.school in index]] = True
    if pairing.method == "subject":
        have = np.zeros(n, bool)
        have[b_all[b_all >= 0]] = True
        missing = cand.needs_partner & ~have & ~listed
        return problems + [f"school {ids[i]} has no leader and no reason" for i in np.flatnonzero(missing).tolist()]
    short = cand.needs_partner & (got < cand.demand) & ~listed
    return problems + [f"school {ids[i]} lacks a leader but has no reason in the pairing"
                       for i in np.flatnonzero(short).tolist()]


def pairing_problems(G: nx.Graph, pairing: Pairing) -> list[str]:
    """Every violated rule of ``pairing`` on ``G``, in a fixed order; empty when it is valid.

    First each pair's own problems, in the pairs' order; then capacities (or mentor hours)
    and demands, or one leader per (school, subject); then missing required pairs; then
    ШНОР/ШНСУ short of leaders without a reason in ``pairing.unpaired``.

    >>> import dataclasses
    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> plan = nm.greedy_pairing(G)
    >>> pairing_problems(G, dataclasses.replace(plan, pairs=plan.pairs[:1] * 2))[0]  # doctest: +ELLIPSIS
    'pair ... appears twice'
    """
    cand = candidates_of(G)
    index = {s: i for i, s in enumerate(cand.ids)}
    n = len(cand.ids)
    a = np.fromiter((index.get(p.leader, -1) for p in pairing.pairs), np.int64, len(pairing.pairs))
    b = np.fromiter((index.get(p.partner, -1) for p in pairing.pairs), np.int64, len(pairing.pairs))
    problems, first = _pair_checks(G, cand, pairing, a, b)
    # the distinct (leader, partner) pairs that are candidate edges, as given (even reversed)
    da, db = a[first], b[first]
    got = np.bincount(db, minlength=n)
    problems += _load_checks(cand, pairing, da, db, got)
    problems += _school_checks(cand, pairing, index, b, da * n + db, got)
    return problems


