"""Curators and mentors: brute force on small instances, the checkers on random ones, the rules one by one."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._base.geo import TravelModel
from netmatch._data.staff import StaffMember, SubjectTeachers
from netmatch._people.common import weak_subjects
from netmatch.exceptions import InvalidInputError

DEMO = nm.datasets.load_demo()
IDENT = nm.identify(DEMO)
NEEDING = [s for s, n in zip(IDENT.ids, IDENT.needs_partner.tolist(), strict=True) if n]
WEAK = dict(zip(NEEDING, weak_subjects(IDENT, [IDENT.index[s] for s in NEEDING], -0.5), strict=True))
SUBJECTS = sorted({s for w in WEAK.values() for s in w})
CONS = nm.Constraints()


def _curator(i: int, rng: random.Random, *, school: str | None = None) -> StaffMember:
    base = DEMO.school(rng.choice(NEEDING))  # near the schools that need one, so that trips vary around the limit
    return StaffMember(id=f"C{i}", name=f"Куратор {i}", role="curator", school=school,
                       subjects=tuple(rng.sample(SUBJECTS, rng.randint(0, 3))), max_schools=rng.randint(0, 2),
                       latitude=base.latitude + rng.uniform(-0.4, 0.4),
                       longitude=base.longitude + rng.uniform(-0.6, 0.6),
                       remote=rng.random() < 0.3)


def _staff(seed: int) -> list[StaffMember]:
    rng = random.Random(seed)
    people = [_curator(i, rng) for i in range(rng.randint(1, 4))]
    if rng.random() < 0.5:  # someone who works at one of the schools (its head, say)
        people.append(_curator(len(people), rng, school=rng.choice(NEEDING)))
    return people


def _trip(school: str, person: StaffMember) -> tuple[float, float]:
    s = DEMO.school(school)
    model = TravelModel(CONS.road_factor, CONS.speed_kmh)
    km, minutes = model.trips(np.array([s.latitude, person.latitude]), np.array([s.longitude, person.longitude]),
                              np.array([0]), np.array([1]))
    return float(km[0]), float(minutes[0])


def _within(km: float, minutes: float) -> bool:
    return (CONS.max_km is None or km <= CONS.max_km + 1e-9) and (
        CONS.max_minutes is None or minutes <= CONS.max_minutes + 1e-9)


def _options(people: list[StaffMember], allow_own: bool) -> dict[str, list[tuple[int, bool, float]]]:
    """For each school: (person, remote, minutes) it may have, found pair by pair — the brute force's own reading."""
    out: dict[str, list[tuple[int, bool, float]]] = {}
    for school in NEEDING:
        for j, p in enumerate(people):
            if p.school == school and not allow_own:
                continue
            km, minutes = _trip(school, p)
            if _within(km, minutes):
                out.setdefault(school, []).append((j, False, minutes))
            elif p.remote:
                out.setdefault(school, []).append((j, True, minutes))
    return out


def _best_curators(people: list[StaffMember], allow_own: bool = False,
                   schools: list[str] = NEEDING) -> tuple[int, int, int]:
    """(schools covered, weak subjects in expertise, in person) of the best assignment of ``schools``, by
    enumeration."""
    opts = _options(people, allow_own)
    cap = [p.max_schools for p in people]
    best = (-1, -1, -1)
    for choice in itertools.product(*[[None, *opts.get(s, [])] for s in schools]):
        used = [0] * len(people)
        for c in choice:
            if c is not None:
                used[c[0]] += 1
        if any(u > k for u, k in zip(used, cap, strict=True)):
            continue
        covered = [(s, c) for s, c in zip(schools, choice, strict=True) if c is not None]
        value = (len(covered), sum(len(set(WEAK[s]) & set(people[c[0]].subjects)) for s, c in covered),
                 sum(not c[1] for _, c in covered))
        best = max(best, value)
    return best


def _value(cur: nm.Curators, people: list[StaffMember]) -> tuple[int, int, int]:
    by = {p.id: p for p in people}
    got = [a for a in cur.assignments if a.curator is not None]
    return (len(got), sum(len(set(a.weak) & set(by[a.curator].subjects)) for a in got),
            sum(a.mode == "in_person" for a in got))


@pytest.mark.parametrize("seed", range(40))
def test_curators_agree_with_brute_force(seed: int) -> None:
    people = _staff(seed)
    reg = DEMO.replace(staff=people)
    cur = nm.assign_curators(reg, identification=IDENT)
    assert nm.check_curators(cur, reg, IDENT) == []
    assert _value(cur, people) == _best_curators(people)
    for a in cur.assignments:  # the trips the result states are the rules' trips
        if a.curator is not None:
            km, minutes = _trip(a.school, next(p for p in people if p.id == a.curator))
            assert a.km == pytest.approx(km) and a.minutes == pytest.approx(minutes)
            assert (a.mode == "remote") == (not _within(km, minutes))


def test_own_school_is_kept_out_unless_allowed() -> None:
    school = NEEDING[0]
    s = DEMO.school(school)
    head = StaffMember(id="H1", name="Директор", role="curator", school=school, head=True, max_schools=3)
    reg = DEMO.replace(staff=[head])
    cur = nm.assign_curators(reg, identification=IDENT)
    mine = cur.of_school(school)
    assert mine is not None and mine.curator is None and mine.code == "own_school"
    assert "работают в этой школе: H1" in mine.reason("ru") and "H1" in mine.reason("en")
    allowed = nm.assign_curators(reg, identification=IDENT, allow_own_school=True)
    assert allowed.of_school(school).curator == "H1"  # type: ignore[union-attr]
    assert nm.check_curators(allowed, reg, IDENT) == []
    # the checker sees the rule broken when a result says it allowed nothing
    broken = nm.Curators(assignments=allowed.assignments, kpis=allowed.kpis, load=allowed.load,
                         capacity=allowed.capacity)
    assert any("works at the school" in p for p in nm.check_curators(broken, reg, IDENT))
    assert s.latitude is not None


def test_fixed_pairs_are_kept_and_the_rest_reoptimised() -> None:
    for seed in range(20):
        people = _staff(seed)
        far = StaffMember(id="FAR", name="Далёкий", role="curator", max_schools=1, latitude=60.0, longitude=30.0)
        people = [*people, far]
        reg = DEMO.replace(staff=people)
        school = NEEDING[seed % len(NEEDING)]
        cur = nm.assign_curators(reg, identification=IDENT, fixed={school: "FAR"})
        a = cur.of_school(school)
        assert a is not None and a.curator == "FAR" and a.fixed and a.code == "fixed"
        assert "назначен координатором" in a.reason("ru")
        assert nm.check_curators(cur, reg, IDENT) == []
        # the others: the best assignment of the rest with the school taken out (FAR is full)
        best = _best_curators(people[:-1], schools=[s for s in NEEDING if s != school])
        others = [x for x in cur.assignments if x.school != school and x.curator is not None]
        by = {p.id: p for p in people}
        got = (len(others), sum(len(set(x.weak) & set(by[x.curator].subjects)) for x in others),  # type: ignore[index]
               sum(x.mode == "in_person" for x in others))
        assert got == best, seed


def test_fixed_errors_name_the_school_and_the_person() -> None:
    people = [StaffMember(id="C1", name="А", role="curator", max_schools=1, latitude=53.3, longitude=92.4)]
    reg = DEMO.replace(staff=people)
    with pytest.raises(InvalidInputError) as e:
        nm.assign_curators(reg, identification=IDENT, fixed=[("S01", "C1"), (NEEDING[0], "NOPE")])
    text = str(e.value)
    assert "'S01' is not a ШНОР/ШНСУ" in text and "'NOPE' is not a curator" in text
    with pytest.raises(InvalidInputError, match="C1 is given 2 schools; the load allows 1"):
        nm.assign_curators(reg, identification=IDENT, fixed={NEEDING[0]: "C1", NEEDING[1]: "C1"})


def test_loads_come_from_hours_and_schools() -> None:
    near = DEMO.school(NEEDING[0])
    people = [StaffMember(id="C1", name="А", role="curator", hours=8, max_schools=5, remote=True,
                          latitude=near.latitude, longitude=near.longitude)]
    reg = DEMO.replace(staff=people)
    cur = nm.assign_curators(reg, identification=IDENT)  # 8 hours at 4 an hour a school: two schools
    assert cur.capacity == {"C1": 2} and cur.kpis.assigned == 2 and cur.load == {"C1": 2}
    full = [a for a in cur.assignments if a.curator is None]
    assert {a.code for a in full} == {"curators_full"} and all("C1" in a.reason("ru") for a in full)
    assert nm.assign_curators(reg, identification=IDENT, hours_per_school=2).kpis.assigned == 4
    assert nm.assign_curators(reg, identification=IDENT, hours_per_school=0).kpis.assigned == 5


def test_reasons_without_curators_or_reach() -> None:
    none = nm.assign_curators(DEMO.replace(staff=[]), identification=IDENT)
    assert none.kpis.assigned == 0 and {a.code for a in none.assignments} == {"no_curators"}
    far = [StaffMember(id="FAR", name="Далёкий", role="curator", latitude=60.0, longitude=30.0)]
    out = nm.assign_curators(DEMO.replace(staff=far), identification=IDENT)
    assert {a.code for a in out.assignments} == {"out_of_reach"}
    assert "ближайший: FAR" in out.assignments[0].reason("ru")
    # methodists curate only when asked
    meth = [StaffMember(id="M1", name="Методист", role="methodist", remote=True, max_schools=9,
                        latitude=60.0, longitude=30.0)]
    reg = DEMO.replace(staff=meth)
    assert nm.assign_curators(reg, identification=IDENT).kpis.assigned == 0
    assert nm.assign_curators(reg, identification=IDENT, roles=["curator", "methodist"]).kpis.assigned == 5
    with pytest.raises(InvalidInputError, match="are none of"):
        nm.assign_curators(reg, roles=["director"])


def test_the_checker_finds_overloads_and_missing_schools() -> None:
    cur = nm.assign_curators(DEMO, identification=IDENT)
    tight = nm.Curators(assignments=cur.assignments, kpis=cur.kpis, load=cur.load,
                        capacity={k: 0 for k in cur.capacity})
    assert any("the load allows 0" in p for p in nm.check_curators(tight, DEMO, IDENT))
    short = nm.Curators(assignments=cur.assignments[1:], kpis=cur.kpis, load=cur.load, capacity=cur.capacity)
    assert any("the ШНОР/ШНСУ are" in p for p in nm.check_curators(short, DEMO, IDENT))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), hours=st.floats(0, 20), per=st.floats(0, 6), allow=st.booleans())
def test_curators_never_break_a_rule(seed: int, hours: float, per: float, allow: bool) -> None:
    rng = random.Random(seed)
    people = [p.model_copy(update={"hours": round(hours, 1) if rng.random() < 0.5 else None,
                                   "max_schools": rng.choice([None, 0, 1, 2, 5])}) for p in _staff(seed)]
    reg = DEMO.replace(staff=people)
    cur = nm.assign_curators(reg, identification=IDENT, hours_per_school=per, allow_own_school=allow)
    assert nm.check_curators(cur, reg, IDENT) == []
    for p in people:
        used = cur.load.get(p.id, 0)
        assert used <= (p.max_schools if p.max_schools is not None else 3)
        if p.hours is not None and per > 0:
            assert used * per <= p.hours + 1e-6
    frame = cur.to_frame("en")
    assert list(frame.school) == NEEDING and frame.reason.str.len().min() > 0


# --- mentors ---------------------------------------------------------------------------------------------------

PLAN = nm.plan(DEMO, sharing=False)


def _association(school: str) -> nm.Association | None:
    return next((a for a in PLAN.networks.associations if school in a.members or school == a.leader), None)


def _partners() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in PLAN.pairing.pairs:
        if p.subject is None:
            out.setdefault(p.partner, []).append(p.leader)
    return out


def _teachers(seed: int) -> tuple[list[SubjectTeachers], list[tuple[str, str, str]]]:
    """A small teachers table: a few named teachers of weak subjects at two ШНОР/ШНСУ and mentors at their
    leaders and association schools; and the (mentee school, subject, name) rows."""
    rng = random.Random(seed)
    partners = _partners()
    mates = {s: _association(s) for s in NEEDING}
    rows: list[SubjectTeachers] = []
    mentees = []
    for school in rng.sample([s for s in NEEDING if WEAK[s] and s in partners], 2):
        subject = rng.choice(WEAK[school][:2])
        for k in range(rng.randint(1, 3)):
            rows.append(SubjectTeachers(school=school, subject=subject, name=f"Учитель {school}-{k}"))
            mentees.append((school, subject, f"Учитель {school}-{k}"))
        pool = list(partners[school])
        a = mates.get(school)
        if a is not None:
            pool += [m for m in (a.leader, *a.members) if m != school and m not in NEEDING]
        for k, host in enumerate(rng.sample(pool, min(len(pool), rng.randint(1, 3)))):
            rows.append(SubjectTeachers(school=host, subject=subject, name=f"Наставник {host}-{subject}-{k}",
                                        mentor=True, hours=rng.choice([None, 4, 8]),
                                        category=rng.choice([None, "высшая", "первая"]), years=rng.randint(1, 30)))
    return rows, mentees


def test_mentors_agree_with_brute_force() -> None:
    for seed in range(25):
        rows, _ = _teachers(seed)
        reg = DEMO.replace(teachers=rows)
        m = nm.assign_mentors(reg, PLAN.pairing, networks=PLAN.networks, identification=IDENT)
        assert nm.check_mentors(m, reg) == [], seed
        mentees = [x for x in m.assignments if x.code not in ("not_listed", "no_teacher")]
        # brute force over the same candidate schools (the result's tiers), counting loads per person
        mentors = [t for t in rows if t.mentor]
        cap = [2 if t.hours is None else int(t.hours // 4) for t in mentors]
        options = []
        for x in mentees:
            leaders, others = m.tiers[x.school]
            options.append([None, *[(j, t.school in leaders) for j, t in enumerate(mentors)
                                    if t.subject == x.subject and t.school in (*leaders, *others)]])
        best = (-1, -1)
        for choice in itertools.product(*options):
            used = [0] * len(mentors)
            for c in choice:
                if c is not None:
                    used[c[0]] += 1
            if any(u > k for u, k in zip(used, cap, strict=True)):
                continue
            best = max(best, (sum(c is not None for c in choice), sum(c is not None and c[1] for c in choice)))
        got = (sum(x.mentor is not None for x in mentees), sum(x.code == "partner_leader" for x in mentees))
        assert got == best, seed


def test_mentors_prefer_the_partner_leader_then_the_higher_category() -> None:
    partners = _partners()
    school = next(s for s in NEEDING if WEAK[s] and s in partners)
    subject, leader = WEAK[school][0], partners[school][0]
    a = _association(school)
    assert a is not None
    other = next(m for m in (a.leader, *a.members) if m not in (school, leader) and m not in NEEDING)
    rows = [SubjectTeachers(school=school, subject=subject, name="Ученица"),
            SubjectTeachers(school=school, subject=subject, name="Ученик"),
            SubjectTeachers(school=leader, subject=subject, name="Первая", mentor=True, category="первая", hours=4),
            SubjectTeachers(school=leader, subject=subject, name="Высшая", mentor=True, category="высшая", hours=4),
            SubjectTeachers(school=other, subject=subject, name="Соседка", mentor=True, category="высшая")]
    m = nm.assign_mentors(DEMO.replace(teachers=rows), PLAN.pairing, networks=PLAN.networks, identification=IDENT)
    got = {x.teacher: (x.mentor_school, x.mentor, x.code) for x in m.assignments
           if x.school == school and x.subject == subject}
    assert {v[1] for v in got.values()} == {"Первая", "Высшая"}  # both from the leader, one mentee each
    assert {v[2] for v in got.values()} == {"partner_leader"}
    # with the leader's mentors at one mentee in all, the second goes to the association
    rows[3] = rows[3].model_copy(update={"mentor": False})
    m = nm.assign_mentors(DEMO.replace(teachers=rows), PLAN.pairing, networks=PLAN.networks, identification=IDENT)
    codes = sorted(x.code for x in m.assignments if x.school == school and x.subject == subject)
    assert codes == ["association", "partner_leader"]
    assert any(f"из школы {other} сетевого объединения" in x.reason("ru") for x in m.assignments)
    # without the association, the second has no mentor and says why
    m = nm.assign_mentors(DEMO.replace(teachers=rows), PLAN.pairing, identification=IDENT)
    full = [x for x in m.assignments if x.school == school and x.subject == subject and x.mentor is None]
    assert len(full) == 1 and full[0].code == "mentors_full" and "Первая" in full[0].reason("ru")


def test_unnamed_teachers_and_unlisted_subjects() -> None:
    partners = _partners()
    school = next(s for s in NEEDING if len(WEAK[s]) >= 2 and s in partners)
    first, second = WEAK[school][:2]
    rows = [SubjectTeachers(school=school, subject=first, teachers=3),
            SubjectTeachers(school=school, subject=second, teachers=0),
            SubjectTeachers(school=partners[school][0], subject=first, teachers=1, mentor=True, hours=8)]
    m = nm.assign_mentors(DEMO.replace(teachers=rows), PLAN.pairing, networks=PLAN.networks, identification=IDENT)
    mine = [x for x in m.assignments if x.school == school]
    taught = [x for x in mine if x.subject == first]
    assert [x.label("ru") for x in taught] == ["педагог 1 из 3", "педагог 2 из 3", "педагог 3 из 3"]
    assert sum(x.mentor_label("ru") == "педагог 1 из 1" for x in taught) == 2  # 8 hours: two mentees
    assert {x.code for x in mine if x.subject == second} == {"no_teacher"}
    rest = [x for x in mine if x.subject not in (first, second)]
    assert rest and {x.code for x in rest} == {"not_listed"}
    assert m.kpis.mentees == 3 and m.kpis.matched == 2 and nm.check_mentors(m, DEMO.replace(teachers=rows)) == []


def test_the_mentor_checker_finds_broken_rules() -> None:
    rows, _ = _teachers(3)
    reg = DEMO.replace(teachers=rows)
    m = nm.assign_mentors(reg, PLAN.pairing, networks=PLAN.networks, identification=IDENT)
    assert m.kpis.matched > 0
    tight = nm.Mentors(assignments=m.assignments, kpis=m.kpis, load=m.load, capacity={k: 0 for k in m.capacity},
                       tiers=m.tiers)
    assert any("the load allows 0" in p for p in nm.check_mentors(tight, reg))
    elsewhere = nm.Mentors(assignments=m.assignments, kpis=m.kpis, load=m.load, capacity=m.capacity,
                           tiers={s: ((), ()) for s in m.tiers})
    assert any("neither its leader" in p for p in nm.check_mentors(elsewhere, reg))
    gone = DEMO.replace(teachers=[t for t in rows if not t.mentor])
    assert any("is no mentor of" in p for p in nm.check_mentors(m, gone))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), per=st.floats(0, 8), most=st.integers(0, 3))
def test_mentors_never_break_a_rule(seed: int, per: float, most: int) -> None:
    rows, mentees = _teachers(seed)
    reg = DEMO.replace(teachers=rows)
    m = nm.assign_mentors(reg, PLAN.pairing, networks=PLAN.networks, identification=IDENT, max_mentees=most,
                          hours_per_mentee=per)
    assert nm.check_mentors(m, reg) == []
    named = {(x.school, x.subject, x.teacher) for x in m.assignments if x.teacher is not None}
    assert set(mentees) <= named  # every weak-subject teacher appears, with a mentor or a reason
    for (school, who), used in m.load.items():
        row = next(t for t in rows if t.school == school and t.name is not None and t.name.casefold() == who)
        limit = most if row.hours is None or per == 0 else row.hours / per + 1e-9
        assert used <= limit


# --- in a plan, the workbook and the command line --------------------------------------------------------------


def test_a_plan_assigns_curators_and_mentors_when_the_tables_name_them() -> None:
    from netmatch._scenario.plans import people_skipped

    assert PLAN.curators is not None and PLAN.mentors is not None and people_skipped(PLAN) == []
    assert nm.check_curators(PLAN.curators, PLAN.registry, PLAN.identification) == []
    assert nm.check_mentors(PLAN.mentors, PLAN.registry) == []
    assert PLAN.kpis.curated == PLAN.curators.kpis.assigned == len(NEEDING)
    assert PLAN.kpis.mentored == PLAN.kpis.mentees == PLAN.mentors.kpis.mentees > 0
    # the mentors of a plan come from its associations too (the demo's leaders alone cannot mentor every subject)
    assert PLAN.mentors.kpis.by_association > 0
    tight = nm.plan(DEMO, sharing=False, curator_settings={"max_schools": 1, "hours_per_school": 12,
                                                          "roles": ["curator", "methodist"]},
                    mentor_settings={"max_mentees": 1, "hours_per_mentee": 0})
    # the table's limits first (K02: 12 hours, K03: 16, K04: 2 schools), the settings' where it says none (K05)
    assert tight.curators.capacity == {"K02": 1, "K03": 1, "K04": 2, "K05": 1}
    assert nm.check_curators(tight.curators, tight.registry, tight.identification) == []
    assert max(tight.mentors.load.values()) == 1
    off = nm.plan(DEMO, sharing=False, people=False)
    assert off.curators is None and off.mentors is None and people_skipped(off) == ["off"]
    assert off.kpis.curated is None
    bare = nm.plan(DEMO.replace(staff=[DEMO.staff[0]], teachers=[t for t in DEMO.teachers if not t.mentor]),
                   sharing=False)
    assert people_skipped(bare) == ["no_curators", "no_mentors"]
    with pytest.raises(InvalidInputError, match=r"curator_settings takes .*Got \['load'\]"):
        nm.plan(DEMO, curator_settings={"load": 2})


def test_the_workbook_and_the_console_show_the_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    from netmatch.cli import main

    assert main(["demo", "--out", str(tmp_path / "ru"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert f"ШНОР/ШНСУ с куратором: {len(NEEDING)} из {len(NEEDING)}" in out
    assert "Педагогов ШНОР/ШНСУ с наставником (по слабым предметам): 21 из 21" in out
    wb = openpyxl.load_workbook(tmp_path / "ru" / "plan.xlsx", read_only=True)
    assert {"Кураторы", "Наставники"} <= set(wb.sheetnames)
    rows = list(wb["Кураторы"].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Школа")
    body = [r for r in rows[rows.index(header) + 1:] if r and r[0] in NEEDING]
    assert header[2] == "Куратор" and len(body) == len(NEEDING) and all(r[2] for r in body)
    mentors = list(wb["Наставники"].iter_rows(values_only=True))
    assert sum(1 for r in mentors if r and r[0] in NEEDING and r[6]) == 21
    wb.close()
    assert (tmp_path / "ru" / "curators.csv").exists() and (tmp_path / "ru" / "mentors.csv").exists()
    # a registry without the tables: the plan says what it skipped and why, in the reader's language
    reg = DEMO.replace(staff=[], teachers=[])
    nm.write_registry(reg, tmp_path / "bare" / "registry.csv")
    assert main(["--lang", "en", "plan", str(tmp_path / "bare" / "registry.csv"), "--out", str(tmp_path / "b"),
                 "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "No curators assigned: the registry has no staff table" in out
    assert "No mentors assigned: the registry has no teachers table" in out
    assert not (tmp_path / "b" / "curators.csv").exists()


def test_bad_staff_and_teachers_tables_are_named_in_russian(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    from netmatch.cli import main

    nm.write_registry(DEMO, tmp_path / "registry.csv")
    staff = tmp_path / "registry.staff.csv"
    with staff.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    role, most = rows[0].index("role"), rows[0].index("max_schools")
    rows[2][role], rows[3][most], rows[4][0] = "директор", "-1", rows[3][0]
    with staff.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    assert main(["validate", str(tmp_path / "registry.csv")]) == 2
    err = capsys.readouterr()
    text = err.out + err.err
    assert "Найдено проблем: 3" in text
    assert "registry.staff.csv, строка 3, столбец «role»: получено «директор»" in text
    assert "ожидалось: одно из: «координатор», «куратор», «методист»" in text
    assert "строка 4, столбец «max_schools»: получено «-1»" in text
    assert "уникальный код специалиста; тот же код в строке 4" in text


def test_scenarios_change_loads_and_add_a_curator() -> None:
    base = nm.plan(DEMO, sharing=False)
    # K03 at one school: a second ШНОР/ШНСУ moves to another curator, or is left with the reason
    one = nm.plan(DEMO, sharing=False, edits=(nm.SetStaffLoad("K03", max_schools=1),))
    assert one.curators.capacity["K03"] == 1 and one.curators.load.get("K03", 0) <= 1
    assert nm.check_curators(one.curators, one.registry, one.identification) == []
    assert base.curators.load["K03"] == 2
    # a new curator who works remotely takes what the others cannot
    tight = (nm.SetStaffLoad("K02", max_schools=0), nm.SetStaffLoad("K04", max_schools=0))
    short = nm.plan(DEMO, sharing=False, edits=tight)
    assert short.curators.kpis.assigned < len(NEEDING)
    added = nm.plan(DEMO, sharing=False, edits=(*tight, nm.AddStaff(
        {"id": "K09", "name": "Новикова Анна Павловна", "role": "куратор", "max_schools": 5, "remote": True,
         "latitude": 53.35, "longitude": 92.42})))
    assert added.curators.kpis.assigned == len(NEEDING) and "K09" in added.curators.load
    with pytest.raises(InvalidInputError, match="already has 'K02'"):
        nm.plan(DEMO, edits=(nm.AddStaff({"id": "K02", "name": "Двойник", "role": "куратор"}),))
    with pytest.raises(InvalidInputError, match="no person 'K99'"):
        nm.plan(DEMO, edits=(nm.SetStaffLoad("K99", hours=3),))
    with pytest.raises(InvalidInputError, match="give «max_schools», «hours» or both"):
        nm.plan(DEMO, edits=(nm.SetStaffLoad("K02"),))
