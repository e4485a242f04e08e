"""Tests of netmatch._sharing: the resource-sharing plan, its reasons and its checker.

Optimality is checked against an independent solver: networkx's network simplex on integer data
(and, for ``split=False``, every choice of one host per demand), on tiny instances that hypothesis
builds — at most 4 schools and 3 resources, whole demands and capacities.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._base.geo import great_circle_km
from netmatch._base.results import REPR_LIMIT, Indicators
from netmatch._data.demand import parse_demand
from netmatch._identify import identify
from netmatch._sharing import (
    KIND_SUBJECTS,
    Demand,
    Sharing,
    SharingConstraints,
    SharingKpis,
    check_sharing,
    default_demand,
    share_resources,
)
from netmatch._sharing import demand as sharing_demand
from netmatch._solvers import transport
from netmatch._solvers.transport import lexicographic_lp
from netmatch.exceptions import InvalidInputError

FACTORS = (1.0, 0.5, 0.25)
SUBJECTS = ("физика", "химия", "информатика")
KINDS = (nm.ResourceKind.GROWTH_POINT_SCIENCE, nm.ResourceKind.LABORATORY, nm.ResourceKind.COMPUTER_CLASS)
#: lexicographic weights of the reference solver: any ШНОР/ШНСУ group-hour beats all others, any
#: served group-hour beats all travel (tiny instances: under 40 group-hours, travel below 10**10)
BIG_SERVED = 10**12
BIG_PRIORITY = 10**15


# --------------------------------------------------------------------------------------------
# building instances


def school(sid: str, lat: float | None = None, lon: float | None = None, **kw: Any) -> nm.School:
    return nm.School(id=sid, name=f"Школа {sid}", latitude=lat, longitude=lon, **kw)


def lab(rid: str, host: str, *, seats: int | None = 12, hours: float | None = 12, profiles: str = "физика; химия",
        kind: str = "лаборатория", remote: bool = False) -> nm.Resource:
    return nm.Resource(id=rid, host=host, kind=kind, seats=seats, hours_per_week=hours, profiles=profiles,
                       remote=remote)


def need(sid: str, profile: str = "физика", groups: int = 1, hours: float = 2, priority: bool = False
         ) -> dict[str, Any]:
    return {"school": sid, "profile": profile, "groups": groups, "hours": hours, "priority": priority}


def north(km: float) -> float:
    """Degrees of latitude north of 53° for ``km`` along the meridian."""
    return 53.0 + km / (math.pi * nm.graph.EARTH_RADIUS_KM / 180.0)


@st.composite
def tiny(draw: st.DrawFn, coordinates: bool = False) -> tuple[nm.Registry, list[dict[str, Any]], Any]:
    """≤ 4 schools, ≤ 3 resources, ≤ 4 demands; whole demands and (shift-reduced) capacities.

    Without coordinates every trip comes from a distance table of whole minutes.
    """
    n = draw(st.integers(2, 4))
    ids = [f"S{i}" for i in range(n)]
    schools = []
    for sid in ids:
        lat = lon = None
        if coordinates:
            lat = draw(st.floats(52.8, 53.2))
            lon = draw(st.floats(91.7, 92.3))
        schools.append(school(sid, lat, lon, shifts=draw(st.sampled_from([None, 1, 2, 3]))))
    res = []
    for j in range(draw(st.integers(1, 3))):
        res.append(nm.Resource(
            id=f"R{j}", host=draw(st.sampled_from(ids)), kind=draw(st.sampled_from(KINDS)),
            seats=draw(st.sampled_from([None, 0, 11, 12, 24, 30])),
            hours_per_week=draw(st.sampled_from([None, 0, 4, 8, 12])),
            profiles=draw(st.lists(st.sampled_from(SUBJECTS), unique=True, max_size=2)),
            remote=draw(st.booleans())))
    table = None
    if not coordinates:
        pairs = list(itertools.combinations(ids, 2))
        minutes = [draw(st.integers(0, 60)) for _ in pairs]
        table = {"from": [a for a, _ in pairs], "to": [b for _, b in pairs], "minutes": minutes}
    keys = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from([*SUBJECTS, "laboratory"])),
                         min_size=1, max_size=4, unique=True))
    demand = [need(s, p, draw(st.integers(0, 3)), draw(st.integers(1, 3)), draw(st.booleans())) for s, p in keys]
    return nm.Registry(schools=schools, resources=res), demand, table


# --------------------------------------------------------------------------------------------
# an independent reference: the candidate arcs by brute force, the flows by network simplex


def capacity(reg: nm.Registry, r: nm.Resource, group_size: int = 12) -> float:
    if r.seats is None or r.hours_per_week is None:
        return 0.0
    return (r.seats // group_size) * r.hours_per_week * FACTORS[(reg.school(r.host).shifts or 1) - 1]


def offers(r: nm.Resource, profile: str) -> bool:
    kind = nm.ResourceKind.parse(profile)
    if isinstance(kind, nm.ResourceKind):
        return r.kind is kind
    return profile.casefold() in [p.casefold() for p in (r.profiles or KIND_SUBJECTS[r.kind])]


def trip_minutes(reg: nm.Registry, table: Any, a: str, b: str) -> float:
    if table is not None:
        for u, v, m in zip(table["from"], table["to"], table["minutes"], strict=True):
            if {u, v} == {a, b}:
                return float(m)
        raise AssertionError("the tiny tables hold every pair")
    sa, sb = reg.school(a), reg.school(b)
    km = float(great_circle_km(sa.latitude, sa.longitude, sb.latitude, sb.longitude)) * 1.3
    return km / 50.0 * 60.0


def reference_arcs(reg: nm.Registry, demand: list[dict[str, Any]], table: Any, max_minutes: float = 30.0,
                   penalty: float = 60.0) -> list[tuple[int, int, float]]:
    """(demand, resource, travel minutes per group-hour) of every allowed pair, by brute force."""
    arcs = []
    for d, row in enumerate(demand):
        for r, res in enumerate(reg.resources):
            if res.host == row["school"] or capacity(reg, res) <= 0 or not offers(res, row["profile"]):
                continue
            t = trip_minutes(reg, table, row["school"], res.host)
            if t <= max_minutes:
                arcs.append((d, r, t / row["hours"]))
            elif res.remote:
                arcs.append((d, r, penalty / row["hours"]))
    return arcs


def reference_flow(reg: nm.Registry, demand: list[dict[str, Any]], arcs: list[tuple[int, int, float]],
                   scale: float) -> tuple[float, float, float]:
    """Optimal (ШНОР/ШНСУ served, served, travel) by network simplex on integer data."""
    q = [int(row["groups"] * row["hours"]) for row in demand]
    total = sum(q)
    G = nx.DiGraph()
    G.add_node("s", demand=-total)
    G.add_node("t", demand=total)
    G.add_edge("s", "t", capacity=total, weight=0)
    for d, row in enumerate(demand):
        G.add_edge("s", ("d", d), capacity=q[d], weight=-(BIG_SERVED + BIG_PRIORITY * bool(row["priority"])))
    for r, res in enumerate(reg.resources):
        c = capacity(reg, res)
        assert c == int(c)
        G.add_edge(("r", r), "t", capacity=int(c), weight=0)
    for d, r, cost in arcs:
        G.add_edge(("d", d), ("r", r), capacity=q[d], weight=round(cost * scale))
    flow = nx.min_cost_flow(G)
    served = [flow["s"].get(("d", d), 0) for d in range(len(demand))]
    travel = sum(flow[("d", d)][("r", r)] * cost for d, r, cost in arcs)
    prio = sum(s for s, row in zip(served, demand, strict=True) if row["priority"])
    return float(prio), float(sum(served)), float(travel)


def reference_unsplit(reg: nm.Registry, demand: list[dict[str, Any]], arcs: list[tuple[int, int, float]],
                      scale: float) -> tuple[float, float, float]:
    """The best plan that serves each demand from one host: every choice of host, enumerated."""
    hosts = [sorted({reg.resources[r].host for dd, r, _ in arcs if dd == d}) for d in range(len(demand))]
    best: tuple[float, float, float] | None = None
    for choice in itertools.product(*[h or [None] for h in hosts]):
        keep = [(d, r, c) for d, r, c in arcs if reg.resources[r].host == choice[d]]
        got = reference_flow(reg, demand, keep, scale)
        if best is None or (round(got[0]), round(got[1]), -got[2]) > (round(best[0]), round(best[1]), -best[2]):
            best = got
    assert best is not None
    return best


def achieved(plan: Sharing) -> tuple[float, float, float]:
    return plan.kpis.priority_served, plan.kpis.served, plan.objective


# --------------------------------------------------------------------------------------------
# optimality against brute force


@settings(max_examples=60)
@given(tiny())
def test_matches_network_simplex(instance: tuple[nm.Registry, list[dict[str, Any]], Any]) -> None:
    reg, demand, table = instance
    plan = share_resources(reg, demand, distances=table)
    want = reference_flow(reg, demand, reference_arcs(reg, demand, table), scale=6)  # minutes / hours: /1, /2, /3
    got = achieved(plan)
    assert got[:2] == pytest.approx(want[:2], abs=1e-9)
    assert got[2] == pytest.approx(want[2], abs=1e-6)
    assert check_sharing(reg, plan, distances=table) == []
    # whole demands and capacities: whole group-hours
    assert all(f.group_hours == int(f.group_hours) for f in plan.flows)


@settings(max_examples=40)
@given(tiny(coordinates=True))
def test_matches_network_simplex_on_coordinates(instance: tuple[nm.Registry, list[dict[str, Any]], Any]) -> None:
    reg, demand, _ = instance
    plan = share_resources(reg, demand)
    want = reference_flow(reg, demand, reference_arcs(reg, demand, None), scale=10**6)
    got = achieved(plan)
    assert got[:2] == pytest.approx(want[:2], abs=1e-9)
    assert got[2] == pytest.approx(want[2], abs=1e-3)
    assert check_sharing(reg, plan) == []


@settings(max_examples=40)
@given(tiny())
def test_unsplit_matches_enumeration(instance: tuple[nm.Registry, list[dict[str, Any]], Any]) -> None:
    reg, demand, table = instance
    plan = share_resources(reg, demand, distances=table, split=False)
    assert plan.status == "optimal" and plan.gap == 0.0
    want = reference_unsplit(reg, demand, reference_arcs(reg, demand, table), scale=6)
    got = achieved(plan)
    assert got[:2] == pytest.approx(want[:2], abs=1e-6)
    assert got[2] == pytest.approx(want[2], abs=1e-5)
    hosts: dict[tuple[str, str], set[str]] = {}
    for f in plan.flows:
        hosts.setdefault((f.school, f.profile), set()).add(f.host)
    assert all(len(h) == 1 for h in hosts.values())
    assert check_sharing(reg, plan, distances=table) == []


# --------------------------------------------------------------------------------------------
# invariants


@settings(max_examples=60)
@given(tiny(coordinates=True), st.sampled_from([10.0, 30.0, 60.0, None]), st.sampled_from([None, 25.0]),
       st.booleans())
def test_limits_never_violated(instance: tuple[nm.Registry, list[dict[str, Any]], Any], max_minutes: float | None,
                               max_km: float | None, split: bool) -> None:
    reg, demand, _ = instance
    cons = {"max_minutes": max_minutes, "max_km": max_km}
    plan = share_resources(reg, demand, cons, split=split)
    assert check_sharing(reg, plan) == []
    for f in plan.flows:
        if not f.remote:
            assert max_minutes is None or f.minutes <= max_minutes + 1e-9
            assert max_km is None or f.km <= max_km + 1e-9
        else:
            assert next(r for r in reg.resources if r.id == f.resource).remote
    used: dict[str, float] = {}
    for f in plan.flows:
        used[f.resource] = used.get(f.resource, 0.0) + f.group_hours
    for r in reg.resources:
        assert used.get(r.id, 0.0) <= capacity(reg, r) + 1e-9
    asked = {(d.school, d.profile): d.group_hours for d in plan.demand}
    got: dict[tuple[str, str], float] = {}
    for f in plan.flows:
        got[(f.school, f.profile)] = got.get((f.school, f.profile), 0.0) + f.group_hours
    for key, value in got.items():
        assert value <= asked[key] + 1e-9
    short = {(u.school, u.profile): u.group_hours for u in plan.unmet}
    for key, want in asked.items():
        assert short.get(key, 0.0) == pytest.approx(want - got.get(key, 0.0), abs=1e-6)


@settings(max_examples=20)
@given(tiny())
def test_deterministic(instance: tuple[nm.Registry, list[dict[str, Any]], Any]) -> None:
    reg, demand, table = instance
    a = share_resources(reg, demand, distances=table)
    b = share_resources(reg, demand, distances=table)
    assert repr((a.flows, a.unmet, a.utilisation, a.kpis)) == repr((b.flows, b.unmet, b.utilisation, b.kpis))
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())


# --------------------------------------------------------------------------------------------
# capacity: seats, hours and shifts


@pytest.mark.parametrize(("shifts", "offered"), [(None, 12.0), (1, 12.0), (2, 6.0), (3, 3.0)])
def test_shifts_reduce_the_free_hours(shifts: int | None, offered: float) -> None:
    reg = nm.Registry(schools=[school("H", 53.0, 92.0, shifts=shifts), school("A", north(5), 92.0)],
                      resources=[lab("L", "H", seats=12, hours=12)])
    plan = share_resources(reg, [need("A", groups=10, hours=2)])
    (u,) = plan.utilisation
    assert (u.capacity, u.used, u.shift_factor) == (offered, offered, FACTORS[(shifts or 1) - 1])
    assert plan.kpis.served == offered
    assert [x.code for x in plan.unmet] == ["full"]
    assert "H (L: 100%)" in plan.unmet[0].reason_ru


def test_host_on_three_shifts_offers_a_quarter() -> None:
    reg = nm.Registry(schools=[school("H", 53.0, 92.0, shifts=3), school("A", north(5), 92.0)],
                      resources=[lab("L", "H", seats=30, hours=8)])
    plan = share_resources(reg, [need("A", groups=5, hours=2)])
    u = plan.utilisation[0]
    assert (u.parallel_groups, u.hours_per_week, u.shift_factor, u.capacity) == (2, 8.0, 0.25, 4.0)
    assert plan.kpis.served == 4.0
    # other factors on request
    plan = share_resources(reg, [need("A", groups=5, hours=2)], SharingConstraints(shift_factors=(1, 1, 1)))
    assert plan.kpis.served == 10.0


def test_seats_make_parallel_groups() -> None:
    reg = nm.Registry(schools=[school("H", 53.0, 92.0), school("A", north(5), 92.0)],
                      resources=[lab("BIG", "H", seats=48, hours=2), lab("SMALL", "H", seats=11, hours=10)])
    plan = share_resources(reg, [need("A", groups=6, hours=2)])
    util = {u.resource: u for u in plan.utilisation}
    assert (util["BIG"].parallel_groups, util["BIG"].capacity) == (4, 8.0)
    assert (util["SMALL"].parallel_groups, util["SMALL"].capacity) == (0, 0.0)  # 11 seats: no group of 12 fits
    assert plan.kpis.served == 8.0
    plan = share_resources(reg, [need("A", groups=6, hours=2)], {"group_size": 11})
    assert plan.kpis.served == 12.0


def test_resources_without_seats_or_hours_offer_nothing() -> None:
    reg = nm.Registry(schools=[school("H", 53.0, 92.0), school("A", north(5), 92.0)],
                      resources=[lab("L1", "H", seats=None), lab("L2", "H", hours=None)])
    plan = share_resources(reg, [need("A")])
    assert plan.kpis.served == 0
    assert plan.unmet[0].code == "no_resource"
    assert any("L1, L2" in n for n in plan.notes)


# --------------------------------------------------------------------------------------------
# reach, remote and the objective


def test_nearer_host_is_preferred_and_times_are_reported() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("NEAR", north(5), 92.0),
                               school("FAR", north(20), 92.0)],
                      resources=[lab("LN", "NEAR"), lab("LF", "FAR")])
    plan = share_resources(reg, [need("A", groups=2)])
    (f,) = plan.flows
    assert (f.resource, f.group_hours, f.groups, f.remote) == ("LN", 4.0, 2.0, False)
    assert f.km == pytest.approx(5 * 1.3) and f.minutes == pytest.approx(5 * 1.3 / 50 * 60)
    assert plan.kpis.mean_minutes == pytest.approx(f.minutes)
    assert plan.objective == pytest.approx(2 * f.minutes)  # two groups, one trip each


def test_priority_comes_first_even_when_farther() -> None:
    reg = nm.Registry(schools=[school("H", 53.0, 92.0), school("NEAR", north(2), 92.0), school("FAR", north(15), 92.0)],
                      resources=[lab("L", "H", seats=12, hours=4)])
    demand = [need("NEAR", groups=2, priority=False), need("FAR", groups=2, priority=True)]
    plan = share_resources(reg, demand)
    assert [(f.school, f.group_hours) for f in plan.flows] == [("FAR", 4.0)]
    assert plan.kpis.share_priority_served == 1.0 and plan.kpis.share_served == 0.5
    assert [(u.school, u.code) for u in plan.unmet] == [("NEAR", "full")]
    # without priority the nearer school is served: same amount, less travel
    plan = share_resources(reg, demand, {"priority": False})
    assert [(f.school, f.group_hours) for f in plan.flows] == [("NEAR", 4.0)]


def test_priority_from_identification() -> None:
    reg = nm.datasets.load_demo()
    plan = share_resources(reg, [{"school": "S09", "profile": "физика", "groups": 1, "hours": 2},
                                 {"school": "S07", "profile": "физика", "groups": 1, "hours": 2}])
    assert [d.priority for d in plan.demand] == [True, False]  # S09 is ШНОР and ШНСУ


def test_remote_resources_serve_beyond_the_limit() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("H", north(100), 92.0)],
                      resources=[lab("L", "H", remote=True)])
    plan = share_resources(reg, [need("A", groups=2)])
    (f,) = plan.flows
    assert f.remote and f.minutes > 30 and f.group_hours == 4.0
    assert plan.kpis.remote_group_hours == 4.0 and math.isnan(plan.kpis.mean_minutes)
    assert plan.objective == pytest.approx(2 * 60.0)  # the penalty per group
    assert check_sharing(reg, plan) == []
    # the same resource, not remote: nothing within reach, and the nearest is named
    reg = reg.replace(resources=[lab("L", "H", remote=False)])
    plan = share_resources(reg, [need("A", groups=2)])
    (u,) = plan.unmet
    assert (u.code, u.nearest_resource, u.nearest_host) == ("out_of_reach", "L", "H")
    assert u.nearest_minutes == pytest.approx(100 * 1.3 / 50 * 60)
    assert u.reason_en == "nothing within reach (30 min) offers 'физика'; the nearest is L at H, 156 min, 130 km"
    assert u.reason_ru.startswith("в пределах досягаемости (30 мин) нет ресурса с профилем «физика»; ближайший — L")


def test_remote_needs_internet() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0, internet_mbps=5), school("H", north(100), 92.0)],
                      resources=[lab("L", "H", remote=True)])
    plan = share_resources(reg, [need("A")])
    (u,) = plan.unmet
    assert u.code == "out_of_reach" and "10 Mbit/s" in u.reason_en and "(the school has 5)" in u.reason_en
    assert share_resources(reg, [need("A")], {"min_remote_mbps": None}).kpis.served == 2.0
    assert share_resources(reg, [need("A")], {"remote_max_km": 50}).kpis.served == 0.0


def test_in_person_is_preferred_to_remote_and_remote_in_reach_is_in_person() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("NEAR", north(10), 92.0),
                               school("FAR", north(200), 92.0)],
                      resources=[lab("LN", "NEAR", remote=True), lab("LF", "FAR", remote=True)])
    plan = share_resources(reg, [need("A", groups=8)])  # 16 group-hours; 12 at each
    by = {f.resource: f for f in plan.flows}
    assert by["LN"].group_hours == 12.0 and not by["LN"].remote
    assert by["LF"].group_hours == 4.0 and by["LF"].remote


def test_remote_candidates_limit_how_many_far_resources_are_offered() -> None:
    schools = [school("A", 53.0, 92.0)] + [school(f"H{k}", north(100 + 10 * k), 92.0) for k in range(4)]
    res = [lab(f"L{k}", f"H{k}", remote=True, hours=2) for k in range(4)]
    reg = nm.Registry(schools=schools, resources=res)
    plan = share_resources(reg, [need("A", groups=10)], {"remote_candidates": 2})
    assert sorted(f.resource for f in plan.flows) == ["L0", "L1"]
    plan = share_resources(reg, [need("A", groups=10)], {"remote_candidates": 0})
    assert plan.flows == ()


def test_distance_table_takes_precedence() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("H", north(100), 92.0), school("B")],
                      resources=[lab("L", "H")])
    table = pd.DataFrame({"from": ["H", "B"], "to": ["A", "H"], "km": [30.0, 10.0], "minutes": [25.0, math.nan]})
    plan = share_resources(reg, [need("A"), need("B")], distances=table)
    by = {f.school: f for f in plan.flows}
    assert (by["A"].minutes, by["A"].km) == (25.0, 30.0)
    assert by["B"].minutes == pytest.approx(12.0)  # 10 km at 50 km/h; B has no coordinates
    assert check_sharing(reg, plan, distances=table) == []
    assert check_sharing(reg, plan)  # without the table, A's trip is estimated at 156 min
    # a school known only to the table, with nothing in reach by it
    plan = share_resources(reg, [need("B")], distances={"from": ["B"], "to": ["H"], "minutes": [45]})
    assert plan.unmet[0].code == "out_of_reach" and "the distance table has nothing" in plan.unmet[0].reason_en
    with pytest.raises(InvalidInputError, match="'distances' parameter of share_resources"):
        share_resources(reg, [need("A")], distances=[("A", "H", 3)])
    with pytest.raises(InvalidInputError, match="'X' is not in the registry"):
        share_resources(reg, [need("A")], distances={"from": ["X"], "to": ["A"], "minutes": [3]})


def test_own_resource_is_not_shared_with_itself() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("B", north(200), 92.0)],
                      resources=[lab("LA", "A")])
    plan = share_resources(reg, [need("A")])
    (u,) = plan.unmet
    assert u.code == "out_of_reach" and u.nearest_resource is None
    assert "no other resource offers it" in u.reason_en


# --------------------------------------------------------------------------------------------
# unmet demand and its reasons


def test_unmet_reasons_in_hand_made_cases() -> None:
    reg = nm.Registry(
        schools=[school("H", 53.0, 92.0), school("A", north(5), 92.0), school("B", north(8), 92.0),
                 school("C", north(80), 92.0), school("D")],
        resources=[lab("L", "H", seats=12, hours=4, profiles="физика")])
    plan = share_resources(reg, [need("A", groups=2, priority=True), need("B", groups=1), need("C"), need("D"),
                                 need("A", "астрономия")])
    codes = {(u.school, u.profile): u for u in plan.unmet}
    assert [f.school for f in plan.flows] == ["A"]
    full = codes[("B", "физика")]
    assert full.code == "full" and full.full_hosts == (("H", "L", 1.0),)
    assert full.reason_en == "everything in reach is full: H (L: 100%)"
    assert full.reason_ru == "всё в пределах досягаемости занято: H (L: 100%)"
    far = codes[("C", "физика")]
    assert far.code == "out_of_reach" and far.nearest_resource == "L"
    assert far.nearest_minutes == pytest.approx(80 * 1.3 / 50 * 60)
    assert codes[("D", "физика")].code == "no_coordinates"
    none = codes[("A", "астрономия")]
    assert none.code == "no_resource" and "'астрономия'" in none.reason_en and "«астрономия»" in none.reason_ru
    frame = plan.to_frame("en")
    assert len(frame) == len(plan.flows) + len(plan.unmet)
    assert set(frame["status"]) == {"served", "unmet"}
    assert frame.loc[frame.school == "B", "reason"].item() == full.reason_en


def test_unsplit_demand_is_not_chosen_when_split_would_serve_it() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("H1", north(4), 92.0), school("H2", north(6), 92.0)],
                      resources=[lab("L1", "H1", hours=2), lab("L2", "H2", hours=2)])
    demand = [need("A", groups=2)]
    split = share_resources(reg, demand)
    assert split.kpis.served == 4.0 and {f.host for f in split.flows} == {"H1", "H2"}
    whole = share_resources(reg, demand, split=False)
    assert whole.kpis.served == 2.0 and [f.host for f in whole.flows] == ["H1"]
    (u,) = whole.unmet
    assert u.code == "not_chosen" and "split=False" in u.reason_en and "H2 (L2: 0%)" in u.reason_en
    assert check_sharing(reg, whole) == []
    # several resources at one host are one host
    reg = reg.replace(resources=[lab("L1", "H1", hours=2), lab("L3", "H1", hours=2)])
    assert share_resources(reg, demand, split=False).kpis.served == 4.0


# --------------------------------------------------------------------------------------------
# profiles: kinds and subjects


def test_profile_by_kind_or_subject() -> None:
    reg = nm.Registry(
        schools=[school("A", 53.0, 92.0), school("H", north(5), 92.0)],
        resources=[nm.Resource(id="TR", host="H", kind="Точка роста естественно-научная", seats=12, hours_per_week=4,
                               profiles="Физика; химия"),
                   nm.Resource(id="CC", host="H", kind="компьютерный класс", seats=12, hours_per_week=4,
                               profiles="информатика")])
    demand = [need("A", "Точка роста", 1, 1), need("A", "growth_point_science", 1, 1), need("A", "ФИЗИКА", 1, 1),
              need("A", "кабинет информатики", 1, 1), need("A", "информатика", 1, 1)]
    plan = share_resources(reg, demand)
    assert [(f.profile, f.resource) for f in plan.flows] == [
        ("Точка роста", "TR"), ("growth_point_science", "TR"), ("ФИЗИКА", "TR"), ("кабинет информатики", "CC"),
        ("информатика", "CC")]


# --------------------------------------------------------------------------------------------
# the demand as input


def test_demand_in_every_form_gives_the_same_plan() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("B", north(3), 92.0), school("H", north(5), 92.0)],
                      resources=[lab("L", "H", hours=6)])
    records = [need("A", groups=2, priority=True), need("B", groups=2)]
    plans = [
        share_resources(reg, records),
        share_resources(reg, pd.DataFrame(records)),
        share_resources(reg, {k: [r[k] for r in records] for k in records[0]}),
        share_resources(reg, [Demand(r["school"], r["profile"], r["groups"], r["hours"], r["priority"])
                              for r in records]),
        share_resources(reg, [{**r, "groups": str(r["groups"]), "hours": "2,0", "priority": "да" if r["priority"]
                               else "нет"} for r in records]),
    ]
    for p in plans[1:]:
        assert p.flows == plans[0].flows and p.demand == plans[0].demand
    assert share_resources(reg, plans[0].demand).flows == plans[0].flows


def test_bad_demand_lists_every_problem() -> None:
    reg = nm.Registry(schools=[school("A"), school("B")])
    with pytest.raises(InvalidInputError) as err:
        share_resources(reg, [need("X"), {**need("A"), "groups": -1}, {**need("A"), "hours": 0},
                              {**need("B"), "priority": "maybe"}, {**need("B"), "profile": " "},
                              need("A", "физика"), need("A", "Физика")])
    text = str(err.value)
    assert "6 problems" in text
    for part in ("got 'X'; expected the id of a school", "column 'groups': got -1", "column 'hours': got 0",
                 "column 'priority': got 'maybe'", "column 'profile'", "this repeats item 5"):
        assert part in text
    with pytest.raises(InvalidInputError, match="column 'hours': this required column"):
        share_resources(reg, [{"school": "A", "profile": "x", "groups": 1}])
    with pytest.raises(InvalidInputError, match="column 'pupils'"):
        share_resources(reg, [{**need("A"), "pupils": 3}])
    with pytest.raises(InvalidInputError, match="must be a DataFrame"):
        share_resources(reg, 42)
    with pytest.raises(InvalidInputError, match="same length"):
        share_resources(reg, {"school": ["A"], "profile": ["x", "y"], "groups": [1], "hours": [1]})


def test_bad_parameters() -> None:
    assert SharingConstraints().reach_km() == 25.0  # 30 minutes at 50 km/h
    assert SharingConstraints(max_km=10).reach_km() == 10.0
    assert SharingConstraints(max_minutes=None).reach_km() == math.inf
    reg = nm.Registry(schools=[school("A")])
    with pytest.raises(InvalidInputError, match=r"The 'max_minutes' parameter of share_resources must be greater "
                                                r"than 0\. Got -5 instead\."):
        share_resources(reg, [], {"max_minutes": -5})
    with pytest.raises(InvalidInputError, match="'speed' parameter of share_resources must be a known parameter"):
        share_resources(reg, [], {"speed": 40})
    with pytest.raises(InvalidInputError, match="The 'split' parameter of share_resources must be True or False"):
        share_resources(reg, [], split="no")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'time_limit' parameter of share_resources must be greater than 0"):
        share_resources(reg, [], time_limit=0)
    with pytest.raises(InvalidInputError, match="another registry"):
        share_resources(reg, identification=identify(nm.datasets.load_demo()))


def test_empty_demand() -> None:
    reg = nm.Registry(schools=[school("A")], resources=[lab("L", "A")])
    plan = share_resources(reg, [])
    assert (plan.flows, plan.unmet, plan.kpis.demand, plan.status) == ((), (), 0.0, "optimal")
    assert math.isnan(plan.kpis.share_served)
    assert plan.to_frame().empty and len(plan.utilisation_frame()) == 1


# --------------------------------------------------------------------------------------------
# the MILP's time limit and the LP's fallback


def test_time_limit_keeps_the_incumbent(monkeypatch: pytest.MonkeyPatch) -> None:
    import scipy.optimize

    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("H1", north(4), 92.0), school("H2", north(6), 92.0)],
                      resources=[lab("L1", "H1", hours=2), lab("L2", "H2", hours=4)])
    demand = [need("A", groups=2), need("H1", groups=1, priority=True)]
    real = scipy.optimize.milp
    calls = []

    class Stopped:
        def __init__(self, res: Any, keep: bool) -> None:
            self.status, self.message = 1, "Time limit reached."
            self.x = res.x if keep else None
            self.fun = res.fun
            self.mip_dual_bound = res.fun - 1.0

    def stopped_at_level(level: int, keep: bool) -> Any:
        def milp(*args: Any, **kwargs: Any) -> Any:
            calls.append(kwargs["options"]["time_limit"])
            res = real(*args, **kwargs)
            return Stopped(res, keep) if len(calls) == level else res
        return milp

    monkeypatch.setattr(scipy.optimize, "milp", stopped_at_level(2, keep=True))
    plan = share_resources(reg, demand, split=False, time_limit=30)
    assert plan.status == "time_limit" and 0 < plan.gap < math.inf and len(calls) == 2
    assert calls[0] <= 30
    assert any("served demand" in n for n in plan.notes)
    assert check_sharing(reg, plan) == []
    assert plan.kpis.served > 0

    calls.clear()
    monkeypatch.setattr(scipy.optimize, "milp", stopped_at_level(1, keep=False))
    plan = share_resources(reg, demand, split=False)
    # nothing found on the first level: the greedy plan of one host per demand stands in, with its gap
    assert plan.status == "time_limit" and plan.flows != () and plan.gap > 0
    assert any("greedy plan" in n for n in plan.notes)
    assert check_sharing(reg, plan) == []


def test_lp_falls_back_when_the_face_is_doubtful(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("B", north(3), 92.0), school("H1", north(4), 92.0),
                               school("H2", north(9), 92.0)],
                      resources=[lab("L1", "H1", hours=4), lab("L2", "H2", hours=4)])
    demand = [need("A", groups=2, priority=True), need("B", groups=3)]
    exact = share_resources(reg, demand)
    monkeypatch.setattr(transport, "DUAL_TOL", -1.0)  # every arc looks useless: the face LP serves nothing
    fallback = share_resources(reg, demand)
    assert achieved(fallback) == pytest.approx(achieved(exact))
    assert check_sharing(reg, fallback) == []


# --------------------------------------------------------------------------------------------
# the checker


def test_check_sharing_finds_violations() -> None:
    reg = nm.Registry(schools=[school("A", 53.0, 92.0), school("H", north(5), 92.0), school("F", north(90), 92.0)],
                      resources=[lab("L", "H", hours=4), lab("LF", "F")])
    plan = share_resources(reg, [need("A", groups=2)])
    assert check_sharing(reg, plan) == []
    f = plan.flows[0]
    bad = [f._replace(group_hours=9.0), f._replace(resource="LF", host="F"), f._replace(profile="информатика"),
           f._replace(resource="LF", host="F", remote=True), f._replace(host="A")]
    broken = Sharing(flows=tuple(bad), unmet=(), utilisation=plan.utilisation, demand=plan.demand, kpis=plan.kpis,
                     status="optimal", gap=0.0, split=False, objective=0.0, constraints=plan.constraints)
    problems = check_sharing(reg, broken)
    text = "\n".join(problems)
    assert "resource L at H serves 17 group-hours a week but its capacity is 4 (1 groups at once x 4.0 h" in text
    assert "in person, 140.4 min and 117.0 km one way, beyond the limit (30 min)" in text
    assert "does not offer 'информатика'" in text and "flow A -> L at H ('информатика'): no such demand" in text
    assert "served remotely but the resource is not remote" in text
    assert "the resource stands at H, not A" in text
    assert "is served 21 group-hours but asks for 4" in text
    assert "split between hosts ['F', 'H'] although split=False" in text
    assert check_sharing(reg, plan, {"max_minutes": 5})  # a stricter limit


# --------------------------------------------------------------------------------------------
# the default demand and the demo district


def test_default_demand_of_the_demo() -> None:
    reg = nm.datasets.load_demo()
    demand = default_demand(reg)
    by = {(d.school, d.profile): d for d in demand}
    # by default the ШНОР/ШНСУ ask (with the schools of their associations, when given), in registry order
    assert {d.school for d in demand} == {"S08", "S09", "S12", "S16", "S17"} and all(d.priority for d in demand)
    assert [d.school for d in demand] == sorted(d.school for d in demand)
    # S09: 148 pupils over grades 1–11; информатика is taught in 7–11: 148 * 5/11 = 67.3 pupils, 6 groups of 12
    assert by[("S09", "информатика")] == Demand("S09", "информатика", 6, 2.0, True)
    # ООШ S16 (96 pupils, grades 1–9): биология in 5–9, 96 * 5/9 = 53.3 pupils, 5 groups; its weakest science
    assert by[("S16", "биология")].groups == 5
    everyone = default_demand(reg, {"demand_scope": "all"})
    every = {(d.school, d.profile) for d in everyone}
    prio = [d.school for d in everyone if d.priority]
    assert everyone[: len(prio)] == tuple(d for d in everyone if d.priority)  # ШНОР/ШНСУ first
    # own labs: S05 hosts the science «Точка роста», S06 the digital one, S03 a computer class
    assert not any(s == "S05" and p in {"физика", "химия", "биология"} for s, p in every)
    assert ("S06", "информатика") not in every and ("S03", "информатика") not in every
    assert "S18" not in {s for s, _ in every}  # a primary school: no grades 5–11
    network = default_demand(reg, network=["S13", "S14"])
    assert {d.school for d in network} - {d.school for d in demand} == {"S13", "S14"}
    two = default_demand(reg, {"weak_subjects": 2, "hours_per_group": 1})
    assert sum(1 for d in two if d.school == "S09") == 3 and all(d.hours == 1 for d in two)


def test_default_demand_picks_the_weakest_subject() -> None:
    reg = nm.datasets.load_demo()
    ident = identify(reg)
    z = {s: sharing_demand._subject_z(ident, s)[reg.index["S12"]] for s in ("физика", "химия", "биология")}
    chosen = next(d.profile for d in default_demand(reg, identification=ident) if d.school == "S12"
                  and d.profile in z)
    assert chosen == min(z, key=lambda s: z[s])


def test_demo_default_plan() -> None:
    reg = nm.datasets.load_demo().replace(needs=())  # the default demand, of every school
    plan = share_resources(reg, constraints={"demand_scope": "all"})
    assert plan.demand_source == "default"
    assert plan.status == "optimal" and plan.gap == 0.0
    assert check_sharing(reg, plan) == []
    util = {u.resource: u for u in plan.utilisation}
    # both «Точка роста» centres are used, to the full
    assert util["TR-S05"].used == util["TR-S05"].capacity == 10.0
    assert util["TR-S06"].used == util["TR-S06"].capacity == 8.0
    # hosts on shifts offer less: S03 on two, S02 on three
    assert (util["CC-S03"].shift_factor, util["CC-S03"].capacity) == (0.5, 3.0)
    assert (util["SH-S02"].shift_factor, util["SH-S02"].capacity) == (0.25, 1.5)
    # ШНОР/ШНСУ first: no other school uses a resource an unserved ШНОР/ШНСУ demand could reach
    k = plan.kpis
    assert k.share_priority_served > k.share_served > 0
    reachable = {rid for u in plan.unmet if u.priority for _, rid, _ in u.full_hosts}
    assert not any(f.resource in reachable and not f.priority for f in plan.flows)
    assert {u.code for u in plan.unmet} <= {"full", "out_of_reach"}
    assert all(f.minutes <= 30 for f in plan.flows if not f.remote)
    assert k.max_minutes <= 30 and k.flows == len(plan.flows)
    frame = plan.to_frame()
    assert len(frame) == len(plan.flows) + len(plan.unmet)
    assert set(frame.columns) >= {"school", "profile", "resource", "host", "minutes", "status", "reason"}
    assert plan.utilisation_frame().shape[0] == len(reg.resources)
    assert repr(plan).startswith("<Sharing: ") and "status optimal" in repr(plan)
    assert plan.flows_of("S12") == tuple(f for f in plan.flows if f.school == "S12") != ()
    assert all(u.reason("ru") == u.reason_ru and u.reason("en") == u.reason_en for u in plan.unmet)


def test_demo_unsplit_plan_is_feasible() -> None:
    reg = nm.datasets.load_demo()
    plan = share_resources(reg, split=False)
    assert plan.status == "optimal" and check_sharing(reg, plan) == []
    # not splitting can only cost: never more ШНОР/ШНСУ demand served than the split plan
    assert plan.kpis.priority_served <= share_resources(reg).kpis.priority_served + 1e-9


# --------------------------------------------------------------------------------------------
# the result contract, the demand reader and the solver on arrays


def test_sharing_behaves_like_every_result() -> None:
    import dataclasses

    reg = nm.datasets.load_demo()
    plan = share_resources(reg)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.status = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.kpis.served = 0.0  # type: ignore[misc]
    text = repr(plan)
    assert len(text) < REPR_LIMIT and f"{len(plan.flows)} flows" in text and f"unmet {len(plan.unmet)}" in text
    assert isinstance(plan.kpis, SharingKpis) and isinstance(plan.kpis, Indicators)
    order = ["demand", "served", "share_served", "priority_demand", "priority_served", "share_priority_served",
             "mean_minutes", "max_minutes", "remote_group_hours", "flows", "resources_used", "unmet_demands"]
    assert list(plan.kpis.as_dict()) == order
    kf = plan.kpis.to_frame()
    assert list(kf.columns) == ["indicator", "value"] and kf["indicator"].tolist() == order
    assert kf.set_index("indicator").loc["flows", "value"] == len(plan.flows)
    frame = plan.to_frame("en")
    assert list(frame.columns) == ["school", "profile", "resource", "host", "groups", "group_hours", "minutes", "km",
                                   "mode", "priority", "status", "reason"]
    assert len(frame) == len(plan.flows) + len(plan.unmet)
    assert (frame["status"] == "served").sum() == len(plan.flows)
    empty = share_resources(nm.Registry(schools=[school("A")]), [])
    assert len(repr(empty)) < REPR_LIMIT and empty.to_frame().shape == (0, 12)
    assert empty.kpis.as_dict()["flows"] == 0 and math.isnan(empty.kpis.as_dict()["share_served"])


def test_demand_reader_returns_plain_rows() -> None:
    rows = parse_demand(pd.DataFrame({"school": [1001.0], "profile": ["Точка роста"], "groups": ["3"],
                                      "hours": [1.5]}), {"1001": 0})
    assert [tuple(r) for r in rows] == [("1001", "Точка роста", 3, 1.5, None)]
    with pytest.raises(InvalidInputError, match="'demand' parameter of share_resources must be a DataFrame"):
        parse_demand({"school": "A"}, {"A": 0})
    with pytest.raises(InvalidInputError, match="record 1 must be a mapping"):
        parse_demand([{"school": "A"}, 5], {"A": 0})


def test_transport_lp_on_arrays() -> None:
    # two demands of 2 at one resource of 3: the heavier weight is served first, in full
    d, r = np.array([0, 1]), np.array([0, 0])
    x, notes = lexicographic_lp(d, r, np.array([2.0, 2.0]), np.array([3.0]), np.array([1.0, 3.0]), np.ones(2))
    assert x.tolist() == [1.0, 2.0] and notes == []
    # equal weights: the cheaper arc wins
    x, _ = lexicographic_lp(d, r, np.array([2.0, 2.0]), np.array([3.0]), np.ones(2), np.array([5.0, 1.0]))
    assert x.tolist() == [1.0, 2.0]
    x, _ = lexicographic_lp(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0), np.zeros(0),
                            np.zeros(0))
    assert x.shape == (0,)
