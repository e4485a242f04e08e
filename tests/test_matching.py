"""Pairing: optimal against brute force, stable without blocking pairs, reasons, KPIs, checker."""

from __future__ import annotations

import itertools
import math
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._identify import IdentificationRules, identify
from netmatch._solvers import assignment as solve
from netmatch.graph import build_graph, candidates_of
from netmatch.matching import (
    blocking_pairs,
    check_pairing,
    greedy_pairing,
    optimal_pairing,
    stable_pairing,
    subject_pairing,
)

DECLARED = IdentificationRules(status_source="declared")


@st.composite
def districts(draw: st.DrawFn, max_side: int = 6) -> tuple[nm.Registry, dict[str, Any]]:
    """A small district: some leaders, some ШНОР, random places and capacities."""
    n_lead = draw(st.integers(1, max_side))
    n_part = draw(st.integers(1, max_side))
    schools = []
    for i in range(n_lead):
        schools.append({"id": f"L{i}", "name": f"Лидер {i}", "declared_leader": True,
                        "leader_capacity": draw(st.integers(0, 3)),
                        "latitude": draw(st.floats(52.0, 52.5)), "longitude": draw(st.floats(91.0, 91.6))})
    for i in range(n_part):
        located = draw(st.booleans()) or i == 0
        schools.append({"id": f"P{i}", "name": f"Школа {i}", "declared_low_results": True,
                        "latitude": draw(st.floats(52.0, 52.5)) if located else None,
                        "longitude": draw(st.floats(91.0, 91.6)) if located else None})
    constraints = {"max_km": draw(st.floats(5, 60)), "beyond_limit": draw(st.sampled_from(["remote", "forbid"])),
                   "remote_candidates": draw(st.integers(0, 2)), "max_partners": draw(st.integers(1, 2))}
    return nm.Registry(schools=schools), constraints


def graph_of(district: tuple[nm.Registry, dict[str, Any]], **extra: Any) -> Any:
    reg, cons = district
    return build_graph(reg, identify(reg, DECLARED), {**cons, **extra})


def brute_force(G: Any) -> tuple[int, int, float]:
    """The lexicographic optimum (schools covered, partnerships, total score) by enumerating edge sets."""
    cand = candidates_of(G)
    m = len(cand)
    best = (0, 0, 0.0)
    for k in range(m + 1):
        for subset in itertools.combinations(range(m), k):
            sel = np.array(subset, dtype=np.int64)
            if len(sel):
                if (np.bincount(cand.leader[sel], minlength=len(cand.ids)) > cand.capacity).any():
                    continue
                if (np.bincount(cand.partner[sel], minlength=len(cand.ids)) > cand.demand).any():
                    continue
                if not cand.required[cand.required].size <= 0 and not set(np.flatnonzero(cand.required)) <= set(subset):
                    continue
            covered = len(set(cand.partner[sel].tolist()))
            value = (covered, len(sel), float(cand.score[sel].sum()) if len(sel) else 0.0)
            if value[:2] > best[:2] or (value[:2] == best[:2] and value[2] > best[2] + 1e-12):
                best = value
    return best


@settings(max_examples=60)
@given(district=districts(max_side=4))
def test_optimal_agrees_with_brute_force(district: tuple[nm.Registry, dict[str, Any]]) -> None:
    G = graph_of(district)
    if len(candidates_of(G)) > 11:  # keep the enumeration small
        return
    want_covered, want_units, want_total = brute_force(G)
    # the compiled solver, and the scipy/HiGHS fallback used where it is not built
    with mock.patch.object(solve, "compiled_solver", lambda: False):
        fallback = optimal_pairing(G)
    for plan in (optimal_pairing(G), fallback):
        units = len(plan.pairs)
        total = sum(p.score for p in plan.pairs)
        assert plan.kpis.covered == want_covered
        assert units == want_units
        assert total == pytest.approx(want_total, abs=1e-9)
        assert check_pairing(G, plan) == []


@settings(max_examples=60)
@given(district=districts())
def test_invariants_and_reasons(district: tuple[nm.Registry, dict[str, Any]]) -> None:
    G = graph_of(district)
    cand = candidates_of(G)
    for solver in (optimal_pairing, greedy_pairing):
        plan = solver(G)
        assert check_pairing(G, plan) == []
        frame = plan.to_frame("en")
        # every school appears: as a school row, or as the leader of a pair
        assert (set(frame["school"]) | set(frame["leader"])) - {""} == set(cand.ids)
        assert set(frame.columns) >= {"school", "leader", "score", "distance_km", "mode", "reason"}
        for u in plan.unpaired:
            assert u.reason("ru") and u.reason("en")
            if u.code == "leaders_full":
                assert u.full_leaders and u.best_score is not None
        got = {s: len(plan.leaders_of(s)) for s in cand.ids}
        for i, s in enumerate(cand.ids):
            if cand.needs_partner[i] and got[s] < cand.demand[i]:
                assert s in {u.school for u in plan.unpaired}
    assert greedy_pairing(G).kpis.covered <= optimal_pairing(G).kpis.covered


@settings(max_examples=40)
@given(district=districts())
def test_same_input_same_output(district: tuple[nm.Registry, dict[str, Any]]) -> None:
    a = optimal_pairing(graph_of(district)).to_frame()
    b = optimal_pairing(graph_of(district)).to_frame()
    assert a.equals(b)


@settings(max_examples=60)
@given(district=districts(), proposing=st.sampled_from(["school", "leader"]))
def test_stable_pairing_has_no_blocking_pairs(district: tuple[nm.Registry, dict[str, Any]], proposing: str) -> None:
    G = graph_of(district, max_partners=1)
    plan = stable_pairing(G, proposing)  # type: ignore[arg-type]
    assert plan.blocking == 0 and blocking_pairs(G, plan) == []
    assert check_pairing(G, plan) == []
    completed = stable_pairing(G, proposing, complete=True)  # type: ignore[arg-type]
    assert completed.kpis.covered >= plan.kpis.covered
    assert completed.kpis.covered == optimal_pairing(G).kpis.covered or completed.kpis.covered >= plan.kpis.covered
    assert completed.blocking == len(blocking_pairs(G, completed))


@settings(max_examples=40)
@given(district=districts(), fairness=st.sampled_from(["maxmin", "minmax_km"]))
def test_fairness_keeps_coverage(district: tuple[nm.Registry, dict[str, Any]], fairness: str) -> None:
    G = graph_of(district, max_partners=1)
    plain, fair = optimal_pairing(G), optimal_pairing(G, fairness=fairness)  # type: ignore[arg-type]
    assert fair.kpis.covered == plain.kpis.covered
    assert check_pairing(G, fair) == []
    if fair.pairs:
        if fairness == "maxmin":
            assert min(p.score for p in fair.pairs) >= min(p.score for p in plain.pairs) - 1e-9
        else:
            assert max(p.km for p in fair.pairs) <= max(p.km for p in plain.pairs) + 1e-9


# --- hand-made cases ---------------------------------------------------------------------------


def line_district(capacity: int = 1) -> nm.Registry:
    """Two leaders and three schools along a road; distances about 11 km per 0.1° of latitude."""
    return nm.Registry(schools=[
        {"id": "L1", "name": "l1", "declared_leader": True, "leader_capacity": capacity, "latitude": 52.0,
         "longitude": 91.0},
        {"id": "L2", "name": "l2", "declared_leader": True, "leader_capacity": capacity, "latitude": 52.4,
         "longitude": 91.0},
        {"id": "A", "name": "a", "declared_low_results": True, "latitude": 52.05, "longitude": 91.0},
        {"id": "B", "name": "b", "declared_low_results": True, "latitude": 52.1, "longitude": 91.0},
        {"id": "C", "name": "c", "declared_low_results": True, "latitude": 54.0, "longitude": 91.0},
    ])


def test_reasons_for_the_unpaired() -> None:
    reg = line_district()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 30, "beyond_limit": "forbid"})
    plan = optimal_pairing(G)
    reasons = {u.school: u for u in plan.unpaired}
    assert set(reasons) == {"B", "C"} or set(reasons) == {"A", "C"}
    far = reasons["C"]
    assert far.code == "out_of_reach" and far.nearest_leader == "L2"
    assert far.nearest_km == pytest.approx(nm.graph.great_circle_km(54.0, 91.0, 52.4, 91.0) * 1.3)
    assert "no leader within 30 km" in far.reason("en") and "L2" in far.reason("ru")
    full = next(u for u in plan.unpaired if u.school != "C")
    assert full.code == "leaders_full" and full.full_leaders == ("L1",)
    assert "L1 (1/1)" in full.reason("en") and full.best_score is not None
    assert plan.kpis.covered == 1 and plan.kpis.share_covered == pytest.approx(1 / 3)


def test_capacity_two_covers_both_and_kpis() -> None:
    reg = line_district(capacity=2)
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 30, "beyond_limit": "forbid"})
    plan = optimal_pairing(G)
    assert plan.leaders_of("A") == ("L1",) and plan.leaders_of("B") == ("L1",)
    assert plan.kpis.in_network == 3 and plan.kpis.share_in_network == pytest.approx(3 / 5)
    assert plan.kpis.network_target_met and not plan.kpis.coverage_target_met
    assert plan.kpis.leader_load["L1"] == (2, 2)
    assert plan.kpis.max_km == pytest.approx(max(p.km for p in plan.pairs))


def test_required_pairs_are_kept_and_checked() -> None:
    reg = line_district()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 30, "required_pairs": [("L1", "B")]})
    plan = optimal_pairing(G)
    assert ("L1", "B") in {(p.leader, p.partner) for p in plan.pairs}
    assert check_pairing(G, plan) == []
    stripped = nm.matching.Pairing(pairs=(), unpaired=plan.unpaired, kpis=plan.kpis, roles=plan.roles,
                                   method="optimal", status="optimal")
    assert any("required pair L1–B is missing" in p for p in check_pairing(G, stripped))


def test_checker_finds_violations() -> None:
    reg = line_district()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 300})
    plan = optimal_pairing(G)
    first = plan.pairs[0]
    extra = nm.matching.Pair(leader=first.leader, partner="C" if first.partner != "C" else "A", score=0, km=1,
                             minutes=1, mode="in_person", components={})
    bad = nm.matching.Pairing(pairs=(*plan.pairs, extra), unpaired=(), kpis=plan.kpis, roles=plan.roles,
                              method="optimal", status="optimal")
    problems = check_pairing(G, bad)
    assert any("> capacity 1" in p for p in problems)


def test_load_units_respect_hours() -> None:
    reg = nm.datasets.load_demo()
    G = build_graph(reg, constraints={"load_hours": 3})
    plan = optimal_pairing(G)
    assert plan.method == "load_units" and plan.status == "optimal" and plan.gap == 0
    assert check_pairing(G, plan) == []
    for used, hours in plan.kpis.leader_load.values():
        assert used <= hours


def test_subject_pairing_uses_weak_subjects() -> None:
    G = build_graph(nm.datasets.load_demo())
    plan = subject_pairing(G)
    assert plan.pairs and check_pairing(G, plan) == []
    for p in plan.pairs:
        assert p.subject is not None
        assert G.nodes[p.partner]["profile"][p.subject] <= -0.5
        assert G.nodes[p.leader]["profile"][p.subject] >= 0.5
    per = {(p.partner, p.subject) for p in plan.pairs}
    assert len(per) == len(plan.pairs)  # one leader per weak subject
    # the frame keeps the subject apart from the subject component of the score
    frame = plan.to_frame()
    assert frame.columns.is_unique
    paired = frame[frame["leader"] != ""]
    assert sorted(zip(paired["school"], paired["subject"], strict=True)) == sorted(per)
    assert paired["score_subject"].tolist() == [
        next(p.components["subject"] for p in plan.pairs if (p.partner, p.subject) == key)
        for key in zip(paired["school"], paired["subject"], strict=True)]


def test_stable_with_explicit_preferences() -> None:
    reg = line_district()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 300})
    prefs = {"schools": {"A": ["L2", "L1"], "B": ["L2", "L1"]}, "leaders": {"L2": ["A", "B", "C"]}}
    plan = stable_pairing(G, preferences=prefs)
    assert plan.leaders_of("A") == ("L2",)
    assert blocking_pairs(G, plan, prefs) == []
    with pytest.raises(nm.InvalidInputError, match="not a leader"):
        stable_pairing(G, preferences={"schools": {"A": ["Z"]}})


def test_demo_plan() -> None:
    G = build_graph(nm.datasets.load_demo())
    plan = optimal_pairing(G)
    assert plan.kpis.share_covered == 1.0 and check_pairing(G, plan) == []
    frame = plan.to_frame()
    assert len((set(frame["school"]) | set(frame["leader"])) - {""}) == 18
    assert frame.loc[frame["leader"] != "", "reason"].str.contains("км").all()
    assert not math.isnan(plan.kpis.mean_km)


def test_greedy_keeps_required_pairs() -> None:
    reg = line_district()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 30, "required_pairs": [("L1", "B")]})
    plan = greedy_pairing(G)
    assert ("L1", "B") in {(p.leader, p.partner) for p in plan.pairs}
    assert check_pairing(G, plan) == []
