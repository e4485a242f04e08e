"""Tests for the assignment solvers: brute force on small cases, invariants, published optima."""

from __future__ import annotations

import itertools
import math
import os
import random
import warnings
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks._orlib import read_gap_optima, read_orlib_gap
from netmatch._solvers.arrays import Assignment, check_assignment
from netmatch._solvers.bmatching import compiled_solver, max_coverage_assignment
from netmatch._solvers.gap import generalized_assignment
from netmatch._solvers.greedy import greedy_assignment
from netmatch._solvers.stable import blocking_pairs, deferred_acceptance
from netmatch.exceptions import InfeasibleError, InvalidInputError, NetmatchError
from tests.conftest import shared_path

# --------------------------------------------------------------------------------------------
# b-matching instances and their brute-force optimum

Inst = dict[str, Any]
HR = tuple[list[list[int]], list[list[int]], list[int]]

WEIGHTS = st.sampled_from([-2.0, -0.5, 0.0, 0.5, 1.0, 1.0, 1.5, 2.0, 3.0, 3.0, 5.0])  # ties on purpose


@st.composite
def bmatching(draw: st.DrawFn, max_edges: int = 11) -> Inst:
    """A small b-matching instance: up to 8 nodes a side, unreachable nodes, required edges, groups."""
    n_left = draw(st.integers(1, 8))
    n_right = draw(st.integers(1, 8))
    pairs = draw(st.lists(st.tuples(st.integers(0, n_left - 1), st.integers(0, n_right - 1)),
                          max_size=max_edges, unique=True))
    n = len(pairs)
    inst: Inst = {
        "left": np.array([p[0] for p in pairs], np.int64),
        "right": np.array([p[1] for p in pairs], np.int64),
        "weight": np.array(draw(st.lists(WEIGHTS, min_size=n, max_size=n)), float),
        "left_demand": np.array(draw(st.lists(st.integers(0, 2), min_size=n_left, max_size=n_left)),
                                np.int64),
        "right_capacity": np.array(draw(st.lists(st.integers(0, 3), min_size=n_right, max_size=n_right)),
                                   np.int64),
        "cost": np.array(draw(st.lists(st.sampled_from([1.0, 2.0, 2.0, 3.5, 7.0]), min_size=n, max_size=n))),
    }
    if draw(st.booleans()):
        inst["required"] = np.array(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)), np.int64) == 0
    if draw(st.booleans()):
        k = draw(st.integers(1, 3))
        inst["right_group"] = np.array(draw(st.lists(st.integers(-1, k - 1), min_size=n_right,
                                                     max_size=n_right)), np.int64)
        inst["group_capacity"] = np.array(draw(st.lists(st.integers(0, 4), min_size=k, max_size=k)), np.int64)
    if draw(st.booleans()):
        k = draw(st.integers(1, 3))
        inst["left_group"] = np.array(draw(st.lists(st.integers(-1, k - 1), min_size=n_left,
                                                    max_size=n_left)), np.int64)
        inst["left_group_capacity"] = np.array(draw(st.lists(st.integers(0, 3), min_size=k, max_size=k)),
                                               np.int64)
    return inst


def feasible_subsets(inst: Inst) -> np.ndarray:
    """Every feasible plan as a row of a boolean matrix (all 2^E subsets, filtered)."""
    n = len(inst["left"])
    subsets = ((np.arange(2 ** n)[:, None] >> np.arange(n)) & 1).astype(bool)
    ok = np.ones(len(subsets), bool)

    def within(owner: np.ndarray, size: int, cap: np.ndarray) -> np.ndarray:
        inc = np.zeros((n, size))
        inc[np.arange(n)[owner >= 0], owner[owner >= 0]] = 1
        fits: np.ndarray = np.all(subsets @ inc <= cap, axis=1)
        return fits

    ok &= within(inst["left"], len(inst["left_demand"]), inst["left_demand"])
    ok &= within(inst["right"], len(inst["right_capacity"]), inst["right_capacity"])
    if "right_group" in inst:
        ok &= within(inst["right_group"][inst["right"]], len(inst["group_capacity"]), inst["group_capacity"])
    if "left_group" in inst:
        ok &= within(inst["left_group"][inst["left"]], len(inst["left_group_capacity"]),
                     inst["left_group_capacity"])
    if "required" in inst:
        ok &= np.all(subsets[:, inst["required"]], axis=1)
    plans: np.ndarray = subsets[ok]
    return plans


def brute_force(inst: Inst, fairness: str | None = None) -> tuple[float, ...] | None:
    """The lexicographic optimum (coverage, [bottleneck], weight); None when infeasible."""
    plans = feasible_subsets(inst)
    if len(plans) == 0:
        return None
    cover = plans.sum(axis=1)
    plans = plans[cover == cover.max()]
    w, c = inst["weight"], inst["cost"]
    keys: list[tuple[float, ...]] = []
    for p in plans:
        total = float(w[p].sum())
        if fairness == "maxmin":
            keys.append((float(p.sum()), float(w[p].min()) if p.any() else math.inf, total))
        elif fairness == "minmax_cost":
            keys.append((float(p.sum()), -float(c[p].max()) if p.any() else -math.inf, total))
        else:
            keys.append((float(p.sum()), total))
    best = max(keys)
    return best


def achieved(inst: Inst, res: Assignment, fairness: str | None = None) -> tuple[float, ...]:
    ch = res.chosen
    if fairness == "maxmin":
        low = res.min_weight if res.min_weight is not None else math.inf
        return (float(res.covered), low, res.total_weight)
    if fairness == "minmax_cost":
        high = -res.max_cost if res.max_cost is not None else -math.inf
        return (float(res.covered), high, res.total_weight)
    assert res.total_weight == pytest.approx(float(inst["weight"][ch].sum()))
    return (float(res.covered), res.total_weight)


def assert_valid(inst: Inst, res: Assignment) -> None:
    ch = res.chosen
    assert ch.dtype == bool and ch.shape == inst["left"].shape
    assert check_assignment(inst["left"], inst["right"], inst["left_demand"], inst["right_capacity"], ch,
                            required=inst.get("required"), right_group=inst.get("right_group"),
                            group_capacity=inst.get("group_capacity"), left_group=inst.get("left_group"),
                            left_group_capacity=inst.get("left_group_capacity")) == []
    # independently of the checker: loads by hand
    n_left, n_right = len(inst["left_demand"]), len(inst["right_capacity"])
    assert np.all(np.bincount(inst["left"][ch], minlength=n_left) <= inst["left_demand"])
    assert np.all(np.bincount(inst["right"][ch], minlength=n_right) <= inst["right_capacity"])
    assert res.covered == int(ch.sum())
    assert np.array_equal(res.right_load, np.bincount(inst["right"][ch], minlength=n_right))


def solve(inst: Inst, **kw: Any) -> Assignment:
    args = {k: v for k, v in inst.items() if k != "cost"}
    if kw.get("fairness") == "minmax_cost":
        args["cost"] = inst["cost"]
    return max_coverage_assignment(**args, **kw)


# --------------------------------------------------------------------------------------------
# max_coverage_assignment


@settings(max_examples=300)
@given(bmatching(), st.sampled_from(["flow", "matching", "lp"]))
def test_max_coverage_matches_brute_force(inst: Inst, method: str) -> None:
    expected = brute_force(inst)
    if expected is None:
        with pytest.raises(InfeasibleError, match="required"):
            solve(inst, method=method)
        return
    res = solve(inst, method=method)
    assert_valid(inst, res)
    assert res.status == "optimal" and res.gap == 0.0
    got = achieved(inst, res)
    assert got[0] == expected[0]
    assert got[1] == pytest.approx(expected[1], abs=1e-9)


@settings(max_examples=300)
@given(bmatching(), st.data())
def test_left_first_matches_brute_force(inst: Inst, data: st.DataObject) -> None:
    # first units of each left node, then all units, then weight
    inst.pop("left_group", None)
    inst.pop("left_group_capacity", None)
    first = np.array([data.draw(st.integers(0, int(d))) for d in inst["left_demand"]], np.int64)
    plans = feasible_subsets(inst)
    if len(plans) == 0:
        with pytest.raises(InfeasibleError, match="required"):
            solve(inst, left_first=first)
        return
    load = plans.astype(np.int64) @ (inst["left"][:, None] == np.arange(len(first))).astype(np.int64)
    keys = [(int(np.minimum(row, first).sum()), int(p.sum()), float(inst["weight"][p].sum()))
            for row, p in zip(load, plans, strict=True)]
    best = max(keys)
    res = solve(inst, left_first=first)
    assert_valid(inst, res)
    got_load = np.bincount(inst["left"][res.chosen], minlength=len(first))
    assert (int(np.minimum(got_load, first).sum()), res.covered) == best[:2]
    assert res.total_weight == pytest.approx(best[2], abs=1e-9)


def test_left_first_puts_a_first_leader_before_a_second() -> None:
    # school 0 wants two leaders, school 1 one; leader 0 has one place, leader 1 one place.
    # Coverage alone is 2 either way; first units first gives each school one leader.
    left, right, weight = [0, 0, 1], [0, 1, 1], [5.0, 5.0, 1.0]
    plain = max_coverage_assignment(left, right, weight, [2, 1], [1, 1])
    assert plain.chosen.tolist() == [True, True, False]
    first = max_coverage_assignment(left, right, weight, [2, 1], [1, 1], left_first=[1, 1])
    assert first.chosen.tolist() == [True, False, True]
    with pytest.raises(InvalidInputError, match="at most left_demand"):
        max_coverage_assignment(left, right, weight, [2, 1], [1, 1], left_first=[3, 1])
    with pytest.raises(NetmatchError, match="left_first needs method='flow'"):
        max_coverage_assignment(left, right, weight, [2, 1], [1, 1], left_first=[1, 1], method="lp")


@settings(max_examples=200)
@given(bmatching(max_edges=10), st.sampled_from(["maxmin", "minmax_cost"]))
def test_fairness_matches_brute_force(inst: Inst, fairness: str) -> None:
    expected = brute_force(inst, fairness)
    if expected is None:
        return
    res = solve(inst, fairness=fairness)
    assert_valid(inst, res)
    got = achieved(inst, res, fairness)
    assert got[:2] == expected[:2]
    assert got[2] == pytest.approx(expected[2], abs=1e-9)


@settings(max_examples=100)
@given(bmatching(), st.randoms(use_true_random=False))
def test_same_input_same_plan_whatever_the_edge_order(inst: Inst, rnd: random.Random) -> None:
    if brute_force(inst) is None:
        return
    first = solve(inst)
    again = solve(inst)
    assert np.array_equal(first.chosen, again.chosen)
    order = list(range(len(inst["left"])))
    rnd.shuffle(order)
    perm = np.array(order, dtype=np.int64)
    per_edge = ("left", "right", "weight", "cost", "required")
    shuffled = {k: (v[perm] if k in per_edge else v) for k, v in inst.items()}
    moved = solve(shuffled)
    assert np.array_equal(moved.chosen, first.chosen[perm])


def test_coverage_beats_score() -> None:
    # one leader, two partners: the best single score loses to covering both via the other leader
    res = max_coverage_assignment([0, 0, 1], [0, 1, 0], [10.0, -3.0, 1.0], [1, 1], [1, 1])
    assert res.chosen.tolist() == [False, True, True]
    assert (res.covered, res.demand, res.uncovered) == (2, 2, 0)
    assert res.total_weight == -2.0


def test_subject_model_with_groups() -> None:
    # school 0 weak in maths (node 0) and physics (node 1), at most 1 leader in all (left group);
    # leader 0 has a maths slot (0) and a physics slot (1) under a total of 1 (right group)
    left = [0, 1, 1, 2]
    right = [0, 1, 2, 2]
    weight = [3.0, 2.0, 1.0, 5.0]
    res = max_coverage_assignment(left, right, weight, [1, 1, 1], [1, 1, 1],
                                  right_group=[0, 0, 1], group_capacity=[1, 1],
                                  left_group=[0, 0, 1], left_group_capacity=[1, 1])
    assert res.covered == 2
    assert res.chosen.tolist() == [True, False, False, True]


def test_demand_two_uses_each_edge_once() -> None:
    # a school needing two leaders cannot take the same leader twice, however big its capacity
    res = max_coverage_assignment([0, 0], [0, 1], [5.0, 1.0], [2], [3, 3])
    assert res.chosen.tolist() == [True, True]
    res = max_coverage_assignment([0], [0], [5.0], [2], [3])
    assert res.covered == 1


def test_required_edges_that_do_not_fit_name_the_numbers() -> None:
    with pytest.raises(InfeasibleError, match="right node 0 has 2 required edges but capacity 1"):
        max_coverage_assignment([0, 1], [0, 0], [1.0, 1.0], [1, 1], [1], required=[True, True])


def test_required_edges_are_kept_even_when_they_cost_coverage() -> None:
    res = max_coverage_assignment([0, 0, 1], [0, 1, 0], [1.0, 1.0, 1.0], [1, 1], [1, 1],
                                  required=[True, False, False])
    assert res.chosen.tolist() == [True, False, False]


def test_maxmin_and_minmax_cost() -> None:
    left, right = [0, 0, 1, 1], [0, 1, 0, 1]
    weight = [10.0, 1.0, 1.0, 2.0]
    plain = max_coverage_assignment(left, right, weight, [1, 1], [1, 1])
    assert plain.total_weight == 12.0 and plain.min_weight == 2.0
    fair = max_coverage_assignment(left, right, weight, [1, 1], [1, 1], fairness="maxmin")
    assert fair.chosen.tolist() == [True, False, False, True]
    km = [1.0, 5.0, 2.0, 9.0]
    near = max_coverage_assignment(left, right, weight, [1, 1], [1, 1], fairness="minmax_cost", cost=km)
    assert near.max_cost == 5.0 and near.chosen.tolist() == [False, True, True, False]


def test_empty_and_unreachable() -> None:
    res = max_coverage_assignment(np.zeros(0, int), np.zeros(0, int), np.zeros(0), [1, 2], [1])
    assert (res.covered, res.demand, res.min_weight) == (0, 3, None)
    res = max_coverage_assignment([0], [0], [1.0], [1, 1], [0])
    assert res.covered == 0 and res.chosen.tolist() == [False]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"left": [0, 0], "right": [1, 1]}, "edges 0 and 1 both joining left 0 to right 1"),
    ({"left": [0, 3]}, "'left' parameter of max_coverage_assignment must be an array of left node indices"),
    ({"weight": [1.0, np.nan]}, "'weight' parameter .* finite numbers. Got nan at position 1"),
    ({"right_capacity": [-1, 2]}, "'right_capacity' .* non-negative integers. Got -1 at position 0"),
    ({"right_group": [0, 0]}, "'group_capacity' parameter .* given together with"),
    ({"fairness": "minmax_cost"}, "'cost' parameter .* edge costs"),
    ({"fairness": "fair"}, "'fairness' parameter"),
    ({"required": [1, 0]}, "'required' parameter .* boolean mask"),
])
def test_invalid_input_names_the_parameter(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"left": [0, 1], "right": [0, 1], "weight": [1.0, 2.0], "left_demand": [1, 1],
            "right_capacity": [1, 1], **kwargs}
    with pytest.raises(InvalidInputError, match=message):
        max_coverage_assignment(**args)


def test_results_are_read_only() -> None:
    res = max_coverage_assignment([0], [0], [1.0], [1], [1])
    with pytest.raises(ValueError, match="read-only"):
        res.chosen[0] = False


def test_lp_and_matching_agree_on_a_larger_instance() -> None:
    rng = np.random.default_rng(7)
    n_left, n_right, deg = 300, 150, 8
    left = np.repeat(np.arange(n_left), deg)
    right = rng.integers(0, n_right, left.size)
    key = np.unique(left * n_right + right)
    left, right = key // n_right, key % n_right
    weight = np.round(rng.random(left.size), 3)
    demand = rng.integers(1, 3, n_left)
    capacity = rng.integers(0, 4, n_right)
    groups: dict[str, Any] = {
        "right_group": rng.integers(-1, 40, n_right), "group_capacity": rng.integers(1, 6, 40),
        "left_group": rng.integers(-1, 100, n_left), "left_group_capacity": rng.integers(1, 4, 100),
    }
    a = max_coverage_assignment(left, right, weight, demand, capacity, **groups)
    for method in ("matching", "lp"):
        b = max_coverage_assignment(left, right, weight, demand, capacity, method=method, **groups)
        assert (b.method, a.covered) == (method, b.covered)
        assert a.total_weight == pytest.approx(b.total_weight, abs=1e-7)
    g = greedy_assignment(left, right, weight, demand, capacity, **groups)
    assert g.covered <= a.covered
    assert g.total_weight <= a.total_weight + 1e-9 or g.covered < a.covered


# --------------------------------------------------------------------------------------------
# greedy_assignment


@settings(max_examples=200)
@given(bmatching())
def test_greedy_never_violates_a_capacity(inst: Inst) -> None:
    args = {k: v for k, v in inst.items() if k != "cost"}
    if brute_force(inst) is None:
        with pytest.raises(InfeasibleError):
            greedy_assignment(**args)
        return
    res = greedy_assignment(**args)
    assert_valid(inst, res)
    assert res.status == "heuristic" and math.isnan(res.gap)
    assert np.array_equal(res.chosen, greedy_assignment(**args).chosen)
    best = brute_force(inst)
    assert best is not None and res.covered <= best[0]


def test_greedy_ties_follow_input_order() -> None:
    res = greedy_assignment([0, 1], [0, 0], [1.0, 1.0], [1, 1], [1])
    assert res.chosen.tolist() == [True, False]


# --------------------------------------------------------------------------------------------
# deferred acceptance


@st.composite
def hr_instances(draw: st.DrawFn, max_schools: int = 7, max_leaders: int = 4) -> HR:
    """Strict, possibly one-sided, possibly empty preference lists and capacities 0-2."""
    n_s = draw(st.integers(1, max_schools))
    n_l = draw(st.integers(1, max_leaders))

    def ranking(n_other: int) -> list[int]:
        order = draw(st.permutations(range(n_other)))
        return list(order[:draw(st.integers(0, n_other))])

    s_prefs = [ranking(n_l) for _ in range(n_s)]
    l_prefs = [ranking(n_s) for _ in range(n_l)]
    cap = draw(st.lists(st.integers(0, 2), min_size=n_l, max_size=n_l))
    return s_prefs, l_prefs, cap


def all_stable(s_prefs: list[list[int]], l_prefs: list[list[int]], cap: list[int]) -> list[tuple[int, ...]]:
    options = [[-1] + [j for j in prefs if s in l_prefs[j]] for s, prefs in enumerate(s_prefs)]
    out = []
    for match in itertools.product(*options):
        if any(match.count(j) > c for j, c in enumerate(cap)):
            continue
        if not blocking_pairs(s_prefs, l_prefs, cap, list(match)):
            out.append(match)
    return out


@settings(max_examples=300)
@given(hr_instances(), st.sampled_from(["school", "leader"]))
def test_deferred_acceptance_is_stable(inst: HR, proposing: Literal["school", "leader"]) -> None:
    s_prefs, l_prefs, cap = inst
    match = deferred_acceptance(s_prefs, l_prefs, cap, proposing=proposing)
    assert blocking_pairs(s_prefs, l_prefs, cap, match) == []
    for s, j in enumerate(match.tolist()):
        if j >= 0:
            assert j in s_prefs[s] and s in l_prefs[j]
    assert np.all(np.bincount(match[match >= 0], minlength=len(cap)) <= cap)


def _rank(prefs: list[int], j: int) -> int:
    return prefs.index(j) if j >= 0 else len(prefs)


@settings(max_examples=200)
@given(hr_instances(max_schools=5, max_leaders=3))
def test_proposing_side_gets_its_optimum(inst: HR) -> None:
    s_prefs, l_prefs, cap = inst
    stable = all_stable(s_prefs, l_prefs, cap)
    school_opt = deferred_acceptance(s_prefs, l_prefs, cap, proposing="school").tolist()
    leader_opt = deferred_acceptance(s_prefs, l_prefs, cap, proposing="leader").tolist()
    assert tuple(school_opt) in stable and tuple(leader_opt) in stable
    for s, prefs in enumerate(s_prefs):
        ranks = [_rank(prefs, m[s]) for m in stable]
        assert _rank(prefs, school_opt[s]) == min(ranks)  # school-optimal
        assert _rank(prefs, leader_opt[s]) == max(ranks)  # leader-optimal is school-pessimal
    for j, prefs in enumerate(l_prefs):
        # responsive preferences: the leader-optimal set is best place by place
        def places(m: tuple[int, ...] | list[int], j: int = j, prefs: list[int] = prefs) -> list[int]:
            return sorted(prefs.index(s) for s, lead in enumerate(m) if lead == j)
        best = places(leader_opt)
        for m in stable:
            other = places(m)
            assert len(other) == len(best)  # rural hospitals theorem: same count everywhere
            assert all(a <= b for a, b in zip(best, other, strict=True))


def test_hospitals_residents_published_example() -> None:
    # The hospitals/residents example of the `matching` library (daffidwilde/matching, README and
    # docs "Hospital-resident assignment problem" tutorial; tests/hospital_resident/test_examples.py):
    # residents A, S, D, J, L; hospitals M, C, G with two places each; published solution
    # {M: [L, S], C: [D, A], G: [J]}. Derived by hand, residents proposing: A->C holds A; S->C
    # holds A, S; D->C holds D, A (S out); J->C rejected; L->M holds L; S->M holds L, S; J->G holds
    # J. Hospitals proposing gives the same matching (M->D, L; C->D, A; G->D, J; D keeps C, so M
    # turns to S and G to L, who keeps M), so the stable matching is unique.
    residents = ["A", "S", "D", "J", "L"]
    hospitals = ["M", "C", "G"]
    r_prefs = {"A": "C", "S": "CM", "D": "CMG", "J": "CGM", "L": "MCG"}
    h_prefs = {"M": "DLSJ", "C": "DASLJ", "G": "DJL"}
    school_prefs = [[hospitals.index(h) for h in r_prefs[r]] for r in residents]
    leader_prefs = [[residents.index(r) for r in h_prefs[h]] for h in hospitals]
    expected = {"A": "C", "S": "M", "D": "C", "J": "G", "L": "M"}
    for proposing in ("school", "leader"):
        match = deferred_acceptance(school_prefs, leader_prefs, [2, 2, 2], proposing=proposing)
        assert {r: hospitals[j] for r, j in zip(residents, match.tolist(), strict=True)} == expected


def test_blocking_pairs_finds_every_pair() -> None:
    s_prefs = [[0, 1], [0, 1], [1]]
    l_prefs = [[1, 0], [2, 0, 1]]
    # school 0 with leader 1, school 1 with leader 0 is stable; swap them and both pairs block
    assert blocking_pairs(s_prefs, l_prefs, [1, 1], [1, 0, -1]) == [(2, 1)]
    assert blocking_pairs(s_prefs, l_prefs, [1, 1], [0, 1, -1]) == [(1, 0), (2, 1)]
    with pytest.raises(InvalidInputError, match="mutually acceptable"):
        blocking_pairs(s_prefs, l_prefs, [1, 1], [-1, -1, 0])
    with pytest.raises(InvalidInputError, match="capacities"):
        blocking_pairs(s_prefs, l_prefs, [1, 1], [0, 0, -1])


def test_deferred_acceptance_rejects_bad_lists() -> None:
    with pytest.raises(InvalidInputError, match="without repeats"):
        deferred_acceptance([[0, 0]], [[0]], [1])
    with pytest.raises(InvalidInputError, match="leader indices from 0 to 0"):
        deferred_acceptance([[1]], [[0]], [1])
    with pytest.raises(InvalidInputError, match="one list per leader"):
        deferred_acceptance([[0]], [[0], [0]], [1])


# --------------------------------------------------------------------------------------------
# generalised assignment

OPTIMA = "optima.csv"


@pytest.mark.parametrize("k", range(1, 13))
def test_gap_orlib_optima(k: int) -> None:
    name = f"gap{k}.txt"
    path = shared_path("benchmarks", "gap", name)
    optima = read_gap_optima(shared_path("benchmarks", "gap", OPTIMA))
    for i, (cost, load, capacity) in enumerate(read_orlib_gap(path), 1):
        res = generalized_assignment(cost, load, capacity, maximize=True, time_limit=120)
        assert res.status == "optimal" and res.gap == 0.0
        assert res.objective == float(optima[(name, i)]["orlib_readme_optimum_max"]), (name, i)
        assert np.all(res.assignment >= 0)
        used = np.zeros(len(capacity))
        np.add.at(used, res.assignment, load[res.assignment, np.arange(cost.shape[1])])
        assert np.all(used <= capacity) and np.array_equal(used, res.load_used)
        assert res.objective == cost[res.assignment, np.arange(cost.shape[1])].sum()


def test_gap_a05100_minimum() -> None:
    name = "gapa.txt"
    cost, load, capacity = read_orlib_gap(shared_path("benchmarks", "gap", name))[0]
    expected = float(read_gap_optima(shared_path("benchmarks", "gap", OPTIMA))[(name, 1)]["ap_jl_min_ub"])
    res = generalized_assignment(cost, load, capacity, time_limit=120)
    assert res.objective == expected and res.status == "optimal"


def test_gap_time_limit_keeps_the_incumbent() -> None:
    cost, load, capacity = read_orlib_gap(shared_path("benchmarks", "gap", "gapd.txt"))[5]  # d20200
    res = generalized_assignment(cost, load, capacity, allow_unassigned=True, time_limit=1.0)
    assert res.status in ("time_limit", "optimal")
    assert np.all(res.load_used <= capacity)
    if res.status == "time_limit" and res.n_assigned == cost.shape[1]:
        assert res.bound <= res.objective and res.gap >= 0


@st.composite
def gap_instances(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    m = draw(st.integers(1, 3))
    n = draw(st.integers(1, 5))
    cost = np.array(draw(st.lists(st.integers(-3, 9), min_size=m * n, max_size=m * n)), float).reshape(m, n)
    load = np.array(draw(st.lists(st.integers(1, 6), min_size=m * n, max_size=m * n)), float).reshape(m, n)
    capacity = np.array(draw(st.lists(st.integers(0, 10), min_size=m, max_size=m)), float)
    mask = np.array(draw(st.lists(st.integers(0, 4), min_size=m * n, max_size=m * n))).reshape(m, n) > 0
    return cost, load, capacity, mask


def brute_gap(cost: np.ndarray, load: np.ndarray, capacity: np.ndarray, mask: np.ndarray, maximize: bool,
              coverage_first: bool) -> tuple[float, ...] | None:
    m, n = cost.shape
    best: tuple[float, ...] | None = None
    for plan in itertools.product(range(-1, m), repeat=n):
        p = np.array(plan)
        on = p >= 0
        if np.any(~mask[p[on], np.flatnonzero(on)]):
            continue
        used = np.zeros(m)
        np.add.at(used, p[on], load[p[on], np.flatnonzero(on)])
        if np.any(used > capacity):
            continue
        value = float(cost[p[on], np.flatnonzero(on)].sum()) * (1 if maximize else -1)
        key = (float(on.sum()), value) if coverage_first else (value,)
        if best is None or key > best:
            best = key
    return best


@settings(max_examples=150)
@given(gap_instances(), st.booleans(), st.booleans())
def test_gap_unassigned_matches_brute_force(inst: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
                                            maximize: bool, coverage_first: bool) -> None:
    cost, load, capacity, mask = inst
    res = generalized_assignment(cost, load, capacity, maximize=maximize, allow_unassigned=True,
                                 coverage_first=coverage_first, mask=mask)
    best = brute_gap(cost, load, capacity, mask, maximize, coverage_first)
    value = res.objective * (1 if maximize else -1)
    got = (float(res.n_assigned), value) if coverage_first else (value,)
    assert got == pytest.approx(best)
    assert res.status == "optimal"
    on = res.assignment >= 0
    assert np.all(mask[res.assignment[on], np.flatnonzero(on)])
    assert np.all(res.load_used <= capacity + 1e-9)
    if coverage_first:
        assert res.assigned_bound == res.n_assigned


def test_gap_prechecks_name_the_numbers() -> None:
    with pytest.raises(InfeasibleError, match="job 1 needs at least 7 load units but the largest capacity"):
        generalized_assignment([[1, 1]], [[1, 7]], [5])
    with pytest.raises(InfeasibleError, match=r"need at least 8 load units in total .* the agents have 6"):
        generalized_assignment([[1, 1], [1, 1]], [[4, 4], [4, 4]], [6, 0])
    with pytest.raises(InfeasibleError, match="job 0 has no allowed agent"):
        generalized_assignment([[1.0]], [[1.0]], [5.0], mask=[[False]])
    with pytest.raises(InfeasibleError, match="proven by HiGHS"):
        generalized_assignment([[1, 1, 1], [1, 1, 1]], [[2, 2, 2], [2, 2, 2]], [3, 3])


def test_gap_invalid_parameters() -> None:
    with pytest.raises(InvalidInputError, match="'load' parameter of generalized_assignment must be an array "
                                                "of shape"):
        generalized_assignment([[1, 2]], [[1]], [3])
    with pytest.raises(InvalidInputError, match="'time_limit'"):
        generalized_assignment([[1]], [[1]], [3], time_limit=0)
    with pytest.raises(InvalidInputError, match="finite on every allowed pair"):
        generalized_assignment([[np.nan]], [[1]], [3])


def test_compiled_solver_is_built() -> None:
    # a development or CI install must build the extension; only a user without a C compiler
    # runs on the scipy fallback, and says so by setting NETMATCH_NO_COMPILED_SOLVER=1
    if os.environ.get("NETMATCH_NO_COMPILED_SOLVER") == "1":
        pytest.skip("NETMATCH_NO_COMPILED_SOLVER=1: the scipy fallback is expected")
    assert compiled_solver(), "netmatch._solvers._flow is not built: reinstall with a C compiler (pip install -e .)"
    assert max_coverage_assignment([0], [0], [1.0], [1], [1]).method == "flow"


def test_without_the_compiled_solver_auto_falls_back_and_flow_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import netmatch._solvers.bmatching as mod

    monkeypatch.setattr(mod, "compiled_solver", lambda: False)
    res = max_coverage_assignment([0, 0, 1], [0, 1, 0], [5.0, 1.0, 2.0], [1, 1], [1, 1])
    assert (res.method, res.covered, res.total_weight) == ("matching", 2, 3.0)
    with pytest.raises(NetmatchError, match=r"compiled solver, which is not available: .* Or use method='matching'"):
        max_coverage_assignment([0], [0], [1.0], [1], [1], method="flow")


def test_missing_solver_advice_names_the_source_tree_the_install_or_the_compiler(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import netmatch._solvers.bmatching as mod

    tree = tmp_path / "checkout"
    (tree / "netmatch").mkdir(parents=True)
    (tree / "setup.py").touch()
    (tree / "pyproject.toml").touch()
    text = mod.missing_solver_advice(tree / "netmatch")
    assert f"imported from the source tree {tree / 'netmatch'}" in text and f"pip install -e .` in {tree}" in text
    installed = tmp_path / "site-packages" / "netmatch"
    installed.mkdir(parents=True)
    monkeypatch.setattr(mod, "_compiler", lambda: "gcc")
    assert "although a C compiler (gcc) is here" in mod.missing_solver_advice(installed)
    monkeypatch.setattr(mod, "_compiler", lambda: None)
    assert "none was found" in mod.missing_solver_advice(installed)


def test_the_slow_fallback_says_so_once_on_big_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    import netmatch._solvers.bmatching as mod

    monkeypatch.setattr(mod, "compiled_solver", lambda: False)
    monkeypatch.setattr(mod, "_WARNED", set())
    rng = np.random.default_rng(0)
    left = np.repeat(np.arange(2_000), 10)
    right = (left * 7 + np.tile(np.arange(10), 2_000)) % 1_000
    weight = rng.random(left.size)
    with pytest.warns(RuntimeWarning, match="compiled pairing solver is not available, so 20,000 candidate edges"):
        max_coverage_assignment(left, right, weight, np.ones(2_000, int), np.full(1_000, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        max_coverage_assignment(left, right, weight, np.ones(2_000, int), np.full(1_000, 2))  # said once
        max_coverage_assignment([0], [0], [1.0], [1], [1])  # small problems never


def test_bad_options_are_reported_together() -> None:
    with pytest.raises(InvalidInputError, match=r"2 problems(.|\n)*'fairness'(.|\n)*'method'"):
        max_coverage_assignment([0], [0], [1.0], [1], [1], fairness="fair", method="fast")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"2 problems(.|\n)*'time_limit'(.|\n)*'mip_rel_gap'"):
        generalized_assignment([[1]], [[1]], [3], time_limit=0, mip_rel_gap=2)


def test_the_public_facade_gives_the_solvers_of_the_topic_modules() -> None:
    import netmatch.solvers as public
    from netmatch._solvers import arrays, bmatching, gap, greedy, stable

    homes = {name: module for module in (arrays, bmatching, gap, greedy, stable) for name in module.__all__}
    for name in public.__all__:
        assert getattr(public, name) is getattr(homes[name], name), name
