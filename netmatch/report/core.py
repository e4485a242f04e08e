"""The plan on paper: an Excel workbook, CSV and JSON files and one self-contained HTML report.

Everything starts from a **saved plan** — a plain JSON-able dict built by :func:`plan_record`
from a :class:`netmatch._scenario.Plan` (and, optionally, a siting of new centres). It holds
the schools with their statuses and reasons, the pairs with their explanations, the schools
left without a leader and why, the sharing of resources, the new centres, the programme
indicators and the results dynamics, in Russian and English. :func:`write_plan` writes it
as ``plan.json`` (the file ``netmatch compare`` reads back with :func:`read_plan`),
``plan.xlsx``, one CSV per table and ``report.html``.

The tables — «Пары», «Без пары», «Ресурсы», «Загрузка ресурсов», «Размещение центров»,
«Показатели», «Школы» — are built once by :func:`tables` and written three ways. Text that a
spreadsheet would run as a formula (a cell beginning with ``=``, ``+``, ``-`` or ``@``, or a
tab or carriage return) is neutralised with a leading apostrophe in CSV and Excel, as OWASP
advises against CSV injection, and Excel gets it as a text cell; numbers, negative ones
included, stay numbers.

The HTML report opens with no network: the district map is an inline SVG (an equirectangular
projection scaled by cos(latitude): schools coloured by status, lines for partnerships,
resource hosts and new centres marked), KPI cards against the programme targets (100% of
ШНОР/ШНСУ in a partnership, at least half of all schools in the network), sortable tables (a
few lines of inline JavaScript), charts of the results dynamics (inline SVG) and a print
stylesheet.

>>> import netmatch as nm
>>> from netmatch._scenario import plan
>>> record = plan_record(plan(nm.datasets.load_demo()))
>>> record["format"], len(record["schools"]), record["kpis"]["share_covered"]
('netmatch-plan', 18, 1.0)
>>> [t.title for t in tables(record).values()][:3]
['Пары', 'Без пары', 'Ресурсы']
"""

from __future__ import annotations

import csv
import html
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmatch._data.models import Procedure, ResourceKind
from netmatch._identify import Status
from netmatch.exceptions import InvalidInputError
from netmatch.matching import COVERAGE_TARGET, NETWORK_TARGET
from netmatch.scoring import COMPONENTS

if TYPE_CHECKING:
    from netmatch._data.models import Registry
    from netmatch._scenario import Plan

__all__ = [
    "FORMAT",
    "Column",
    "Table",
    "compare_records",
    "dynamics",
    "kpi_rows",
    "neutralise",
    "plan_record",
    "read_plan",
    "render_html",
    "sites_table",
    "tables",
    "write_csv",
    "write_excel",
    "write_json",
    "write_plan",
]

#: The ``format`` field of a saved plan, and its version.
FORMAT = "netmatch-plan"
VERSION = 1

_GROWTH = {ResourceKind.GROWTH_POINT.value, ResourceKind.GROWTH_POINT_SCIENCE.value,
           ResourceKind.GROWTH_POINT_DIGITAL.value}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell safe for a spreadsheet: text that would run as a formula gets a leading apostrophe.

    Only text is touched: numbers, negative ones included, stay as they are.

    >>> neutralise('=HYPERLINK("x")'), neutralise("-1"), neutralise(-1.5), neutralise("Школа № 1")
    ('\\'=HYPERLINK("x")', "'-1", -1.5, 'Школа № 1')
    """
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


# --- the saved plan ----------------------------------------------------------------------------


def _clean(x: Any) -> Any:
    """JSON-able: NaN and inf become None, numpy scalars plain numbers, tuples lists."""
    if isinstance(x, Mapping):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if hasattr(x, "item") and callable(x.item):  # numpy scalar
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, bool | int | float | str) or x is None:
        return x
    return str(x)


def _status_codes(statuses: Iterable[Status]) -> list[str]:
    return [s.value for s in Status if s in set(statuses)]


def plan_record(plan: Plan, *, siting: Mapping[str, Any] | None = None,
                settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A plan as a plain dict: what ``plan.json`` holds and every output is drawn from.

    Parameters
    ----------
    plan : netmatch._scenario.Plan
    siting : dict, optional
        New centres: ``{"centres": [{"school", "status": "new" | "fixed", "served": [...],
        "pupils", "mean_minutes", "max_minutes"}], "assignment": {school: {"centre", "minutes"}}, ...}``
        as the command line builds it.
    settings : dict, optional
        The settings the plan was made with, kept for the record.
    """
    from netmatch import __version__

    reg, ident, pairing = plan.registry, plan.identification, plan.pairing
    leaders_of: dict[str, list[str]] = {}
    partners_of: dict[str, list[str]] = {}
    for p in pairing.pairs:
        leaders_of.setdefault(p.partner, []).append(p.leader)
        partners_of.setdefault(p.leader, []).append(p.partner)
    resources_of: dict[str, list[str]] = {}
    for r in reg.resources:
        resources_of.setdefault(r.host, []).append(r.kind.value)
    assignment = (siting or {}).get("assignment", {})
    rows = ident.index
    schools = []
    for s in reg.schools:
        i = rows[s.id]
        reasons = ident.reasons[i]
        schools.append({
            "id": s.id, "name": s.name, "settlement": s.settlement, "lat": s.latitude, "lon": s.longitude,
            "students": s.students, "statuses": _status_codes(ident.statuses[i]),
            "role": pairing.roles.get(s.id, "ordinary"),
            "leaders": sorted(set(leaders_of.get(s.id, ()))), "partners": sorted(set(partners_of.get(s.id, ()))),
            "resources": resources_of.get(s.id, []), "centre_candidate": bool(s.centre_candidate),
            "overall_z": float(ident.overall[i]), "context_z": float(ident.context[i]),
            "residual": float(ident.residual[i]),
            "reasons_ru": "; ".join(r.text("ru") for r in reasons),
            "reasons_en": "; ".join(r.text("en") for r in reasons),
            "centre": (assignment.get(s.id) or {}).get("centre"),
            "centre_minutes": (assignment.get(s.id) or {}).get("minutes"),
        })
    pairs = [{"leader": p.leader, "partner": p.partner, "subject": p.subject, "score": p.score, "km": p.km,
              "minutes": p.minutes, "mode": p.mode, "required": p.required, "existing": p.existing,
              "explanation_ru": p.explanation_ru, "explanation_en": p.explanation_en,
              "components": dict(p.components)} for p in pairing.pairs]
    unpaired = [{"school": u.school, "code": u.code, "reason_ru": u.reason_ru, "reason_en": u.reason_en,
                 "missing": u.missing, "nearest_leader": u.nearest_leader, "nearest_km": u.nearest_km}
                for u in pairing.unpaired]
    sharing = None
    if plan.sharing is not None:
        sh = plan.sharing
        sharing = {"status": sh.status, "flows": [f._asdict() for f in sh.flows],
                   "unmet": [{k: v for k, v in u._asdict().items() if k != "full_hosts"} for u in sh.unmet],
                   "utilisation": [{**u._asdict(), "share": u.share} for u in sh.utilisation],
                   "kpis": sh.kpis.as_dict(), "notes": list(sh.notes)}
    record = {
        "format": FORMAT, "version": VERSION, "netmatch": __version__, "name": plan.name,
        "registry": reg.name or "", "years": list(ident.years),
        "method": pairing.method, "status": pairing.status,
        "targets": {"share_covered": COVERAGE_TARGET, "share_in_network": NETWORK_TARGET},
        "kpis": dict(plan.kpis), "settings": dict(settings or {}),
        "schools": schools, "pairs": pairs, "unpaired": unpaired, "sharing": sharing,
        "siting": {k: v for k, v in (siting or {}).items() if k != "assignment"} if siting else None,
        "dynamics": dynamics(reg, plan), "notes": list(plan.notes) + list(pairing.notes),
    }
    return dict(_clean(record))


def dynamics(registry: Registry, plan: Plan) -> list[dict[str, Any]]:
    """Mean z-score by procedure, year and group of schools: paired ШНОР/ШНСУ, their leaders, the rest.

    Within each procedure, year, grade and subject a school's mean result (mean score, else
    mean percent) is standardised against the registry; a school's value in a year is the mean
    over its subjects and grades, and a group's the mean over its schools.
    """
    import numpy as np
    import pandas as pd

    res = registry.results
    if len(res) == 0:
        return []
    frame = pd.DataFrame({"school": res.school, "year": res.year.astype(int), "procedure": res.procedure,
                          "grade": np.nan_to_num(res.grade.astype(float), nan=-1),
                          "subject": res.subject,
                          "value": np.where(np.isnan(res.mean_score.astype(float)), res.mean_percent.astype(float),
                                            res.mean_score.astype(float))})
    frame = frame[frame["value"].notna()]
    keys = ["procedure", "year", "grade", "subject"]
    grouped = frame.groupby(keys, sort=False)["value"]
    sd = grouped.transform("std", ddof=0)
    frame = frame.assign(z=(frame["value"] - grouped.transform("mean")) / sd.where(sd > 0))
    per_school = frame.groupby(["school", "procedure", "year"], sort=True)["z"].mean().dropna().reset_index()
    paired = {p.partner for p in plan.pairing.pairs}
    leaders = {p.leader for p in plan.pairing.pairs}
    needing = {s for s, r in plan.pairing.roles.items() if r == "partner"} - paired

    def group(s: str) -> str:
        if s in paired:
            return "paired"
        if s in leaders:
            return "leaders"
        return "unpaired" if s in needing else "others"

    per_school["group"] = per_school["school"].map(group)
    out = per_school.groupby(["procedure", "group", "year"], sort=True)["z"].agg(["mean", "count"]).reset_index()
    records: list[dict[Any, Any]] = out.to_dict("records")
    return [{"procedure": str(r["procedure"]), "group": str(r["group"]), "year": int(r["year"]),
             "z": float(r["mean"]), "schools": int(r["count"])} for r in records]


def write_json(record: Mapping[str, Any], path: str | Path) -> Path:
    """Write a saved plan as UTF-8 JSON (sorted keys: the same plan gives the same file)."""
    target = Path(path)
    target.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return target


def read_plan(path: str | Path, lang: str = "ru") -> dict[str, Any]:
    """Read a saved plan (``plan.json``, or a folder holding one); a plain error when it is not one.

    >>> read_plan("no-such-plan.json", "en")
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: no-such-plan.json: no such file. Give the plan.json ...
    """
    ru = lang == "ru"
    p = Path(path)
    if p.is_dir():
        p = p / "plan.json"
    if not p.is_file():
        raise InvalidInputError([f"{path}: файл не найден. Укажите plan.json, записанный командой "
                                 "«netmatch plan» (или её папку)." if ru else
                                 f"{path}: no such file. Give the plan.json written by 'netmatch plan' "
                                 "(or its folder)."])
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError([f"{p}: это не JSON ({exc}). Укажите plan.json, записанный командой «netmatch plan»."
                                 if ru else f"{p}: not JSON ({exc}). Give the plan.json written by 'netmatch plan'."]
                                ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InvalidInputError([f"{p}: это не сохранённый план netmatch (нет поля format = {FORMAT!r}). "
                                 "Укажите plan.json, записанный командой «netmatch plan»." if ru else
                                 f"{p}: not a saved netmatch plan (no format = {FORMAT!r}). "
                                 "Give the plan.json written by 'netmatch plan'."])
    if int(doc.get("version", 0)) > VERSION:
        raise InvalidInputError([f"{p}: план записан более новой версией netmatch (формат {doc.get('version')}). "
                                 "Обновите netmatch." if ru else
                                 f"{p}: written by a newer netmatch (format {doc.get('version')}). Upgrade netmatch."])
    missing = [k for k in ("schools", "pairs", "unpaired", "kpis") if not isinstance(doc.get(k), list | dict)]
    if missing:
        raise InvalidInputError([f"{p}: в плане нет разделов {missing}; файл повреждён." if ru
                                 else f"{p}: the plan lacks {missing}; the file is damaged."])
    return doc


# --- words ---------------------------------------------------------------------------------------

_STATUS_EN = {"low_results": "low results (ШНОР)", "unfavourable": "unfavourable conditions (ШНСУ)",
              "leader": "leader", "ordinary": "ordinary", "insufficient_data": "insufficient data"}
_MODE = {"remote": ("дистанционно", "remote"), "in_person": ("очно", "in person")}
_METHOD = {"optimal": ("оптимальный", "optimal"), "load_units": ("оптимальный по часам наставничества",
                                                                   "optimal in mentor hours"),
           "stable": ("устойчивый", "stable"), "subject": ("по предметам", "per subject"),
           "greedy": ("жадный", "greedy")}
_PROC = {p.value: (p.label_ru, p.value.upper()) for p in Procedure}
_GROUPS = {"paired": ("ШНОР/ШНСУ в парах", "ШНОР/ШНСУ in pairs"), "leaders": ("школы-лидеры", "leaders"),
           "unpaired": ("ШНОР/ШНСУ без пары", "ШНОР/ШНСУ unpaired"), "others": ("остальные школы", "other schools")}
_COMPONENT = {"subject": ("предметы", "subjects"), "gap": ("разрыв", "gap"), "context": ("контекст", "context"),
              "resources": ("ресурсы", "resources"), "proximity": ("близость", "proximity"),
              "continuity": ("преемственность", "continuity"), "resilience": ("устойчивость", "resilience")}


def _i(lang: str) -> int:
    return 0 if lang == "ru" else 1


def _status_label(codes: Sequence[str], lang: str) -> str:
    return ", ".join(Status(c).label_ru if lang == "ru" else _STATUS_EN.get(c, c) for c in codes)


_KINDS = {k.value: k for k in ResourceKind}


def _kind_label(kind: str, lang: str) -> str:
    k = _KINDS.get(kind)
    if k is None:
        return kind
    return k.label_ru if lang == "ru" else k.value.replace("_", " ")


def _yes(flag: Any, lang: str) -> str:
    if flag is None:
        return ""
    return ("да", "yes")[_i(lang)] if flag else ("нет", "no")[_i(lang)]


# --- tables --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column: its key, headers and kind (``text``, ``long``, ``int``, ``num``, ``km``, ``share``)."""

    key: str
    ru: str
    en: str
    kind: str = "text"

    def header(self, lang: str) -> str:
        """The header in Russian or English."""
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Table:
    """One output table: a title (the sheet's name), columns and rows of plain values."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


def _names(record: Mapping[str, Any]) -> dict[str, str]:
    return {s["id"]: s["name"] for s in record["schools"]}


def _pairs_table(record: Mapping[str, Any], lang: str) -> Table:
    names, st = _names(record), {s["id"]: s["statuses"] for s in record["schools"]}
    cols = [Column("leader", "Лидер", "Leader"), Column("leader_name", "Наименование лидера", "Leader name", "long"),
            Column("partner", "Школа", "School"), Column("partner_name", "Наименование школы", "School name", "long"),
            Column("status", "Статус школы", "School status"), Column("subject", "Предмет", "Subject"),
            Column("score", "Балл пары", "Score", "num"), Column("km", "Расстояние, км", "Distance, km", "km"),
            Column("minutes", "В пути, мин", "Travel, min", "int"), Column("mode", "Формат", "Mode"),
            Column("existing", "Партнёрство уже действует", "Existing partnership"),
            Column("explanation", "Почему эта пара", "Why this pair", "long")]
    cols += [Column(f"c_{c}", f"Балл: {_COMPONENT[c][0]}", f"Score: {_COMPONENT[c][1]}", "num") for c in COMPONENTS]
    rows = [[p["leader"], names.get(p["leader"], ""), p["partner"], names.get(p["partner"], ""),
             _status_label(st.get(p["partner"], []), lang), p.get("subject") or "", p["score"], p["km"], p["minutes"],
             _MODE.get(p["mode"], (p["mode"], p["mode"]))[_i(lang)], _yes(p.get("existing"), lang),
             p[f"explanation_{lang}"], *[p["components"].get(c) for c in COMPONENTS]] for p in record["pairs"]]
    if not any(p.get("subject") for p in record["pairs"]):
        keep = [k for k, c in enumerate(cols) if c.key != "subject"]
        cols = [cols[k] for k in keep]
        rows = [[r[k] for k in keep] for r in rows]
    return Table("pairs", ("Пары", "Pairs")[_i(lang)], tuple(cols), rows)


def _unpaired_table(record: Mapping[str, Any], lang: str) -> Table:
    names, st = _names(record), {s["id"]: s["statuses"] for s in record["schools"]}
    cols = (Column("school", "Школа", "School"), Column("name", "Наименование", "Name", "long"),
            Column("status", "Статус", "Status"), Column("reason", "Причина", "Reason", "long"),
            Column("nearest", "Ближайший лидер", "Nearest leader"),
            Column("nearest_km", "До него, км", "Its distance, km", "km"))
    rows = [[u["school"], names.get(u["school"], ""), _status_label(st.get(u["school"], []), lang),
             u[f"reason_{lang}"], u.get("nearest_leader") or "", u.get("nearest_km")] for u in record["unpaired"]]
    note = "" if rows else ("Все ШНОР и ШНСУ получили школу-лидера." if lang == "ru"
                            else "Every ШНОР and ШНСУ has a leader school.")
    return Table("unpaired", ("Без пары", "Unpaired")[_i(lang)], cols, rows, note)


def _profile(p: str, lang: str) -> str:
    return _kind_label(p, lang)


def _resources_table(record: Mapping[str, Any], lang: str) -> Table:
    names = _names(record)
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
        i = _i(lang)
        for f in sh["flows"]:
            mode = _MODE["remote" if f["remote"] else "in_person"][i]
            rows.append([f["school"], names.get(f["school"], ""), _profile(f["profile"], lang), f["resource"],
                         f["host"], names.get(f["host"], ""), f["groups"], f["group_hours"], f["minutes"], f["km"],
                         mode, _yes(f["priority"], lang), ("обеспечено", "served")[i], ""])
        for u in sh["unmet"]:
            rows.append([u["school"], names.get(u["school"], ""), _profile(u["profile"], lang), "", "", "", None,
                         u["group_hours"], u.get("nearest_minutes"), u.get("nearest_km"), "",
                         _yes(u["priority"], lang), ("не обеспечено", "unmet")[i], u[f"reason_{lang}"]])
    note = "" if sh else ("В реестре нет ресурсов для совместного использования." if lang == "ru"
                          else "The registry lists no shareable resources.")
    return Table("resources", ("Ресурсы", "Resources")[_i(lang)], cols, rows, note)


def _use_table(record: Mapping[str, Any], lang: str) -> Table:
    names = _names(record)
    cols = (Column("resource", "Ресурс", "Resource"), Column("kind", "Вид", "Kind", "long"),
            Column("host", "Школа", "Host"), Column("host_name", "Наименование", "Host name", "long"),
            Column("seats", "Мест", "Seats", "int"),
            Column("hours", "Свободных часов в неделю", "Free hours a week", "num"),
            Column("shifts", "Смен", "Shifts", "int"),
            Column("capacity", "Ёмкость, групп-часов", "Capacity, group-hours", "num"),
            Column("used", "Использовано", "Used", "num"), Column("share", "Загрузка", "Utilisation", "share"))
    sh = record.get("sharing")
    rows = [[u["resource"], _kind_label(u["kind"], lang), u["host"], names.get(u["host"], ""), u["seats"],
             u["hours_per_week"], u["shifts"], u["capacity"], u["used"], u["share"]]
            for u in (sh["utilisation"] if sh else [])]
    return Table("resource_use", ("Загрузка ресурсов", "Resource use")[_i(lang)], cols, rows)


def sites_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """New and existing centres: the schools each serves, their pupils and distances."""
    names = _names(record)
    cols = (Column("centre", "Центр (школа)", "Centre (school)"), Column("name", "Наименование", "Name", "long"),
            Column("status", "Статус", "Status"), Column("schools", "Обслуживает школ", "Schools served", "int"),
            Column("pupils", "Обучающихся в них", "Their pupils", "int"),
            Column("mean_minutes", "В пути в среднем, мин", "Mean travel, min", "int"),
            Column("max_minutes", "Наибольшее, мин", "Longest, min", "int"),
            Column("served", "Школы", "Schools", "long"))
    si = record.get("siting")
    i = _i(lang)
    rows = []
    for c in (si or {}).get("centres", []):
        status = {"new": ("новый центр", "new centre"), "fixed": ("действующий", "existing")}[c["status"]][i]
        rows.append([c["school"], names.get(c["school"], ""), status, len(c["served"]), c.get("pupils"),
                     c.get("mean_minutes"), c.get("max_minutes"), ", ".join(c["served"])])
    note = (si or {}).get(f"note_{lang}") or ("" if si else ("Размещение новых центров не рассчитывалось." if i == 0
                                                            else "No siting of new centres was run."))
    return Table("sites", ("Размещение центров", "Centre sites")[i], cols, rows, note)


def kpi_rows(record: Mapping[str, Any], lang: str = "ru") -> list[dict[str, Any]]:
    """The programme indicators of a saved plan, one dict each.

    Keys: ``key``, ``label``, ``value`` (a number), ``big`` and ``sub`` (the figure and a line
    under it, as a card shows them), ``text`` (both in one line), ``target`` (a share or None),
    ``met`` (True, False or None) and ``kind``.
    """
    k, t, i = record["kpis"], record["targets"], _i(lang)
    rows: list[dict[str, Any]] = []

    def add(key: str, label: tuple[str, str], value: Any, big: str, sub: str = "", target: Any = None,
            met: bool | None = None, kind: str = "num") -> None:
        rows.append({"key": key, "label": label[i], "value": value, "big": big, "sub": sub,
                     "text": f"{big} ({sub})" if sub else big, "target": target, "met": met, "kind": kind})

    def pct(x: Any) -> str:
        return "—" if x is None else f"{100 * x:.0f}%"

    of = ("из", "of")[i]
    add("share_covered", ("ШНОР и ШНСУ в партнёрстве", "ШНОР and ШНСУ in a partnership"), k.get("share_covered"),
        pct(k.get("share_covered")), f"{k.get('covered')} {of} {k.get('needing')}", t["share_covered"],
        k.get("coverage_target_met"), "share")
    add("share_in_network", ("Школ в сети", "Schools in the network"), k.get("share_in_network"),
        pct(k.get("share_in_network")), f"{k.get('in_network')} {of} {k.get('schools')}", t["share_in_network"],
        k.get("network_target_met"), "share")
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
    return rows


def _kpis_table(record: Mapping[str, Any], lang: str) -> Table:
    cols = (Column("label", "Показатель", "Indicator", "long"), Column("value", "Значение", "Value", "num"),
            Column("text", "Как читать", "As text"), Column("target", "Цель", "Target", "share"),
            Column("met", "Цель достигнута", "Target met"))
    rows = [[r["label"], r["value"], r["text"], r["target"], _yes(r["met"], lang)] for r in kpi_rows(record, lang)]
    return Table("kpis", ("Показатели", "Indicators")[_i(lang)], cols, rows)


def _schools_table(record: Mapping[str, Any], lang: str) -> Table:
    i = _i(lang)
    cols = (Column("id", "Код", "Id"), Column("name", "Наименование", "Name", "long"),
            Column("settlement", "Населённый пункт", "Settlement"), Column("status", "Статус", "Status"),
            Column("links", "Лидер / партнёры в плане", "Leader / partners in the plan"),
            Column("resources", "Ресурсы", "Resources", "long"),
            Column("centre", "Ближайший центр", "Nearest centre"),
            Column("centre_minutes", "До центра, мин", "To the centre, min", "int"),
            Column("overall_z", "Результаты, z", "Results, z", "num"),
            Column("context_z", "Контекст, z", "Context, z", "num"),
            Column("reasons", "Обоснование статуса", "Why this status", "long"))
    rows = []
    for s in record["schools"]:
        links = s["leaders"] or s["partners"]
        rows.append([s["id"], s["name"], s.get("settlement") or "", _status_label(s["statuses"], lang),
                     ", ".join(links), ", ".join(_kind_label(k, lang) for k in s["resources"]), s.get("centre") or "",
                     s.get("centre_minutes"), s.get("overall_z"), s.get("context_z"), s[f"reasons_{lang}"]])
    return Table("schools", ("Школы", "Schools")[i], cols, rows)


def tables(record: Mapping[str, Any], lang: str = "ru") -> dict[str, Table]:
    """Every output table of a saved plan, in the workbook's order, texts in ``lang``.

    Keys: ``pairs``, ``unpaired``, ``resources``, ``resource_use``, ``sites``, ``kpis``, ``schools``.
    """
    builders: Sequence[Callable[[Mapping[str, Any], str], Table]] = (
        _pairs_table, _unpaired_table, _resources_table, _use_table, sites_table, _kpis_table, _schools_table)
    return {t.key: t for t in (b(record, lang) for b in builders)}


# --- CSV and Excel ---------------------------------------------------------------------------------


def _plain_cell(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return neutralise(v)


def write_csv(table: Table, path: str | Path, lang: str = "ru") -> Path:
    """One table as CSV: UTF-8 with a BOM (Excel opens it in Cyrillic), comma-separated, decimal point."""
    target = Path(path)
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([neutralise(c.header(lang)) for c in table.columns])
        for row in table.rows:
            writer.writerow(["" if (v := _plain_cell(x)) is None else v for x in row])
    return target


_FORMATS = {"int": "0", "num": "0.00", "km": "0.0", "share": "0%"}
_WIDTH = {"long": 60, "text": 24}


def write_excel(record: Mapping[str, Any], path: str | Path, lang: str = "ru") -> Path:
    """The workbook: «Пары», «Без пары», «Ресурсы», «Загрузка ресурсов», «Размещение центров», «Показатели», «Школы».

    Header rows are bold and frozen, with filters; long texts wrap; text that could run as a
    formula is written, neutralised, as a text cell.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError(["Writing Excel needs openpyxl: pip install 'netmatch[excel]'."]) from None
    wb = Workbook()
    wb.remove(wb.active)
    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="264653")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    order = ("pairs", "unpaired", "resources", "resource_use", "sites", "kpis", "schools")
    all_tables = tables(record, lang)
    for key in order:
        t = all_tables[key]
        ws = wb.create_sheet(t.title)
        ws.append([c.header(lang) for c in t.columns])
        for cell in ws[1]:
            cell.font, cell.fill, cell.alignment = head_font, head_fill, Alignment(wrap_text=True, vertical="center")
        # rows by number: openpyxl's max_row scans every cell, quadratic over a region's rows
        for r, row in enumerate(t.rows, start=2):
            for j, (value, col) in enumerate(zip(row, t.columns, strict=True), start=1):
                cell = ws.cell(row=r, column=j)
                v = _plain_cell(value)
                if v == "":
                    continue
                cell.value = v
                if isinstance(v, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                    if v.startswith("'"):
                        cell.quotePrefix = True
                elif col.kind in _FORMATS and isinstance(v, int | float) and not isinstance(v, bool):
                    cell.number_format = _FORMATS[col.kind]
                cell.alignment = wrap if col.kind == "long" else top
        if t.note and not t.rows:
            ws.cell(row=2, column=1, value=t.note).font = Font(italic=True)
        for j, col in enumerate(t.columns, start=1):
            letter = ws.cell(row=1, column=j).column_letter
            longest = max([len(col.header(lang))] + [len(str(r[j - 1])) for r in t.rows if r[j - 1] is not None])
            ws.column_dimensions[letter].width = max(8, min(_WIDTH.get(col.kind, 14), longest + 2))
        ws.freeze_panes = "A2"
        if t.rows:
            ws.auto_filter.ref = ws.dimensions
    target = Path(path)
    wb.save(target)
    return target


# --- the HTML report ---------------------------------------------------------------------------------

_COLOURS = {"low_results": "#d1495b", "unfavourable": "#f3a712", "leader": "#2a9d8f", "ordinary": "#a9b4c2",
            "insufficient_data": "#ffffff"}
_GROUP_COLOURS = {"paired": "#d1495b", "leaders": "#2a9d8f", "others": "#8d99ae", "unpaired": "#f3a712"}

_UI = {
    "title": ("План сетевого взаимодействия школ", "School partnership plan"),
    "order": ("Приложение к приказу № ______ от «___» __________ 20___ г.",
              "Annex to order No. ______ of ______________"),
    "plan": ("План", "Plan"), "method": ("метод подбора", "pairing method"),
    "years": ("годы результатов", "years of results"),
    "kpis": ("Показатели программы", "Programme indicators"), "map": ("Карта района", "District map"),
    "dynamics": ("Динамика результатов", "Results dynamics"), "pairs": ("Пары: лидер — школа", "Pairs"),
    "unpaired": ("Школы без пары", "Schools without a leader"), "resources": ("Ресурсы", "Resources"),
    "use": ("Загрузка ресурсов", "Resource use"), "sites": ("Размещение новых центров", "New centre sites"),
    "schools": ("Школы", "Schools"), "settings": ("Параметры расчёта", "Settings"),
    "target": ("цель", "target"), "met": ("цель достигнута", "target met"), "not_met": ("цель не достигнута",
                                                                                     "target not met"),
    "sort": ("Нажмите на заголовок столбца, чтобы отсортировать.", "Click a column header to sort."),
    "defaults": ("Все параметры по умолчанию.", "All settings at their defaults."),
    "others": ("Остальные параметры — по умолчанию.", "Other settings are at their defaults."),
    "legend": ("Обозначения", "Legend"), "low": ("ШНОР", "low results (ШНОР)"),
    "unf": ("ШНСУ", "unfavourable (ШНСУ)"), "both": ("ШНОР и ШНСУ", "ШНОР and ШНСУ"),
    "leader": ("школа-лидер", "leader school"), "ordinary": ("без особого статуса", "ordinary school"),
    "nodata": ("недостаточно данных", "insufficient data"), "pair": ("пара (очно)", "pair (in person)"),
    "remote": ("пара (дистанционно)", "pair (remote)"), "flow": ("пользуется ресурсом", "uses a resource"),
    "tr": ("центр «Точка роста»", "«Точка роста» centre"), "res": ("другой ресурс", "other resource"),
    "new": ("новый центр (предложение)", "new centre (proposed)"), "km": ("км", "km"),
    "nomap": ("Ни у одной школы нет координат: карту не построить.", "No school has coordinates: no map."),
    "z_axis": ("средняя z-оценка (0 — средний уровень района)", "mean z-score (0 = district average)"),
    "dyn_note": ("Для каждой процедуры, года, класса и предмета результат школы сравнивается со всеми школами "
                 "реестра (z-оценка); линия — среднее по группе школ.",
                 "For each procedure, year, grade and subject a school's result is compared with every school of "
                 "the registry (z-score); a line is the mean of a group of schools."),
    "nodyn": ("В реестре нет результатов по годам.", "The registry has no results by year."),
    "generated": ("Подготовлено программой netmatch", "Made with netmatch"),
    "contents": ("Содержание", "Contents"), "notes": ("Примечания", "Notes"),
    "pair_n": ("пар", "pairs"),
}


def _t(key: str, lang: str) -> str:
    return _UI[key][_i(lang)]


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _fmt(v: Any, kind: str, lang: str) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    if kind == "share":
        return f"{100 * v:.0f}%"
    if kind == "int":
        return f"{v:.0f}"
    if kind == "km":
        return f"{v:.1f}"
    if kind == "num":
        return f"{v:.2f}" if isinstance(v, float) and not float(v).is_integer() else f"{v:g}"
    return str(v)


def _merge(t: Table, id_key: str, name_key: str) -> Table:
    """The table with an id column and its name column shown as one «S01 — name» column."""
    keys = [c.key for c in t.columns]
    if id_key not in keys or name_key not in keys:
        return t
    a, b = keys.index(id_key), keys.index(name_key)
    col = t.columns[a]
    cols = tuple(Column(col.key, col.ru, col.en, "name") if j == a else c for j, c in enumerate(t.columns) if j != b)
    rows = [[(f"{r[a]} — {r[b]}" if r[b] else r[a]) if j == a else v for j, v in enumerate(r) if j != b]
            for r in t.rows]
    return Table(t.key, t.title, cols, rows, t.note)


def _html_table(t: Table, lang: str, keys: Sequence[str] | None = None,
                merge: Sequence[tuple[str, str]] = ()) -> str:
    for id_key, name_key in merge:
        t = _merge(t, id_key, name_key)
    cols = [c for c in t.columns if keys is None or c.key in keys]
    idx = [t.columns.index(c) for c in cols]
    if not t.rows:
        return f'<p class="empty">{_e(t.note)}</p>'
    head = "".join(f'<th class="{c.kind}" scope="col" tabindex="0">{_e(c.header(lang))}</th>' for c in cols)
    body = []
    for row in t.rows:
        cells = []
        for j, c in zip(idx, cols, strict=True):
            v = row[j]
            sort = f' data-v="{v}"' if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) \
                else ""
            cells.append(f'<td class="{c.kind}"{sort}>{_e(_fmt(v, c.kind, lang))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="table-wrap"><table class="sortable" id="t-{t.key}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _kpi_cards(record: Mapping[str, Any], lang: str) -> str:
    cards = []
    for r in kpi_rows(record, lang):
        if r["key"] in ("low_results", "unfavourable"):
            continue
        cls, badge, bar = "kpi", "", ""
        if r["target"] is not None:
            met = bool(r["met"])
            cls += " met" if met else " missed"
            badge = (f'<span class="badge">{"✓" if met else "✗"} {_t("met" if met else "not_met", lang)}</span>')
            share = max(0.0, min(1.0, float(r["value"] or 0)))
            bar = (f'<div class="bar" role="img" aria-label="{_e(r["text"])}"><div class="fill" '
                   f'style="width:{100 * share:.1f}%"></div><div class="mark" style="left:{100 * r["target"]:.1f}%">'
                   f'</div></div><div class="target">{_t("target", lang)}: '
                   f'{"≥ " if r["target"] < 1 else ""}{100 * r["target"]:.0f}%</div>')
        sub = f'<div class="sub">{_e(r["sub"])}</div>' if r["sub"] else ""
        cards.append(f'<div class="{cls}" data-kpi="{_e(r["key"])}"><div class="label">{_e(r["label"])}</div>'
                     f'<div class="value">{_e(r["big"])}</div>{sub}{bar}{badge}</div>')
    return f'<div class="cards">{"".join(cards)}</div>'


# -- the map --

def _nice(x: float) -> float:
    """The largest of 1, 2, 5 × 10^k not above x."""
    if x <= 0:
        return 1.0
    p = 10.0 ** math.floor(math.log10(x))
    return float(max(m * p for m in (1, 2, 5) if m * p <= x))


def _map_svg(record: Mapping[str, Any], lang: str) -> str:
    located = [s for s in record["schools"] if s.get("lat") is not None and s.get("lon") is not None]
    if not located:
        return f'<p class="empty">{_t("nomap", lang)}</p>'
    lat0 = sum(s["lat"] for s in located) / len(located)
    k = math.cos(math.radians(lat0))
    xs = [s["lon"] * k for s in located]
    ys = [-s["lat"] for s in located]
    x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
    span = max(x_max - x_min, y_max - y_min, 1e-3)
    width, pad = 960.0, 46.0
    aspect = (y_max - y_min) / max(x_max - x_min, 1e-9) if x_max > x_min else 1.0
    height = max(380.0, min(760.0, (width - 2 * pad) * aspect + 2 * pad + 30))
    scale = min((width - 2 * pad) / max(x_max - x_min, span * 0.05),
                (height - 2 * pad - 30) / max(y_max - y_min, span * 0.05))
    cx = (width - (x_max - x_min) * scale) / 2
    cy = (height - 30 - (y_max - y_min) * scale) / 2

    true_pos = {s["id"]: ((s["lon"] * k - x_min) * scale + cx, (-s["lat"] - y_min) * scale + cy) for s in located}
    pos = _spread(true_pos, 2 * 9.5 + 2) if len(located) <= 2000 else dict(true_pos)
    parts = [f'<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
             f'role="img" aria-label="{_t("map", lang)}">',
             f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" class="sea"/>']
    # graticule: a few meridians and parallels, labelled in degrees
    step = _nice(max((x_max - x_min) / k, y_max - y_min, 0.01) / 4)
    lat_lo, lat_hi = -y_max, -y_min
    lon_lo, lon_hi = x_min / k, x_max / k
    g = []
    lat = math.floor((lat_lo - span) / step) * step
    while lat <= lat_hi + span:
        y = (-lat - y_min) * scale + cy
        if 0 < y < height - 30:
            g.append(f'<line x1="0" y1="{y:.1f}" x2="{width:.0f}" y2="{y:.1f}"/>'
                     f'<text x="4" y="{y - 3:.1f}">{lat:.2f}°</text>')
        lat += step
    lon = math.floor((lon_lo - span / k) / step) * step
    while lon <= lon_hi + span / k:
        x = (lon * k - x_min) * scale + cx
        if 0 < x < width:
            g.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 30:.0f}"/>'
                     f'<text x="{x + 3:.1f}" y="12">{lon:.2f}°</text>')
        lon += step
    parts.append(f'<g class="graticule">{"".join(g)}</g>')

    names = _names(record)
    # resource flows (thin dotted), then pairs
    sh = record.get("sharing") or {}
    flows = sorted({(f["school"], f["host"]) for f in sh.get("flows", [])})
    lines = []
    for a, b in flows:
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            lines.append(f'<line class="flow" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
                         f'<title>{_e(a)} → {_e(b)}: {_t("flow", lang)}</title></line>')
    for p in record["pairs"]:
        a, b = p["leader"], p["partner"]
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            cls = "pair remote" if p["mode"] == "remote" else "pair"
            lines.append(f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
                         f'<title>{_e(a)} — {_e(b)}: {_e(p[f"explanation_{lang}"])}</title></line>')
    parts.append(f'<g class="links">{"".join(lines)}</g>')

    new_sites = {c["school"] for c in (record.get("siting") or {}).get("centres", []) if c["status"] == "new"}
    marks, dots, labels = [], [], []
    placed: list[tuple[float, float, float, float]] = [(x - 9, y - 9, x + 9, y + 9) for x, y in pos.values()]
    for s in located:
        sid = s["id"]
        x, y = pos[sid]
        tx, ty = true_pos[sid]
        if abs(tx - x) + abs(ty - y) > 2:
            dots.append(f'<line class="tether" x1="{tx:.1f}" y1="{ty:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>'
                        f'<circle class="true" cx="{tx:.1f}" cy="{ty:.1f}" r="2"/>')
        if any(r in _GROWTH for r in s["resources"]):
            marks.append(f'<rect class="host tr" x="{x - 12:.1f}" y="{y - 12:.1f}" width="24" height="24" rx="4"/>')
        elif s["resources"]:
            marks.append(f'<rect class="host" x="{x - 11:.1f}" y="{y - 11:.1f}" width="22" height="22" rx="4"/>')
        if sid in new_sites:
            marks.append(f'<circle class="newsite" cx="{x:.1f}" cy="{y:.1f}" r="16"/>')
        st = set(s["statuses"])
        both = {"low_results", "unfavourable"} <= st
        main = next((c for c in ("low_results", "unfavourable", "leader", "insufficient_data") if c in st), "ordinary")
        r = 9.5 if main == "leader" else 8
        extra = " both" if both else ""
        tip = f'{sid} — {s["name"]}: {_status_label(s["statuses"], lang)}'
        if s["leaders"]:
            tip += f' → {", ".join(s["leaders"])}'
        dots.append(f'<circle class="school {main}{extra}" data-id="{_e(sid)}" cx="{x:.1f}" cy="{y:.1f}" r="{r}">'
                    f'<title>{_e(tip)}</title></circle>')
        if len(located) <= 400:
            w = 7.2 * len(sid) + 4
            for dx, dy, anchor in ((13, 4, "start"), (-13, 4, "end"), (0, -14, "middle"), (0, 22, "middle"),
                                   (12, -10, "start"), (-12, -10, "end"), (12, 18, "start"), (-12, 18, "end")):
                x0 = x + dx - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
                box = (x0, y + dy - 11, x0 + w, y + dy + 2)
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed
                           if not (b[0] == x - 9 and b[1] == y - 9)):
                    break
            placed.append(box)
            labels.append(f'<text class="label" x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
                          f'{_e(sid)}<title>{_e(names.get(sid, ""))}</title></text>')
    parts += [f'<g class="marks">{"".join(marks)}</g>', f'<g class="schools">{"".join(dots)}</g>',
              f'<g class="labels">{"".join(labels)}</g>']
    # scale bar (km along a parallel at the mean latitude) and north arrow
    km_per_px = 111.195 / scale
    bar_km = _nice(km_per_px * width / 5)
    bar_px = bar_km / km_per_px
    y_bar = height - 14
    parts.append(f'<g class="scale"><rect x="14" y="{y_bar - 22:.0f}" width="{bar_px + 70:.0f}" height="30" '
                 f'rx="4" class="scalebg"/><line x1="22" y1="{y_bar:.0f}" x2="{22 + bar_px:.1f}" y2="{y_bar:.0f}"/>'
                 f'<line x1="22" y1="{y_bar - 5:.0f}" x2="22" y2="{y_bar + 3:.0f}"/>'
                 f'<line x1="{22 + bar_px:.1f}" y1="{y_bar - 5:.0f}" x2="{22 + bar_px:.1f}" y2="{y_bar + 3:.0f}"/>'
                 f'<text x="{30 + bar_px:.1f}" y="{y_bar + 4:.0f}">{bar_km:g} {_t("km", lang)}</text></g>'
                 f'<g class="north"><path d="M{width - 28:.0f} 46 l10 -26 l10 26 l-10 -7 z"/>'
                 f'<text x="{width - 18:.0f}" y="62" text-anchor="middle">{"С" if lang == "ru" else "N"}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _spread(points: Mapping[str, tuple[float, float]], gap: float) -> dict[str, tuple[float, float]]:
    """Push apart markers closer than ``gap`` (a few relaxation sweeps), deterministically."""
    ids = sorted(points)
    pos = {s: list(points[s]) for s in ids}
    for _ in range(60):
        moved = False
        for a_i, a in enumerate(ids):
            for b in ids[a_i + 1:]:
                dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
                d = math.hypot(dx, dy)
                if d >= gap:
                    continue
                if d < 1e-9:  # same spot: split along a fixed direction
                    dx, dy, d = 1.0, 0.5, math.hypot(1.0, 0.5)
                push = (gap - d) / 2 + 0.01
                ux, uy = dx / d, dy / d
                pos[a][0] -= ux * push
                pos[a][1] -= uy * push
                pos[b][0] += ux * push
                pos[b][1] += uy * push
                moved = True
        if not moved:
            break
    return {s: (p[0], p[1]) for s, p in pos.items()}


def _legend(record: Mapping[str, Any], lang: str) -> str:
    def dot(cls: str, label: str) -> str:
        return (f'<li><svg viewBox="0 0 24 24" width="22" height="22"><circle class="school {cls}" cx="12" cy="12" '
                f'r="8"/></svg>{_e(label)}</li>')

    def line(cls: str, label: str) -> str:
        return (f'<li><svg viewBox="0 0 24 24" width="22" height="22"><line class="{cls}" x1="1" y1="12" x2="23" '
                f'y2="12"/></svg>{_e(label)}</li>')

    items = [dot("low_results", _t("low", lang)), dot("unfavourable", _t("unf", lang)),
             dot("low_results both", _t("both", lang)), dot("leader", _t("leader", lang)),
             dot("ordinary", _t("ordinary", lang)), dot("insufficient_data", _t("nodata", lang)),
             line("pair", _t("pair", lang)), line("pair remote", _t("remote", lang)),
             line("flow", _t("flow", lang)),
             f'<li><svg viewBox="0 0 24 24" width="22" height="22"><rect class="host tr" x="1" y="1" width="22" '
             f'height="22" rx="4"/></svg>{_t("tr", lang)}</li>',
             f'<li><svg viewBox="0 0 24 24" width="22" height="22"><rect class="host" x="2" y="2" width="20" '
             f'height="20" rx="4"/></svg>{_t("res", lang)}</li>']
    if (record.get("siting") or {}).get("centres"):
        items.append(f'<li><svg viewBox="0 0 24 24" width="22" height="22"><circle class="newsite" cx="12" cy="12" '
                     f'r="9"/></svg>{_t("new", lang)}</li>')
    return f'<div class="legend"><h3>{_t("legend", lang)}</h3><ul>{"".join(items)}</ul></div>'


# -- the charts --

def _charts(record: Mapping[str, Any], lang: str) -> str:
    dyn = record.get("dynamics") or []
    if not dyn:
        return f'<p class="empty">{_t("nodyn", lang)}</p>'
    zs = [d["z"] for d in dyn]
    top: float = max(0.5, max(zs) + 0.1)
    bottom: float = min(-0.5, min(zs) - 0.1)
    years = sorted({d["year"] for d in dyn})
    charts = []
    for proc in [p.value for p in Procedure if any(d["procedure"] == p.value for d in dyn)]:
        w, h, left, right, upper, lower = 330.0, 220.0, 40.0, 24.0, 14.0, 28.0

        def x_of(year: int, w: float = w, left: float = left, right: float = right) -> float:
            if len(years) == 1:
                return left + (w - left - right) / 2
            return left + (w - left - right) * years.index(year) / (len(years) - 1)

        def y_of(z: float, h: float = h, upper: float = upper, lower: float = lower) -> float:
            return upper + (h - upper - lower) * (top - z) / (top - bottom)

        parts = [f'<svg class="chart" viewBox="0 0 {w:.0f} {h:.0f}" role="img" '
                 f'aria-label="{_e(_PROC[proc][_i(lang)])}">']
        tick = 0.5 if top - bottom <= 4 else 1.0
        v = math.ceil(bottom / tick) * tick
        while v <= top + 1e-9:
            y = y_of(v)
            parts.append(f'<line class="{"zero" if abs(v) < 1e-9 else "grid"}" x1="{left}" y1="{y:.1f}" '
                         f'x2="{w - right}" y2="{y:.1f}"/><text class="tick" x="{left - 5}" y="{y + 4:.1f}" '
                         f'text-anchor="end">{v:+.1f}</text>'.replace("+0.0", "0"))
            v += tick
        for yr in years:
            parts.append(f'<text class="tick" x="{x_of(yr):.1f}" y="{h - 8:.0f}" text-anchor="middle">{yr}</text>')
        for grp in ("others", "leaders", "unpaired", "paired"):
            pts = sorted((d["year"], d["z"], d["schools"]) for d in dyn if d["procedure"] == proc and d["group"] == grp)
            if not pts:
                continue
            colour = _GROUP_COLOURS[grp]
            path = " ".join(f"{'M' if j == 0 else 'L'}{x_of(yr):.1f} {y_of(z):.1f}" for j, (yr, z, _) in enumerate(pts))
            parts.append(f'<path class="series {grp}" d="{path}" stroke="{colour}"/>')
            for yr, z, n in pts:
                label = f"{_GROUPS[grp][_i(lang)]}, {yr}: z = {z:+.2f} ({n})"
                parts.append(f'<circle cx="{x_of(yr):.1f}" cy="{y_of(z):.1f}" r="3.5" fill="{colour}">'
                             f'<title>{_e(label)}</title></circle>')
        parts.append("</svg>")
        charts.append(f'<figure class="chart-box"><figcaption>{_e(_PROC[proc][_i(lang)])}</figcaption>'
                      f'{"".join(parts)}</figure>')
    groups = [g for g in ("paired", "leaders", "unpaired", "others") if any(d["group"] == g for d in dyn)]
    key = "".join(f'<li><span class="swatch" style="background:{_GROUP_COLOURS[g]}"></span>'
                  f'{_e(_GROUPS[g][_i(lang)])}</li>' for g in groups)
    return (f'<ul class="chart-key">{key}</ul><div class="charts">{"".join(charts)}</div>'
            f'<p class="note">{_t("z_axis", lang).capitalize()}. {_t("dyn_note", lang)}</p>')


def _settings_html(record: Mapping[str, Any], lang: str) -> str:
    s = record.get("settings") or {}
    rows = []
    for section, values in s.items():
        if not isinstance(values, Mapping):
            continue
        for k, v in values.items():
            rows.append(f"<tr><td>{_e(section)}.{_e(k)}</td><td>{_e(json.dumps(v, ensure_ascii=False))}</td></tr>")
    if not rows:
        return f'<p class="note">{_t("defaults", lang)}</p>'
    return f'<table class="settings"><tbody>{"".join(rows)}</tbody></table><p class="note">{_t("others", lang)}</p>'


_CSS = """
:root{--ink:#1d2939;--muted:#5b6b7f;--line:#d7dee8;--bg:#f4f6f9;--card:#fff;--accent:#264653;
--ok:#2a9d8f;--bad:#d1495b;--warn:#f3a712;--res:#7b2cbf}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI","DejaVu Sans","Noto Sans",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
header.top{background:var(--accent);color:#fff;padding:22px 32px 18px}
header.top h1{margin:0 0 4px;font-size:26px;font-weight:650}
header.top .meta{opacity:.9;font-size:14px}
.order{display:none}
nav{background:#fff;border-bottom:1px solid var(--line);padding:8px 32px;
font-size:14px;display:flex;flex-wrap:wrap;gap:4px 18px}
nav a{color:var(--accent);text-decoration:none;white-space:nowrap}
nav a:hover{text-decoration:underline}
main{max-width:1240px;margin:0 auto;padding:18px 24px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 18px}
h2{margin:0 0 12px;font-size:20px;color:var(--accent)}
h3{margin:0 0 8px;font-size:15px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px}
.kpi{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:#fbfcfd;position:relative}
.kpi.met{border-left:6px solid var(--ok)}.kpi.missed{border-left:6px solid var(--bad)}
.kpi .label{color:var(--muted);font-size:13px;min-height:2.6em}
.kpi .value{font-size:30px;font-weight:700;line-height:1.15}
.kpi .sub{color:var(--muted);font-size:13px}
.kpi .bar{height:8px;background:#e6ebf1;border-radius:4px;margin:8px 0 4px;position:relative}
.kpi .fill{height:100%;border-radius:4px;background:var(--ok)}
.kpi.missed .fill{background:var(--bad)}
.kpi .mark{position:absolute;top:-4px;width:2px;height:16px;background:var(--ink)}
.kpi .target{font-size:12px;color:var(--muted)}
.badge{display:inline-block;margin-top:6px;font-size:12px;font-weight:600;padding:2px 8px;border-radius:10px;
background:#e3f4f1;color:#17695f}
.kpi.missed .badge{background:#fbe6e9;color:#9b1c2e}
.map-wrap{display:grid;grid-template-columns:minmax(0,1fr) 220px;gap:16px;align-items:start}
#map{width:100%;height:auto;border:1px solid var(--line);border-radius:8px;background:#eef3f7}
#map .sea{fill:#eef3f7}
#map .graticule line{stroke:#d5dee8;stroke-width:1}
#map .graticule text{fill:#8a99ab;font-size:10px}
#map .pair{stroke:#264653;stroke-width:3;stroke-linecap:round;opacity:.85}
#map .pair.remote{stroke-dasharray:8 6}
#map .flow{stroke:var(--res);stroke-width:1.6;stroke-dasharray:2 4;opacity:.8}
#map .tether{stroke:#8a99ab;stroke-width:1}
#map .true{fill:#5b6b7f}
#map .label{font-size:12.5px;font-weight:600;fill:#1d2939;paint-order:stroke;stroke:#fff;stroke-width:3.5px;
stroke-linejoin:round}
#map .scale line{stroke:#1d2939;stroke-width:2}#map .scale text{font-size:12px;fill:#1d2939}
#map .scalebg{fill:#fff;opacity:.85}
#map .north path{fill:#1d2939}#map .north text{font-size:12px;font-weight:700;fill:#1d2939}
.school{stroke:#fff;stroke-width:2}
.school.low_results{fill:#d1495b}.school.unfavourable{fill:#f3a712}.school.leader{fill:#2a9d8f}
.school.ordinary{fill:#a9b4c2}.school.insufficient_data{fill:#fff;stroke:#8a99ab;stroke-dasharray:3 2}
.school.both{stroke:#f3a712;stroke-width:3.5}
.host{fill:none;stroke:var(--res);stroke-width:2}.host.tr{fill:#efe3fb}
.newsite{fill:none;stroke:#1f6feb;stroke-width:3;stroke-dasharray:5 3}
.legend ul{list-style:none;margin:0;padding:0;font-size:13.5px}
.legend li{display:flex;align-items:center;gap:8px;margin:3px 0}
.legend line.pair{stroke:#264653;stroke-width:3}.legend line.pair.remote{stroke-dasharray:6 4}
.legend line.flow{stroke:var(--res);stroke-width:2;stroke-dasharray:2 3}
.charts{display:flex;flex-wrap:wrap;gap:18px}
.chart-box{margin:0;flex:1 1 320px;max-width:420px}
.chart-box figcaption{font-weight:650;margin-bottom:4px}
.chart{width:100%;height:auto}
.chart .grid{stroke:#e3e8ef}.chart .zero{stroke:#8a99ab;stroke-width:1.5}
.chart .tick{font-size:11px;fill:#5b6b7f}
.chart .series{fill:none;stroke-width:2.5}.chart .series.others{stroke-dasharray:5 4}
.chart-key{list-style:none;padding:0;margin:0 0 8px;display:flex;gap:18px;flex-wrap:wrap;font-size:13.5px}
.swatch{display:inline-block;width:14px;height:14px;border-radius:3px;margin-right:6px;vertical-align:-2px}
.note{color:var(--muted);font-size:13px;margin:8px 0 0}
.empty{color:var(--muted);font-style:italic}
.table-wrap{overflow-x:auto;max-height:640px;overflow-y:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{padding:6px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:#e9eef4;cursor:pointer;user-select:none;z-index:1;vertical-align:bottom}
thead th:hover{background:#dde5ee}
th[aria-sort=ascending]::after{content:" ▲";font-size:10px}th[aria-sort=descending]::after{content:" ▼";font-size:10px}
tbody tr:nth-child(even){background:#f8fafc}
td.int,td.num,td.km,td.share{text-align:right;white-space:nowrap}
th.int,th.num,th.km,th.share{text-align:right}
td.long{min-width:220px}td.name{min-width:150px}
table.settings{width:auto}table.settings td{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px}
@media (max-width:800px){.map-wrap{grid-template-columns:1fr}}
@media print{
@page{size:A4;margin:12mm 10mm}
body{background:#fff;font-size:10.5pt}
nav,.hint{display:none}
.order{display:block;text-align:right;font-size:10pt;margin:0 0 6px}
header.top{background:#fff;color:var(--ink);padding:0 0 6px;border-bottom:2px solid var(--accent)}
main{max-width:none;padding:8px 0}
section{border:none;border-radius:0;padding:0;margin:0 0 14px;break-inside:auto}
section.keep{break-inside:avoid}
section.pagebreak{break-before:page}
section.wide{page:wide}
@page wide{size:A4 landscape;margin:10mm}
h2{font-size:14pt}
.cards{grid-template-columns:repeat(4,1fr);gap:6px}
.kpi{break-inside:avoid;padding:6px 8px}.kpi .value{font-size:18pt}
.map-wrap{grid-template-columns:1fr 150px}
.table-wrap{max-height:none;overflow:visible;border:none}
table{font-size:8.5pt}thead{display:table-header-group}tr{break-inside:avoid}
thead th{position:static;background:#e9eef4}
th[aria-sort]::after{content:""}
#map .label{font-size:16px}#map .scale text{font-size:15px}
td.long{min-width:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_JS = """
(function(){
  function key(td){var v=td.getAttribute('data-v');if(v!==null&&v!==''){return [0,parseFloat(v)];}
    return [1,td.textContent.trim().toLowerCase()];}
  function sortBy(table,col,th){
    var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',dir);
    var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
    rows.forEach(function(r,i){r._i=i;});
    rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);var c;
      if(x[0]!==y[0]){c=x[0]-y[0];}else if(x[0]===0){c=x[1]-y[1];}else{c=x[1].localeCompare(y[1],'ru');}
      if(dir==='descending'){c=-c;}return c||a._i-b._i;});
    rows.forEach(function(r){body.appendChild(r);});
  }
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('thead th').forEach(function(th,col){
      th.addEventListener('click',function(){sortBy(table,col,th);});
      th.addEventListener('keydown',function(e){
        if(e.key==='Enter'||e.key===' '){e.preventDefault();sortBy(table,col,th);}});
    });
  });
  document.documentElement.setAttribute('data-ready','1');
})();
"""


def render_html(record: Mapping[str, Any], lang: str = "ru") -> str:
    """The whole report as one HTML page that needs no network (inline CSS, JavaScript and SVG)."""
    ts = tables(record, lang)
    title = _t("title", lang)
    years = record.get("years") or []
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "—")
    method = _METHOD.get(str(record.get("method")), ("", ""))[_i(lang)] or record.get("method")
    meta = (f'{_e(record.get("registry") or "")} · {_t("plan", lang)} «{_e(record.get("name"))}» · '
            f'{_t("method", lang)}: {_e(method)} · {_t("years", lang)}: {_e(span)}')
    sections = [
        ("kpis", _t("kpis", lang), _kpi_cards(record, lang), "keep"),
        ("map", _t("map", lang), f'<div class="map-wrap">{_map_svg(record, lang)}{_legend(record, lang)}</div>',
         "keep"),
        ("pairs", _t("pairs", lang),
         f'<p class="note hint">{_t("sort", lang)}</p>'
         + _html_table(ts["pairs"], lang, ("leader", "partner", "status", "subject", "score", "km", "minutes", "mode",
                                           "explanation"),
                       (("leader", "leader_name"), ("partner", "partner_name"))), "pagebreak"),
        ("unpaired", _t("unpaired", lang), _html_table(ts["unpaired"], lang, merge=(("school", "name"),)), ""),
        ("dynamics", _t("dynamics", lang), _charts(record, lang), "keep"),
        ("resources", _t("resources", lang),
         _html_table(ts["resources"], lang, ("school", "profile", "resource", "host", "groups", "group_hours",
                                             "minutes", "mode", "status", "reason"), (("school", "name"),))
         + f'<h3 style="margin-top:14px">{_t("use", lang)}</h3>'
         + _html_table(ts["resource_use"], lang, ("resource", "kind", "host", "seats", "capacity", "used", "share")),
         "pagebreak"),
        ("sites", _t("sites", lang), _html_table(ts["sites"], lang, merge=(("centre", "name"),))
         + (f'<p class="note">{_e(ts["sites"].note)}</p>' if ts["sites"].note and ts["sites"].rows else ""), ""),
        ("schools", _t("schools", lang),
         _html_table(ts["schools"], lang, ("id", "settlement", "status", "links", "resources", "centre",
                                           "overall_z", "reasons"), (("id", "name"),)), "pagebreak"),
        ("settings", _t("settings", lang), _settings_html(record, lang), ""),
    ]
    notes = record.get("notes") or []
    if notes:
        sections.append(("notes", _t("notes", lang), "<ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>",
                         ""))
    nav = "".join(f'<a href="#s-{key}">{_e(name)}</a>' for key, name, _, _ in sections)
    # the cards and the map fill a portrait first page; the tables print on landscape pages
    body = "".join(f'<section id="s-{key}" class="{cls}{"" if key in ("kpis", "map") else " wide"}">'
                   f'<h2>{_e(name)}</h2>{content}</section>' for key, name, content, cls in sections)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)} — {_e(record.get("registry") or "")}</title><style>{_CSS}</style></head>'
            f'<body><header class="top"><div class="order">{_t("order", lang)}</div><h1>{_e(title)}</h1>'
            f'<div class="meta">{meta}</div></header><nav aria-label="{_t("contents", lang)}">{nav}</nav>'
            f'<main>{body}</main><footer>{_t("generated", lang)} {_e(record.get("netmatch"))}</footer>'
            f'<script>{_JS}</script></body></html>\n')


# --- everything at once ------------------------------------------------------------------------------


def write_plan(record: Mapping[str, Any], folder: str | Path, lang: str = "ru",
               step: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write ``plan.json``, ``plan.xlsx``, a CSV per table and ``report.html`` into ``folder``.

    ``step`` is called with a short name before each part (for a progress bar).
    Returns the paths by name (``json``, ``xlsx``, ``html`` and ``csv:<table>``).
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    tick = step or (lambda _: None)
    paths: dict[str, Path] = {}
    tick("json")
    paths["json"] = write_json(record, out / "plan.json")
    tick("xlsx")
    paths["xlsx"] = write_excel(record, out / "plan.xlsx", lang)
    tick("csv")
    for key, t in tables(record, lang).items():
        paths[f"csv:{key}"] = write_csv(t, out / f"{key}.csv", lang)
    tick("html")
    paths["html"] = out / "report.html"
    paths["html"].write_text(render_html(record, lang), encoding="utf-8")
    return paths


# --- comparing saved plans ---------------------------------------------------------------------------


def compare_records(a: Mapping[str, Any], b: Mapping[str, Any], lang: str = "ru") -> tuple[Table, Table]:
    """Two saved plans side by side: the indicators, and school by school what changed and why.

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> rec = plan_record(plan(nm.datasets.load_demo()))
    >>> kpis, changes = compare_records(rec, rec)
    >>> len(changes.rows), kpis.rows[0][1] == kpis.rows[0][2]
    (0, True)
    """
    i = _i(lang)
    ka, kb = {r["key"]: r for r in kpi_rows(a, lang)}, {r["key"]: r for r in kpi_rows(b, lang)}
    na, nb = str(a.get("name") or "A"), str(b.get("name") or "B")
    if na == nb:
        na, nb = f"{na} (1)", f"{nb} (2)"
    kpi_cols = (Column("label", "Показатель", "Indicator", "long"), Column("a", na, na), Column("b", nb, nb))
    kpi_table = Table("kpis", ("Показатели", "Indicators")[i], kpi_cols,
                      [[r["label"], r["text"], kb[key]["text"] if key in kb else "—"] for key, r in ka.items()]
                      + [[r["label"], "—", r["text"]] for key, r in kb.items() if key not in ka])

    def leaders(rec: Mapping[str, Any]) -> dict[str, list[str]]:
        return {s["id"]: s["leaders"] for s in rec["schools"]}

    sa = {s["id"]: s for s in a["schools"]}
    sb = {s["id"]: s for s in b["schools"]}
    la, lb = leaders(a), leaders(b)
    why_b = {u["school"]: u[f"reason_{lang}"] for u in b["unpaired"]}
    expl_b = {(p["leader"], p["partner"]): p[f"explanation_{lang}"] for p in b["pairs"]}
    words = {"closed": ("школы нет во втором плане", "school not in the second plan"),
             "opened": ("новая школа", "new school"), "status": ("сменился статус", "status changed"),
             "gained": ("получила лидера", "gained a leader"), "lost": ("осталась без лидера", "lost its leader"),
             "changed": ("сменился лидер", "leader changed"), "mode": ("сменился формат", "mode changed")}
    mode_a = {(p["leader"], p["partner"]): p["mode"] for p in a["pairs"]}
    mode_b = {(p["leader"], p["partner"]): p["mode"] for p in b["pairs"]}
    rows = []
    for sid in sorted(set(sa) | set(sb)):
        name = (sa.get(sid) or sb.get(sid) or {}).get("name", "")
        if sid not in sb:
            rows.append([sid, name, words["closed"][i], ", ".join(la.get(sid, [])), "", ""])
            continue
        if sid not in sa:
            rows.append([sid, name, words["opened"][i], "", ", ".join(lb.get(sid, [])), ""])
            continue
        st_a, st_b = _status_label(sa[sid]["statuses"], lang), _status_label(sb[sid]["statuses"], lang)
        if st_a != st_b:
            rows.append([sid, name, words["status"][i], st_a, st_b, sb[sid][f"reasons_{lang}"]])
        before, after = la.get(sid, []), lb.get(sid, [])
        if before == after:
            for ld in after:
                ma, mb = mode_a.get((ld, sid)), mode_b.get((ld, sid))
                if ma != mb and ma and mb:
                    rows.append([sid, name, words["mode"][i], f"{ld}: {_MODE[ma][i]}", f"{ld}: {_MODE[mb][i]}",
                                 expl_b.get((ld, sid), "")])
            continue
        change = "gained" if not before else "lost" if not after else "changed"
        why = why_b.get(sid, "") if not after else "; ".join(expl_b.get((ld, sid), "") for ld in after)
        rows.append([sid, name, words[change][i], ", ".join(before), ", ".join(after), why])
    cols = (Column("school", "Школа", "School"), Column("name", "Наименование", "Name", "long"),
            Column("change", "Что изменилось", "Change"), Column("before", na, na), Column("after", nb, nb),
            Column("why", "Почему", "Why", "long"))
    return kpi_table, Table("changes", ("Изменения", "Changes")[i], cols, rows)
