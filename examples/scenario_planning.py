"""Scenario planning on the demo district: what-if edits, KPIs side by side, who changes and why.

Run it with ``python examples/scenario_planning.py``. The notebook
``scenario_planning_demo.ipynb`` tells the same story at length, with charts.
"""

from __future__ import annotations

import pandas as pd

import netmatch as nm
from netmatch import (
    AddLeader,
    CloseSchool,
    MergeSchools,
    Plan,
    Scenario,
    SetLimit,
    compare,
    differences,
    plan,
)


def main() -> dict[str, Plan]:
    registry = nm.datasets.load_demo()
    base = Scenario(registry, name="базовый")
    scenarios = [
        base,
        base.with_edits(SetLimit("max_km", 25), SetLimit("beyond_limit", "forbid"), name="только очно, ≤ 25 км"),
        base.with_edits(CloseSchool("S10"), name="закрыт лидер S10"),
        base.with_edits(MergeSchools("S17", "S05"), name="S17 присоединена к S05"),
        base.with_edits(AddLeader("S11"), name="S11 — лидер по решению"),
    ]
    plans = {s.name: plan(s) for s in scenarios}  # edits never touch `registry`

    with pd.option_context("display.width", 200, "display.max_columns", 10, "display.max_colwidth", 90):
        rows = ["needing", "covered", "share_covered", "share_in_network", "mean_km", "remote_pairs", "unpaired"]
        print(compare(plans).loc[rows].to_string())
        for name, p in plans.items():
            diff = differences(plans["базовый"], p)
            if len(diff):
                print(f"\n{name}:")
                print(diff.to_string(index=False))
    return plans


if __name__ == "__main__":
    main()
