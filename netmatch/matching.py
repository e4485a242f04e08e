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
unimodular system, a MILP for load units, deferred acceptance for stability.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import numpy as np

from netmatch._base.util import gc_paused
from netmatch._solvers import assignment as solve
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Candidates, candidates_of, explain_both
from netmatch.scoring import COMPONENTS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NETWORK_TARGET",
    "Pair",
    "Pairing",
    "Unpaired",
    "blocking_pairs",
    "check_pairing",
    "greedy_pairing",
    "optimal_pairing",
    "stable_pairing",
    "subject_pairing",
]

#: Programme target: the share of all schools in the network.
NETWORK_TARGET = 0.5
#: Programme target: the share of ШНОР/ШНСУ in a partnership.
COVERAGE_TARGET = 1.0


@dataclass(frozen=True)
class Pair:
    """One partnership: a leader and a partner school (and, per subject, the subject)."""

    leader: str
    partner: str
    score: float
    km: float
    minutes: float
    mode: str
    components: Mapping[str, float]
    required: bool = False
    existing: bool = False
    subject: str | None = None
    explanation_ru: str = ""
    explanation_en: str = ""

    def explanation(self, lang: str = "ru") -> str:
        """Why this pair, in Russian or English."""
        return self.explanation_ru if lang == "ru" else self.explanation_en


@dataclass(frozen=True)
class Unpaired:
    """A school without (enough) leaders, and why.

    ``code`` is one of ``"no_coordinates"``, ``"no_leaders"``, ``"out_of_reach"``,
    ``"phase"``, ``"language"``, ``"excluded"``, ``"internet"``, ``"leaders_full"``,
    ``"not_chosen"`` (stable pairing: every feasible leader preferred others);
    ``full_leaders`` names the feasible leaders that are full and ``best_score`` the score
    the best of them would give if it took one more school.
    """

    school: str
    code: str
    reason_ru: str
    reason_en: str
    missing: int = 1
    nearest_leader: str | None = None
    nearest_km: float | None = None
    full_leaders: tuple[str, ...] = ()
    best_score: float | None = None

    def reason(self, lang: str = "ru") -> str:
        """The reason in Russian or English."""
        return self.reason_ru if lang == "ru" else self.reason_en


@dataclass(frozen=True)
class Kpis:
    """Programme indicators of a pairing."""

    needing: int
    covered: int
    share_covered: float
    schools: int
    in_network: int
    share_in_network: float
    mean_km: float
    max_km: float
    remote_pairs: int
    leader_load: Mapping[str, tuple[int, int]]

    @property
    def coverage_target_met(self) -> bool:
        """All ШНОР/ШНСУ in a partnership (target 100%)."""
        return self.share_covered >= COVERAGE_TARGET - 1e-12

    @property
    def network_target_met(self) -> bool:
        """At least half of all schools in the network."""
        return self.share_in_network >= NETWORK_TARGET

    def as_dict(self) -> dict[str, Any]:
        """Flat figures, for tables and comparisons."""
        loads = [used for used, _ in self.leader_load.values()]
        return {
            "needing": self.needing, "covered": self.covered, "share_covered": self.share_covered,
            "coverage_target_met": self.coverage_target_met, "schools": self.schools,
            "in_network": self.in_network, "share_in_network": self.share_in_network,
            "network_target_met": self.network_target_met, "mean_km": self.mean_km, "max_km": self.max_km,
            "remote_pairs": self.remote_pairs, "leaders_used": sum(1 for x in loads if x),
            "max_leader_load": max(loads, default=0),
        }


@dataclass(frozen=True)
class Pairing:
    """An immutable pairing plan: pairs, unpaired schools with reasons, and indicators.

    ``method`` is the solver (``"optimal"``, ``"load_units"``, ``"stable"``, ``"subject"``,
    ``"greedy"``), ``status`` ``"optimal"``, ``"time_limit"``, ``"stable"`` or ``"heuristic"``
    and ``gap`` the proven relative optimality gap (0 when optimal, NaN when not applicable).
    ``blocking`` counts blocking pairs where that is meaningful (stable pairing).
    """

    pairs: tuple[Pair, ...]
    unpaired: tuple[Unpaired, ...]
    kpis: Kpis
    roles: Mapping[str, str]
    method: str
    status: str
    gap: float = 0.0
    objective: float = 0.0
    blocking: int | None = None
    notes: tuple[str, ...] = ()
    capacity_note: Mapping[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.pairs)

    def partners_of(self, leader: str) -> tuple[str, ...]:
        """The partner schools of one leader."""
        return tuple(p.partner for p in self.pairs if p.leader == leader)

    def leaders_of(self, school: str) -> tuple[str, ...]:
        """The leaders of one partner school."""
        return tuple(p.leader for p in self.pairs if p.partner == school)

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per pair, per unpaired school and per other school of the registry.

        Columns: ``school``, ``leader`` (empty when unpaired), ``subject``, ``score``,
        ``distance_km``, ``minutes``, ``mode``, ``role``, ``reason`` (the pair's explanation,
        or why the school has no leader, or why it needs none), then the score components as
        ``score_subject``, ``score_gap`` and so on. Every school of the registry appears at least once.
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for p in self.pairs:
            rows.append({"school": p.partner, "leader": p.leader, "subject": p.subject or "", "score": p.score,
                         "distance_km": p.km, "minutes": p.minutes, "mode": p.mode, "role": "partner",
                         "reason": p.explanation(lang),
                         **{f"score_{c}": p.components.get(c, math.nan) for c in COMPONENTS}})
        for u in self.unpaired:
            rows.append({"school": u.school, "leader": "", "subject": "", "score": math.nan,
                         "distance_km": math.nan if u.nearest_km is None else u.nearest_km, "minutes": math.nan,
                         "mode": "", "role": "partner", "reason": u.reason(lang)})
        listed = {r["school"] for r in rows}
        for school, role in self.roles.items():
            if school in listed:
                continue
            if role == "leader":
                used, cap = self.kpis.leader_load.get(school, (0, 0))
                text = (f"школа-лидер: партнёров {used} из {cap}" if lang == "ru"
                        else f"leader school: {used} of {cap} partners")
                if used:
                    continue
            else:
                text = _ROLE_TEXT[role][0 if lang == "ru" else 1]
            rows.append({"school": school, "leader": "", "subject": "", "score": math.nan, "distance_km": math.nan,
                         "minutes": math.nan, "mode": "", "role": role, "reason": text})
        columns = ["school", "leader", "subject", "score", "distance_km", "minutes", "mode", "role", "reason",
                   *(f"score_{c}" for c in COMPONENTS)]
        return pd.DataFrame(rows, columns=columns)


_ROLE_TEXT = {
    "ordinary": ("партнёр не требуется: школа не ШНОР и не ШНСУ", "needs no leader: neither ШНОР nor ШНСУ"),
    "insufficient_data": ("недостаточно данных о результатах для статуса", "too few results to assign a status"),
    "leader": ("школа-лидер", "leader school"),
    "partner": ("", ""),
}


# --- building a Pairing from chosen edges ------------------------------------------------------


def _roles(G: nx.Graph, cand: Candidates) -> dict[str, str]:
    roles = {}
    for i, s in enumerate(cand.ids):
        if cand.is_leader[i]:
            roles[s] = "leader"
        elif cand.needs_partner[i]:
            roles[s] = "partner"
        elif "insufficient_data" in G.nodes[s].get("status", ()):
            roles[s] = "insufficient_data"
        else:
            roles[s] = "ordinary"
    return roles


def _km(x: float | None) -> str:
    return "?" if x is None or x != x else f"{x:.0f}"


def _unpaired_reason(G: nx.Graph, cand: Candidates, row: int, got: int, edges_of: np.ndarray,
                     used: np.ndarray, cap: np.ndarray, lacking: str | None = None) -> Unpaired:
    """Why school ``row`` has fewer leaders than it needs."""
    ids = cand.ids
    school = ids[row]
    missing = int(cand.demand[row] - got)
    diag = cand.diagnostics
    cons = G.graph.get("constraints", {})
    limit = cons.get("max_km")
    nearest = int(diag["nearest_leader"][row]) if "nearest_leader" in diag else -1
    nearest_id = ids[nearest] if nearest >= 0 else None
    nearest_km = float(diag["nearest_km"][row]) if "nearest_km" in diag and nearest >= 0 else None
    base: dict[str, Any] = {"school": school, "missing": missing, "nearest_leader": nearest_id,
                            "nearest_km": nearest_km}
    if "located" in diag and not bool(diag["located"][row]):
        return Unpaired(**base, code="no_coordinates",
                        reason_ru="нет координат школы: расстояния до лидеров не вычислить",
                        reason_en="the school has no coordinates: distances to leaders are unknown")
    if not cand.is_leader.any():
        return Unpaired(**base, code="no_leaders", reason_ru="в реестре нет школ-лидеров",
                        reason_en="the registry has no leader schools")
    if len(edges_of) == 0:
        far = (f"ближайший лидер — {nearest_id}, {_km(nearest_km)} км" if nearest_id
               else "лидеров с координатами нет")
        far_en = (f"the nearest leader is {nearest_id}, {_km(nearest_km)} km" if nearest_id
                  else "no leader has coordinates")
        within = int(diag["in_reach"][row]) if "in_reach" in diag else 0
        for code, key, ru, en in (
            ("phase", "phase_mismatch", "лидеры рядом не ведут нужные уровни образования",
             "the leaders in reach do not teach the phases the school needs"),
            ("language", "language_mismatch", "у лидеров рядом другой язык обучения",
             "the leaders in reach teach in another language"),
            ("excluded", "excluded", "пары с лидерами рядом исключены настройками",
             "the pairs with the leaders in reach are excluded"),
            ("internet", "internet", "для дистанционной работы не хватает скорости интернета",
             "internet too slow for remote work"),
        ):
            count = int(diag[key][row]) if key in diag else 0
            if count:
                return Unpaired(**base, code=code, reason_ru=f"{ru} ({count}); {far}",
                                reason_en=f"{en} ({count}); {far_en}")
        limit_ru = f"в пределах {limit:.0f} км" if limit else "в пределах ограничений"
        limit_en = f"within {limit:.0f} km" if limit else "within the limits"
        extra_ru = "" if within else "; дистанционная работа не разрешена или невозможна"
        extra_en = "" if within else "; remote work not allowed or not possible"
        return Unpaired(**base, code="out_of_reach", reason_ru=f"нет лидера {limit_ru}; {far}{extra_ru}",
                        reason_en=f"no leader {limit_en}; {far_en}{extra_en}")
    leaders = cand.leader[edges_of]
    full = [(int(lead), float(cand.score[e])) for e, lead in zip(edges_of.tolist(), leaders.tolist(), strict=True)
            if used[lead] >= cap[lead]]
    if full and len(full) == len(edges_of):
        full.sort(key=lambda t: (-t[1], ids[t[0]]))
        names = ", ".join(f"{ids[lead]} ({int(used[lead])}/{int(cap[lead])})" for lead, _ in full[:5])
        more = f" и ещё {len(full) - 5}" if len(full) > 5 else ""
        more_en = f" and {len(full) - 5} more" if len(full) > 5 else ""
        best_leader, best = full[0]
        unit_en = "mentor hours" if lacking else "places"
        return Unpaired(
            **base, code="leaders_full", full_leaders=tuple(ids[lead] for lead, _ in full), best_score=best,
            reason_ru=(f"все доступные лидеры заняты: {names}{more}; если {ids[best_leader]} возьмёт ещё одну "
                       f"школу, балл пары {best:.2f}"),
            reason_en=(f"every feasible leader is full ({unit_en}): {names}{more_en}; if {ids[best_leader]} took "
                       f"one more school the pair would score {best:.2f}"),
        )
    return Unpaired(**base, code="not_chosen",
                    reason_ru="доступные лидеры предпочли другие школы (устойчивое распределение)",
                    reason_en="the feasible leaders preferred other schools (stable pairing)")


@gc_paused()  # many small objects at once: see gc_paused
def _pairing(G: nx.Graph, cand: Candidates, chosen: np.ndarray, *, method: str, status: str, gap: float = 0.0,
             objective: float | None = None, blocking: int | None = None, notes: Sequence[str] = (),
             subjects: Sequence[str | None] | None = None, edge_index: np.ndarray | None = None,
             used_units: np.ndarray | None = None, unit_capacity: np.ndarray | None = None,
             lacking: str | None = None) -> Pairing:
    """Assemble the result: pairs (with explanations), unpaired schools with reasons, KPIs."""
    ids = cand.ids
    n = len(ids)
    sel = np.flatnonzero(chosen) if edge_index is None else np.asarray(edge_index)
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
    # partners count once per distinct leader (per-subject pairs of one leader count once)
    got = np.zeros(n, np.int64)
    seen = {(p.leader, p.partner) for p in pairs}
    index = {s: i for i, s in enumerate(ids)}
    for _, b in seen:
        got[index[b]] += 1
    used = np.zeros(n, np.int64) if used_units is None else used_units
    if used_units is None:
        for a, _ in seen:
            used[index[a]] += 1
    cap = cand.capacity if unit_capacity is None else unit_capacity
    # the candidate edges of each school, for the reasons
    order = np.argsort(cand.partner, kind="stable")
    starts = np.searchsorted(cand.partner[order], np.arange(n + 1))
    unpaired = []
    for row in np.flatnonzero(cand.needs_partner & (got < cand.demand)).tolist():
        edges_of = order[starts[row]:starts[row + 1]]
        unpaired.append(_unpaired_reason(G, cand, row, int(got[row]), edges_of, used, cap, lacking))
    needing = int(cand.needs_partner.sum())
    covered = int((cand.needs_partner & (got >= np.maximum(cand.min_demand, 1))).sum())
    in_net = {a for a, _ in seen} | {b for _, b in seen}
    kms = np.array([p.km for p in pairs]) if pairs else np.zeros(0)
    uniq_km = np.array([cand.km[e] for e in sel.tolist()]) if len(sel) else kms
    # counts of partners, or mentor hours rounded to whole hours for load units
    load = {ids[i]: (round(float(used[i])), round(float(cap[i]))) for i in np.flatnonzero(cand.is_leader).tolist()}
    kpis = Kpis(
        needing=needing, covered=covered, share_covered=covered / needing if needing else 1.0,
        schools=n, in_network=len(in_net), share_in_network=len(in_net) / n if n else 0.0,
        mean_km=float(np.mean(uniq_km)) if len(uniq_km) else math.nan,
        max_km=float(np.max(uniq_km)) if len(uniq_km) else math.nan,
        remote_pairs=sum(p.mode == "remote" for p in pairs), leader_load=load)
    total = float(sum(p.score for p in pairs)) if objective is None else objective
    return Pairing(pairs=tuple(pairs), unpaired=tuple(unpaired), kpis=kpis, roles=_roles(G, cand), method=method,
                   status=status, gap=gap, objective=total, blocking=blocking, notes=tuple(notes))


def _compact(cand: Candidates) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Left (partner) and right (leader) node numbers of each edge, and the rows they stand for."""
    partners = np.flatnonzero(cand.needs_partner)
    leaders = np.flatnonzero(cand.is_leader)
    pos = np.full(len(cand.ids), -1, np.int64)
    pos[partners] = np.arange(len(partners))
    lpos = np.full(len(cand.ids), -1, np.int64)
    lpos[leaders] = np.arange(len(leaders))
    return pos[cand.partner], lpos[cand.leader], partners, leaders


# --- solvers ---------------------------------------------------------------------------------


def optimal_pairing(
    G: nx.Graph,
    *,
    fairness: Literal["maxmin", "minmax_km"] | None = None,
    load_units: bool | None = None,
    time_limit: float = 60.0,
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
        ``load_hours``. On time-out the best plan found is returned with its proven ``gap``.
    time_limit : float
        Seconds for the MILP (load units).

    Returns
    -------
    Pairing

    Notes
    -----
    Demand is ``Constraints.max_partners`` per ШНОР/ШНСУ; leader capacity the registry's (or
    the constraint's) number of partners. Required pairs are always in the plan. The problem
    is a b-matching whose constraint matrix is totally unimodular, solved exactly as a min-cost
    flow by successive shortest paths in netmatch's compiled solver, or by scipy's sparse
    assignment where that is not built (see ``netmatch._solvers.assignment.max_coverage_assignment``).

    Examples
    --------
    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> plan = optimal_pairing(G)
    >>> plan.kpis.share_covered, check_pairing(G, plan)
    (1.0, [])
    """
    if fairness not in (None, "maxmin", "minmax_km"):
        raise InvalidInputError([f"The 'fairness' parameter of optimal_pairing must be None, 'maxmin' or "
                                 f"'minmax_km'. Got {fairness!r} instead."])
    cand = candidates_of(G)
    hours_mode = bool(G.graph.get("constraints", {}).get("load_hours")) if load_units is None else load_units
    if hours_mode:
        return _load_unit_pairing(G, cand, time_limit)
    left, right, partners, leaders = _compact(cand)
    if (cand.demand > np.maximum(cand.min_demand, 1)).any():
        if fairness is not None:
            raise InvalidInputError(["The fairness options need every school to want as many leaders as it "
                                     "needs (max_partners == min_partners)."])
        chosen = _schools_first(cand, left, right, partners, leaders, time_limit)
        return _pairing(G, cand, chosen, method="optimal", status="optimal", gap=0.0)
    res = solve.max_coverage_assignment(
        left, right, cand.score, cand.demand[partners], cand.capacity[leaders], required=cand.required,
        fairness=None if fairness is None else ("maxmin" if fairness == "maxmin" else "minmax_cost"),
        cost=cand.km if fairness == "minmax_km" else None)
    return _pairing(G, cand, res.chosen, method="optimal", status=res.status, gap=res.gap,
                    objective=res.total_weight)


def _schools_first(cand: Candidates, left: np.ndarray, right: np.ndarray, partners: np.ndarray,
                   leaders: np.ndarray, time_limit: float) -> np.ndarray:
    r"""Most schools covered, then most partnerships, then the best score — when schools may take extra leaders.

    With :math:`x_e` per edge and, per school :math:`p`, its first units :math:`f_p \le m_p`
    (``min_partners``) and extra units :math:`g_p \le d_p - m_p`, the flow
    :math:`\sum_{e \in \delta(p)} x_e = f_p + g_p`, leader capacities and :math:`0 \le x \le 1` form
    a network matrix (totally unimodular). Three LPs (HiGHS dual simplex) maximise
    :math:`\sum f`, then :math:`\sum x`, then :math:`\sum w x`, each fixing the previous optimum:
    each stays on an optimal face of an integral polytope, so its vertices are integral.
    With the compiled solver, one min-cost flow gives the same three optima at once
    (``max_coverage_assignment(..., left_first=m)``); the LPs are the fallback without it.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    n_e, n_p, n_l = len(left), len(partners), len(leaders)
    m = np.maximum(cand.min_demand[partners], 1)
    d = cand.demand[partners]
    if solve.compiled_solver():
        res = solve.max_coverage_assignment(left, right, cand.score, d, cand.capacity[leaders],
                                            required=cand.required, left_first=np.minimum(m, d))
        chosen_flow: np.ndarray = res.chosen
        return chosen_flow
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
    for k, goal in enumerate(goals):
        ub_matrix = sparse.vstack([a_ub, *[sparse.csr_matrix(-r) for r in extra_rows]]) if extra_rows else a_ub
        res = linprog(-goal, A_ub=ub_matrix, b_ub=np.r_[b_ub, extra_b], A_eq=a_eq, b_eq=np.zeros(n_p),
                      bounds=np.c_[lower, upper], method="highs-ds", options={"time_limit": time_limit})
        if res.status != 0 or res.x is None:
            from netmatch.exceptions import InfeasibleError

            raise InfeasibleError(f"pairing LP stage {k + 1} ended with status {res.status}: {res.message}")
        x = res.x
        if k < 2:  # keep this optimum while optimising the next goal (integral goals: round down safely)
            extra_rows.append(goal)
            extra_b.append(-(math.floor(float(goal @ x) + 1e-6)))
    chosen = x[:n_e]
    if np.abs(chosen - np.round(chosen)).max(initial=0) > 1e-6:
        raise AssertionError("the pairing LP returned a fractional vertex")  # pragma: no cover - TU guarantees
    return np.round(chosen).astype(bool)


def _load_unit_pairing(G: nx.Graph, cand: Candidates, time_limit: float) -> Pairing:
    left, right, partners, leaders = _compact(cand)
    m, n = len(leaders), len(partners)
    if cand.demand[partners].max(initial=1) > 1:
        raise InvalidInputError(["Load units pair each school with one leader: set max_partners=1 "
                                 "in the constraints to use load_hours."])
    profit = np.full((m, n), np.nan)
    load = np.full((m, n), np.nan)
    mask = np.zeros((m, n), bool)
    profit[right, left] = cand.score
    load[right, left] = cand.load[cand.partner]
    mask[right, left] = True
    hours = cand.hours[leaders]
    # required pairs: forbid every other leader for that school
    for e in np.flatnonzero(cand.required).tolist():
        mask[:, left[e]] = False
        mask[right[e], left[e]] = True
    res = solve.generalized_assignment(profit, load, hours, maximize=True, allow_unassigned=True,
                                       coverage_first=True, time_limit=time_limit, mask=mask)
    chosen = np.zeros(len(cand), bool)
    key = {(int(r), int(c)): e for e, (r, c) in enumerate(zip(right.tolist(), left.tolist(), strict=True))}
    for j, agent in enumerate(res.assignment.tolist()):
        if agent >= 0:
            chosen[key[(agent, j)]] = True
    used_hours = np.zeros(len(cand.ids))
    used_hours[leaders] = res.load_used
    cap_hours = np.zeros(len(cand.ids))
    cap_hours[leaders] = hours
    notes = [f"leader capacity in mentor hours a week; {res.seconds:.1f} s, status {res.status}, "
             f"proven gap {res.gap:.2%}"]
    return _pairing(G, cand, chosen, method="load_units", status=res.status, gap=res.gap, objective=res.objective,
                    notes=notes, used_units=used_hours, unit_capacity=cap_hours,
                    lacking="часов наставничества")


def greedy_pairing(G: nx.Graph) -> Pairing:
    """A baseline: pairs taken from the highest score down while both schools have room.

    Fast and simple, but it may leave schools unpaired that :func:`optimal_pairing` covers;
    use it to show what the exact solver gains.

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> greedy_pairing(G).kpis.covered <= optimal_pairing(G).kpis.covered
    True
    """
    cand = candidates_of(G)
    left, right, partners, leaders = _compact(cand)
    # required pairs are contracts: they go in first, then the greedy fill
    res = solve.greedy_assignment(left, right, cand.score, cand.demand[partners], cand.capacity[leaders],
                                  required=cand.required)
    return _pairing(G, cand, res.chosen, method="greedy", status="heuristic", gap=math.nan)


# --- stable pairing ------------------------------------------------------------------------


def _preferences(cand: Candidates, preferences: Mapping[str, Mapping[str, Sequence[str]]] | None
                 ) -> tuple[list[list[int]], list[list[int]], list[str]]:
    """Strict preference lists over feasible edges; explicit lists where given, else by score.

    Ties in scores are broken by the other school's id (ascending), so the order never depends
    on the order of the input.
    """
    ids = cand.ids
    left, right, partners, leaders = _compact(cand)
    notes: list[str] = []
    prefs = dict(preferences or {})
    unknown = set(prefs) - {"schools", "leaders"}
    if unknown:
        raise InvalidInputError([f"The 'preferences' parameter of stable_pairing takes the keys 'schools' and "
                                 f"'leaders'. Got {sorted(unknown)} instead."])
    feasible = set(zip(left.tolist(), right.tolist(), strict=True))
    lid = {ids[r]: k for k, r in enumerate(leaders.tolist())}
    pid = {ids[r]: k for k, r in enumerate(partners.tolist())}
    school_lists: list[list[int]] = [[] for _ in partners]
    leader_lists: list[list[int]] = [[] for _ in leaders]
    by_score = np.lexsort((np.array([ids[r] for r in cand.leader.tolist()], dtype=object), -cand.score, left)) \
        if len(cand) else np.zeros(0, np.int64)
    for e in by_score.tolist():
        school_lists[left[e]].append(int(right[e]))
    by_score_l = np.lexsort((np.array([ids[r] for r in cand.partner.tolist()], dtype=object), -cand.score, right)) \
        if len(cand) else np.zeros(0, np.int64)
    for e in by_score_l.tolist():
        leader_lists[right[e]].append(int(left[e]))
    problems = []
    for side, given, own, other, lists in (("schools", prefs.get("schools"), pid, lid, school_lists),
                                           ("leaders", prefs.get("leaders"), lid, pid, leader_lists)):
        for who, order in (given or {}).items():
            if who not in own:
                problems.append(f"preferences[{side!r}] names {who!r}, which is not a "
                                f"{'ШНОР/ШНСУ' if side == 'schools' else 'leader'} school of the graph")
                continue
            ranked = []
            for x in order:
                if x not in other:
                    problems.append(f"preferences[{side!r}][{who!r}] names {x!r}, which is not a "
                                    f"{'leader' if side == 'schools' else 'ШНОР/ШНСУ'} school of the graph")
                    continue
                pair = (own[who], other[x]) if side == "schools" else (other[x], own[who])
                if pair in feasible:
                    ranked.append(other[x])
                else:
                    notes.append(f"{who} ranks {x}, but the pair is not feasible under the constraints: skipped")
            lists[own[who]] = list(dict.fromkeys(ranked))
    if problems:
        raise InvalidInputError(problems)
    return school_lists, leader_lists, notes


def stable_pairing(
    G: nx.Graph,
    proposing: Literal["school", "leader"] = "school",
    preferences: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    *,
    complete: bool = False,
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

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> plan = stable_pairing(G)
    >>> plan.blocking, blocking_pairs(G, plan)
    (0, [])
    """
    if proposing not in ("school", "leader"):
        raise InvalidInputError([f"The 'proposing' parameter of stable_pairing must be 'school' or 'leader'. "
                                 f"Got {proposing!r} instead."])
    cand = candidates_of(G)
    if int(cand.demand.max(initial=0)) > 1:
        raise InvalidInputError(["stable_pairing pairs each school with one leader: build the graph with "
                                 "max_partners=1."])
    left, right, _, leaders = _compact(cand)
    s_prefs, l_prefs, notes = _preferences(cand, preferences)
    match = solve.deferred_acceptance(s_prefs, l_prefs, cand.capacity[leaders], proposing=proposing)
    key = {(int(a), int(b)): e for e, (a, b) in enumerate(zip(left.tolist(), right.tolist(), strict=True))}
    chosen = np.zeros(len(cand), bool)
    for s, lead in enumerate(match.tolist()):
        if lead >= 0:
            chosen[key[(s, lead)]] = True
    status = "stable"
    if complete:
        free_cap = cand.capacity[leaders] - np.bincount(right[chosen], minlength=len(leaders))
        open_school = match < 0
        usable = open_school[left] & (free_cap[right] > 0)
        sub = np.flatnonzero(usable)
        if len(sub):
            extra = solve.max_coverage_assignment(left[sub], right[sub], cand.score[sub],
                                                  open_school.astype(np.int64), free_cap)
            chosen[sub[extra.chosen]] = True
            for e in sub[extra.chosen].tolist():
                match[left[e]] = right[e]
        status = "stable+completed"
    blocking = solve.blocking_pairs(s_prefs, l_prefs, cand.capacity[leaders], match)
    return _pairing(G, cand, chosen, method="stable", status=status, gap=math.nan, blocking=len(blocking),
                    notes=notes)


def blocking_pairs(G: nx.Graph, pairing: Pairing,
                   preferences: Mapping[str, Mapping[str, Sequence[str]]] | None = None) -> list[tuple[str, str]]:
    """Every (leader, school) pair that would both rather be together than keep the pairing.

    Preferences as in :func:`stable_pairing` (by score unless given).
    """
    cand = candidates_of(G)
    _, _, partners, leaders = _compact(cand)
    s_prefs, l_prefs, _ = _preferences(cand, preferences)
    lid = {cand.ids[r]: k for k, r in enumerate(leaders.tolist())}
    match = np.full(len(partners), -1, np.int64)
    pid = {cand.ids[r]: k for k, r in enumerate(partners.tolist())}
    for p in pairing.pairs:
        match[pid[p.partner]] = lid[p.leader]
    found = solve.blocking_pairs(s_prefs, l_prefs, cand.capacity[leaders], match)
    return sorted((cand.ids[leaders[lead]], cand.ids[partners[s]]) for s, lead in found)


# --- per-subject pairing ---------------------------------------------------------------------


def subject_pairing(
    G: nx.Graph,
    *,
    weak_z: float = -0.5,
    strong_z: float = 0.5,
    max_subjects: int = 3,
    subject_capacity: int | None = None,
    leader_total: int | None = None,
    max_leaders: int = 3,
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
    capacities on both sides).

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> plan = subject_pairing(G)
    >>> all(p.subject for p in plan.pairs)
    True
    """
    cand = candidates_of(G)
    ids = cand.ids
    keys = sorted({k for n in ids for k in G.nodes[n].get("profile", {})})
    kpos = {k: i for i, k in enumerate(keys)}
    z = np.full((len(ids), len(keys)), np.nan)
    for i, n in enumerate(ids):
        for k, v in G.nodes[n].get("profile", {}).items():
            z[i, kpos[k]] = v
    if not keys or not len(cand):
        return _pairing(G, cand, np.zeros(len(cand), bool), method="subject", status="optimal",
                        subjects=[], edge_index=np.zeros(0, np.int64))
    # each partner's weakest subjects
    weak = np.zeros_like(z, dtype=bool)
    zp = np.where(np.isnan(z), np.inf, z)
    order = np.argsort(zp, axis=1, kind="stable")[:, :max_subjects]
    rows = np.repeat(np.arange(len(ids)), order.shape[1])
    cols = order.ravel()
    weak[rows, cols] = zp[rows, cols] <= weak_z
    weak &= cand.needs_partner[:, None]
    strong = np.nan_to_num(z, nan=-np.inf) >= strong_z
    e_idx, k_idx = np.nonzero(weak[cand.partner] & strong[cand.leader])
    if len(e_idx) == 0:
        return _pairing(G, cand, np.zeros(len(cand), bool), method="subject", status="optimal",
                        subjects=[], edge_index=np.zeros(0, np.int64))
    w = G.graph.get("weights", {}).get("subject", 0.35)
    zl, zpart = z[cand.leader[e_idx], k_idx], z[cand.partner[e_idx], k_idx]
    weight = cand.score[e_idx] - w * cand.components["subject"][e_idx] + w * np.tanh(np.clip(zl * -zpart, 0, None))
    # left nodes: (school, subject) demands; right nodes: (leader, subject) slots
    lkey = cand.partner[e_idx] * len(keys) + k_idx
    rkey = cand.leader[e_idx] * len(keys) + k_idx
    luniq, lnode = np.unique(lkey, return_inverse=True)
    runiq, rnode = np.unique(rkey, return_inverse=True)
    lead_rows = runiq // len(keys)
    cap = cand.capacity[lead_rows] if subject_capacity is None else np.full(len(runiq), subject_capacity)
    groups, rgroup = np.unique(lead_rows, return_inverse=True)
    total = 2 * cand.capacity[groups] if leader_total is None else np.full(len(groups), leader_total)
    school_rows = luniq // len(keys)
    sgroups, lgroup = np.unique(school_rows, return_inverse=True)
    res = solve.max_coverage_assignment(
        lnode, rnode, weight, np.ones(len(luniq), np.int64), cap.astype(np.int64), right_group=rgroup,
        group_capacity=total.astype(np.int64), left_group=lgroup,
        left_group_capacity=np.full(len(sgroups), max_leaders, np.int64))
    sel = np.flatnonzero(res.chosen)
    edge_index = e_idx[sel]
    subjects = [keys[k] for k in k_idx[sel].tolist()]
    return _pairing(G, cand, np.zeros(len(cand), bool), method="subject", status=res.status, gap=res.gap,
                    objective=res.total_weight, subjects=subjects, edge_index=edge_index)


# --- the checker -----------------------------------------------------------------------------


def check_pairing(G: nx.Graph, pairing: Pairing) -> list[str]:
    """Every violated rule of a pairing: capacity, demand, feasibility, required pairs.

    Returns an empty list for a valid pairing. Pairs must be candidate edges of ``G`` (which
    encode distance, mode, phase, language and exclusions); leader loads within capacity
    (or mentor hours, for load units); schools within their demand; required pairs present.

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> check_pairing(G, greedy_pairing(G))
    []
    """
    cand = candidates_of(G)
    ids = cand.ids
    index = {s: i for i, s in enumerate(ids)}
    problems = []
    distinct: dict[tuple[str, str], int] = {}
    for p in pairing.pairs:
        if p.leader not in index or p.partner not in index:
            problems.append(f"pair {p.leader}–{p.partner}: unknown school")
            continue
        if not G.has_edge(p.leader, p.partner):
            problems.append(f"pair {p.leader}–{p.partner} is not a feasible candidate (distance, mode, phase, "
                            "language or exclusion)")
            continue
        d = G.edges[p.leader, p.partner]
        if d["leader"] != p.leader:
            problems.append(f"pair {p.leader}–{p.partner}: {p.leader} is the partner, not the leader")
        if d["mode"] != p.mode:
            problems.append(f"pair {p.leader}–{p.partner}: mode {p.mode} but the graph says {d['mode']}")
        limit = G.graph.get("constraints", {}).get("max_km")
        if p.mode == "in_person" and limit is not None and p.km > limit + 1e-9:
            problems.append(f"pair {p.leader}–{p.partner}: in person at {p.km:.1f} km > {limit} km")
        distinct[(p.leader, p.partner)] = distinct.get((p.leader, p.partner), 0) + 1
        if pairing.method != "subject" and distinct[(p.leader, p.partner)] > 1:
            problems.append(f"pair {p.leader}–{p.partner} appears twice")
    if pairing.method == "subject":
        keyset: dict[tuple[str, str | None], int] = {}
        for p in pairing.pairs:
            keyset[(p.partner, p.subject)] = keyset.get((p.partner, p.subject), 0) + 1
        problems += [f"school {s}: subject {k} has {c} leaders (at most 1)" for (s, k), c in keyset.items() if c > 1]
    else:
        load = np.zeros(len(ids), np.int64)
        got = np.zeros(len(ids), np.int64)
        for a, b in distinct:
            load[index[a]] += 1
            got[index[b]] += 1
        if pairing.method == "load_units":
            hours = np.zeros(len(ids))
            for a, b in distinct:
                hours[index[a]] += cand.load[index[b]]
            for i in np.flatnonzero(hours > cand.hours + 1e-9).tolist():
                problems.append(f"leader {ids[i]}: {hours[i]:g} mentor hours > {cand.hours[i]:g}")
        else:
            for i in np.flatnonzero(load > cand.capacity).tolist():
                problems.append(f"leader {ids[i]}: {load[i]} partners > capacity {cand.capacity[i]}")
        for i in np.flatnonzero(got > cand.demand).tolist():
            problems.append(f"school {ids[i]}: {got[i]} leaders > demand {cand.demand[i]}")
    for e in np.flatnonzero(cand.required).tolist():
        pair = (ids[int(cand.leader[e])], ids[int(cand.partner[e])])
        if pair not in distinct:
            problems.append(f"required pair {pair[0]}–{pair[1]} is missing")
    listed = {u.school for u in pairing.unpaired}
    have = {p.partner for p in pairing.pairs}
    for i in np.flatnonzero(cand.needs_partner).tolist():
        s = ids[i]
        short = sum(1 for (a, b) in distinct if b == s) < cand.demand[i]
        if pairing.method != "subject" and short and s not in listed:
            problems.append(f"school {s} lacks a leader but has no reason in the pairing")
        if pairing.method == "subject" and s not in have and s not in listed:
            problems.append(f"school {s} has no leader and no reason")
    return problems
