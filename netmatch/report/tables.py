"""The output tables of a saved plan, built once and written three ways (CSV, Excel, HTML).

«Пары», «Сетевые объединения» (with associations), «Без пары», «Ресурсы», «Загрузка ресурсов»,
«Размещение центров», «Показатели», «Школы» (and «Предупреждения» first when identification could
not apply a rule, :func:`warnings_table`):
:func:`tables` builds them all from a saved plan (see :mod:`netmatch.report.record`), texts in
Russian or English; :func:`kpi_rows` gives the programme indicators as the cards and the console
show them.

>>> import netmatch as nm
>>> from netmatch._scenario import plan
>>> from netmatch.report.record import plan_record
>>> record = plan_record(plan(nm.datasets.load_demo()))
>>> [t.title for t in tables(record).values()][:3]
['Пары', 'Сетевые объединения', 'Без пары']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from netmatch._base.lists import id_list
from netmatch._scenario import FORMS
from netmatch._words.numbers import percent
from netmatch.report.record import plan_warnings
from netmatch.report.words import (
    COMPONENT,
    MODE,
    PROC,
    fmt,
    kind_label,
    li,
    names_of,
    no_coordinates,
    status_label,
    ui,
    yes_no,
)
from netmatch.scoring import COMPONENTS

__all__ = ["Column", "Table", "groups_table", "kpi_rows", "networks_table", "schools_table", "sites_table", "tables",
           "warnings_table"]


@dataclass(frozen=True)
class Column:
    """A column: its key, headers and kind.

    Kinds: ``text``, ``long`` (wrapped), ``int`` (a count), ``num`` (hours, groups: one decimal),
    ``km`` (one decimal), ``score`` (a pair score, two decimals), ``share`` (a fraction shown in
    per cent), ``mixed`` (each row its own kind, :attr:`Table.row_kinds`).

    >>> Column("km", "Расстояние, км", "Distance, km", "km").header("en")
    'Distance, km'
    """

    key: str
    ru: str
    en: str
    kind: str = "text"

    def header(self, lang: str) -> str:
        """The header in Russian or English."""
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Table:
    """One output table: a title (the sheet's name), columns and rows of plain values.

    >>> Table("t", "Т", (Column("a", "А", "A"),), [["x"]]).rows
    [['x']]
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    #: The kind of each row's ``mixed`` cells (the indicators' values: shares, counts, kilometres).
    row_kinds: list[str] = field(default_factory=list)


def _subject(key: str | None, lang: str) -> str:
    """A pair's subject as the table shows it, with its assessment; none (a per-subject plan's pair on the
    overall profile) in words.

    >>> _subject("ege:физика", "ru"), _subject("rdr:химия", "en"), _subject(None, "en")
    ('физика (ЕГЭ)', 'химия (RDR)', 'overall profile')
    """
    if not key:
        return ("общий профиль", "overall profile")[li(lang)]
    proc, _, subject = key.partition(":")
    if not subject:
        return key
    name = PROC.get(proc, (proc.upper(), proc.upper()))[li(lang)]
    return f"{subject} ({name})"


def _pairs_table(record: Mapping[str, Any], lang: str) -> Table:
    names, st = names_of(record), {s["id"]: s["statuses"] for s in record["schools"]}
    cols = [Column("leader", "Лидер", "Leader"), Column("leader_name", "Наименование лидера", "Leader name", "long"),
            Column("partner", "Школа", "School"), Column("partner_name", "Наименование школы", "School name", "long"),
            Column("status", "Статус школы", "School status"), Column("subject", "Предмет", "Subject"),
            Column("score", "Балл пары", "Score", "score"), Column("km", "Расстояние, км", "Distance, km", "km"),
            Column("minutes", "В пути, мин", "Travel, min", "int"), Column("mode", "Формат", "Mode"),
            Column("existing", "Партнёрство уже действует", "Existing partnership"),
            Column("explanation", "Почему эта пара", "Why this pair", "long")]
    cols += [Column(f"c_{c}", f"Балл: {COMPONENT[c][0]}", f"Score: {COMPONENT[c][1]}", "score") for c in COMPONENTS]
    rows = [[p["leader"], names.get(p["leader"], ""), p["partner"], names.get(p["partner"], ""),
             status_label(st.get(p["partner"], []), lang), _subject(p.get("subject"), lang), p["score"], p["km"],
             p["minutes"],
             MODE.get(p["mode"], (p["mode"], p["mode"]))[li(lang)], yes_no(p.get("existing"), lang),
             p[f"explanation_{lang}"], *[p["components"].get(c) for c in COMPONENTS]] for p in record["pairs"]]
    if not any(p.get("subject") for p in record["pairs"]):
        keep = [k for k, c in enumerate(cols) if c.key != "subject"]
        cols = [cols[k] for k in keep]
        rows = [[r[k] for k in keep] for r in rows]
    return Table("pairs", ("Пары", "Pairs")[li(lang)], tuple(cols), rows)


def _unpaired_table(record: Mapping[str, Any], lang: str) -> Table:
    names, st = names_of(record), {s["id"]: s["statuses"] for s in record["schools"]}
    cols: tuple[Column, ...] = (
            Column("school", "Школа", "School"), Column("name", "Наименование", "Name", "long"),
            Column("status", "Статус", "Status"), Column("reason", "Причина", "Reason", "long"),
            Column("nearest", "Ближайший лидер", "Nearest leader"),
            Column("nearest_km", "До него, км", "Its distance, km", "km"))
    rows = [[u["school"], names.get(u["school"], ""), status_label(st.get(u["school"], []), lang),
             u[f"reason_{lang}"], u.get("nearest_leader") or "", u.get("nearest_km")] for u in record["unpaired"]]
    note = "" if rows else ("Все ШНОР и ШНСУ получили школу-лидера." if lang == "ru"
                            else "Every ШНОР and ШНСУ has a leader school.")
    net = record.get("networks")
    if net and rows:  # what the associations make of each: in one, or the smallest change that would bring it in
        place = {m["school"]: m for m in net.get("schools", [])}
        cols = (*cols, Column("network", "В сетевом объединении", "In an association"),
                Column("fix", "Что поможет", "What it would take", "long"))
        schools = {s["id"]: s for s in record["schools"]}
        new = {c["school"] for c in (record.get("siting") or {}).get("centres", []) if c.get("status") == "new"}
        rows = [[*r, place.get(r[0], {}).get("leader") or "",
                 _fix(schools.get(r[0], {}), new, place.get(r[0], {}), lang)] for r in rows]
    return Table("unpaired", ("Без пары", "Unpaired")[li(lang)], cols, rows, note)


def _fix(row: Mapping[str, Any], new: set[str], member: Mapping[str, Any], lang: str) -> str:
    """What would bring a school into the network: the associations' lever and, for a school outside every form,
    a proposed new centre (one of ``new``, the siting's) that would serve it, through the shared resources.

    ``row`` is the school's record in the saved plan, ``member`` its place in the associations.

    >>> _fix({"id": "S", "forms": [], "centre": "C", "centre_minutes": 12.4}, {"C"}, {"fix_en": ""}, "en")
    'a new centre at C (12 min) would serve it: it would take part through the shared resources'
    """
    said = member.get(f"fix_{lang}") or ""
    centre = row.get("centre")
    if row.get("forms") or centre not in new:
        return said
    minutes = row.get("centre_minutes")
    at = f"{centre} ({minutes:.0f} мин)" if minutes is not None and lang == "ru" else (
        f"{centre} ({minutes:.0f} min)" if minutes is not None else str(centre))
    text = (f"новый центр в {at} обслужит её: школа войдёт в сеть через общие ресурсы" if lang == "ru"
            else f"a new centre at {at} would serve it: it would take part through the shared resources")
    return f"{said}; или {text}" if said and lang == "ru" else f"{said}; or {text}" if said else text


def _resources_table(record: Mapping[str, Any], lang: str) -> Table:
    names = names_of(record)
    cols = (Column("school", "Школа", "School"), Column("name", "Наименование", "Name", "long"),
            Column("profile", "Профиль", "Profile"), Column("resource", "Ресурс", "Resource"),
            Column("host", "Где (школа)", "Host school"), Column("host_name", "Наименование школы-хозяина",
                                                               "Host name", "long"),
            Column("groups", "Групп", "Groups", "num"),
            Column("group_hours", "Групп-часов в неделю", "Group-hours a week", "num"),
            Column("minutes", "В пути, мин", "Travel, min", "int"),
            Column("km", "Расстояние, км", "Distance, km", "km"),
            Column("mode", "Формат", "Mode"), Column("priority", "ШНОР/ШНСУ", "ШНОР/ШНСУ"),
            Column("status", "Итог", "Outcome"), Column("reason", "Пояснение", "Note", "long"))
    sh = record.get("sharing")
    rows: list[list[Any]] = []
    if sh:
        i = li(lang)
        for f in sh["flows"]:
            mode = MODE["remote" if f["remote"] else "in_person"][i]
            rows.append([f["school"], names.get(f["school"], ""), kind_label(f["profile"], lang), f["resource"],
                         f["host"], names.get(f["host"], ""), f["groups"], f["group_hours"], f["minutes"], f["km"],
                         mode, yes_no(f["priority"], lang), ("обеспечено", "served")[i], ""])
        for u in sh["unmet"]:
            rows.append([u["school"], names.get(u["school"], ""), kind_label(u["profile"], lang), "", "", "", None,
                         u["group_hours"], u.get("nearest_minutes"), u.get("nearest_km"), "",
                         yes_no(u["priority"], lang), ("не обеспечено", "unmet")[i], u[f"reason_{lang}"]])
    note = demand_note(sh, lang) if sh else ("В реестре нет ресурсов для совместного использования." if lang == "ru"
                                              else "The registry lists no shareable resources.")
    return Table("resources", ("Ресурсы", "Resources")[li(lang)], cols, rows, note)


#: Who asks in the default demand, by ``demand_scope`` (Russian, English).
_SCOPE = {"priority": ("ШНОР/ШНСУ", "the ШНОР/ШНСУ"),
          "associations": ("ШНОР/ШНСУ и школы их сетевых объединений", "the ШНОР/ШНСУ and the schools of their "
                           "associations"),
          "all": ("все школы без своей лаборатории", "every school without its own lab")}


def demand_note(sh: Mapping[str, Any], lang: str) -> str:
    """Where the demand for resources came from, in words (the coordinator reads the served share by it).

    >>> demand_note({"demand_source": "default", "demand_scope": "priority", "group_size": 12,
    ...              "hours_per_group": 2.0, "demands": 10}, "en")[:60]
    'Demand for resources: the default — the ШНОР/ШНСУ ask for la'
    """
    i = li(lang)
    source, n = sh.get("demand_source", "default"), sh.get("demands", 0)
    if source == "needs":
        return (f"Потребность в ресурсах — из таблицы потребностей школ (потребностей: {n}).",
                f"Demand for resources: from the schools' needs table ({n} demands).")[i]
    if source == "table":
        return (f"Потребность в ресурсах — из таблицы, переданной в расчёт (строк: {n}).",
                f"Demand for resources: from the table given to the plan ({n} rows).")[i]
    who = _SCOPE.get(sh.get("demand_scope", "priority"), _SCOPE["priority"])[i]
    g, h = sh.get("group_size"), fmt(sh.get("hours_per_group"), "num", lang)
    return (f"Потребность в ресурсах рассчитана по умолчанию: {who} просят лабораторные часы по самому слабому "
            f"предмету, для учеников классов, где он изучается, группами до {g}, {h} ч в неделю на группу "
            f"(потребностей: {n}). Чтобы планировать по заявкам школ, заполните таблицу «Потребности».",
            f"Demand for resources: the default — {who} ask for lab hours in their weakest subject, for the "
            f"pupils of the grades that study it, in groups of up to {g}, {h} h a week per group ({n} demands). "
            "To plan by the schools' own requests, fill in the «Потребности» (needs) table.")[i]


def _use_table(record: Mapping[str, Any], lang: str) -> Table:
    names = names_of(record)
    cols = (Column("resource", "Ресурс", "Resource"), Column("kind", "Вид", "Kind", "long"),
            Column("host", "Школа", "Host"), Column("host_name", "Наименование", "Host name", "long"),
            Column("seats", "Мест", "Seats", "int"),
            Column("hours", "Свободных часов в неделю", "Free hours a week", "num"),
            Column("shifts", "Смен", "Shifts", "int"),
            Column("capacity", "Ёмкость, групп-часов", "Capacity, group-hours", "num"),
            Column("used", "Использовано", "Used", "num"), Column("share", "Загрузка", "Utilisation", "share"))
    sh = record.get("sharing")
    rows = [[u["resource"], kind_label(u["kind"], lang), u["host"], names.get(u["host"], ""), u["seats"],
             u["hours_per_week"], u["shifts"], u["capacity"], u["used"], u["share"]]
            for u in (sh["utilisation"] if sh else [])]
    return Table("resource_use", ("Загрузка ресурсов", "Resource use")[li(lang)], cols, rows)


def networks_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«Сетевые объединения»: each association's leader, then its members with their trip and format.

    >>> rec = {"schools": [{"id": "L", "name": "a", "statuses": ["leader"]}, {"id": "S", "name": "b",
    ...        "statuses": ["low_results"]}], "networks": {"min_size": 2, "max_size": 7, "associations": [
    ...        {"leader": "L", "members": ["S"]}], "schools": [{"school": "S", "role": "member", "leader": "L",
    ...        "km": 12.0, "minutes": 15.0, "mode": "in_person"}]}}
    >>> [r[:3] + r[5:] for r in networks_table(rec, "en").rows]
    [['L', 'a', 'L', 'leader', None, None, ''], ['L', 'a', 'S', 'member', 12.0, 15.0, 'in person']]
    """
    i = li(lang)
    names, st = names_of(record), {s["id"]: s["statuses"] for s in record["schools"]}
    net = record.get("networks") or {}
    cols = (Column("leader", "Объединение (лидер)", "Association (leader)"),
            Column("leader_name", "Наименование лидера", "Leader name", "long"),
            Column("school", "Школа", "School"), Column("name", "Наименование школы", "School name", "long"),
            Column("status", "Статус школы", "School status"), Column("role", "Роль", "Role"),
            Column("km", "Расстояние, км", "Distance, km", "km"),
            Column("minutes", "В пути, мин", "Travel, min", "int"), Column("mode", "Формат", "Mode"))
    place = {m["school"]: m for m in net.get("schools", [])}
    role = (("лидер", "участник", "соруководитель"), ("leader", "member", "co-leader"))[i]
    rows: list[list[Any]] = []
    for a in net.get("associations", []):
        head = [a["leader"], names.get(a["leader"], "")]
        rows.append([*head, a["leader"], names.get(a["leader"], ""), status_label(st.get(a["leader"], []), lang),
                     role[0], None, None, ""])
        if a.get("co_leader"):
            c = a["co_leader"]
            rows.append([*head, c, names.get(c, ""), status_label(st.get(c, []), lang), role[2],
                         place.get(c, {}).get("km"), None, ""])
        for s in a["members"]:
            m = place.get(s, {})
            rows.append([*head, s, names.get(s, ""), status_label(st.get(s, []), lang), role[1], m.get("km"),
                         m.get("minutes"), MODE.get(m.get("mode") or "", ("", ""))[i]])
    note = "" if rows or not net else ("Объединений не сформировано." if i == 0 else "No association was formed.")
    if net:
        note = note or (f"Объединения по {net['min_size']}–{net['max_size']} школ, лидер в их числе."
                        if i == 0 else f"Associations of {net['min_size']}–{net['max_size']} schools, leader included.")
    return Table("networks", ("Сетевые объединения", "Associations")[i], cols, rows, note)


def groups_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«Предметные группы»: per subject, each group's host strong in it and its members weak in it.

    >>> rec = {"schools": [{"id": "H", "name": "a"}, {"id": "S", "name": "b"}], "groups": {"min_size": 2,
    ...        "max_size": 8, "groups": [{"procedure": "ege", "subject": "химия", "host": "H", "members": ["S"],
    ...        "worst_minutes": 20.0, "remote": 0}], "unplaced": []}}
    >>> groups_table(rec, "en").rows
    [['химия (EGE)', 'H', 'a', 'S', 'b', 20.0, 0]]
    """
    i = li(lang)
    names = names_of(record)
    g = record.get("groups") or {}
    cols: tuple[Column, ...] = (Column("subject", "Предмет", "Subject"), Column("host", "Ведущая школа", "Host school"),
            Column("host_name", "Наименование ведущей", "Host name", "long"),
            Column("members", "Школы группы", "Schools of the group", "long"),
            Column("member_names", "Их наименования", "Their names", "long"),
            Column("worst", "Дальше всего, мин", "Longest trip, min", "int"),
            Column("remote", "Дистанционно", "Remote", "int"))
    staffed = g.get("max_teachers") is not None
    if staffed:  # groups of teachers: how many each brings together
        cols = (*cols, Column("teachers", "Педагогов в группе", "Teachers in the group", "int"))
    rows = [[_subject(f"{x['procedure']}:{x['subject']}", lang), x["host"], names.get(x["host"], ""),
             ", ".join(x["members"]), "; ".join(names.get(s, "") for s in x["members"]), x.get("worst_minutes"),
             x.get("remote"), *([x.get("teachers")] if staffed else [])] for x in g.get("groups", [])]
    left = len(g.get("unplaced", []))
    note = (f"Группы по {g.get('min_size')}–{g.get('max_size')} школ; вне групп остались предметы школ: {left}."
            if i == 0 else f"Groups of {g.get('min_size')}–{g.get('max_size')} schools; school-subjects left out: "
            f"{left}.")
    if staffed:
        note += (f" По таблице педагогов: не больше {g['max_teachers']} педагогов в группе." if i == 0
                 else f" By the teachers table: at most {g['max_teachers']} teachers a group.")
    return Table("groups", ("Предметные группы", "Subject groups")[i], cols, rows, note)


def sites_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """New and existing centres: the schools each serves, their pupils and distances.

    >>> sites_table({"schools": [], "siting": None}, "en").note
    'No siting of new centres was run.'
    """
    names = names_of(record)
    cols = (Column("centre", "Центр (школа)", "Centre (school)"), Column("name", "Наименование", "Name", "long"),
            Column("status", "Статус", "Status"), Column("schools", "Обслуживает школ", "Schools served", "int"),
            Column("pupils", "Обучающихся в них", "Their pupils", "int"),
            Column("mean_minutes", "В пути в среднем, мин", "Mean travel, min", "int"),
            Column("max_minutes", "Наибольшее, мин", "Longest, min", "int"),
            Column("served", "Школы", "Schools", "long"))
    si = record.get("siting")
    i = li(lang)
    rows = []
    for c in (si or {}).get("centres", []):
        status = {"new": ("новый центр", "new centre"), "fixed": ("действующий", "existing")}[c["status"]][i]
        rows.append([c["school"], names.get(c["school"], ""), status, len(c["served"]), c.get("pupils"),
                     c.get("mean_minutes"), c.get("max_minutes"), ", ".join(c["served"])])
    note = (si or {}).get(f"note_{lang}") or ("" if si else ("Размещение новых центров не рассчитывалось." if i == 0
                                                            else "No siting of new centres was run."))
    left_out = (si or {}).get("left_out") or []
    if left_out and not note:
        note = ui("no_xy_sites", lang).format(n=len(left_out))
    return Table("sites", ("Размещение центров", "Centre sites")[i], cols, rows, note)


def _people_kpis(record: Mapping[str, Any], i: int, add: Callable[..., None]) -> None:
    """The indicators of the curators and mentors, when the plan assigned them."""
    of = ("из", "of")[i]
    cur = (record.get("curators") or {}).get("kpis")
    if cur:
        add("curated", ("ШНОР/ШНСУ с куратором", "ШНОР/ШНСУ with a curator"), cur["assigned"],
            f"{cur['assigned']} {of} {cur['schools']}", (f"кураторов занято: {cur['curators_used']} {of} "
                                                         f"{cur['curators']}", f"curators taken: "
                                                         f"{cur['curators_used']} {of} {cur['curators']}")[i],
            kind="int")
    men = (record.get("mentors") or {}).get("kpis")
    if men:
        used = men["mentors_used"]
        add("mentored", ("Педагогов ШНОР/ШНСУ с наставником", "Teachers of ШНОР/ШНСУ with a mentor"), men["matched"],
            f"{men['matched']} {of} {men['mentees']}", (f"по слабым предметам; наставников занято: {used}",
                                                        f"in weak subjects; mentors taken: {used}")[i], kind="int")


def kpi_rows(record: Mapping[str, Any], lang: str = "ru") -> list[dict[str, Any]]:
    """The programme indicators of a saved plan, one dict each.

    Keys: ``key``, ``label``, ``value`` (a number), ``big`` and ``sub`` (the figure and a line
    under it, as a card shows them), ``text`` (both in one line), ``target`` (a share or None),
    ``met`` (True, False or None) and ``kind``.

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> from netmatch.report.record import plan_record
    >>> [r["text"] for r in kpi_rows(plan_record(plan(nm.datasets.load_demo())), "en")][:2]
    ['100% (5 of 5)', '78% (14 of 18)']
    """
    k, t, i = record["kpis"], record["targets"], li(lang)
    rows: list[dict[str, Any]] = []

    def add(key: str, label: tuple[str, str], value: Any, big: str, sub: str = "", target: Any = None,
            met: bool | None = None, kind: str = "num") -> None:
        rows.append({"key": key, "label": label[i], "value": value, "big": big, "sub": sub,
                     "text": f"{big} ({sub})" if sub else big, "target": target, "met": met, "kind": kind})

    def pct(x: Any) -> str:
        return percent(x, lang)

    of = ("из", "of")[i]
    add("share_covered", ("ШНОР и ШНСУ в партнёрстве", "ШНОР and ШНСУ in a partnership"), k.get("share_covered"),
        pct(k.get("share_covered")), f"{k.get('covered')} {of} {k.get('needing')}", t["share_covered"],
        k.get("coverage_target_met"), "share")
    add("share_in_network", ("Школ в сети", "Schools in the network"), k.get("share_in_network"),
        pct(k.get("share_in_network")), f"{k.get('in_network')} {of} {k.get('schools')}", t["share_in_network"],
        k.get("network_target_met"), "share")
    net = record.get("networks")
    if net:
        inside = sum(len(a["members"]) + (not a.get("organisation")) + bool(a.get("co_leader"))
                     for a in net["associations"])
        add("associations", ("Сетевых объединений", "Associations"), len(net["associations"]),
            str(len(net["associations"])), (f"школ в них: {inside}", f"schools in them: {inside}")[i], kind="int")
    needs = (record.get("needs") or {}).get("kpis")
    if needs:  # the needs an organisation answers, of those it could (a need for a resource is the sharing's)
        asked = needs["needs"] - needs["resource_needs"]
        add("needs_answered", ("Потребности школ: ответят организации", "Schools' needs answered by organisations"),
            needs["matched"], f"{needs['matched']} {of} {asked}",
            (f"срочных: {needs['urgent_matched']} {of} {needs['urgent']}",
             f"urgent: {needs['urgent_matched']} {of} {needs['urgent']}")[i], kind="int")
    _people_kpis(record, i, add)
    n_pairs = len(record["pairs"])
    add("pairs", ("Пар лидер — школа", "Leader–school pairs"), n_pairs, str(n_pairs),
        (f"дистанционных: {k.get('remote_pairs')}", f"remote: {k.get('remote_pairs')}")[i], kind="int")
    add("low_results", ("ШНОР", "Low results (ШНОР)"), k.get("low_results"), str(k.get("low_results")), kind="int")
    add("unfavourable", ("ШНСУ", "Unfavourable conditions (ШНСУ)"), k.get("unfavourable"),
        str(k.get("unfavourable")), kind="int")
    add("leaders", ("Школ-лидеров", "Leader schools"), k.get("leaders"), str(k.get("leaders")),
        (f"с партнёрами: {k.get('leaders_used')}", f"with partners: {k.get('leaders_used')}")[i], kind="int")
    km, top = k.get("mean_km"), k.get("max_km")
    add("mean_km", ("Среднее расстояние в паре", "Mean distance in a pair"), km,
        "—" if km is None else f"{km:.0f} " + ("км", "km")[i],
        "" if top is None else (f"наибольшее: {top:.0f} км", f"longest: {top:.0f} km")[i], kind="km")
    if "sharing_share_priority_served" in k:
        add("sharing_priority", ("Потребность ШНОР/ШНСУ в ресурсах обеспечена", "ШНОР/ШНСУ resource demand served"),
            k.get("sharing_share_priority_served"), pct(k.get("sharing_share_priority_served")),
            f"{k.get('sharing_priority_served', 0):g} {of} {k.get('sharing_priority_demand', 0):g} "
            + ("групп-часов в неделю", "group-hours a week")[i], kind="share")
        add("sharing_all", ("Вся потребность в ресурсах обеспечена", "All resource demand served"),
            k.get("sharing_share_served"), pct(k.get("sharing_share_served")),
            f"{k.get('sharing_served', 0):g} {of} {k.get('sharing_demand', 0):g} "
            + ("групп-часов в неделю", "group-hours a week")[i], kind="share")
    si = record.get("siting")
    if si and si.get("centres") is not None:
        new = [c for c in si["centres"] if c["status"] == "new"]
        served = sum(len(c["served"]) for c in new)
        add("new_centres", ("Новые центры", "New centres"), len(new), ", ".join(c["school"] for c in new) or "—",
            (f"обслуживают школ: {served}", f"schools served: {served}")[i] if new else "", kind="int")
    # the one place of the report that lists the schools without coordinates (only when there are some)
    no_xy = no_coordinates(record)
    if no_xy:
        add("no_coordinates", (ui("no_xy", "ru"), ui("no_xy", "en")), len(no_xy), str(len(no_xy)),
            id_list(no_xy, lang), kind="int")
    return rows


def _kpis_table(record: Mapping[str, Any], lang: str) -> Table:
    cols = (Column("label", "Показатель", "Indicator", "long"), Column("value", "Значение", "Value", "mixed"),
            Column("text", "Как читать", "As text"), Column("target", "Цель", "Target", "share"),
            Column("met", "Цель достигнута", "Target met"))
    kpis = kpi_rows(record, lang)
    rows = [[r["label"], r["value"], r["text"], r["target"], yes_no(r["met"], lang)] for r in kpis]
    return Table("kpis", ("Показатели", "Indicators")[li(lang)], cols, rows, row_kinds=[r["kind"] for r in kpis])


def schools_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """The «Школы» table of a saved plan: every school with its status, links, resources, centre and reasons.

    >>> schools_table({"schools": [{"id": "S1", "name": "a", "statuses": ["leader"], "leaders": [], "partners": [],
    ...                             "resources": [], "reasons_en": "top"}]}, "en").rows[0][3:5]
    ['leader', '']
    """
    i = li(lang)
    cols = (Column("id", "Код", "Id"), Column("name", "Наименование", "Name", "long"),
            Column("settlement", "Населённый пункт", "Settlement"), Column("status", "Статус", "Status"),
            Column("links", "Лидер / партнёры в плане", "Leader / partners in the plan"),
            Column("forms", "Участие в сети", "In the network as"),
            Column("resources", "Ресурсы", "Resources", "long"),
            Column("centre", "Ближайший центр", "Nearest centre"),
            Column("centre_minutes", "До центра, мин", "To the centre, min", "int"),
            Column("overall_z", "Результаты, z", "Results, z", "score"),
            Column("context_z", "Контекст, z", "Context, z", "score"),
            Column("reasons", "Обоснование статуса", "Why this status", "long"))
    rows = []
    for s in record["schools"]:
        links = s["leaders"] or s["partners"]
        rows.append([s["id"], s["name"], s.get("settlement") or "", status_label(s["statuses"], lang),
                     ", ".join(links), _forms(s, lang), ", ".join(kind_label(k, lang) for k in s["resources"]),
                     s.get("centre") or "",
                     s.get("centre_minutes"), s.get("overall_z"), s.get("context_z"), s[f"reasons_{lang}"]])
    return Table("schools", ("Школы", "Schools")[i], cols, rows)


def _forms(school: Mapping[str, Any], lang: str) -> str:
    """The forms a school takes part in, in words; «—» in none; the association's leader named."""
    i = li(lang)
    words = []
    for f in school.get("forms") or ():
        text = FORMS.get(f, (f, f))[i]
        if f == "association" and school.get("association") and school["association"] != school["id"]:
            text += f" ({school['association']})"
        words.append(text)
    return ", ".join(words) or "—"


#: How a warning's setting is offered: a fix to apply, or a setting to state the rule as identification applied it.
_FIX_HOW = {"ru": ("исправление", "задать явно"), "en": ("fix", "to state it")}


def warnings_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«Предупреждения»: what identification could not apply to the registry, one row each, with its fix.

    >>> w = {"code": "years_short", "rule": "leader_years", "text_ru": "лидеры не выбираются",
    ...      "text_en": "no leaders", "fix": "rules.leader_years=1", "adapted": False}
    >>> t = warnings_table({"warnings": [w]}, "en")
    >>> t.title, t.rows
    ('Warnings', [['no leaders', 'fix', 'rules.leader_years=1', 'years_short']])
    """
    i = li(lang)
    cols = (Column("warning", "Предупреждение", "Warning", "long"), Column("how", "Что сделать", "What to do"),
            Column("setting", "Настройка (--set)", "Setting (--set)"), Column("code", "Код", "Code"))
    how, text = _FIX_HOW["ru" if i == 0 else "en"], "text_ru" if i == 0 else "text_en"
    # the setting bare: a cell starting with «-» would be neutralised as a formula
    rows = [[w[text], (how[1] if w["adapted"] else how[0]) if w["fix"] else "", w["fix"], w["code"]]
            for w in plan_warnings(record)]
    return Table("warnings", ("Предупреждения", "Warnings")[i], cols, rows)


def tables(record: Mapping[str, Any], lang: str = "ru") -> dict[str, Table]:
    """Every output table of a saved plan, in the workbook's order, texts in ``lang``.

    Keys: ``pairs``, ``networks`` (when the plan formed associations), ``unpaired``, ``resources``,
    ``resource_use``, ``sites``, ``kpis``, ``indicators`` (the programme's indicators), ``groups`` (with
    subject groups), ``organisations`` (with partner organisations), ``needs`` (with the schools' needs
    matched), ``curators`` and ``mentors`` (with curators in the staff and mentors in the teachers table),
    ``events`` and ``agreements`` (with a plan of events), ``schools``;
    ``warnings`` first when the plan has warnings of identification (:func:`warnings_table`).

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> from netmatch.report.record import plan_record
    >>> list(tables(plan_record(plan(nm.datasets.load_demo())), "en"))
    ['pairs', 'networks', 'unpaired', 'resources', 'resource_use', 'sites', 'kpis', 'indicators', 'organisations', \
'needs', 'curators', 'mentors', 'schools']
    """
    from netmatch.report.agreements import agreements_table
    from netmatch.report.events import events_table
    from netmatch.report.indicators import indicators_table
    from netmatch.report.partners import needs_table, organisations_table
    from netmatch.report.people import curators_table, mentors_table

    builders: Sequence[Callable[[Mapping[str, Any], str], Table]] = (
        _pairs_table, _unpaired_table, _resources_table, _use_table, sites_table, _kpis_table, schools_table)
    if record.get("networks"):  # only then: a plan without associations keeps its files as they were
        builders = (_pairs_table, networks_table, *builders[1:])
    if record.get("organisations"):  # only then: a registry of schools alone keeps its files as they were
        builders = (*builders[:-1], organisations_table, builders[-1])
    if record.get("needs"):
        builders = (*builders[:-1], needs_table, builders[-1])
    if record.get("groups"):
        builders = (*builders[:-1], groups_table, builders[-1])
    if record.get("curators"):  # only then: a registry without staff keeps its files as they were
        builders = (*builders[:-1], curators_table, builders[-1])
    if record.get("mentors"):
        builders = (*builders[:-1], mentors_table, builders[-1])
    if record.get("events"):
        builders = (*builders[:-1], events_table, builders[-1])
        # the drafts rest on the plan of events (forms, dates, responsibles): listed with it
        builders = (*builders[:-1], agreements_table, builders[-1])
    if record.get("indicators"):  # beside the plan's own figures
        at = builders.index(_kpis_table) + 1
        builders = (*builders[:at], indicators_table, *builders[at:])
    if plan_warnings(record):  # only then: a plan without warnings keeps its files as they were
        builders = (warnings_table, *builders)
    return {t.key: t for t in (b(record, lang) for b in builders)}
