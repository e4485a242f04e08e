"""form_groups: subject groups checked rule by rule, against brute force per subject, and at district scale."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

import netmatch as nm


@pytest.fixture(scope="module")
def demo() -> nm.Registry:
    return nm.datasets.load_demo()


def test_demo_groups_keep_every_rule_and_place_every_weak_school(demo: nm.Registry) -> None:
    ident = nm.identify(demo)
    groups = nm.form_groups(demo, identification=ident)
    assert nm.check_groups(groups, demo, identification=ident) == []
    assert groups.kpis.placed == groups.kpis.weak > 0 and groups.status == "optimal"
    keys = {k: i for i, k in enumerate(ident.profile.keys)}
    for g in groups.groups:
        k = keys[(g.procedure, g.subject)]
        assert ident.profile.z[demo.index[g.host], k] >= 0.5
        assert all(ident.profile.z[demo.index[s], k] <= -0.5 for s in g.members)
    assert len(groups.to_frame()) == sum(g.size for g in groups.groups)


def test_a_tight_limit_leaves_schools_out_with_reasons(demo: nm.Registry) -> None:
    groups = nm.form_groups(demo, constraints={"max_km": 10, "beyond_limit": "forbid"})
    assert groups.unplaced and groups.kpis.placed < groups.kpis.weak
    assert {u.code for u in groups.unplaced} <= {"no_host", "hosts_full", "too_small", "no_coordinates"}
    assert all(u.reason_ru and u.reason_en for u in groups.unplaced)
    assert nm.check_groups(groups, demo, constraints={"max_km": 10, "beyond_limit": "forbid"}) == []


def test_checker_finds_a_member_beyond_the_travel_rules(demo: nm.Registry) -> None:
    groups = nm.form_groups(demo)
    remote = next(g for g in groups.groups if g.remote)
    problems = nm.check_groups(groups, demo, constraints={"beyond_limit": "forbid"})
    assert any(f"from {remote.host!r}, beyond the travel rules" in p for p in problems)


def _brute(members: list[int], hosts: list[int], arcs: dict[tuple[int, int], float], prio: set[int],
           lo: int, hi: int) -> tuple[int, int, float]:
    best = (0, 0, 0.0)
    for combo in itertools.product(*[[-1, *[h for h in hosts if (m, h) in arcs]] for m in members]):
        size = {h: 1 + combo.count(h) for h in hosts if h in combo}
        if any(not lo <= s <= hi for s in size.values()):
            continue
        placed = [(m, h) for m, h in zip(members, combo, strict=True) if h >= 0]
        # the solver's levels: ШНОР/ШНСУ placed, weak schools placed, least whole minutes
        key = (sum(m in prio for m, _ in placed), len(placed), -sum(round(arcs[p]) for p in placed))
        best = max(best, key)
    return best


def test_one_subject_matches_brute_force_on_a_small_region() -> None:
    reg = nm.datasets.make_region(20, seed=0)
    ident = nm.identify(reg)
    near = {"beyond_limit": "forbid"}
    groups = nm.form_groups(reg, identification=ident, constraints=near, min_size=2, max_size=3)
    assert nm.check_groups(groups, reg, identification=ident, constraints=near) == []
    tested = 0
    z = ident.profile.z
    trip_cons = nm.Constraints()
    from netmatch._base.geo import TravelModel

    trip = TravelModel(trip_cons.road_factor, trip_cons.speed_kmh)
    lat = np.array([s.latitude for s in reg.schools], dtype=float)
    lon = np.array([s.longitude for s in reg.schools], dtype=float)
    for k, key in enumerate(ident.profile.keys):
        with np.errstate(invalid="ignore"):
            weak, strong = np.flatnonzero(z[:, k] <= -0.5), np.flatnonzero(z[:, k] >= 0.5)
        if not 0 < len(weak) <= 5 or len(strong) > 6:
            continue
        km, minutes = trip.trips(lat, lon, np.repeat(strong, len(weak)), np.tile(weak, len(strong)))
        arcs = {(int(m), int(h)): float(t) for h, m, d, t in zip(np.repeat(strong, len(weak)),
                                                                np.tile(weak, len(strong)), km, minutes, strict=True)
                if d <= 40}
        if not arcs:
            continue
        prio = set(np.flatnonzero(ident.needs_partner).tolist())
        mine = [g for g in groups.groups if (g.procedure, g.subject) == key]
        placed = [(reg.index[s], reg.index[g.host]) for g in mine for s in g.members]
        got = (sum(m in prio for m, _ in placed), len(placed), -sum(round(arcs[p]) for p in placed))
        assert got == _brute(weak.tolist(), strong.tolist(), arcs, prio, 2, 3), key
        tested += 1
    assert tested >= 2


def test_plan_with_groups_counts_them_and_the_cli_writes_their_sheet(demo: nm.Registry, tmp_path) -> None:
    p = nm.plan(demo, groups=True, group_settings={"max_size": 4})
    assert p.groups is not None and p.kpis.subject_groups == len(p.groups.groups)
    from netmatch._scenario import network_forms

    forms = network_forms(p.pairing, p.sharing, p.networks, p.groups)
    assert all("group" in forms[s] for g in p.groups.groups for s in (g.host, *g.members))
    assert nm.plan(demo).groups is None
    with pytest.raises(nm.InvalidInputError, match="group_settings"):
        nm.plan(demo, groups=True, group_settings={"size": 3})

    from openpyxl import load_workbook

    from netmatch.cli import main

    assert main(["demo", "--out", str(tmp_path / "g"), "-q", "--forms", "pairs,networks,groups"]) == 0
    sheets = load_workbook(tmp_path / "g" / "plan.xlsx").sheetnames
    # after the needs, before the people of the programme and «Школы»
    assert sheets.index("Потребности школ") + 1 == sheets.index("Предметные группы") == sheets.index("Кураторы") - 1
    assert (tmp_path / "g" / "groups.csv").exists()


def _staffed(demo: nm.Registry, count: int, zero: tuple[str, str] | None = None) -> nm.Registry:
    """The demo with ``count`` teachers of every subject a school has results in (``zero``: none there)."""
    pairs = sorted({(s, subj) for s, subj in zip(demo.results.school, demo.results.subject, strict=True)})
    return demo.replace(teachers=[{"school": s, "subject": subj, "teachers": 0 if (s, subj) == zero else count}
                                  for s, subj in pairs])


def test_with_a_teachers_table_groups_hold_at_most_max_teachers(demo: nm.Registry) -> None:
    free = nm.form_groups(demo)
    staffed = _staffed(demo, 2)
    groups = nm.form_groups(staffed, max_teachers=6)
    assert nm.check_groups(groups, staffed) == [] and groups.max_teachers == 6 and groups.notes == ()
    assert groups.groups and all(g.teachers == 2 * g.size <= 6 for g in groups.groups)
    assert max(g.size for g in free.groups) > 3  # the limit binds: without it groups grow larger
    # the checker recomputes the teachers from the table
    wide = nm.form_groups(staffed, max_teachers=25)
    assert any(p.startswith("group") and "max_teachers 6" in p
               for p in nm.check_groups(dataclasses.replace(wide, max_teachers=6), staffed))


def test_a_school_without_a_teacher_of_the_subject_neither_joins_nor_hosts(demo: nm.Registry) -> None:
    free = nm.form_groups(demo)
    member = next(g for g in free.groups if g.members)
    school, subject = member.members[0], member.subject
    staffed = _staffed(demo, 1, zero=(school, subject))
    groups = nm.form_groups(staffed)
    assert all(school not in (g.host, *g.members) for g in groups.groups if g.subject == subject)
    left = [u for u in groups.unplaced if u.school == school and u.subject == subject]
    # (one entry per procedure the school is weak in the subject in)
    assert left and {u.code for u in left} == {"no_teacher"} and "нет учителя" in left[0].reason_ru
    # a school the table does not list counts as one teacher, and the result says how many were assumed
    partial = demo.replace(teachers=[staffed.teachers[0]])
    assert nm.form_groups(partial).notes and "not in the teachers table" in nm.form_groups(partial).notes[0]


def test_differences_tell_the_subject_groups_a_school_moves_between(demo: nm.Registry) -> None:
    base = nm.plan(demo, groups=True, sharing=False)
    small = nm.plan(base.scenario, group_settings={"max_size": 3})
    moved = nm.differences(base, small, "en")
    rows = moved[moved["change"] == "changed_group"]
    assert len(rows)
    for school, before, after in rows[["school", "before", "after"]].values.tolist():
        assert before == ("; ".join(sorted(f"{g.subject}: {g.host}" for g in base.groups.of_school(school))) or "—")
        assert after == ("; ".join(sorted(f"{g.subject}: {g.host}" for g in small.groups.of_school(school))) or "—")
    assert not (nm.differences(base, base)["change"] == "changed_group").any()
