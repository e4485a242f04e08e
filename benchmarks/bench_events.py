"""The plan of events (``plan_events``) on synthetic regions: its month solver beside the whole MILP by HiGHS.

For ``make_region(n)`` it plans (pairs, associations, sharing), then times ``plan_events`` end to
end and, on the very arrays the planner gives its month solver, compares
:func:`netmatch._solvers.calendar.schedule_months` (the LP of each overloaded part, the MILP on
what the LP splits) with the exact MILP of each part given whole to HiGHS under the same time
limit. Each result is told by its levels: occurrences left undated, then the total shift in
months from the even spread; CPU seconds, same run.

Run: ``python -m benchmarks.bench_events --sizes 3000 10000 --time-limit 60``.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import netmatch as nm
import netmatch._programme.events as events_module
from netmatch._solvers import calendar


def clock(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    cpu = time.process_time()
    out = fn(*args, **kwargs)
    return out, time.process_time() - cpu


def _spy(seen: dict[str, Any]) -> Any:
    """The month solver, keeping the arrays it is given."""

    def spy(*a: Any, **k: Any) -> Any:
        seen["args"], seen["kwargs"] = a, k
        return calendar.schedule_months(*a, **k)

    return spy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 10000])
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    print("| schools | events | plan_events CPU s | solver: undated, shift, CPU s, status | whole MILP: undated, "
          "shift, CPU s, status | CPU ratio |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        plan = nm.plan(nm.datasets.make_region(n, seed=7))
        seen: dict[str, Any] = {}
        events_module.schedule_months = _spy(seen)  # type: ignore[assignment]
        try:
            ev, total = clock(nm.plan_events, plan, time_limit=args.time_limit)
        finally:
            events_module.schedule_months = calendar.schedule_months
        a, k = seen["args"], {**seen["kwargs"], "time_limit": args.time_limit}
        ours, t_ours = clock(calendar.schedule_months, *a, **k)
        whole_part = calendar.WHOLE_PART
        calendar.WHOLE_PART = 10**9  # every part to the MILP whole
        try:
            exact, t_exact = clock(calendar.schedule_months, *a, **k)
        finally:
            calendar.WHOLE_PART = whole_part
        print(f"| {n:,} | {ev.kpis.events + ev.kpis.unscheduled:,} | {total:.1f} | "
              f"{int((ours.month < 0).sum())}, {ours.shift}, {t_ours:.1f}, {ours.status} | "
              f"{int((exact.month < 0).sum())}, {exact.shift}, {t_exact:.1f}, {exact.status} | "
              f"{t_exact / max(t_ours, 1e-9):.1f}× |")


if __name__ == "__main__":
    main()
