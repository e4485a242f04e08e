"""Every time-limited solver returns a plan however short the limit, or says plainly why it cannot.

Each path runs twice: with ``time_limit`` of a millisecond on an instance HiGHS cannot finish in
it (it may still finish: then the plan is optimal), and with HiGHS made to stop before its first
plan and its first bound, as it does in presolve at such limits — so the fallback is exercised
whatever the machine's speed. Every plan must pass the checker of its result, carry the status
``"time_limit"`` or ``"optimal"``, and a gap that is 0 when optimal and otherwise NaN or a
non-negative number consistent with its bound. No timing is asserted.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import scipy.optimize

import netmatch as nm
import netmatch.solvers
from netmatch import InfeasibleError
from netmatch._sharing.check import check_sharing
from netmatch._siting import check_siting, site_centres
from netmatch._siting.registry import registry_siting_inputs
from netmatch._solvers.transport import one_host_greedy
from netmatch.datasets import make_region
from netmatch.solvers import check_assignment, generalized_assignment, max_coverage_assignment

TINY = 0.001

# --------------------------------------------------------------------------------------------------
# shared instances and checks
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def region() -> nm.Registry:
    return make_region(3000, seed=1)


@pytest.fixture(scope="module")
def hours_graph(region: nm.Registry) -> Any:
    return nm.build_graph(region, constraints={"load_hours": 2})


@pytest.fixture(scope="module")
def two_leader_graph(region: nm.Registry) -> Any:
    return nm.build_graph(region, constraints={"max_partners": 2, "min_partners": 1})


def _status_and_gap(status: str, gap: float) -> None:
    """The status is one of the two, and the gap is 0 when optimal, else NaN or non-negative."""
    assert status in ("time_limit", "optimal")
    if status == "optimal":
        assert gap == 0.0
    else:
        assert math.isnan(gap) or gap >= 0.0


def _no_incumbent(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every ``scipy.optimize.milp`` call stop as HiGHS does in presolve: no plan, no bound."""
    calls: list[int] = []

    def stopped(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return SimpleNamespace(status=1, success=False, message="Time limit reached. (faked)", x=None, fun=None,
                               mip_dual_bound=None)

    monkeypatch.setattr(scipy.optimize, "milp", stopped)
    return calls


def _gap_instance(m: int, n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A random sparse GAP instance where every job has an allowed agent; NaN outside the mask."""
    rng = np.random.default_rng(seed)
    mask = rng.random((m, n)) < 0.5
    mask[rng.integers(0, m, n), np.arange(n)] = True
    cost = np.where(mask, rng.integers(1, 100, (m, n)), np.nan)
    load = np.where(mask, rng.integers(5, 25, (m, n)), np.nan)
    return cost, load, np.full(m, 12.0 * n / m), mask


def _check_gap(res: Any, cost: np.ndarray, load: np.ndarray, capacity: np.ndarray, mask: np.ndarray, *,
               maximize: bool, allow_unassigned: bool) -> None:
    """The plan keeps every budget and the mask, its figures add up, and the gap matches the bound."""
    a = np.asarray(res.assignment)
    jobs = np.flatnonzero(a >= 0)
    assert mask[a[jobs], jobs].all()
    used = np.bincount(a[jobs], weights=load[a[jobs], jobs], minlength=len(capacity))
    assert np.allclose(used, res.load_used) and (used <= capacity * (1 + 1e-9)).all()
    assert res.objective == pytest.approx(cost[a[jobs], jobs].sum())
    assert res.n_assigned == len(jobs)
    assert allow_unassigned or len(jobs) == cost.shape[1]
    _status_and_gap(res.status, res.gap)
    if math.isfinite(res.bound):
        assert (res.bound >= res.objective - 1e-6) if maximize else (res.bound <= res.objective + 1e-6)
        assert res.gap == pytest.approx(abs(res.objective - res.bound) / max(1.0, abs(res.objective)))
    else:
        assert res.gap == math.inf and any("no bound yet" in note for note in res.notes)


# --------------------------------------------------------------------------------------------------
# the generalised assignment problem (array level) and load-unit pairing
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("allow_unassigned", "coverage_first", "maximize"),
                         [(False, True, True), (True, True, True), (True, False, True), (False, True, False)])
def test_gap_with_a_tiny_limit_returns_a_plan(allow_unassigned: bool, coverage_first: bool, maximize: bool) -> None:
    cost, load, capacity, mask = _gap_instance(50, 1000, seed=3)
    res = generalized_assignment(cost, load, capacity, maximize=maximize, allow_unassigned=allow_unassigned,
                                 coverage_first=coverage_first, time_limit=TINY, mask=mask)
    _check_gap(res, cost, load, capacity, mask, maximize=maximize, allow_unassigned=allow_unassigned)


@pytest.mark.parametrize("allow_unassigned", [False, True])
def test_gap_without_an_incumbent_returns_the_greedy_start(monkeypatch: pytest.MonkeyPatch,
                                                           allow_unassigned: bool) -> None:
    cost, load, capacity, mask = _gap_instance(8, 60, seed=5)
    _no_incumbent(monkeypatch)
    res = generalized_assignment(cost, load, capacity, maximize=True, allow_unassigned=allow_unassigned, mask=mask)
    assert res.status == "time_limit" and math.isnan(res.bound) and res.gap == math.inf
    assert any("greedy start" in note for note in res.notes)
    assert res.n_assigned == cost.shape[1]  # the budgets are generous: the greedy start assigns every job
    _check_gap(res, cost, load, capacity, mask, maximize=True, allow_unassigned=allow_unassigned)


def test_gap_greedy_start_is_measured_against_the_proven_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    cost, load, capacity, mask = _gap_instance(8, 60, seed=5)
    exact = generalized_assignment(cost, load, capacity, maximize=True, mask=mask)
    real = scipy.optimize.milp

    def bound_only(*args: Any, **kwargs: Any) -> Any:
        res = real(*args, **kwargs)  # the proven bound is kept, the plan dropped
        return SimpleNamespace(status=1, message="Time limit reached. (faked)", x=None, fun=None,
                               mip_dual_bound=res.mip_dual_bound)

    monkeypatch.setattr(scipy.optimize, "milp", bound_only)
    res = generalized_assignment(cost, load, capacity, maximize=True, mask=mask)
    assert res.status == "time_limit" and res.bound == pytest.approx(exact.objective)
    assert res.objective <= exact.objective and not any("no bound yet" in note for note in res.notes)
    _check_gap(res, cost, load, capacity, mask, maximize=True, allow_unassigned=False)


def test_gap_not_found_in_time_is_not_called_proven_infeasible(monkeypatch: pytest.MonkeyPatch) -> None:
    # feasible ({0, 2} and {1, 3}), but first fit in each greedy order puts jobs 0 and 1 together
    cost, load, capacity = [[1, 1, 1, 1], [2, 2, 2, 2]], [[4, 4, 6, 6], [4, 4, 6, 6]], [10, 10]
    assert generalized_assignment(cost, load, capacity).n_assigned == 4
    _no_incumbent(monkeypatch)
    with pytest.raises(InfeasibleError, match=r"time_limit=60 s.*nothing is proven infeasible"):
        generalized_assignment(cost, load, capacity)
    # jobs may stay unassigned: the greedy start stands
    res = generalized_assignment(cost, load, capacity, allow_unassigned=True)
    assert res.status == "time_limit" and res.n_assigned == 3 and res.assigned_bound == 4


def test_load_unit_pairing_with_a_tiny_limit(hours_graph: Any) -> None:
    plan = nm.optimal_pairing(hours_graph, load_units=True, time_limit=TINY)
    assert nm.check_pairing(hours_graph, plan) == []
    assert plan.method == "load_units" and plan.kpis.covered > 0
    _status_and_gap(plan.status, plan.gap)
    if math.isnan(plan.gap):
        assert any("no bound yet" in note for note in plan.notes)


def test_load_unit_pairing_without_an_incumbent(monkeypatch: pytest.MonkeyPatch, hours_graph: Any) -> None:
    exact = nm.optimal_pairing(hours_graph, load_units=True)
    _no_incumbent(monkeypatch)
    plan = nm.optimal_pairing(hours_graph, load_units=True)
    assert nm.check_pairing(hours_graph, plan) == []
    assert plan.status == "time_limit" and math.isnan(plan.gap)
    assert any("greedy start" in note for note in plan.notes) and any("no bound yet" in note for note in plan.notes)
    assert 0 < plan.kpis.covered <= exact.kpis.covered


# --------------------------------------------------------------------------------------------------
# plain pairing: the flow (no time limit needed), the LP fallback, the b-matching LP
# --------------------------------------------------------------------------------------------------


def test_plain_pairing_with_a_tiny_limit(region: nm.Registry) -> None:
    G = nm.build_graph(region)
    plan = nm.optimal_pairing(G, time_limit=TINY)
    assert nm.check_pairing(G, plan) == [] and (plan.status, plan.gap) == ("optimal", 0.0)


def test_schools_first_lps_with_a_tiny_limit(monkeypatch: pytest.MonkeyPatch, two_leader_graph: Any) -> None:
    monkeypatch.setattr(netmatch.solvers, "compiled_solver", lambda: False)
    plan = nm.optimal_pairing(two_leader_graph, time_limit=TINY)
    assert nm.check_pairing(two_leader_graph, plan) == []
    _status_and_gap(plan.status, plan.gap)
    assert plan.status == "optimal" or (math.isnan(plan.gap) and plan.notes)


@pytest.mark.parametrize("stage", [1, 2, 3])
def test_schools_first_lps_stopped_at_each_stage(monkeypatch: pytest.MonkeyPatch, two_leader_graph: Any,
                                                 stage: int) -> None:
    exact = nm.optimal_pairing(two_leader_graph)  # the compiled solver's flow: the same optimum
    monkeypatch.setattr(netmatch.solvers, "compiled_solver", lambda: False)
    real, calls = scipy.optimize.linprog, []

    def linprog(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == stage:
            return SimpleNamespace(status=1, message="Time limit reached. (faked)", x=None, fun=None)
        return real(*args, **kwargs)

    monkeypatch.setattr(scipy.optimize, "linprog", linprog)
    plan = nm.optimal_pairing(two_leader_graph)
    assert nm.check_pairing(two_leader_graph, plan) == []
    assert plan.status == "time_limit" and math.isnan(plan.gap) and "ran out" in plan.notes[0]
    assert plan.kpis.covered <= exact.kpis.covered
    if stage > 1:  # the first goal was solved: the most schools covered is kept
        assert plan.kpis.covered == exact.kpis.covered


def test_b_matching_lp_with_a_tiny_limit(hours_graph: Any) -> None:
    cand = nm.candidates_of(hours_graph)
    partners, leaders = np.flatnonzero(cand.needs_partner), np.flatnonzero(cand.is_leader)
    left = np.searchsorted(partners, cand.partner)
    right = np.searchsorted(leaders, cand.leader)
    args = (left, right, cand.score, np.ones(len(partners), np.int64), cand.capacity[leaders])
    exact = max_coverage_assignment(*args)
    res = max_coverage_assignment(*args, method="lp", time_limit=TINY)
    assert check_assignment(*args[:2], *args[3:], res.chosen) == []
    assert res.covered == exact.covered  # the time-out plan still has maximum coverage
    assert res.status in ("time_limit", "optimal") and (res.gap == 0.0 if res.status == "optimal"
                                                        else math.isnan(res.gap))


# --------------------------------------------------------------------------------------------------
# sharing resources without splitting a demand
# --------------------------------------------------------------------------------------------------


def _check_plan(registry: nm.Registry, plan: Any) -> None:
    assert check_sharing(registry, plan) == []
    _status_and_gap(plan.status, plan.gap)
    if plan.status == "time_limit":
        assert plan.notes and "ran out" in plan.notes[-1]


def test_sharing_one_host_with_a_tiny_limit(region: nm.Registry) -> None:
    plan = nm.share_resources(region, split=False, time_limit=TINY)
    _check_plan(region, plan)
    assert plan.kpis.served > 0


def test_sharing_one_host_without_an_incumbent(monkeypatch: pytest.MonkeyPatch, region: nm.Registry) -> None:
    calls = _no_incumbent(monkeypatch)
    plan = nm.share_resources(region, split=False)
    _check_plan(region, plan)
    assert len(calls) == 1 and plan.status == "time_limit" and plan.gap == math.inf
    assert "the greedy plan" in plan.notes[-1] and "no bound yet" in plan.notes[-1]
    assert plan.kpis.served > 0 and plan.kpis.priority_served > 0


@pytest.mark.parametrize("seed", range(6))
def test_one_host_greedy_is_feasible(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_d, n_r, n_a = 30, 12, 120
    host_of = rng.integers(0, 5, n_r)
    arc_d, arc_r = rng.integers(0, n_d, n_a), rng.integers(0, n_r, n_a)
    keep = np.unique(arc_d * n_r + arc_r, return_index=True)[1]
    arc_d, arc_r = arc_d[keep], arc_r[keep]
    q, cap = rng.integers(1, 9, n_d).astype(float), rng.integers(0, 12, n_r).astype(float)
    x = one_host_greedy(arc_d, arc_r, host_of[arc_r], q, cap, rng.random(len(arc_d)) < 0.3,
                        rng.random(len(arc_d)))
    assert (x >= 0).all()
    assert (np.bincount(arc_d, weights=x, minlength=n_d) <= q + 1e-9).all()
    assert (np.bincount(arc_r, weights=x, minlength=n_r) <= cap + 1e-9).all()
    hosts = {(int(d), int(host_of[r])) for d, r in zip(arc_d[x > 0], arc_r[x > 0], strict=True)}
    assert len(hosts) == len({d for d, _ in hosts})  # one host per demand
    assert x.sum() > 0


# --------------------------------------------------------------------------------------------------
# capacitated siting, either objective
# --------------------------------------------------------------------------------------------------


def _points(n: int, seed: int) -> np.ndarray:
    pts = np.random.default_rng(seed).random((n, 2)) * 100
    return np.linalg.norm(pts[:, None] - pts[None], axis=2)


def _check_site(cost: Any, s: Any, k: int, **kwargs: Any) -> None:
    assert check_siting(cost, s, **kwargs) == []
    assert len(s.sites) == k and s.gap >= 0 and (s.status == "optimal") == (s.gap == 0.0)
    assert s.status in ("time_limit", "optimal")


@pytest.mark.parametrize("objective", ["coverage", "median"])
def test_capacitated_siting_with_a_tiny_limit(objective: str) -> None:
    cost = _points(600, seed=2)
    capacity = np.full(600, 90.0)
    radius = 10.0 if objective == "coverage" else None
    s = site_centres(cost, 10, objective=objective, radius=radius, capacity=capacity, time_limit=TINY)
    _check_site(cost, s, 10, capacity=capacity)


@pytest.mark.parametrize("objective", ["coverage", "median"])
def test_capacitated_registry_siting_with_a_tiny_limit(region: nm.Registry, objective: str) -> None:
    minutes = 30.0 if objective == "coverage" else 120.0
    inputs = registry_siting_inputs(region, max_minutes=minutes)
    capacity = {site: 600.0 if objective == "coverage" else 3000.0 for site in inputs.site_ids}
    s = site_centres(region, 5, objective=objective, capacity=capacity, max_minutes=minutes, time_limit=TINY)
    _check_site(inputs.cost, s, 5, weights=inputs.weights,
                capacity=np.array([capacity[site] for site in inputs.site_ids]))


@pytest.mark.parametrize("objective", ["coverage", "median"])
def test_capacitated_siting_without_an_incumbent_brackets_the_optimum(monkeypatch: pytest.MonkeyPatch,
                                                                      objective: str) -> None:
    cost = _points(14, seed=4)
    weights = np.random.default_rng(4).integers(1, 6, 14).astype(float)
    capacity = np.full(14, 24.0)
    radius = 30.0 if objective == "coverage" else None
    kwargs = {"objective": objective, "radius": radius, "weights": weights, "capacity": capacity}
    exact = site_centres(cost, 3, **kwargs)
    _no_incumbent(monkeypatch)
    s = site_centres(cost, 3, **kwargs)
    _check_site(cost, s, 3, weights=weights, capacity=capacity)
    assert s.status == "time_limit" and math.isfinite(s.bound)  # every siting obeys a simple bound
    if objective == "median":
        assert s.bound <= exact.objective <= s.objective
    else:
        assert s.bound >= exact.objective >= s.objective


def test_capacitated_median_with_no_siting_in_hand_is_not_called_infeasible(monkeypatch: pytest.MonkeyPatch) -> None:
    import netmatch._solvers.location as location

    cost = _points(14, seed=4)
    _no_incumbent(monkeypatch)
    monkeypatch.setattr(location, "capacitated_start", lambda problem, usable: None)
    with pytest.raises(InfeasibleError, match=r"time_limit=60 s by HiGHS or the heuristic.*not proven infeasible"):
        site_centres(cost, 3, capacity=np.full(14, 24.0))
    # under "coverage" the heuristic siting always exists, so it never comes to this
    monkeypatch.undo()
    _no_incumbent(monkeypatch)
    s = site_centres(cost, 3, objective="coverage", radius=30.0, capacity=np.full(14, 14.0))
    assert s.status == "time_limit" and s.objective > 0
