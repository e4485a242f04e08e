"""The command line's words: every message, help text and translation, in Russian and English.

One catalog: :data:`TEXT` (what the commands print), :data:`STEPS` and :data:`STAGES` (the progress bar),
:data:`HELP` (argparse help), :func:`translate_usage` (argparse's own errors in Russian) and
the words of settings problems (:func:`setting_problem`). Russian is the default; ``--lang en``
switches everything to English.

>>> TEXT["en"]["valid"], HELP["ru"]["help"]
('Validation passed: no problems.', 'показать справку и выйти')
"""

from __future__ import annotations

import re

from netmatch._base.params import message
from netmatch._words import CATALOG
from netmatch.cli.interrupted import INTERRUPTED

__all__ = ["COLUMNS", "EXPECTED", "HELP", "OS_REASONS", "PROBLEM_HEADERS", "STAGES", "STEPS", "TEXT",
           "setting_problem", "translate_usage"]

STEPS: dict[str, dict[str, str]] = {
    "ru": {"read": "чтение реестра", "plan": "выявление ШНОР/ШНСУ, подбор пар и ресурсы",
           "site": "размещение центров", "events": "план мероприятий", "json": "plan.json", "xlsx": "Excel",
           "csv": "CSV", "html": "отчёт HTML", "docx": "проекты договоров", "done": "готово"},
    "en": {"read": "reading the registry", "plan": "identification, pairing and resources",
           "site": "centre siting", "events": "plan of events", "json": "plan.json", "xlsx": "Excel", "csv": "CSV",
           "html": "HTML report", "docx": "draft agreements", "done": "done"},
}

#: The library's stages (:mod:`netmatch._base.log`) in words: "without counts|with counts".
STAGES: dict[str, dict[str, str]] = {
    "ru": {"read.schools": "чтение файлов", "check.schools": "проверка школ|проверка школ (школ: {rows})",
           "read.results": "чтение результатов",
           "check.results": "проверка результатов|проверка результатов (строк: {rows})",
           "plan.identify": "выявление ШНОР/ШНСУ и лидеров|выявление ШНОР/ШНСУ и лидеров (школ: {schools})",
           "plan.graph": "возможные пары|возможные пары (ШНОР/ШНСУ: {needing}, лидеров: {leaders})",
           "plan.pairing": "подбор пар|подбор пар (возможных пар: {edges})",
           "plan.networks": "сетевые объединения|сетевые объединения (лидеров: {leaders})",
           "plan.groups": "предметные группы|предметные группы (предметов: {subjects})",
           "plan.sharing": "ресурсы|совместное использование ресурсов (ресурсов: {resources})",
           "plan.needs": "потребности школ|потребности школ и организации-партнёры (потребностей: {needs})",
           "plan.curators": "кураторы|кураторы ШНОР/ШНСУ (специалистов: {staff})",
           "plan.mentors": "наставники|наставники педагогов (строк таблицы педагогов: {teachers})",
           "write.sheet": "лист|лист «{sheet}» (строк: {rows})"},
    "en": {"read.schools": "reading the files", "check.schools": "checking schools|checking schools ({rows})",
           "read.results": "reading results", "check.results": "checking results|checking results ({rows} rows)",
           "plan.identify": "identifying low-results, unfavourable and leader schools|identification ({schools} "
                            "schools)",
           "plan.graph": "candidate pairs|candidate pairs ({needing} schools in need, {leaders} leaders)",
           "plan.pairing": "pairing|pairing ({edges} candidate pairs)",
           "plan.networks": "associations|associations ({leaders} leaders)",
           "plan.groups": "subject groups|subject groups ({subjects} subjects)",
           "plan.sharing": "resources|resource sharing ({resources} resources)",
           "plan.needs": "schools' needs|schools' needs and partner organisations ({needs} needs)",
           "plan.curators": "curators|curators of the ШНОР/ШНСУ ({staff} staff)",
           "plan.mentors": "mentors|mentors of the teachers ({teachers} rows of teachers)",
           "write.sheet": "sheet|sheet «{sheet}» ({rows} rows)"},
}

TEXT: dict[str, dict[str, str]] = {
    "ru": {
        "title": "Реестр: {name}",
        "schools": "Школ: {n}",
        "kinds": "  по типам: {items}",
        "places": "  городских: {urban}, сельских: {rural}, тип местности не указан: {unknown}",
        "shifts": "  по сменности: {items}",
        "over": "  обучающихся больше проектной мощности: {items}",
        "context": "  свои показатели условий (школ с данными): {items}",
        "coords": "  без координат: {n}",
        "results": "Результатов: {n}",
        "proc": "  {proc}: {n} строк, годы {years}, предметов {subjects}",
        "resources": "Ресурсов для совместного использования: {n}",
        "res_kind": "  {kind}: {n}",
        "candidates": "Кандидатов для размещения новых центров: {n}",
        "organisations": "Организаций-партнёров: {n}",
        "org_kinds": "  по видам: {items}",
        "needs": "Потребностей школ: {n} (школ: {schools})",
        "subject_teachers": "Педагоги по предметам: строк — {n}, школ — {schools}",
        "staff": "Специалисты программы: {n} ({items})",
        "surveys": "Опросы удовлетворённости: строк — {n}, школ — {schools}, годы {years}",
        "declared": "Заявлено в реестре: ШНОР — {low}, ШНСУ — {unf}, лидеров — {lead}",
        "valid": "Проверка пройдена: ошибок нет.",
        "invalid": "Найдено проблем: {n}",
        "invalid_groups": " (одинаковые объединены, разных: {k})",
        "problems_more": "… и ещё разных проблем: {n} — все они в таблице --problems",
        "problems_hint": "Каждая строка по отдельности: netmatch validate {file} --problems проблемы.xlsx",
        "problems_suffix": "--problems {path}: таблицу проблем можно записать в .xlsx или .csv; "
                           "укажите, например, --problems проблемы.xlsx",
        "problems_sheet": "Проблемы",
        "problems_openpyxl": "Для записи Excel нужен openpyxl: pip install 'netmatch[excel]' "
                             "(или укажите --problems проблемы.csv).",
        "problems_written": "Таблица проблем записана: {path} (строк: {n})",
        "none": "нет",
        "unnamed": "без названия",
        "fix": "Исправьте и запустите команду снова.",
        "no_file": "Файл или папка не найдены: «{path}». Проверьте путь (реестр: .csv, .xlsx, .json или папка).",
        "infeasible": "Решения нет: {msg}",
        "interrupted": INTERRUPTED["ru"],
        "crashed": "Непредвиденная ошибка netmatch ({kind}); подробности записаны в {log}. Пожалуйста, сообщите о "
                   "ней разработчикам и приложите этот файл.",
        "os_error": "Не удалось прочитать или записать «{path}»: {msg}. Проверьте путь и права доступа "
                    "(для результатов можно указать другую папку: --out ПАПКА).",
        "written": "Результаты записаны в папку {path}:",
        "exists": "В папке {path} уже есть {names} (записано {when}). Чтобы заменить, добавьте --force; "
                  "чтобы сохранить оба, укажите другую папку: --out {suggest}",
        "report": "  отчёт для печати: {path}",
        "workbook": "  таблица Excel:    {path}",
        "saved": "  сохранённый план: {path} (для netmatch compare)",
        "csv": "  CSV-файлы:        {names}",
        "docx": "  проекты договоров: {path} (файлов: {n})",
        "no_docx": "  проекты договоров не записаны: установите пакет — pip install 'netmatch[docs]'",
        "kpi_covered": "ШНОР/ШНСУ в сети: {covered} из {needing} ({share}) — цель {target}: {met}",
        "kpi_network": "Школ в сети: {n} из {total} ({share}) — цель не менее {target}: {met}",
        "kpi_pairs": "Пар лидер — школа: {n}; без пары: {unpaired}",
        "kpi_networks": "Сетевых объединений: {n}; школ в них: {schools}",
        "kpi_organisations": "Организаций-партнёров: {n}; ведут сетевые объединения: {leading}",
        "kpi_needs": "Потребностей школ: {n}; ответят организации: {matched}; в ресурсах (лист «Ресурсы»): {resources}",
        "kpi_sharing": "Потребность ШНОР/ШНСУ в ресурсах обеспечена: {share}",
        "kpi_curators": "ШНОР/ШНСУ с куратором: {n} из {total}; кураторов занято: {used} из {people}",
        "kpi_mentors": "Педагогов ШНОР/ШНСУ с наставником (по слабым предметам): {n} из {total}; наставников "
                       "занято: {used}",
        "skip_curators": "Кураторы не назначены: {why}",
        "skip_mentors": "Наставники не назначены: {why}",
        "no_staff": "в реестре нет таблицы специалистов (лист или файл «Специалисты»: код, ФИО, роль)",
        "no_curators": "в таблице специалистов нет никого с ролью «куратор»",
        "no_teachers": "в реестре нет таблицы педагогов (лист или файл «Педагоги»)",
        "no_mentors": "в таблице педагогов никто не отмечен как наставник (столбец «Наставник»: да)",
        "kpi_sites": "Новые центры: {sites}",
        "kpi_events": "План мероприятий: {n} мероприятий за {months} мес., очных: {in_person}; без даты: {undated}",
        "kpi_indicators": "Показатели программы: рассчитано {done} из {n}, с целью {targeted}, цель достигнута у {met} "
                          "(лист «Показатели и цели»)",
        "kpi_indicators_missing": "  не рассчитаны: {items}",
        "kpi_indicators_unmet": "  цель не достигнута: {items}",
        "kpi_indicator_unmet": "{name} — {value} при цели {target}",
        "yes": "да",
        "no": "нет",
        "ident_head": "Годы результатов: {years}. ШНОР: {low}, ШНСУ: {unf}, лидеров: {lead}, "
                      "недостаточно данных: {nodata}, пограничных статусов: {border}",
        "site_head": "Новые центры ({k}), цель — {objective}:",
        "site_line": "  {id} {name}: обслуживает школ: {n}, обучающихся: {pupils}, в пути в среднем {minutes} мин",
        "site_fixed": "Действующие центры: {ids}",
        "site_unserved": "Школ вне досягаемости центров: {n}",
        "median": "наименьший суммарный путь обучающихся",
        "coverage": "больше всего обучающихся в пределах {r} мин",
        "no_candidates": "В реестре нет кандидатов для размещения новых центров (столбец «Кандидат для "
                         "нового центра» = «да»). Отметьте кандидатов в реестре.",
        "no_coords": "Ни у одной школы нет координат (Широта, Долгота): размещение не рассчитать.",
        "siting_skipped": "Размещение центров пропущено: {why}",
        "cmp_kpis": "Показатели:",
        "cmp_changes": "Изменения по школам ({n}):",
        "cmp_same": "Пары и статусы школ в планах совпадают.",
        "name_matches": "Результаты сопоставлены со школами по наименованию: наименований {names} — точно {exact}, "
                        "по номеру {number}, нечётко {fuzzy}; неоднозначно {ambiguous}, не найдено {unmatched}, "
                        "конфликтов {conflict}.",
    },
    "en": {
        "title": "Registry: {name}",
        "schools": "Schools: {n}",
        "kinds": "  by kind: {items}",
        "places": "  urban: {urban}, rural: {rural}, not given: {unknown}",
        "shifts": "  by shifts: {items}",
        "over": "  enrolment above design capacity: {items}",
        "context": "  own indicators of conditions (schools giving them): {items}",
        "coords": "  without coordinates: {n}",
        "results": "Results: {n}",
        "proc": "  {proc}: {n} rows, years {years}, {subjects} subjects",
        "resources": "Shareable resources: {n}",
        "res_kind": "  {kind}: {n}",
        "candidates": "Candidate sites for new centres: {n}",
        "organisations": "Partner organisations: {n}",
        "org_kinds": "  by kind: {items}",
        "needs": "Schools' needs: {n} ({schools} schools)",
        "subject_teachers": "Teachers per subject: {n} rows, {schools} schools",
        "staff": "Programme staff: {n} ({items})",
        "surveys": "Satisfaction surveys: {n} rows, {schools} schools, years {years}",
        "declared": "Declared in the registry: low results (ШНОР) {low}, unfavourable conditions (ШНСУ) {unf}, "
        "leaders {lead}",
        "valid": "Validation passed: no problems.",
        "invalid": "Problems found: {n}",
        "invalid_groups": " (alike ones grouped, distinct: {k})",
        "problems_more": "... and {n} more distinct problems — all are in the --problems table",
        "problems_hint": "Every row on its own: netmatch validate {file} --problems problems.xlsx",
        "problems_suffix": "--problems {path}: the problems table is written as .xlsx or .csv; "
                           "give e.g. --problems problems.xlsx",
        "problems_sheet": "Problems",
        "problems_openpyxl": "Writing Excel needs openpyxl: pip install 'netmatch[excel]' "
                             "(or give --problems problems.csv).",
        "problems_written": "Problems table written: {path} (rows: {n})",
        "none": "none",
        "unnamed": "unnamed",
        "fix": "Fix it and run the command again.",
        "no_file": "No such file or folder: '{path}'. Check the path (a registry: .csv, .xlsx, .json or a folder).",
        "infeasible": "No solution: {msg}",
        "interrupted": INTERRUPTED["en"],
        "crashed": "An unexpected error in netmatch ({kind}); the details are in {log}. Please report it to the "
                   "developers with that file.",
        "os_error": "Could not read or write '{path}': {msg}. Check the path and permissions "
                    "(results can go to another folder: --out DIR).",
        "written": "Results written to {path}:",
        "exists": "The folder {path} already holds {names} (written {when}). Add --force to replace it, or keep both "
                  "with another folder: --out {suggest}",
        "report": "  printable report: {path}",
        "workbook": "  Excel workbook:   {path}",
        "saved": "  saved plan:       {path} (for netmatch compare)",
        "csv": "  CSV files:        {names}",
        "docx": "  draft agreements: {path} ({n} files)",
        "no_docx": "  draft agreements not written: python-docx is needed — pip install 'netmatch[docs]'",
        "kpi_covered": "ШНОР/ШНСУ in the network: {covered} of {needing} ({share}) — target {target}: {met}",
        "kpi_network": "Schools in the network: {n} of {total} ({share}) — target at least {target}: {met}",
        "kpi_pairs": "Leader–school pairs: {n}; unpaired: {unpaired}",
        "kpi_networks": "Associations: {n}; schools in them: {schools}",
        "kpi_organisations": "Partner organisations: {n}; leading associations: {leading}",
        "kpi_needs": "Schools' needs: {n}; answered by organisations: {matched}; for resources (sheet «Resources»): "
                     "{resources}",
        "kpi_sharing": "ШНОР/ШНСУ resource demand served: {share}",
        "kpi_curators": "ШНОР/ШНСУ with a curator: {n} of {total}; curators taken: {used} of {people}",
        "kpi_mentors": "Teachers of ШНОР/ШНСУ with a mentor (in weak subjects): {n} of {total}; mentors taken: {used}",
        "skip_curators": "No curators assigned: {why}",
        "skip_mentors": "No mentors assigned: {why}",
        "no_staff": "the registry has no staff table (sheet or file «Специалисты» / staff: id, name, role)",
        "no_curators": "nobody in the staff table has the role «куратор» (curator)",
        "no_teachers": "the registry has no teachers table (sheet or file «Педагоги» / teachers)",
        "no_mentors": "nobody in the teachers table is marked as a mentor (column «Наставник» / mentor: yes)",
        "kpi_sites": "New centres: {sites}",
        "kpi_events": "Plan of events: {n} events over {months} months, in person: {in_person}; undated: {undated}",
        "kpi_indicators": "Programme indicators: {done} of {n} computed, {targeted} with a target, {met} of them met "
                          "(sheet «Indicators and targets»)",
        "kpi_indicators_missing": "  not computed: {items}",
        "kpi_indicators_unmet": "  target not met: {items}",
        "kpi_indicator_unmet": "{name} — {value} against a target of {target}",
        "yes": "met",
        "no": "not met",
        "ident_head": "Years of results: {years}. Low results (ШНОР): {low}, unfavourable (ШНСУ): {unf}, "
                      "leaders: {lead}, insufficient data: {nodata}, borderline statuses: {border}",
        "site_head": "New centres ({k}), objective: {objective}:",
        "site_line": "  {id} {name}: serves {n} schools, {pupils} pupils, {minutes} min of travel on average",
        "site_fixed": "Existing centres: {ids}",
        "site_unserved": "Schools beyond the reach of any centre: {n}",
        "median": "least total travel of pupils",
        "coverage": "most pupils within {r} min",
        "no_candidates": "The registry has no candidate sites for new centres (column 'Кандидат для нового "
                         "центра' or 'centre_candidate' = yes). Mark the candidates in the registry.",
        "no_coords": "No school has coordinates (latitude, longitude): no siting is possible.",
        "siting_skipped": "Siting of centres skipped: {why}",
        "cmp_kpis": "Indicators:",
        "cmp_changes": "Changes by school ({n}):",
        "cmp_same": "The plans have the same pairs and statuses.",
        "name_matches": "Results joined to the schools by name: {names} names — exact {exact}, by number {number}, "
                        "fuzzy {fuzzy}; ambiguous {ambiguous}, unmatched {unmatched}, conflicting {conflict}.",
    },
}

#: The headers of the problems table (``validate --problems``), in the order of
#: :data:`netmatch.exceptions.RECORD_FIELDS`.
PROBLEM_HEADERS: dict[str, tuple[str, ...]] = {
    "ru": ("Файл", "Лист", "Строка", "Школа", "Столбец", "Значение", "Проблема", "Как исправить"),
    "en": ("File", "Sheet", "Row", "School", "Column", "Value", "Problem", "Fix"),
}


HELP: dict[str, dict[str, str]] = {
    "ru": {
        "description": "netmatch: пары ШНОР/ШНСУ со школами-лидерами, совместное использование ресурсов "
                       "и размещение новых центров.",
        "epilog": "Пример: netmatch plan реестр.xlsx --max-km 30 --out план-2025\n"
                  "Справка по команде: netmatch КОМАНДА --help",
        "help": "показать справку и выйти",
        "lang": "язык сообщений: ru (по умолчанию) или en",
        "commands": "команды",
        "validate": "проверить реестр и перечислить все ошибки",
        "identify": "выявить ШНОР, ШНСУ и школы-лидеры с обоснованием",
        "plan": "построить план: статусы, пары, ресурсы, центры; записать Excel, CSV, JSON и отчёт HTML",
        "site": "где открыть новые центры",
        "compare": "сравнить два сохранённых плана (plan.json)",
        "demo": "план и отчёт на встроенном демонстрационном районе",
        "file": "реестр: .csv, .xlsx, .json или папка с ними",
        "encoding": "кодировка CSV (по умолчанию UTF-8, иначе Windows-1251 или KOI8-R)",
        "indicators": "файл TOML с показателями программы: набор preset=common и таблицы [[indicator]] "
                      "(код, название, таблица, числитель, знаменатель, цель)",
        "columns": "файл TOML с разделом [columns]: «ваш заголовок» = \"поле\" или false — не читать "
                   "(заголовки и поля: netmatch columns)",
        "strict": "строгая проверка: каждый столбец, который netmatch не читает, — ошибка",
        "match_results": "как найти школу строки результатов: «auto» — по коду, а без столбца кода — по наименованию "
                         "(и муниципалитету); «code» — только по коду; «name» — по наименованию, точно, затем нечётко "
                         "(нужен rapidfuzz: pip install 'netmatch[names]'); «exact» — по наименованию, только точно",
        "columns_cmd": "перечислить заголовки столбцов, которые читает netmatch, и что в них",
        "programme": "база программы по периодам: создать, добавить период, динамика, выгрузка",
        "pr_init": "создать пустую базу программы (файл «SQLite»)",
        "pr_add": "добавить период: реестр, выявление, план (с преемственностью пар) и показатели",
        "pr_monitor": "динамика по периодам: Excel и CSV",
        "pr_export": "выгрузить всю базу в один файл JSON",
        "pr_import": "создать базу из выгрузки JSON",
        "pr_db": "файл базы программы («SQLite»), например programme.db",
        "pr_name": "название программы",
        "pr_period": "название периода, например «2025/26, I полугодие»",
        "pr_json": "файл выгрузки JSON",
        "sep": "разделитель CSV (по умолчанию определяется сам)",
        "problems": "записать все проблемы по строкам в таблицу .xlsx или .csv (файл, лист, строка, школа, "
                    "столбец, значение, проблема, как исправить)",
        "config": "файл настроек TOML с разделами [constraints], [weights], [rules], [sharing], [siting], [plan]",
        "weight": "вес составляющей балла пары, например --weight proximity=0.4 (можно несколько раз)",
        "set": "любой параметр: --set раздел.параметр=значение, например --set rules.bottom_share=0.1",
        "out": "папка для результатов (по умолчанию {default})",
        "out_optional": "папка для результатов (по умолчанию только вывод на экран)",
        "progress": "показывать ход выполнения (по умолчанию — если вывод в терминал)",
        "version": "показать версию netmatch и выйти",
        "quiet": "только ошибки и сам результат: без хода выполнения, замечаний и сводки",
        "verbose": "подробно: каждый этап чтения, расчёта и записи со временем (указанный дважды — ещё подробнее)",
        "force": "заменить результаты, уже записанные в папку --out",
        "plan_a": "первый план: plan.json или папка с ним",
        "plan_b": "второй план: plan.json или папка с ним",
        "positionals": "аргументы",
        "optionals": "параметры",
        "settings": "ограничения, ёмкости и веса",
        "usage": "Использование: ",
    },
    "en": {
        "description": "netmatch: pair ШНОР/ШНСУ schools with leader schools, share resources, site new centres.",
        "epilog": "Example: netmatch plan registry.xlsx --max-km 30 --out plan-2025\n"
                  "Help on a command: netmatch COMMAND --help",
        "help": "show this help and exit",
        "lang": "language of messages: ru (default) or en",
        "commands": "commands",
        "validate": "read a registry and list every problem in it",
        "identify": "find ШНОР, ШНСУ and leader schools, with the reasons",
        "plan": "make the plan: statuses, pairs, resources, centres; write Excel, CSV, JSON and an HTML report",
        "site": "where to open new centres",
        "compare": "compare two saved plans (plan.json)",
        "demo": "the plan and report on the bundled demo district",
        "file": "registry: .csv, .xlsx, .json or a folder of them",
        "encoding": "text encoding of CSV files (default: UTF-8, else Windows-1251 or KOI8-R)",
        "indicators": "TOML file of the programme's indicators: preset=common and [[indicator]] tables "
                      "(code, name, table, numerator, denominator, target)",
        "columns": "TOML file with a [columns] section: \"your header\" = \"field\" or false to skip it "
                   "(headers and fields: netmatch columns)",
        "strict": "strict: every column netmatch does not read is an error",
        "match_results": "how a result row finds its school: auto — by code, or by name (and municipality) when "
                         "there is no code column; code — by code only; name — by name, exact then fuzzy (needs "
                         "rapidfuzz: pip install 'netmatch[names]'); exact — by name, exact only",
        "columns_cmd": "list the column headers netmatch reads and what each holds",
        "programme": "the programme's database of periods: create, add a period, dynamics, export",
        "pr_init": "create an empty programme database (an SQLite file)",
        "pr_add": "add a period: registry, identification, plan (pairs kept where they still work) and indicators",
        "pr_monitor": "the dynamics across periods: Excel and CSV",
        "pr_export": "export the whole database to one JSON file",
        "pr_import": "create a database from a JSON export",
        "pr_db": "the programme database file (SQLite), e.g. programme.db",
        "pr_name": "the programme's name",
        "pr_period": "the period's name, e.g. '2025/26, I полугодие'",
        "pr_json": "the JSON export file",
        "sep": "CSV separator (default: sniffed)",
        "problems": "write every problem, row by row, to a .xlsx or .csv table (file, sheet, row, school, "
                    "column, value, problem, fix)",
        "config": "TOML settings file with sections [constraints], [weights], [rules], [sharing], [siting], [plan]",
        "weight": "weight of a score component, e.g. --weight proximity=0.4 (repeatable)",
        "set": "any setting: --set section.field=value, e.g. --set rules.bottom_share=0.1",
        "out": "output folder (default {default})",
        "out_optional": "output folder (default: print only)",
        "progress": "show progress (default: when writing to a terminal)",
        "version": "show netmatch's version and exit",
        "quiet": "errors and the result only: no progress, notes or summary",
        "verbose": "say every stage of reading, planning and writing with its time (-vv: more)",
        "force": "replace the results already written into the --out folder",
        "plan_a": "first plan: plan.json or its folder",
        "plan_b": "second plan: plan.json or its folder",
        "positionals": "arguments",
        "optionals": "options",
        "settings": "limits, capacities and weights",
        "usage": "usage: ",
    },
}


def translate_usage(message: str, lang: str, prog: str) -> str:
    """An argparse error as one line in the user's language, pointing at ``--help``.

    >>> translate_usage("unrecognized arguments: --bogus", "ru", "netmatch")
    'netmatch: ошибка в командной строке: неизвестные параметры: --bogus. Справка: netmatch --help'
    """
    if lang != "ru":
        return f"{prog}: {message}. See: {prog} --help"
    patterns = (
        (r"argument COMMAND: invalid choice: '(.*?)' \(choose from (.*)\)",
         "неизвестная команда «{0}»; выберите одну из: {1}"),
        (r"argument (\S+): invalid choice: '(.*?)' \(choose from (.*)\)",
         "параметр {0}: недопустимое значение «{1}»; возможны: {2}"),
        (r"the following arguments are required: (.*)", "не хватает обязательных аргументов: {0}"),
        (r"unrecognized arguments: (.*)", "неизвестные параметры: {0}"),
        (r"argument (\S+): expected one argument", "после {0} нужно значение"),
        (r"argument (\S+): invalid (\w+) value: '(.*)'", "параметр {0}: недопустимое значение «{2}»"),
        (r"argument (\S+): ignored explicit argument '(.*)'", "параметр {0} не принимает значение «{1}»"),
    )
    for pattern, text in patterns:
        m = re.search(pattern, message)
        if m:
            message = text.format(*m.groups())
            break
    return f"{prog}: ошибка в командной строке: {message}. Справка: {prog} --help"

#: A pydantic error type -> what the value must be, (Russian, English); ``{gt}`` etc. from its context.
EXPECTED = {
    "greater_than": ("больше {gt}", "greater than {gt}"),
    "greater_than_equal": ("не меньше {ge}", "at least {ge}"),
    "less_than": ("меньше {lt}", "less than {lt}"),
    "less_than_equal": ("не больше {le}", "at most {le}"),
    "int_parsing": ("целым числом", "a whole number"),
    "int_type": ("целым числом", "a whole number"),
    "int_from_float": ("целым числом", "a whole number"),
    "float_parsing": ("числом", "a number"),
    "float_type": ("числом", "a number"),
    "bool_parsing": ("true или false", "true or false"),
    "bool_type": ("true или false", "true or false"),
    "string_type": ("текстом", "text"),
    "string_too_short": ("непустым текстом", "non-empty text"),
    "literal_error": ("одним из: {expected}", "one of {expected}"),
    "tuple_type": ("списком", "a list"),
    "dict_type": ("таблицей", "a table"),
}


def setting_problem(place: str, key: str, expected: str, value: object, lang: str) -> str:
    """A bad setting as one sentence: where, which setting, what it must be, what it got.

    English is the one parameter message of :func:`netmatch._base.params.message`; Russian is its
    translation.

    >>> setting_problem("--max-km", "constraints.max_km", "greater than 0", -5, "en")
    "--max-km: The 'constraints.max_km' parameter of the settings must be greater than 0. Got -5 instead."
    >>> setting_problem("--max-km", "constraints.max_km", "больше 0", -5, "ru")
    '--max-km: параметр «constraints.max_km» должен быть больше 0; получено -5. Исправьте значение.'
    """
    if lang == "ru":
        return f"{place}: параметр «{key}» должен быть {expected}; получено {value!r}. Исправьте значение."
    return f"{place}: {message(key, 'the settings', expected, value)}"


#: The words of column notices (extra columns, two-meaning headers) and of ``netmatch columns``.
COLUMNS: dict[str, dict[str, str]] = {
    "ru": {
        "schools": "Школы",
        "results": "Результаты",
        "resources": "Ресурсы",
        "organisations": "Организации-партнёры",
        "needs": "Потребности школ",
        "teachers": "Педагоги (по предметам или поимённо)",
        "staff": "Специалисты программы",
        "surveys": "Опросы удовлетворённости",
        "kept": "Примечание: столбцы, которые netmatch не читает, оставлены в стороне ({n}) — {where}: {headers}.",
        "kept_fix": "  Чтобы прочитать такой столбец, сопоставьте его полю в файле --columns ФАЙЛ.toml (поля и "
                    "заголовки: netmatch columns); --strict делает лишние столбцы ошибками.",
        "weak_taken": "Примечание: столбец «{header}» ({where}) прочитан как «{field}» — {meaning}: другого "
                      "столбца для этого поля нет. Если это не так, укажите нужный столбец в --columns.",
        "weak_kept": "Примечание: столбец «{header}» ({where}) оставлен в стороне: поле «{field}» ({meaning}) "
                     "берётся из столбца «{holder}».",
        "percent": "Примечание: столбец «{header}» ({where}) прочитан как проценты: в нём значения больше 1 "
                   "(35 — это 35%). Если это не так, запишите доли как 0,35.",
        "encoding": "Примечание: не в UTF-8 и прочитаны в кодировке {encoding}: {files}. Если буквы в выводе "
                    "неверны, укажите кодировку: --encoding.",
        "codes": "Примечание: столбец «{header}» ({where}): коды ({n}) прочитаны без невидимых и управляющих "
                 "символов, в одном написании (Unicode NFKC): {shown}. Исправьте их в реестре, чтобы коды "
                 "совпадали во всех файлах.",
        "head": "Заголовки столбцов, которые читает netmatch: поле — что в нём, затем все его заголовки.\n"
                "Регистр, «ё», кавычки и знаки препинания не важны; * — обязательное поле.",
        "table": "{label} (лист или файл «{sheet}», по-английски «{table}»):",
        "weak": "    (заголовок «{header}» читается так, только если другого столбца для поля нет: "
                "у него есть второе значение)",
        "wide": "В таблице школ читаются также результаты в широкой форме — процедура, год, предмет и показатель\n"
                "в заголовке: «ЕГЭ 2021 Русский язык средний балл», «ВПР-2023 5 класс математика доля 2»;\n"
                "и отметки ресурсов (да/нет или направленность): {flags}.",
        "names": "Вместо кода школы результаты могут называть школу: «Наименование ОО» (и «Муниципалитет», «№ ОО»);\n"
                 "они сопоставляются с таблицей школ по наименованию (--match-results; нечётко — с rapidfuzz).",
        "context": "Свои показатели условий — столбец на показатель с заголовком «Условия: название»\n"
                   "(«Условия: доля малообеспеченных семей») или любой столбец, сопоставленный с \"context\"\n"
                   "в --columns;\n"
                   "их берут в сводный индекс условий по названию: [rules.composite_weights] \"название\" = 1.",
        "other": "Остальные столбцы («Адрес», «Директор», «Телефон»…) не читаются и перечисляются в примечании;\n"
                 "заголовок, похожий на известный с опечаткой («Широто»), — ошибка с подсказкой.",
        "mapping": "Свои заголовки сопоставьте полям в файле TOML и передайте его: --columns ФАЙЛ.toml\n"
                   "(или раздел [columns] в файле --config):\n\n"
                   "  [columns]\n"
                   "  \"Код по ФИС\" = \"id\"          # заголовок = поле\n"
                   "  \"Адрес\" = false              # не читать столбец\n"
                   "  [columns.results]            # только для таблицы результатов\n"
                   "  \"Код\" = \"school\"",
    },
    "en": {
        "schools": "schools",
        "results": "results",
        "resources": "resources",
        "organisations": "partner organisations",
        "needs": "schools' needs",
        "teachers": "teachers (per subject or by name)",
        "staff": "programme staff",
        "surveys": "satisfaction surveys",
        "kept": "Note: columns netmatch does not read are kept aside ({n}) — {where}: {headers}.",
        "kept_fix": "  To read such a column, map it onto a field in a --columns FILE.toml (fields and headers: "
                    "netmatch columns); --strict makes extra columns errors.",
        "weak_taken": "Note: column '{header}' ({where}) read as '{field}' — {meaning}: no other column gives "
                      "that field. If that is wrong, name the right column in --columns.",
        "weak_kept": "Note: column '{header}' ({where}) kept aside: the field '{field}' ({meaning}) comes from "
                     "column '{holder}'.",
        "percent": "Note: column '{header}' ({where}) read as percentages: its values are over 1 (35 is 35%). "
                   "If that is wrong, write the shares as 0.35.",
        "encoding": "Note: not UTF-8, read as {encoding}: {files}. If the letters in the output are wrong, "
                    "give the encoding: --encoding.",
        "codes": "Note: column '{header}' ({where}): {n} codes read without invisible or control characters, "
                 "in one spelling (Unicode NFKC): {shown}. Correct them in the registry so that the codes "
                 "agree in every file.",
        "head": "Column headers netmatch reads: field — what it holds, then every header for it.\n"
                "Case, «ё», quotes and punctuation do not matter; * marks a required field.",
        "table": "{label} (sheet or file '{table}', in Russian «{sheet}»):",
        "weak": "    (header '{header}' is read so only when no other column gives the field: it has a second "
                "meaning)",
        "wide": "The schools table may also carry results in wide form — procedure, year, subject and figure in\n"
                "the header: 'ЕГЭ 2021 Русский язык средний балл', 'ВПР-2023 5 класс математика доля 2';\n"
                "and resource flags (yes/no or the profile): {flags}.",
        "names": "Instead of the school code, results may name the school: 'Наименование ОО' (and 'Муниципалитет',\n"
                 "'№ ОО'); they are matched to the schools table by name (--match-results; fuzzy with rapidfuzz).",
        "context": "Your own indicators of conditions: a column each headed 'context: name'\n"
                   "('context: share of low-income families'), or any column mapped to \"context\" in --columns;\n"
                   "the composite of conditions takes them by name: [rules.composite_weights] \"name\" = 1.",
        "other": "Other columns ('Адрес', 'Директор', 'Телефон'…) are not read and are listed in a note;\n"
                 "a header one typo away from a known one ('Широто') is an error that names it.",
        "mapping": "Map your own headers onto fields in a TOML file and pass it: --columns FILE.toml\n"
                   "(or a [columns] section in the --config file):\n\n"
                   "  [columns]\n"
                   "  \"URN\" = \"id\"                 # header = field\n"
                   "  \"Address\" = false            # do not read the column\n"
                   "  [columns.results]            # for the results table only\n"
                   "  \"Code\" = \"school\"",
    },
}

# every text above is an entry of the one catalog (netmatch._words), where the tests find them all
CATALOG.keyed_by_language("cli", TEXT)
CATALOG.keyed_by_language("cli.steps", STEPS)
CATALOG.keyed_by_language("cli.stages", STAGES)
CATALOG.keyed_by_language("cli.help", HELP)
CATALOG.keyed_by_language("cli.columns", COLUMNS)
CATALOG.keyed("cli.expected", EXPECTED)


#: The system's reasons a file could not be read or written, in each language (strerror is English).
OS_REASONS: dict[str, dict[int, str]] = {
    "ru": {2: "нет такого файла или папки", 13: "нет прав доступа", 1: "операция не разрешена",
           28: "на диске нет места", 30: "файловая система только для чтения", 21: "это папка, а не файл",
           20: "часть пути — не папка", 36: "слишком длинное имя файла", 122: "превышена квота диска"},
    "en": {2: "no such file or folder", 13: "permission denied", 1: "operation not permitted",
           28: "no space left on the disk", 30: "read-only file system", 21: "a folder, not a file",
           20: "a part of the path is not a folder", 36: "file name too long", 122: "disk quota exceeded"},
}
