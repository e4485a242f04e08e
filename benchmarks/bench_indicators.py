"""Programme indicators against the same figures written by hand in pandas, side by side in one process.

Plans ``make_region(n)`` once, then times :func:`netmatch.measure_indicators` (the 13 indicators
of the ``common`` preset: the plan's tables, the formulas, the breakdown of ВПР by grade) and a
pandas computation of the four result indicators it shares with them (ГИА above the minimum in
ШНСУ and in ШНОР, ЕГЭ above the minimum, ВПР by grade) from ``Registry.to_frames``, written as an
analyst would. Each runs ``--repeat`` times in turn; wall and CPU medians, their ratio, the
machine's load. The values are checked equal before anything is timed.

Run: ``python -m benchmarks.bench_indicators --schools 20000``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

import netmatch as nm


def _by_hand(plan: Any) -> dict[str, float]:
    """The four result indicators in plain pandas."""
    res = plan.registry.to_frames().results
    ident = plan.identification
    latest = res[res["year"] == res["year"].max()]
    passed = latest["participants"] * (1 - latest["share_below_minimum"])

    def share(mask: pd.Series) -> float:
        known = mask & passed.notna() & latest["participants"].notna()
        return float(passed[known].sum() / latest["participants"][known].sum())

    gia = latest["procedure"].isin(["ege", "oge"])
    out = {"gia_passed_unfavourable": share(gia & latest["school"].isin(ident.unfavourable)),
           "gia_passed_low_results": share(gia & latest["school"].isin(ident.low_results)),
           "ege_above_minimum": share(latest["procedure"] == "ege")}
    vpr = latest["procedure"] == "vpr"
    out["vpr_passed"] = share(vpr)
    for grade in sorted(latest.loc[vpr, "grade"].dropna().unique()):
        out[f"vpr_passed:{int(grade)}"] = share(vpr & (latest["grade"] == grade))
    return out


def _ours(plan: Any) -> dict[str, float]:
    m = nm.measure_indicators(plan)
    out = {v.indicator.code: v.value for v in m if v.value is not None}
    out.update({f"vpr_passed:{g.group}": g.value for g in m["vpr_passed"].groups})
    return out


def _time(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    reg = nm.datasets.make_region(args.schools, seed=7)
    plan = nm.plan(reg, network_settings={"time_limit": 20})
    ours, hand = _ours(plan), _by_hand(plan)
    for code, value in hand.items():
        assert abs(ours[code] - value) < 1e-9, (code, ours[code], value)
    print(f"{args.schools} schools, {len(reg.results):,} result rows; load {os.getloadavg()[0]:.2f}")
    ow, oc = _time(lambda: _ours(plan), args.repeat)
    hw, hc = _time(lambda: _by_hand(plan), args.repeat)
    print(f"measure_indicators (13 indicators): wall {ow:.3f} s, CPU {oc:.3f} s")
    print(f"pandas by hand (4 of them):         wall {hw:.3f} s, CPU {hc:.3f} s")
    print(f"ratio netmatch / pandas: wall {ow / hw:.2f}, CPU {oc / hc:.2f}; load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
