"""Tests for netmatch._siting: site_centres against brute force, check_siting, the Siting result, OR-Library pmed."""

from __future__ import annotations

import dataclasses
import itertools
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

import netmatch._siting
from benchmarks.bench_pmed import read_optima, read_orlib_pmed
from netmatch import InfeasibleError, InvalidInputError
from netmatch._siting import SiteChange, Siting, check_siting, site_centres
from tests.conftest import shared_path

INF = math.inf


# --------------------------------------------------------------------------------------------------
# Brute force
# --------------------------------------------------------------------------------------------------


def _reach(cost: np.ndarray, radius: float | None) -> np.ndarray:
    return np.isfinite(cost) & (cost <= radius if radius is not None else True)


def evaluate(cost, open_sites, objective, weights, radius):
    """Uncapacitated value of an open set (each client at its nearest open site); None if infeasible."""
    n = cost.shape[0]
    open_sites = list(open_sites)
    reach = _reach(cost, radius)[:, open_sites]
    if objective == "coverage":
        return float(weights @ reach.any(axis=1))
    if not open_sites or not reach.any(axis=1).all():
        return None
    near = np.where(reach, cost[:, open_sites], INF).min(axis=1) if n else np.zeros(0)
    return float(weights @ near)


def best_assignment(cost, open_sites, objective, weights, radius, capacity, demand):
    """Best single-sourcing assignment to ``open_sites`` within capacities, by enumeration."""
    n = cost.shape[0]
    reach = _reach(cost, radius)
    options = []
    for i in range(n):
        mine = [j for j in open_sites if reach[i, j] and demand[i] <= capacity[j]]
        if objective == "coverage":
            mine.append(-1)
        if not mine:
            return None
        options.append(np.array(mine))
    grid = np.stack([g.ravel() for g in np.meshgrid(*options, indexing="ij")], axis=1)
    ok = np.ones(len(grid), dtype=bool)
    for j in open_sites:
        ok &= (grid == j) @ demand <= capacity[j] + 1e-9
    if not ok.any():
        return None
    grid = grid[ok]
    if objective == "coverage":
        return float(((grid >= 0) @ weights).max())
    trip = cost[np.arange(n)[None, :], grid]
    return float((trip @ weights).min())


def brute_force(cost, k, *, objective, weights, radius, fixed, candidates, capacity=None, demand=None):
    """The optimum over every choice of k candidates, or None when no choice is feasible."""
    n, m = cost.shape
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    cands = [j for j in range(m) if j not in fixed] if candidates is None else list(candidates)
    best = None
    for chosen in itertools.combinations(cands, k):
        open_sites = sorted([*fixed, *chosen])
        if capacity is None:
            value = evaluate(cost, open_sites, objective, w, radius)
        else:
            d = w if demand is None else np.asarray(demand, dtype=float)
            value = best_assignment(cost, open_sites, objective, w, radius, np.asarray(capacity, float), d)
        if value is not None and (best is None or (value < best if objective == "median" else value > best)):
            best = value
    return best


# --------------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------------


@st.composite
def problems(draw, max_clients=8, max_sites=6, capacitated=False):
    """A small siting problem as keyword arguments of site_centres (plus ``cost`` and ``k``)."""
    n = draw(st.integers(1, max_clients))
    m = draw(st.integers(1, max_sites))
    cells = draw(st.lists(st.integers(0, 12), min_size=n * m, max_size=n * m))
    cost = np.array([float(c) if c < 10 else INF for c in cells]).reshape(n, m)
    objective = draw(st.sampled_from(["median", "coverage"]))
    sites = list(range(m))
    fixed = draw(st.lists(st.sampled_from(sites), unique=True, max_size=min(2, m)))
    rest = [j for j in sites if j not in fixed]
    candidates = draw(st.none() | (st.lists(st.sampled_from(rest), unique=True) if rest else st.just([])))
    pool = rest if candidates is None else candidates
    k = draw(st.integers(0, len(pool)))
    weights = draw(st.none() | st.lists(st.integers(0, 5).map(float), min_size=n, max_size=n))
    if objective == "coverage":
        radius = float(draw(st.integers(0, 9)))
    else:
        radius = draw(st.none() | st.integers(0, 9).map(float))
    out = {"cost": cost, "k": k, "objective": objective, "weights": weights, "radius": radius,
           "fixed": fixed, "candidates": candidates}
    if capacitated:
        out["capacity"] = [float(c) if c < 12 else INF for c in
                           draw(st.lists(st.integers(0, 12), min_size=m, max_size=m))]
        out["demand"] = draw(st.none() | st.lists(st.integers(0, 4).map(float), min_size=n, max_size=n))
    return out


def _check_against_brute_force(problem):
    expected = brute_force(**problem)
    if expected is None:
        with pytest.raises(InfeasibleError):
            site_centres(**problem)
        return None
    s = site_centres(**problem)
    assert s.objective == pytest.approx(expected, abs=1e-9)
    assert (s.status, s.gap, s.bound) == ("optimal", 0.0, s.objective)
    assert len(s.sites) == problem["k"]
    assert set(problem["fixed"]) | set(s.sites) == set(s.open)
    if problem["candidates"] is not None:
        assert set(s.sites) <= set(problem["candidates"])
    extra = {key: problem[key] for key in ("capacity", "demand") if key in problem}
    assert check_siting(problem["cost"], s, weights=problem["weights"], **extra) == []
    return s


# --------------------------------------------------------------------------------------------------
# site_centres against brute force
# --------------------------------------------------------------------------------------------------


@settings(max_examples=150)
@given(problems())
def test_uncapacitated_matches_brute_force(problem):
    s = _check_against_brute_force(problem)
    if s is not None:
        w = np.ones(len(problem["cost"])) if problem["weights"] is None else np.asarray(problem["weights"])
        value = evaluate(problem["cost"], s.open, problem["objective"], w, problem["radius"])
        assert value == pytest.approx(s.objective)


@settings(max_examples=80)
@given(problems(max_clients=6, max_sites=5, capacitated=True))
def test_capacitated_matches_brute_force(problem):
    _check_against_brute_force(problem)


@settings(max_examples=80)
@given(problems())
def test_marginal_is_the_change_of_opening_or_closing_one_site(problem):
    try:
        s = site_centres(**problem)
    except InfeasibleError:
        return
    cost, objective, radius = problem["cost"], problem["objective"], problem["radius"]
    w = np.ones(len(cost)) if problem["weights"] is None else np.asarray(problem["weights"])
    here = evaluate(cost, s.open, objective, w, radius)
    sign = 1 if objective == "median" else -1
    for change in s.marginal:
        if change.status == "closed":
            there = evaluate(cost, sorted({*s.open, change.site}), objective, w, radius)
            assert change.change == pytest.approx(sign * (here - there))
        else:
            there = evaluate(cost, [j for j in s.open if j != change.site], objective, w, radius)
            assert change.change == (INF if there is None else pytest.approx(sign * (there - here)))
    ranked = [c for c in s.marginal if c.status != "closed"]
    assert [c.rank for c in ranked] == list(range(1, len(ranked) + 1))
    assert [c.change for c in ranked] == sorted((c.change for c in ranked), reverse=True)
    assert {c.site for c in s.marginal} == set(s.open) | set(
        problem["candidates"] if problem["candidates"] is not None
        else [j for j in range(cost.shape[1]) if j not in problem["fixed"]]
    )


def _seeded_median_instance() -> tuple[np.ndarray, int]:
    # seed 28 gives an instance whose LP relaxation is fractional: the MILP refinement runs three times
    rng = np.random.default_rng(28)
    n, m = int(rng.integers(8, 16)), int(rng.integers(5, 10))
    cost = rng.integers(1, 30, (n, m)).astype(float)
    return cost, int(rng.integers(2, 4))


def test_median_refinement_loop_reaches_the_optimum(monkeypatch):
    cost, k = _seeded_median_instance()
    real, mip_calls = scipy.optimize.milp, []

    def spy(*args, **kwargs):
        mip_calls.append(bool(np.any(kwargs["integrality"])))
        return real(*args, **kwargs)

    monkeypatch.setattr(scipy.optimize, "milp", spy)
    s = site_centres(cost, k)
    assert sum(mip_calls) >= 2
    expected = brute_force(cost, k, objective="median", weights=None, radius=None, fixed=[], candidates=None)
    assert (s.objective, s.status, s.gap) == (expected, "optimal", 0.0)


def test_sparse_cost_matches_dense():
    rng = np.random.default_rng(5)
    dense = rng.integers(0, 20, (15, 9)).astype(float)
    dense[rng.random(dense.shape) < 0.4] = INF
    dense[:, 0] = 25.0  # everyone reaches site 0
    stored = sparse.csr_array(np.where(np.isfinite(dense), dense + 1, 0))
    stored.data -= 1  # explicit zeros stay stored: they are reachable pairs of cost 0
    for objective, radius in (("median", None), ("coverage", 6.0)):
        a = site_centres(dense, 3, objective=objective, radius=radius)
        b = site_centres(stored, 3, objective=objective, radius=radius)
        assert a == b
        assert check_siting(stored, b) == []


def test_same_input_same_output():
    rng = np.random.default_rng(11)
    cost = rng.integers(0, 50, (40, 15)).astype(float)
    cost[rng.random(cost.shape) < 0.2] = INF
    cost[:, :3] = rng.integers(0, 50, (40, 3))
    weights = rng.integers(1, 10, 40).astype(float)
    for kwargs in (
        {"objective": "median", "fixed": [0]},
        {"objective": "coverage", "radius": 20.0},
        {"objective": "median", "capacity": np.full(15, 90.0), "fixed": [1]},
    ):
        first = site_centres(cost, 4, weights=weights, **kwargs)
        assert site_centres(cost, 4, weights=weights, **kwargs) == first
        assert first.marginal == site_centres(cost, 4, weights=weights, **kwargs).marginal


def test_ties_go_to_the_lowest_site_index():
    cost = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])
    s = site_centres(cost, 0, fixed=[0, 1, 2])
    assert s.assignment.tolist() == [0, 0]
    assert s.fixed == (0, 1, 2) and s.sites == ()


# --------------------------------------------------------------------------------------------------
# Time limit: the incumbent is kept
# --------------------------------------------------------------------------------------------------


def _stop_mips(monkeypatch, *, keep_solution, shift):
    """Make every MILP (not LP) run report a time-out with its dual bound moved by ``shift``."""
    real = scipy.optimize.milp

    def stopped(*args, **kwargs):
        res = real(*args, **kwargs)
        if np.any(kwargs["integrality"]) and res.status == 0:
            res.status, res.success, res.message = 1, False, "Time limit reached. (faked)"
            res.mip_dual_bound = res.fun - shift
            if not keep_solution:
                res.x, res.fun = None, None
        return res

    monkeypatch.setattr(scipy.optimize, "milp", stopped)


def test_time_limit_returns_the_incumbent_with_its_gap(monkeypatch):
    cost = np.array([[0, 3, 8, 9], [3, 0, 5, 6], [8, 5, 0, 1], [9, 6, 1, 0]], dtype=float)
    exact = site_centres(cost, 2, capacity=[2, 2, 2, 2])
    _stop_mips(monkeypatch, keep_solution=True, shift=1.0)
    s = site_centres(cost, 2, capacity=[2, 2, 2, 2])
    assert s.status == "time_limit"
    assert s.objective == exact.objective
    assert s.bound == exact.objective - 1.0
    assert s.gap == pytest.approx(1.0 / exact.objective)
    assert check_siting(cost, s, capacity=[2, 2, 2, 2]) == []


def test_time_limit_without_incumbent(monkeypatch):
    cost, k = _seeded_median_instance()
    exact = site_centres(cost, k)
    coverage = site_centres(cost, k, objective="coverage", radius=5)
    cap = np.full(cost.shape[1], 100.0)
    capped = site_centres(cost, k, capacity=cap)
    _stop_mips(monkeypatch, keep_solution=False, shift=2.0)
    # uncapacitated: the heuristic siting stands in, with the bound proven so far
    s = site_centres(cost, k)
    assert s.status == "time_limit" and s.objective >= exact.objective
    assert s.bound <= exact.objective and s.gap == pytest.approx((s.objective - s.bound) / s.objective)
    assert check_siting(cost, s) == []
    s = site_centres(cost, k, objective="coverage", radius=5)
    assert s.status == "time_limit" and s.objective <= coverage.objective
    assert s.bound == pytest.approx(coverage.objective + 2.0)
    assert check_siting(cost, s) == []
    # capacitated: the heuristic siting within capacity stands in, bracketing the optimum
    s = site_centres(cost, k, capacity=cap)
    assert capped.status == "optimal" and s.status == "time_limit"
    assert s.bound <= capped.objective + 1e-9 <= s.objective + 2e-9
    assert check_siting(cost, s, capacity=cap) == []


@settings(max_examples=80)
@given(problems())
def test_time_out_without_incumbent_still_gives_a_valid_siting_and_bound(problem):
    expected = brute_force(**problem)
    with pytest.MonkeyPatch.context() as mp:
        _stop_mips(mp, keep_solution=False, shift=0.5)
        try:
            s = site_centres(**problem)
        except InfeasibleError:
            return  # infeasible, or no siting in hand when time ran out
    assert expected is not None
    assert len(s.sites) == problem["k"]
    assert check_siting(problem["cost"], s, weights=problem["weights"]) == []
    if problem["objective"] == "median":
        assert s.bound <= expected + 1e-9 <= s.objective + 2e-9
    else:
        assert s.bound >= expected - 1e-9 >= s.objective - 2e-9
    assert s.gap >= 0 and (s.status == "optimal") == (s.gap == 0.0)


# --------------------------------------------------------------------------------------------------
# check_siting
# --------------------------------------------------------------------------------------------------

COST = np.array([[0, 3, 8, 9], [3, 0, 5, 6], [8, 5, 0, 1], [9, 6, 1, 0]], dtype=float)


@pytest.fixture
def median():
    return site_centres(COST, 1, fixed=[0])


def _with(siting, **changes):
    changes = {k: np.array(v) if k in ("assignment", "client_cost") else v for k, v in changes.items()}
    return dataclasses.replace(siting, **changes)


def test_check_siting_accepts_solutions(median):
    assert median.sites == (2,) and median.assignment.tolist() == [0, 0, 2, 2]
    assert check_siting(COST, median) == []
    coverage = site_centres(COST, 1, objective="coverage", radius=2, fixed=[3])
    assert check_siting(COST, coverage) == []


@pytest.mark.parametrize(
    ("changes", "kwargs", "expected"),
    [
        ({"assignment": [0, 1, 2, 2], "client_cost": [0, 0, 0, 1], "objective": 1.0}, {},
         "client 1 is assigned to site 1, which is not open"),
        ({"assignment": [0, -1, 2, 2], "client_cost": [0, np.nan, 0, 1], "objective": 1.0}, {},
         "client 1 is not served"),
        ({"assignment": [2, 0, 2, 2], "client_cost": [8, 3, 0, 1], "objective": 12.0}, {},
         "client 0 is served by site 2 at cost 8 but an open site costs 0"),
        ({"objective": 5.0, "bound": 5.0}, {}, "objective 5 differs from 4 recomputed"),
        ({"client_cost": [0, 3, 0, 2]}, {}, "client 3 is recorded at cost 2 but cost[3, 2] is 1"),
        ({"bound": 4.5}, {}, "bound 4.5 is above the objective 4"),
        ({"sites": (2, 3)}, {}, ".sites (2, 3) are not all in .open (0, 2)"),
        ({}, {"capacity": [9, 9, 1, 9]}, "site 2 serves demand 2 but its capacity is 1"),
        ({}, {"capacity": [9, 9, 3, 9], "demand": [0, 0, 2, 2]},
         "site 2 serves demand 4 but its capacity is 3"),
        ({}, {"radius": 2.0}, "client 1 travels 3 to site 0, beyond the radius 2"),
        ({"assignment": [0, 0, 2]}, {}, "assignment has shape (3,) but cost has 4 clients"),
    ],
)
def test_check_siting_reports_tampering(median, changes, kwargs, expected):
    problems = check_siting(COST, _with(median, **changes), **kwargs)
    assert any(expected in p for p in problems), problems


def test_check_siting_coverage_must_cover_within_reach():
    s = site_centres(COST, 1, objective="coverage", radius=2, fixed=[3])
    tampered = _with(s, assignment=[0, -1, -1, 3], client_cost=[0, np.nan, np.nan, 0], objective=2.0)
    assert check_siting(COST, tampered) == [
        "client 2 is not covered although an open site is within the radius (cost 1)",
    ]
    assert check_siting(COST, _with(s, bound=2.5)) == ["bound 2.5 is below the objective 3"]


def test_check_siting_rejects_malformed_input(median):
    with pytest.raises(InvalidInputError, match="The 'capacity' parameter of check_siting must be"):
        check_siting(COST, median, capacity=[1, 2])
    with pytest.raises(InvalidInputError, match="The 'radius' parameter of check_siting must be"):
        check_siting(COST, median, radius=-1)


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


def test_siting_is_immutable(median):
    with pytest.raises(dataclasses.FrozenInstanceError):
        median.objective = 0.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        median.assignment[0] = 3


def test_frames(median):
    frame = median.to_frame()
    assert list(frame.columns) == ["client", "site", "cost", "covered"]
    assert frame["site"].tolist() == [0, 0, 2, 2] and frame["covered"].all()
    table = median.marginal_frame()
    assert list(table.columns) == list(SiteChange._fields)
    assert table["status"].tolist() == ["new", "fixed", "closed", "closed"]


def test_pandas_is_not_imported_with_the_module():
    # load netmatch._siting (and what it imports) without netmatch/__init__.py, whose imports are not ours
    package = str(Path(netmatch._siting.__file__).parent)
    code = (
        "import sys, types\n"
        f"pkg = types.ModuleType('netmatch'); pkg.__path__ = [{package!r}]; sys.modules['netmatch'] = pkg\n"
        "import netmatch._siting\n"
        "assert 'pandas' not in sys.modules, 'pandas imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------------------------------
# Parameters and infeasibility caught before solving
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": -1}, "The 'k' parameter of site_centres must be an int in the range [0, 4] "
                    "(the number of candidate sites). Got -1 instead."),
        ({"k": 1.5}, "The 'k' parameter of site_centres must be an int (the number of new sites). Got 1.5"),
        ({"k": 1, "fixed": [0], "candidates": [0, 1]}, "'candidates' parameter of site_centres must be a "
                                                        "sequence of site indices not in 'fixed'. Got 0"),
        ({"k": 1, "objective": "mean"}, "The 'objective' parameter of site_centres must be 'median' or "
                                        "'coverage'. Got 'mean' instead."),
        ({"k": 1, "objective": "coverage"}, "The 'radius' parameter of site_centres must be a non-negative "
                                            "number when objective='coverage'. Got None instead."),
        ({"k": 1, "weights": [1, 2]}, "The 'weights' parameter of site_centres must be a 1-D array of 4 "
                                      "non-negative finite numbers, one per client. Got an array of "
                                      "shape (2,)"),
        ({"k": 1, "fixed": [7]}, "The 'fixed' parameter of site_centres must be a sequence of distinct site "
                                 "indices in the range [0, 3]. Got 7 at position 0 instead."),
        ({"k": 1, "demand": [1, 1, 1, 1]}, "The 'demand' parameter of site_centres must be None unless "
                                           "'capacity' is given"),
        ({"k": 1, "time_limit": 0}, "The 'time_limit' parameter of site_centres must be a positive number"),
        ({"k": 1, "mip_rel_gap": 1.0}, "The 'mip_rel_gap' parameter of site_centres must be a number in the "
                                       "range [0, 1). Got 1.0 instead."),
    ],
)
def test_invalid_parameters(kwargs, message):
    with pytest.raises(InvalidInputError) as info:
        site_centres(COST, **kwargs)
    assert message in str(info.value)


def test_invalid_cost_and_several_problems_at_once():
    bad = COST.copy()
    bad[2, 1] = np.nan
    with pytest.raises(InvalidInputError, match=r"Got nan at \(2, 1\) instead"):
        site_centres(bad, 1)
    bad = COST.copy()
    bad[0, 3] = bad[1, 2] = -1.0
    with pytest.raises(InvalidInputError, match=r"Got -1.0 at \(0, 3\) and 1 more bad entries instead"):
        site_centres(bad, 1)
    stored = sparse.csr_array(COST)
    stored.data[stored.data == 5] = -5.0
    with pytest.raises(InvalidInputError, match=r"Got -5.0 at \(1, 2\) and 1 more bad entries instead"):
        site_centres(stored, 1)
    with pytest.raises(InvalidInputError) as info:
        site_centres(COST, -1, objective="mean", radius=-2)
    assert len(info.value.problems) == 3


def test_unreachable_clients_are_reported_before_solving():
    cost = np.array([[1.0, INF], [INF, 2.0], [INF, INF], [INF, INF]])
    with pytest.raises(InfeasibleError, match=r"2 of 4 clients reach no fixed or candidate site "
                                              r"\(clients 2, 3\)"):
        site_centres(cost, 1)
    with pytest.raises(InfeasibleError, match=r"1 of 2 clients reach no fixed or candidate site within "
                                              r"radius 1 \(clients 1\)"):
        site_centres(cost[:2], 1, radius=1)
    # coverage simply leaves them uncovered
    s = site_centres(cost, 1, objective="coverage", radius=5)
    assert s.objective == 1.0 and s.unserved == (1, 2, 3)


def test_k_zero_and_capacity_shortfalls_are_reported_before_solving():
    with pytest.raises(InfeasibleError, match=r"with k=0 no new site opens, and 2 of 4 clients reach no "
                                              r"fixed site within radius 4 \(clients 2, 3\)"):
        site_centres(COST, 0, fixed=[0], radius=4)
    with pytest.raises(InfeasibleError, match=r"total demand 12 exceeds the largest capacity any choice of "
                                              r"k=1 new sites can give: 9 \(fixed sites 4 \+ the 1 largest "
                                              r"candidates 5\)"):
        site_centres(COST, 1, fixed=[0], capacity=[4, 5, 3, 2], demand=[3, 3, 3, 3])
    with pytest.raises(InfeasibleError, match=r"1 of 4 clients have a demand larger than the capacity of "
                                              r"every fixed or candidate site they reach \(clients 3; "
                                              r"demand 7\)"):
        site_centres(COST, 2, capacity=[6, 6, 6, 6], demand=[1, 1, 1, 7])


def test_proven_infeasible_cover_is_reported():
    cost = np.array([[1.0, INF, INF], [INF, 1.0, INF], [INF, INF, 1.0]])
    with pytest.raises(InfeasibleError, match="no choice of k=2 new sites among the 3 candidates"):
        site_centres(cost, 2)
    # total demand 6 fits total capacity 6, but no site takes two clients of demand 2
    with pytest.raises(InfeasibleError, match=r"can serve all 3 clients \(total demand 6\) each from one "
                                              r"site"):
        site_centres(np.ones((3, 2)), 2, capacity=[3, 3], demand=[2, 2, 2])


# --------------------------------------------------------------------------------------------------
# OR-Library p-median (Beasley 1985): pmed1-pmed5 reach their published optimum
# --------------------------------------------------------------------------------------------------


def test_read_orlib_pmed_last_edge_wins(tmp_path):
    path = tmp_path / "toy.txt"
    path.write_text("4 4 2\n1 2 9\n2 3 4\n1 2 3\n3 4 1\n")
    cost, p = read_orlib_pmed(path)
    assert p == 2
    assert cost[0].tolist() == [0.0, 3.0, 7.0, 8.0]


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_orlib_pmed_reaches_published_optimum(number):
    path = shared_path("benchmarks", "pmed", f"pmed{number}.txt")
    optimum = read_optima(shared_path("benchmarks", "pmed", "pmedopt.txt"))[f"pmed{number}"]
    cost, p = read_orlib_pmed(path)
    s = site_centres(cost, p)
    assert (s.objective, s.status, s.gap) == (optimum, "optimal", 0.0)
    assert len(s.sites) == p
    assert check_siting(cost, s) == []
    assert isinstance(s, Siting)


def test_siting_behaves_like_every_result(median):
    from netmatch._base.results import REPR_LIMIT, Indicators
    from netmatch._siting import SitingKpis

    assert repr(median) == "<Siting: 4 clients; median 4, new sites 2, open 0 2, served 4 of 4, status optimal>"
    kpis = median.kpis
    assert isinstance(kpis, SitingKpis) and isinstance(kpis, Indicators)
    with pytest.raises(dataclasses.FrozenInstanceError):
        kpis.served = 0  # type: ignore[misc]
    figures = kpis.as_dict()
    assert figures["clients"] == 4 and figures["served"] == 4 and figures["share_served"] == 1.0
    assert (figures["new_sites"], figures["open_sites"], figures["objective"]) == (1, 2, 4.0)
    assert figures["mean_cost"] == pytest.approx(1.0) and figures["max_cost"] == 3.0
    table = kpis.to_frame()
    assert list(table.columns) == ["indicator", "value"] and table["indicator"].tolist() == list(figures)
    coverage = site_centres(COST, 1, objective="coverage", radius=0, fixed=[3])
    assert coverage.kpis.served == 2 and coverage.kpis.share_served == 0.5
    # a large siting still has a short repr
    big = site_centres(np.zeros((500, 300)), 250, objective="coverage", radius=1)
    assert len(repr(big)) <= REPR_LIMIT and "(+244)" in repr(big)
    frame = big.to_frame()
    assert len(frame) == 500 and list(frame.columns) == ["client", "site", "cost", "covered"]


def test_registry_siting_frame_and_repr_name_schools():
    import netmatch as nm

    s = site_centres(nm.datasets.load_demo())
    assert repr(s).startswith("<Siting: ") and "new sites S08" in repr(s) and len(repr(s)) < 300
    frame = s.to_frame()
    assert list(frame.columns) == ["client", "school", "site", "site_school", "cost", "covered"]
    assert len(frame) == len(s.client_ids) == s.kpis.clients


def test_k_is_required_with_a_cost_matrix():
    with pytest.raises(InvalidInputError, match=r"The 'k' parameter of site_centres must be an int \(the number "
                                                r"of new sites\)\. Got None instead\."):
        site_centres(COST)
