"""New-centre siting on synthetic regions: the registry's travel-time pairs and the solve.

For ``make_region(n)`` it times ``registry_siting_inputs`` (the (ШНОР/ШНСУ, site) pairs within
the travel limit, found with a k-d tree and kept sparse) and ``site_centres`` opening ``k``
new centres by maximal coverage, and prints the memory the process peaked at.

Run: ``python -m benchmarks.bench_siting_region --sizes 10000 40000 --k 10``
"""

from __future__ import annotations

import argparse
import resource
import time

from netmatch._identify import identify
from netmatch._siting import registry_siting_inputs, site_centres
from netmatch.datasets import make_region


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--minutes", type=float, default=30.0)
    args = parser.parse_args(argv)
    for n in args.sizes:
        reg = make_region(n, seed=0)
        ident = identify(reg)
        t0 = time.perf_counter()
        inputs = registry_siting_inputs(reg, identification=ident, max_minutes=args.minutes)
        t1 = time.perf_counter()
        siting = site_centres(reg, args.k, objective="coverage", identification=ident, max_minutes=args.minutes)
        t2 = time.perf_counter()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"make_region({n:,}): {len(inputs.client_ids):,} clients x {len(inputs.site_ids):,} sites, "
              f"{inputs.cost.nnz:,} pairs within {args.minutes:g} min")
        print(f"  registry_siting_inputs {t1 - t0:6.2f} s;  site_centres(k={args.k}, coverage) {t2 - t1:6.2f} s, "
              f"{siting.status}, gap {siting.gap:.2%}; peak memory {peak_mb:,} MB")


if __name__ == "__main__":
    main()
