"""``max_coverage_assignment`` against OR-Tools' min-cost flow on region-sized pairing instances.

A region of 40,000 schools has some 4,000–10,000 ШНОР/ШНСУ (partners) and 2,000–6,000 leader
schools; the candidate graph joins each partner to its 30–50 nearest or best leaders. Both
solvers get the same edges and compute a maximum flow of minimum cost (OR-Tools:
``SimpleMinCostFlow.solve_max_flow_with_min_cost``), i.e. most partners covered, then the best
total score. OR-Tools needs integer costs (its vectorised ``add_arcs_with_capacity_and_unit_cost``
would silently truncate floats), so the scores are drawn on a grid of 1e-6 and scaled by 1e6 to
exact integers: the two optima must then agree to rounding.

OR-Tools is a benchmark-only dependency (``pip install ortools``); it cannot share a process with
``highspy``, but scipy's own HiGHS is fine beside it. Run from the repository root::

    python -m benchmarks.bench_assignment            # the table, best of 3 runs each
    python -m benchmarks.bench_assignment --quick    # the first instances only
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: make ``netmatch`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netmatch._solvers.arrays import Assignment
from netmatch._solvers.bmatching import max_coverage_assignment
from netmatch._solvers.greedy import greedy_assignment

SCALE = 10**6  # scores are multiples of 1e-6, exact integers once scaled


@dataclass
class Instance:
    name: str
    left: np.ndarray
    right: np.ndarray
    weight: np.ndarray
    demand: np.ndarray
    capacity: np.ndarray
    right_group: np.ndarray | None = None
    group_capacity: np.ndarray | None = None
    left_group: np.ndarray | None = None
    left_group_capacity: np.ndarray | None = None


def _dedupe(left: np.ndarray, right: np.ndarray, n_right: int) -> tuple[np.ndarray, np.ndarray]:
    key = np.unique(left * n_right + right)
    return key // n_right, key % n_right


def random_instance(n_left: int, n_right: int, degree: int, max_demand: int, seed: int) -> Instance:
    """Each partner gets ``degree`` leaders drawn uniformly: the hardest, least local structure."""
    rng = np.random.default_rng(seed)
    left, right = _dedupe(np.repeat(np.arange(n_left), degree), rng.integers(0, n_right, n_left * degree),
                          n_right)
    weight = rng.integers(0, SCALE, left.size) / SCALE
    demand = "demand 1" if max_demand == 1 else f"demand 1–{max_demand}"
    name = f"random {n_left}×{n_right}, {degree}/partner, {demand}"
    return Instance(name, left, right, weight, rng.integers(1, max_demand + 1, n_left),
                    rng.integers(1, 4, n_right))


def geographic_instance(n_left: int, n_right: int, degree: int, seed: int) -> Instance:
    """Schools in a square region; each partner's ``degree`` nearest leaders, score falling with km."""
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(seed)
    side = 300.0  # km
    partners = rng.random((n_left, 2)) * side
    leaders = rng.random((n_right, 2)) * side
    km, nearest = cKDTree(leaders).query(partners, k=degree)
    left = np.repeat(np.arange(n_left), degree)
    right = nearest.ravel()
    quality = rng.random(n_right)
    weight = np.round((quality[right] - km.ravel() / 50.0) * SCALE) / SCALE
    return Instance(f"geographic {n_left}×{n_right}, {degree} nearest", left, right, weight,
                    np.ones(n_left, np.int64), rng.integers(1, 4, n_right))


def subject_instance(n_schools: int, n_leaders: int, degree: int, seed: int) -> Instance:
    """(school, subject) demands and (leader, subject) slots, with school and leader totals as groups."""
    rng = np.random.default_rng(seed)
    n_subjects = 3
    s_left = np.repeat(np.arange(n_schools), degree)
    s_right = rng.integers(0, n_leaders, s_left.size)
    s_left, s_right = _dedupe(s_left, s_right, n_leaders)
    subject = rng.integers(0, n_subjects, s_left.size)
    left = s_left * n_subjects + subject
    right = s_right * n_subjects + subject
    weight = rng.integers(0, SCALE, left.size) / SCALE
    return Instance(
        f"subjects {n_schools}×{n_leaders}×{n_subjects}, groups both sides", left, right, weight,
        np.ones(n_schools * n_subjects, np.int64), rng.integers(0, 3, n_leaders * n_subjects),
        right_group=np.repeat(np.arange(n_leaders), n_subjects), group_capacity=rng.integers(1, 4, n_leaders),
        left_group=np.repeat(np.arange(n_schools), n_subjects),
        left_group_capacity=np.full(n_schools, 2, np.int64))


def ortools_solve(inst: Instance) -> tuple[np.ndarray, float, float]:
    """Max flow of min cost with OR-Tools on source → (group) → left → right → (group) → sink."""
    from ortools.graph.python import min_cost_flow

    t0 = time.perf_counter()
    n_l, n_r = inst.demand.size, inst.capacity.size
    n_lg = 0 if inst.left_group_capacity is None else inst.left_group_capacity.size
    n_rg = 0 if inst.group_capacity is None else inst.group_capacity.size
    lg0, l0 = 1, 1 + n_lg
    r0 = l0 + n_l
    rg0 = r0 + n_r
    sink = rg0 + n_rg
    tails: list[np.ndarray] = []
    heads: list[np.ndarray] = []
    caps: list[np.ndarray] = []
    if inst.left_group is None or inst.left_group_capacity is None:
        tails.append(np.zeros(n_l, np.int64))
    else:
        tails += [np.zeros(n_lg, np.int64), lg0 + inst.left_group]
        heads.append(lg0 + np.arange(n_lg))
        caps.append(inst.left_group_capacity)
    heads.append(l0 + np.arange(n_l))
    caps.append(inst.demand)
    edge0 = int(sum(a.size for a in caps))
    tails.append(l0 + inst.left)
    heads.append(r0 + inst.right)
    caps.append(np.ones(inst.left.size, np.int64))
    tails.append(r0 + np.arange(n_r))
    caps.append(inst.capacity)
    if inst.right_group is None or inst.group_capacity is None:
        heads.append(np.full(n_r, sink))
    else:
        heads += [rg0 + inst.right_group, np.full(n_rg, sink)]
        tails.append(rg0 + np.arange(n_rg))
        caps.append(inst.group_capacity)
    tail = np.concatenate(tails).astype(np.int32)
    head = np.concatenate(heads).astype(np.int32)
    cap = np.concatenate(caps).astype(np.int64)
    cost = np.zeros(tail.size, np.int64)
    cost[edge0:edge0 + inst.left.size] = -np.round(inst.weight * SCALE).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tail, head, cap, cost)
    total = int(inst.demand.sum())
    smcf.set_node_supply(0, total)
    smcf.set_node_supply(sink, -total)
    t1 = time.perf_counter()
    status = smcf.solve_max_flow_with_min_cost()
    t2 = time.perf_counter()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"OR-Tools status {status}")
    flows = smcf.flows(np.arange(edge0, edge0 + inst.left.size))
    return flows > 0, t2 - t0, t2 - t1


def best_of(runs: int, fn: Callable[[], Assignment]) -> tuple[Assignment, float]:
    best = float("inf")
    out = fn()  # a first run also warms caches; timed runs follow
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per solver; the best time is shown")
    parser.add_argument("--quick", action="store_true", help="only the first three instances")
    args = parser.parse_args(argv)
    instances: list[Callable[[], Instance]] = [
        lambda: random_instance(4000, 2500, 30, 1, seed=1),
        lambda: geographic_instance(4000, 2500, 30, seed=2),
        lambda: subject_instance(4000, 2500, 30, seed=3),
        lambda: random_instance(4000, 2500, 30, 2, seed=4),
        lambda: random_instance(10000, 4000, 50, 1, seed=5),
        lambda: random_instance(10000, 6000, 50, 1, seed=6),
        lambda: geographic_instance(10000, 4000, 50, seed=7),
        lambda: random_instance(10000, 6000, 50, 2, seed=8),
    ]
    if args.quick:
        instances = instances[:3]
    max_coverage_assignment([0], [0], [1.0], [1], [1])  # imports and first-call costs out of the timings
    print("| instance | edges | covered / demand | netmatch s | OR-Tools s (solve only) | ratio | objectives "
          "| greedy covered, score gap |")
    print("|---|---|---|---|---|---|---|---|")
    for make in instances:
        inst = make()
        groups: dict[str, Any] = {k: getattr(inst, k) for k in ("right_group", "group_capacity", "left_group",
                                                 "left_group_capacity") if getattr(inst, k) is not None}

        def ours_solve(inst: Instance = inst, groups: dict[str, Any] = groups) -> Assignment:
            return max_coverage_assignment(inst.left, inst.right, inst.weight, inst.demand, inst.capacity,
                                           **groups)

        ours, t_ours = best_of(args.runs, ours_solve)
        t_or, t_or_solve = float("inf"), float("inf")
        chosen_or = None
        for _ in range(args.runs):
            chosen_or, t_all, t_solve = ortools_solve(inst)
            t_or, t_or_solve = min(t_or, t_all), min(t_or_solve, t_solve)
        greedy = greedy_assignment(inst.left, inst.right, inst.weight, inst.demand, inst.capacity, **groups)
        assert chosen_or is not None
        w_ours, w_or = ours.total_weight, float(inst.weight[chosen_or].sum())
        n_or = int(chosen_or.sum())
        same = ours.covered == n_or and abs(w_ours - w_or) <= 1e-6 * max(1.0, abs(w_or))
        verdict = (f"agree ({w_ours:.6f})" if same
                   else f"DIFFER: {ours.covered}/{w_ours:.6f} vs {n_or}/{w_or:.6f}")
        print(f"| {inst.name} | {inst.left.size:,} | {ours.covered:,} / {ours.demand:,} "
              f"| {t_ours:.2f} | {t_or:.2f} ({t_or_solve:.2f}) | {t_ours / t_or:.1f}× | {verdict} "
              f"| {greedy.covered:,}, −{w_ours - greedy.total_weight:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
