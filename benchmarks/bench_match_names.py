"""Joining results by school name: ``join_names`` on a region's results, against reading the registry by code.

Builds ``make_region(n)``, keys its results by school name and municipality instead of the code
(every ``--typos`` share of the distinct names misspelt by one dropped letter), and times
``netmatch._data.names.join_names`` on those columns — exact only and with rapidfuzz — beside
``read_registry`` of the same registry by code (the whole reading, for scale): wall seconds, the
ratio, the decisions' counts, and the machine's load (``os.getloadavg``).

Run: ``python -m benchmarks.bench_match_names --schools 40000``
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import netmatch
from netmatch._data.names import join_names, match_counts, name_parts


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--schools", type=int, default=40000)
    ap.add_argument("--typos", type=float, default=0.05)
    args = ap.parse_args()
    reg = netmatch.datasets.make_region(args.schools, seed=7)
    frames = reg.to_frames()
    records = frames.schools[["id", "name", "municipality"]].to_dict("records")
    by_id = frames.schools.set_index("id")
    names = by_id.loc[frames.results["school"], "name"].to_numpy(dtype=object)
    munis = by_id.loc[frames.results["school"], "municipality"].to_numpy(dtype=object)
    rng = np.random.default_rng(1)
    distinct = np.unique(names)
    typo = {n: n[:k] + n[k + 1:] for n in rng.choice(distinct, int(len(distinct) * args.typos), replace=False)
            for k in [int(rng.integers(len(n) // 2, len(n) - 1))]}
    names = np.array([typo.get(n, n) for n in names], dtype=object)
    print(f"{len(reg)} schools, {len(names)} result rows, {len(distinct)} distinct names, {len(typo)} misspelt; "
          + "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as d:
        netmatch.write_registry(reg, Path(d) / "r.csv", headers="ru")
        read, _ = _timed(lambda: netmatch.read_registry(Path(d) / "r.csv"))
    print(f"  read_registry by code (whole registry)   {read:7.2f} s")
    columns = {"school_name": names, "municipality": munis}
    for label, fuzzy in (("join_names exact only", False), ("join_names exact + rapidfuzz", True)):
        name_parts.cache_clear()  # each run normalises every name afresh
        wall, joined = _timed(lambda fuzzy=fuzzy: join_names(columns, records, fuzzy=fuzzy))
        counts = {k: v for k, v in match_counts(joined.matches).items() if v}
        print(f"  {label:<40} {wall:7.2f} s  ({wall / read:.2f} of reading)  {counts}")


if __name__ == "__main__":
    main()
