"""Teachers by school and subject in and out: every format, both languages, every problem.

The optional table «Педагоги» (``teachers``: a school, a subject as the results write it, how
many of the school's teachers teach it) goes wherever the other tables go: a directory, CSV
siblings, XLSX sheets, JSON keys, DataFrames and keyword arguments; its problems (an unknown
school, a repeated school and subject, a count below 0, a missing column) are located by file,
row and header and come in one error with the other tables'; a registry written with it reads
back equal; ``netmatch columns`` lists its headers and ``netmatch validate`` counts its rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._data.headers import HEADERS, MEANINGS, REQUIRED, RU_HEADERS, TABLE_NAMES, WEAK, lookup
from netmatch._data.tables import TABLES
from netmatch.cli import main
from netmatch.cli.columns import columns_text
from tests.strategies import _SUBJECT, registries
from tests.test_catalog import latin_words

SCHOOLS = "Код ОО,Наименование ОО,Сменность,Кол-во педагогов\nS1,Школа 1,1,20\nS2,Школа 2,2,9\nS3,Школа 3,1,4\n"
TEACHERS = "Код ОО,Предмет,Педагогов\nS1,Математика,2\nS1,русский язык,3\nS3,химия,0\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def frames() -> dict[str, pd.DataFrame]:
    """The same small registry as DataFrames with Russian headers."""
    schools = pd.DataFrame({"Код ОО": ["S1", "S2", "S3"], "Наименование ОО": ["Школа 1", "Школа 2", "Школа 3"],
                            "Сменность": [1, 2, 1], "Кол-во педагогов": [20, 9, 4]})
    teachers = pd.DataFrame({"Код ОО": ["S1", "S1", "S3"], "Предмет": ["Математика", "русский язык", "химия"],
                             "Педагогов": [2, 3, 0]})
    return {"schools": schools, "teachers": teachers}


def expected() -> nm.Registry:
    """What every format of the small registry reads as."""
    return nm.Registry(
        schools=[{"id": "S1", "name": "Школа 1", "shifts": 1, "teachers": 20},
                 {"id": "S2", "name": "Школа 2", "shifts": 2, "teachers": 9},
                 {"id": "S3", "name": "Школа 3", "shifts": 1, "teachers": 4}],
        teachers=[nm.SubjectTeachers(school="S1", subject="математика", teachers=2),
                  nm.SubjectTeachers(school="S1", subject="русский язык", teachers=3),
                  nm.SubjectTeachers(school="S3", subject="химия", teachers=0)])


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "reg"
    write(folder / "schools.csv", SCHOOLS)
    write(folder / "teachers.csv", TEACHERS)
    return folder


# --- the model and the headers ------------------------------------------------------------------------------


def test_the_model_reads_a_subject_as_the_results_do_and_requires_every_field() -> None:
    row = nm.SubjectTeachers(school=" S1 ", subject="Русский  язык", teachers="3")
    assert (row.school, row.subject, row.teachers) == ("S1", "русский язык", 3)
    assert nm.SubjectTeachers(school="S1", subject="Ёлочная грамота", teachers=0).subject == "елочная грамота"
    for bad in ({"subject": "химия", "teachers": 1}, {"school": "S1", "teachers": 1},
                {"school": "S1", "subject": "химия"}, {"school": "S1", "subject": "химия", "teachers": None},
                {"school": "S1", "subject": "химия", "teachers": -1}, {"school": "S1", "subject": "химия",
                                                                       "teachers": "2,5"}):
        with pytest.raises(ValueError):  # pydantic's ValidationError
            nm.SubjectTeachers(**bad)
    assert list(nm.SubjectTeachers.model_fields) == ["school", "subject", "teachers", "name", "category", "years",
                                                     "mentor", "hours", "trained"]


def test_the_table_has_headers_meanings_and_names() -> None:
    assert TABLES[-3:] == ("teachers", "staff", "surveys") and TABLES.index("teachers") == TABLES.index("needs") + 1
    assert set(HEADERS["teachers"]) == set(nm.SubjectTeachers.model_fields) == set(MEANINGS["teachers"])
    assert REQUIRED["teachers"] == ("school", "subject", "teachers") and WEAK["teachers"] == frozenset()
    assert RU_HEADERS["teachers"] == {"school": "Код ОО", "subject": "Предмет", "teachers": "Педагогов", "name": "ФИО",
                                      "category": "Категория", "years": "Стаж, лет", "mentor": "Наставник",
                                      "hours": "Часов в месяц на наставничество", "trained": "Прошли КПК"}
    aliases = {"school": ("school", "школа", "код школы", "Код ОО"),
               "subject": ("subject", "учебный предмет", "Предмет"),
               "teachers": ("teachers", "число педагогов", "количество педагогов", "учителей", "число учителей",
                            "количество учителей", "педагогов по предмету", "Педагогов")}
    for field, headers in aliases.items():
        assert [lookup("teachers", h) for h in headers] == [field] * len(headers), field
    assert set(TABLE_NAMES["teachers"]) == {"teachers", "Педагоги", "педагоги", "Учителя", "учителя",
                                            "Педагоги по предметам"}
    assert all(MEANINGS["teachers"][f][0] and MEANINGS["teachers"][f][1] for f in HEADERS["teachers"])


# --- reading each format ---------------------------------------------------------------------------------


def test_a_directory_with_english_file_names(registry_dir: Path) -> None:
    reg = nm.read_registry(registry_dir)
    assert reg == expected()
    assert [(t.school, t.subject, t.teachers) for t in reg.teachers] == [
        ("S1", "математика", 2), ("S1", "русский язык", 3), ("S3", "химия", 0)]
    assert reg.kpis.teachers == 3 and reg.kpis.needs == 0


@pytest.mark.parametrize("name", ["Педагоги", "учителя", "Педагоги по предметам"])
def test_a_directory_with_russian_file_names(registry_dir: Path, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "ру"
    write(folder / "Школы.csv", SCHOOLS)
    write(folder / f"{name}.csv", TEACHERS, "cp1251")
    assert nm.read_registry(folder) == expected()


def test_two_files_for_the_teachers_are_refused(registry_dir: Path) -> None:
    write(registry_dir / "Учителя.csv", TEACHERS)
    with pytest.raises(nm.InvalidInputError, match="two files for the teachers table"):
        nm.read_registry(registry_dir)


def test_csv_siblings(registry_dir: Path, tmp_path: Path) -> None:
    write(tmp_path / "district.csv", SCHOOLS)
    write(tmp_path / "district.teachers.csv", TEACHERS.replace(",", ";"))
    assert nm.read_registry(tmp_path / "district.csv") == expected()
    # with a results sibling too (read on another thread): the same table
    write(tmp_path / "district.results.csv", "Код ОО,Год,Процедура,Предмет,Средний балл\nS1,2024,ОГЭ,математика,3.1\n")
    reg = nm.read_registry(tmp_path / "district.csv")
    assert len(reg.results) == 1 and reg.teachers == expected().teachers


@pytest.mark.parametrize("titles", [("Школы", "Педагоги"), ("schools", "teachers"), ("Школы", "Учителя")])
def test_xlsx_sheets_in_russian_and_english(tmp_path: Path, titles: tuple[str, str]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, frame in zip(titles, frames().values(), strict=True):
        ws = wb.create_sheet(title)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append(list(row))
    path = tmp_path / "r.xlsx"
    wb.save(path)
    assert nm.read_registry(path) == expected()


def test_json_keys_in_either_language(tmp_path: Path) -> None:
    reg = expected()
    doc = json.loads(nm.write_registry(reg, tmp_path / "r.json")[0].read_text(encoding="utf-8"))
    assert doc["teachers"] == [{"school": "S1", "subject": "математика", "teachers": 2},
                               {"school": "S1", "subject": "русский язык", "teachers": 3},
                               {"school": "S3", "subject": "химия", "teachers": 0}]
    russian = {"Школы": doc["schools"], "Педагоги": doc["teachers"]}
    write(tmp_path / "ru.json", json.dumps(russian, ensure_ascii=False))
    assert nm.read_registry(tmp_path / "ru.json") == reg
    # records in the departments' headers, as columns
    columns = {"schools": {"id": ["S1", "S2"], "name": ["Школа 1", "Школа 2"]},
               "учителя": {"код школы": ["S2", "S2"], "учебный предмет": ["Физика", "химия"],
                           "число учителей": ["1", 2]}}
    write(tmp_path / "cols.json", json.dumps(columns, ensure_ascii=False))
    back = nm.read_registry(tmp_path / "cols.json")
    assert back.teachers_of("S2", "физика") == 1 and back.teachers_of("S2", "химия") == 2


def test_json_table_of_bad_shape_names_the_key(tmp_path: Path) -> None:
    write(tmp_path / "r.json", json.dumps({"schools": [{"id": "S1", "name": "x"}], "teachers": 3}))
    with pytest.raises(nm.InvalidInputError, match="teachers is neither a list of records nor an object of columns"):
        nm.read_registry(tmp_path / "r.json")


def test_a_mapping_of_frames_and_keyword_arguments(registry_dir: Path) -> None:
    f = frames()
    assert nm.read_registry(f) == expected()
    assert nm.read_registry({"Школы": f["schools"], "Педагоги по предметам": f["teachers"]}) == expected()
    assert nm.read_registry(f["schools"], teachers=f["teachers"]) == expected()
    # a keyword table replaces the one of the source; it takes a path too
    only_one = nm.read_registry(f, teachers=f["teachers"].iloc[:1])
    assert [(t.school, t.subject) for t in only_one.teachers] == [("S1", "математика")]
    assert nm.read_registry(registry_dir / "schools.csv", teachers=registry_dir / "teachers.csv") == expected()


def test_the_keyword_is_checked() -> None:
    with pytest.raises(nm.InvalidInputError, match="teachers"):
        nm.read_registry(frames()["schools"], teachers=42)  # type: ignore[arg-type]


def test_without_the_table_nothing_changes(registry_dir: Path) -> None:
    reg = nm.read_registry(registry_dir / "schools.csv")
    assert reg.teachers == () and reg.kpis.teachers == 0 and reg.teachers_of("S1", "математика") is None
    assert reg == expected().replace(teachers=())
    assert reg.to_frames().teachers is not None and reg.to_frames().teachers.empty


def test_english_headers_and_other_russian_ones() -> None:
    english = pd.DataFrame({"school": ["S2"], "subject": ["Physics"], "teachers": [1]})
    assert nm.read_registry(frames()["schools"], teachers=english).teachers == (
        nm.SubjectTeachers(school="S2", subject="physics", teachers=1),)
    other = pd.DataFrame({"Школа": ["S2"], "Учебный предмет": ["Химия"], "Количество учителей": [2]})
    assert nm.read_registry(frames()["schools"], teachers=other).teachers_of("S2", "химия") == 2


def test_codes_are_read_in_one_spelling() -> None:
    f = frames()
    f["teachers"].loc[2, "Код ОО"] = "S\u200b3"
    notes: list[nm.ColumnNote] = []
    assert nm.read_registry(f, notes=notes) == expected()
    assert [(n.table, n.header, n.changes) for n in notes if n.kind == "codes"] == [
        ("teachers", "Код ОО", (("S\u200b3", "S3"),))]


def test_column_mapping_extra_columns_and_strict_mode() -> None:
    f = frames()
    staff = f["teachers"].rename(columns={"Педагогов": "Ставок"}).assign(Примечание=["совместитель", None, None])
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "teachers": staff})
    assert [(p.table, p.column) for p in info.value.problems] == [("teachers", None)]  # no «Педагогов» column
    assert "Педагогов" in info.value.problems[0].expected
    notes: list[nm.ColumnNote] = []
    reg = nm.read_registry({**f, "teachers": staff}, columns={"teachers": {"Ставок": "teachers"}}, notes=notes)
    assert reg == expected()
    assert [(n.kind, n.table, n.header, n.filled) for n in notes] == [("kept_aside", "teachers", "Примечание", 1)]
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "teachers": staff}, columns={"teachers": {"Ставок": "teachers"}}, unknown="error")
    assert [(p.table, p.column) for p in info.value.problems] == [("teachers", "Примечание")]


def test_a_misspelt_header_is_named() -> None:
    f = frames()
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "teachers": f["teachers"].rename(columns={"Педагогов": "Педагогв"})})
    misspelt, missing = info.value.problems  # and so the required column is missing
    assert (misspelt.table, misspelt.column) == ("teachers", "Педагогв") and "'Педагогов'" in misspelt.expected
    assert (missing.table, missing.column) == ("teachers", None) and "'teachers'" in missing.expected


# --- problems -----------------------------------------------------------------------------------------------


def _bad_dir(folder: Path) -> Path:
    write(folder / "schools.csv", "Код ОО,Наименование ОО,Сменность\nS1,Школа 1,1\nS2,Школа 2,4\nS3,Школа 3,1\n")
    write(folder / "needs.csv", "Код ОО,Вид помощи\nS1,профориентация\nS8,психолог\n")
    write(folder / "teachers.csv",
          "Код ОО,Предмет,Педагогов\n"
          "S1,математика,2\n"                     # row 2: fine
          "S9,физика,1\n"                         # row 3: no such school
          "S1,Математика,3\n"                     # row 4: the school and subject of row 2
          "S2,химия,-1\n"                         # row 5: fewer than none
          "S3,биология,\n"                        # row 6: no count
          "S3,история,1.5\n")                     # row 7: not a whole number
    return folder


def test_every_problem_at_once_table_by_table_with_rows(tmp_path: Path) -> None:
    folder = _bad_dir(tmp_path / "bad")
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(folder)
    found = [(p.table, Path(p.source or "").name, p.row, p.column, p.value) for p in info.value.problems]
    assert found == [
        ("schools", "schools.csv", 3, "Сменность", "4"),
        ("needs", "needs.csv", 3, "Код ОО", "S8"),
        ("teachers", "teachers.csv", 3, "Код ОО", "S9"),
        ("teachers", "teachers.csv", 4, "Предмет", "математика"),
        ("teachers", "teachers.csv", 5, "Педагогов", "-1"),
        ("teachers", "teachers.csv", 6, "Педагогов", None),
        ("teachers", "teachers.csv", 7, "Педагогов", "1.5"),
    ]
    repeat = info.value.problems[3]
    assert repeat.expected == "one row per school and subject; this repeats row 2" and repeat.school == "S1"
    text = "\n".join(info.value.lines("ru"))
    for words in ("teachers.csv, строка 3", "столбец «Код ОО»", "получено «S9»", "код школы из реестра",
                  "одна строка на школу и предмет; эта повторяет строку 2", "получено «-1»",
                  "целое число от 0 до 10 000 000"):
        assert words in text, (words, text)


def test_a_missing_column_is_reported_with_the_other_tables_columns(tmp_path: Path) -> None:
    folder = _bad_dir(tmp_path / "bad")
    write(folder / "schools.csv", "Код ОО,Наименвание ОО\nS1,Школа 1\n")  # a misspelt required header
    write(folder / "teachers.csv", "Код ОО,Педагогов\nS1,2\n")          # no «Предмет»
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(folder)
    found = [(p.table, Path(p.source or "").name, p.column) for p in info.value.problems]
    assert ("teachers", "teachers.csv", None) in found and [t for t, _, _ in found].count("schools") >= 1
    (missing,) = [p for p in info.value.problems if p.table == "teachers"]
    assert "subject" in missing.expected and "Предмет" in missing.expected
    assert "Предмет" in "\n".join(info.value.lines("ru"))


def test_problems_of_frames_name_the_items_and_the_school() -> None:
    f = frames()
    f["teachers"].loc[1, "Код ОО"] = "S7"
    f["teachers"].loc[2, "Педагогов"] = -3
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(f)
    found = [(p.table, p.index, p.school, p.column, p.value) for p in info.value.problems]
    assert found == [("teachers", 1, "S7", "Код ОО", "S7"), ("teachers", 2, "S3", "Педагогов", -3)]
    assert "школа «S7»" in "\n".join(info.value.lines("ru"))


def test_the_registry_checks_the_rows_with_every_other_problem() -> None:
    rows = [{"school": "A", "subject": "Химия", "teachers": 1}, {"school": "A", "subject": "химия", "teachers": 2},
            {"school": "Z", "subject": "физика", "teachers": 1}, {"school": "B", "subject": "физика", "teachers": -2}]
    with pytest.raises(nm.InvalidInputError) as info:
        nm.Registry(schools=[{"id": "A", "name": "x"}, {"id": "B", "name": "y"}, {"id": "B", "name": "z"}],
                    needs=[{"school": "Q", "help": "профориентация"}], teachers=rows)
    found = [(p.table, p.index, p.column, p.value) for p in info.value.problems]
    assert found == [("schools", 2, "id", "B"), ("needs", 0, "school", "Q"), ("teachers", 1, "subject", "химия"),
                     ("teachers", 2, "school", "Z"), ("teachers", 3, "teachers", -2)]
    assert "this repeats item 0" in info.value.problems[2].expected
    ru = info.value.lines("ru")
    assert "педагоги по предметам, элемент 1 (школа «A»), столбец «subject»" in ru[2], ru


def test_the_command_line_names_the_problems_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _bad_dir(tmp_path / "bad")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "teachers.csv" in err and "эта повторяет строку 2" in err and "«S9»" in err
    assert not latin_words(err, {"S1", "S2", "S3", "S8", "S9"}), err  # nothing left in English


# --- the registry's helpers -------------------------------------------------------------------------------------


def test_teachers_of_a_school_and_subject() -> None:
    reg = expected()
    assert reg.teachers_of("S1", "математика") == 2 and reg.teachers_of("S1", "Русский язык") == 3
    assert reg.teachers_of("S3", "химия") == 0  # stated: none, not unknown
    assert reg.teachers_of("S2", "математика") is None and reg.teachers_of("S1", "физика") is None
    with pytest.raises(KeyError, match="S9"):
        reg.teachers_of("S9", "математика")
    assert reg.subject_teachers[("S3", "химия")] == 0


def test_replace_keeps_the_table_and_frames_hold_it() -> None:
    reg = expected()
    assert reg.replace(name="x").teachers == reg.teachers
    with pytest.raises(nm.InvalidInputError, match="teachers"):  # never dropped silently: the caller decides
        reg.replace(schools=[s for s in reg.schools if s.id != "S3"])
    given = reg.replace(schools=reg.schools[:2], teachers=reg.teachers[:1])
    assert given.teachers == reg.teachers[:1]
    with pytest.raises(nm.InvalidInputError):  # given explicitly, a row of a school not there is an error
        reg.replace(schools=reg.schools[:1], teachers=reg.teachers)
    frame = reg.to_frames().teachers
    assert frame is not None and frame[["school", "subject", "teachers"]].to_dict("records") == [
        {"school": "S1", "subject": "математика", "teachers": 2},
        {"school": "S1", "subject": "русский язык", "teachers": 3},
        {"school": "S3", "subject": "химия", "teachers": 0}]
    assert list(frame.columns) == list(nm.SubjectTeachers.model_fields) and not frame["mentor"].any()
    assert nm.RegistryFrames._fields[-3:] == ("teachers", "staff", "surveys") and reg.kpis.as_dict()["teachers"] == 3


def test_a_scenario_closing_or_merging_a_school_of_the_demo_plans() -> None:
    demo = nm.datasets.load_demo()
    p = nm.plan(nm.Scenario(demo, name="x", edits=(nm.CloseSchool("S18"), nm.MergeSchools("S17", "S05"))))
    assert len(p.registry) == 16 and p.kpis.schools == 16
    schools = {t.school for t in p.registry.teachers}
    assert "S18" not in schools and "S17" not in schools and p.registry.teachers_of("S05", "математика")


# --- writing and reading back ---------------------------------------------------------------------------------

FORMATS = ["registry.csv", "registry.xlsx", "registry.json", "folder"]


def _read_back(files: list[Path], folder: Path, target: str) -> nm.Registry:
    return nm.read_registry(folder / target if target.endswith("folder") else files[0])


def test_the_files_sheets_and_keys_written(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    reg = expected()
    assert [f.name for f in nm.write_registry(reg, tmp_path / "d" / "r.csv")] == [
        "r.csv", "r.results.csv", "r.resources.csv", "r.teachers.csv"]
    assert [f.name for f in nm.write_registry(reg, tmp_path / "dir")] == [
        "schools.csv", "results.csv", "resources.csv", "teachers.csv"]
    assert (tmp_path / "dir" / "teachers.csv").read_text(encoding="utf-8").splitlines() == [
        "school,subject,teachers", "S1,математика,2", "S1,русский язык,3", "S3,химия,0"]
    ru = load_workbook(nm.write_registry(reg, tmp_path / "ru.xlsx", headers="ru")[0], read_only=True)
    assert ru.sheetnames == ["Школы", "Ресурсы", "Результаты", "Педагоги"]
    assert list(ru["Педагоги"].values) == [("Код ОО", "Предмет", "Педагогов"), ("S1", "математика", 2),
                                           ("S1", "русский язык", 3), ("S3", "химия", 0)]
    en = load_workbook(nm.write_registry(reg, tmp_path / "en.xlsx")[0], read_only=True)
    assert en.sheetnames[-1] == "teachers"
    ru_text = nm.write_registry(reg, tmp_path / "ru", headers="ru")[3].read_text(encoding="utf-8-sig")
    assert ru_text.splitlines()[0] == "Код ОО,Предмет,Педагогов"


def test_a_registry_without_teachers_writes_no_teachers_table(tmp_path: Path) -> None:
    reg = expected().replace(teachers=())
    assert [f.name for f in nm.write_registry(reg, tmp_path / "dir")] == ["schools.csv", "results.csv",
                                                                           "resources.csv"]
    doc = json.loads(nm.write_registry(reg, tmp_path / "r.json")[0].read_text(encoding="utf-8"))
    assert "teachers" not in doc


@pytest.mark.parametrize("target", FORMATS)
@pytest.mark.parametrize("headers", ["en", "ru"])
def test_demo_round_trips_with_its_teachers(tmp_path: Path, target: str, headers: str) -> None:
    reg = nm.datasets.load_demo()
    files = nm.write_registry(reg, tmp_path / target, headers=headers)  # type: ignore[arg-type]
    back = _read_back(files, tmp_path, target)
    assert back.replace(name=reg.name) == reg
    assert back.teachers == reg.teachers and len(back.teachers) == 139
    assert back.staff == reg.staff and len(back.staff) == 5


@st.composite
def with_teachers(draw: st.DrawFn) -> nm.Registry:
    """A valid registry (:func:`tests.strategies.registries`) with teachers by school and subject."""
    reg = draw(registries(max_schools=4))
    pairs = draw(st.lists(st.tuples(st.sampled_from(list(reg.ids)), _SUBJECT), unique=True, max_size=8))
    counts = [draw(st.integers(0, 40)) for _ in pairs]
    # the further training of some rows (at most the row's teachers), or of none
    trained = [draw(st.none() | st.integers(0, n)) for n in counts] if draw(st.booleans()) else [None] * len(pairs)
    rows = [nm.SubjectTeachers(school=school, subject=subject, teachers=n, trained=t)
            for (school, subject), n, t in zip(pairs, counts, trained, strict=True)]
    return reg.replace(teachers=rows)


@pytest.mark.parametrize("target", FORMATS)
@pytest.mark.parametrize("headers", ["en", "ru"])
@settings(max_examples=10)
@given(reg=with_teachers())
def test_round_trip_every_format(tmp_path_factory: pytest.TempPathFactory, target: str, headers: str,
                                 reg: nm.Registry) -> None:
    folder = tmp_path_factory.mktemp("rt")
    files = nm.write_registry(reg, folder / target, headers=headers)  # type: ignore[arg-type]
    first = _read_back(files, folder, target)
    assert first == reg and first.teachers == reg.teachers
    again = nm.write_registry(first, folder / ("2" + target), headers=headers)  # type: ignore[arg-type]
    assert _read_back(again, folder, "2" + target) == first


# --- the command line ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_columns_lists_the_table(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["columns"] if lang == "ru" else ["--lang", "en", "columns"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == columns_text(lang).strip()
    if lang == "ru":
        assert "Педагоги (по предметам или поимённо) (лист или файл «Педагоги», по-английски «teachers»):" in out
    else:
        assert "teachers (per subject or by name) (sheet or file 'teachers', in Russian «Педагоги»):" in out
    for field, headers in HEADERS["teachers"].items():
        meaning = MEANINGS["teachers"][field][0 if lang == "ru" else 1]
        star = "*" if field in REQUIRED["teachers"] else ""
        assert f"  {field}{star} — {meaning}" in out
        assert f"      {headers[0]} | {field}" in out
    assert "педагогов по предмету" in out


@pytest.mark.parametrize(("lang", "line"), [("ru", "Педагоги по предметам: строк — 3, школ — 2"),
                                            ("en", "Teachers per subject: 3 rows, 2 schools")])
def test_validate_says_how_many_were_read(registry_dir: Path, capsys: pytest.CaptureFixture[str], lang: str,
                                          line: str) -> None:
    assert main([*(["--lang", "en"] if lang == "en" else []), "validate", str(registry_dir)]) == 0
    assert line in capsys.readouterr().out.splitlines()


def test_validate_counts_none_without_the_table(registry_dir: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "only" / "schools.csv", SCHOOLS)
    assert main(["validate", str(tmp_path / "only")]) == 0
    assert "Педагоги по предметам: строк — 0, школ — 0" in capsys.readouterr().out.splitlines()


def test_validate_counts_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.resources import as_file, files

    with as_file(files("netmatch") / "data" / "demo") as folder:
        assert main(["--lang", "en", "validate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Teachers per subject: 139 rows, 18 schools" in out
    assert "Programme staff: 5 (coordinator 1, curator 3, methodist 1)" in out


def test_a_columns_file_maps_the_teachers_headers(registry_dir: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write(registry_dir / "teachers.csv", TEACHERS.replace("Педагогов", "Ставок"))
    assert main(["validate", str(registry_dir)]) == 2
    capsys.readouterr()
    mapping = write(tmp_path / "map.toml", '[columns.teachers]\n"Ставок" = "teachers"\n')
    assert main(["validate", str(registry_dir), "--columns", str(mapping)]) == 0
    assert "Педагоги по предметам: строк — 3, школ — 2" in capsys.readouterr().out


# --- the demo -------------------------------------------------------------------------------------------------


def test_the_demo_teachers() -> None:
    reg = nm.datasets.load_demo()
    frame = reg.to_frames().results
    with_results = set(zip(frame["school"], frame["subject"], strict=True))
    assert {(t.school, t.subject) for t in reg.teachers} == with_results  # every school and subject it has results in
    for s in reg.schools:
        counts = [n for (school, _), n in reg.subject_teachers.items() if school == s.id]
        assert s.teachers is not None and sum(counts) <= s.teachers, s.id
        if s.id in ("S01", "S02", "S03"):  # the district centre's large schools and the гимназия
            assert all(2 <= n <= 4 for n in counts) and max(counts) == 4, (s.id, counts)
        elif s.settlement_type is nm.SettlementType.RURAL and (s.students or 0) < 250:
            assert set(counts) == {1}, (s.id, counts)  # the small village schools
        else:
            assert set(counts) <= {1, 2}, (s.id, counts)
    assert reg.teachers_of("S18", "окружающий мир") == 1 and reg.teachers_of("S18", "физика") is None
