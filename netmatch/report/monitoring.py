"""The programme's dynamics across its periods, from its database: a workbook and CSV files.

:func:`monitoring_tables` turns a :class:`~netmatch._programme.store.Programme` into tables —
the periods with their counts, each indicator period by period against its target, each
school's statuses period by period (with when it entered or left the ШНОР/ШНСУ list), and the
pairs of every period — and :func:`write_monitoring` writes them to ``monitoring.xlsx`` and one
CSV each.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmatch.report.files import write_csv
from netmatch.report.tables import Column, Table
from netmatch.report.workbook import write_workbook

if TYPE_CHECKING:
    from netmatch._programme.store import Programme

__all__ = ["monitoring_tables", "write_monitoring"]

_UNIT_KIND = {"share": "share", "mean": "num", "count": "num"}


def _status(row: Any, lang: str) -> str:
    ru = lang == "ru"
    parts = [name for flag, name in ((row.low_results, "ШНОР"), (row.unfavourable, "ШНСУ"),
                                     (row.leader, "лидер" if ru else "leader"),
                                     (row.insufficient, "нет данных" if ru else "no data")) if flag]
    text = ", ".join(parts) or "—"
    return text + (" (пограничный)" if ru else " (borderline)") if row.borderline and parts else text


def monitoring_tables(programme: Programme, lang: str = "ru") -> list[Table]:
    """The dynamics tables of a programme database, in the workbook's order.

    >>> import tempfile, pathlib
    >>> from netmatch.datasets import load_demo
    >>> from netmatch import plan
    >>> from netmatch._programme.store import Programme
    >>> reg = load_demo()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with Programme.create(pathlib.Path(tmp) / "p.db") as db:
    ...         db.add("I", reg, plan(reg))
    ...         tables = monitoring_tables(db)
    >>> [t.title for t in tables], tables[0].rows[0][2:]
    (['Периоды', 'Показатели по периодам', 'Статусы по периодам', 'Пары по периодам'], [3, 3, 4, 5])
    """
    ru = lang == "ru"
    periods = list(programme.periods)
    statuses, pairs, values = (programme.frame(t) for t in ("statuses", "pairs", "indicators"))
    added = dict(programme.frame("periods").itertuples(index=False, name=None))
    counted = [[p, added[p], int((s := statuses[statuses["period"] == p])["low_results"].sum()),
                int(s["unfavourable"].sum()), int(s["leader"].sum()), int((pairs["period"] == p).sum())]
               for p in periods]
    summary = Table("periods", "Периоды" if ru else "Periods", (
        Column("period", "Период", "Period"), Column("added", "Добавлен", "Added"),
        Column("low", "ШНОР", "ШНОР", "int"), Column("unf", "ШНСУ", "ШНСУ", "int"),
        Column("lead", "Лидеров", "Leaders", "int"), Column("pairs", "Пар", "Pairs", "int")), counted)
    return [summary, _indicators(values, periods, ru), _statuses(statuses, periods, lang),
            Table("pairs", "Пары по периодам" if ru else "Pairs by period", (
                Column("period", "Период", "Period"), Column("leader", "Лидер", "Leader"),
                Column("partner", "Школа", "School"), Column("score", "Оценка пары", "Score", "score"),
                Column("km", "Расстояние, км", "Distance, km", "km")),
                [list(r) for r in pairs[["period", "leader", "partner", "score", "km"]].itertuples(index=False)])]


def _indicators(values: Any, periods: list[str], ru: bool) -> Table:
    """One row per indicator: its target, then its value in each period (empty where it could not be computed)."""
    rows, kinds = [], []
    for _, group in values.groupby("code", sort=False):
        first = group.iloc[0]
        by_period = dict(zip(group["period"], group["value"], strict=True))
        rows.append([first["name_ru"] if ru else first["name_en"] or first["name_ru"], first["target"],
                     *(None if by_period.get(p) != by_period.get(p) else by_period.get(p) for p in periods)])
        kinds.append(_UNIT_KIND.get(str(first["unit"]), "num"))
    columns = (Column("indicator", "Показатель", "Indicator", "long"), Column("target", "Цель", "Target", "mixed"),
               *(Column(f"p{k}", p, p, "mixed") for k, p in enumerate(periods)))
    return Table("indicators", "Показатели по периодам" if ru else "Indicators by period", columns, rows,
                 row_kinds=kinds)


def _statuses(statuses: Any, periods: list[str], lang: str) -> Table:
    """One row per school: its status in each period, and the period it entered or left the list."""
    ru = lang == "ru"
    by_school: dict[str, dict[str, str]] = {}
    listed: dict[str, list[bool]] = {}
    for row in statuses.itertuples(index=False):
        by_school.setdefault(row.school, {})[row.period] = _status(row, lang)
        listed.setdefault(row.school, []).append(bool(row.low_results or row.unfavourable))
    rows = []
    for school, cells in by_school.items():
        marks = listed[school]
        change = ""
        if len(marks) > 1 and marks[-1] != marks[-2]:
            change = ("вошла в список" if ru else "entered the list") if marks[-1] else (
                "вышла из списка" if ru else "left the list")
        rows.append([school, *(cells.get(p, "—") for p in periods), change])
    columns = (Column("school", "Школа", "School"), *(Column(f"p{k}", p, p) for k, p in enumerate(periods)),
               Column("change", "В последнем периоде", "In the latest period"))
    return Table("statuses", "Статусы по периодам" if ru else "Statuses by period", columns, rows)


def write_monitoring(programme: Programme, folder: str | Path, lang: str = "ru") -> dict[str, Path]:
    """Write ``monitoring.xlsx`` and a CSV per table (``monitoring-<table>.csv``) into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    tables = monitoring_tables(programme, lang)
    record = {"name": programme.name, "source": programme.path.name}
    paths = {"xlsx": write_workbook(tables, record, out / "monitoring.xlsx", lang)}
    for t in tables:
        paths[t.key] = write_csv(t, out / f"monitoring-{t.key}.csv", lang)
    return paths
