"""Column headers a registry may use, in English and Russian, for each model field.

Headers are compared after :func:`netmatch._base.parse.norm` (case, ``ё``, quotes and punctuation
ignored). The first Russian spelling of each field is the one :func:`netmatch.write_registry`
writes with ``headers="ru"``.

:data:`MEANINGS` says what each field holds (``netmatch columns`` prints it), :data:`WEAK` lists
headers with a second common meaning («ИНН»), :func:`suggest` finds the known header an unknown
one looks like a misspelling of, and :class:`ColumnNote` is a notice about a column (kept aside,
or a two-meaning header resolved).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from netmatch._base.parse import norm

__all__ = ["ALTERNATIVE", "HEADERS", "MEANINGS", "REQUIRED", "RU_HEADERS", "TABLE_NAMES", "WEAK", "ColumnNote",
           "is_weak", "lookup", "suggest"]

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "schools": {
        "id": ("Код ОО", "id", "school_id", "код", "код школы", "идентификатор", "код организации", "ИНН"),
        "name": ("Наименование ОО", "name", "наименование", "название", "школа",
                 "краткое наименование", "наименование организации", "полное наименование",
                 "полное наименование ОО", "краткое наименование ОО", "сокращённое наименование",
                 "сокращённое наименование ОО", "наименование образовательной организации",
                 "полное наименование образовательной организации"),
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
        "share_parents_higher_education": ("Доля родителей с высшим образованием", "share_parents_higher_education",
                                           "родители с высшим образованием", "высшее образование родителей"),
        "share_unemployed_parents": ("Доля безработных родителей", "share_unemployed_parents",
                                     "доля детей безработных родителей", "безработные родители",
                                     "безработица родителей"),
        "registered_count": ("На учёте КДН/ПДН, чел.", "registered_count", "состоят на учете кдн пдн",
                             "число обучающихся на учете кдн пдн", "кдн/пдн чел"),
        # one cell «название: число; …»; a column per indicator is «Условия: название» (netmatch._data.context)
        "context_indicators": ("Показатели условий", "context_indicators", "другие показатели условий"),
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
        "share_quality": ("Качество знаний", "share_quality", "доля 4 и 5", "доля «4» и «5»",
                          "доля четверок и пятерок", "качество обучения", "качество", "% качества",
                          "процент качества", "quality"),
        # a school named instead of coded: joined to the schools table (read_registry's match_results)
        "school_name": ("Наименование ОО", "school_name", "наименование", "наименование школы", "название школы",
                        "школа", "образовательная организация", "наименование образовательной организации",
                        "наименование организации", "school name"),
        "municipality": ("Муниципалитет", "municipality", "муниципальное образование", "МО", "район",
                         "муниципальный район", "городской округ"),
        "school_number": ("№ ОО", "school_number", "номер оо", "номер школы", "№ школы", "school number"),
        "count_below_minimum": ("Не преодолели минимальный порог, чел.", "count_below_minimum",
                                "число не преодолевших минимальный порог",
                                "количество не преодолевших минимальный порог", "число двоек",
                                "количество двоек", "кол-во двоек"),
        "count_high": ("Высоких результатов, чел.", "count_high", "число высокобалльников",
                       "количество высокобалльников", "число пятерок", "количество пятерок", "кол-во пятерок"),
        "count_quality": ("На «4» и «5», чел.", "count_quality", "число 4 и 5", "количество 4 и 5",
                          "число четверок и пятерок", "количество четверок и пятерок"),
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
    "organisations": {
        "id": ("Код организации", "id", "organisation_id", "organization_id", "org", "org_id", "код",
               "код партнёра", "код организации-партнёра", "ИНН"),
        # «Организация» in a table of organisations holds its name, as registries write it
        "name": ("Наименование", "name", "наименование организации", "название", "полное наименование",
                 "краткое наименование", "организация", "организация-партнёр", "партнёр", "organisation",
                 "organization"),
        "kind": ("Вид организации", "kind", "вид", "тип организации", "тип", "тип партнёра", "вид партнёра"),
        "municipality": ("Муниципалитет", "municipality", "муниципальное образование", "МО", "район",
                         "муниципальный район", "городской округ"),
        "settlement": ("Населённый пункт", "settlement", "нас пункт", "населенный пункт"),
        "latitude": ("Широта", "latitude", "lat"),
        "longitude": ("Долгота", "longitude", "lon", "lng"),
        "subjects": ("Предметы", "subjects", "предмет", "учебные предметы", "по предметам"),
        "programmes": ("Программы и профили", "programmes", "programs", "программы", "профили", "направления",
                       "направленности", "profiles"),
        "help": ("Виды помощи", "help", "вид помощи", "помощь", "формы помощи", "формы взаимодействия",
                 "виды поддержки"),
        "capacity": ("Сколько школ может взять", "capacity", "емкость", "число школ", "сколько школ",
                     "максимальное число школ", "макс. число школ"),
        "leads": ("Готова возглавить объединение", "leads", "лидер", "организация-лидер",
                  "готова быть лидером", "возглавляет объединение"),
        "remote": ("Дистанционно", "remote", "дистанционный формат", "удаленно", "дистанционная работа"),
    },
    "needs": {
        "school": ("Код ОО", "school", "school_id", "id", "код", "код школы", "школа"),
        "help": ("Вид помощи", "help", "помощь", "потребность", "вид потребности", "вид поддержки",
                 "что нужно"),
        "subject": ("Предмет", "subject", "учебный предмет"),
        "resource": ("Вид ресурса", "resource", "ресурс", "тип ресурса"),
        "priority": ("Приоритет", "priority", "важность", "срочность"),
        "pupils": ("Обучающихся", "pupils", "кол-во обучающихся", "количество обучающихся",
                   "число обучающихся", "обучающиеся", "детей"),
        "hours_per_week": ("Часов в неделю", "hours_per_week", "часы в неделю", "часов", "нужно часов в неделю",
                           "часов в неделю на группу"),
        "note": ("Примечание", "note", "примечания", "комментарий", "описание потребности", "описание"),
    },
    "teachers": {
        "school": ("Код ОО", "school", "школа", "код школы"),
        "subject": ("Предмет", "subject", "учебный предмет"),
        "teachers": ("Педагогов", "teachers", "число педагогов", "количество педагогов", "учителей",
                     "число учителей", "количество учителей", "педагогов по предмету"),
        "name": ("ФИО", "name", "фио педагога", "фамилия имя отчество", "teacher_name"),
        "category": ("Категория", "category", "квалификационная категория", "кв категория"),
        "years": ("Стаж, лет", "years", "стаж", "педагогический стаж", "experience"),
        "mentor": ("Наставник", "mentor", "наставник да нет", "является наставником"),
        "hours": ("Часов в месяц на наставничество", "hours", "часов в месяц", "часы наставничества"),
        "trained": ("Прошли КПК", "trained", "кпк", "прошли кпк за 3 года", "повышение квалификации",
                    "прошли повышение квалификации", "курсы повышения квалификации"),
    },
    "staff": {
        "id": ("Код", "id", "код специалиста", "staff_id", "табельный номер"),
        "name": ("ФИО", "name", "фамилия имя отчество", "специалист"),
        "role": ("Роль", "role", "роль в программе", "должность в программе", "функция"),
        "organisation": ("Место работы", "organisation", "organization", "организация", "учреждение"),
        "school": ("Код ОО", "school", "код школы", "код места работы", "код организации"),
        "head": ("Руководитель", "head", "руководитель оо", "руководитель организации"),
        "municipality": ("Муниципалитет", "municipality", "муниципальное образование", "МО", "район"),
        "subjects": ("Предметы", "subjects", "предмет", "предметы экспертизы", "специализация"),
        "max_schools": ("Сколько школ может курировать", "max_schools", "макс. школ", "число школ", "нагрузка"),
        "hours": ("Часов в месяц", "hours", "часов в месяц на программу", "часы"),
        "latitude": ("Широта", "latitude", "lat"),
        "longitude": ("Долгота", "longitude", "lon", "lng"),
        "remote": ("Дистанционно", "remote", "дистанционный формат", "удаленно", "дистанционная работа"),
    },
    "surveys": {
        "school": ("Код ОО", "school", "school_id", "id", "код", "код школы"),
        "year": ("Год", "year", "учебный год", "год опроса"),
        "survey": ("Опрос", "survey", "анкета", "тема опроса", "название опроса", "вопрос"),
        "respondents": ("Опрошено, чел.", "respondents", "опрошено", "респондентов", "число респондентов",
                        "количество респондентов", "участников опроса", "ответили"),
        "satisfied": ("Доля удовлетворённых", "satisfied", "удовлетворены", "удовлетворенность",
                      "доля удовлетворенных", "удовлетворенность %", "доля удовлетворенных %",
                      "процент удовлетворенных"),
    },
}

#: Sheet (or file) names for each table.
TABLE_NAMES: dict[str, tuple[str, ...]] = {
    "schools": ("schools", "Школы", "реестр", "школы", "ОО"),
    "results": ("results", "Результаты", "результаты"),
    "resources": ("resources", "Ресурсы", "ресурсы"),
    "organisations": ("organisations", "Организации", "Организации-партнёры", "организации", "партнёры",
                      "organizations", "partners"),
    "needs": ("needs", "Потребности", "потребности", "Потребности школ"),
    "teachers": ("teachers", "Педагоги", "педагоги", "Учителя", "учителя", "Педагоги по предметам"),
    "staff": ("staff", "Специалисты", "специалисты", "Кураторы", "кураторы", "Кадры", "кадры"),
    "surveys": ("surveys", "Опросы", "опросы", "Анкетирование", "анкетирование", "Удовлетворённость",
                "удовлетворенность", "Опросы удовлетворённости"),
}

#: Fields that are read but never written: counts of results, which become shares when read.
READ_ONLY: dict[str, frozenset[str]] = {"results": frozenset({"count_below_minimum", "count_high",
                                                                "count_quality"})}

#: The header each field gets when written in Russian (the fields a registry keeps: not :data:`READ_ONLY`).
RU_HEADERS: dict[str, dict[str, str]] = {t: {f: names[0] for f, names in fields.items()
                                             if f not in READ_ONLY.get(t, frozenset())}
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


# --- what each field means, for `netmatch columns` and for mapping files ------------------------------

#: The fields a table cannot do without.
REQUIRED: dict[str, tuple[str, ...]] = {
    "schools": ("id", "name"),
    "results": ("school", "year", "procedure", "subject"),
    "resources": ("id", "host", "kind"),
    "organisations": ("id", "name", "kind"),
    "needs": ("school", "help"),
    "teachers": ("school", "subject", "teachers"),
    "staff": ("id", "name", "role"),
    "surveys": ("school", "year", "satisfied"),
}
#: A required field another column may stand for: a table of named teachers needs no count column.
ALTERNATIVE: dict[tuple[str, str], str] = {("teachers", "teachers"): "name"}

#: Headers with a second common meaning, read as their field only when no other column gives it:
#: «ИНН» is the tax number in most registries and the school code in a few.
WEAK: dict[str, frozenset[str]] = {
    "schools": frozenset({norm("ИНН")}),
    "results": frozenset(),
    "resources": frozenset(),
    "organisations": frozenset({norm("ИНН")}),
    "needs": frozenset(),
    "teachers": frozenset(),
    "staff": frozenset(),
    "surveys": frozenset(),
}

#: table -> field -> (Russian, English): what the column holds and how values are written.
MEANINGS: dict[str, dict[str, tuple[str, str]]] = {
    "schools": {
        "id": ("код школы, уникальный в реестре", "the school's code, unique in the registry"),
        "name": ("наименование школы", "the school's name"),
        "municipality": ("муниципальное образование (район, округ)", "municipality (district)"),
        "settlement": ("населённый пункт", "settlement (town or village)"),
        "settlement_type": ("тип местности: город или село", "urban or rural"),
        "latitude": ("широта, градусы (от -90 до 90)", "latitude, degrees (-90 to 90)"),
        "longitude": ("долгота, градусы (от -180 до 180)", "longitude, degrees (-180 to 180)"),
        "phases": ("реализуемые уровни: НОО, ООО, СОО", "phases taught: primary, lower and upper secondary"),
        "kind": ("тип ОО: СОШ, ООШ, НОШ, гимназия, лицей, вечерняя, коррекционная…",
                 "kind of school: secondary, basic, primary, gymnasium, lyceum, evening, special…"),
        "students": ("количество обучающихся", "number of pupils"),
        "design_capacity": ("проектная мощность, мест", "design capacity, places"),
        "shifts": ("сменность: 1, 2 или 3", "shifts: 1, 2 or 3"),
        "teachers": ("количество педагогов", "number of teachers"),
        "share_highest_category": ("доля педагогов высшей категории (0,35 или 35%)",
                                   "share of teachers of the highest category (0.35 or 35%)"),
        "share_first_category": ("доля педагогов первой категории", "share of teachers of the first category"),
        "vacancies": ("вакансии по предметам: «математика: 1; физика: 0,5»",
                      "vacancies by subject: 'математика: 1; физика: 0.5'"),
        "specialists": ("специалисты в штате: психолог, логопед, дефектолог, соцпедагог",
                        "specialists on the staff: psychologist, speech therapist, special educator, social worker"),
        "languages": ("языки обучения", "languages of instruction"),
        "internet_mbps": ("скорость интернета, Мбит/с", "internet speed, Mbit/s"),
        "social_wellbeing_index": ("индекс социального благополучия школы (ИСБШ)",
                                   "the school's social wellbeing index (ИСБШ)"),
        "share_single_parent": ("доля обучающихся из неполных семей", "share of pupils from single-parent families"),
        "share_registered": ("доля обучающихся на учёте КДН/ПДН", "share of pupils on a juvenile-affairs register"),
        "share_non_native": ("доля обучающихся, для которых русский язык не родной",
                             "share of pupils whose first language is not Russian"),
        "share_disabled": ("доля обучающихся с ОВЗ", "share of pupils with special educational needs"),
        "share_parents_higher_education": ("доля родителей с высшим образованием",
                                           "share of parents with higher education"),
        "share_unemployed_parents": ("доля обучающихся с безработными родителями",
                                     "share of pupils whose parents are unemployed"),
        "registered_count": ("обучающихся на учёте КДН/ПДН, человек", "pupils on a juvenile-affairs register"),
        "context_indicators": ("другие показатели условий, названные вами: «название: число; …» в одной ячейке "
                               "или столбец на показатель с заголовком «Условия: название»",
                               "other indicators of conditions you name: 'name: number; …' in one cell, or a "
                               "column per indicator headed 'context: name'"),
        "declared_low_results": ("статус ШНОР по официальному списку: да/нет",
                                 "declared low-results school (ШНОР): yes/no"),
        "declared_unfavourable": ("статус ШНСУ по официальному списку: да/нет",
                                  "declared school in unfavourable conditions (ШНСУ): yes/no"),
        "declared_leader": ("статус школы-лидера: да/нет", "declared leader school: yes/no"),
        "program_500plus": ("участник проекта «500+»: да/нет", "in the «500+» programme: yes/no"),
        "partners": ("существующие партнёрства: коды школ через «;»", "existing partnerships: school codes, ';'"),
        "leader_capacity": ("сколько партнёров может взять лидер", "how many partners a leader can take"),
        "mentor_hours": ("часы наставничества в неделю", "mentoring hours per week"),
        "centre_candidate": ("кандидат для размещения нового центра: да/нет",
                             "candidate site for a new centre: yes/no"),
    },
    "results": {
        "school": ("код школы (как в реестре школ)", "the school's code (as in the schools table)"),
        "year": ("год экзамена", "year of the exam"),
        "procedure": ("оценочная процедура: ЕГЭ, ОГЭ, ВПР или объявленная на листе «Процедуры»",
                      "assessment: ЕГЭ, ОГЭ, ВПР or one declared in a «Процедуры» (procedures) sheet"),
        "grade": ("класс (параллель)", "grade"),
        "subject": ("учебный предмет", "subject"),
        "participants": ("число участников", "number of participants"),
        "mean_score": ("средний балл", "mean score"),
        "mean_percent": ("средний процент выполнения", "mean percent of the tasks done"),
        "share_below_minimum": ("доля не преодолевших минимальный порог", "share below the minimum threshold"),
        "share_high": ("доля высоких результатов", "share of high results"),
        "share_quality": ("качество знаний: доля отметок «4» и «5»", "the share of marks «4» and «5» (quality)"),
        "school_name": ("наименование школы — вместо кода: сопоставляется с таблицей школ по наименованию "
                        "(и муниципалитету)", "the school's name — instead of the code: matched to the schools "
                        "table by name (and municipality)"),
        "municipality": ("муниципалитет школы (для сопоставления по наименованию)",
                         "the school's municipality (for matching by name)"),
        "school_number": ("номер школы: 5 или «№ 5» (для сопоставления по наименованию)",
                          "the school's number: 5 or «№ 5» (for matching by name)"),
        "count_below_minimum": ("сколько участников не преодолели минимальный порог (доля — из числа участников)",
                                "how many participants fell below the minimum (the share follows from participants)"),
        "count_high": ("сколько участников показали высокий результат (доля — из числа участников)",
                       "how many participants had a high result (the share follows from participants)"),
        "count_quality": ("сколько участников получили «4» и «5» (доля — из числа участников)",
                          "how many participants got «4» or «5» (the share follows from participants)"),
    },
    "resources": {
        "id": ("код ресурса", "the resource's code"),
        "host": ("код школы, где находится ресурс", "code of the school that hosts it"),
        "kind": ("вид ресурса: «Точка роста», кванториум, IT-куб, лаборатория…",
                 "kind: «Точка роста», quantorium, IT cube, laboratory…"),
        "name": ("наименование ресурса", "the resource's name"),
        "seats": ("число мест", "seats"),
        "hours_per_week": ("свободных часов в неделю", "free hours per week"),
        "profiles": ("профили (предметы) через «;»", "profiles (subjects), ';'"),
        "remote": ("можно ли дистанционно: да/нет", "usable remotely: yes/no"),
    },
    "organisations": {
        "id": ("код организации-партнёра, уникальный; не совпадает с кодами школ",
               "the partner organisation's code, unique and no school's"),
        "name": ("наименование организации", "the organisation's name"),
        "kind": ("вид: вуз, СПО, доп. образование, учреждение культуры, спорта, социальное, другое",
                 "kind: university, college, additional education, culture, sport, social, other"),
        "municipality": ("муниципальное образование (район, округ)", "municipality (district)"),
        "settlement": ("населённый пункт", "settlement (town or village)"),
        "latitude": ("широта, градусы (от -90 до 90)", "latitude, degrees (-90 to 90)"),
        "longitude": ("долгота, градусы (от -180 до 180)", "longitude, degrees (-180 to 180)"),
        "subjects": ("предметы, по которым организация помогает, через «;»",
                     "subjects the organisation helps with, ';'"),
        "programmes": ("программы и профили через «;»: инженерный класс, медицина…",
                       "programmes and profiles, ';': engineering class, medicine…"),
        "help": ("виды помощи через «;»: предметная подготовка, методическая помощь, профориентация, "
                 "профильное обучение, ресурсы…",
                 "kinds of help, ';': subject teaching, methodical support, career guidance, profile classes, "
                 "resources…"),
        "capacity": ("сколько школ (запросов) организация может взять", "how many schools (requests) it can take"),
        "leads": ("готова возглавить сетевое объединение: да/нет", "ready to lead a network association: yes/no"),
        "remote": ("может работать дистанционно: да/нет", "can work at a distance: yes/no"),
    },
    "needs": {
        "school": ("код школы (как в реестре школ)", "the school's code (as in the schools table)"),
        "help": ("вид помощи: предметная подготовка, методическая, психолого-педагогическая, профориентация, "
                 "ресурсы, дополнительное образование…",
                 "kind of help: subject teaching, methodical, psychological, career guidance, resources, "
                 "additional education…"),
        "subject": ("предмет, о котором потребность", "the subject the need is about"),
        "resource": ("вид ресурса для потребности в ресурсах: «Точка роста», IT-куб, кванториум…",
                     "kind of resource a resource need asks for: «Точка роста», IT cube, quantorium…"),
        "priority": ("приоритет: 1 (самый срочный), 2 или 3; пусто — 2",
                     "priority: 1 (most urgent), 2 or 3; empty is 2"),
        "pupils": ("сколько обучающихся будут заниматься", "how many pupils it is for"),
        "hours_per_week": ("сколько часов в неделю нужно каждой группе (до 12 обучающихся)",
                           "hours a week each group (of up to 12 pupils) needs"),
        "note": ("примечание", "a note"),
    },
    "teachers": {
        "school": ("код школы (как в реестре школ)", "the school's code (as in the schools table)"),
        "subject": ("учебный предмет, как в результатах: математика, русский язык…",
                    "the subject, as the results write it: математика, русский язык…"),
        "teachers": ("сколько педагогов школы преподают предмет: целое число, 0 или больше (пусто в строке "
                     "об одном педагоге)", "how many of the school's teachers teach the subject: a whole number, "
                     "0 or more (empty in a row of one teacher)"),
        "name": ("ФИО педагога — строка об одном педагоге", "the teacher's name — a row of one teacher"),
        "category": ("квалификационная категория: высшая, первая, соответствие занимаемой должности, без категории",
                     "qualification category: highest, first, conformity, none"),
        "years": ("педагогический стаж, лет", "years of teaching"),
        "mentor": ("наставник: да/нет", "a mentor: yes/no"),
        "hours": ("часов в месяц на наставничество", "hours a month for mentoring"),
        "trained": ("сколько педагогов строки прошли повышение квалификации (КПК) за 3 года; да/нет в строке об "
                    "одном педагоге", "how many of the row's teachers had further training (КПК) in 3 years; yes/no "
                    "in a row of one teacher"),
    },
    "staff": {
        "id": ("код специалиста, уникальный", "the person's code, unique"),
        "name": ("ФИО", "full name"),
        "role": ("роль: муниципальный координатор, куратор, методист", "role: coordinator, curator, methodist"),
        "organisation": ("место работы, как его пишут", "the workplace, as written"),
        "school": ("код школы или организации реестра, где работает", "code of the school or organisation of the "
                   "registry where the person works"),
        "head": ("руководитель этой школы или организации: да/нет", "heads that school or organisation: yes/no"),
        "municipality": ("муниципальное образование (район, округ)", "municipality (district)"),
        "subjects": ("предметы экспертизы через «;»", "subjects of expertise, ';'"),
        "max_schools": ("сколько школ может курировать", "how many schools the person can curate"),
        "hours": ("часов в месяц на программу", "hours a month for the programme"),
        "latitude": ("широта, градусы (от -90 до 90); пусто — по месту работы",
                     "latitude, degrees (-90 to 90); empty: the workplace's"),
        "longitude": ("долгота, градусы (от -180 до 180)", "longitude, degrees (-180 to 180)"),
        "remote": ("может работать дистанционно: да/нет", "can work at a distance: yes/no"),
    },
    "surveys": {
        "school": ("код школы, как в реестре школ", "the school's code, as in the schools table"),
        "year": ("год опроса (учебный год «2024/25» — год его окончания)",
                 "the survey's year (a school year '2024/25' is the year it ends)"),
        "survey": ("что спрашивали: «удовлетворённость родителей», «школьный климат»; пусто — «удовлетворённость»",
                   "what was asked: parents' satisfaction, school climate; empty: 'удовлетворённость'"),
        "respondents": ("сколько человек ответили", "how many answered"),
        "satisfied": ("доля удовлетворённых: дробь (0,81) или процент со знаком (81%)",
                      "the share satisfied: a fraction (0.81) or a percentage with its sign (81%)"),
    },
}


def _written(table: str) -> dict[str, str]:
    """Every header of a table, normalised -> as written (the first spelling of a form wins)."""
    out: dict[str, str] = {}
    for field, aliases in HEADERS[table].items():
        for alias in (field, *aliases):
            out.setdefault(norm(alias), alias)
    return out


_WRITTEN: dict[str, dict[str, str]] = {t: _written(t) for t in HEADERS}


def is_weak(table: str, header: object) -> bool:
    """Whether ``header`` has a second common meaning (see :data:`WEAK`).

    >>> is_weak("schools", "ИНН"), is_weak("schools", "Код ОО")
    (True, False)
    """
    return norm(header) in WEAK[table]


def _distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; ``limit + 1`` once beyond."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        before, prev = prev, row
    return prev[-1]


def suggest(table: str, header: object) -> str | None:
    """The known header that ``header`` looks like a misspelling of, as written; ``None`` if none.

    A misspelling is one edit away (two for headers over 10 letters); headers under four letters
    are never guessed at, so short extra columns («КПП», «Год») are not taken for typos.

    >>> suggest("schools", "Широто"), suggest("schools", "longtitude"), suggest("schools", "Адрес")
    ('Широта', 'longitude', None)
    """
    key = norm(header)
    if len(key) < 4 or key in _WRITTEN[table]:
        return None
    limit = 1 if len(key) <= 10 else 2
    best = min(((_distance(key, k, limit), k) for k in _WRITTEN[table] if len(k) >= 4), default=None)
    return _WRITTEN[table][best[1]] if best is not None and best[0] <= limit else None


@dataclass(frozen=True)
class ColumnNote:
    """What the reader decided about a column that the user should hear — a notice, not an error.

    Parameters
    ----------
    kind : {"kept_aside", "resolved", "percent", "codes", "encoding"}
        ``"kept_aside"``: netmatch reads no field from this column (an extra column such as
        «Адрес»); ``"resolved"``: a header with two meanings (:data:`WEAK`, e.g. «ИНН») was read
        as ``field``, or — when ``holder`` is set — kept aside because the column ``holder``
        gives ``field``; ``"percent"``: a share column whose values are over 1 was read as
        percentages (35 as 35%); ``"codes"``: codes of the column ``field`` were given one
        spelling (:func:`netmatch._data.ids.normal_id`: no invisible or control characters,
        NFKC), each as in ``changes``; ``"encoding"``: the file (``header`` empty) is not UTF-8
        and was read in the encoding ``field`` (Windows-1251 or KOI8-R).
    table : str
        ``"schools"``, ``"results"``, ``"resources"``, ``"organisations"``, ``"needs"`` or
        ``"teachers"``.
    header : str
        The column's header as written.
    source : str, optional
        The file (and sheet) or DataFrame it is in.
    field : str, optional
        The field a ``"resolved"`` header names.
    holder : str, optional
        The column read for ``field`` instead of this one.
    filled : int
        How many cells of the column hold a value (for ``"codes"``: how many codes changed).
    changes : tuple of (str, str)
        For ``"codes"``: each code as written and as read.

    Examples
    --------
    >>> str(ColumnNote("kept_aside", "schools", "Адрес", "r.csv", filled=18))
    "r.csv: column 'Адрес' is not read (18 filled cells)"
    >>> str(ColumnNote("resolved", "schools", "ИНН", "r.csv", field="id"))
    "r.csv: column 'ИНН' read as the field 'id'"
    """

    kind: Literal["kept_aside", "resolved", "percent", "codes", "encoding"]
    table: str
    header: str
    source: str | None = None
    field: str | None = None
    holder: str | None = None
    filled: int = 0
    changes: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = f"{self.source or self.table}: column {self.header!r}"
        if self.kind == "kept_aside":
            return f"{where} is not read ({self.filled} filled cells)"
        if self.kind == "percent":
            return f"{where} read as percentages: its values are over 1 (35 is 35%)"
        if self.kind == "encoding":
            return f"{self.source or self.table}: read as {self.field} (the file is not UTF-8)"
        if self.kind == "codes":
            shown = ", ".join(f"{a!r} as {b!r}" for a, b in self.changes[:5])
            return f"{where}: {self.filled} codes read without invisible or control characters ({shown})"
        if self.holder is not None:
            return f"{where} is not read: column {self.holder!r} gives the field {self.field!r}"
        return f"{where} read as the field {self.field!r}"
