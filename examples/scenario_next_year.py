"""A sweep over settings, then next year: keep working partnerships and follow the indicators.

Run it with ``python examples/scenario_next_year.py``. Next year's registry is modelled, not
forecast: last year's results move one year on, with one random shock per school (seeded) and
an *assumed* gain for schools that had a leader — set ``effect`` to 0 for "no effect".
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

import netmatch as nm
from netmatch import MergeSchools, Monitoring, Plan, Scenario, monitor, plan, replan, sweep


def next_year(registry: nm.Registry, in_force: Plan, *, effect: float = 0.03, noise: float = 0.02,
              seed: int = 2026) -> nm.Registry:
    """The registry with one more year of results: the last year's, shifted, shaken and (by assumption) improved.

    Every school gets one random shock (``noise``: a good or a bad year); schools that had a
    leader get, by assumption, mean scores higher by ``effect`` and a share below the minimum
    lower by ``10 * effect`` (both relative). This is a what-if, not a forecast.
    """
    rng = np.random.default_rng(seed)
    cols = registry.results.columns()
    take = cols["year"] == cols["year"].max()
    new = {c: np.array(v[take], copy=True) for c, v in cols.items()}
    new["year"] = new["year"] + 1
    shock = rng.standard_normal(len(registry))[registry.result_rows[take]]  # one per school
    helped = np.isin(new["school"], sorted({p.partner for p in in_force.pairing.pairs}))
    ege = new["procedure"] == "ege"  # ЕГЭ in test points, ОГЭ and ВПР in marks from 2 to 5
    new["mean_score"] = np.clip(new["mean_score"] * (1 + noise * shock + effect * helped),
                                np.where(ege, 0.0, 2.0), np.where(ege, 100.0, 5.0))
    new["share_below_minimum"] = np.clip(
        new["share_below_minimum"] * (1 - 5 * noise * shock) * (1 - 10 * effect * helped), 0.0, 1.0)
    return registry.replace(results=registry.results.concat(nm.ResultTable.from_columns(new)))


def main() -> Monitoring:
    registry = nm.datasets.load_demo()
    base = Scenario(registry, name="2025")

    with ProcessPoolExecutor(max_workers=2) as pool:
        swept = sweep(base, {"max_km": [15, 25, 40], "weights.continuity": [0.2, 1.0]}, executor=pool)
    print("Sweep: how often each pair is chosen")
    print(swept.robustness.to_string(index=False))

    this_year = plan(base)
    modelled = next_year(registry, this_year)
    registry_2026 = Scenario(modelled, edits=(MergeSchools("S17", "S05"),)).apply()[0]
    continued = replan(this_year, registry_2026, switching_penalty=0.15, name="2026")
    print("\nNext year:", sorted({(p.leader, p.partner) for p in continued.pairs}))
    for note in continued.notes:
        print(" -", note)

    m = monitor({2025: registry, 2026: registry_2026}, {2025: this_year, 2026: continued})
    with pd.option_context("display.width", 200):
        print("\n" + m.indicators.to_string(index=False))
        print("\n" + m.lists.to_string(index=False))
    return m


if __name__ == "__main__":
    main()
