"""Pairing: optimal against brute force, stable without blocking pairs, reasons, KPIs, checker."""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch import solvers as solve
from netmatch._base.results import Indicators
from netmatch._identify import IdentificationRules, identify
from netmatch._solvers import bmatching
from netmatch.graph import build_graph, candidates_of
from netmatch.matching import (
    blocking_pairs,
    check_pairing,
    greedy_pairing,
    optimal_pairing,
    stable_pairing,
    subject_pairing,
)
from tests.strategies import districts

DECLARED = IdentificationRules(status_source="declared")


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
    # (patched where the solver reads it, and where matching reads it while it imports the old module)
    with mock.patch.object(bmatching, "compiled_solver", lambda: False), \
            mock.patch.object(solve, "compiled_solver", lambda: False):
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
        if p.subject is None:
            continue  # paired on the overall profile: see the next test
        assert G.nodes[p.partner]["profile"][p.subject] <= -0.5
        assert G.nodes[p.leader]["profile"][p.subject] >= 0.5
    per = {(p.partner, p.subject) for p in plan.pairs}
    assert len(per) == len(plan.pairs)  # one leader per weak subject
    # the frame keeps the subject apart from the subject component of the score
    frame = plan.to_frame()
    assert frame.columns.is_unique
    paired = frame[frame["leader"] != ""]
    per = {(school, subject or "") for school, subject in per}  # the frame writes no subject as ""
    assert sorted(zip(paired["school"], paired["subject"], strict=True)) == sorted(per)
    assert paired["score_subject"].tolist() == [
        next(p.components["subject"] for p in plan.pairs if (p.partner, p.subject or "") == key)
        for key in zip(paired["school"], paired["subject"], strict=True)]


def test_subject_pairing_pairs_a_school_without_a_weak_subject_on_its_overall_profile() -> None:
    G = build_graph(nm.datasets.load_demo())
    plan = subject_pairing(G)
    # every ШНОР/ШНСУ is paired, as by optimal_pairing: none is left out for having even results
    assert plan.kpis.share_covered == 1.0 and not plan.unpaired and check_pairing(G, plan) == []
    overall = [p for p in plan.pairs if p.subject is None]
    assert overall
    for p in overall:
        # by hand: none of the school's three weakest subjects at or below −0.5 has a leader in reach strong in it
        prof = G.nodes[p.partner]["profile"]
        weak = [k for k in sorted(prof, key=prof.get)[:3] if prof[k] <= -0.5]
        leaders = [u for u in G.neighbors(p.partner) if G.edges[u, p.partner]["leader"] == u]
        assert not any(G.nodes[u]["profile"].get(k, -math.inf) >= 0.5 for u in leaders for k in weak)
        assert plan.leaders_of(p.partner) == (p.leader,)  # one leader, on the overall profile
    # a school with a weak subject keeps its per-subject leaders, not an overall one
    assert not {p.partner for p in overall} & {p.partner for p in plan.pairs if p.subject is not None}


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


# --- the checker against a simple reference ------------------------------------------------------


def reference_check(G: Any, pairing: nm.Pairing) -> list[str]:
    """check_pairing as first written: one pass per pair, and per school a pass over the pairs."""
    cand = candidates_of(G)
    ids = cand.ids
    index = {s: i for i, s in enumerate(ids)}
    problems = []
    distinct: dict[tuple[str, str], int] = {}
    for p in pairing.pairs:
        if p.leader not in index or p.partner not in index:
            problems.append(f"pair {p.leader}–{p.partner}: unknown school")
            continue
        if not G.has_edge(p.leader, p.partner):
            problems.append(f"pair {p.leader}–{p.partner} is not a feasible candidate (distance, mode, phase, "
                            "language or exclusion)")
            continue
        d = G.edges[p.leader, p.partner]
        if d["leader"] != p.leader:
            problems.append(f"pair {p.leader}–{p.partner}: {p.leader} is the partner, not the leader")
        if d["mode"] != p.mode:
            problems.append(f"pair {p.leader}–{p.partner}: mode {p.mode} but the graph says {d['mode']}")
        limit = G.graph.get("constraints", {}).get("max_km")
        if p.mode == "in_person" and limit is not None and p.km > limit + 1e-9:
            problems.append(f"pair {p.leader}–{p.partner}: in person at {p.km:.1f} km > {limit} km")
        distinct[(p.leader, p.partner)] = distinct.get((p.leader, p.partner), 0) + 1
        if pairing.method != "subject" and distinct[(p.leader, p.partner)] > 1:
            problems.append(f"pair {p.leader}–{p.partner} appears twice")
    if pairing.method == "subject":
        keyset: dict[tuple[str, str | None], int] = {}
        for p in pairing.pairs:
            keyset[(p.partner, p.subject)] = keyset.get((p.partner, p.subject), 0) + 1
        problems += [f"school {s}: subject {k} has {c} leaders (at most 1)" for (s, k), c in keyset.items() if c > 1]
    else:
        load = np.zeros(len(ids), np.int64)
        got = np.zeros(len(ids), np.int64)
        for a, b in distinct:
            load[index[a]] += 1
            got[index[b]] += 1
        if pairing.method == "load_units":
            hours = np.zeros(len(ids))
            for a, b in distinct:
                hours[index[a]] += cand.load[index[b]]
            for i in np.flatnonzero(hours > cand.hours + 1e-9).tolist():
                problems.append(f"leader {ids[i]}: {hours[i]:g} mentor hours > {cand.hours[i]:g}")
        else:
            for i in np.flatnonzero(load > cand.capacity).tolist():
                problems.append(f"leader {ids[i]}: {load[i]} partners > capacity {cand.capacity[i]}")
        for i in np.flatnonzero(got > cand.demand).tolist():
            problems.append(f"school {ids[i]}: {got[i]} leaders > demand {cand.demand[i]}")
    for e in np.flatnonzero(cand.required).tolist():
        pair = (ids[int(cand.leader[e])], ids[int(cand.partner[e])])
        if pair not in distinct:
            problems.append(f"required pair {pair[0]}–{pair[1]} is missing")
    listed = {u.school for u in pairing.unpaired}
    have = {p.partner for p in pairing.pairs}
    for i in np.flatnonzero(cand.needs_partner).tolist():
        s = ids[i]
        short = sum(1 for (a, b) in distinct if b == s) < cand.demand[i]
        if pairing.method != "subject" and short and s not in listed:
            problems.append(f"school {s} lacks a leader but has no reason in the pairing")
        if pairing.method == "subject" and s not in have and s not in listed:
            problems.append(f"school {s} has no leader and no reason")
    return problems


@st.composite
def broken_pairings(draw: st.DrawFn) -> tuple[Any, nm.Pairing]:
    """A district's graph and a pairing of it, valid or broken in several ways at once.

    Breaks: pairs over capacity or demand, non-edges, unknown schools, reversed pairs,
    duplicates, wrong modes or distances, required pairs dropped, reasons dropped, a
    method switched to load units or per subject.
    """
    district = draw(districts(max_side=4))
    hours = draw(st.booleans())
    G = graph_of(district, max_partners=1, load_hours=2.5) if hours else graph_of(district)
    cand = candidates_of(G)
    roomy = np.flatnonzero(cand.capacity[cand.leader] > 0)
    if len(roomy) and draw(st.booleans()):  # make one candidate pair (of a leader with room) a contract
        e = int(roomy[draw(st.integers(0, len(roomy) - 1))])
        required = [(cand.ids[cand.leader[e]], cand.ids[cand.partner[e]])]
        G = graph_of(district, max_partners=1, load_hours=2.5, required_pairs=required) if hours else \
            graph_of(district, required_pairs=required)
    plan = draw(st.sampled_from([optimal_pairing, greedy_pairing]))(G)
    pairs = list(plan.pairs)
    names = [*candidates_of(G).ids, "Z"]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["add", "duplicate", "drop", "reverse", "mode", "km"]))
        if kind == "add":
            pairs.insert(draw(st.integers(0, len(pairs))), nm.Pair(
                leader=draw(st.sampled_from(names)), partner=draw(st.sampled_from(names)), score=0.0,
                km=draw(st.floats(0, 100)), minutes=1.0, mode=draw(st.sampled_from(["in_person", "remote"])),
                components={}, subject=draw(st.sampled_from([None, "ege:математика"]))))
        elif pairs:
            i = draw(st.integers(0, len(pairs) - 1))
            p = pairs[i]
            if kind == "duplicate":
                pairs.insert(draw(st.integers(0, len(pairs))), p)
            elif kind == "drop":
                del pairs[i]
            elif kind == "reverse":
                pairs[i] = dataclasses.replace(p, leader=p.partner, partner=p.leader)
            elif kind == "mode":
                pairs[i] = dataclasses.replace(p, mode="remote" if p.mode == "in_person" else "in_person")
            else:
                pairs[i] = dataclasses.replace(p, km=p.km + draw(st.floats(0, 500)))
    unpaired = tuple(u for u in plan.unpaired if draw(st.booleans()) or draw(st.booleans()))
    method = draw(st.sampled_from([plan.method, plan.method, "load_units", "subject"]))
    return G, dataclasses.replace(plan, pairs=tuple(pairs), unpaired=unpaired, method=method)


@settings(max_examples=150)
@given(case=broken_pairings())
def test_checker_agrees_with_reference(case: tuple[Any, nm.Pairing]) -> None:
    G, pairing = case
    assert check_pairing(G, pairing) == reference_check(G, pairing)


def test_checker_messages_for_each_break() -> None:
    reg = line_district()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 30, "beyond_limit": "forbid",
                                                   "required_pairs": [("L1", "A")]})
    plan = optimal_pairing(G)
    pair = next(p for p in plan.pairs if p.partner == "A")
    broken = dataclasses.replace(plan, unpaired=(), pairs=(
        pair, pair, dataclasses.replace(pair, leader="A", partner="L1"),
        dataclasses.replace(pair, mode="remote"), dataclasses.replace(pair, partner="B", km=99.0),
        dataclasses.replace(pair, leader="Q"), dataclasses.replace(pair, leader="L2", partner="C")))
    problems = check_pairing(G, broken)
    assert problems == reference_check(G, broken)
    for words in ("appears twice", "A is the partner, not the leader", "mode remote but the graph says in_person",
                  "in person at 99.0 km > 30.0 km", "pair Q–A: unknown school", "L2–C is not a feasible candidate",
                  "partners > capacity 1", "lacks a leader but has no reason"):
        assert any(words in p for p in problems), words
    assert any("required pair L1–A is missing" in p
               for p in check_pairing(G, dataclasses.replace(plan, pairs=())))


# --- steering by scores ------------------------------------------------------------------------------


def _edited(G: Any, scores: dict[tuple[str, str], float]) -> Any:
    H = G.copy()
    H.graph = dict(G.graph)
    for (a, b), value in scores.items():
        H.edges[a, b]["score"] = value
    return H


def _told_in_own_scores(G: Any, H: Any, plan: nm.Pairing, touched: set[str]) -> nm.Pairing:
    """What replan did by hand: the edited graph's plan with G's own scores and reasons."""
    cand = candidates_of(G)
    own = {(cand.ids[a], cand.ids[b]): float(s) for a, b, s in zip(cand.leader, cand.partner, cand.score,
                                                                     strict=True)}
    index = {s: i for i, s in enumerate(cand.ids)}
    used, cap = np.zeros(len(cand.ids)), np.zeros(len(cand.ids))
    for school, (load, room) in plan.kpis.leader_load.items():
        used[index[school]], cap[index[school]] = load, room
    got = {b: sum(1 for x, y in {(p.leader, p.partner) for p in plan.pairs} if y == b) for b in cand.ids}
    unpaired = tuple(
        nm.matching.unpaired_reason(G, cand, index[u.school], got[u.school],
                                    np.flatnonzero(cand.partner == index[u.school]), used, cap,
                                    "часов наставничества" if plan.method == "load_units" else None)
        if u.school in touched else u for u in plan.unpaired)
    return dataclasses.replace(plan, pairs=tuple(dataclasses.replace(p, score=own[(p.leader, p.partner)])
                                                 for p in plan.pairs), unpaired=unpaired)


def _snapshot(G: Any) -> tuple[Any, ...]:
    return (G.graph["candidates"], sorted((a, b, tuple(sorted(d.items()))) for a, b, d in G.edges(data=True)))


@settings(max_examples=60)
@given(district=districts(), data=st.data())
def test_scores_steer_like_an_edited_graph(district: tuple[nm.Registry, dict[str, Any]], data: st.DataObject) -> None:
    G = graph_of(district, max_partners=1)
    cand = candidates_of(G)
    edges = [(cand.ids[a], cand.ids[b]) for a, b in zip(cand.leader.tolist(), cand.partner.tolist(), strict=True)]
    chosen = data.draw(st.lists(st.sampled_from(edges), unique=True) if edges else st.just([]))
    scores = {e: data.draw(st.floats(-1, 2)) for e in chosen}
    before = _snapshot(G)
    H = _edited(G, scores)
    touched = {b for _, b in chosen}
    for solver in (optimal_pairing, greedy_pairing, stable_pairing):
        steered = solver(G, scores=scores)
        assert _snapshot(G) == before and candidates_of(G) is before[0]
        want = _told_in_own_scores(G, H, solver(H), touched)
        assert steered.pairs == want.pairs
        assert steered.unpaired == want.unpaired
        assert steered.kpis == want.kpis and steered.blocking == want.blocking
        assert steered.objective == pytest.approx(sum(p.score for p in steered.pairs), abs=1e-9)
        assert check_pairing(G, steered) == []


def test_scores_steer_subject_and_load_units() -> None:
    G = build_graph(nm.datasets.load_demo())
    plain = subject_pairing(G)
    first = plain.pairs[0]
    before = _snapshot(G)
    scores = {(first.leader, first.partner): -5.0}
    steered = subject_pairing(G, scores=scores)
    assert _snapshot(G) == before
    assert (first.leader, first.partner) not in {(p.leader, p.partner) for p in steered.pairs}
    assert {(p.leader, p.partner, p.subject) for p in steered.pairs} == {
        (p.leader, p.partner, p.subject) for p in subject_pairing(_edited(G, scores)).pairs}
    H = build_graph(nm.datasets.load_demo(), constraints={"load_hours": 3})
    plain = optimal_pairing(H)
    first = plain.pairs[0]
    scores = {(first.leader, first.partner): -5.0}
    steered = optimal_pairing(H, scores=scores)
    assert steered.method == "load_units"
    assert [(p.leader, p.partner) for p in steered.pairs] == [
        (p.leader, p.partner) for p in optimal_pairing(_edited(H, scores)).pairs]
    own = {(p.leader, p.partner): p.score for p in plain.pairs}
    assert all(p.score == own.get((p.leader, p.partner), p.score) for p in steered.pairs)


def test_scores_reject_unknown_pairs_and_non_finite_values() -> None:
    G = build_graph(nm.datasets.load_demo())
    pair = optimal_pairing(G).pairs[0]
    with pytest.raises(nm.InvalidInputError, match=r"The 'scores' parameter of optimal_pairing must be keyed by "
                                                   r"candidate \(leader, school\) pairs of the graph"):
        optimal_pairing(G, scores={(pair.partner, pair.leader): 1.0})
    with pytest.raises(nm.InvalidInputError, match=r"greedy_pairing must be a finite number for"):
        greedy_pairing(G, scores={(pair.leader, pair.partner): math.nan})
    with pytest.raises(nm.InvalidInputError, match="2 problems"):
        stable_pairing(G, scores={("nobody", pair.partner): 1.0, (pair.leader, pair.partner): math.inf})
    with pytest.raises(nm.InvalidInputError, match="'scores' parameter of subject_pairing must be a mapping"):
        subject_pairing(G, scores=[1.0])  # type: ignore[arg-type]
    assert optimal_pairing(G, scores={}) == optimal_pairing(G)


# --- results and parameters -----------------------------------------------------------------------


def test_results_are_immutable_short_and_typed() -> None:
    G = build_graph(nm.datasets.load_demo())
    plan = optimal_pairing(G, scores=None)
    assert isinstance(plan.pairs, tuple) and all(isinstance(p, nm.Pair) for p in plan.pairs)
    assert repr(plan) == (f"<Pairing: {len(plan.pairs)} pairs; method optimal, covered {plan.kpis.covered} of "
                          f"{plan.kpis.needing}, unpaired 0>")
    assert len(repr(plan)) < 300 and len(repr(plan.pairs[0])) < 300
    assert repr(plan.pairs[0]).startswith(f"Pair({plan.pairs[0].leader!r} -> ")
    far = optimal_pairing(build_graph(nm.datasets.load_demo(), constraints={"max_km": 1, "beyond_limit": "forbid"}))
    assert far.unpaired and len(repr(far.unpaired[0])) < 300 and "out_of_reach" in repr(far.unpaired[0])
    long = dataclasses.replace(plan.pairs[0], leader="L" * 400)
    assert len(repr(long)) <= 300
    for obj, name in ((plan, "method"), (plan.kpis, "covered"), (plan.pairs[0], "score")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, 0)
    assert isinstance(plan.kpis, Indicators)
    assert list(plan.kpis.as_dict()) == [
        "needing", "covered", "share_covered", "coverage_target_met", "schools", "in_network", "share_in_network",
        "network_target_met", "mean_km", "max_km", "remote_pairs", "leaders_used", "max_leader_load"]
    frame = plan.kpis.to_frame()
    assert list(frame.columns) == ["indicator", "value"] and len(frame) == 13
    assert frame.set_index("indicator")["value"]["coverage_target_met"] == 1.0
    rows = plan.to_frame("en")
    assert list(rows.columns[:9]) == ["school", "leader", "subject", "score", "distance_km", "minutes", "mode",
                                      "role", "reason"]
    assert (rows["leader"] != "").sum() == len(plan.pairs)


def test_unpaired_reason_is_public() -> None:
    reg = line_district()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 30, "beyond_limit": "forbid"})
    plan = optimal_pairing(G)
    cand = candidates_of(G)
    used = np.zeros(len(cand.ids))
    cap = np.array(cand.capacity, dtype=float)
    for school, (load, _) in plan.kpis.leader_load.items():
        used[cand.ids.index(school)] = load
    for u in plan.unpaired:
        row = cand.ids.index(u.school)
        assert nm.matching.unpaired_reason(G, cand, row, 0, np.flatnonzero(cand.partner == row), used, cap) == u


@pytest.mark.parametrize(("call", "words"), [
    (lambda G: optimal_pairing(G, fairness="fair"),  # type: ignore[arg-type]
     "The 'fairness' parameter of optimal_pairing must be one of None, 'maxmin', 'minmax_km'. Got 'fair' instead."),
    (lambda G: stable_pairing(G, "both"),  # type: ignore[arg-type]
     "The 'proposing' parameter of stable_pairing must be 'school' or 'leader'. Got 'both' instead."),
    (lambda G: stable_pairing(G, preferences={"teachers": {}}),
     "The 'preferences' parameter of stable_pairing must be a dict with only the keys 'schools' and 'leaders'. "
     "Got ['teachers'] instead."),
    (lambda G: subject_pairing(G, max_subjects=-1),
     "The 'max_subjects' parameter of subject_pairing must be a whole number of at least 0. Got -1 instead."),
])
def test_parameter_errors_read_alike(call: Any, words: str) -> None:
    G = build_graph(nm.datasets.load_demo(), constraints={"max_partners": 1})
    with pytest.raises(nm.InvalidInputError) as info:
        call(G)
    assert words in str(info.value)


def test_fairness_needs_equal_demands() -> None:
    G = build_graph(nm.datasets.load_demo(), constraints={"max_partners": 2, "min_partners": 1})
    with pytest.raises(nm.InvalidInputError, match="'fairness' parameter of optimal_pairing must be None when"):
        optimal_pairing(G, fairness="maxmin")
