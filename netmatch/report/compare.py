"""Two saved plans side by side: the indicators, and school by school what changed and why.

What ``netmatch compare`` prints and writes. A school's change is one of: it closed or opened,
its status changed, it gained, lost or changed its leader, or a pair kept its leader but
changed its mode (in person or remote); the «why» comes from the second plan's explanations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netmatch.report.tables import Column, Table, kpi_rows
from netmatch.report.words import MODE, li, status_label

__all__ = ["compare_records"]

_WORDS = {"closed": ("школы нет во втором плане", "school not in the second plan"),
          "opened": ("новая школа", "new school"), "status": ("сменился статус", "status changed"),
          "gained": ("получила лидера", "gained a leader"), "lost": ("осталась без лидера", "lost its leader"),
          "changed": ("сменился лидер", "leader changed"), "mode": ("сменился формат", "mode changed")}


def _names(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[str, str]:
    """The plans' names as column headers, told apart when they are the same."""
    na, nb = str(a.get("name") or "A"), str(b.get("name") or "B")
    return (f"{na} (1)", f"{nb} (2)") if na == nb else (na, nb)


def _kpi_table(a: Mapping[str, Any], b: Mapping[str, Any], lang: str, na: str, nb: str) -> Table:
    ka, kb = {r["key"]: r for r in kpi_rows(a, lang)}, {r["key"]: r for r in kpi_rows(b, lang)}
    cols = (Column("label", "Показатель", "Indicator", "long"), Column("a", na, na), Column("b", nb, nb))
    return Table("kpis", ("Показатели", "Indicators")[li(lang)], cols,
                 [[r["label"], r["text"], kb[key]["text"] if key in kb else "—"] for key, r in ka.items()]
                 + [[r["label"], "—", r["text"]] for key, r in kb.items() if key not in ka])


class _Sides:
    """What the two plans say about each school: records, leaders, pair modes, the second plan's reasons."""

    def __init__(self, a: Mapping[str, Any], b: Mapping[str, Any], lang: str) -> None:
        self.lang, self.i = lang, li(lang)
        self.sa = {s["id"]: s for s in a["schools"]}
        self.sb = {s["id"]: s for s in b["schools"]}
        self.la = {s["id"]: s["leaders"] for s in a["schools"]}
        self.lb = {s["id"]: s["leaders"] for s in b["schools"]}
        self.why_b = {u["school"]: u[f"reason_{lang}"] for u in b["unpaired"]}
        self.expl_b = {(p["leader"], p["partner"]): p[f"explanation_{lang}"] for p in b["pairs"]}
        self.mode_a = {(p["leader"], p["partner"]): p["mode"] for p in a["pairs"]}
        self.mode_b = {(p["leader"], p["partner"]): p["mode"] for p in b["pairs"]}

    def word(self, key: str) -> str:
        return _WORDS[key][self.i]

    def rows(self, sid: str) -> list[list[Any]]:
        """The changes of one school: (school, name, change, before, after, why) rows."""
        name = (self.sa.get(sid) or self.sb.get(sid) or {}).get("name", "")
        if sid not in self.sb:
            return [[sid, name, self.word("closed"), ", ".join(self.la.get(sid, [])), "", ""]]
        if sid not in self.sa:
            return [[sid, name, self.word("opened"), "", ", ".join(self.lb.get(sid, [])), ""]]
        rows = []
        st_a = status_label(self.sa[sid]["statuses"], self.lang)
        st_b = status_label(self.sb[sid]["statuses"], self.lang)
        if st_a != st_b:
            rows.append([sid, name, self.word("status"), st_a, st_b, self.sb[sid][f"reasons_{self.lang}"]])
        before, after = self.la.get(sid, []), self.lb.get(sid, [])
        if before == after:
            return rows + self._modes(sid, name, after)
        change = "gained" if not before else "lost" if not after else "changed"
        why = self.why_b.get(sid, "") if not after else "; ".join(self.expl_b.get((ld, sid), "") for ld in after)
        return [*rows, [sid, name, self.word(change), ", ".join(before), ", ".join(after), why]]

    def _modes(self, sid: str, name: str, leaders: list[str]) -> list[list[Any]]:
        """Same leaders in both plans: the pairs whose mode changed."""
        rows = []
        for ld in leaders:
            ma, mb = self.mode_a.get((ld, sid)), self.mode_b.get((ld, sid))
            if ma != mb and ma and mb:
                rows.append([sid, name, self.word("mode"), f"{ld}: {MODE[ma][self.i]}", f"{ld}: {MODE[mb][self.i]}",
                             self.expl_b.get((ld, sid), "")])
        return rows


def compare_records(a: Mapping[str, Any], b: Mapping[str, Any], lang: str = "ru") -> tuple[Table, Table]:
    """Two saved plans side by side: the indicators, and school by school what changed and why.

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> from netmatch.report.record import plan_record
    >>> rec = plan_record(plan(nm.datasets.load_demo()))
    >>> kpis, changes = compare_records(rec, rec)
    >>> len(changes.rows), kpis.rows[0][1] == kpis.rows[0][2]
    (0, True)
    """
    na, nb = _names(a, b)
    sides = _Sides(a, b, lang)
    rows = [row for sid in sorted(set(sides.sa) | set(sides.sb)) for row in sides.rows(sid)]
    cols = (Column("school", "Школа", "School"), Column("name", "Наименование", "Name", "long"),
            Column("change", "Что изменилось", "Change"), Column("before", na, na), Column("after", nb, nb),
            Column("why", "Почему", "Why", "long"))
    return _kpi_table(a, b, lang, na, nb), Table("changes", ("Изменения", "Changes")[li(lang)], cols, rows)
