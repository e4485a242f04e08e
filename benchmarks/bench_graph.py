"""Benchmark: the partnership graph of a synthetic region.

Builds ``make_region(n, seed)`` and times, separately, identification, the candidate search
with scoring (the arrays the solvers use) and the full :func:`netmatch.graph.build_graph`
including the networkx graph. The target is candidate edges for 40,000 schools in under 2 s
and ``build_graph`` in a few seconds.

Run ``python benchmarks/bench_graph.py [n_schools] [--seed S] [--repeat R]`` with netmatch
installed (``pip install -e .``); profile with ``python -m cProfile -s cumtime benchmarks/bench_graph.py``.
Each figure is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from netmatch._identify import identify
from netmatch.datasets import make_region
from netmatch.graph import Constraints, _candidates, build_graph, candidates_of
from netmatch.scoring import ScoringWeights

T = TypeVar("T")


def best_of(repeat: int, fn: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs, in seconds, and the last result."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_schools", nargs="?", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    t_region, registry = best_of(1, lambda: make_region(args.n_schools, seed=args.seed))
    t_ident, ident = best_of(args.repeat, lambda: identify(registry))
    cons, weights = Constraints(), ScoringWeights()
    t_cand, cand = best_of(args.repeat, lambda: _candidates(registry, ident, cons, weights, None))
    t_graph, G = best_of(args.repeat, lambda: build_graph(registry, ident, cons, weights))
    t_check, _ = best_of(args.repeat, lambda: candidates_of(G))

    partners = int(cand.needs_partner.sum())
    covered = int(np.unique(cand.partner).size)
    remote_share = float(cand.remote.mean()) if len(cand) else 0.0
    print(f"schools            {len(registry):>10,}")
    print(f"leaders            {int(cand.is_leader.sum()):>10,}")
    print(f"partners           {partners:>10,}  (with a candidate: {covered:,})")
    print(f"edges              {len(cand):>10,}  (graph: {G.number_of_edges():,})")
    print(f"remote share       {remote_share:>10.3f}")
    print(f"make_region        {t_region:>10.2f} s")
    print(f"identify           {t_ident:>10.2f} s")
    print(f"candidates+scores  {t_cand:>10.2f} s   (target < 2 s)")
    print(f"build_graph        {t_graph:>10.2f} s   (identification given; includes networkx)")
    print(f"candidates_of      {t_check:>10.2f} s   (checking the unedited graph's edges against the arrays)")


if __name__ == "__main__":
    main()
