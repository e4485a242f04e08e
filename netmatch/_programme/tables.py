"""The tables a programme indicator is computed over: one row per school, result, teacher, person, event.

:func:`indicator_tables` draws them from a plan (and its plan of events): the registry's
figures beside what the plan did with each school — its statuses, its place in the network,
the resources it was given, the events it takes part in. A table the plan has no data for
(no teachers table in the registry, no plan of events) is ``None``: an indicator over it
cannot be computed, and says which table it needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from netmatch._data.surveys import satisfied_shares
from netmatch._identify import Status, result_z
from netmatch._scenario import network_forms

if TYPE_CHECKING:
    import pandas as pd

    from netmatch._data import ResultTable, StaffMember, SubjectTeachers
    from netmatch._programme.events import EventPlan
    from netmatch._scenario import Plan

__all__ = ["COLUMNS", "TABLE_NEEDS", "indicator_tables"]

#: What each table is in words (Russian, English): what an indicator over it needs when it is missing.
TABLE_NEEDS: dict[str, tuple[str, str]] = {
    "schools": ("реестр школ", "the registry of schools"),
    "results": ("результаты оценочных процедур (ЕГЭ, ОГЭ, ВПР)", "the assessment results (ЕГЭ, ОГЭ, ВПР)"),
    "teachers": ("таблица «Педагоги»", "the teachers table («Педагоги»)"),
    "staff": ("таблица «Специалисты»", "the staff table («Специалисты»)"),
    "events": ("план мероприятий", "the plan of events"),
}

_STATUS = ("low_results", "unfavourable", "leader", "target")
_EVENTS = TABLE_NEEDS["events"]
#: The columns a formula may name, per table, and what fills each one (Russian, English) where it
#: may be empty; ``None`` for a column the plan always fills.
COLUMNS: dict[str, dict[str, tuple[str, str] | None]] = {
    "schools": {
        "students": ("«Кол-во обучающихся» реестра", "the registry's «Кол-во обучающихся»"),
        "teachers": ("«Кол-во педагогов» реестра", "the registry's «Кол-во педагогов»"),
        **dict.fromkeys((*_STATUS, "borderline", "in_network", "paired", "covered", "association", "group",
                         "shared", "shared_hours", "curated"), None),
        "events": _EVENTS,
        "results_change": ("результаты двух последних лет", "the results of the two latest years"),
        "results_rose": ("результаты двух последних лет", "the results of the two latest years"),
        "satisfied": ("таблица «Опросы»", "the surveys table («Опросы»)"),
    },
    "results": {
        **dict.fromkeys(("school", "year", "procedure", "subject", "latest", *_STATUS, "in_network"), None),
        "grade": ("класс в результатах («Класс»)", "the results' grade («Класс»)"),
        "participants": ("число участников («Участников»)", "the number of participants («Участников»)"),
        "mean_score": ("средний балл («Средний балл»)", "the mean score («Средний балл»)"),
        "mean_percent": ("средний процент выполнения", "the mean percentage («Средний процент выполнения»)"),
        "share_below_minimum": ("доля не преодолевших минимальный порог",
                                "the share below the minimum («Доля не преодолевших минимальный порог»)"),
        "share_high": ("доля высоких результатов", "the share of high results («Доля высоких результатов»)"),
        "share_quality": ("столбец «Качество знаний» в результатах", "the results' «Качество знаний» column"),
    },
    "teachers": {
        **dict.fromkeys(("school", "subject", "count", *_STATUS, "in_network"), None),
        "in_events": _EVENTS,
        "category": ("категория педагогов («Категория»)", "the teachers' category («Категория»)"),
        "years": ("стаж педагогов («Стаж, лет»)", "the teachers' experience («Стаж, лет»)"),
        "mentor": ("отметка наставника («Наставник»)", "the mentor mark («Наставник»)"),
        "trained": ("столбец «Прошли КПК» таблицы «Педагоги»", "the teachers table's «Прошли КПК» column"),
    },
    # a person answers for events or curates: without a plan of events, involvement is not known
    "staff": {**dict.fromkeys(("role", "school", "curated"), None), "event_hours": _EVENTS, "involved": _EVENTS},
    "events": dict.fromkeys(("activity", "scope", "unit", "month", "half", "form", "in_person", "participants",
                             "remote", "hours"), None),
}


def indicator_tables(plan: Plan, events: EventPlan | None = None) -> dict[str, pd.DataFrame | None]:
    """The plan's tables for indicators, by name (:data:`COLUMNS`); ``None`` for one without data.

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> t = indicator_tables(plan(nm.datasets.load_demo()))
    >>> int(t["schools"]["low_results"].sum()), t["events"] is None, sorted(t["staff"]["role"].unique())
    (3, True, ['coordinator', 'curator', 'methodist'])
    """
    registry = plan.registry
    schools = _schools(plan, events)
    flags = schools.set_index("school")[[*_STATUS, "in_network"]]
    out: dict[str, pd.DataFrame | None] = {"schools": schools}
    out["results"] = _results(registry.results, flags) if len(registry.results) else None
    out["teachers"] = _teachers(registry.teachers, flags, schools) if registry.teachers else None
    out["staff"] = _staff(plan, registry.staff, events) if registry.staff else None
    out["events"] = _events(events) if events is not None else None
    return out


def _schools(plan: Plan, events: EventPlan | None) -> pd.DataFrame:
    """One row per school of the identification: its figures, statuses and place in the plan."""
    import pandas as pd

    ident = plan.identification
    ids = list(ident.ids)
    by_id = {s.id: s for s in plan.registry.schools}
    has = {s: [st in statuses for statuses in ident.statuses] for s, st in
           (("low_results", Status.LOW_RESULTS), ("unfavourable", Status.UNFAVOURABLE), ("leader", Status.LEADER))}
    frame = pd.DataFrame({
        "school": ids, "students": _floats(getattr(by_id.get(i), "students", None) for i in ids),
        "teachers": _floats(getattr(by_id.get(i), "teachers", None) for i in ids), **has,
        "borderline": np.asarray(ident.borderline, dtype=bool) if len(ids) else np.zeros(0, bool)})
    frame["target"] = frame["low_results"] | frame["unfavourable"]
    for column, values in _places(plan, ids).items():
        frame[column] = values
    frame["covered"] = frame["target"] & (frame["paired"] | frame["association"])
    frame["shared"] = frame["shared_hours"] > 0
    taking = _event_counts(events)
    frame["events"] = [taking.get(s, 0) for s in ids] if events is not None else np.nan
    change = _results_change(plan)
    frame["results_change"] = [change.get(s, np.nan) for s in ids]
    # rose or not where both years are known, else missing (pandas' nullable boolean)
    frame["results_rose"] = pd.array([None if np.isnan(c) else bool(c > 0) for c in frame["results_change"]],
                                     dtype="boolean")
    frame["satisfied"] = satisfied_shares(plan.registry.surveys, ids)[0]  # the latest year's, NaN without surveys
    return frame


def _places(plan: Plan, ids: list[str]) -> dict[str, list[Any]]:
    """Each school's place in the plan: in the network, paired, an association's member, in a group,
    hours of shared resources, curated."""
    forms = network_forms(plan.pairing, plan.sharing, plan.networks, plan.groups, plan.needs)
    paired = {p.partner for p in plan.pairing.pairs}
    members = {m.school for m in plan.networks.schools if m.role == "member"} if plan.networks is not None else set()
    hours: dict[str, float] = {}
    for f in getattr(plan.sharing, "flows", ()):
        hours[f.school] = hours.get(f.school, 0.0) + f.group_hours
    curated = {a.school for a in plan.curators.assignments if a.curator} if plan.curators is not None else set()
    return {"in_network": [s in forms for s in ids], "paired": [s in paired for s in ids],
            "association": [s in members for s in ids], "group": ["group" in forms.get(s, ()) for s in ids],
            "shared_hours": [hours.get(s, 0.0) for s in ids], "curated": [s in curated for s in ids]}


def _event_counts(events: EventPlan | None) -> dict[str, int]:
    """How many events of the plan each school takes part in (or hosts)."""
    out: dict[str, int] = {}
    for e in () if events is None else events.events:
        for s in {*e.participants, *([e.place] if e.place else [])}:
            out[s] = out.get(s, 0) + 1
    return out


def _floats(values: Iterable[float | None]) -> np.ndarray:
    """Numbers as floats, NaN for ``None``."""
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _results_change(plan: Plan) -> dict[str, float]:
    """Each school's change of standing between the two latest years of results: the mean change of its
    z-scores (within procedure, subject, grade and year; signed so that higher is better), over the cells
    it has in both years. Schools lacking either year are left out."""
    import pandas as pd

    table = plan.registry.results
    years = np.unique(table.year)
    if len(years) < 2:
        return {}
    last, before = years[-1], years[-2]
    z, cell = result_z(table, plan.registry.assessments)
    school, names = table.codes("school")
    keep = np.isin(table.year, (last, before)) & ~np.isnan(z)
    frame = pd.DataFrame({"school": school[keep], "cell": cell[keep], "year": table.year[keep], "z": z[keep]})
    by_year = {y: frame[frame["year"] == y].groupby(["school", "cell"])["z"].mean() for y in (last, before)}
    per_school = (by_year[last] - by_year[before]).dropna().groupby(level="school").mean()
    return {str(names[k]): float(v) for k, v in per_school.items()}


def _results(table: ResultTable, flags: pd.DataFrame) -> pd.DataFrame:
    """The results with the latest year marked and their school's statuses beside them; the texts as
    categories of the table's own codes (no text copied per row)."""
    import pandas as pd

    cols = table.columns()
    data: dict[str, Any] = {"year": cols["year"]}
    for c in ("school", "procedure", "subject"):
        codes, names = table.codes(c)
        data[c] = pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object))
    data.update({c: np.asarray(cols[c], dtype=float) for c in COLUMNS["results"] if c in cols and c not in data})
    out = pd.DataFrame(data)
    out["latest"] = out["year"] == out["year"].max()
    school = data["school"]
    at = flags.index.get_indexer(school.categories)
    for c in flags.columns:
        per_school = np.where(at >= 0, flags[c].to_numpy(dtype=bool)[np.maximum(at, 0)], False)
        out[c] = per_school[school.codes]
    return out


def _teachers(teachers: Sequence[SubjectTeachers], flags: pd.DataFrame, schools: pd.DataFrame) -> pd.DataFrame:
    """A row per teachers row: how many it counts, its school's statuses, whether its school takes part in events."""
    import pandas as pd

    out = pd.DataFrame({
        "school": [t.school for t in teachers], "subject": [t.subject for t in teachers],
        "category": [None if t.category is None else t.category.value for t in teachers],
        "years": _floats(t.years for t in teachers), "mentor": [t.mentor for t in teachers],
        "trained": _floats(t.trained for t in teachers),  # how many of the row's teachers
        "count": _floats(t.count for t in teachers)})  # a named teacher is one
    joined = flags.reindex(out["school"].to_numpy())
    for c in flags.columns:
        out[c] = joined[c].fillna(False).to_numpy(dtype=bool)
    taking = schools.set_index("school")["events"].reindex(out["school"].to_numpy())
    out["in_events"] = pd.array([None if np.isnan(n) else bool(n > 0) for n in taking.to_numpy(dtype=float)],
                                dtype="boolean")
    return out


def _staff(plan: Plan, staff: Sequence[StaffMember], events: EventPlan | None) -> pd.DataFrame:
    """A row per person of the staff: schools curated, hours of events answered for, involved in either."""
    import pandas as pd

    curated: dict[str, int] = {}
    for a in plan.curators.assignments if plan.curators is not None else ():
        if a.curator:
            curated[a.curator] = curated.get(a.curator, 0) + 1
    hours: Mapping[str, float] = _person_hours(events)
    out = pd.DataFrame({"id": [p.id for p in staff], "role": [p.role.value for p in staff],
                        "school": [p.school for p in staff]})
    out["curated"] = [curated.get(i, 0) for i in out["id"]]
    if events is None:
        out["event_hours"] = np.nan
        out["involved"] = pd.array([None] * len(out), dtype="boolean")
    else:
        out["event_hours"] = [hours.get(i, 0.0) for i in out["id"]]
        out["involved"] = (out["curated"] > 0) | (out["event_hours"] > 0)
    return out


def _person_hours(events: EventPlan | None) -> dict[str, float]:
    """Hours of the plan of events each person answers for (its ``person:<id>`` loads)."""
    out: dict[str, float] = {}
    for (key, _), used in ({} if events is None else events.load).items():
        if key.startswith("person:"):
            out[key[7:]] = out.get(key[7:], 0.0) + used
    return out


def _events(events: EventPlan) -> pd.DataFrame:
    """A row per dated event: its activity, month, half of the school year, form (``in_person`` only when
    every participant comes: a ``mixed`` event has remote ones) and participants."""
    import pandas as pd

    rows: list[dict[str, Any]] = [{
        "activity": e.activity, "scope": e.scope, "unit": e.unit, "month": f"{e.date.year}-{e.date.month:02d}",
        # the school year's halves: September to December, then January to August
        "half": 1 if e.date.month >= 9 else 2, "form": e.form, "in_person": e.form == "in_person",
        "participants": len(e.participants), "remote": len(e.remote), "hours": e.hours} for e in events.events]
    return pd.DataFrame(rows, columns=list(COLUMNS["events"]))
