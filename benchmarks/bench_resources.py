"""Benchmark: resource sharing in a synthetic region.

Builds ``make_region(n, seed)``, identifies statuses, derives the default demand and times,
separately, the candidate search (k-d tree, in-reach and remote arcs) and the exact solve
(the lexicographic transportation LP by HiGHS), then the whole :func:`share_resources` call.
Wall-clock and CPU seconds are both printed: the machine may be shared and busy.

Run from the repository root: ``python -m benchmarks.bench_resources [n_schools] [--seed S] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from netmatch._data.distances import read_distances
from netmatch._identify import identify
from netmatch._sharing import SharingConstraints, check_sharing, share_resources
from netmatch._sharing.arcs import _arcs, _offers, _supply
from netmatch._sharing.demand import _default_demand, _demands
from netmatch._solvers.transport import lexicographic_lp
from netmatch.datasets import make_region

T = TypeVar("T")


def timed(repeat: int, fn: Callable[[], T]) -> tuple[float, float, T]:
    """The fastest of ``repeat`` runs: wall-clock and CPU seconds, and the last result."""
    walls, cpus = [], []
    out: T
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus), out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_schools", nargs="?", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)

    w_region, c_region, registry = timed(1, lambda: make_region(args.n_schools, seed=args.seed))
    w_ident, c_ident, ident = timed(1, lambda: identify(registry))
    cons = SharingConstraints()
    w_dem, c_dem, (records, _) = timed(args.repeat, lambda: _default_demand(registry, cons, ident))
    supply = _supply(registry, cons)
    dem = _demands(registry, records)
    offers = _offers(dem.keys, supply)
    table = read_distances(None, registry.index, len(registry), "bench")
    w_arcs, c_arcs, arcs = timed(args.repeat, lambda: _arcs(registry, dem, supply, offers, cons, table))
    cost = np.where(arcs.remote, cons.remote_penalty_minutes, arcs.minutes) / dem.hours[arcs.d]
    weight = 1.0 + 2.0 * dem.priority[arcs.d]
    w_lp, c_lp, _ = timed(args.repeat, lambda: lexicographic_lp(arcs.d, arcs.r, dem.q, supply.capacity, weight, cost))
    w_all, c_all, plan = timed(1, lambda: share_resources(registry, identification=ident))
    w_chk, c_chk, problems = timed(1, lambda: check_sharing(registry, plan))

    k = plan.kpis
    print(f"schools              {len(registry):>10,}")
    print(f"resources            {len(registry.resources):>10,}  (offering something: "
          f"{int((supply.capacity > 0).sum()):,})")
    print(f"demands              {len(records):>10,}  (ШНОР/ШНСУ: {int(dem.priority.sum()):,})")
    print(f"candidate arcs       {len(arcs.d):>10,}  (remote: {int(arcs.remote.sum()):,}; demands with an arc: "
          f"{np.unique(arcs.d).size:,})")
    print(f"flows                {k.flows:>10,}  (resources used: {k.resources_used:,})")
    print(f"served               {k.share_served:>10.3f}  of {k.demand:,.0f} group-hours; ШНОР/ШНСУ "
          f"{k.share_priority_served:.3f} of {k.priority_demand:,.0f}")
    print(f"travel               {k.mean_minutes:>10.1f}  min mean, {k.max_minutes:.1f} max (in person)")
    print(f"check_sharing        {len(problems):>10,}  problems")
    print(f"{'step':<21}{'wall s':>10}{'CPU s':>10}")
    for name, w, c in (("make_region", w_region, c_region), ("identify", w_ident, c_ident),
                       ("default demand", w_dem, c_dem), ("candidate search", w_arcs, c_arcs),
                       ("solve (LP x2)", w_lp, c_lp), ("share_resources", w_all, c_all),
                       ("check_sharing", w_chk, c_chk)):
        print(f"{name:<21}{w:>10.2f}{c:>10.2f}")


if __name__ == "__main__":
    main()
