"""Partner organisations in the plan: needs matched (brute force), associations they lead, resources they host."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._base.geo import ROAD_FACTOR, SPEED_KMH, great_circle_km
from netmatch._networks.needs import offers

_HELP = ("предметная подготовка", "профориентация", "психологическая помощь", "методическая помощь")
_SUBJECTS = ("химия", "физика")


def _demo_with_partners(**org: object) -> nm.Registry:
    """The demo with a college beside S09 that leads (and ``org``'s changes), a remote вуз, and a few needs."""
    reg = nm.datasets.load_demo()
    s = reg.school("S09")
    college = {"id": "X1", "name": "Колледж", "kind": "СПО", "latitude": s.latitude + 0.02,
               "longitude": s.longitude, "leads": True, "capacity": 2, "subjects": "математика", **org}
    return reg.replace(
        organisations=[college, {"id": "X2", "name": "Вуз", "kind": "вуз", "remote": True, "capacity": 1,
                                 "subjects": "химия"}],
        needs=[{"school": "S09", "help": "профориентация", "priority": 1},
               {"school": "S12", "help": "предметная подготовка", "subject": "химия"},
               {"school": "S16", "help": "предметная подготовка", "subject": "химия", "priority": 3},
               {"school": "S17", "help": "психологическая помощь"},
               {"school": "S02", "help": "ресурсы", "resource": "IT-куб"}],
        resources=[*reg.resources, {"id": "RX", "host": "X1", "kind": "компьютерный класс", "seats": 24,
                                    "hours_per_week": 20}])


# --- needs: brute force -----------------------------------------------------------------------


@st.composite
def partner_registries(draw: st.DrawFn) -> nm.Registry:
    n_s, n_o, n_n = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 5))
    coord = st.floats(52.0, 52.6)
    schools = [{"id": f"S{i}", "name": f"Школа {i}", "latitude": draw(coord), "longitude": draw(coord)}
               for i in range(n_s)]
    orgs = []
    for k in range(n_o):
        located = draw(st.booleans())
        orgs.append({"id": f"O{k}", "name": f"Организация {k}", "kind": draw(st.sampled_from(["вуз", "СПО", "ДДТ"])),
                     "latitude": draw(coord) if located else None, "longitude": draw(coord) if located else None,
                     "help": "; ".join(draw(st.lists(st.sampled_from(_HELP), max_size=3, unique=True))),
                     "subjects": "; ".join(draw(st.lists(st.sampled_from(_SUBJECTS), max_size=2, unique=True))),
                     "capacity": draw(st.one_of(st.none(), st.integers(0, 2))), "remote": draw(st.booleans())})
    needs = [{"school": f"S{draw(st.integers(0, n_s - 1))}", "help": draw(st.sampled_from(_HELP)),
              "subject": draw(st.one_of(st.none(), st.sampled_from(_SUBJECTS))),
              "priority": draw(st.one_of(st.none(), st.integers(1, 3)))} for _ in range(n_n)]
    return nm.Registry(schools=schools, organisations=orgs, needs=needs)


def _options(reg: nm.Registry, max_km: float) -> list[list[tuple[int, float, bool]]]:
    """Per need: (organisation, minutes, remote) it could be matched to, by the documented rules."""
    out = []
    for need in reg.needs:
        s = reg.school(need.school)
        mine = []
        for k, o in enumerate(reg.organisations):
            if not offers(o, need):
                continue
            km = math.nan if o.latitude is None else float(
                great_circle_km(s.latitude, s.longitude, o.latitude, o.longitude)) * ROAD_FACTOR
            in_person = km <= max_km
            if in_person or o.remote:
                mine.append((k, km / SPEED_KMH * 60 if in_person or not math.isnan(km) else math.nan, not in_person))
        out.append(mine)
    return out


def _value(reg: nm.Registry, choice: tuple) -> tuple[int, int, float] | None:
    """The documented objective of a choice (None when it breaks a capacity)."""
    load: dict[int, int] = {}
    urgent = matched = 0
    weight = 0.0
    for need, c in zip(reg.needs, choice, strict=True):
        if c is None:
            continue
        k, minutes, remote = c
        load[k] = load.get(k, 0) + 1
        cap = reg.organisations[k].capacity
        if cap is not None and load[k] > cap:
            return None
        matched += 1
        urgent += need.rank == 1
        weight += (3 - need.rank) * 4 + 2 * (not remote) - min(600.0 if math.isnan(minutes) else minutes, 9999) / 1e4
    return urgent, matched, weight


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partner_registries(), st.sampled_from([10.0, 40.0]))
def test_needs_matching_agrees_with_brute_force(reg: nm.Registry, max_km: float) -> None:
    res = nm.match_needs(reg, constraints={"max_km": max_km})
    assert nm.check_needs(res, reg) == []
    best = max(v for combo in itertools.product(*[[None, *o] for o in _options(reg, max_km)])
               if (v := _value(reg, combo)) is not None)
    hit = [m.organisation is not None for m in res.matches]
    urgent = sum(h and n.rank == 1 for h, n in zip(hit, reg.needs, strict=True))
    assert (urgent, sum(hit)) == best[:2]
    weight = sum((3 - n.rank) * 4 + 2 * (m.mode == "in_person") - min(600.0 if m.minutes is None else m.minutes,
                                                                       9999) / 1e4
                 for m, n in zip(res.matches, reg.needs, strict=True) if m.organisation is not None)
    assert weight == pytest.approx(best[2], abs=1e-6)
    for m, need in zip(res.matches, reg.needs, strict=True):
        assert m.reason_ru and m.reason_en
        if m.organisation is not None:
            assert offers(reg.organisation(m.organisation), need)


def test_every_need_has_an_answer_or_the_reason() -> None:
    reg = _demo_with_partners()
    res = nm.match_needs(reg)
    assert [m.code for m in res.matches] == ["matched", "matched", "organisations_full", "no_organisation",
                                             "resource_sharing"]
    assert res.matches[1].organisation == "X2" and res.matches[1].mode == "remote"
    assert "X2" in res.matches[2].reason_ru  # full: named
    assert res.kpis.matched == 2 and res.kpis.resource_needs == 1 and res.kpis.urgent_matched == 1
    # a larger capacity takes the third need too: the reason was true
    more = reg.replace(organisations=[reg.organisations[0], reg.organisations[1].model_copy(update={"capacity": 2})])
    assert nm.match_needs(more).matches[2].organisation == "X2"


def test_checker_finds_a_broken_match() -> None:
    import dataclasses

    reg = _demo_with_partners()
    res = nm.match_needs(reg)
    m = list(res.matches)
    m[3] = dataclasses.replace(m[3], organisation="X2")
    problems = nm.check_needs(dataclasses.replace(res, matches=tuple(m)), reg)
    assert any("does not give psychological" in p for p in problems)
    assert any("capacity is 1" in p for p in problems)


# --- associations led by organisations --------------------------------------------------------


def test_an_organisation_leads_an_association_and_is_not_counted_as_a_school() -> None:
    reg = _demo_with_partners()
    net = nm.form_networks(reg)
    G = nm.build_graph(reg, members=True)
    assert nm.check_networks(net, G) == []
    led = [a for a in net.associations if a.organisation]
    assert [a.leader for a in led] == ["X1"] and "S09" in led[0].members
    assert net.kpis.led_by_organisations == 1
    # schools in the network: members and leader schools, never the organisation
    inside = {s for a in net.associations for s in a.members} | {a.leader for a in net.associations
                                                                  if not a.organisation}
    assert net.kpis.in_network == len(inside) and "X1" not in {m.school for m in net.schools}
    assert [m.school for m in net.organisations] == ["X1"] and net.organisations[0].role == "leader"
    member = net.membership("S09")
    assert member.leader == "X1" and "организации-лидера X1" in member.reason_ru
    # its ШНОР/ШНСУ places are its capacity
    assert led[0].priority <= 2


def test_an_organisation_out_of_reach_leads_nothing_and_remote_needs_its_consent() -> None:
    far = _demo_with_partners(latitude=60.0, longitude=100.0)
    net = nm.form_networks(far)
    assert not any(a.organisation for a in net.associations)
    assert net.organisations[0].code in ("no_schools", "not_needed")
    remote = _demo_with_partners(latitude=60.0, longitude=100.0, remote=True)
    G = nm.build_graph(remote, members=True)
    from netmatch._networks.organisations import organisation_arcs

    cand = G.graph["candidates"]
    arcs = organisation_arcs(G, cand.ids, np.flatnonzero(~cand.is_leader), 7)
    assert len(arcs.school) and arcs.remote.all()  # only remotely, and only because it works remotely
    assert nm.check_networks(nm.form_networks(remote), G) == []


def test_checker_refuses_an_organisation_taken_for_a_school() -> None:
    import dataclasses

    reg = _demo_with_partners()
    net = nm.form_networks(reg)
    wrong = dataclasses.replace(net, associations=tuple(dataclasses.replace(a, organisation=False)
                                                        for a in net.associations))
    assert any("says organisation=False" in p for p in nm.check_networks(wrong, nm.build_graph(reg, members=True)))


# --- resources at organisations ---------------------------------------------------------------


def test_a_resource_at_an_organisation_is_shared_without_a_shift_cut() -> None:
    reg = _demo_with_partners()
    sh = nm.share_resources(reg, [{"school": "S09", "profile": "информатика", "groups": 2, "hours": 2}])
    assert nm.check_sharing(reg, sh) == [] and sh.demand_source == "table"
    use = next(u for u in sh.utilisation if u.resource == "RX")
    assert use.host == "X1" and use.shifts is None and use.shift_factor == 1.0 and use.capacity == 40.0
    assert any(f.host == "X1" for f in sh.flows)
    # an unknown host is still an error
    with pytest.raises(nm.InvalidInputError, match="school or an organisation"):
        reg.replace(resources=[*reg.resources, {"id": "RY", "host": "NOPE", "kind": "IT-куб"}])


# --- the plan and its outputs -----------------------------------------------------------------


def test_the_plan_counts_help_of_an_organisation_as_taking_part(tmp_path) -> None:
    from openpyxl import load_workbook

    from netmatch.report.files import write_plan
    from netmatch.report.map import map_data
    from netmatch.report.record import plan_record

    reg = _demo_with_partners()
    p = nm.plan(reg, networks=True)
    assert p.needs is not None and p.kpis.needs_answered == 2
    rec = plan_record(p)
    forms = {s["id"]: s["forms"] for s in rec["schools"]}
    assert "organisation" in forms["S09"] and "organisation" in forms["S12"]
    assert all(k in reg.ids for k in forms)
    out = write_plan(rec, tmp_path)
    wb = load_workbook(out["xlsx"])
    assert wb.sheetnames.index("Организации-партнёры") < wb.sheetnames.index("Потребности школ") \
        < wb.sheetnames.index("Школы")
    rows = list(wb["Организации-партнёры"].iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == ["X1", "X2"] and "S09" in rows[0][7] and "S12" in rows[1][7]
    needs = list(wb["Потребности школ"].iter_rows(min_row=3, values_only=True))
    assert len(needs) == 5 and needs[0][5] == "X1"
    data = map_data(rec, "ru")
    assert data is not None and data["orgs"]["id"] == ["X1"]  # X2 has no coordinates
    # no organisations, no new sheets: the demo's outputs as they were
    plain = plan_record(nm.plan(nm.datasets.load_demo().replace(organisations=(), needs=())))
    assert "organisations" not in plain and "needs" not in plain


# --- scenario edits ----------------------------------------------------------------------------


def test_scenario_edits_bring_in_and_take_out_an_organisation() -> None:
    reg = nm.datasets.load_demo().replace(organisations=(), needs=())
    s = reg.school("S09")
    college = {"id": "X1", "name": "Колледж", "kind": "СПО", "latitude": s.latitude + 0.02, "longitude": s.longitude,
               "leads": True, "capacity": 2}
    base = nm.Scenario(reg, networks=True)
    added = nm.plan(base.with_edits(nm.AddOrganisation(college), nm.JoinAssociation("S09", "X1")))
    assert added.networks.membership("S09").leader == "X1"
    assert ("X1", "S09") in added.networks.pinned
    assert nm.check_networks(added.networks, added.graph) == []
    gone = nm.plan(base.with_edits(nm.AddOrganisation(college), nm.RemoveOrganisation("X1")))
    assert not gone.registry.organisations and not any(a.organisation for a in gone.networks.associations)
    with pytest.raises(nm.InvalidInputError, match="no organisation 'NOPE'"):
        nm.plan(base.with_edits(nm.RemoveOrganisation("NOPE")))


def test_a_join_the_travel_rules_forbid_is_an_error_naming_why() -> None:
    reg = nm.datasets.load_demo()
    far = {"id": "X9", "name": "Далёкий вуз", "kind": "вуз", "latitude": 60.0, "longitude": 100.0, "leads": True}
    scenario = nm.Scenario(reg.replace(organisations=(*reg.organisations, far)), networks=True,
                           constraints={"beyond_limit": "forbid"})
    with pytest.raises(nm.InvalidInputError, match="cannot take 'S09' by the travel rules"):
        nm.plan(scenario.with_edits(nm.JoinAssociation("S09", "X9")))
    with pytest.raises(nm.InvalidInputError, match="leader school"):
        nm.plan(scenario.with_edits(nm.JoinAssociation("S01", "S03")))


def test_closing_or_merging_a_school_takes_its_needs_along() -> None:
    reg = _demo_with_partners()
    closed = nm.plan(nm.Scenario(reg).with_edits(nm.CloseSchool("S12")))
    assert all(x.school != "S12" for x in closed.registry.needs)
    merged = nm.plan(nm.Scenario(reg).with_edits(nm.MergeSchools("S12", into="S13")))
    assert sum(x.school == "S13" for x in merged.registry.needs) == 1


# --- where the demand for resources comes from ------------------------------------------------


def test_the_demand_comes_from_the_needs_else_the_default_scoped_to_the_network() -> None:
    from netmatch.report.record import plan_record
    from netmatch.report.tables import tables

    reg = _demo_with_partners()
    sh = nm.share_resources(reg)
    assert sh.demand_source == "needs"
    assert [(d.school, d.profile, d.groups, d.priority) for d in sh.demand] == [("S02", "it_cube", 1, False)]
    plain = reg.replace(needs=())
    ident = nm.identify(plain)
    default = nm.share_resources(plain)
    assert default.demand_source == "default"
    # only the ШНОР/ШНСУ ask without associations; with them, their associations' schools too
    needing = {s for s, x in zip(ident.ids, ident.needs_partner, strict=True) if x}
    assert {d.school for d in default.demand} <= needing
    members = ["S02", "S13"]
    wider = nm.default_demand(plain, network=members)
    assert {d.school for d in wider} - needing <= set(members)
    everyone = nm.default_demand(plain, {"demand_scope": "all"})
    assert len(everyone) > len(wider) >= len(default.demand)
    # pupils in the grades that study the subject: chemistry (8–11) asks for fewer groups than biology (5–11)
    by = {(d.school, d.profile): d.groups for d in everyone}
    both = [s for s, p in by if p == "химия" and (s, "биология") in by]
    assert all(by[(s, "химия")] <= by[(s, "биология")] for s in both)
    note = tables(plan_record(nm.plan(plain)), "ru")["resources"].note
    assert note.startswith("Потребность в ресурсах рассчитана по умолчанию: ШНОР/ШНСУ и школы их сетевых")
    note = tables(plan_record(nm.plan(reg)), "en")["resources"].note
    assert note.startswith("Demand for resources: from the schools' needs table (1 demands)")


def test_differences_tell_which_organisation_answers_a_school_now() -> None:
    reg = _demo_with_partners()
    base = nm.plan(reg)
    without = nm.plan(base.scenario.with_edits(nm.RemoveOrganisation("X2")))
    moved = nm.differences(base, without, "en")
    row = moved[(moved["school"] == "S12") & (moved["change"] == "changed_organisation")]
    assert row[["before", "after"]].values.tolist() == [["X2", "—"]]
    assert "no organisation gives this help in химия" in row["why"].iloc[0]
    assert nm.compare([base, without]).shape[1] == 2


def test_what_it_would_take_names_an_organisation_that_could_lead() -> None:
    reg = nm.datasets.load_demo().replace(organisations=(), needs=())
    tight = {"max_km": 10, "beyond_limit": "forbid"}
    alone = [m for m in nm.form_networks(reg, constraints=tight).schools if m.needs and not m.role]
    assert alone and all(m.fix_code == "raise_limit" for m in alone)
    s = reg.school(alone[0].school)
    near = {"id": "X5", "name": "Дом культуры", "kind": "культура", "latitude": s.latitude + 0.01,
            "longitude": s.longitude, "capacity": 3}
    with_org = reg.replace(organisations=[near])
    m = nm.form_networks(with_org, constraints=tight).membership(s.id)
    assert m.fix_code == "organisation_leads" and "X5" in m.fix_ru and "X5" in m.fix_en
    # the lever as said: the organisation leads, and the school is in (with an association of two allowed)
    leading = with_org.replace(organisations=[{**near, "leads": True}])
    after = nm.form_networks(leading, constraints=tight, min_size=2).membership(s.id)
    assert after.role == "member" and after.leader == "X5"


def test_merging_a_school_adds_its_teachers_by_subject() -> None:
    reg = nm.datasets.load_demo()
    merged = nm.plan(nm.Scenario(reg, networks=False).with_edits(nm.MergeSchools("S12", into="S13"))).registry
    for subject in {t.subject for t in reg.teachers if t.school in ("S12", "S13")}:
        before = (reg.teachers_of("S12", subject) or 0) + (reg.teachers_of("S13", subject) or 0)
        assert merged.teachers_of("S13", subject) == before
    assert all(t.school != "S12" for t in merged.teachers)
    closed = nm.plan(nm.Scenario(reg, networks=False).with_edits(nm.CloseSchool("S12"))).registry
    assert all(t.school != "S12" for t in closed.teachers) and len(closed.teachers) < len(reg.teachers)


def test_what_it_would_take_names_a_new_centre_for_a_school_outside_every_form() -> None:
    from netmatch import report
    from netmatch.cli.settings import SitingOptions
    from netmatch.cli.siting import siting_record
    from netmatch.report.tables import tables

    reg = nm.datasets.load_demo().replace(organisations=(), needs=())
    p = nm.plan(reg, constraints={"max_km": 10, "beyond_limit": "forbid"}, sharing=False)
    rec = report.plan_record(p, siting=siting_record(p.registry, SitingOptions(k=3), p.identification))
    new = {c["school"] for c in rec["siting"]["centres"] if c["status"] == "new"}
    outside = {s["id"]: s["centre"] for s in rec["schools"] if not s["forms"] and s["centre"] in new}
    rows = {r[0]: r[-1] for r in tables(rec, "ru")["unpaired"].rows}
    assert outside and set(outside) <= set(rows)
    for school, centre in outside.items():
        assert f"новый центр в {centre}" in rows[school] and "через общие ресурсы" in rows[school]
        assert rows[school].startswith("поднять предел")  # the associations' lever first, then the centre's
    en = {r[0]: r[-1] for r in tables(rec, "en")["unpaired"].rows}
    assert all(f"or a new centre at {c}" in en[s] for s, c in outside.items())
