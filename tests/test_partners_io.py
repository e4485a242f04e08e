"""Partner organisations and the schools' needs in and out: every format, both languages, every problem.

The two optional tables («Организации», «Потребности») go wherever the schools, results and
resources go: a directory, CSV siblings, XLSX sheets, JSON keys, DataFrames and keyword arguments;
their problems are located by file, row and header and come in one error with the other tables';
a registry written with them reads back equal; ``netmatch columns`` lists their headers and
``netmatch validate`` counts what was read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._data.headers import HEADERS, MEANINGS, REQUIRED, RU_HEADERS, TABLE_NAMES, lookup
from netmatch._data.partners import HelpKind, Need, Organisation, OrganisationKind
from netmatch._data.tables import TABLES
from netmatch.cli import main
from netmatch.cli.columns import columns_text
from tests.strategies import _SUBJECT, _WORD, registries
from tests.test_catalog import latin_words

SCHOOLS = "Код ОО,Наименование ОО,Сменность\nS1,Школа 1,1\nS2,Школа 2,2\nS3,Школа 3,1\n"
ORGANISATIONS = ("Код организации,Наименование,Вид организации,Широта,Долгота,Предметы,Виды помощи,"
                 "Сколько школ может взять,Готова возглавить объединение,Дистанционно\n"
                 'O1,Филиал педуниверситета,вуз,53.35,92.42,"Математика; Физика","профориентация; методическая помощь",'
                 "4,да,да\n"
                 "O2,Аграрный техникум,СПО,,,химия,профильное обучение,6,нет,нет\n")
NEEDS = ("Код ОО,Вид помощи,Предмет,Вид ресурса,Приоритет,Обучающихся,Часов в неделю,Примечание\n"
         "S1,предметная подготовка,математика,,1,12,,подготовка к ОГЭ\n"
         "S3,ресурсы,,IT-куб,2,16,2,\n")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def frames() -> dict[str, pd.DataFrame]:
    """The same small registry as DataFrames with Russian headers."""
    schools = pd.DataFrame({"Код ОО": ["S1", "S2", "S3"], "Наименование ОО": ["Школа 1", "Школа 2", "Школа 3"],
                            "Сменность": [1, 2, 1]})
    orgs = pd.DataFrame({"Код организации": ["O1", "O2"],
                         "Наименование": ["Филиал педуниверситета", "Аграрный техникум"],
                         "Вид организации": ["вуз", "СПО"], "Широта": [53.35, None], "Долгота": [92.42, None],
                         "Предметы": ["Математика; Физика", "химия"],
                         "Виды помощи": ["профориентация; методическая помощь", "профильное обучение"],
                         "Сколько школ может взять": [4, 6], "Готова возглавить объединение": ["да", "нет"],
                         "Дистанционно": ["да", "нет"]})
    needs = pd.DataFrame({"Код ОО": ["S1", "S3"], "Вид помощи": ["предметная подготовка", "ресурсы"],
                          "Предмет": ["математика", None], "Вид ресурса": [None, "IT-куб"], "Приоритет": [1, 2],
                          "Обучающихся": [12, 16], "Часов в неделю": [None, 2.0],
                          "Примечание": ["подготовка к ОГЭ", None]})
    return {"schools": schools, "organisations": orgs, "needs": needs}


def expected() -> nm.Registry:
    """What every format of the small registry reads as."""
    return nm.Registry(
        schools=[{"id": "S1", "name": "Школа 1", "shifts": 1}, {"id": "S2", "name": "Школа 2", "shifts": 2},
                 {"id": "S3", "name": "Школа 3", "shifts": 1}],
        organisations=[Organisation(id="O1", name="Филиал педуниверситета", kind="вуз", latitude=53.35,
                                    longitude=92.42, subjects="математика; физика",
                                    help="профориентация; методическая помощь", capacity=4, leads=True,
                                    remote=True),
                       Organisation(id="O2", name="Аграрный техникум", kind="СПО", subjects="химия",
                                    help="профильное обучение", capacity=6, leads=False, remote=False)],
        needs=[Need(school="S1", help="предметная подготовка", subject="математика", priority=1, pupils=12,
                    note="подготовка к ОГЭ"),
               Need(school="S3", help="ресурсы", resource="IT-куб", priority=2, pupils=16, hours_per_week=2)])


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "reg"
    write(folder / "schools.csv", SCHOOLS)
    write(folder / "organisations.csv", ORGANISATIONS)
    write(folder / "needs.csv", NEEDS)
    return folder


# --- the headers ---------------------------------------------------------------------------------------


def test_the_two_tables_have_headers_meanings_and_names() -> None:
    assert TABLES == ("schools", "results", "resources", "organisations", "needs", "teachers", "staff", "surveys")
    assert set(HEADERS["organisations"]) == set(Organisation.model_fields) == set(MEANINGS["organisations"])
    assert set(HEADERS["needs"]) == set(Need.model_fields) == set(MEANINGS["needs"])
    assert REQUIRED["organisations"] == ("id", "name", "kind") and REQUIRED["needs"] == ("school", "help")
    assert RU_HEADERS["organisations"]["capacity"] == "Сколько школ может взять"
    assert RU_HEADERS["organisations"]["leads"] == "Готова возглавить объединение"
    assert RU_HEADERS["needs"] == {"school": "Код ОО", "help": "Вид помощи", "subject": "Предмет",
                                   "resource": "Вид ресурса", "priority": "Приоритет", "pupils": "Обучающихся",
                                   "hours_per_week": "Часов в неделю", "note": "Примечание"}
    assert [lookup("organisations", h) for h in ("organisation_id", "org", "Код организации")] == ["id"] * 3
    assert lookup("organisations", "Организация") == "name"  # what such a column holds in registries
    assert [lookup("needs", h) for h in ("school", "школа", "код школы", "Код ОО")] == ["school"] * 4
    assert "Организации-партнёры" in TABLE_NAMES["organisations"] and "partners" in TABLE_NAMES["organisations"]
    assert "Потребности школ" in TABLE_NAMES["needs"]


# --- reading each format ---------------------------------------------------------------------------------


def test_a_directory_with_english_file_names(registry_dir: Path) -> None:
    reg = nm.read_registry(registry_dir)
    assert reg == expected()
    assert reg.organisation("O1").help == (HelpKind.CAREER, HelpKind.METHODICAL)
    assert reg.organisation("O1").subjects == ("математика", "физика") and reg.organisation("O1").leads is True
    assert [n.rank for n in reg.needs] == [1, 2] and reg.kpis.organisations == 2 and reg.kpis.needs == 2


def test_a_directory_with_russian_file_names(registry_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ру"
    write(folder / "Школы.csv", (registry_dir / "schools.csv").read_text(encoding="utf-8"))
    write(folder / "Организации-партнёры.csv", (registry_dir / "organisations.csv").read_text(encoding="utf-8"))
    write(folder / "Потребности.csv", (registry_dir / "needs.csv").read_text(encoding="utf-8"), "cp1251")
    assert nm.read_registry(folder) == expected()


def test_two_files_for_the_organisations_are_refused(registry_dir: Path) -> None:
    write(registry_dir / "Организации.csv", (registry_dir / "organisations.csv").read_text(encoding="utf-8"))
    with pytest.raises(nm.InvalidInputError, match="two files for the organisations table"):
        nm.read_registry(registry_dir)


def test_csv_siblings(registry_dir: Path, tmp_path: Path) -> None:
    for table in ("schools", "organisations", "needs"):
        name = "district.csv" if table == "schools" else f"district.{table}.csv"
        write(tmp_path / name, (registry_dir / f"{table}.csv").read_text(encoding="utf-8"))
    assert nm.read_registry(tmp_path / "district.csv") == expected()
    # with a results sibling too (read on another thread): the same tables
    write(tmp_path / "district.results.csv", "Код ОО,Год,Процедура,Предмет,Средний балл\nS1,2024,ОГЭ,математика,3.1\n")
    reg = nm.read_registry(tmp_path / "district.csv")
    assert len(reg.results) == 1 and reg.organisations == expected().organisations and reg.needs == expected().needs


def test_xlsx_sheets_in_russian_and_english(tmp_path: Path) -> None:
    from openpyxl import Workbook

    f = frames()
    for titles in (("Школы", "Организации-партнёры", "Потребности школ"), ("schools", "partners", "needs")):
        wb = Workbook()
        wb.remove(wb.active)
        for title, frame in zip(titles, f.values(), strict=True):
            ws = wb.create_sheet(title)
            ws.append(list(frame.columns))
            for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
                ws.append(list(row))
        path = tmp_path / f"{titles[0]}.xlsx"
        wb.save(path)
        assert nm.read_registry(path) == expected(), titles


def test_json_keys_in_either_language(tmp_path: Path) -> None:
    reg = expected()
    doc = json.loads((nm.write_registry(reg, tmp_path / "r.json")[0]).read_text(encoding="utf-8"))
    assert len(doc["organisations"]) == 2 and doc["needs"][1]["resource"] == "it_cube"
    russian = {"Школы": doc["schools"], "Организации": doc["organisations"], "Потребности": doc["needs"]}
    write(tmp_path / "ru.json", json.dumps(russian, ensure_ascii=False))
    assert nm.read_registry(tmp_path / "ru.json") == reg
    # records in the departments' headers and values, as columns
    columns = {"schools": {"id": ["S1", "S2", "S3"], "name": ["Школа 1", "Школа 2", "Школа 3"], "shifts": [1, 2, 1]},
               "organisations": [{"Код организации": "O9", "Наименование": "ДЮСШ", "Вид организации": "ДЮСШ"}],
               "needs": {"школа": ["S2"], "помощь": ["спорт"]}}
    write(tmp_path / "cols.json", json.dumps(columns, ensure_ascii=False))
    back = nm.read_registry(tmp_path / "cols.json")
    assert back.organisation("O9").kind is OrganisationKind.SPORT and back.needs[0].help is HelpKind.SPORT


def test_json_table_of_bad_shape_names_the_key(tmp_path: Path) -> None:
    write(tmp_path / "r.json", json.dumps({"schools": [{"id": "S1", "name": "x"}], "needs": "профориентация"}))
    with pytest.raises(nm.InvalidInputError, match="needs is neither a list of records nor an object of columns"):
        nm.read_registry(tmp_path / "r.json")


def test_a_mapping_of_frames_and_keyword_arguments() -> None:
    f = frames()
    assert nm.read_registry(f) == expected()
    assert nm.read_registry({"Школы": f["schools"], "Организации": f["organisations"],
                             "Потребности школ": f["needs"]}) == expected()
    kw = nm.read_registry(f["schools"], organisations=f["organisations"], needs=f["needs"])
    assert kw == expected()
    # a keyword table replaces the one of the source
    only_one = nm.read_registry(f, needs=f["needs"].iloc[:1])
    assert [n.school for n in only_one.needs] == ["S1"]


def test_keyword_arguments_take_paths(registry_dir: Path) -> None:
    reg = nm.read_registry(registry_dir / "schools.csv", organisations=registry_dir / "organisations.csv",
                           needs=registry_dir / "needs.csv")
    assert reg == expected()


def test_without_the_tables_nothing_changes(registry_dir: Path) -> None:
    reg = nm.read_registry(registry_dir / "schools.csv")
    assert reg.organisations == () and reg.needs == () and reg.kpis.organisations == 0
    assert reg == expected().replace(organisations=(), needs=())


def test_english_headers_and_values() -> None:
    orgs = pd.DataFrame({"organisation_id": ["U1"], "name": ["University"], "kind": ["university"],
                         "help": ["career; subject"], "remote": ["yes"]})
    needs = pd.DataFrame({"school": ["S2"], "help": ["psychological"], "priority": [3]})
    reg = nm.read_registry(frames()["schools"], organisations=orgs, needs=needs)
    assert reg.organisation("U1").help == (HelpKind.CAREER, HelpKind.SUBJECT) and reg.organisation("U1").remote
    assert reg.needs == (Need(school="S2", help="psychological", priority=3),)


def test_codes_are_read_in_one_spelling() -> None:
    f = frames()
    f["organisations"].loc[0, "Код организации"] = "O1\u200b"
    f["needs"].loc[0, "Код ОО"] = "S\u200b1"
    notes: list[nm.ColumnNote] = []
    reg = nm.read_registry(f, notes=notes)
    assert reg == expected()
    assert {(n.table, n.header, n.changes) for n in notes if n.kind == "codes"} == {
        ("organisations", "Код организации", (("O1\u200b", "O1"),)), ("needs", "Код ОО", (("S\u200b1", "S1"),))}


def test_column_mapping_extra_columns_and_strict_mode() -> None:
    f = frames()
    orgs = f["organisations"].rename(columns={"Код организации": "Шифр"}).assign(Адрес=pd.Series(["ул. Мира, 1", None]))
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "organisations": orgs})
    assert [(p.table, p.column) for p in info.value.problems] == [("organisations", None)]  # no «id» column
    assert "Код организации" in info.value.problems[0].expected
    notes: list[nm.ColumnNote] = []
    reg = nm.read_registry({**f, "organisations": orgs}, columns={"organisations": {"Шифр": "id"}}, notes=notes)
    assert reg == expected()
    assert [(n.kind, n.table, n.header, n.filled) for n in notes] == [("kept_aside", "organisations", "Адрес", 1)]
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "organisations": orgs}, columns={"organisations": {"Шифр": "id"}}, unknown="error")
    assert [(p.table, p.column) for p in info.value.problems] == [("organisations", "Адрес")]
    ignored: list[nm.ColumnNote] = []
    assert nm.read_registry({**f, "organisations": orgs}, columns={"Шифр": "id"}, unknown="ignore",
                            notes=ignored) == expected()
    assert ignored == []


def test_a_misspelt_header_of_the_needs_is_named() -> None:
    f = frames()
    needs = f["needs"].rename(columns={"Приоритет": "Приоритт"})
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "needs": needs})
    (p,) = info.value.problems
    assert (p.table, p.column) == ("needs", "Приоритт") and "Приоритет" in p.expected


def test_latitude_without_longitude_is_one_column_problem() -> None:
    f = frames()
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "organisations": f["organisations"].drop(columns=["Долгота"])})
    (p,) = info.value.problems
    assert (p.table, p.column) == ("organisations", "Долгота") and "Широта" in p.expected


# --- problems -----------------------------------------------------------------------------------------------


def _bad_dir(folder: Path) -> Path:
    write(folder / "schools.csv", "Код ОО,Наименование ОО,Сменность\nS1,Школа 1,1\nS2,Школа 2,4\nS3,Школа 3,1\n")
    write(folder / "organisations.csv",
          "Код организации,Наименование,Вид организации,Сколько школ может взять\n"
          "O1,Филиал педуниверситета,вуз,4\n"     # row 2: fine
          "O2,Дом на горе,планетарий,2\n"         # row 3: no such kind
          "S3,Техникум,СПО,3\n"                   # row 4: a school's code
          "O1,Ещё один вуз,вуз,2\n")              # row 5: the code of row 2
    write(folder / "needs.csv",
          "Код ОО,Вид помощи,Приоритет\n"
          "S1,профориентация,1\n"                 # row 2: fine
          "S9,психолог,2\n"                       # row 3: no such school
          "S2,методическая помощь,5\n"            # row 4: no such priority
          "S3,ресурсы,\n")                        # row 5: a resource need naming no resource
    return folder


def test_every_problem_at_once_table_by_table_with_rows(tmp_path: Path) -> None:
    folder = _bad_dir(tmp_path / "bad")
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(folder)
    found = [(p.table, Path(p.source or "").name, p.row, p.column, p.value) for p in info.value.problems]
    assert found == [
        ("schools", "schools.csv", 3, "Сменность", "4"),
        ("organisations", "organisations.csv", 3, "Вид организации", "планетарий"),
        ("organisations", "organisations.csv", 4, "Код организации", "S3"),
        ("organisations", "organisations.csv", 5, "Код организации", "O1"),
        ("needs", "needs.csv", 3, "Код ОО", "S9"),
        ("needs", "needs.csv", 4, "Приоритет", "5"),
        ("needs", "needs.csv", 5, None, None),
    ]
    duplicate = info.value.problems[3]
    assert "row 2 has the same code" in duplicate.expected  # the other row named as the user sees it
    ru = info.value.lines("ru")
    text = "\n".join(ru)
    for words in ("строка 3", "столбец «Вид организации»", "получено «планетарий»", "код организации, которого нет "
                  "у школ", "уникальный код организации; тот же код в строке 2", "код школы из реестра",
                  "приоритет: 1 (самый срочный), 2 или 3", "потребность в ресурсе называет вид ресурса"):
        assert words in text, (words, text)


def test_problems_of_frames_name_the_items_and_the_school() -> None:
    f = frames()
    f["needs"].loc[1, "Код ОО"] = "S7"
    f["organisations"].loc[1, "Вид организации"] = "???"
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(f)
    found = [(p.table, p.index, p.school, p.column, p.value) for p in info.value.problems]
    assert found == [("organisations", 1, None, "Вид организации", "???"), ("needs", 1, "S7", "Код ОО", "S7")]
    assert "школа «S7»" in "\n".join(info.value.lines("ru"))


def test_the_command_line_names_the_problems_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _bad_dir(tmp_path / "bad")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "organisations.csv" in err and "«планетарий»" in err and "приоритет: 1 (самый срочный)" in err
    assert not latin_words(err, {"S1", "S2", "S3", "S9", "O1", "O2"}), err  # nothing left in English


# --- resources hosted by organisations --------------------------------------------------------------------------


def test_a_resource_hosted_by_an_organisation_is_accepted() -> None:
    f = frames()
    resources = pd.DataFrame({"Код ресурса": ["R1", "R2"], "Код ОО": ["O1", "S2"],
                              "Вид ресурса": ["IT-куб", "лаборатория"]})
    reg = nm.read_registry({**f, "resources": resources})
    assert [r.host for r in reg.resources_of("O1")] == ["O1"] and [r.id for r in reg.resources_of("S2")] == ["R2"]


def test_a_resource_hosted_by_nobody_known_is_an_error() -> None:
    f = frames()
    resources = pd.DataFrame({"Код ресурса": ["R1", "R2"], "Код ОО": ["O1", "X9"],
                              "Вид ресурса": ["IT-куб", "лаборатория"]})
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "resources": resources})
    (p,) = info.value.problems
    assert (p.table, p.index, p.column, p.value) == ("resources", 1, "Код ОО", "X9")
    assert "код школы или организации из реестра" in info.value.lines("ru")[0]
    # without the organisations the organisation's code is no host either
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({"schools": f["schools"], "resources": resources.iloc[:1]})
    assert [p.value for p in info.value.problems] == ["O1"]


def test_a_resource_of_an_organisation_with_problems_is_not_blamed_too() -> None:
    f = frames()
    f["organisations"].loc[0, "Вид организации"] = "???"
    resources = pd.DataFrame({"Код ресурса": ["R1"], "Код ОО": ["O1"], "Вид ресурса": ["IT-куб"]})
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({**f, "resources": resources})
    assert [(p.table, p.column) for p in info.value.problems] == [("organisations", "Вид организации")]


# --- writing and reading back ---------------------------------------------------------------------------------

FORMATS = ["registry.csv", "registry.xlsx", "registry.json", "folder"]


def _read_back(files: list[Path], folder: Path, target: str) -> nm.Registry:
    return nm.read_registry(folder / target if target.endswith("folder") else files[0])


@pytest.mark.parametrize("target", FORMATS)
@pytest.mark.parametrize("headers", ["en", "ru"])
def test_demo_round_trips_with_its_partners(tmp_path: Path, target: str, headers: str) -> None:
    reg = nm.datasets.load_demo()
    assert len(reg.organisations) == 5 and len(reg.needs) == 15
    files = nm.write_registry(reg, tmp_path / target, headers=headers)  # type: ignore[arg-type]
    back = _read_back(files, tmp_path, target)
    assert back.replace(name=reg.name) == reg
    assert back.organisations == reg.organisations and back.needs == reg.needs


def test_the_files_sheets_and_keys_written(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    reg = expected()
    assert [f.name for f in nm.write_registry(reg, tmp_path / "d" / "r.csv")] == [
        "r.csv", "r.results.csv", "r.resources.csv", "r.organisations.csv", "r.needs.csv"]
    assert [f.name for f in nm.write_registry(reg, tmp_path / "dir")] == [
        "schools.csv", "results.csv", "resources.csv", "organisations.csv", "needs.csv"]
    ru = load_workbook(nm.write_registry(reg, tmp_path / "ru.xlsx", headers="ru")[0], read_only=True)
    assert ru.sheetnames == ["Школы", "Ресурсы", "Результаты", "Организации", "Потребности"]
    assert next(ru["Организации"].values)[:3] == ("Код организации", "Наименование", "Вид организации")
    en = load_workbook(nm.write_registry(reg, tmp_path / "en.xlsx")[0], read_only=True)
    assert en.sheetnames[-2:] == ["organisations", "needs"]
    text = (tmp_path / "dir" / "needs.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(HEADERS["needs"])
    ru_text = nm.write_registry(reg, tmp_path / "ru", headers="ru")[3].read_text(encoding="utf-8-sig")
    assert "профориентация; методическая помощь" in ru_text and ",да,да" in ru_text


def test_a_registry_without_partners_writes_no_partner_tables(tmp_path: Path) -> None:
    reg = expected().replace(organisations=(), needs=())
    assert [f.name for f in nm.write_registry(reg, tmp_path / "dir")] == ["schools.csv", "results.csv",
                                                                           "resources.csv"]
    doc = json.loads(nm.write_registry(reg, tmp_path / "r.json")[0].read_text(encoding="utf-8"))
    assert "organisations" not in doc and "needs" not in doc


_HELP = st.lists(st.sampled_from(list(HelpKind)), unique=True, max_size=3)


@st.composite
def with_partners(draw: st.DrawFn) -> nm.Registry:
    """A valid registry (:func:`tests.strategies.registries`) with organisations and needs."""
    reg = draw(registries(max_schools=4))
    # codes with a letter no school code of the strategy has (Latin O, R, G; Cyrillic У, Ф)
    codes = draw(st.lists(st.sampled_from(["ORG-1", "ORG-2", "ВУЗ", "УДО-7", "ФОК"]), unique=True, max_size=3))
    orgs = []
    for code in codes:
        has_xy = draw(st.booleans())
        orgs.append(Organisation(
            id=code, name=draw(_WORD), kind=draw(st.sampled_from(list(OrganisationKind))),
            municipality=draw(st.none() | _WORD), settlement=draw(st.none() | _WORD),
            latitude=draw(st.floats(-90, 90).map(lambda x: float(f"{x:.15g}"))) if has_xy else None,
            longitude=draw(st.floats(-180, 180).map(lambda x: float(f"{x:.15g}"))) if has_xy else None,
            subjects=draw(st.lists(_SUBJECT, unique=True, max_size=3)),
            programmes=draw(st.lists(st.sampled_from(["инженерный класс", "медицина", "IT", "агрономия"]),
                                     unique=True, max_size=2)),
            help=draw(_HELP), capacity=draw(st.none() | st.integers(0, 20)),
            leads=draw(st.none() | st.booleans()), remote=draw(st.booleans())))
    needs = []
    for _ in range(draw(st.integers(0, 4))):
        help_kind = draw(st.sampled_from(list(HelpKind)))
        resource = draw(st.none() | st.sampled_from(list(nm.ResourceKind)))
        subject = draw(st.none() | _SUBJECT)
        if help_kind is HelpKind.RESOURCE and resource is None and subject is None:
            resource = nm.ResourceKind.IT_CUBE
        needs.append(Need(school=draw(st.sampled_from(list(reg.ids))), help=help_kind, subject=subject,
                          resource=resource, priority=draw(st.none() | st.integers(1, 3)),
                          pupils=draw(st.none() | st.integers(0, 60)),
                          hours_per_week=draw(st.none() | st.floats(0, 168).map(lambda x: float(f"{x:.15g}"))),
                          note=draw(st.none() | _WORD)))
    resources = list(reg.resources)
    if len(orgs) > 0 and draw(st.booleans()):  # a resource an organisation hosts
        resources.append(nm.Resource(id="R-ORG", host=orgs[0].id, kind=draw(st.sampled_from(list(nm.ResourceKind))),
                                     seats=draw(st.none() | st.integers(0, 60)), remote=draw(st.booleans())))
    return reg.replace(organisations=orgs, needs=needs, resources=resources)


@pytest.mark.parametrize("target", FORMATS)
@pytest.mark.parametrize("headers", ["en", "ru"])
@settings(max_examples=10)
@given(reg=with_partners())
def test_round_trip_every_format(tmp_path_factory: pytest.TempPathFactory, target: str, headers: str,
                                 reg: nm.Registry) -> None:
    folder = tmp_path_factory.mktemp("rt")
    files = nm.write_registry(reg, folder / target, headers=headers)  # type: ignore[arg-type]
    first = _read_back(files, folder, target)
    assert first == reg
    assert first.organisations == reg.organisations and first.needs == reg.needs
    again = nm.write_registry(first, folder / ("2" + target), headers=headers)  # type: ignore[arg-type]
    assert _read_back(again, folder, "2" + target) == first


# --- the command line ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_columns_lists_the_two_tables(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["columns"] if lang == "ru" else ["--lang", "en", "columns"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.strip() == columns_text(lang).strip()
    if lang == "ru":
        assert "Организации-партнёры (лист или файл «Организации», по-английски «organisations»):" in out
        assert "Потребности школ (лист или файл «Потребности», по-английски «needs»):" in out
    else:
        assert "partner organisations (sheet or file 'organisations', in Russian «Организации»):" in out
        assert "schools' needs (sheet or file 'needs', in Russian «Потребности»):" in out
    for table in ("organisations", "needs"):
        for field, headers in HEADERS[table].items():
            meaning = MEANINGS[table][field][0 if lang == "ru" else 1]
            assert f"  {field}{'*' if field in REQUIRED[table] else ''} — {meaning}" in out
            assert f"      {headers[0]} | {field}" in out
    assert ("Сколько школ может взять" in out) and ("Готова возглавить объединение" in out)


@pytest.mark.parametrize(("lang", "orgs", "needs"), [
    ("ru", "Организаций-партнёров: 2", "Потребностей школ: 2 (школ: 2)"),
    ("en", "Partner organisations: 2", "Schools' needs: 2 (2 schools)")])
def test_validate_says_how_many_were_read(registry_dir: Path, capsys: pytest.CaptureFixture[str], lang: str,
                                          orgs: str, needs: str) -> None:
    assert main([*(["--lang", "en"] if lang == "en" else []), "validate", str(registry_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert orgs in lines and needs in lines
    kinds = "  по видам: СПО 1, вуз 1" if lang == "ru" else "  by kind: college 1, university 1"
    assert kinds in lines


def test_validate_counts_none_without_the_tables(registry_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "only" / "schools.csv", (registry_dir / "schools.csv").read_text(encoding="utf-8"))
    assert main(["validate", str(tmp_path / "only")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Организаций-партнёров: 0" in lines and "Потребностей школ: 0 (школ: 0)" in lines


def test_a_columns_file_maps_the_organisations_headers(registry_dir: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = (registry_dir / "organisations.csv").read_text(encoding="utf-8").replace("Код организации", "Шифр")
    write(registry_dir / "organisations.csv", text)
    assert main(["validate", str(registry_dir)]) == 2
    capsys.readouterr()
    mapping = write(tmp_path / "map.toml", '[columns.organisations]\n"Шифр" = "id"\n')
    assert main(["validate", str(registry_dir), "--columns", str(mapping)]) == 0
    assert "Организаций-партнёров: 2" in capsys.readouterr().out


# --- the demo -------------------------------------------------------------------------------------------------


def test_the_demo_partners_and_needs() -> None:
    reg = nm.datasets.load_demo()
    kinds = {o.id: o.kind for o in reg.organisations}
    assert kinds == {"O1": OrganisationKind.UNIVERSITY, "O2": OrganisationKind.COLLEGE,
                     "O3": OrganisationKind.ADDITIONAL, "O4": OrganisationKind.SPORT, "O5": OrganisationKind.CULTURE}
    o1 = reg.organisation("O1")
    assert (o1.settlement, o1.remote, o1.leads, o1.capacity) == ("пгт Кедровогорск", True, True, 4)
    assert o1.subjects == ("математика", "физика", "химия")
    assert o1.help == (HelpKind.SUBJECT, HelpKind.METHODICAL, HelpKind.CAREER)
    assert [reg.organisation(c).capacity for c in ("O2", "O3", "O4", "O5")] == [6, 5, 4, 3]
    assert all(o.has_coordinates and o.municipality == nm.datasets.DEMO_NAME for o in reg.organisations)
    needing = {"S08", "S09", "S12", "S16", "S17"}
    by_school: dict[str, list[Need]] = {}
    for n in reg.needs:
        by_school.setdefault(n.school, []).append(n)
    assert needing <= set(by_school) and 12 <= len(reg.needs) <= 16
    assert all(1 <= len(by_school[s]) <= 2 and all(n.rank <= 2 for n in by_school[s]) for s in needing)
    others = {s: ns for s, ns in by_school.items() if s not in needing}
    assert 4 <= len(others) <= 5
    assert all(n.help in (HelpKind.CAREER, HelpKind.ADDITIONAL) and n.rank >= 2 for ns in others.values() for n in ns)
    resource_needs = [n for n in reg.needs if n.help is HelpKind.RESOURCE]
    assert resource_needs and all(n.resource is not None and n.pupils and n.hours_per_week for n in resource_needs)
    # no resource of the demo is hosted by an organisation (yet)
    assert all(r.host in reg for r in reg.resources)

