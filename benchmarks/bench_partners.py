"""Partner organisations at national scale: needs matched, associations they lead, beside OR-Tools' min-cost flow.

For ``make_region(n)`` with ``n / 100`` synthetic organisations (placed near random schools; a
quarter lead, a third work remotely, capacity 3–10) and needs (two per ШНОР/ШНСУ, one for every
tenth other school), it times ``match_needs`` and ``form_networks`` (with the organisations
as hubs) and solves the same needs matching — the same arcs and capacities — with OR-Tools'
``SimpleMinCostFlow`` (weights scaled to integers: urgent needs first, then the documented
weight), then compares the matched counts. CPU seconds and the machine's load are printed.

Run: ``python -m benchmarks.bench_partners --schools 40000`` (the peer needs ``pip install ortools``).
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

import numpy as np

import netmatch as nm
from netmatch._networks import needs as needs_module

_HELP = ("предметная подготовка", "профориентация", "методическая помощь", "психологическая помощь",
         "дополнительное образование")
_SUBJECTS = ("математика", "химия", "физика", "русский язык", "биология")
_KINDS = ("вуз", "СПО", "ДДТ", "ДЮСШ", "ППМС-центр")


def clock(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start, time.process_time() - cpu


def with_partners(reg: nm.Registry, seed: int = 0) -> nm.Registry:
    """The region with synthetic organisations and needs (fictional)."""
    rng = np.random.default_rng(seed)
    located = [s for s in reg.schools if s.latitude is not None]
    n_org = max(len(reg) // 100, 5)
    orgs = []
    for k in range(n_org):
        s = located[int(rng.integers(len(located)))]
        orgs.append({"id": f"ORG{k:05d}", "name": f"Организация {k}", "kind": _KINDS[k % len(_KINDS)],
                     "latitude": s.latitude + rng.normal(0, 0.01), "longitude": s.longitude + rng.normal(0, 0.01),
                     "subjects": "; ".join(rng.choice(_SUBJECTS, 2, replace=False)),
                     "help": "; ".join(rng.choice(_HELP, 3, replace=False)), "capacity": int(rng.integers(3, 11)),
                     "leads": bool(rng.random() < 0.25), "remote": bool(rng.random() < 0.33)})
    ident = nm.identify(reg)
    needs = []
    for sid, need in zip(ident.ids, ident.needs_partner.tolist(), strict=True):
        for _ in range(2 if need else int(rng.random() < 0.1)):
            needs.append({"school": sid, "help": _HELP[int(rng.integers(len(_HELP)))],
                          "subject": _SUBJECTS[int(rng.integers(len(_SUBJECTS)))], "priority": int(rng.integers(1, 4))})
    return reg.replace(organisations=orgs, needs=needs)


def ortools_matching(reg: nm.Registry) -> tuple[int, int, float]:
    """The same needs matching as a min-cost flow in OR-Tools: (urgent matched, matched, CPU seconds)."""
    from ortools.graph.python import min_cost_flow

    cons = nm.Constraints()
    needs = reg.needs
    asked = np.flatnonzero([x.help.value != "resource" for x in needs])
    arcs, *_ = needs_module._arcs(reg, needs, asked, cons)
    cpu = time.process_time()
    rank = np.array([needs[j].rank for j in arcs.need.tolist()], dtype=float)
    minutes = np.nan_to_num(arcs.minutes, nan=600.0)
    weight = (3.0 - rank) * 4.0 + 2.0 * ~arcs.remote - np.minimum(minutes, 9_999.0) / 10_000.0
    urgent = rank == 1
    # every matched need is worth more than any weight, an urgent one more than any other: one integer sum
    scale = 10_000
    gain = (np.rint(weight * scale) + 100 * scale * (1 + 50 * urgent)).astype(np.int64)
    n_need, n_org = len(needs), len(reg.organisations)
    source, sink = n_need + n_org, n_need + n_org + 1
    f = min_cost_flow.SimpleMinCostFlow()
    f.add_arcs_with_capacity_and_unit_cost(np.full(n_need, source), np.arange(n_need), np.ones(n_need, np.int64),
                                           np.zeros(n_need, np.int64))
    f.add_arcs_with_capacity_and_unit_cost(arcs.need, n_need + arcs.org, np.ones(len(arcs.need), np.int64), -gain)
    cap = np.array([n_need if o.capacity is None else o.capacity for o in reg.organisations], np.int64)
    f.add_arcs_with_capacity_and_unit_cost(n_need + np.arange(n_org), np.full(n_org, sink), cap,
                                           np.zeros(n_org, np.int64))
    f.add_arc_with_capacity_and_unit_cost(source, sink, n_need, 0)  # an unmatched need costs nothing
    f.set_node_supply(source, n_need)
    f.set_node_supply(sink, -n_need)
    f.solve()
    used = np.array([f.flow(n_need + k) for k in range(len(arcs.need))]) > 0
    return int((used & urgent).sum()), int(used.sum()), time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, nargs="+", default=[2000, 40000])
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for n in args.schools:
        reg = with_partners(nm.datasets.make_region(n, seed=1))
        print(f"\n{n} schools, {len(reg.organisations)} organisations "
              f"({sum(bool(o.leads) for o in reg.organisations)} lead), {len(reg.needs)} needs")
        res, wall, cpu = clock(nm.match_needs, reg)
        k = res.kpis
        print(f"  match_needs      {wall:6.2f} s wall {cpu:6.2f} s CPU: matched {k.matched}, urgent "
              f"{k.urgent_matched}/{k.urgent}")
        try:
            urgent, matched, peer_cpu = ortools_matching(reg)
            print(f"  OR-Tools MCF     {peer_cpu:6.2f} s CPU (solve only, same arcs): matched {matched}, "
                  f"urgent {urgent}")
        except ImportError:
            print("  OR-Tools MCF     not installed")
        G, wall, cpu = clock(nm.build_graph, reg, members=True)
        print(f"  build_graph      {wall:6.2f} s wall {cpu:6.2f} s CPU")
        net, wall, cpu = clock(nm.form_networks, G, method="flow")
        print(f"  form_networks    {wall:6.2f} s wall {cpu:6.2f} s CPU: {net.kpis.associations} associations, "
              f"{net.kpis.led_by_organisations} led by organisations; covered {net.kpis.covered}/"
              f"{net.kpis.needing} (bound {net.covered_bound}); in network {net.kpis.in_network}")


if __name__ == "__main__":
    main()
