"""Pairing leaders with ШНОР/ШНСУ schools: optimal, stable, per subject and greedy — with reasons.

Every function takes the partnership graph from :func:`netmatch.build_graph` and returns an
immutable :class:`Pairing`: the pairs with their scores, distances and modes; every ШНОР/ШНСУ
left without a leader with the reason in words (no leader within the limits — the nearest and
its distance —, every feasible leader full — which ones, and the score one more place would
give —, a phase or language mismatch, …); and the programme indicators against their targets
(100% of ШНОР/ШНСУ in a partnership, at least half of all schools in the network).

:func:`check_pairing` sits beside the solvers and lists every violated capacity, distance,
demand or required pair, as networkx's ``is_matching`` sits beside ``max_weight_matching``.

The solvers work on the candidate arrays (``G.graph["candidates"]``), never on networkx
edges, and are exact: a lexicographic (coverage, then score) b-matching on a totally
unimodular system, a MILP for load units, deferred acceptance for stability. Each takes
``scores=``: scores for some (leader, school) pairs that steer the solver instead of the
graph's, without editing the graph (a bonus for keeping last year's pairs, say); the plan
still reports the graph's own scores, explanations and reasons.

The result classes, the reasons and the checker's engine live in ``netmatch._pairing``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from typing import Literal

import networkx as nx
import numpy as np

from netmatch import solvers as solve
from netmatch._base.params import FLAG, MAPPING, NONE, Checks, Rule, number, of, one_of, validate_params
from netmatch._pairing.build import Scores, assemble, compact, steered
from netmatch._pairing.check import pairing_problems
from netmatch._pairing.reasons import unpaired_reason
from netmatch._pairing.results import COVERAGE_TARGET, NETWORK_TARGET, Kpis, Pair, Pairing, Unpaired
from netmatch._pairing.stable import Preferences
from netmatch._pairing.stable import preferences as _stable_preferences
from netmatch.exceptions import InvalidInputError
from netmatch.graph import GRAPH, Candidates, candidates_of

__all__ = [
    "COVERAGE_TARGET",
    "NETWORK_TARGET",
    "Kpis",
    "Pair",
    "Pairing",
    "Unpaired",
    "blocking_pairs",
    "check_pairing",
    "greedy_pairing",
    "optimal_pairing",
    "stable_pairing",
    "subject_pairing",
    "unpaired_reason",
]


# The forms of the parameters, declared with ``validate_params``; the checks inside say more of values of
# the right form (a pair that is not a candidate, a preference naming an unknown school, ...).
_PAIRING = of(Pairing, text="a Pairing")
_SCORES = (Rule("a mapping of (leader, school) pairs to numbers", lambda v: isinstance(v, Mapping)), NONE)
_PREFERENCES = (MAPPING, NONE)
_WHOLE = number(ge=0, integer=True)


# --- solvers ---------------------------------------------------------------------------------


@validate_params(G=GRAPH, fairness=one_of(None, "maxmin", "minmax_km"), load_units=(FLAG, NONE),
                 time_limit=number(gt=0), scores=_SCORES)
def optimal_pairing(
    G: nx.Graph,
    *,
    fairness: Literal["maxmin", "minmax_km"] | None = None,
    load_units: bool | None = None,
    time_limit: float = 60.0,
    scores: Scores | None = None,
) -> Pairing:
    """The best plan: most ШНОР/ШНСУ covered, then the highest total score — exactly.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`netmatch.build_graph`.
    fairness : {"maxmin", "minmax_km"}, optional
        After maximum coverage, first maximise the worst pair's score (``"maxmin"``) or
        minimise the longest distance (``"minmax_km"``), then the total score.
    load_units : bool, optional
        Leader capacity in mentor hours (``Constraints.load_hours``), solved as a generalised
        assignment MILP under ``time_limit``; by default on when the graph's constraints set
        ``load_hours``. On time-out the best plan in hand is returned with
        ``status="time_limit"`` and its proven ``gap``: HiGHS's, or the greedy start when HiGHS
        has none yet, however short the limit; ``gap`` is NaN and ``notes`` say "no bound yet"
        when nothing was proven.
    time_limit : float
        Seconds for the MILP (load units), or for the LPs that put schools first when they may
        take more leaders than they need and the compiled solver is not built (on time-out: the
        last stage's plan, or a greedy one, with ``status="time_limit"`` and ``gap`` NaN).
    scores : dict, optional
        ``{(leader, school): score}`` for some candidate pairs: the solver uses these instead
        of the graph's scores (the graph is not changed). The plan reports each pair's own
        score, and its ``objective`` in the graph's own scores.

    Returns
    -------
    Pairing

    Notes
    -----
    Demand is ``Constraints.max_partners`` per ШНОР/ШНСУ; leader capacity the registry's (or
    the constraint's) number of partners. Required pairs are always in the plan. The problem
    is a b-matching whose constraint matrix is totally unimodular, solved exactly as a min-cost
    flow by successive shortest paths in netmatch's compiled solver, or by scipy's sparse
    assignment where that is not built (see :func:`netmatch.solvers.max_coverage_assignment`).

    Examples
    --------
    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> plan = optimal_pairing(G)
    >>> plan.kpis.share_covered, check_pairing(G, plan)
    (1.0, [])
    """
    checks = Checks("optimal_pairing")
    checks.choice("fairness", fairness, (None, "maxmin", "minmax_km"))
    checks.done()
    cand = candidates_of(G)
    steer = steered(cand, scores, "optimal_pairing")
    hours_mode = bool(G.graph.get("constraints", {}).get("load_hours")) if load_units is None else load_units
    if hours_mode:
        return _load_unit_pairing(G, cand, steer, time_limit)
    left, right, partners, leaders = compact(cand)
    if (cand.demand > np.maximum(cand.min_demand, 1)).any():
        if fairness is not None:
            checks.fail("fairness", "None when schools want more leaders than they need "
                        "(max_partners > min_partners)", fairness)
            checks.done()
        chosen, status, notes = _schools_first(steer, left, right, partners, leaders, time_limit)
        return assemble(G, cand, chosen, method="optimal", status=status, gap=0.0 if status == "optimal" else math.nan,
                        notes=notes, solved=steer)
    res = solve.max_coverage_assignment(
        left, right, steer.score, cand.demand[partners], cand.capacity[leaders], required=cand.required,
        fairness=None if fairness is None else ("maxmin" if fairness == "maxmin" else "minmax_cost"),
        cost=cand.km if fairness == "minmax_km" else None)
    return assemble(G, cand, res.chosen, method="optimal", status=res.status, gap=res.gap,
                    objective=res.total_weight, solved=steer)


def _schools_first(cand: Candidates, left: np.ndarray, right: np.ndarray, partners: np.ndarray,
                   leaders: np.ndarray, time_limit: float) -> tuple[np.ndarray, str, list[str]]:
    r"""Most schools covered, then most partnerships, then the best score — when schools may take extra leaders.

    With :math:`x_e` per edge and, per school :math:`p`, its first units :math:`f_p \le m_p`
    (``min_partners``) and extra units :math:`g_p \le d_p - m_p`, the flow
    :math:`\sum_{e \in \delta(p)} x_e = f_p + g_p`, leader capacities and :math:`0 \le x \le 1` form
    a network matrix (totally unimodular). Three LPs (HiGHS dual simplex) maximise
    :math:`\sum f`, then :math:`\sum x`, then :math:`\sum w x`, each fixing the previous optimum:
    each stays on an optimal face of an integral polytope, so its vertices are integral.
    With the compiled solver, one min-cost flow gives the same three optima at once
    (``max_coverage_assignment(..., left_first=m)``); the LPs are the fallback without it, under
    ``time_limit`` in all. Returns the chosen edges, the status and notes.
    """
    m = np.maximum(cand.min_demand[partners], 1)
    d = cand.demand[partners]
    if solve.compiled_solver():
        res = solve.max_coverage_assignment(left, right, cand.score, d, cand.capacity[leaders],
                                            required=cand.required, left_first=np.minimum(m, d))
        chosen_flow: np.ndarray = res.chosen
        return chosen_flow, "optimal", []
    return _schools_first_lp(cand, left, right, len(partners), leaders, m, d, time_limit)


def _schools_first_lp(cand: Candidates, left: np.ndarray, right: np.ndarray, n_p: int, leaders: np.ndarray,
                      m: np.ndarray, d: np.ndarray, time_limit: float) -> tuple[np.ndarray, str, list[str]]:
    """The three LPs of :func:`_schools_first` (HiGHS), for when the compiled solver is not built.

    They share ``time_limit``. When it runs out, the last finished stage's plan is kept (an optimal
    vertex of an earlier goal, so whole and feasible), or, before the first, the greedy one of
    :func:`_schools_first_greedy`; the status is then ``"time_limit"``.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    n_e, n_l = len(left), len(leaders)
    # columns: x (n_e), f (n_p), g (n_p)
    rows = np.r_[left, np.arange(n_p), np.arange(n_p)]
    cols = np.r_[np.arange(n_e), n_e + np.arange(n_p), n_e + n_p + np.arange(n_p)]
    vals = np.r_[np.ones(n_e), -np.ones(n_p), -np.ones(n_p)]
    a_eq = sparse.csr_matrix((vals, (rows, cols)), shape=(n_p, n_e + 2 * n_p))
    a_ub = sparse.csr_matrix((np.ones(n_e), (right, np.arange(n_e))), shape=(n_l, n_e + 2 * n_p))
    b_ub = cand.capacity[leaders].astype(float)
    lower = np.r_[cand.required.astype(float), np.zeros(2 * n_p)]
    upper = np.r_[np.ones(n_e), m, np.maximum(d - m, 0)].astype(float)
    goals = [np.r_[np.zeros(n_e), np.ones(n_p), np.zeros(n_p)], np.r_[np.ones(n_e), np.zeros(2 * n_p)],
             np.r_[cand.score, np.zeros(2 * n_p)]]
    extra_rows: list[np.ndarray] = []
    extra_b: list[float] = []
    x = np.zeros(n_e + 2 * n_p)
    start = time.perf_counter()
    names = ("schools covered", "partnerships", "the total score")
    for k, goal in enumerate(goals):
        remaining = time_limit - (time.perf_counter() - start)
        ub_matrix = sparse.vstack([a_ub, *[sparse.csr_matrix(-r) for r in extra_rows]]) if extra_rows else a_ub
        res = None if remaining <= 0 else linprog(
            -goal, A_ub=ub_matrix, b_ub=np.r_[b_ub, extra_b], A_eq=a_eq, b_eq=np.zeros(n_p),
            bounds=np.c_[lower, upper], method="highs-ds", options={"time_limit": remaining})
        if res is None or res.status == 1:  # out of time: a stopped simplex's point may be infeasible
            return _timed_out(cand, left, right, leaders, m, d, None if k == 0 else x[:n_e],
                              f"time_limit={time_limit:g} s ran out while maximising {names[k]}")
        if res.status != 0 or res.x is None:
            from netmatch.exceptions import InfeasibleError

            raise InfeasibleError(f"pairing LP stage {k + 1} ended with status {res.status}: {res.message}")
        x = res.x
        if k < 2:  # keep this optimum while optimising the next goal (integral goals: round down safely)
            extra_rows.append(goal)
            extra_b.append(-(math.floor(float(goal @ x) + 1e-6)))
    return _whole(x[:n_e]), "optimal", []


def _whole(x: np.ndarray) -> np.ndarray:
    """The chosen edges of an LP vertex, which total unimodularity makes whole."""
    if np.abs(x - np.round(x)).max(initial=0) > 1e-6:
        raise AssertionError("the pairing LP returned a fractional vertex")  # pragma: no cover - TU guarantees
    chosen: np.ndarray = np.round(x).astype(bool)
    return chosen


def _timed_out(cand: Candidates, left: np.ndarray, right: np.ndarray, leaders: np.ndarray, m: np.ndarray,
               d: np.ndarray, done: np.ndarray | None, why: str) -> tuple[np.ndarray, str, list[str]]:
    """The plan in hand when the LPs ran out of time: the last finished stage's or the greedy one.

    A finished stage's vertex is whole and feasible and optimal for the goals so far; the greedy
    plan replaces it when it is better on (schools covered, partnerships, total score). No bound
    is proven beyond the finished stages, so the caller reports the gap as NaN.
    """
    greedy = _schools_first_greedy(cand, left, right, leaders, m, d)

    def key(chosen: np.ndarray) -> tuple[int, int, float]:
        got = np.bincount(left[chosen], minlength=len(m))
        return int(np.minimum(got, m).sum()), int(chosen.sum()), float(cand.score[chosen].sum())

    if done is not None:
        kept = _whole(done)
        if key(kept) >= key(greedy):
            return kept, "time_limit", [f"{why}: the plan of the last finished goal is kept, later goals were "
                                        "not optimised (no bound proven)"]
    return greedy, "time_limit", [f"{why}: the greedy plan (the leaders schools need first, then extra "
                                  "ones) is kept (no bound proven)"]


def _schools_first_greedy(cand: Candidates, left: np.ndarray, right: np.ndarray, leaders: np.ndarray,
                          m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """A feasible plan fast: required pairs, then greedy first leaders, then greedy extra leaders.

    The first pass lets each school take only the leaders it needs (``m``, or its required pairs),
    so that schools come before extra partnerships, as in the LPs; the second fills up to ``d``.
    """
    n_p = len(m)
    cap = cand.capacity[leaders]
    need = np.maximum(np.minimum(m, d), np.bincount(left[cand.required], minlength=n_p))
    first = solve.greedy_assignment(left, right, cand.score, need, cap, required=cand.required).chosen
    rest = np.flatnonzero(~first)
    more = solve.greedy_assignment(left[rest], right[rest], cand.score[rest],
                                   np.maximum(d - np.bincount(left[first], minlength=n_p), 0),
                                   cap - np.bincount(right[first], minlength=len(leaders)))
    chosen = first.copy()
    chosen[rest[more.chosen]] = True
    return chosen


def _load_unit_pairing(G: nx.Graph, cand: Candidates, steer: Candidates, time_limit: float) -> Pairing:
    """Leader capacity in mentor hours: a generalised assignment MILP (profits are ``steer``'s scores)."""
    left, right, partners, leaders = compact(cand)
    m, n = len(leaders), len(partners)
    if cand.demand[partners].max(initial=1) > 1:
        raise InvalidInputError(["Load units pair each school with one leader: set max_partners=1 "
                                 "in the constraints to use load_hours."])
    profit = np.full((m, n), np.nan)
    load = np.full((m, n), np.nan)
    mask = np.zeros((m, n), bool)
    profit[right, left] = steer.score
    load[right, left] = cand.load[cand.partner]
    mask[right, left] = True
    hours = cand.hours[leaders]
    # required pairs: forbid every other leader for that school
    for e in np.flatnonzero(cand.required).tolist():
        mask[:, left[e]] = False
        mask[right[e], left[e]] = True
    res = solve.generalized_assignment(profit, load, hours, maximize=True, allow_unassigned=True,
                                       coverage_first=True, time_limit=time_limit, mask=mask)
    # the edge of each (leader, school) cell, to read the assignment back
    edge_of = np.full((m, n), -1, np.int64)
    edge_of[right, left] = np.arange(len(cand))
    agent = np.asarray(res.assignment, dtype=np.int64)
    assigned = np.flatnonzero(agent >= 0)
    chosen = np.zeros(len(cand), bool)
    chosen[edge_of[agent[assigned], assigned]] = True
    used_hours = np.zeros(len(cand.ids))
    used_hours[leaders] = res.load_used
    cap_hours = np.zeros(len(cand.ids))
    cap_hours[leaders] = hours
    # a plan with no finite bound has an unknown gap: NaN in a Pairing, "no bound yet" in its notes
    gap = res.gap if math.isfinite(res.gap) else math.nan
    proven = f", proven gap {gap:.2%}" if math.isfinite(gap) else ""  # else res.notes say "no bound yet"
    notes = [f"leader capacity in mentor hours a week; {res.seconds:.1f} s, status {res.status}{proven}",
             *res.notes]
    return assemble(G, cand, chosen, method="load_units", status=res.status, gap=gap, objective=res.objective,
                    notes=notes, used_units=used_hours, unit_capacity=cap_hours,
                    lacking="часов наставничества", solved=steer)


@validate_params(G=GRAPH, scores=_SCORES)
def greedy_pairing(G: nx.Graph, *, scores: Scores | None = None) -> Pairing:
    """A baseline: pairs taken from the highest score down while both schools have room.

    Fast and simple, but it may leave schools unpaired that :func:`optimal_pairing` covers;
    use it to show what the exact solver gains. ``scores`` as in :func:`optimal_pairing`.

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> greedy_pairing(G).kpis.covered <= optimal_pairing(G).kpis.covered
    True
    """
    cand = candidates_of(G)
    steer = steered(cand, scores, "greedy_pairing")
    left, right, partners, leaders = compact(cand)
    # required pairs are contracts: they go in first, then the greedy fill
    res = solve.greedy_assignment(left, right, steer.score, cand.demand[partners], cand.capacity[leaders],
                                  required=cand.required)
    return assemble(G, cand, res.chosen, method="greedy", status="heuristic", gap=math.nan, solved=steer)


# --- stable pairing ------------------------------------------------------------------------


@validate_params(G=GRAPH, proposing=one_of("school", "leader"), preferences=_PREFERENCES, complete=FLAG,
                 scores=_SCORES)
def stable_pairing(
    G: nx.Graph,
    proposing: Literal["school", "leader"] = "school",
    preferences: Preferences | None = None,
    *,
    complete: bool = False,
    scores: Scores | None = None,
) -> Pairing:
    """A stable pairing (hospitals/residents deferred acceptance with leader capacities).

    No leader and school would both rather be together than with what they have. Each
    ШНОР/ШНСУ takes one leader here.

    Parameters
    ----------
    G : networkx.Graph
    proposing : {"school", "leader"}
        The proposing side gets its best stable outcome.
    preferences : dict, optional
        ``{"schools": {school_id: [leader ids, best first]}, "leaders": {leader_id: [school
        ids, best first]}}``. A side (or a school) left out ranks by pair score, ties broken
        by the other school's id. Only feasible pairs count; others are skipped with a note.
    complete : bool
        After the stable pairing, pair whoever is left where feasible (maximum coverage on
        what remains) and report in ``blocking`` how many blocking pairs that creates.
    scores : dict, optional
        As in :func:`optimal_pairing`: the rankings by score (and ``blocking``) use these
        scores for the pairs named.

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> plan = stable_pairing(G)
    >>> plan.blocking, blocking_pairs(G, plan)
    (0, [])
    """
    checks = Checks("stable_pairing")
    checks.choice("proposing", proposing, ("school", "leader"))
    checks.done()
    cand = candidates_of(G)
    if int(cand.demand.max(initial=0)) > 1:
        raise InvalidInputError(["stable_pairing pairs each school with one leader: build the graph with "
                                 "max_partners=1."])
    steer = steered(cand, scores, "stable_pairing")
    left, right, _, leaders = compact(cand)
    s_prefs, l_prefs, notes = _stable_preferences(steer, preferences, "stable_pairing")
    match = np.array(solve.deferred_acceptance(s_prefs, l_prefs, cand.capacity[leaders], proposing=proposing))
    chosen = _matched_edges(cand, left, right, match)
    status = "stable"
    if complete:
        _complete(steer, left, right, leaders, chosen, match)
        status = "stable+completed"
    blocking = solve.blocking_pairs(s_prefs, l_prefs, cand.capacity[leaders], match)
    return assemble(G, cand, chosen, method="stable", status=status, gap=math.nan, blocking=len(blocking),
                    notes=notes, solved=steer)


def _matched_edges(cand: Candidates, left: np.ndarray, right: np.ndarray, match: np.ndarray) -> np.ndarray:
    """The candidate edges of a matching (school number -> leader number, -1 when unmatched)."""
    if not len(cand):
        return np.zeros(0, bool)
    mine = match[np.maximum(left, 0)]
    chosen: np.ndarray = (left >= 0) & (mine >= 0) & (mine == right)
    return chosen


def _complete(cand: Candidates, left: np.ndarray, right: np.ndarray, leaders: np.ndarray, chosen: np.ndarray,
              match: np.ndarray) -> None:
    """Pair the schools a stable pairing left over where leaders have room (maximum coverage), in place."""
    free_cap = cand.capacity[leaders] - np.bincount(right[chosen], minlength=len(leaders))
    open_school = match < 0
    usable = open_school[left] & (free_cap[right] > 0)
    sub = np.flatnonzero(usable)
    if len(sub):
        extra = solve.max_coverage_assignment(left[sub], right[sub], cand.score[sub],
                                              open_school.astype(np.int64), free_cap)
        picked = sub[extra.chosen]
        chosen[picked] = True
        match[left[picked]] = right[picked]


@validate_params(G=GRAPH, pairing=_PAIRING, preferences=_PREFERENCES)
def blocking_pairs(G: nx.Graph, pairing: Pairing, preferences: Preferences | None = None) -> list[tuple[str, str]]:
    """Every (leader, school) pair that would both rather be together than keep the pairing.

    Preferences as in :func:`stable_pairing` (by score unless given).

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> blocking_pairs(G, stable_pairing(G))
    []
    """
    cand = candidates_of(G)
    _, _, partners, leaders = compact(cand)
    s_prefs, l_prefs, _ = _stable_preferences(cand, preferences, "blocking_pairs")
    lid = {cand.ids[r]: k for k, r in enumerate(leaders.tolist())}
    match = np.full(len(partners), -1, np.int64)
    pid = {cand.ids[r]: k for k, r in enumerate(partners.tolist())}
    for p in pairing.pairs:
        match[pid[p.partner]] = lid[p.leader]
    found = solve.blocking_pairs(s_prefs, l_prefs, cand.capacity[leaders], match)
    return sorted((cand.ids[leaders[lead]], cand.ids[partners[s]]) for s, lead in found)


# --- per-subject pairing ---------------------------------------------------------------------


def _profiles(G: nx.Graph, ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The (procedure, subject) keys of every profile, and each school's z-scores (NaN where unknown)."""
    keys = sorted({k for n in ids for k in G.nodes[n].get("profile", {})})
    kpos = {k: i for i, k in enumerate(keys)}
    z = np.full((len(ids), len(keys)), np.nan)
    for i, n in enumerate(ids):
        for k, v in G.nodes[n].get("profile", {}).items():
            z[i, kpos[k]] = v
    return keys, z


def _no_subject_pairs(G: nx.Graph, cand: Candidates) -> Pairing:
    return assemble(G, cand, np.zeros(len(cand), bool), method="subject", status="optimal", subjects=[],
                    edge_index=np.zeros(0, np.int64))


def _subject_checks(weak_z: float, strong_z: float, max_subjects: int, subject_capacity: int | None,
                    leader_total: int | None, max_leaders: int) -> None:
    checks = Checks("subject_pairing")
    checks.number("weak_z", weak_z)
    checks.number("strong_z", strong_z)
    checks.number("max_subjects", max_subjects, ge=0, integer=True)
    checks.number("subject_capacity", subject_capacity, ge=0, integer=True, optional=True)
    checks.number("leader_total", leader_total, ge=0, integer=True, optional=True)
    checks.number("max_leaders", max_leaders, ge=0, integer=True)
    checks.done()


@validate_params(G=GRAPH, weak_z=number(), strong_z=number(), max_subjects=_WHOLE, subject_capacity=(_WHOLE, NONE),
                 leader_total=(_WHOLE, NONE), max_leaders=_WHOLE, scores=_SCORES)
def subject_pairing(
    G: nx.Graph,
    *,
    weak_z: float = -0.5,
    strong_z: float = 0.5,
    max_subjects: int = 3,
    subject_capacity: int | None = None,
    leader_total: int | None = None,
    max_leaders: int = 3,
    scores: Scores | None = None,
) -> Pairing:
    """Pair each school's weak subjects with leaders strong in them — possibly different leaders.

    A school's weak subjects are its (procedure, subject) profile z-scores at or below
    ``weak_z`` (its ``max_subjects`` weakest); a leader serves a subject where its z-score is
    at least ``strong_z``. Each (school, subject) gets one leader; a leader takes at most
    ``subject_capacity`` schools per subject (default: its partner capacity) and
    ``leader_total`` (school, subject) pairs in all (default: twice its capacity); a school
    gets at most ``max_leaders`` different (school, subject) assignments. The weight of a
    (leader, school, subject) edge is the pair's score with the subject component replaced
    by ``tanh(z_leader · (−z_school))`` for that subject. Exact (a b-matching with laminar
    capacities on both sides). ``scores`` as in :func:`optimal_pairing` (the pair's score in
    the weight).

    A school that needs a leader but has no weak subject with a strong leader in reach (a ШНСУ
    with even results, say) is paired on its overall profile: one leader, by the pair's score,
    from the same capacities; its pair's ``subject`` is ``None``.

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> plan = subject_pairing(G)
    >>> plan.kpis.share_covered, sum(p.subject is None for p in plan.pairs)
    (1.0, 2)
    """
    _subject_checks(weak_z, strong_z, max_subjects, subject_capacity, leader_total, max_leaders)
    cand = candidates_of(G)
    steer = steered(cand, scores, "subject_pairing")
    ids = cand.ids
    keys, z = _profiles(G, ids)
    if not len(cand):
        return _no_subject_pairs(G, cand)
    e_idx, k_idx, weight = _subject_edges(G, cand, z, steer.score, weak_z, strong_z, max_subjects)
    # left nodes: (school, subject) demands; right nodes: (leader, subject) slots; column len(keys) is «overall»
    width = len(keys) + 1
    lkey = cand.partner[e_idx] * width + k_idx
    rkey = cand.leader[e_idx] * width + k_idx
    luniq, lnode = np.unique(lkey, return_inverse=True)
    runiq, rnode = np.unique(rkey, return_inverse=True)
    lead_rows = runiq // width
    cap = cand.capacity[lead_rows] if subject_capacity is None else np.full(len(runiq), subject_capacity)
    groups, rgroup = np.unique(lead_rows, return_inverse=True)
    total = 2 * cand.capacity[groups] if leader_total is None else np.full(len(groups), leader_total)
    school_rows = luniq // width
    sgroups, lgroup = np.unique(school_rows, return_inverse=True)
    res = solve.max_coverage_assignment(
        lnode, rnode, weight, np.ones(len(luniq), np.int64), cap.astype(np.int64), right_group=rgroup,
        group_capacity=total.astype(np.int64), left_group=lgroup,
        left_group_capacity=np.full(len(sgroups), max_leaders, np.int64))
    sel = np.flatnonzero(res.chosen)
    subjects = [keys[k] if k < len(keys) else None for k in k_idx[sel].tolist()]
    return assemble(G, cand, np.zeros(len(cand), bool), method="subject", status=res.status, gap=res.gap,
                    objective=res.total_weight, subjects=subjects, edge_index=e_idx[sel], solved=steer)


def _subject_edges(G: nx.Graph, cand: Candidates, z: np.ndarray, score: np.ndarray, weak_z: float, strong_z: float,
                   max_subjects: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (edge, subject column, weight) triples of :func:`subject_pairing`.

    A weak subject of the partner that the leader is strong in, weighted by the pair's score with
    the subject part for that subject; and, for a school that needs a leader but has no such
    subject with a leader in reach, each of its candidate edges in column ``z.shape[1]``
    («overall»), weighted by the pair's score.
    """
    n, width = z.shape
    weak = np.zeros_like(z, dtype=bool)
    zp = np.where(np.isnan(z), np.inf, z)
    order = np.argsort(zp, axis=1, kind="stable")[:, :max_subjects]
    rows = np.repeat(np.arange(n), order.shape[1])
    cols = order.ravel()
    weak[rows, cols] = zp[rows, cols] <= weak_z
    weak &= cand.needs_partner[:, None]
    strong = np.nan_to_num(z, nan=-np.inf) >= strong_z
    e_idx, k_idx = np.nonzero(weak[cand.partner] & strong[cand.leader])
    w = G.graph.get("weights", {}).get("subject", 0.35)
    zl, zpart = z[cand.leader[e_idx], k_idx], z[cand.partner[e_idx], k_idx]
    weight = score[e_idx] - w * cand.components["subject"][e_idx] + w * np.tanh(np.clip(zl * -zpart, 0, None))
    served = np.zeros(n, bool)
    served[cand.partner[e_idx]] = True
    o_idx = np.flatnonzero((cand.needs_partner & ~served)[cand.partner])
    return (np.concatenate([e_idx, o_idx]), np.concatenate([k_idx, np.full(len(o_idx), width)]),
            np.concatenate([weight, score[o_idx]]))


# --- the checker -----------------------------------------------------------------------------


@validate_params(G=GRAPH, pairing=_PAIRING)
def check_pairing(G: nx.Graph, pairing: Pairing) -> list[str]:
    """Every violated rule of a pairing: capacity, demand, feasibility, required pairs.

    Returns an empty list for a valid pairing. Pairs must be candidate edges of ``G`` (which
    encode distance, mode, phase, language and exclusions); leader loads within capacity
    (or mentor hours, for load units); schools within their demand; required pairs present;
    every ШНОР/ШНСУ short of leaders listed in ``pairing.unpaired``. Linear in the number of
    candidate edges and pairs.

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> check_pairing(G, greedy_pairing(G))
    []
    """
    return pairing_problems(G, pairing)
