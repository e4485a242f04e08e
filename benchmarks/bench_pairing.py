"""End-to-end pairing benchmark on synthetic regions, side by side with OR-Tools.

For ``make_region(n)`` it times, separately: identification; candidate search + scores
(the array path of ``build_graph``); the solve alone (``max_coverage_assignment`` on the
candidate arrays: the compiled solver, and the pure scipy fallback used where the extension is
not built); the same problem in OR-Tools' ``SimpleMinCostFlow`` (max flow of min cost, the same
lexicographic objective) built from the same arrays; and the full ``build_graph`` +
``optimal_pairing`` (networkx graph, explanations, reasons, KPIs).

Scores are rounded to multiples of 1e-6 for both solvers, because OR-Tools takes integer costs
(its vectorised ``add_arcs_with_capacity_and_unit_cost`` truncates floats), so that the two
objectives can be compared exactly.

Run: ``python -m benchmarks.bench_pairing --sizes 40000 200000`` (needs ``pip install ortools``;
OR-Tools and highspy cannot share a process, scipy's own HiGHS is fine).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from benchmarks.bench_assignment import SCALE, Instance, ortools_solve
from netmatch import build_graph, optimal_pairing
from netmatch._identify import identify
from netmatch._pairing import compact
from netmatch._solvers.bmatching import max_coverage_assignment
from netmatch.datasets import make_region
from netmatch.graph import Constraints, _candidates
from netmatch.scoring import ScoringWeights


def clock(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start, time.process_time() - cpu


def run(n: int, seed: int) -> None:
    reg, t_reg, _ = clock(make_region, n, seed=seed)
    ident, t_id, c_id = clock(identify, reg)
    cons, weights = Constraints(), ScoringWeights()
    cand, t_cand, c_cand = clock(_candidates, reg, ident, cons, weights, None)
    left, right, partners, leaders = compact(cand)
    score = np.round(cand.score * SCALE) / SCALE
    demand, capacity = cand.demand[partners], cand.capacity[leaders]
    ours, t_solve, c_solve = clock(max_coverage_assignment, left, right, score, demand, capacity)
    scipy_res, t_scipy, _ = clock(max_coverage_assignment, left, right, score, demand, capacity, method="matching")
    inst = Instance(f"region {n}", left, right, score, demand, capacity)
    (chosen_or, t_or_all, t_or_solve), _, _ = clock(ortools_solve, inst)
    units_or = int(chosen_or.sum())
    weight_or = float(np.round(score[chosen_or] * SCALE).sum()) / SCALE
    weight_ours = float(np.round(score[ours.chosen] * SCALE).sum()) / SCALE
    G, t_graph, c_graph = clock(build_graph, reg, ident, cons, weights)
    plan, t_pair, c_pair = clock(optimal_pairing, G)
    print(f"\nmake_region({n:,}, seed={seed}): {len(reg.results):,} results, built in {t_reg:.1f} s")
    print(f"  partners (ШНОР/ШНСУ) {len(partners):,}, leaders {len(leaders):,}, candidate edges {len(cand):,} "
          f"({int(cand.remote.sum()):,} remote)")
    print(f"  identify                       {t_id:7.2f} s wall  {c_id:7.2f} s cpu")
    print(f"  candidates + scores            {t_cand:7.2f} s wall  {c_cand:7.2f} s cpu")
    print(f"  solve (netmatch, {ours.method}, exact)   {t_solve:7.2f} s wall  {c_solve:7.2f} s cpu   "
          f"covered {ours.covered:,}, score {weight_ours:.6f}")
    weight_scipy = float(np.round(score[scipy_res.chosen] * SCALE).sum()) / SCALE
    print(f"  solve (scipy fallback)         {t_scipy:7.2f} s wall                covered {scipy_res.covered:,}, "
          f"score {weight_scipy:.6f}")
    print(f"  solve (OR-Tools min cost flow) {t_or_solve:7.2f} s wall  (with building the network {t_or_all:.2f} s)"
          f"   covered {units_or:,}, score {weight_or:.6f}")
    print(f"  ratio OR-Tools solve / netmatch solve: {t_or_solve / t_solve:.2f}; objectives equal: "
          f"{units_or == ours.covered and abs(weight_or - weight_ours) < 1e-6}")
    print(f"  candidates + scores + solve    {t_cand + t_solve:7.2f} s wall")
    print(f"  build_graph (with networkx)    {t_graph:7.2f} s wall  {c_graph:7.2f} s cpu")
    print(f"  optimal_pairing (with reasons) {t_pair:7.2f} s wall  {c_pair:7.2f} s cpu   covered "
          f"{plan.kpis.covered:,}/{plan.kpis.needing:,}")
    print(f"  end to end: build_graph + optimal_pairing {t_graph + t_pair:7.2f} s wall")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40_000, 200_000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    max_coverage_assignment([0], [0], [1.0], [1], [1])  # first-call costs out of the timings
    for n in args.sizes:
        run(n, args.seed)


if __name__ == "__main__":
    main()
