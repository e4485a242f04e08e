"""The Russian of netmatch's English messages: input problems and parameter errors.

Keys are the English texts as they are raised (``{name}`` where a part is built from data);
values are their Russian. The Russian of a value's expectation is a noun phrase in the
nominative, as it follows «ожидалось:» in a problem line.
"""

from __future__ import annotations

__all__ = ["FILES", "INPUTS", "NOTES", "PARAMETERS", "RULE_WORDS"]

_SHARE = "доля от 0 до 1 (35% записывается как 0,35 или «35%»)"
_COUNT = "целое число от 0 до 10 000 000"
_FLAG = "да или нет (да/нет, 1/0)"

#: What a value of a registry should be, and how to fix it.
INPUTS: dict[str, str] = {
    # what each field accepts
    "a non-empty id": "непустой код",
    "a non-empty name": "непустое название",
    "the id of the host school": "код школы, где находится ресурс",
    "the id of a school": "код школы",
    "the id of a school in the registry": "код школы из реестра",
    "a subject name": "название предмета",
    "the survey's name": "название опроса",
    "a latitude in decimal degrees from -90 to 90 (e.g. 52.71)": "широта в десятичных градусах от -90 до 90 "
                                                                 "(например, 52.71)",
    "a longitude in decimal degrees from -180 to 180 (e.g. 91.37)": "долгота в десятичных градусах от -180 до 180 "
                                                                    "(например, 91.37)",
    "the number of shifts: 1, 2 or 3": "число смен: 1, 2 или 3",
    "an integer from {low} to {high}": "целое число от {low} до {high}",
    "a whole number from 0 to 10,000,000": _COUNT,
    "vacancies as 'subject: count; subject: count' with whole counts of 0 or more":
        "вакансии в виде «предмет: число; предмет: число» с целыми числами от 0",
    "numbers from -1,000,000 to 1,000,000, as 'name: number; name: number' (a percentage is a share)":
        "числа от -1 000 000 до 1 000 000 в виде «название: число; название: число» (процент — доля)",
    "no name: write 'name: number'": "нет названия показателя: пишите «название: число»",
    "a speed in Mbit/s from 0 to 1,000,000": "скорость в Мбит/с от 0 до 1 000 000",
    "hours per week, 0 or more": "часы в неделю, 0 или больше",
    "hours per week from 0 to 168": "часы в неделю от 0 до 168",
    "a number from -1,000,000 to 1,000,000 (the index of social well-being, ИСБШ)":
        "число от -1 000 000 до 1 000 000 (индекс социального благополучия школы, ИСБШ)",
    "a share from 0 to 1 (write 35% as 0.35 or '35%')": _SHARE,
    "a year from 1990 to 2100": "год от 1990 до 2100",
    "a grade from 1 to 11": "класс от 1 до 11",
    "a whole number of participants from 0 to 10,000,000": "целое число участников от 0 до 10 000 000",
    "a mean score of 0 or more": "средний балл, 0 или больше",
    "a mean score from -1,000,000 to 1,000,000": "средний балл от -1 000 000 до 1 000 000",
    "a mean percentage from 0 to 100": "средний процент от 0 до 100",
    "yes or no (да/нет, 1/0)": _FLAG,
    "yes or no (да/нет), or the centre's profile (естественно-научная, цифровая и гуманитарная)":
        "да или нет (да/нет) либо профиль центра (естественно-научная, цифровая и гуманитарная)",
    "a value (it is required)": "значение (оно обязательно)",
    "no value right of the last header; give the column a header or clear it":
        "пустая ячейка правее последнего заголовка; дайте столбцу заголовок или очистите его",
    "no such field; see the model's fields for the accepted names": "такого поля нет; допустимые имена полей "
                                                                    "перечисляет команда netmatch columns",
    # pydantic's own words, where a field has none of its own (lower-cased as a problem shows them)
    "input should be a valid number, unable to parse string as a number": "число",
    "input should be a valid number": "число",
    "input should be a finite number": "конечное число",
    "input should be a valid integer, unable to parse string as an integer": "целое число",
    "input should be a valid integer": "целое число",
    "input should be a valid boolean, unable to interpret input": "да или нет",
    "input should be a valid boolean": "да или нет",
    "input should be a valid string": "текст",
    "input should be a valid list": "список",
    "field required": "значение (оно обязательно)",
    "extra inputs are not permitted": "известное поле (лишние поля не допускаются)",
    # values as parsed
    "a number without a percent sign": "число без знака процента",
    "not a number": "число",
    "a number, not a yes/no flag": "число, а не «да/нет»",
    "a finite number": "конечное число",
    "a whole number": "целое число",
    "latitude and longitude must be given together (or both left empty)":
        "широта и долгота вместе (или обе пустые)",
    "school {school} lists itself among its partners": "школа {school} не может быть партнёром самой себе",
    "shares of teachers with the highest ({hi}) and first ({first}) category add up to more than 1":
        "доли педагогов высшей ({hi}) и первой ({first}) категорий в сумме не больше 1",
    # across tables and rows
    "a unique school id; item {item} has the same id": "уникальный код школы; тот же код у элемента {item}",
    "a unique school id; row {row} has the same id": "уникальный код школы; тот же код в строке {row}",
    "at least one school; the schools table has none (only a header?)":
        "хотя бы одна школа; в таблице школ нет ни одной (только заголовок?)",
    "a school id unlike the others; item {item} has the id '{other}' that looks the same (Cyrillic and Latin "
    "letters, O and zero): write both alike if they are one school, or give one another code":
        "код школы, не похожий на другие; у элемента {item} код «{other}», который выглядит так же (кириллица и "
        "латиница, буква O и ноль): запишите оба одинаково, если это одна школа, или дайте одной другой код",
    "a school id unlike the others; row {row} has the id '{other}' that looks the same (Cyrillic and Latin "
    "letters, O and zero): write both alike if they are one school, or give one another code":
        "код школы, не похожий на другие; в строке {row} код «{other}», который выглядит так же (кириллица и "
        "латиница, буква O и ноль): запишите оба одинаково, если это одна школа, или дайте одной другой код",
    "a text without control characters (here {chars}): a terminal or a spreadsheet would act on them; remove them":
        "текст без управляющих символов (здесь {chars}): терминал или электронная таблица выполнили бы их; "
        "удалите их",
    "a code in one spelling, without invisible characters (read_registry gives it one: '{code}')":
        "код в одном написании, без невидимых символов (read_registry приводит его к виду «{code}»)",
    "a unique organisation code; item {item} has the same code":
        "уникальный код организации; тот же код у элемента {item}",
    "a unique organisation code; row {row} has the same code": "уникальный код организации; тот же код в строке {row}",
    "an organisation code no school has (the schools table has it)":
        "код организации, которого нет у школ (этот код есть в таблице школ)",
    "the id of a school or an organisation in the registry": "код школы или организации из реестра",
    "a need for a resource names the resource or a subject it is for («Вид ресурса» or «Предмет»)":
        "потребность в ресурсе называет вид ресурса или предмет («Вид ресурса» или «Предмет»)",
    "a priority: 1 (most urgent), 2 or 3": "приоритет: 1 (самый срочный), 2 или 3",
    "a unique resource id; item {item} has the same id": "уникальный код ресурса; тот же код у элемента {item}",
    "a unique resource id; row {row} has the same id": "уникальный код ресурса; тот же код в строке {row}",
    "one row per school, year, procedure, grade and subject; this repeats item {item}":
        "одна строка на школу, год, процедуру, класс и предмет; эта повторяет элемент {item}",
    "one row per school, year, procedure, grade and subject; this repeats row {row}":
        "одна строка на школу, год, процедуру, класс и предмет; эта повторяет строку {row}",
    "one row per school, year and survey; this repeats item {item}":
        "одна строка на школу, год и опрос; эта повторяет элемент {item}",
    "one row per school, year and survey; this repeats row {row}":
        "одна строка на школу, год и опрос; эта повторяет строку {row}",
    "one row per school and subject; this repeats item {item}":
        "одна строка на школу и предмет; эта повторяет элемент {item}",
    "one row per school and subject; this repeats row {row}":
        "одна строка на школу и предмет; эта повторяет строку {row}",
    "one row per teacher and subject; this repeats item {item}":
        "одна строка на педагога и предмет; эта повторяет элемент {item}",
    "one row per teacher and subject; this repeats row {row}":
        "одна строка на педагога и предмет; эта повторяет строку {row}",
    "no more named teachers than item {item} counts ({n})":
        "названных педагогов не больше, чем насчитывает элемент {item} ({n})",
    "no more named teachers than row {row} counts ({n})":
        "названных педагогов не больше, чем насчитывает строка {row} ({n})",
    "a unique code of a person; item {item} has the same code": "уникальный код специалиста; тот же код у элемента "
                                                                 "{item}",
    "a unique code of a person; row {row} has the same code": "уникальный код специалиста; тот же код в строке {row}",
    "the code of a school or an organisation in the registry": "код школы или организации из реестра",
    "a row gives the number of teachers («Педагогов») or one teacher's name («ФИО»)":
        "строка даёт число педагогов («Педагогов») или ФИО одного педагога («ФИО»)",
    "a row naming a teacher counts one teacher: leave «Педагогов» empty or write 1":
        "строка с ФИО — это один педагог: оставьте «Педагогов» пустым или напишите 1",
    "more teachers trained («Прошли КПК») than the row counts («Педагогов»)":
        "прошедших КПК («Прошли КПК») больше, чем педагогов в строке («Педагогов»)",
    "one row per school and profile; this repeats item {item}":
        "одна строка на школу и профиль; эта повторяет элемент {item}",
    "one row per school and profile; this repeats row {row}":
        "одна строка на школу и профиль; эта повторяет строку {row}",
    "a whole number of groups, 0 or more": "целое число групп, 0 или больше",
    "hours a week per group, more than 0 and at most 168": "часы в неделю на группу: больше 0 и не больше 168",
    "a resource kind or a subject (e.g. 'физика', 'Точка роста')":
        "вид ресурса или предмет (например, «физика», «Точка роста»)",
    "a column among {columns}": "один из столбцов: {columns}",
    "a DataFrame, a mapping of columns or a list of records with 'school', 'profile', 'groups', 'hours' "
    "(and optionally 'priority')": "таблица (DataFrame), словарь столбцов или список записей с полями 'school', "
                                   "'profile', 'groups', 'hours' (и, если нужно, 'priority')",
    "{expected}; its {column} must be a column": "{expected}; {column} должен быть столбцом",
    "{expected}; record {k} must be a mapping": "{expected}; запись {k} должна быть словарём",
    "a column of {columns}": "один из столбцов: {columns}",
    # files and columns
    "this required column": "этот обязательный столбец",
    "a column for the required field {name} (e.g. {header})": "столбец для обязательного поля {name} "
                                                               "(например, {header})",
    "a header for a column that holds data": "заголовок столбца с данными",
    "one column for the field {name}; column {other} already holds it":
        "один столбец на поле {name}; его уже содержит столбец {other}",
    "one column per figure; {other} names the same procedure, year, grade, subject and figure":
        "один столбец на показатель; {other} называет те же процедуру, год, класс, предмет и показатель",
    "{n} cells as in the header (row {row}); check the separator {sep} and quotes":
        "столько ячеек, сколько в заголовке ({n}, строка {row}); проверьте разделитель {sep} и кавычки",
    "The fields and their headers: netmatch columns.": "Поля и их заголовки перечисляет команда netmatch columns.",
}

#: The words of a parameter error (:func:`netmatch._base.params.message`) and of what a parameter accepts.
PARAMETERS: dict[str, str] = {
    "The {name} parameter of {owner} must be {expected}. Got {got} instead.":
        "Параметр {name} функции {owner}: ожидается {expected}; получено {got}.",
    "The parameters of {owner} must be a {model} or a dict: {error}":
        "Параметры {owner}: ожидается {model} или словарь ({error})",
}

#: The words of what a parameter accepts: fragments, translated only as a part of a message.
RULE_WORDS: dict[str, str] = {
    "{a} or {b}": "{a} или {b}",
    "{a} and {b}": "{a} и {b}",
    "one of {choices}": "одно из: {choices}",
    "a number": "число",
    "a number {bounds}": "число {bounds}",
    "a whole number of {bounds}": "целое число {bounds}",
    "a whole number {bounds}": "целое число {bounds}",
    "greater than {n}": "больше {n}",
    "at least {n}": "не меньше {n}",
    "at most {n}": "не больше {n}",
    "less than {n}": "меньше {n}",
    "True or False": "True или False",
    "true or false": "true или false",
    "a str": "текст (str)",
    "a mapping": "словарь (mapping)",
    "a path (str or os.PathLike)": "путь к файлу (str или os.PathLike)",
    "a DataFrame": "таблица pandas (DataFrame)",
    "a list of str": "список строк (list of str)",
    "a list of (str, str) pairs": "список пар строк (list of (str, str))",
    "an array of numbers": "массив чисел",
    "a known parameter (no such parameter)": "известный параметр (такого нет)",
    "a Registry": "реестр (Registry)",
    "a Curators result": "назначение кураторов (Curators)",
    "a Mentors result": "назначение наставников (Mentors)",
    "a Pairing": "пары (Pairing)",
    "a Networks result": "сетевые объединения (Networks)",
    "a NeedMatches result": "потребности школ, сопоставленные с организациями (NeedMatches)",
    "SubjectGroups": "предметные группы (SubjectGroups)",
    "a graph from build_graph or a Registry": "граф из build_graph или реестр (Registry)",
    "a Plan": "план (Plan)",
    "an EventPlan": "план мероприятий (EventPlan)",
    "EventLoads": "нагрузки плана мероприятий (EventLoads)",
    "a datetime.date": "дата (datetime.date)",
    "a list of activities (Activity or dict)": "список видов мероприятий (Activity или словари)",
    "a Siting": "размещение центров (Siting)",
    "an Identification": "результат выявления (Identification)",
    "a Scenario or a Registry": "сценарий (Scenario) или реестр (Registry)",
    "a Sharing from share_resources": "распределение ресурсов (Sharing) из share_resources",
    "a networkx graph from build_graph": "граф networkx из build_graph",
    # what single parameters accept (Checks.fail)
    "a positive integer": "целое положительное число",
    "a non-negative integer": "целое неотрицательное число",
    "a positive number": "положительное число",
    "a positive number of seconds": "положительное число секунд",
    "a non-negative number or None": "неотрицательное число или None",
    "a non-negative number when objective='coverage'": "неотрицательное число при objective='coverage'",
    "a number from 0 (proven optimum) to below 1": "число от 0 (доказанный оптимум) до значения меньше 1",
    "a number in the range [0, 1)": "число в диапазоне [0, 1)",
    "a str or None": "текст (str) или None",
    "an int (the number of new sites)": "целое число (число новых центров)",
    "an int in the range [0, {n}] (the number of candidate sites)":
        "целое число от 0 до {n} (число кандидатов для новых центров)",
    "a sequence of site indices not in 'fixed'": "последовательность номеров мест, которых нет в 'fixed'",
    "None unless 'capacity' is given (demand only fills capacity)":
        "None, если не задана 'capacity' (спрос лишь заполняет вместимость)",
    "None when left_first is given": "None, когда задан left_first",
    "None when schools want more leaders than they need (max_partners > min_partners)":
        "None, когда школам нужно больше лидеров, чем требуется (max_partners > min_partners)",
    "a dict with only the keys 'schools' and 'leaders'": "словарь только с ключами 'schools' и 'leaders'",
    "keyed by candidate (leader, school) pairs of the graph": "с ключами — парами-кандидатами графа (лидер, школа)",
    "a finite number for {key}": "конечное число для {key}",
    "a mapping of (leader, school) pairs to numbers, or None": "словарь пар (лидер, школа) и чисел или None",
    "a positive number of seconds or None": "положительное число секунд или None",
    "0 or more": "0 или больше",
    "{ids} and {n} more": "{ids} и ещё {n}",  # the tail of a cut list of ids (netmatch._base.lists.more)
    "not chosen": "не выбрана",
    "at least one procedure": "хотя бы одна процедура",
    "each shift factor must be from 0 to 1; got {f}": "каждый коэффициент смены от 0 до 1; получено {f}",
    "every family of subjects must name at least one subject, none of them blank":
        "в каждой группе предметов хотя бы один предмет, без пустых названий",
    "finite bounds of the scale": "конечные границы шкалы",
    "scale_min ({low}) below scale_max ({high})": "scale_min ({low}) меньше scale_max ({high})",
    "a minimum threshold on the scale ({scale})": "минимальный порог в пределах шкалы ({scale})",
    "min_partners ({low}) exceeds max_partners ({high})": "min_partners ({low}) больше max_partners ({high})",
    "pairs both required and excluded: {pairs}": "пары не могут быть одновременно обязательными и запрещёнными: "
                                                 "{pairs}",
    "weights of 0 or more (not {bad})": "веса от 0 и больше (а не {bad})",
    "a name for every weighted indicator": "название у каждого показателя с весом",
}

#: Whole-input problems: files, tables and the arguments of the library's functions.
FILES: dict[str, str] = {
    "No such file or directory: {path}.": "Файл или папка не найдены: {path}.",
    "Cannot read {name}: use a .csv, .xlsx or .json file, or a directory of them.":
        "Не удаётся прочитать {name}: укажите файл .csv, .xlsx или .json либо папку с ними "
        "(файл .xls сохраните в Excel как .xlsx).",
    "Cannot read a registry from {what}: pass a path, a DataFrame or a mapping.":
        "Не удаётся прочитать реестр из {what}: передайте путь, таблицу (DataFrame) или словарь.",
    "{path} holds no schools table: expected a file named schools.csv, schools.xlsx or Школы.csv "
    "(results and resources files are optional).":
        "В {path} нет таблицы школ: ожидался файл schools.csv, schools.xlsx или Школы.csv "
        "(файлы результатов и ресурсов необязательны).",
    "{path} holds two files for the {table} table; keep one.": "В {path} два файла для таблицы {table}; оставьте один.",
    "{name} has sheets {sheets}; name the schools sheet «Школы» or 'schools' (and optionally «Результаты», «Ресурсы», "
    "«Организации», «Потребности», «Педагоги»).":
        "В {name} листы {sheets}; назовите лист школ «Школы» (и, если есть, «Результаты», «Ресурсы», «Организации», "
        "«Потребности», «Педагоги»).",
    "{name} has two sheets for the {table} table, «{a}» and «{b}»; keep one.":
        "В {name} два листа для таблицы {table}: «{a}» и «{b}»; оставьте один.",
    "{name} is not a readable .xlsx workbook ({error}); open it in Excel or LibreOffice and save it again as .xlsx.":
        "{name} — не читаемая книга .xlsx ({error}); откройте её в Excel или LibreOffice и сохраните заново как "
        ".xlsx.",
    "{name} unpacks to {size} bytes, more than the limit of {limit}; a registry workbook is far smaller: check "
    "the file.": "{name} распаковывается в {size} байт, больше предела {limit}; книга реестра намного меньше: "
                 "проверьте файл.",
    "{name}: the part {part} unpacks {ratio} times its packed size (the limit is {limit}); a registry workbook "
    "never does: check the file.": "{name}: часть {part} распаковывается в {ratio} раз больше своего сжатого "
                                   "размера (предел {limit}); у книги реестра так не бывает: проверьте файл.",
    "{name}: the part {part} declares XML entities (<!DOCTYPE or <!ENTITY>), which no spreadsheet program writes; "
    "it is not read. Save the table again from Excel or LibreOffice.":
        "{name}: часть {part} объявляет сущности XML (<!DOCTYPE или <!ENTITY>), которых не пишет ни одна "
        "программа электронных таблиц; файл не читается. Сохраните таблицу заново из Excel или LibreOffice.",
    "{name}: cell {cell} of {part} holds a formula whose value was never computed, so it would read as empty; "
    "open the file in Excel or LibreOffice and save it again (the values are then computed), or type the value.":
        "{name}: в ячейке {cell} части {part} формула, значение которой не вычислено, и она прочиталась бы пустой; "
        "откройте файл в Excel или LibreOffice и сохраните заново (значения будут вычислены) или введите значение.",
    "Unknown encoding {encoding} for {name}: use e.g. utf-8, cp1251 or koi8-r.":
        "Неизвестная кодировка {encoding} для {name}: укажите, например, utf-8, cp1251 или koi8-r.",
    "{name} is not in {encoding}: byte {byte} at line {line} is not; pass the file's encoding (encoding=..., "
    "--encoding), or leave it out to let netmatch tell.":
        "{name} не в кодировке {encoding}: байт {byte} в строке {line} в ней не читается; укажите кодировку файла "
        "(encoding=..., --encoding) или не указывайте её, чтобы netmatch определил сам.",
    "{name} is UTF-8 but for byte {byte} at line {line}, which is not; fix that place in the file, or pass its "
    "encoding (encoding=..., --encoding).":
        "{name} в кодировке UTF-8, кроме байта {byte} в строке {line}; исправьте это место в файле или укажите "
        "кодировку (encoding=..., --encoding).",
    "{name} is in no encoding netmatch knows ({tried}): byte {byte} at line {line} fits none; save the file as "
    "UTF-8, or pass its encoding (encoding=..., --encoding).":
        "{name} не читается ни в одной известной netmatch кодировке ({tried}): байт {byte} в строке {line} не "
        "подходит ни к одной; сохраните файл в UTF-8 или укажите кодировку (encoding=..., --encoding).",
    "{name}: the key {key} is given twice in one object; keep one.":
        "{name}: ключ {key} дважды в одном объекте; оставьте один.",
    "{name} nests lists and objects far deeper than a registry does; check the file.":
        "В {name} списки и объекты вложены намного глубже, чем в реестре; проверьте файл.",
    "{source}: {where}[{k}] is not an object; a record is an object of fields and their values.":
        "{source}: {where}[{k}] — не объект; запись — это объект из полей и их значений.",
    "{source}: {where}[{k}].{key} holds values nested too deep; a cell holds a number, text, true/false or null, "
    "or a list of them.": "{source}: в {where}[{k}].{key} слишком глубоко вложенные значения; в ячейке число, "
                          "текст, true/false или null либо их список.",
    "{source}: {where}.{key} is not a list; a column is a list of values.":
        "{source}: {where}.{key} — не список; столбец — это список значений.",
    "{source}: {where}.{key}[{k}] holds values nested too deep; a cell holds a number, text, true/false or null, "
    "or a list of them.": "{source}: в {where}.{key}[{k}] слишком глубоко вложенные значения; в ячейке число, "
                          "текст, true/false или null либо их список.",
    "{source}: the columns of {where} have different lengths ({shown}); give every column a value per school.":
        "{source}: столбцы {where} разной длины ({shown}); дайте каждому столбцу по значению на школу.",
    "{source}: {where} is neither a list of records nor an object of columns.":
        "{source}: {where} — ни список записей, ни объект столбцов.",
    "{source}: and {n} more such problems.": "{source}: и ещё {n} таких же ошибок.",
    "{name}, line {line}: a cell longer than {limit} characters, or a quote opened and never closed; close the "
    "quote or shorten the cell.": "{name}, строка {line}: ячейка длиннее {limit} символов или незакрытая кавычка; "
                                  "закройте кавычку или сократите ячейку.",
    "{name} is not valid JSON: {error} at line {line}, column {column}.":
        "{name} — не JSON: ошибка «{error}» в строке {line}, позиция {column}.",
    "{source}: expected an object with a 'schools' list (or a list of schools).":
        "{source}: ожидался объект со списком 'schools' (или список школ).",
    "Reading {name} needs openpyxl: pip install 'netmatch[excel]'.":
        "Для чтения {name} нужен openpyxl: pip install 'netmatch[excel]'.",
    "Writing {name} needs openpyxl: pip install 'netmatch[excel]'.":
        "Для записи {name} нужен openpyxl: pip install 'netmatch[excel]'.",
    "Writing Excel needs XlsxWriter: pip install 'netmatch[excel]'.":
        "Для записи Excel нужен XlsxWriter: pip install 'netmatch[excel]'.",
    "Writing the HTML report needs jinja2: pip install 'netmatch[report]'.":
        "Для отчёта HTML нужен jinja2: pip install 'netmatch[report]'.",
    "assign_curators: roles {roles} are none of {expected}.":
        "assign_curators: роли {roles} не входят в число допустимых: {expected}.",
    "{name}: no [[activity]] tables; each activity is one [[activity]] table.":
        "{name}: нет таблиц [[activity]]; каждое мероприятие каталога — одна таблица [[activity]].",
    "{name}: not a TOML file ({error}); write [[activity]] tables.":
        "{name}: это не файл TOML ({error}); запишите каталог таблицами [[activity]].",
    "plan_events: the period ends ({end}) before it starts ({start}).":
        "plan_events: период заканчивается ({end}) раньше, чем начинается ({start}).",
    "AddStaff: the staff already has {code}; give a new code.":
        "AddStaff: в штате уже есть {code}; укажите новый код.",
    "SetStaffLoad: no person {code} in the staff.": "SetStaffLoad: в штате нет специалиста {code}.",
    "SetStaffLoad: give «max_schools», «hours» or both.": "SetStaffLoad: укажите «max_schools», «hours» или оба.",
    "The agreement template {name} is not a file; give a .docx file.":
        "Шаблон договора {name} не является файлом; укажите файл «.docx».",
    "Writing agreements needs python-docx: pip install 'netmatch[docs]'.":
        "Для проектов договоров нужен пакет «python-docx»: pip install 'netmatch[docs]'.",
    "{owner}: activity {n} ({code}), {where}: {error} (got {value}).":
        "{owner}: мероприятие {n} ({code}), поле {where}: {error} (получено {value}).",
    "{owner}: indicator {n} ({code}): {where}: {error}.":
        "{owner}: показатель {n} ({code}), поле {where}: {error}.",
    "{owner}: indicator {n} ({code}): {error}.": "{owner}: показатель {n} ({code}): {error}.",
    "{owner}: the indicator code {code} is given twice; codes are unique.":
        "{owner}: код показателя {code} указан дважды; коды должны быть уникальными.",
    "{owner}: no preset of indicators {name}; the presets: {presets}.":
        "{owner}: нет набора показателей {name}; наборы: {presets}.",
    "{name}: not a TOML file ({error}); write [[indicator]] tables.":
        "{name}: это не файл TOML ({error}); запишите показатели таблицами [[indicator]].",
    "{owner}: unknown keys {keys}; indicators are given as «preset» and [[indicator]] tables.":
        "{owner}: неизвестные ключи {keys}; показатели задаются ключом «preset» и таблицами [[indicator]].",
    "{owner}: indicator must be [[indicator]] tables.": "{owner}: показатели задаются таблицами [[indicator]].",
    "a value is required": "значение обязательно",
    "measure_indicators: indicator {code}: {error}.": "measure_indicators: показатель {code}: {error}.",
    "a call": "вызов функции",
    "an attribute": "обращение к атрибуту",
    "a subscript": "обращение по индексу",
    "no such field; the fields: {fields}": "такого поля нет; поля показателя: {fields}",
    "expected {expected} (got {value})": "ожидается {expected} (получено {value})",
    "a code of letters, digits and _ (1 to 64)": "код из латинских букв, цифр и _ (от 1 до 64 знаков)",
    "a non-empty text": "непустой текст",
    "no column {name} in the {table} table; its columns: {columns}":
        "в таблице {table} нет столбца {name}; её столбцы: {columns}",
    "only columns, numbers, texts, comparisons, «and», «or», «not», «in [...]» and + - * / (found «{part}»)":
        "допустимы только столбцы, числа, тексты, сравнения, «and», «or», «not», «in [...]» и + - * / "
        "(найдено: «{part}»)",
    "not a formula: {formula}": "это не формула: {formula}",
    "texts compare only with == and !=": "тексты сравниваются только через == и !=",
    "«in» takes a list, e.g. «procedure in ['ege', 'oge']»":
        "после «in» нужен список, например «procedure in ['ege', 'oge']»",
    "a list [...] comes only after «in», e.g. «procedure in ['ege', 'oge']»":
        "список [...] допустим только после «in», например «procedure in ['ege', 'oge']»",
    "not a number nor a condition: {formula}": "это не число и не условие: {formula}",
    "{owner}: the activity code {code} is given twice; codes are unique.":
        "{owner}: код мероприятия {code} указан дважды; коды должны быть уникальными.",
    "moves: no event {event} in the plan; an id reads activity:unit:number, as the plan of events lists it.":
        "параметр «moves»: в плане нет мероприятия {event}; код читается как вид:единица:номер, как в плане "
        "мероприятий.",
    "moves: {event} to {when}: give a date YYYY-MM-DD or a month YYYY-MM within {start} – {end}.":
        "параметр «moves»: {event} на {when}: укажите дату ГГГГ-ММ-ДД или месяц ГГГГ-ММ в пределах {start} – {end}.",
    "moves: {event} to {day}: a school of the event works in two or three shifts; give a Saturday that is no "
    "public holiday.":
        "параметр «moves»: {event} на {day}: школа мероприятия работает в две или три смены; укажите субботу, "
        "не праздничную.",
    "moves: {event} to {day}: not a working day for it; give a weekday (Monday to Friday) that is no public "
    "holiday.":
        "параметр «moves»: {event} на {day}: это не рабочий день для мероприятия; укажите будний день (понедельник — "
        "пятница), не праздничный.",
    "No schools table given: pass {{'schools': ..., ...}}.": "Нет таблицы школ: передайте {{'schools': ..., ...}}.",
    "Unknown table {name}: use 'schools', 'results', 'resources', 'organisations', 'needs', 'teachers', "
    "'staff' or 'surveys'.":
        "Неизвестная таблица {name}: допустимы 'schools', 'results', 'resources', 'organisations', 'needs', "
        "'teachers', 'staff' и 'surveys'.",
    "Cannot write {name}: use .csv, .xlsx, .json or a directory.":
        "Не удаётся записать {name}: укажите .csv, .xlsx, .json или папку.",
    "Cannot write {name}: use .json (node-link) or .graphml.":
        "Не удаётся записать {name}: укажите .json или .graphml.",
    "Cannot read {name}: use .json (node-link) or .graphml.":
        "Не удаётся прочитать {name}: укажите .json или .graphml.",
    "All result columns must have the same length.": "Все столбцы результатов должны быть одной длины.",
    "Counts of results are turned into shares by validation: pass validate=True.":
        "Численность результатов переводится в доли при проверке: передайте validate=True.",
    "All demand columns must have the same length.": "Все столбцы потребности должны быть одной длины.",
    "The distance table lacks the column(s) {missing}; it needs 'from', 'to' and 'km' and/or 'minutes'.":
        "В таблице расстояний нет столбцов {missing}; нужны 'from', 'to' и 'km' и/или 'minutes'.",
    "The identification belongs to another registry (its school ids differ); run identify() on this registry.":
        "Результат выявления относится к другому реестру (коды школ не совпадают); выполните identify() "
        "на этом реестре.",
    "This graph was not made by netmatch.build_graph (no candidate arrays); build it with build_graph() "
    "or read it with read_graph().": "Этот граф построен не функцией netmatch.build_graph (нет массивов кандидатов); "
                                     "постройте его build_graph() или прочитайте read_graph().",
    "Load units pair each school with one leader: set max_partners=1 in the constraints to use load_hours.":
        "В часах наставничества у каждой школы один лидер: задайте max_partners=1 в ограничениях, чтобы "
        "использовать load_hours.",
    "stable_pairing pairs each school with one leader: build the graph with max_partners=1.":
        "stable_pairing даёт каждой школе одного лидера: постройте граф с max_partners=1.",
    "With a registry, capacity is a mapping {{school id: pupils}}.":
        "С реестром вместимость задаётся словарём {{код школы: обучающихся}}.",
    "site_centres: candidate schools {ids} are not in the registry.":
        "site_centres: школ-кандидатов {ids} нет в реестре.",
    "site_centres got registry options {names} with a cost matrix; they apply only when the first argument is a "
    "Registry.": "site_centres: параметры реестра {names} заданы вместе с матрицей затрат; они действуют, только "
                 "когда первый аргумент — реестр (Registry).",
    "The 'left' and 'right' parameters of {func} must list each (left, right) pair once. Got edges {a} and {b} "
    "both joining left {l} to right {r} instead; merge them.":
        "Параметры 'left' и 'right' функции {func}: каждая пара ('left', 'right') — один раз; получены рёбра {a} и "
        "{b}, обе соединяют 'left' {l} с 'right' {r}; объедините их.",
    # scenarios and sweeps
    "{edit}: no school {school} in the registry.": "{edit}: школы {school} нет в реестре.",
    "join: {school} or {leader} is not in the graph": "«join»: {school} или {leader} нет в графе",
    "join: {school} is a leader school; a leader does not join another's association":
        "«join»: {school} — школа-лидер; лидер не входит в чужое объединение",
    "join: {leader} is neither a leader school nor an organisation that leads":
        "«join»: {leader} — не школа-лидер и не организация, готовая вести объединение",
    "join: {leader} cannot take {school} by the travel rules (too far, and no remote work with it)":
        "«join»: {leader} не может принять {school} по правилам поездок (далеко, а дистанционная работа с ним "
        "не разрешена)",
    "{edit}: no organisation {code} in the registry.": "{edit}: в реестре нет организации {code}.",
    "{edit}: {leader} is neither a school nor an organisation of the registry.":
        "{edit}: {leader} — не школа и не организация реестра.",
    "MergeSchools: a school cannot merge into itself. Got {school} twice.":
        "MergeSchools: школу нельзя объединить с самой собой; получено {school} дважды.",
    "SetLimit: {name} is not a constraint; choose one of {names}.":
        "SetLimit: {name} — не ограничение; выберите одно из: {names}.",
    "SetStatus: give {school} at least one status ({statuses}). Got none.":
        "SetStatus: укажите для {school} хотя бы один статус ({statuses}); не указано ни одного.",
    "SetStatus: statuses are {statuses}. Got {raw}.": "SetStatus: статусы — {statuses}; получено {raw}.",
    "Scenario: edit {k} must be one of {kinds}. Got {got} instead.":
        "Scenario: изменение {k} должно быть одним из: {kinds}; получено {got}.",
    "{owner}() takes the options {options}. Got {unknown} instead.":
        "{owner}() принимает параметры {options}; получено {unknown}.",
    "{owner}() takes a Scenario or a Registry. Got {got}.":
        "{owner}() принимает Scenario или Registry; получено {got}.",
    "sweep grid key {key}: the base scenario's edits set {name} (SetLimit), which would override every value of the "
    "grid; drop the edit or the key.": "sweep, ключ сетки {key}: изменения базового сценария задают {name} (SetLimit) "
                                        "и перекрыли бы все значения сетки; уберите изменение или ключ.",
    "sweep grid key {key} must map to a list of values. Got {got} instead.":
        "sweep: ключу сетки {key} нужен список значений; получено {got}.",
    "sweep grid key {key} must map to at least one value. Got none.":
        "sweep: ключу сетки {key} нужно хотя бы одно значение; не задано ни одного.",
    "sweep: the grid is empty; give at least one key with a list of values, e.g. {{'max_km': [30, 40]}}.":
        "sweep: сетка пуста; задайте хотя бы один ключ со списком значений, например {{'max_km': [30, 40]}}.",
    "sweep: no scenarios to evaluate; give at least one.": "sweep: нет сценариев для расчёта; задайте хотя бы один.",
    "sweep grid key {key}: use constraints.<field>, weights.<field> or rules.<field> with a field of that model.":
        "sweep, ключ сетки {key}: пишите «constraints.<поле>», «weights.<поле>» или «rules.<поле>» "
        "с полем этой модели.",
    "sweep grid key {key} is {what}: write constraints.<field>, weights.<field> or rules.<field>.":
        "sweep, ключ сетки {key} — {what}: пишите «constraints.<поле>», «weights.<поле>» или «rules.<поле>».",
    "sweep: item {k} must be a Scenario, an edit or a list of edits. Got {got} instead.":
        "sweep: элемент {k} должен быть сценарием (Scenario), изменением или списком изменений; получено {got}.",
    "monitor: no pairing for the year(s) {years}.": "monitor: нет пар для лет {years}.",
}

#: The notes of a plan, a pairing and a sharing (what a solver or a replanning did and why).
NOTES: dict[str, str] = {
    "leader capacity in mentor hours a week; {seconds} s, status {status}, proven gap {gap}":
        "вместимость лидеров — в часах наставничества в неделю; {seconds} с, статус решения {status}, "
        "доказанный разрыв {gap}",
    "{who} ranks {other}, but the pair is not feasible under the constraints: skipped":
        "{who} называет в предпочтениях {other}, но такая пара невозможна при ограничениях: пропущено",
    "travel time was not minimised (HiGHS: {message}); the served demand is optimal":
        "время в пути не сведено к наименьшему (HiGHS: {message}); обеспеченная потребность оптимальна",
    "{n} schools teaching grades 5–11 have no pupil count and ask for nothing in the default demand":
        "школ с 5–11 классами без числа обучающихся: {n}; в потребности по умолчанию они ничего не запрашивают",
    "{n} resources have no seats or free hours given and offer nothing: {ids}":
        "ресурсов без числа мест или свободных часов: {n}; они ничего не предлагают: {ids}",
    "{a}–{b}: required pair dropped, {gone} left the registry":
        "{a}–{b}: обязательная пара снята, {gone} нет в реестре",
    "{a}–{b}: required pair dropped, {who} is no longer a leader":
        "{a}–{b}: обязательная пара снята, {who} больше не школа-лидер",
    "{a}–{b}: required pair dropped, {who} left the ШНОР/ШНСУ list":
        "{a}–{b}: обязательная пара снята, {who} больше не в списке ШНОР/ШНСУ",
    "{a}–{b}: released, both schools closed or merged": "{a}–{b}: пара снята, обе школы закрыты или объединены",
    "{a}–{b}: released, leader {who} closed or merged": "{a}–{b}: пара снята, лидер {who} закрыт или объединён",
    "{a}–{b}: released, {who} closed or merged": "{a}–{b}: пара снята, {who} закрыта или объединена",
    "{a}–{b}: released, {who} left the ШНОР/ШНСУ list": "{a}–{b}: пара снята, {who} больше не в списке ШНОР/ШНСУ",
    "{a}–{b}: released, {who} is no longer a leader": "{a}–{b}: пара снята, {who} больше не школа-лидер",
    "{a}–{b}: released, the pair is no longer feasible under the limits":
        "{a}–{b}: пара снята, при ограничениях она больше невозможна",
    "{a}–{b}: switched to {others}, a better plan outweighs the switching penalty {penalty}":
        "{a}–{b}: школа переходит к {others}: выигрыш плана больше штрафа за смену партнёра ({penalty})",
    "{a}–{b}: released, {who} is left without a leader ({why})":
        "{a}–{b}: пара снята, {who} остаётся без лидера ({why})",
    "min_size={a} is more than max_size={b}: give min_size <= max_size.":
        "min_size={a} больше max_size={b}: задайте min_size <= max_size.",
    "form_networks: {given} apply when the source is a registry; the graph has its own: give them to build_graph.":
        "form_networks: {given} задаются, когда источник — реестр; у графа они свои: передайте их в build_graph.",
    "{name} takes {a}. Got {b} instead.": "{name} принимает {a}. Получено {b}.",
    "weak_z={a} must be below strong_z={b}.": "weak_z={a} должно быть меньше strong_z={b}.",
}
