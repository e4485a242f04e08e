"""Scenarios: edits that never touch the base, plans, comparisons, sweeps on any executor, replan, monitor."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch import (
    AddLeader,
    CloseSchool,
    MergeSchools,
    OpenCentre,
    Plan,
    RemoveLeader,
    Scenario,
    SetLeaderCapacity,
    SetLimit,
    SetStatus,
    compare,
    differences,
    monitor,
    plan,
    replan,
    sweep,
)
from netmatch._scenario import MonitoringKpis, PlanKpis, SweepKpis

DECLARED = {"status_source": "declared"}


@pytest.fixture(scope="module")
def demo() -> nm.Registry:
    return nm.datasets.load_demo()


@pytest.fixture(scope="module")
def base_plan(demo: nm.Registry) -> Plan:
    return plan(demo, sharing=False)


def school(sid: str, lat: float, lon: float, **fields: Any) -> nm.School:
    return nm.School(id=sid, name=f"Школа {sid}", latitude=lat, longitude=lon, **fields)


def two_leaders() -> nm.Registry:
    """Two leaders of one place each, two low-results schools near L1: L1–A and L2–B is the best plan.

    Road distances: L1–A 1.7 km, L1–B 4.1 km, L2–A 23 km, L2–B 21 km (scores 0.237 + 0.125
    against 0.218 + 0.115 for L1–B and L2–A: a difference of 0.029).
    """
    return nm.Registry([
        school("L1", 55.0, 37.0, declared_leader=True, leader_capacity=1),
        school("L2", 55.0, 37.3, declared_leader=True, leader_capacity=1),
        school("A", 55.0, 37.02, declared_low_results=True),
        school("B", 55.0, 37.05, declared_low_results=True),
        school("O", 55.05, 37.1),
    ])


def keys(p: Plan) -> list[tuple[str, str]]:
    """The plan's (leader, partner) pairs, sorted."""
    return sorted({(x.leader, x.partner) for x in p.pairs})


def hand_plan(reg: nm.Registry, **options: Any) -> Plan:
    return plan(reg, rules=DECLARED, sharing=False, **options)


def snapshot(reg: nm.Registry) -> tuple[Any, ...]:
    return reg.to_frames(), reg.schools, tuple(reg.schools), reg.results, reg.resources, tuple(reg.resources)


def assert_untouched(reg: nm.Registry, before: tuple[Any, ...]) -> None:
    frames, schools_obj, schools, results, resources_obj, resources = before
    after = reg.to_frames()
    for a, b in zip(frames, after, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert reg.schools is schools_obj and all(x is y for x, y in zip(reg.schools, schools, strict=True))
    assert reg.results is results
    assert reg.resources is resources_obj and all(x is y for x, y in zip(reg.resources, resources, strict=True))


# --- edits ------------------------------------------------------------------------------------

EDITS = [
    OpenCentre("S07"),
    CloseSchool("S05"),
    CloseSchool("S16"),
    MergeSchools("S17", "S13"),
    MergeSchools("S06", "S07"),
    SetLeaderCapacity("S10", 0),
    SetLimit("max_km", 25),
    SetStatus("S07", "low_results"),
    AddLeader("S02"),
    RemoveLeader("S05"),
]


@pytest.mark.parametrize("edit", EDITS, ids=repr)
def test_an_edit_never_mutates_the_base_registry(demo: nm.Registry, edit: Any) -> None:
    before = snapshot(demo)
    scenario = Scenario(demo, edits=(edit,), sharing=False)
    edited, _, _ = scenario.apply()
    p = plan(scenario)
    assert scenario.registry is demo
    assert_untouched(demo, before)
    if not isinstance(edit, SetLimit | SetStatus | AddLeader | RemoveLeader):
        assert edited is not demo and p.registry is not demo


@settings(max_examples=15)
@given(st.lists(st.sampled_from(EDITS), max_size=4))
def test_any_sequence_of_edits_leaves_the_base_as_it_was(edits: list[Any]) -> None:
    demo = nm.datasets.load_demo()
    before = snapshot(demo)
    # an edit may be refused (merging into a school an earlier edit closed): the base stays as it was
    with contextlib.suppress(nm.InvalidInputError):
        Scenario(demo, edits=tuple(edits)).apply()
    assert_untouched(demo, before)


def test_close_school_removes_the_school_its_results_resources_and_partnerships(demo: nm.Registry) -> None:
    reg, _, _ = Scenario(demo, edits=(CloseSchool("S05"),)).apply()
    assert "S05" not in reg and len(reg) == len(demo) - 1
    assert "S05" not in set(reg.results.school)
    assert len(reg.results) == len(demo.results) - len(demo.results_of("S05"))
    assert not [r for r in reg.resources if r.host == "S05"]
    assert {r.id for r in demo.resources} - {r.id for r in reg.resources} == {"TR-S05", "SH-S05"}
    assert reg.school("S17").partners == ()  # S05–S17 was an existing partnership
    p = plan(demo, edits=(CloseSchool("S05"),), sharing=False)
    assert all("S05" not in pair for pair in keys(p))


def test_close_school_drops_its_contracts_and_status_decisions(demo: nm.Registry) -> None:
    cons = {"required_pairs": [("S05", "S12")], "excluded_pairs": [("S01", "S16")]}
    p = plan(demo, constraints=cons, edits=(SetStatus("S05", "leader"), CloseSchool("S05")), sharing=False)
    assert p.graph.graph["constraints"]["required_pairs"] == []
    assert p.graph.graph["constraints"]["excluded_pairs"] == [["S01", "S16"]]
    assert ("S01", "S16") not in keys(p)


def test_merge_schools_adds_pupils_and_teachers_and_moves_resources_and_partnerships(demo: nm.Registry) -> None:
    reg, _, _ = Scenario(demo, edits=(MergeSchools("S06", "S07"), MergeSchools("S17", "S13"))).apply()
    s06, s07, s13 = demo.school("S06"), demo.school("S07"), demo.school("S13")
    merged = reg.school("S07")
    assert merged.students == s06.students + s07.students
    assert merged.teachers == (s06.teachers or 0) + (s07.teachers or 0)
    assert "S06" not in reg and "S17" not in reg
    assert {r.id for r in reg.resources_of("S07")} == {r.id for r in demo.resources_of("S06")}
    assert len(reg.resources) == len(demo.resources)
    assert "S06" not in set(reg.results.school)
    assert len(reg.results_of("S07")) == len(demo.results_of("S07"))  # the merged school's results go
    # S05–S17 moves to S13, and S05 now names S13
    assert reg.school("S13").partners == tuple(dict.fromkeys((*s13.partners, "S05")))
    assert reg.school("S05").partners == ("S13",)


def test_merge_school_errors(demo: nm.Registry) -> None:
    with pytest.raises(nm.InvalidInputError, match="cannot merge into itself"):
        Scenario(demo, edits=(MergeSchools("S06", "S06"),)).apply()
    with pytest.raises(nm.InvalidInputError, match="MergeSchools: no school 'S99'"):
        Scenario(demo, edits=(MergeSchools("S06", "S99"),)).apply()


def test_set_leader_capacity_changes_the_plan_as_expected() -> None:
    reg = two_leaders()
    assert keys(hand_plan(reg)) == [("L1", "A"), ("L2", "B")]
    assert keys(hand_plan(reg, edits=(SetLeaderCapacity("L1", 2),))) == [("L1", "A"), ("L1", "B")]
    none = hand_plan(reg, edits=(SetLeaderCapacity("L1", 0),))
    assert keys(none) == [("L2", "B")]
    assert [(u.school, u.code) for u in none.pairing.unpaired] == [("A", "leaders_full")]
    assert none.kpis.share_covered == 0.5
    with pytest.raises(nm.InvalidInputError,
                       match=r"The 'capacity' parameter of SetLeaderCapacity must be 0 or more\. Got -1 instead\."):
        Scenario(reg, edits=(SetLeaderCapacity("L1", -1),)).apply()


def test_set_status_add_leader_remove_leader_change_roles(base_plan: Plan, demo: nm.Registry) -> None:
    roles = base_plan.pairing.roles
    assert roles["S02"] == "ordinary" and roles["S05"] == "leader" and roles["S07"] == "ordinary"
    p = plan(demo, edits=(AddLeader("S02"), RemoveLeader("S05"), SetStatus("S07", "low_results")), sharing=False)
    assert p.pairing.roles["S02"] == "leader"
    assert p.pairing.roles["S05"] == "ordinary" and not p.pairing.partners_of("S05")
    assert p.pairing.roles["S07"] == "partner" and p.pairing.leaders_of("S07")
    assert p.kpis.needing == base_plan.kpis.needing + 1
    assert p.kpis.leaders == base_plan.kpis.leaders  # one in, one out


def test_remove_leader_keeps_other_statuses(demo: nm.Registry, base_plan: Plan) -> None:
    p = plan(demo, edits=(RemoveLeader("S12"),), sharing=False)  # S12 is ШНОР, not a leader
    assert p.identification.status_of("S12") == base_plan.identification.status_of("S12")
    assert keys(p) == keys(base_plan)
    decided = plan(demo, edits=(SetStatus("S02", ("leader", "unfavourable")), RemoveLeader("S02")), sharing=False)
    assert decided.identification.status_of("S02") == {nm.Status.UNFAVOURABLE}


def test_set_status_errors(demo: nm.Registry) -> None:
    with pytest.raises(nm.InvalidInputError, match="SetStatus: statuses are"):
        Scenario(demo, edits=(SetStatus("S07", "ШНОР"),)).apply()
    with pytest.raises(nm.InvalidInputError, match="at least one status"):
        Scenario(demo, edits=(SetStatus("S07", ()),)).apply()
    with pytest.raises(nm.InvalidInputError, match="AddLeader: no school 'S99'"):
        Scenario(demo, edits=(AddLeader("S99"),)).apply()


def test_set_limit_and_its_errors(demo: nm.Registry) -> None:
    _, cons, _ = Scenario(demo, edits=(SetLimit("max_km", 25), SetLimit("beyond_limit", "forbid"))).apply()
    assert cons.max_km == 25 and cons.beyond_limit == "forbid"
    p = plan(demo, edits=(SetLimit("max_km", 25), SetLimit("beyond_limit", "forbid")), sharing=False)
    assert all(d["km"] <= 25 for *_, d in p.graph.edges(data=True))
    assert {u.school for u in p.pairing.unpaired} == {"S08", "S09"}
    with pytest.raises(nm.InvalidInputError, match=r"'max_kms' is not a constraint"):
        Scenario(demo, edits=(SetLimit("max_kms", 25),)).apply()
    with pytest.raises(nm.InvalidInputError, match=r"The 'max_km' parameter of Scenario must be greater than 0\. "
                                                   r"Got -5 instead\."):
        Scenario(demo, edits=(SetLimit("max_km", -5),)).apply()


def test_open_centre_adds_a_resource(demo: nm.Registry) -> None:
    reg, _, _ = Scenario(demo, edits=(OpenCentre("S07", seats=12),)).apply()
    new = reg.resources_of("S07")
    assert len(new) == 1 and new[0].kind == nm.ResourceKind.GROWTH_POINT_SCIENCE and new[0].seats == 12
    assert len(reg.resources) == len(demo.resources) + 1
    p = plan(demo, edits=(OpenCentre("S07"),), sharing=False)
    assert "growth_point_science" in p.graph.nodes["S07"]["resources"]


def test_an_edit_must_be_an_edit(demo: nm.Registry) -> None:
    with pytest.raises(nm.InvalidInputError, match="Scenario: edit 1 must be one of"):
        Scenario(demo, edits=(CloseSchool("S18"), "S07")).apply()  # type: ignore[arg-type]


def test_with_edits_adds_to_the_list(demo: nm.Registry) -> None:
    s = Scenario(demo, edits=(SetLimit("max_km", 30),))
    t = s.with_edits(CloseSchool("S18"), name="без НОШ")
    assert t.edits == (SetLimit("max_km", 30), CloseSchool("S18")) and t.name == "без НОШ"
    assert s.edits == (SetLimit("max_km", 30),) and s.name == "базовый"


# --- plans, comparisons, differences ------------------------------------------------------------


def test_plan_holds_results_and_kpis(base_plan: Plan, demo: nm.Registry) -> None:
    assert base_plan.name == "базовый" and base_plan.sharing is None
    assert base_plan.kpis.share_covered == 1.0 and base_plan.kpis.needing == 5
    assert nm.check_pairing(base_plan.graph, base_plan.pairing) == []
    assert base_plan.identification.ids == demo.ids
    assert keys(base_plan) == sorted(keys(base_plan))
    assert keys(plan(Scenario(demo, sharing=False))) == keys(base_plan)


def test_plan_with_sharing(demo: nm.Registry) -> None:
    pytest.importorskip("netmatch._sharing")
    p = plan(demo, sharing=True)
    assert p.sharing is not None
    assert any(k.startswith("sharing_") for k in p.kpis.as_dict())


def test_plan_errors(demo: nm.Registry) -> None:
    with pytest.raises(nm.InvalidInputError, match=r"plan\(\) takes the options"):
        plan(demo, max_km=30)
    with pytest.raises(nm.InvalidInputError, match="The 'pairing' parameter of plan must be one of"):
        plan(demo, pairing="best")
    with pytest.raises(nm.InvalidInputError,
                       match="The 'scenario_or_registry' parameter of plan must be a Scenario or a Registry"):
        plan(demo.to_frames())  # type: ignore[arg-type]


def test_compare_of_a_plan_with_itself_shows_no_differences(base_plan: Plan) -> None:
    table = compare({"a": base_plan, "b": base_plan})
    assert list(table.columns) == ["a", "b"]
    assert table["a"].equals(table["b"])
    assert list(table.index) == list(base_plan.kpis.as_dict())
    assert differences(base_plan, base_plan).empty


def test_compare_puts_kpis_side_by_side(base_plan: Plan, demo: nm.Registry) -> None:
    tight = plan(demo, name="25 км", edits=(SetLimit("max_km", 25), SetLimit("beyond_limit", "forbid")),
                 sharing=False)
    table = compare([base_plan, tight])
    assert list(table.columns) == ["базовый", "25 км"]
    assert table.loc["share_covered", "базовый"] == 1.0 and table.loc["share_covered", "25 км"] == 0.6
    same_names = compare([base_plan, base_plan])
    assert list(same_names.columns) == ["базовый (1)", "базовый (2)"]


def test_differences_say_who_changes_and_why(base_plan: Plan, demo: nm.Registry) -> None:
    closed = plan(demo, edits=(CloseSchool("S10"),), sharing=False)
    every = differences(base_plan, closed, lang="en")
    # S10's association is gone: its members move (their rows of their own), S08 with its new leader
    moves = every[every["change"] == "changed_association"].set_index("school")
    assert moves.loc["S08", "before"] == "S10" and moves.loc["S08", "after"] == diff_leader(closed, "S08")
    diff = every[every["change"] != "changed_association"].set_index("school")
    assert diff.loc["S10", "change"] == "closed"
    assert diff.loc["S08", "change"] == "changed_partner" and diff.loc["S08", "before"] == "S10"
    assert "leader S10 left the registry" in diff.loc["S08", "why"]
    assert "new pair:" in diff.loc["S08", "why"]

    tight = plan(demo, edits=(SetLimit("max_km", 25), SetLimit("beyond_limit", "forbid")), sharing=False)
    lost = differences(base_plan, tight, lang="en")
    # (the demo's needs move to other organisations too, in rows of their own: below)
    assert set(lost.loc[lost["change"] == "changed_organisation", "school"]) <= {m.school for m in tight.needs.matches}
    lost = lost[~lost["change"].isin(["changed_association", "changed_organisation"])].set_index("school")
    assert set(lost.index) == {"S08", "S09"} and set(lost["change"]) == {"lost_coverage"}
    assert "no leader within 25 km" in lost.loc["S09", "why"]

    decided = plan(demo, edits=(SetStatus("S07", "low_results"), SetLeaderCapacity("S10", 0)), sharing=False)
    rows = differences(base_plan, decided, lang="ru")
    s07 = rows[rows["school"] == "S07"].set_index("change")
    assert s07.loc["status", "after"] == "ШНОР" and s07.loc["status", "why"] == "статус задан решением в сценарии"
    assert "gained_coverage" in s07.index
    s08 = rows[rows["school"] == "S08"].iloc[0]
    assert s08["change"] == "changed_partner" and "S10 не берёт партнёров" in s08["why"]


def diff_leader(p: Plan, school: str) -> str:
    """The leader whose association ``school`` is in, «—» for none."""
    return p.networks.membership(school).leader or "—"


def test_differences_when_a_school_needs_no_leader_any_more(base_plan: Plan, demo: nm.Registry) -> None:
    p = plan(demo, edits=(SetStatus("S16", "ordinary"),), sharing=False)
    row = differences(base_plan, p, lang="en").set_index(["school", "change"])
    assert row.loc[("S16", "lost_coverage"), "why"].startswith("needs no leader any more")


def test_differences_report_a_pair_whose_mode_changed(base_plan: Plan, demo: nm.Registry) -> None:
    # within 25 km S10–S08 (32 km) is no longer an in-person trip: the same pair, now remote
    near = plan(demo, edits=(SetLimit("max_km", 25),), sharing=False)
    assert ("S10", "S08") in keys(near) and ("S10", "S08") in keys(base_plan)
    rows = differences(base_plan, near, lang="en")
    rows = rows[rows["change"] != "changed_organisation"].reset_index(drop=True)  # the needs' moves: their own rows
    assert rows[["school", "change", "before", "after"]].values.tolist() == [
        ["S08", "changed_mode", "S10: in person", "S10: remote"]]
    assert rows.loc[0, "why"].startswith("the pair S10–S08 is now remote: 32 km")
    back = differences(near, base_plan, lang="ru").query("change != 'changed_organisation'").iloc[0]
    assert (back["change"], back["before"], back["after"]) == ("changed_mode", "S10: дистанционно", "S10: очно")
    assert "в пределах лимитов" in back["why"]


def test_plan_behaves_like_every_result(base_plan: Plan, demo: nm.Registry) -> None:
    from netmatch._base.results import REPR_LIMIT, Indicators

    assert isinstance(base_plan.pairs, tuple) and base_plan.pairs == base_plan.pairing.pairs
    assert all(isinstance(p, nm.Pair) for p in base_plan.pairs)
    text = repr(base_plan)
    assert len(text) < REPR_LIMIT and text.startswith("<Plan: 18 schools; name 'базовый', pairs 5")
    kpis = base_plan.kpis
    assert isinstance(kpis, Indicators) and isinstance(kpis, PlanKpis)
    figures = kpis.as_dict()
    assert list(figures)[:4] == ["low_results", "unfavourable", "leaders", "needing"]
    assert "sharing" not in figures and not any(k.startswith("sharing_") for k in figures)
    assert kpis.to_frame()["indicator"].tolist() == list(figures)
    assert figures["share_covered"] == kpis.share_covered == 1.0
    frame = base_plan.to_frame("en")
    assert list(frame.columns) == ["school", "name", "statuses", "role", "leaders", "partners", "mode", "km",
                                   "reason", "served_group_hours", "unmet_group_hours"]
    assert frame["school"].tolist() == list(demo.ids)
    row = frame.set_index("school").loc["S08"]
    assert (row["leaders"], row["mode"], row["role"]) == ("S10", "in_person", "partner")
    assert frame["served_group_hours"].isna().all()  # no sharing in this plan
    with pytest.raises(dataclasses.FrozenInstanceError):
        base_plan.name = "другой"  # type: ignore[misc]


def test_plan_with_sharing_shows_hours_and_keeps_kpis_in_step(demo: nm.Registry) -> None:
    p = plan(demo)
    assert len(repr(p)) < 300  # it printed 26,000 characters once
    frame = p.to_frame()
    assert frame["served_group_hours"].sum() == pytest.approx(p.sharing.kpis.served)
    assert any(k.startswith("sharing_") for k in p.kpis.as_dict())
    # indicators given as a plain dict (as older callers do) are recomputed from the parts
    bare = dataclasses.replace(p, sharing=None, kpis={"share_covered": 0.0})  # type: ignore[arg-type]
    assert isinstance(bare.kpis, PlanKpis) and bare.kpis.share_covered == 1.0
    assert not any(k.startswith("sharing_") for k in bare.kpis.as_dict())


# --- sweeps ---------------------------------------------------------------------------------------

GRID = {"max_km": [15, 40], "weights.continuity": [0.2, 1.0]}


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "20s", "distributed.comm.timeouts.tcp": "20s"}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                           dashboard_address=None)
        client = distributed.Client(cluster, timeout=20)
        try:
            yield client
        finally:
            client.close(timeout=20)
            cluster.close(timeout=20)


@pytest.fixture(scope="module")
def sequential(demo: nm.Registry) -> Any:
    return sweep(Scenario(demo, sharing=True), GRID, executor="sequential")


def test_sweep_counts_how_often_each_pair_appears(sequential: Any, demo: nm.Registry) -> None:
    assert list(sequential.variants["scenario"]) == ["max_km=15, weights.continuity=0.2",
                                                 "max_km=15, weights.continuity=1.0",
                                                 "max_km=40, weights.continuity=0.2",
                                                 "max_km=40, weights.continuity=1.0"]
    pairs = sequential.robustness
    assert list(pairs.columns) == ["leader", "partner", "count", "share"]
    assert (pairs["share"] == pairs["count"] / 4).all()
    assert pairs["share"].is_monotonic_decreasing
    variants = [keys(plan(demo, constraints={"max_km": km}, weights={"continuity": c}, sharing=False))
                for km in GRID["max_km"] for c in GRID["weights.continuity"]]
    assert pairs["count"].sum() == sum(len(v) for v in variants)
    counts = {(a, b): sum((a, b) in v for v in variants) for v in variants for a, b in v}
    assert dict(zip(zip(pairs["leader"], pairs["partner"], strict=True), pairs["count"], strict=True)) == counts
    assert 0 < pairs["share"].min() < 1  # the grid changes some pairs


@pytest.mark.parametrize("where", ["process_pool", "default_pool", "thread_pool", "dask"])
def test_sweep_on_any_executor_equals_the_sequential_run(sequential: Any, demo: nm.Registry, where: str,
                                                         request: pytest.FixtureRequest) -> None:
    base = Scenario(demo, sharing=True)
    if where == "process_pool":
        with ProcessPoolExecutor(max_workers=2) as pool:
            res = sweep(base, GRID, executor=pool)
    elif where == "thread_pool":
        with ThreadPoolExecutor(max_workers=2) as pool:
            res = sweep(base, GRID, executor=pool)
    elif where == "default_pool":
        res = sweep(base, GRID)
    else:
        res = sweep(base, GRID, executor=request.getfixturevalue("dask_client"))
    pd.testing.assert_frame_equal(res.variants, sequential.variants)
    pd.testing.assert_frame_equal(res.robustness, sequential.robustness)


def test_sweep_takes_scenarios_and_edits(demo: nm.Registry, base_plan: Plan) -> None:
    base = Scenario(demo, sharing=False)
    res = sweep(base, [base, CloseSchool("S10"), [SetLimit("max_km", 25), SetLimit("beyond_limit", "forbid")]],
                executor="sequential")
    assert list(res.variants["scenario"]) == [
        "базовый", "CloseSchool(school='S10')",
        "SetLimit(name='max_km', value=25) + SetLimit(name='beyond_limit', value='forbid')"]
    assert list(res.variants["share_covered"]) == [1.0, 1.0, 0.6]
    top = res.robustness[res.robustness["share"] == 1.0]
    assert set(zip(top["leader"], top["partner"], strict=True)) == {("S05", "S17")}


def test_sweep_result_behaves_like_every_result(sequential: Any) -> None:
    k = sequential.kpis
    assert isinstance(k, SweepKpis) and k.variants == 4 and k.distinct_pairs == len(sequential.robustness)
    assert k.pairs_in_every_variant == int((sequential.robustness["share"] == 1.0).sum())
    assert k.share_covered_min <= k.share_covered_max <= 1.0
    assert k.to_frame()["indicator"].tolist() == list(k.as_dict())
    frame = sequential.to_frame()
    assert len(frame) == 4 and frame.columns[0] == "scenario" and "share_covered" in frame
    text = repr(sequential)
    assert len(text) < 300 and text.startswith("<SweepResult: 4 variants; distinct pairs")


def test_sweep_shows_progress_when_asked(demo: nm.Registry, capsys: pytest.CaptureFixture[str]) -> None:
    sweep(Scenario(demo, sharing=False), {"max_km": [30, 40]}, executor="sequential", progress=True)
    assert "2/2" in capsys.readouterr().err
    sweep(Scenario(demo, sharing=False), {"max_km": [30, 40]}, executor="sequential")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("grid", "message"), [
    ({"max_kms": [30]}, "sweep grid key 'max_kms' is unknown"),
    ({"limits.max_km": [30]}, "sweep grid key 'limits.max_km': use constraints.<field>"),
    ({"constraints.proximity": [0.1]}, "sweep grid key 'constraints.proximity': use constraints.<field>"),
    ({"max_km": 30}, "sweep grid key 'max_km' must map to a list of values. Got 30 instead."),
    ({"max_km": "30"}, "must map to a list of values"),
    ({"max_km": []}, "sweep grid key 'max_km' must map to at least one value"),
    ({}, "the grid is empty"),
    ({"max_km": [30, -5]}, "The 'max_km' parameter of sweep must be greater than 0. Got -5 instead."),
    ({"weights.proximity": [-1]}, "The 'proximity' parameter of sweep must be at least 0. Got -1 instead."),
    ({"rules.top_share": [2]}, "The 'top_share' parameter of sweep must be at most 1. Got 2 instead."),
])
def test_sweep_grid_errors(demo: nm.Registry, grid: dict[str, Any], message: str) -> None:
    with pytest.raises(nm.InvalidInputError, match=message.replace("(", r"\(").replace(".", r"\.")):
        sweep(demo, grid, executor="sequential")


def test_sweep_other_errors(demo: nm.Registry) -> None:
    fixed = Scenario(demo, edits=(SetLimit("max_km", 30),))
    with pytest.raises(nm.InvalidInputError, match="the base scenario's edits set 'max_km'"):
        sweep(fixed, {"max_km": [20, 40]}, executor="sequential")
    with pytest.raises(nm.InvalidInputError, match="The 'executor' parameter of sweep"):
        sweep(demo, {"max_km": [30]}, executor="threads")
    with pytest.raises(nm.InvalidInputError, match="no scenarios to evaluate"):
        sweep(demo, [], executor="sequential")
    with pytest.raises(nm.InvalidInputError, match="item 0 must be a Scenario, an edit or a list of edits"):
        sweep(demo, ["S07"], executor="sequential")


# --- year over year -------------------------------------------------------------------------------


def test_replan_with_unchanged_inputs_keeps_every_pair(base_plan: Plan, demo: nm.Registry) -> None:
    again = replan(base_plan, demo)
    assert keys(again) == keys(base_plan) and again.notes == ()
    assert again.scenario is not None and again.scenario.sharing is False  # carried over
    # the continuity bonus steers the solver but is not reported as part of a pair's score
    assert [p.score for p in again.pairing.pairs] == [p.score for p in base_plan.pairing.pairs]
    assert again.pairing.objective == pytest.approx(base_plan.pairing.objective)
    assert nm.check_pairing(again.graph, again.pairing) == []
    hand = two_leaders()
    assert keys(replan(hand_plan(hand), hand)) == keys(hand_plan(hand))


def test_replan_carries_last_years_limits_and_method(demo: nm.Registry) -> None:
    first = plan(demo, edits=(SetLimit("max_km", 30),), pairing="greedy", sharing=False)
    again = replan(first, demo)
    assert again.graph.graph["constraints"]["max_km"] == 30
    assert again.pairing.method == "greedy" and keys(again) == keys(first)
    other = replan(first, demo, constraints={"max_km": 50}, pairing="optimal", name="2026")
    assert other.graph.graph["constraints"]["max_km"] == 50 and other.pairing.method == "optimal"
    assert other.name == "2026"


def test_replan_releases_pairs_with_the_reason(demo: nm.Registry, base_plan: Plan) -> None:
    next_year = Scenario(demo, edits=(CloseSchool("S12"),)).apply()[0]
    p = replan(base_plan, next_year, edits=(SetStatus("S16", "ordinary"), RemoveLeader("S01")))
    assert set(p.notes) >= {"S05–S12: released, S12 closed or merged",
                            "S10–S16: released, S16 left the ШНОР/ШНСУ list",
                            "S01–S09: released, S01 is no longer a leader"}
    assert ("S05", "S17") in keys(p) and ("S10", "S08") in keys(p)
    closed_leader = replan(base_plan, Scenario(demo, edits=(CloseSchool("S10"),)).apply()[0])
    assert "S10–S08: released, leader S10 closed or merged" in closed_leader.notes
    far = replan(base_plan, demo, constraints={"max_km": 30, "beyond_limit": "forbid"})
    assert "S01–S09: released, the pair is no longer feasible under the limits" in far.notes


def test_replan_switches_only_when_the_gain_outweighs_the_penalty() -> None:
    reg = two_leaders()
    last_year = [("L2", "A"), ("L1", "B")]  # worse than L1–A, L2–B by 0.029 in total score
    small = replan(last_year, reg, switching_penalty=0.01, rules=DECLARED, sharing=False)
    assert keys(small) == [("L1", "A"), ("L2", "B")]
    assert set(small.notes) == {
        "L1–B: switched to L2, a better plan outweighs the switching penalty 0.01",
        "L2–A: switched to L1, a better plan outweighs the switching penalty 0.01"}
    large = replan(last_year, reg, switching_penalty=0.1, rules=DECLARED, sharing=False)
    assert keys(large) == [("L1", "B"), ("L2", "A")] and large.notes == ()
    edges = hand_plan(reg).graph.edges  # the pairs' own scores, without the continuity bonus
    assert all(p.score == edges[p.leader, p.partner]["score"] for p in large.pairing.pairs)


def test_replan_when_capacity_shrinks_releases_with_the_reason() -> None:
    reg = two_leaders()
    p = replan([("L1", "A"), ("L2", "B")], reg, rules=DECLARED, sharing=False, edits=(SetLeaderCapacity("L2", 0),))
    assert keys(p) == [("L1", "A")]
    assert p.notes == ("L2–B: released, B is left without a leader (every feasible leader is full (places): "
                       "L1 (1/1), L2 (0/0); if L1 took one more school the pair would score 0.22)",)


def test_replan_drops_stale_contracts_instead_of_failing(demo: nm.Registry) -> None:
    first = plan(demo, constraints={"required_pairs": [("S01", "S16")]}, sharing=False)
    assert ("S01", "S16") in keys(first)
    after = Scenario(demo, edits=(CloseSchool("S16"),)).apply()[0]
    p = replan(first, after)
    assert "S01–S16: required pair dropped, S16 left the registry" in p.notes
    assert "S01–S16: released, S16 closed or merged" in p.notes
    assert p.graph.graph["constraints"]["required_pairs"] == []


def test_replan_errors(base_plan: Plan, demo: nm.Registry) -> None:
    with pytest.raises(nm.InvalidInputError, match="The 'switching_penalty' parameter of replan must be 0 or more"):
        replan(base_plan, demo, switching_penalty=-0.1)
    with pytest.raises(nm.InvalidInputError, match=r"replan\(\) takes the options"):
        replan(base_plan, demo, penalty=0.1)


def two_years() -> tuple[nm.Registry, nm.Registry]:
    """One leader, schools A and B low-results in 2024; in 2025 A improves and leaves, C enters, B slips."""
    scores = {2024: {"L": 4.5, "A": 2.8, "B": 2.9, "C": 3.6, "D": 3.8},
              2025: {"L": 4.5, "A": 4.0, "B": 2.5, "C": 2.6, "D": 3.8}}

    def results(years: tuple[int, ...]) -> list[dict[str, Any]]:
        return [{"school": s, "year": y, "procedure": "ОГЭ", "grade": 9, "subject": "математика",
                 "participants": 20, "mean_score": v, "share_below_minimum": 0.1}
                for y in years for s, v in scores[y].items()]

    def schools(low: set[str]) -> list[nm.School]:
        coords = {"L": (55.0, 37.0), "A": (55.01, 37.0), "B": (55.0, 37.02), "C": (55.02, 37.0), "D": (55.0, 37.04)}
        return [school(s, *xy, declared_leader=s == "L", declared_low_results=s in low, leader_capacity=3)
                for s, xy in coords.items()]

    return (nm.Registry(schools({"A", "B"}), results((2024,))),
            nm.Registry(schools({"B", "C"}), results((2024, 2025))))


def test_monitor_follows_lists_coverage_and_improvement() -> None:
    y1, y2 = two_years()
    p1 = hand_plan(y1)
    p2 = replan(p1, y2)
    assert keys(p1) == [("L", "A"), ("L", "B")]
    assert keys(p2) == [("L", "B"), ("L", "C")] and p2.notes == ("L–A: released, A left the ШНОР/ШНСУ list",)
    m = monitor({2024: y1, 2025: y2}, {2024: p1, 2025: p2.pairing}, rules=DECLARED)
    assert m.lists.to_dict("records") == [
        {"year": 2025, "status": "low_results", "school": "C", "change": "entered"},
        {"year": 2025, "status": "low_results", "school": "A", "change": "left"}]
    ind = m.indicators.set_index("year")
    assert list(ind.index) == [2024, 2025]
    assert ind.loc[2024, "share_covered"] == 1.0 and ind.loc[2025, "share_covered"] == 1.0
    assert ind.loc[2024, "share_in_network"] == 0.6  # L, A, B of five schools
    assert pd.isna(ind.loc[2024, "share_low_improved"])
    assert ind.loc[2025, "share_low_improved"] == 0.5  # A improved, B slipped
    assert list(ind["low_results"]) == [2, 2]
    dyn = m.dynamics
    assert set(dyn["school"]) == {"A", "B", "C"}
    a = dyn[dyn["school"] == "A"].set_index("year")["z"]
    b = dyn[dyn["school"] == "B"].set_index("year")["z"]
    assert a[2025] > a[2024] and b[2025] < b[2024]


def test_monitoring_behaves_like_every_result() -> None:
    y1, y2 = two_years()
    p1 = hand_plan(y1)
    m = monitor({2024: y1, 2025: y2}, {2024: p1, 2025: replan(p1, y2)}, rules=DECLARED)
    k = m.kpis
    assert isinstance(k, MonitoringKpis)
    assert (k.years, k.last_year, k.share_covered, k.share_low_improved, k.entered, k.left) == (2, 2025, 1.0, 0.5,
                                                                                                  1, 1)
    frame = m.to_frame()
    assert list(frame.columns) == ["year", "indicator", "value"]
    assert len(frame) == 2 * 5 and frame["year"].tolist() == [2024] * 5 + [2025] * 5
    assert frame["indicator"].tolist()[:5] == ["share_covered", "share_in_network", "share_low_improved",
                                               "low_results", "unfavourable"]
    text = repr(m)
    assert len(text) < 300 and text.startswith("<Monitoring: 2 years; last year 2025")
    empty = monitor({}, {})
    assert empty.kpis.years == 0 and empty.kpis.last_year is None and empty.to_frame().empty


def test_monitor_needs_a_pairing_for_every_year() -> None:
    y1, y2 = two_years()
    with pytest.raises(nm.InvalidInputError, match=r"monitor: no pairing for the year\(s\) \[2025\]"):
        monitor({2024: y1, 2025: y2}, {2024: hand_plan(y1)}, rules=DECLARED)


def test_sharing_settings_travel_with_the_scenario() -> None:
    reg = nm.datasets.load_demo()
    near = nm.plan(reg, sharing_constraints={"max_minutes": 30})
    far = nm.plan(reg, sharing_constraints={"max_minutes": 90})
    assert far.sharing.constraints.max_minutes == 90 and near.sharing.constraints.max_minutes == 30
    # ШНОР/ШНСУ demand is served first: a longer trip reaches more, so never less of it is served
    assert far.kpis.as_dict()["sharing_priority_served"] >= near.kpis.as_dict()["sharing_priority_served"]
    assert nm.replan(far, reg).sharing.constraints.max_minutes == 90
