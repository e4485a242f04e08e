"""Time :func:`netmatch.datasets.make_region` for a district-sized and a national-sized region.

Run from the repository root::

    python benchmarks/bench_make_region.py                 # 1,000 and 40,000 schools
    python benchmarks/bench_make_region.py --sizes 5000 --repeat 5

For each size it prints the best wall time of ``--repeat`` runs (seed 0) with its CPU time, the size
of what was built, and how much of the time the :class:`netmatch.Registry` constructor's
validation and cross-checks take (measured by building the registry again from its parts).
"""

from __future__ import annotations

import argparse
import math
import time

from netmatch import Registry
from netmatch.datasets import make_region


def best_time(n: int, repeat: int) -> tuple[float, float, Registry]:
    """Wall and CPU seconds of the fastest of ``repeat`` runs of ``make_region(n)``, and the registry."""
    best, cpu, reg = math.inf, math.inf, None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        reg = make_region(n, seed=0)
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    assert reg is not None
    return best, cpu, reg


def registry_time(reg: Registry) -> float:
    """Seconds the Registry constructor takes on already built parts."""
    start = time.perf_counter()
    Registry(schools=reg.schools, results=reg.results, resources=reg.resources, name=reg.name)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 40_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    make_region(50)  # warm up: imports and first-call costs
    for n in args.sizes:
        seconds, cpu, reg = best_time(n, args.repeat)
        print(f"make_region({n:>7,}): {seconds:7.3f} s wall, {cpu:7.3f} s CPU (best of {args.repeat}); "
              f"{len(reg.results):>9,} results, {len(reg.resources):>7,} resources; "
              f"Registry constructor alone {registry_time(reg):.3f} s")


if __name__ == "__main__":
    main()
