"""The report's words: labels of statuses, modes, methods, procedures and groups, in Russian and English.

One catalog for every output (tables, workbook, HTML page and map), so that a label reads the
same everywhere. ``lang`` is ``"ru"`` or ``"en"``; anything else counts as English.

>>> status_label(["low_results", "leader"], "en"), ui("map", "ru")
('low results (ШНОР), leader', 'Карта района')
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from netmatch._base.lists import id_list
from netmatch._data import GROWTH_POINT_KINDS, Procedure, ResourceKind, SchoolKind
from netmatch._identify import Status
from netmatch._scenario import DEFAULT_PLAN_NAME
from netmatch._words import CATALOG
from netmatch._words.numbers import number, percent

__all__ = [
    "COMPONENT",
    "GROUPS",
    "GROWTH",
    "METHOD",
    "MODE",
    "PROC",
    "UI",
    "escape",
    "fmt",
    "kind_label",
    "li",
    "located",
    "names_of",
    "no_coordinates",
    "no_coordinates_line",
    "plan_name",
    "school_kind_label",
    "status_label",
    "ui",
    "yes_no",
]

#: Resource kinds that are «Точка роста» centres (marked apart on the map).
GROWTH = frozenset(kind.value for kind in GROWTH_POINT_KINDS)

_STATUS_EN = {"low_results": "low results (ШНОР)", "unfavourable": "unfavourable conditions (ШНСУ)",
              "leader": "leader", "ordinary": "ordinary", "insufficient_data": "insufficient data"}
MODE = {"remote": ("дистанционно", "remote"), "in_person": ("очно", "in person")}
METHOD = {"optimal": ("оптимальный", "optimal"), "load_units": ("оптимальный по часам наставничества",
                                                                  "optimal in mentor hours"),
          "stable": ("устойчивый", "stable"), "subject": ("по предметам", "per subject"),
          "greedy": ("жадный", "greedy")}
PROC = {p.value: (p.label_ru, p.value.upper()) for p in Procedure}
GROUPS = {"paired": ("ШНОР/ШНСУ в парах", "ШНОР/ШНСУ in pairs"), "leaders": ("школы-лидеры", "leaders"),
          "unpaired": ("ШНОР/ШНСУ без пары", "ШНОР/ШНСУ unpaired"), "others": ("остальные школы", "other schools")}
COMPONENT = {"subject": ("предметы", "subjects"), "gap": ("разрыв", "gap"), "context": ("контекст", "context"),
             "resources": ("ресурсы", "resources"), "proximity": ("близость", "proximity"),
             "continuity": ("преемственность", "continuity"), "resilience": ("устойчивость", "resilience")}
_KINDS = {k.value: k for k in ResourceKind}

#: The HTML report's own words: key -> (Russian, English).
UI = {
    "title": ("План сетевого взаимодействия школ", "School partnership plan"),
    "order": ("Приложение к приказу № ______ от «___» __________ 20___ г.",
              "Annex to order No. ______ of ______________"),
    "plan": ("План", "Plan"), "plan_default": ("базовый", "baseline"), "method": ("метод подбора", "pairing method"),
    "years": ("годы результатов", "years of results"),
    "kpis": ("Показатели программы", "Programme indicators"), "map": ("Карта района", "District map"),
    "indicators": ("Показатели и их цели: числитель, знаменатель, значение",
                   "Indicators against their targets: numerator, denominator, value"),
    "dynamics": ("Динамика результатов", "Results dynamics"), "pairs": ("Пары: лидер — школа", "Pairs"),
    "unpaired": ("Школы без пары", "Schools without a leader"), "resources": ("Ресурсы", "Resources"),
    "use": ("Загрузка ресурсов", "Resource use"), "sites": ("Размещение новых центров", "New centre sites"),
    "schools": ("Школы", "Schools"), "settings": ("Параметры расчёта", "Settings"),
    "people": ("Кураторы и наставники", "Curators and mentors"), "curators": ("Кураторы ШНОР/ШНСУ", "Curators"),
    "mentors": ("Наставники педагогов", "Mentors of the teachers"), "events": ("План мероприятий", "Plan of events"),
    "target": ("цель", "target"), "met": ("цель достигнута", "target met"), "not_met": ("цель не достигнута",
                                                                                     "target not met"),
    "sort": ("Нажмите на заголовок столбца, чтобы отсортировать.", "Click a column header to sort."),
    "score_help": ("«Балл пары» показывает, насколько лидер подходит школе: это сумма частей с весами — лидер силён "
                   "в тех предметах, где школа слаба; разрыв в результатах; сходство условий; ресурсы, которых у "
                   "школы нет; близость; уже действующее партнёрство; устойчивость лидера для ШНСУ. За "
                   "дистанционную пару балл снижается. Чем выше балл, тем лучше пара; веса — в «Параметрах расчёта».",
                   "«Score» says how well the leader suits the school: a weighted sum of parts — the leader strong "
                   "where the school is weak; the results gap; similar conditions; resources the school lacks; "
                   "nearness; an existing partnership; a resilient leader for a ШНСУ. A remote pair scores less. "
                   "The higher the score, the better the pair; the weights are under «Settings»."),
    "defaults": ("Все параметры по умолчанию.", "All settings at their defaults."),
    "others": ("Остальные параметры — по умолчанию.", "Other settings are at their defaults."),
    "legend": ("Обозначения", "Legend"), "low": ("ШНОР", "low results (ШНОР)"),
    "unf": ("ШНСУ", "unfavourable (ШНСУ)"), "both": ("ШНОР и ШНСУ", "ШНОР and ШНСУ"),
    "leader": ("школа-лидер", "leader school"), "ordinary": ("без особого статуса", "ordinary school"),
    "nodata": ("недостаточно данных", "insufficient data"), "pair": ("пара (очно)", "pair (in person)"),
    "remote": ("пара (дистанционно)", "pair (remote)"), "flow": ("пользуется ресурсом", "uses a resource"),
    "assoc": ("в сетевом объединении лидера", "in a leader's association"),
    "tr": ("центр «Точка роста»", "«Точка роста» centre"), "res": ("другой ресурс", "other resource"),
    "new": ("новый центр (предложение)", "new centre (proposed)"), "km": ("км", "km"),
    "nomap": ("Ни у одной школы нет координат: карту не построить.", "No school has coordinates: no map."),
    "t_search": ("Поиск в таблице", "Search the table"),
    "t_printed": ("Строк в таблице: {n}; на экране и при печати — одна страница (поиск и сортировка — по всем "
                  "строкам). Полностью таблица — в книге Excel.", "Rows in the table: {n}; the screen and the printout "
                  "show one page (search and sort cover every row). The whole table is in the Excel workbook."),
    "t_rows": ("строки {a}–{b} из {n}", "rows {a}–{b} of {n}"), "t_prev": ("‹ назад", "‹ previous"),
    "t_next": ("вперёд ›", "next ›"), "t_none": ("ничего не найдено", "nothing found"),
    "m_find": ("Найти школу: название или код", "Find a school: name or code"),
    "m_found_none": ("не найдено", "nothing found"),
    "m_help": ("Колесо мыши или кнопки «+» и «−» — масштаб; наведите на школу — подсказка, щёлкните — подробности. "
               "Слои включаются и выключаются справа; подложка OpenStreetMap — только при подключении к интернету. "
               "Расстояния пар в подсказках и таблицах — по дорогам, масштабная линейка — по прямой.",
               "Scroll or «+» and «−» to zoom; point at a school for a tip, click it for details. Layers are "
               "switched on the right; the OpenStreetMap background needs the internet. The pairs' distances in "
               "tips and tables are by road, the scale bar in a straight line."),
    "m_cluster_note": ("Кружок с числом — группа близких школ; кольцо показывает долю ШНОР и ШНСУ в ней. "
                       "Щелчок приближает.", "A circle with a number is a group of nearby schools; its ring "
                       "shows the share of ШНОР and ШНСУ in it. Click to zoom in."),
    "m_hosts": ("школы с ресурсами", "schools with resources"),
    "m_orgs": ("организации-партнёры", "partner organisations"),
    "m_groups": ("в предметной группе", "in a subject group"),
    "m_plain": ("без подложки", "plain background"),
    "m_osm": ("OpenStreetMap (нужен интернет)", "OpenStreetMap (needs the internet)"),
    "m_schools_n": ("школ", "schools"), "m_priority": ("из них ШНОР/ШНСУ", "of them ШНОР/ШНСУ"),
    "m_p_status": ("Статус", "Status"), "m_p_partners": ("Школы в паре с ней", "Schools paired with it"),
    "m_p_leader": ("Школа-лидер", "Leader school"), "m_p_why": ("Обоснование статуса", "Why this status"),
    "m_p_alone": ("Почему нет пары", "Why it has no leader"), "m_p_res": ("Ресурсы", "Resources"),
    "m_p_centre": ("Ближайший центр", "Nearest centre"), "m_close": ("Закрыть", "Close"),
    "m_lines_cut": ("линий на экране слишком много: показаны {k} из {n}; приблизьте карту",
                    "too many lines on screen: {k} of {n} shown; zoom in"),
    "no_xy": ("Школ без координат", "Schools without coordinates"),
    "no_xy_school": ("нет координат: школа не участвует в расчётах по расстоянию (подбор пар, совместное "
                     "использование ресурсов, размещение центров)", "no coordinates: left out of the distance-based "
                     "steps (pairing, resource sharing, centre siting)"),
    "no_xy_line": ("Школ без координат: {n} ({ids}) — они не участвуют в расчётах по расстоянию: подбор пар, "
                   "совместное использование ресурсов, размещение центров; причина указана у каждой.",
                   "Schools without coordinates: {n} ({ids}) — they take no part in the steps that need distances: "
                   "pairing, sharing of resources, siting of centres; each has its reason."),
    "no_xy_map": ("Школ без координат: {n} — их нет на карте (список — в показателях программы).",
                  "Schools without coordinates: {n} — they are not on the map (listed in the programme "
                  "indicators)."),
    "no_xy_sites": ("В размещении не участвуют школы без координат: {n} (список — в показателях программы).",
                    "Schools without coordinates take no part in the siting: {n} (listed in the programme "
                    "indicators)."),
    "z_axis": ("средняя z-оценка (0 — средний уровень района)", "mean z-score (0 = district average)"),
    "dyn_note": ("Для каждой процедуры, года, класса и предмета результат школы сравнивается со всеми школами "
                 "реестра (z-оценка); линия — среднее по группе школ.",
                 "For each procedure, year, grade and subject a school's result is compared with every school of "
                 "the registry (z-score); a line is the mean of a group of schools."),
    "nodyn": ("В реестре нет результатов по годам.", "The registry has no results by year."),
    "generated": ("Подготовлено программой netmatch", "Made with netmatch"),
    "contents": ("Содержание", "Contents"), "notes": ("Примечания", "Notes"),
    "pair_n": ("пар", "pairs"),
    "warnings": ("Предупреждения", "Warnings"),
    "warn_lead": ("Правила выбора ШНОР, ШНСУ и лидеров применены не полностью — прочтите до плана:",
                  "The rules selecting ШНОР, ШНСУ and leaders were not fully applied — read before the plan:"),
    "warn_fix": ("исправление", "fix"), "warn_state": ("задать явно", "to state it"),
    "kinds": ("Типы школ при выявлении ШНОР и лидеров", "Kinds of school in identifying ШНОР and leaders"),
    "kinds_all": ("все типы школ сравниваются со всеми школами района", "every kind is compared with every school"),
    "kinds_exclude": ("не участвуют в сравнении", "left out of the comparison"),
    "kinds_own_group": ("сравниваются только между собой", "compared only among themselves"),
    "kinds_compare": ("сравниваются со всеми школами", "compared with every school"),
    "kinds_rest": ("остальные — со всеми школами", "the others with every school"),
    "kinds_default": ("так, как сравнивают программы сетевого взаимодействия: общеобразовательные школы; "
                      "изменить: rules.school_kinds", "as the network programmes compare: general education "
                      "schools; to change it: rules.school_kinds"),
}


def plan_name(name: Any, lang: str) -> str:
    """A plan's name as ``lang`` shows it: the default name in that language, any other as given.

    >>> plan_name("базовый", "en"), plan_name("базовый", "ru"), plan_name("30 км", "en"), plan_name(None, "en")
    ('baseline', 'базовый', '30 км', '')
    """
    if name is None:
        return ""
    return ui("plan_default", lang) if str(name) == DEFAULT_PLAN_NAME else str(name)


def li(lang: str) -> int:
    """The index of ``lang`` in a (Russian, English) pair of words.

    >>> li("ru"), li("en")
    (0, 1)
    """
    return 0 if lang == "ru" else 1


def ui(key: str, lang: str) -> str:
    """A word of the HTML report (see :data:`UI`).

    >>> ui("legend", "en")
    'Legend'
    """
    return UI[key][li(lang)]


def status_label(codes: Sequence[str], lang: str) -> str:
    """Status codes as words, comma-separated.

    >>> status_label(["unfavourable"], "ru")
    'ШНСУ'
    """
    return ", ".join(Status(c).label_ru if lang == "ru" else _STATUS_EN.get(c, c) for c in codes)


def kind_label(kind: str, lang: str) -> str:
    """A resource kind as words (an unknown kind as it is).

    >>> kind_label("growth_point", "en"), kind_label("unknown", "ru")
    ('growth point', 'unknown')
    """
    k = _KINDS.get(kind)
    if k is None:
        return kind
    return k.label_ru if lang == "ru" else k.value.replace("_", " ")


def school_kind_label(kind: str, lang: str) -> str:
    """A kind of school as words (an unknown code as it is).

    >>> school_kind_label("special", "ru"), school_kind_label("evening", "en")
    ('коррекционная', 'evening')
    """
    k = SchoolKind.parse(kind)
    if not isinstance(k, SchoolKind):
        return kind
    return k.label_ru if lang == "ru" else k.value.replace("_", " ")


def yes_no(flag: Any, lang: str) -> str:
    """«да»/«нет» (yes/no); empty for None.

    >>> yes_no(True, "ru"), yes_no(False, "en"), yes_no(None, "en")
    ('да', 'no', '')
    """
    if flag is None:
        return ""
    return ("да", "yes")[li(lang)] if flag else ("нет", "no")[li(lang)]


def names_of(record: Mapping[str, Any]) -> dict[str, str]:
    """School (and partner organisation) id -> name, from a saved plan.

    >>> names_of({"schools": [{"id": "S1", "name": "Школа № 1"}], "organisations": [{"id": "O1", "name": "Вуз"}]})
    {'S1': 'Школа № 1', 'O1': 'Вуз'}
    """
    return {s["id"]: s["name"] for s in (*record["schools"], *record.get("organisations", ()))}


def located(school: Mapping[str, Any]) -> bool:
    """Whether a saved plan's school has both coordinates (it is on the map and in the distance-based steps).

    >>> located({"lat": 53.1, "lon": 92.4}), located({"lat": 53.1, "lon": None})
    (True, False)
    """
    return school.get("lat") is not None and school.get("lon") is not None


def no_coordinates(record: Mapping[str, Any]) -> list[str]:
    """The ids of a saved plan's schools without coordinates, in registry order.

    >>> no_coordinates({"schools": [{"id": "S01", "lat": 53.1, "lon": 92.4}, {"id": "S02", "lat": None}]})
    ['S02']
    """
    return [s["id"] for s in record.get("schools", []) if not located(s)]


def no_coordinates_line(ids: Sequence[str], lang: str) -> str:
    """One line about the schools without coordinates: how many, the first few ids, what they miss.

    ``""`` when every school has coordinates; the command line prints it, the report says the same.

    >>> no_coordinates_line(["S08", "S12"], "en")[:46]
    'Schools without coordinates: 2 (S08, S12) — th'
    >>> no_coordinates_line([], "ru")
    ''
    """
    if not ids:
        return ""
    return ui("no_xy_line", lang).format(n=len(ids), ids=id_list(ids, lang))


def escape(x: Any) -> str:
    """Text for HTML: None as empty, quotes escaped too.

    >>> escape('a < "b"'), escape(None)
    ('a &lt; &quot;b&quot;', '')
    """
    return html.escape("" if x is None else str(x), quote=True)


def fmt(v: Any, kind: str, lang: str) -> str:
    """A cell as the HTML table shows it, numbers as ``lang`` writes them: shares in per cent, counts whole,
    kilometres and hours to 0.1, pair scores to 0.01.

    >>> fmt(0.456, "share", "ru"), fmt(12.34, "km", "ru"), fmt(2.0, "num", "ru"), fmt(None, "int", "ru")
    ('46%', '12,3', '2', '')
    >>> fmt(0.6312, "score", "en"), fmt(12500, "int", "ru"), fmt(2.25, "num", "en")
    ('0.63', '12\xa0500', '2.2')
    """
    if type(v) is str:  # most cells: the fast way out
        return v
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    if kind == "share":
        return percent(v, lang)
    if kind == "int":
        return number(v, lang)
    if kind in ("km", "num"):
        return number(v, lang, 0 if float(v).is_integer() else 1)
    if kind == "score":
        return number(v, lang, 2)
    return str(v)


# every label above is an entry of the one catalog (netmatch._words), where the tests find them all
for _section, _texts in (("report", UI), ("report.mode", MODE), ("report.method", METHOD), ("report.groups", GROUPS),
                         ("report.component", COMPONENT)):
    CATALOG.keyed(_section, _texts)
