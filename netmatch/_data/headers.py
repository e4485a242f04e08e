"""Column headers a registry may use, in English and Russian, for each model field.

Headers are compared after :func:`netmatch._base.parse.norm` (case, ``ё``, quotes and punctuation
ignored). The first Russian spelling of each field is the one :func:`netmatch.write_registry`
writes with ``headers="ru"``.
"""

from __future__ import annotations

from netmatch._base.parse import norm

__all__ = ["HEADERS", "RU_HEADERS", "TABLE_NAMES", "lookup"]

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "schools": {
        "id": ("Код ОО", "id", "school_id", "код", "код школы", "идентификатор", "код организации", "ИНН"),
        "name": ("Наименование ОО", "name", "наименование", "название", "школа",
                 "краткое наименование", "наименование организации", "полное наименование"),
        "municipality": ("Муниципалитет", "municipality", "муниципальное образование", "МО",
                         "район", "муниципальный район", "городской округ"),
        "settlement": ("Населённый пункт", "settlement", "нас пункт", "населенный пункт"),
        "settlement_type": ("Тип местности", "settlement_type", "тип поселения", "город/село",
                            "местность", "городская/сельская"),
        "latitude": ("Широта", "latitude", "lat"),
        "longitude": ("Долгота", "longitude", "lon", "lng"),
        "phases": ("Уровни образования", "phases", "уровни", "реализуемые уровни", "ступени"),
        "kind": ("Тип ОО", "kind", "вид ОО", "тип школы", "тип организации"),
        "students": ("Кол-во обучающихся", "students", "количество обучающихся", "число обучающихся",
                     "контингент", "обучающихся", "численность обучающихся"),
        "design_capacity": ("Проектная мощность", "design_capacity", "проектная наполняемость",
                            "мощность"),
        "shifts": ("Сменность", "shifts", "количество смен", "число смен", "смены", "смен"),
        "teachers": ("Кол-во педагогов", "teachers", "количество педагогов", "число педагогов",
                     "педагогов", "количество учителей"),
        "share_highest_category": ("Доля педагогов высшей категории", "share_highest_category",
                                   "высшая категория", "доля высшей категории"),
        "share_first_category": ("Доля педагогов первой категории", "share_first_category",
                                 "первая категория", "доля первой категории"),
        "vacancies": ("Вакансии", "vacancies", "вакансии по предметам"),
        "specialists": ("Специалисты", "specialists", "узкие специалисты", "специалисты сопровождения"),
        "languages": ("Языки обучения", "languages", "язык обучения"),
        "internet_mbps": ("Скорость интернета, Мбит/с", "internet_mbps", "скорость интернета",
                          "интернет мбит/с"),
        "social_wellbeing_index": ("ИСБШ", "social_wellbeing_index",
                                   "индекс социального благополучия школы",
                                   "индекс социального благополучия"),
        "share_single_parent": ("Доля неполных семей", "share_single_parent",
                                "доля обучающихся из неполных семей"),
        "share_registered": ("Доля на учёте КДН/ПДН", "share_registered", "доля на учете кдн пдн",
                             "доля состоящих на учете", "учет кдн/пдн"),
        "share_non_native": ("Доля неносителей русского языка", "share_non_native",
                             "доля детей для которых русский язык не родной", "неродной русский"),
        "share_disabled": ("Доля обучающихся с ОВЗ", "share_disabled", "доля овз", "овз"),
        "declared_low_results": ("ШНОР", "declared_low_results", "школа с низкими результатами",
                                 "статус шнор"),
        "declared_unfavourable": ("ШНСУ", "declared_unfavourable",
                                  "школа в неблагоприятных социальных условиях", "статус шнсу"),
        "declared_leader": ("Школа-лидер", "declared_leader", "лидер", "статус лидера"),
        "program_500plus": ("Участник «500+»", "program_500plus", "500+", "проект 500+"),
        "partners": ("Школы-партнёры", "partners", "партнеры", "существующие партнерства",
                     "партнерства"),
        "leader_capacity": ("Макс. число партнёров", "leader_capacity", "емкость лидера",
                            "максимальное число партнеров"),
        "mentor_hours": ("Часы наставничества в неделю", "mentor_hours", "часы наставничества"),
        "centre_candidate": ("Кандидат для нового центра", "centre_candidate",
                             "площадка для нового центра", "кандидат для центра"),
    },
    "results": {
        "school": ("Код ОО", "school", "school_id", "id", "код", "код школы"),
        "year": ("Год", "year", "учебный год"),
        "procedure": ("Процедура", "procedure", "оценочная процедура", "экзамен"),
        "grade": ("Класс", "grade", "параллель"),
        "subject": ("Предмет", "subject", "учебный предмет"),
        "participants": ("Участников", "participants", "кол-во участников", "количество участников",
                         "число участников"),
        "mean_score": ("Средний балл", "mean_score", "ср балл", "средняя отметка"),
        "mean_percent": ("Средний процент выполнения", "mean_percent", "средний процент",
                         "% выполнения"),
        "share_below_minimum": ("Доля не преодолевших минимальный порог", "share_below_minimum",
                                "доля ниже минимума", "не преодолели минимальный порог",
                                "доля двоек", "доля 2"),
        "share_high": ("Доля высоких результатов", "share_high", "доля высокобалльников",
                       "высокобалльники", "доля пятерок", "доля 5"),
    },
    "resources": {
        "id": ("Код ресурса", "id", "resource_id", "код"),
        "host": ("Код ОО", "host", "school", "school_id", "школа", "код школы"),
        "kind": ("Вид ресурса", "kind", "вид", "тип ресурса", "ресурс"),
        "name": ("Наименование ресурса", "name", "наименование", "название"),
        "seats": ("Мест", "seats", "кол-во мест", "количество мест", "посадочных мест"),
        "hours_per_week": ("Свободных часов в неделю", "hours_per_week", "часов в неделю",
                           "свободные часы"),
        "profiles": ("Профили", "profiles", "предметы", "направленности"),
        "remote": ("Дистанционно", "remote", "дистанционный формат", "удаленно"),
    },
}

#: Sheet (or file) names for each table.
TABLE_NAMES: dict[str, tuple[str, ...]] = {
    "schools": ("schools", "Школы", "реестр", "школы", "ОО"),
    "results": ("results", "Результаты", "результаты"),
    "resources": ("resources", "Ресурсы", "ресурсы"),
}

#: The header each field gets when written in Russian.
RU_HEADERS: dict[str, dict[str, str]] = {t: {f: names[0] for f, names in fields.items()}
                                         for t, fields in HEADERS.items()}

_LOOKUP: dict[str, dict[str, str]] = {
    t: {norm(alias): field for field, aliases in fields.items() for alias in (field, *aliases)}
    for t, fields in HEADERS.items()
}


def lookup(table: str, header: object) -> str | None:
    """The field a header names in ``table``, or ``None``.

    >>> lookup("schools", "Кол-во  обучающихся"), lookup("schools", "Широта"), lookup("schools", "x")
    ('students', 'latitude', None)
    """
    return _LOOKUP[table].get(norm(header))
