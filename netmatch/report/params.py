"""The settings of a plan as a coordinator reads them: each parameter's name and unit in Russian or English.

A saved plan keeps its settings by their keys (``constraints.max_km``, ``siting.objective``);
:func:`setting_rows` turns them into rows of words — «Наибольшее расстояние очной пары» and
«40 км» rather than ``constraints.max_km 40`` — with values that are words of the catalog
(«охват», «оптимальный») in the user's language and numbers as the language writes them.
A key the catalog does not know is shown as its key (a newer plan read by an older netmatch).

>>> setting_rows({"constraints": {"max_km": 30.5}, "siting": {"objective": "median"}}, "ru")
[('Наибольшее расстояние очной пары', '30,5 км'), ('Цель размещения центров', 'наименьший суммарный путь')]
>>> setting_rows({"weights": {"proximity": 0.4}}, "en")
[('Weight of nearness', '0.4')]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netmatch._words.numbers import number

__all__ = ["PARAMS", "VALUES", "setting_rows", "setting_value"]

#: ``section.name`` -> (Russian name, English name, Russian unit, English unit).
PARAMS: dict[str, tuple[str, str, str, str]] = {
    "constraints.max_km": ("Наибольшее расстояние очной пары", "Longest in-person pair", "км", "km"),
    "constraints.max_minutes": ("Наибольшее время в пути в очной паре", "Longest in-person travel", "мин", "min"),
    "constraints.road_factor": ("Коэффициент дороги к прямой", "Road to straight-line factor", "", ""),
    "constraints.speed_kmh": ("Скорость в пути", "Travel speed", "км/ч", "km/h"),
    "constraints.beyond_limit": ("За пределом расстояния", "Beyond the limits", "", ""),
    "constraints.remote_candidates": ("Ближайших лидеров для дистанционной пары", "Nearest leaders offered remotely",
                                      "", ""),
    "constraints.remote_max_km": ("Наибольшее расстояние дистанционной пары", "Farthest remote pair", "км", "km"),
    "constraints.min_remote_mbps": ("Скорость интернета для дистанционной работы", "Internet for remote work",
                                    "Мбит/с", "Mbit/s"),
    "constraints.same_phase": ("Лидер ведёт все уровни образования школы", "Leader teaches every phase the school "
                               "does", "", ""),
    "constraints.same_language": ("Общий язык обучения", "Same language of instruction", "", ""),
    "constraints.excluded_pairs": ("Исключённые пары", "Pairs never proposed", "", ""),
    "constraints.required_pairs": ("Обязательные пары (по договору)", "Pairs under contract", "", ""),
    "constraints.leader_capacity": ("Школ на одного лидера (для всех)", "Partners per leader (every leader)",
                                    "", ""),
    "constraints.default_leader_capacity": ("Школ на одного лидера, если в реестре не указано",
                                            "Partners per leader when the registry is silent", "", ""),
    "constraints.load_hours": ("Часов наставничества в неделю на одну пару", "Mentor hours a week per pair",
                               "ч", "h"),
    "constraints.default_mentor_hours": ("Часов наставника в неделю, если в реестре не указано",
                                         "Mentor hours a week when the registry is silent", "ч", "h"),
    "constraints.min_partners": ("Лидеров, нужных школе, чтобы считаться в партнёрстве",
                                 "Leaders a school needs to count as covered", "", ""),
    "constraints.max_partners": ("Наибольшее число лидеров у одной школы", "Most leaders one school may have",
                                 "", ""),
    "weights.subject": ("Вес взаимодополняемости по предметам", "Weight of subject complementarity", "", ""),
    "weights.gap": ("Вес разрыва в результатах", "Weight of the results gap", "", ""),
    "weights.context": ("Вес сходства условий", "Weight of similar context", "", ""),
    "weights.resources": ("Вес ресурсов, которых нет у школы", "Weight of resources the school lacks", "", ""),
    "weights.proximity": ("Вес близости", "Weight of nearness", "", ""),
    "weights.continuity": ("Вес действующего партнёрства", "Weight of an existing partnership", "", ""),
    "weights.resilience": ("Вес устойчивости лидера для ШНСУ", "Weight of a resilient leader for ШНСУ", "", ""),
    "weights.remote_penalty": ("Снижение балла дистанционной пары", "Score taken off a remote pair", "", ""),
    "weights.decay_km": ("Расстояние, на котором близость падает в e раз", "Distance at which nearness falls by e",
                         "км", "km"),
    "rules.years": ("Годы результатов", "Years of results", "", ""),
    "rules.n_years": ("Сколько последних лет оценивать", "Latest years judged", "", ""),
    "rules.min_years": ("Лет с результатами, нужных школе", "Years with results a school needs", "", ""),
    "rules.procedures": ("Оценочные процедуры", "Assessments", "", ""),
    "rules.subjects": ("Предметы", "Subjects", "", ""),
    "rules.preset": ("Опубликованное правило ШНОР", "Published low-results rule", "", ""),
    "rules.by_subject": ("Порог по каждому предмету отдельно", "Threshold applied per subject", "", ""),
    "rules.low_rule": ("Правило ШНОР", "Low-results rule", "", ""),
    "rules.low_share_threshold": ("Порог доли не преодолевших минимум", "Threshold share below the minimum", "", ""),
    "rules.low_share_strict": ("Доля строго выше порога", "Share strictly above the threshold", "", ""),
    "rules.threshold_years": ("Годы ниже порога", "Years below the threshold", "", ""),
    "rules.relative_floor": ("Нижняя граница правила места в районе: доля не преодолевших минимум",
                             "Floor of the regional-rank rule: share below the minimum", "", ""),
    "rules.min_procedures": ("Процедур ниже порога, не меньше", "Procedures below the threshold, at least", "", ""),
    "rules.consecutive_years": ("Лет подряд ниже порога", "Consecutive years below the threshold", "", ""),
    "rules.bottom_share": ("Доля школ с самыми низкими результатами", "Share of schools with the lowest results",
                           "", ""),
    "rules.bottom_years": ("Лет среди самых низких результатов", "Years among the lowest results", "", ""),
    "rules.unfavourable_share": ("Доля школ с самыми трудными условиями", "Share of schools in the hardest "
                                 "conditions", "", ""),
    "rules.wellbeing_threshold": ("Порог благополучия (удовлетворённость)", "Wellbeing threshold", "", ""),
    "rules.composite_threshold": ("Порог сводного индекса условий", "Composite context threshold", "", ""),
    "rules.composite_weights": ("Веса сводного индекса условий", "Weights of the composite context index", "", ""),
    "rules.top_share": ("Доля лучших школ для выбора лидеров", "Share of best schools for leaders", "", ""),
    "rules.leader_years": ("Лет с высокими результатами у лидера", "Years of high results a leader needs", "", ""),
    "rules.risk_share": ("Наибольшая доля не преодолевших минимум у лидера",
                         "Largest share below the minimum a leader may have", "", ""),
    "rules.min_qualified_share": ("Доля педагогов высшей и первой категории у лидера, не меньше",
                                  "Share of qualified teachers a leader needs", "", ""),
    "rules.expectation_sigma": ("Насколько результаты ниже ожидаемых по условиям",
                                "How far results fall below those expected", "станд. откл.", "std. dev."),
    "rules.resilient_sigma": ("Насколько результаты устойчивой школы выше ожидаемых",
                              "How far a resilient school's results rise above those expected", "станд. откл.",
                              "std. dev."),
    "rules.status_source": ("Чей список статусов считается", "Which list of statuses counts", "", ""),
    "rules.school_kinds": ("С кем сравнивать школы каждого типа", "Whom each kind of school is compared with", "",
                           ""),
    "rules.short_data": ("Если лет данных меньше, чем нужно правилу", "When the data hold fewer years than a rule "
                         "needs", "", ""),
    "sharing.max_minutes": ("Наибольшее время поездки к ресурсу", "Longest trip to a resource", "мин", "min"),
    "sharing.max_km": ("Наибольшее расстояние до ресурса", "Farthest resource", "км", "km"),
    "sharing.road_factor": ("Коэффициент дороги к прямой (ресурсы)", "Road to straight-line factor (resources)",
                            "", ""),
    "sharing.speed_kmh": ("Скорость в пути к ресурсу", "Travel speed to a resource", "км/ч", "km/h"),
    "sharing.group_size": ("Обучающихся в группе", "Pupils in a group", "чел.", "pupils"),
    "sharing.shift_factors": ("Доля свободных часов при 1, 2, 3 сменах", "Share of free hours on 1, 2, 3 shifts",
                              "", ""),
    "sharing.remote_penalty_minutes": ("Цена дистанционной группы в минутах пути",
                                       "Cost of a remote group in minutes of travel", "мин", "min"),
    "sharing.remote_candidates": ("Ближайших ресурсов для дистанционной работы", "Nearest resources offered "
                                  "remotely", "", ""),
    "sharing.remote_max_km": ("Наибольшее расстояние дистанционного ресурса", "Farthest remote resource",
                              "км", "km"),
    "sharing.min_remote_mbps": ("Скорость интернета для дистанционных занятий", "Internet for remote sessions",
                                "Мбит/с", "Mbit/s"),
    "sharing.priority": ("Сначала потребность ШНОР/ШНСУ", "ШНОР/ШНСУ demand first", "", ""),
    "sharing.demand_subjects": ("Группы предметов и их лаборатории", "Families of subjects and their labs", "", ""),
    "sharing.weak_subjects": ("Слабых предметов на группу, не больше", "Weakest subjects per family", "", ""),
    "sharing.hours_per_group": ("Часов в неделю на группу", "Hours a week per group", "ч", "h"),
    "siting.k": ("Сколько новых центров разместить", "New centres to site", "", ""),
    "siting.objective": ("Цель размещения центров", "Siting objective", "", ""),
    "siting.max_minutes": ("Досягаемость центра", "A centre's reach", "мин", "min"),
    "siting.clients": ("Кому нужны центры", "Whom centres serve", "", ""),
    "siting.speed_kmh": ("Скорость в пути к центру", "Travel speed to a centre", "км/ч", "km/h"),
    "siting.road_factor": ("Коэффициент дороги к прямой (центры)", "Road to straight-line factor (centres)", "", ""),
    "siting.time_limit": ("Время на расчёт размещения", "Time for the siting solver", "с", "s"),
    "sharing.demand_scope": ("Кто заявляет потребность по умолчанию", "Who asks in the default demand", "", ""),
    "networks.min_size": ("Школ в сетевом объединении, не меньше", "Schools in an association, at least", "", ""),
    "networks.max_size": ("Школ в сетевом объединении, не больше", "Schools in an association, at most", "", ""),
    "networks.extend": ("Обычные школы в объединениях", "Ordinary schools in associations", "", ""),
    "networks.cohesion": ("Сплочённость объединений", "Cohesion of associations", "", ""),
    "networks.time_limit": ("Время на расчёт объединений", "Time for the associations", "с", "s"),
    "networks.co_lead": ("Второй лидер объединения", "A second leader per association", "", ""),
    "targets.coverage_share": ("Цель: доля ШНОР/ШНСУ в сети", "Target: share of ШНОР/ШНСУ in the network", "", ""),
    "targets.network_share": ("Цель: доля всех школ в сети", "Target: share of all schools in the network", "", ""),
    "groups.weak_z": ("Слабый предмет: z не выше", "Weak in a subject: z at most", "", ""),
    "groups.strong_z": ("Сильный предмет: z не ниже", "Strong in a subject: z at least", "", ""),
    "groups.min_size": ("Школ в предметной группе, не меньше", "Schools in a subject group, at least", "", ""),
    "groups.max_size": ("Школ в предметной группе, не больше", "Schools in a subject group, at most", "", ""),
    "groups.max_teachers": ("Педагогов в предметной группе, не больше", "Teachers in a subject group, at most",
                            "чел.", "teachers"),
    "groups.time_limit": ("Время на расчёт предметных групп", "Time for the subject groups", "с", "s"),
    "plan.pairing": ("Метод подбора пар", "Pairing method", "", ""),
    "plan.name": ("Название плана", "Plan name", "", ""),
}

#: Word values of the settings: (``section.name`` or ``*``, value) -> (Russian, English).
VALUES: dict[tuple[str, str], tuple[str, str]] = {
    ("siting.objective", "coverage"): ("охват: больше всего обучающихся в пределах досягаемости",
                                       "coverage: most pupils within reach"),
    ("siting.objective", "median"): ("наименьший суммарный путь", "least total travel"),
    ("siting.clients", "needy"): ("ШНОР и ШНСУ", "ШНОР and ШНСУ"),
    ("siting.clients", "all"): ("все школы", "every school"),
    ("constraints.beyond_limit", "remote"): ("дистанционная пара", "a remote pair"),
    ("constraints.beyond_limit", "forbid"): ("пары нет", "no pair"),
    ("sharing.demand_scope", "priority"): ("ШНОР/ШНСУ", "the ШНОР/ШНСУ"),
    ("sharing.demand_scope", "associations"): ("ШНОР/ШНСУ и школы их объединений", "the ШНОР/ШНСУ and the schools "
                                               "of their associations"),
    ("sharing.demand_scope", "all"): ("все школы без своей лаборатории", "every school without its own lab"),
    ("networks.extend", "target"): ("до цели охвата", "up to the target"),
    ("networks.extend", "all"): ("все, кто может войти", "every one that fits"),
    ("networks.cohesion", "total"): ("наименьший суммарный путь", "least total travel"),
    ("networks.cohesion", "worst"): ("наименьшая самая длинная поездка", "least worst trip"),
    ("plan.pairing", "optimal"): ("оптимальный", "optimal"),
    ("plan.pairing", "stable"): ("устойчивый", "stable"),
    ("plan.pairing", "greedy"): ("жадный (ближайший подходящий)", "greedy"),
    ("plan.pairing", "subject"): ("по предметам", "per subject"),
    ("rules.low_rule", "either"): ("любое из правил", "either rule"),
    ("rules.low_rule", "both"): ("оба правила", "both rules"),
    ("rules.low_rule", "threshold"): ("порог доли", "the threshold"),
    ("rules.low_rule", "relative"): ("самые низкие результаты в районе", "the lowest results of the district"),
    ("rules.preset", "omsk2025"): ("Омская область, 2025", "Omsk region, 2025"),
    ("rules.preset", "rosobrnadzor"): ("более 25% не преодолевших минимум", "more than 25% below the minimum"),
    ("rules.preset", "regional_rank"): ("порог или место в районе", "the threshold or the regional rank"),
    ("rules.threshold_years", "latest"): ("последние годы", "the latest years"),
    ("rules.threshold_years", "any"): ("любые годы окна", "any years of the window"),
    ("rules.status_source", "computed"): ("рассчитанный netmatch", "computed by netmatch"),
    ("rules.status_source", "declared"): ("заявленный в реестре", "declared in the registry"),
    ("rules.status_source", "union"): ("оба списка вместе", "both lists together"),
    ("rules.short_data", "adapt"): ("взять те годы, что есть (с замечанием)", "use the years there are (with a note)"),
    ("rules.short_data", "strict"): ("сохранить требование: школы не выбираются (с замечанием)",
                                     "keep the requirement: no school selected (with a note)"),
    ("rules.short_data", "stop"): ("остановить расчёт", "stop"),
    ("*", "compare"): ("со всеми школами", "with every school"),
    ("*", "own_group"): ("только со школами своего типа", "only with schools of its kind"),
    ("*", "exclude"): ("не участвуют в выявлении", "left out of identification"),
    ("*", "True"): ("да", "yes"), ("*", "False"): ("нет", "no"),
}


def setting_value(key: str, value: Any, lang: str = "ru") -> str:
    """A setting's value in words: catalog words for its choices, numbers in the language's writing, with the unit.

    >>> setting_value("constraints.max_km", 40.0, "ru"), setting_value("sharing.priority", True, "en")
    ('40 км', 'yes')
    >>> setting_value("sharing.shift_factors", [1.0, 0.5, 0.25], "ru")
    '1; 0,5; 0,25'
    """
    i = 0 if lang == "ru" else 1
    unit = PARAMS.get(key, ("", "", "", ""))[2 + i]
    words = VALUES.get((key, str(value))) or VALUES.get(("*", str(value)))
    if words is not None:
        return words[i]
    if value is None:
        return ("не задано", "not set")[i]
    if isinstance(value, (int, float)):
        text = number(value, lang, _decimals(value))
        return f"{text} {unit}" if unit else text
    if isinstance(value, (list, tuple)):
        return "; ".join(setting_value("", v, lang) for v in value) or "—"
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {setting_value('', v, lang)}" for k, v in value.items()) or "—"
    return str(value)


def _decimals(x: float) -> int:
    """As many decimals as the value has, at most four (0.25 → 2, 40.0 → 0)."""
    for d in range(5):
        if round(x, d) == x:
            return d
    return 4


def setting_rows(settings: Mapping[str, Any] | None, lang: str = "ru") -> list[tuple[str, str]]:
    """(name, value) of every parameter set, in words of ``lang``; sections that are not parameters skipped.

    >>> setting_rows({"plan": {"name": "base"}, "columns": {"URN": "id"}}, "en")
    [('Plan name', 'base')]
    """
    i = 0 if lang == "ru" else 1
    rows = []
    for section, values in (settings or {}).items():
        if not isinstance(values, Mapping) or section in ("columns", "procedures", "read"):
            continue
        for name, value in values.items():
            key = f"{section}.{name}"
            label = PARAMS[key][i] if key in PARAMS else key
            rows.append((label, setting_value(key, value, lang)))
    return rows
