"""The plan of events: the month solver against brute force, the planner's rules on random instances, moves,
the catalogue, and what the workbook and the command line show."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._programme.catalogue import PRESET
from netmatch._programme.dates import HOLIDAYS
from netmatch._solvers.calendar import schedule_months
from netmatch.exceptions import InvalidInputError

DEMO = nm.datasets.load_demo()
PLAN = nm.plan(DEMO)
EVENTS = nm.plan_events(PLAN)


# --- the month solver ------------------------------------------------------------------------------------------


def _feasible(months: tuple[int, ...], uses: list[tuple[int, int, float]], cap: np.ndarray, spread: np.ndarray,
              pinned: np.ndarray) -> bool:
    """The loads and the spread, as the solver reads them: pinned occurrences stand and take their load first;
    the others fit in what is left; none shares a month of its group with another."""
    free: dict[tuple[int, int], float] = {}
    fixed: dict[tuple[int, int], float] = {}
    for o, r, w in uses:
        if months[o] >= 0:
            into = fixed if pinned[o] >= 0 else free
            into[r, months[o]] = into.get((r, months[o]), 0.0) + w
    if any(v > max(cap[r] - fixed.get((r, m), 0.0), 0.0) + 1e-9 for (r, m), v in free.items()):
        return False
    for o, (g, m) in enumerate(zip(spread.tolist(), months, strict=True)):
        if g >= 0 and m >= 0 and pinned[o] < 0 and any(
                spread[q] == g and months[q] == m for q in range(len(months)) if q != o):
            return False
    return True


def _brute(target: np.ndarray, n_months: int, uses: list[tuple[int, int, float]], cap: np.ndarray,
           spread: np.ndarray, pinned: np.ndarray) -> tuple[int, int]:
    """(unscheduled, total shift) of the best schedule, by enumeration."""
    best = (10**9, 10**9)
    choices = [[int(p)] if p >= 0 else [-1, *range(n_months)] for p in pinned.tolist()]
    for months in itertools.product(*choices):
        if _feasible(months, uses, cap, spread, pinned):
            best = min(best, (sum(m < 0 for m in months),
                              sum(abs(m - int(t)) for m, t in zip(months, target, strict=True) if m >= 0)))
    return best


@pytest.mark.parametrize("seed", range(60))
def test_the_month_solver_agrees_with_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, n_months, n_res = int(rng.integers(1, 6)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    target = rng.integers(0, n_months, n)
    uses = [(o, r, float(rng.integers(1, 3))) for o in range(n) for r in range(n_res) if rng.random() < 0.6]
    cap = rng.integers(0, 4, n_res).astype(float)
    spread = np.where(rng.random(n) < 0.5, rng.integers(0, 2, n), -1)
    pinned = np.where(rng.random(n) < 0.2, rng.integers(0, n_months, n), -1)
    uo = np.array([u[0] for u in uses], np.int64)
    ur = np.array([u[1] for u in uses], np.int64)
    ul = np.array([u[2] for u in uses], float)
    res = schedule_months(target, n_months, uo, ur, ul, cap, spread=spread, pinned=pinned, time_limit=10)
    got = (int((res.month < 0).sum()), res.shift)
    assert (res.month[pinned >= 0] == pinned[pinned >= 0]).all()
    assert _feasible(tuple(res.month.tolist()), uses, cap, spread, pinned)
    assert got == _brute(target, n_months, uses, cap, spread, pinned), seed


def test_the_month_solver_keeps_targets_when_everything_fits() -> None:
    res = schedule_months(np.array([0, 1, 2]), 3, np.array([0, 1, 2]), np.array([0, 0, 0]), np.ones(3), np.array([1.0]))
    assert res.month.tolist() == [0, 1, 2] and res.shift == 0 and res.solved_parts == 0
    with pytest.raises(ValueError, match="targets are 0 to 2"):
        schedule_months(np.array([3]), 3, np.array([0]), np.array([0]), np.ones(1), np.array([1.0]))


# --- the plan of events on the demo -----------------------------------------------------------------------------


def test_the_demo_has_a_whole_school_year_of_events_within_every_rule() -> None:
    assert nm.check_events(EVENTS, PLAN) == []
    assert EVENTS.kpis.unscheduled == 0 and EVENTS.start == dt.date(2025, 9, 1) and EVENTS.end == dt.date(2026, 5, 31)
    assert {e.month for e in EVENTS.events} == {(2025, m) for m in (9, 10, 11, 12)} | {(2026, m) for m in range(1, 6)}
    # every activity held as often as the catalogue says for every unit of its scope
    units = {"pair": len(PLAN.pairs), "association": len(PLAN.networks.associations), "programme": 1,
             "curator": PLAN.curators.kpis.assigned,
             "resource": len({(f.resource, f.host) for f in PLAN.sharing.flows if f.host != f.school})}
    for a in PRESET:
        if a.scope in units:
            assert sum(e.activity == a.code for e in EVENTS.events) == a.times * units[a.scope], a.code
    for e in EVENTS.events:
        assert e.date.weekday() != 6 and (e.date.month, e.date.day) not in HOLIDAYS
        assert e.responsible_ru and e.result_ru and e.name_ru
        shifts = max((DEMO.school(s).shifts or 1 for s in e.participants if s in DEMO), default=1)
        assert (e.date.weekday() == 5) == (shifts > 1) and e.start == ("10:00" if shifts > 1 else "15:00")
    # a curator answers for the curator's events, a school head (named in the staff) for the leader's
    visit = next(e for e in EVENTS.events if e.activity == "curator_visit")
    assert visit.responsible == PLAN.curators.of_school(visit.participants[0]).curator
    council = next(e for e in EVENTS.events if e.activity == "joint_council" and e.unit.startswith("S05-"))
    assert council.responsible == "K03" and council.place == "S05"  # K03 heads S05 in the staff table
    frame = EVENTS.to_frame("ru")
    assert len(frame) == EVENTS.kpis.events and frame["date"].is_monotonic_increasing


def test_a_remote_pair_meets_remotely_and_a_school_beyond_the_rule_joins_remotely() -> None:
    remote_pair = next(p for p in PLAN.pairs if p.mode == "remote")
    mine = [e for e in EVENTS.events if e.unit == f"{remote_pair.leader}-{remote_pair.partner}"]
    assert mine and all(e.form == "remote" and e.place is None for e in mine)
    tight = nm.plan(DEMO, edits=(nm.SetLimit("max_km", 15),))
    ev = nm.plan_events(tight)
    assert nm.check_events(ev, tight) == []
    mixed = [e for e in ev.events if e.form == "mixed"]
    assert mixed and all(e.place is not None and e.remote and e.place not in e.remote for e in mixed)


def test_moves_are_kept_and_the_rest_replanned() -> None:
    event = next(e for e in EVENTS.events if e.activity == "lesson_visits" and e.date.weekday() != 5)
    target = f"{event.date.year + (event.date.month >= 9)}-05"  # to May
    ev = nm.plan_events(PLAN, moves={event.id: target})
    moved = ev.event(event.id)
    assert moved.month[1] == 5 and moved.moved and nm.check_events(ev, PLAN) == []
    again = nm.plan_events(nm.plan(nm.Scenario(DEMO, edits=(nm.MoveEvent(event.id, "2026-02-11"),))))
    assert again.event(event.id).date == dt.date(2026, 2, 11)
    with pytest.raises(InvalidInputError) as e:
        nm.plan_events(PLAN, moves={"nothing:1:1": "2025-10", event.id: "2030-01", "report:programme:1": "2026-01-04"})
    text = str(e.value)
    assert "no event 'nothing:1:1'" in text and "within 2025-09-01 – 2026-05-31" in text
    assert "give a weekday" in text  # 4 January 2026 is a Sunday and a holiday


def test_loads_never_exceeded_and_undated_events_say_why() -> None:
    ev = nm.plan_events(PLAN, loads={"host_events": 1, "school_events": 2, "head_hours": 3, "person_hours": 2})
    assert nm.check_events(ev, PLAN) == []
    assert ev.kpis.unscheduled > 0 and ev.kpis.events + ev.kpis.unscheduled == EVENTS.kpis.events
    reasons = {u.reason("ru") for u in ev.unscheduled}
    assert all(r.startswith("нагрузка не позволяет: ") for r in reasons)
    assert any("мероприятиях в месяц" in r or "ч в месяц" in r or "очных мероприятий" in r for r in reasons)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(per_year=st.lists(st.integers(1, 12), min_size=1, max_size=4), hours=st.floats(0.5, 8),
       host=st.integers(1, 3), school=st.integers(1, 5), head=st.floats(1, 12), person=st.floats(1, 12),
       km=st.sampled_from([5, 15, 30, 60]), forms=st.lists(st.sampled_from(["in_person", "remote", "mixed"]),
                                                          min_size=4, max_size=4),
       start=st.sampled_from([dt.date(2025, 9, 1), dt.date(2025, 11, 15), dt.date(2026, 1, 10)]))
def test_the_planner_never_breaks_a_load_or_the_travel_rule(per_year: list[int], hours: float, host: int,
                                                            school: int, head: float, person: float, km: int,
                                                            forms: list[str], start: dt.date) -> None:
    scopes = ["pair", "association", "curator", "resource"]
    catalogue = [{"code": f"a{k}", "name_ru": f"А{k}", "name_en": f"A{k}", "scope": scopes[k % 4], "per_year": n,
                  "form": forms[k % 4], "hours": round(hours, 1), "at": "member" if k % 2 else "lead",
                  "responsible": ["leader", "host", "curator", "coordinator"][k % 4]}
                 for k, n in enumerate(per_year)]
    p = nm.plan(DEMO, edits=(nm.SetLimit("max_km", km),))
    ev = nm.plan_events(p, catalogue=catalogue, start=start, end=dt.date(2026, 5, 31),
                        loads={"host_events": host, "school_events": school, "head_hours": head,
                               "person_hours": person})
    assert nm.check_events(ev, p) == []
    # every occurrence is dated or listed with its reason
    ids = {e.id for e in ev.events} | {u.id for u in ev.unscheduled}
    assert len(ids) == len(ev.events) + len(ev.unscheduled)


def test_the_catalogue_from_toml_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_text('[[activity]]\ncode = "day"\nname_ru = "Методический день"\nname_en = "Day"\n'
                    'scope = "association"\nmonths = [10, 3]\nform = "in_person"\n', encoding="utf-8")
    ev = nm.plan_events(PLAN, catalogue=nm.load_catalogue(path))
    assert {e.month[1] for e in ev.events} == {10, 3} and ev.kpis.events == 2 * len(PLAN.networks.associations)
    path.write_text('[[activity]]\ncode = "day"\nname_ru = "Д"\nname_en = "D"\nscope = "school"\nper_year = 0\n',
                    encoding="utf-8")
    with pytest.raises(InvalidInputError) as e:
        nm.load_catalogue(path)
    assert "scope" in str(e.value) and "per_year" in str(e.value)
    path.write_text("[[activity]\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not a TOML file"):
        nm.load_catalogue(path)


# --- the workbook, the report and the command line ---------------------------------------------------------------


def test_the_workbook_prints_the_plan_of_events_with_russian_dates(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    from netmatch.cli import main

    assert main(["demo", "--out", str(tmp_path / "ru"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert f"План мероприятий: {EVENTS.kpis.events} мероприятий за 9 мес." in out
    wb = openpyxl.load_workbook(tmp_path / "ru" / "plan.xlsx", read_only=True)
    rows = [r for r in wb["План мероприятий"].iter_rows(values_only=True)]
    wb.close()
    header = rows[1]
    assert header[:4] == ("№", "Дата", "Время", "Мероприятие")
    body = [r for r in rows[2:] if r and isinstance(r[0], int)]
    assert len(body) == EVENTS.kpis.events and body[0][1] == "2 сентября 2025 г."
    page = (tmp_path / "ru" / "report.html").read_text(encoding="utf-8")
    assert "План мероприятий" in page
    # another school year, the user's catalogue, and off
    cat = tmp_path / "c.toml"
    cat.write_text('[[activity]]\ncode = "c"\nname_ru = "Совет"\nname_en = "Council"\nscope = "pair"\n',
                   encoding="utf-8")
    assert main(["--lang", "en", "demo", "--out", str(tmp_path / "en"), "--no-progress", "--year", "2026",
                 "--events", str(cat)]) == 0
    out = capsys.readouterr().out
    assert f"Plan of events: {len(PLAN.pairs)} events over 9 months" in out
    text = (tmp_path / "en" / "events.csv").read_text(encoding="utf-8-sig")
    assert "September 2026" in text and "2025" not in text  # the school year 2026/27
    assert main(["demo", "--out", str(tmp_path / "off"), "--no-progress", "--set", "events.plan=false"]) == 0
    assert not (tmp_path / "off" / "events.csv").exists() and "План мероприятий" not in capsys.readouterr().out
