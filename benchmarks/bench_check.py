"""The checker beside the solver: ``check_pairing`` against ``optimal_pairing`` on synthetic regions.

For ``make_region(n, seed=1)`` it builds the graph once, then times ``optimal_pairing`` and
``check_pairing`` of its plan (wall clock and CPU seconds, best of ``--repeat``) and prints the
ratio. The checker is linear in the candidate edges and the pairs, so the ratio stays small and
roughly constant as regions grow (the quadratic checker took 0.22 s at 5,000 schools and 4.3 s
at 20,000).

Run: ``python -m benchmarks.bench_check`` (``--sizes 5000 20000``, ``--repeat 3``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from netmatch import build_graph, check_pairing, optimal_pairing
from netmatch.datasets import make_region


def clock(repeat: int, fn: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """The result of ``fn(*args)`` and its best wall-clock and CPU seconds over ``repeat`` runs."""
    best_wall = best_cpu = float("inf")
    out = None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        out = fn(*args)
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return out, best_wall, best_cpu


def run(n: int, repeat: int) -> None:
    """Time the solver and the checker on one region and print both and their ratio."""
    G = build_graph(make_region(n, seed=1))
    plan, t_solve, c_solve = clock(repeat, optimal_pairing, G)
    problems, t_check, c_check = clock(repeat, check_pairing, G, plan)
    edges = G.number_of_edges()
    print(f"make_region({n:,}, seed=1): {edges:,} candidate edges, {len(plan.pairs):,} pairs, "
          f"{len(problems)} problems")
    print(f"  optimal_pairing  {t_solve:8.3f} s wall  {c_solve:8.3f} s CPU")
    print(f"  check_pairing    {t_check:8.3f} s wall  {c_check:8.3f} s CPU")
    print(f"  ratio check/solve {t_check / t_solve:7.3f} wall  {c_check / max(c_solve, 1e-9):7.3f} CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for n in args.sizes:
        run(n, args.repeat)


if __name__ == "__main__":
    main()
