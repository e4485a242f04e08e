"""OR-Library generalised assignment instances through ``generalized_assignment`` (HiGHS MILP).

gap1–gap12 (60 instances) are solved as maximisation problems, as the OR-Library readme states
their optima; gapa–gapd (24 instances) as minimisation problems, compared with the bounds in
``optima.csv`` (lb == ub means a proven optimum). Each instance gets ``--time-limit`` seconds;
on a time-out the best plan found is reported with its proven bound and gap.

Run from the repository root::

    python -m benchmarks.bench_gap --time-limit 60 > gap_table.md
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` and ``netmatch`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._orlib import read_gap_optima, read_orlib_gap, shared_dir
from netmatch._solvers.gap import generalized_assignment

FILES = [f"gap{k}.txt" for k in range(1, 13)] + [f"gap{x}.txt" for x in "abcd"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    parser.add_argument("--files", nargs="*", default=FILES, help="which gapX.txt files")
    args = parser.parse_args(argv)
    folder = shared_dir() / "benchmarks" / "gap"
    if not folder.exists():
        print(f"{folder} is absent: the benchmark needs the team's shared data", file=sys.stderr)
        return 1
    optima = read_gap_optima(folder / "optima.csv")
    print(f"time limit {args.time_limit:g} s per instance\n")
    print("| instance | m×n | sense | value | published | bound | gap | status | seconds | check |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    tally = {"match": 0, "within": 0, "off": 0}
    t_all = time.perf_counter()
    for name in args.files:
        for k, (cost, load, capacity) in enumerate(read_orlib_gap(folder / name), 1):
            row = optima[(name, k)]
            maximize = bool(row["orlib_readme_optimum_max"])
            res = generalized_assignment(cost, load, capacity, maximize=maximize, time_limit=args.time_limit)
            if maximize:
                lo = hi = float(row["orlib_readme_optimum_max"])
            else:
                lo, hi = float(row["ap_jl_min_lb"]), float(row["ap_jl_min_ub"])
            published = f"{lo:g}" if lo == hi else f"{lo:g}..{hi:g}"
            if res.objective == lo == hi:
                check = "= optimum"
                tally["match"] += 1
            elif (not maximize and res.objective <= hi) or (maximize and res.objective >= lo):
                check = "within published bounds" if lo != hi else "better?!"
                tally["within"] += 1
            else:
                check = f"off by {abs(res.objective - (hi if not maximize else lo)):g}"
                tally["off"] += 1
            bound = f"{res.bound:.1f}" if math.isfinite(res.bound) else "—"
            sense = "max" if maximize else "min"
            print(f"| {row['orlib_name']} | {cost.shape[0]}×{cost.shape[1]} | {sense} "
                  f"| {res.objective:g} | {published} | {bound} | {100 * res.gap:.3f}% | {res.status} "
                  f"| {res.seconds:.2f} | {check} |", flush=True)
    print(f"\n{tally['match']} equal to the published optimum, {tally['within']} within published bounds "
          f"(not proven optimal), {tally['off']} worse; {time.perf_counter() - t_all:.0f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
