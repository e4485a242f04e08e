"""Associations (``form_networks``) on synthetic regions, side by side with OR-Tools CP-SAT on the same model.

For ``make_region(n)`` it times ``build_graph(..., members=True)`` and ``form_networks`` (the
flow bound repaired, and the exact MILP by HiGHS under the time limit), then gives the same
association model — the same arcs, sizes, capacities and target — to CP-SAT with one worker
and the same time limit, its lexicographic objective as one weighted integer sum (covered
ШНОР/ШНСУ, then schools in the network up to the target, then total whole minutes). Each plan
is told by its levels: covered, in the network, total minutes; and the flow's proven bounds.

Run: ``python -m benchmarks.bench_networks --sizes 2000 40000 --time-limit 60`` (CP-SAT needs
``pip install ortools``; it shares a process with scipy's HiGHS, not with highspy).
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

import numpy as np

import netmatch as nm
from netmatch._networks.form import _arcs
from netmatch.graph import candidates_of


def clock(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start, time.process_time() - cpu


def levels(arcs: Any, hub_of: np.ndarray, target: int) -> tuple[int, int, float]:
    """Covered priority members, schools in the network (capped), total whole minutes of a plan."""
    arc = {(int(m), int(h)): e for e, (m, h) in enumerate(zip(arcs.member, arcs.hub, strict=True))}
    used = [arc[(m, int(h))] for m, h in enumerate(hub_of.tolist()) if h >= 0]
    placed = hub_of >= 0
    count = int(placed.sum() + np.unique(hub_of[placed]).shape[0])
    return int((placed & arcs.priority).sum()), min(count, target), float(np.rint(arcs.minutes[used]).sum())


def cpsat(arcs: Any, target: int, min_size: int, max_size: int, time_limit: float) -> tuple[np.ndarray, str]:
    """The association model in CP-SAT, one worker: the plan per member (-1 for none) and the status."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    e, n_m, n_h = len(arcs.member), len(arcs.priority), len(arcs.capacity)
    x = [m.new_bool_var(f"x{k}") for k in range(e)]
    y = [m.new_bool_var(f"y{h}") for h in range(n_h)]
    by_member: list[list[int]] = [[] for _ in range(n_m)]
    by_hub: list[list[int]] = [[] for _ in range(n_h)]
    for k, (mm, h) in enumerate(zip(arcs.member.tolist(), arcs.hub.tolist(), strict=True)):
        by_member[mm].append(k)
        by_hub[h].append(k)
        m.add_implication(x[k], y[h])
    for ks in by_member:
        if len(ks) > 1:
            m.add_at_most_one(x[k] for k in ks)
    for h, ks in enumerate(by_hub):
        total = sum(x[k] for k in ks)
        m.add(total <= (max_size - 1) * y[h])
        m.add(total >= (min_size - 1) * y[h])
        prio = [x[k] for k in ks if arcs.priority[arcs.member[k]]]
        if prio:
            m.add(sum(prio) <= int(arcs.capacity[h]))
    for k in np.flatnonzero(arcs.required).tolist():
        m.add(x[k] == 1)
    w = m.new_int_var(0, target, "w")
    m.add(w <= sum(x) + sum(y))
    minutes = np.rint(arcs.minutes).astype(np.int64)
    big2 = int(minutes.sum()) + 1
    big1 = big2 * (target + 1)
    covered = sum(x[k] for k in range(e) if arcs.priority[arcs.member[k]])
    m.maximize(big1 * covered + big2 * w - sum(int(minutes[k]) * x[k] for k in range(e)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = 1
    status = solver.solve(m)
    hub_of = np.full(n_m, -1, np.int64)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for k in range(e):
            if solver.value(x[k]):
                hub_of[arcs.member[k]] = arcs.hub[k]
    return hub_of, solver.status_name(status)


def run(n: int, time_limit: float, peer: bool, milp: bool) -> None:
    reg = nm.datasets.make_region(n, seed=1)
    G, wall, cpu = clock(nm.build_graph, reg, members=True)
    cand = candidates_of(G)
    arcs = _arcs(cand, G.graph["member_candidates"], None)
    target = nm.ProgrammeTargets().schools_needed(n)
    print(f"{n:,} schools, {len(arcs.member):,} arcs ({int(arcs.priority.sum()):,} ШНОР/ШНСУ, "
          f"{len(arcs.capacity):,} leaders), target {target:,} schools; load {os.getloadavg()[0]:.1f}")
    print(f"  build_graph(members=True)   {wall:7.2f} s wall {cpu:7.2f} s CPU")
    net, wall, cpu = clock(nm.form_networks, G, method="flow")
    print(f"  form_networks(method=flow)  {wall:7.2f} s wall {cpu:7.2f} s CPU  covered {net.kpis.covered:,} "
          f"(bound {net.covered_bound:,}), in network {net.kpis.in_network:,} (bound {net.in_network_bound:,}), "
          f"minutes {sum(a.total_minutes for a in net.associations):,.0f}")
    if milp:
        exact, wall, cpu = clock(nm.form_networks, G, method="milp", time_limit=time_limit)
        print(f"  form_networks(method=milp)  {wall:7.2f} s wall {cpu:7.2f} s CPU  covered {exact.kpis.covered:,}, "
              f"in network {exact.kpis.in_network:,}, minutes {sum(a.total_minutes for a in exact.associations):,.0f}"
              f"; {exact.status}, {exact.method}")
    if peer:
        (hub_of, status), wall, cpu = clock(cpsat, arcs, target, net.min_size, net.max_size, time_limit)
        c, w, t = levels(arcs, hub_of, target)
        print(f"  CP-SAT, 1 worker            {wall:7.2f} s wall {cpu:7.2f} s CPU  covered {c:,}, in network {w:,}, "
              f"minutes {t:,.0f}; {status}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 40000])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--no-peer", action="store_true", help="skip CP-SAT")
    ap.add_argument("--milp-up-to", type=int, default=5000, help="also run the MILP up to this many schools")
    args = ap.parse_args()
    for n in args.sizes:
        run(n, args.time_limit, peer=not args.no_peer, milp=n <= args.milp_up_to)


if __name__ == "__main__":
    main()
