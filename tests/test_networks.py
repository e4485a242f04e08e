"""form_networks: the programme's targets on the demo, every school with a reason, the checker, the options."""

from __future__ import annotations

import dataclasses

import pytest

import netmatch as nm
from netmatch._solvers.bmatching import compiled_solver


@pytest.fixture(scope="module")
def demo() -> nm.Registry:
    return nm.datasets.load_demo()


@pytest.fixture(scope="module")
def graph(demo: nm.Registry):
    return nm.build_graph(demo, members=True)


def test_demo_meets_both_targets_with_the_defaults(demo: nm.Registry, graph) -> None:
    net = nm.form_networks(demo)
    assert net.status == "optimal" and net.method == "milp"
    assert net.kpis.coverage_target_met and net.kpis.network_target_met
    assert net.kpis.in_network >= 9 and net.kpis.covered == net.kpis.needing == 5
    assert nm.check_networks(net, graph) == []
    assert all(3 <= a.size <= 7 for a in net.associations)
    # the pairs alone put 8 of 18 schools in the network; the associations take in ordinary schools
    pairs = nm.optimal_pairing(nm.build_graph(demo))
    assert pairs.kpis.in_network < net.kpis.in_network


def test_every_school_appears_once_with_a_reason(demo: nm.Registry) -> None:
    net = nm.form_networks(demo)
    assert [m.school for m in net.schools] == list(demo.ids)
    for m in net.schools:
        assert m.reason_ru and m.reason_en, m
        assert (m.role == "member") == (m.leader is not None)
    in_net = {a.leader for a in net.associations} | {s for a in net.associations for s in a.members}
    assert in_net == {m.school for m in net.schools if m.role}
    frame = net.to_frame("en")
    assert len(frame) == len(demo) and frame["reason"].str.len().gt(0).all()


def test_same_input_same_output(demo: nm.Registry) -> None:
    assert nm.form_networks(demo) == nm.form_networks(demo)


def test_extend_all_takes_in_more_schools_and_a_higher_target_is_followed(demo: nm.Registry, graph) -> None:
    base = nm.form_networks(graph)
    every = nm.form_networks(graph, extend="all")
    assert every.kpis.in_network >= base.kpis.in_network
    high = nm.form_networks(graph, targets={"network_share": 0.7})
    assert high.kpis.network_target == 0.7
    assert high.kpis.in_network >= min(every.kpis.in_network, 13)
    for net in (every, high):
        assert nm.check_networks(net, graph) == []


def test_sizes_and_cohesion_options(graph) -> None:
    small = nm.form_networks(graph, min_size=2, max_size=3)
    assert all(2 <= a.size <= 3 for a in small.associations)
    worst = nm.form_networks(graph, cohesion="worst")
    total = nm.form_networks(graph, cohesion="total")
    assert max(a.worst_minutes for a in worst.associations) <= max(a.worst_minutes for a in total.associations)
    assert nm.check_networks(small, graph) == [] and nm.check_networks(worst, graph) == []


def test_pairs_are_kept_when_asked(demo: nm.Registry, graph) -> None:
    pairing = nm.optimal_pairing(nm.build_graph(demo))
    net = nm.form_networks(graph, pairing=pairing)
    for p in pairing.pairs:
        assert net.membership(p.partner).leader == p.leader


def test_graph_without_members_says_why_ordinary_schools_are_out(demo: nm.Registry) -> None:
    net = nm.form_networks(nm.build_graph(demo))
    codes = {m.code for m in net.schools if not m.role and not m.needs and m.school not in
             {a.leader for a in net.associations}}
    assert "graph_without_members" in codes
    assert net.kpis.covered == net.kpis.needing


def test_checker_finds_broken_results(demo: nm.Registry, graph) -> None:
    net = nm.form_networks(graph)
    first = net.associations[0]
    big = dataclasses.replace(first, members=(*first.members, *net.associations[1].members))
    broken = dataclasses.replace(net, associations=(big, *net.associations[1:]))
    problems = nm.check_networks(broken, graph)
    assert any("two associations" in p for p in problems)
    cut = dataclasses.replace(first, members=first.members[:1])
    problems = nm.check_networks(dataclasses.replace(net, associations=(cut, *net.associations[1:])), graph)
    assert f"hub {first.leader!r} leads 2 schools, outside 3–7" in problems
    missing = dataclasses.replace(net, schools=net.schools[1:])
    assert nm.check_networks(missing, graph) == [f"school {net.schools[0].school!r} of the graph is missing"]


def test_bad_parameters_are_refused(demo: nm.Registry) -> None:
    with pytest.raises(nm.InvalidInputError, match="min_size"):
        nm.form_networks(demo, min_size=5, max_size=4)
    with pytest.raises(nm.InvalidInputError, match="constraints apply when the source is a registry"):
        nm.form_networks(nm.build_graph(demo), constraints={"max_km": 10})
    with pytest.raises(nm.InvalidInputError, match="extend"):
        nm.form_networks(demo, extend="some")


@pytest.mark.skipif(not compiled_solver(), reason="the flow needs the compiled solver")
def test_a_district_of_600_schools_by_the_flow_is_valid_and_bounded() -> None:
    reg = nm.datasets.make_region(600, seed=4)
    G = nm.build_graph(reg, members=True)
    net = nm.form_networks(G, method="flow")
    assert net.status == "heuristic"
    assert nm.check_networks(net, G) == []
    assert net.kpis.covered <= net.covered_bound and net.kpis.in_network >= 0
    assert net.kpis.network_target_met
    # every ШНОР/ШНСУ outside has a reason naming what stood in its way
    assert all(m.code in ("no_coordinates", "out_of_reach", "leaders_full") for m in net.schools
               if m.needs and not m.role)


def test_plan_forms_associations_that_keep_its_pairs_and_counts_every_form(demo: nm.Registry) -> None:
    p = nm.plan(demo)
    assert p.networks is not None and p.kpis.associations == len(p.networks.associations)
    for pair in p.pairs:  # the pairs live inside the associations
        assert p.networks.membership(pair.partner).leader == pair.leader
    from netmatch._scenario import network_forms

    forms = network_forms(p.pairing, p.sharing, p.networks, p.groups, p.needs)
    assert p.kpis.in_network == len(set(forms) & set(demo.ids)) and p.kpis.network_target_met
    assert nm.plan(demo, networks=False).networks is None


def test_plan_takes_network_settings_and_differences_tell_the_moves(demo: nm.Registry) -> None:
    base = nm.plan(demo, sharing=False)
    wide = nm.plan(base.scenario, network_settings={"targets": {"network_share": 0.8}})
    assert wide.networks.kpis.network_target == 0.8 and wide.kpis.in_network > base.kpis.in_network
    moved = nm.differences(base, wide, "en")
    moved = moved[moved["change"] == "changed_association"]
    assert len(moved) and (moved["before"] == "—").any()
    with pytest.raises(nm.InvalidInputError, match="network_settings"):
        nm.plan(demo, network_settings={"size": 3})


def test_cli_plans_pairs_alone_when_asked(tmp_path) -> None:
    from netmatch.cli import main

    assert main(["demo", "--out", str(tmp_path / "a"), "-q", "--forms", "pairs"]) == 0
    assert not (tmp_path / "a" / "networks.csv").exists()
    assert main(["demo", "--out", str(tmp_path / "b"), "-q", "--max-size", "4"]) == 0
    import csv

    with (tmp_path / "b" / "networks.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    leaders = [r[0] for r in rows[1:]]
    assert leaders and max(leaders.count(x) for x in set(leaders)) <= 4
    assert main(["demo", "--out", str(tmp_path / "c"), "-q", "--forms", "groups"]) == 2


def test_co_leaders_are_idle_leaders_within_reach_and_the_checker_knows_them(graph) -> None:
    net = nm.form_networks(graph, co_lead=True)
    co = [a for a in net.associations if a.co_leader]
    assert co and nm.check_networks(net, graph) == []
    leading = {a.leader for a in net.associations}
    for a in co:
        m = net.membership(a.co_leader)
        assert m.role == "co_leader" and m.leader == a.leader and a.co_leader not in leading
    assert net.kpis.in_network == nm.form_networks(graph).kpis.in_network + len(co)
    wrong = dataclasses.replace(co[0], co_leader=co[0].members[0])
    bad = dataclasses.replace(net, associations=tuple(wrong if a is co[0] else a for a in net.associations))
    assert any("is not a leader school free to co-lead" in p for p in nm.check_networks(bad, graph))
    # the plan passes the option on
    p = nm.plan(nm.datasets.load_demo(), network_settings={"co_lead": True})
    assert any(a.co_leader for a in p.networks.associations)


def _edited(demo: nm.Registry, caps: dict[str, int]) -> nm.Registry:
    """The demo with these leaders' capacities, and no organisation (the demo's вуз would take everyone in)."""
    return demo.model_copy(update={"schools": tuple(s.model_copy(update={"leader_capacity": caps[s.id]})
                                                    if s.id in caps else s for s in demo.schools),
                                   "organisations": ()})


def test_one_more_place_at_the_named_leader_brings_the_school_in(demo: nm.Registry) -> None:
    leaders = {"S01": 1, "S03": 1, "S05": 1, "S10": 1}
    net = nm.form_networks(_edited(demo, leaders))
    out = [m for m in net.schools if m.needs and not m.role]
    assert out and all(m.fix_code for m in out)
    m = next(m for m in out if m.fix_code == "one_more_place")
    leader = m.fix_en.split("leader ")[1].split(" ")[0]
    again = nm.form_networks(_edited(demo, {**leaders, leader: leaders[leader] + 1}))
    # the place is enough for one more ШНОР/ШНСУ (the solver may give it to one tied with this school)
    assert again.kpis.covered == net.kpis.covered + 1


def test_raising_the_limit_as_said_brings_the_school_in(demo: nm.Registry) -> None:
    tight = {"max_km": 10, "beyond_limit": "forbid"}
    net = nm.form_networks(demo, constraints=tight)
    for m in (m for m in net.schools if m.fix_code == "raise_limit"):
        km = int(m.fix_en.split("limit to ")[1].split(" km")[0])
        two = "association of two" in m.fix_en
        wider = nm.form_networks(demo, constraints={**tight, "max_km": km}, min_size=2 if two else 3)
        assert wider.membership(m.school).role == "member", m
    assert "fix" in net.to_frame("en").columns


def test_the_unpaired_table_says_what_it_would_take(demo: nm.Registry) -> None:
    from netmatch.report.record import plan_record
    from netmatch.report.tables import tables

    record = plan_record(nm.plan(demo, constraints={"max_km": 10, "beyond_limit": "forbid"}))
    table = tables(record, "ru")["unpaired"]
    keys = [c.key for c in table.columns]
    assert keys[-2:] == ["network", "fix"] and table.rows
    assert all(r[-1].startswith("поднять предел расстояния до ") for r in table.rows if not r[-2])
