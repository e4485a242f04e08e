"""Reading and writing registries: formats, encodings, headers, wide results, every error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._data.wide import parse_wide_header
from tests.conftest import shared_path
from tests.strategies import registries

HEADER = "Код ОО;Наименование ОО;Широта;Долгота;Сменность;Кол-во обучающихся;Доля обучающихся с ОВЗ;Тип местности"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- round trips -------------------------------------------------------------------------------

FORMATS = ["registry.csv", "registry.xlsx", "registry.json", "folder"]


@pytest.mark.parametrize("target", FORMATS)
@pytest.mark.parametrize("headers", ["en", "ru"])
@settings(max_examples=15)
@given(reg=registries())
def test_round_trip_every_format(tmp_path_factory: pytest.TempPathFactory, target: str, headers: str,
                                 reg: nm.Registry) -> None:
    folder = tmp_path_factory.mktemp("rt")
    files = nm.write_registry(reg, folder / target, headers=headers)
    first = nm.read_registry(files[0] if target != "folder" else folder / target)
    assert first == reg
    # read -> write -> read gives the same registry again
    again = nm.write_registry(first, folder / ("2" + target), headers=headers)
    second = nm.read_registry(again[0] if target != "folder" else folder / ("2" + target))
    assert second == first


def test_round_trip_keeps_name_in_json_and_xlsx(tmp_path: Path) -> None:
    reg = nm.datasets.load_demo()
    for name in ("d.json", "d.xlsx"):
        back = nm.read_registry(nm.write_registry(reg, tmp_path / name)[0])
        assert back == reg and back.name == reg.name


def test_demo_round_trips_through_every_format(tmp_path: Path) -> None:
    reg = nm.datasets.load_demo()
    for target in FORMATS:
        for headers in ("en", "ru"):
            files = nm.write_registry(reg, tmp_path / headers / target, headers=headers)  # type: ignore[arg-type]
            back = nm.read_registry(files[0] if target != "folder" else tmp_path / headers / target)
            assert back.replace(name=reg.name) == reg


def test_formula_like_text_stays_text_in_excel(tmp_path: Path) -> None:
    reg = nm.Registry(schools=[nm.School(id="S1", name='=HYPERLINK("x")')])
    path = nm.write_registry(reg, tmp_path / "f.xlsx")[0]
    from openpyxl import load_workbook

    cell = load_workbook(path)["schools"]["B2"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("x")'  # quoted: editing it makes no formula
    assert nm.read_registry(path).school("S1").name == '=HYPERLINK("x")'


# --- encodings, separators, headers -----------------------------------------------------------

RUSSIAN_CSV = (
    HEADER + "\n"
    "S1;МБОУ «Ёлкинская СОШ»;52,71;91,37;2;412;4,5%;село\n"
    "S2;МБОУ «Берёзовская ООШ»;52,80;91,50;1;97;0,1;сельская местность\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_russian_headers_in_either_encoding(tmp_path: Path, encoding: str) -> None:
    reg = nm.read_registry(write(tmp_path / "r.csv", RUSSIAN_CSV, encoding))
    s1 = reg.school("S1")
    assert s1.name == "МБОУ «Ёлкинская СОШ»"
    assert (s1.latitude, s1.longitude, s1.shifts, s1.students) == (52.71, 91.37, 2, 412)
    assert s1.share_disabled == pytest.approx(0.045)
    assert reg.school("S2").settlement_type is nm.SettlementType.RURAL


def test_comma_separated_with_decimal_point(tmp_path: Path) -> None:
    text = "id,name,latitude,longitude,students\nA,School A,51.5,-0.1,\"1 200\"\nB,School B,,,\n"
    reg = nm.read_registry(write(tmp_path / "r.csv", text))
    assert reg.school("A").students == 1200
    assert reg.school("B").latitude is None and reg.school("B").students is None


def test_explicit_encoding_and_separator(tmp_path: Path) -> None:
    text = "id\tname\nA\tШкола\n"
    reg = nm.read_registry(write(tmp_path / "r.txt", text, "cp1251"), encoding="cp1251", sep="\t")
    assert reg.school("A").name == "Школа"


def test_excel_sheets_in_russian_with_title_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Школы"
    ws.append(["Реестр школ района"])  # a title line above the header
    ws.append(["Код ОО", "Наименование ОО", "Сменность"])
    ws.append([1001, "Школа 1", 2])
    ws2 = wb.create_sheet("Результаты")
    ws2.append(["Код ОО", "Год", "Процедура", "Класс", "Предмет", "Средний балл"])
    ws2.append(["1001", 2024, "ОГЭ", 9, "Математика", 3.6])
    wb.save(tmp_path / "r.xlsx")
    reg = nm.read_registry(tmp_path / "r.xlsx")
    assert reg.school("1001").shifts == 2
    assert reg.results[0].subject == "математика" and reg.results[0].procedure is nm.Procedure.OGE


def test_long_and_wide_results_give_the_same_table(tmp_path: Path) -> None:
    wide = pd.DataFrame({
        "Код ОО": ["A", "B"], "Наименование ОО": ["a", "b"],
        "ЕГЭ 2023 Русский язык средний балл": [70.5, 55.0],
        "ЕГЭ 2023 Русский язык доля не преодолевших минимальный порог": ["0%", "12,5%"],
        "ОГЭ-2024, 9 класс, математика: участников": [20, None],
    })
    long = pd.DataFrame({
        "Код ОО": ["A", "B", "A"], "Год": [2023, 2023, 2024], "Процедура": ["ЕГЭ", "ЕГЭ", "ОГЭ"],
        "Класс": [None, None, 9], "Предмет": ["Русский язык", "русский язык", "Математика"],
        "Участников": [None, None, 20], "Средний балл": [70.5, 55.0, None],
        "Доля не преодолевших минимальный порог": [0.0, 0.125, None],
    })
    a = nm.read_registry(wide)
    b = nm.read_registry({"schools": wide[["Код ОО", "Наименование ОО"]], "results": long})
    key = ["school", "year", "procedure", "subject"]
    fa = a.to_frames().results.sort_values(key).reset_index(drop=True)
    fb = b.to_frames().results.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(fa, fb)


@pytest.mark.parametrize(("header", "expected"), [
    ("ЕГЭ 2021 Русский язык средний балл", ("ege", 2021, None, "русский язык", "mean_score")),
    ("ВПР 2023 4 класс Окружающий мир доля 2", ("vpr", 2023, 4, "окружающий мир", "share_below_minimum")),
    ("Средний балл ОГЭ 2022 математика", ("oge", 2022, None, "математика", "mean_score")),
    ("oge_2019_attainment8_mean_score", ("oge", 2019, None, "attainment8", "mean_score")),
    ("ЕГЭ 2024 Математика (профильная) доля высокобалльников", ("ege", 2024, None, "математика профильная",
                                                               "share_high")),
])
def test_wide_headers(header: str, expected: tuple[object, ...]) -> None:
    w = parse_wide_header(header)
    assert w is not None
    assert (w.procedure.value, w.year, w.grade, w.subject, w.measure) == expected


@pytest.mark.parametrize("header", ["Наименование ОО", "ЕГЭ средний балл", "2021 русский средний балл",
                                    "ЕГЭ 2021 средний балл"])
def test_not_wide_headers(header: str) -> None:
    assert parse_wide_header(header) is None


def test_growth_point_column_becomes_resources() -> None:
    frame = pd.DataFrame({"id": ["A", "B", "C"], "name": ["a", "b", "c"],
                          "Точка роста": ["да", "естественно-научная", None]})
    reg = nm.read_registry(frame)
    kinds = {r.host: r.kind for r in reg.resources}
    assert kinds == {"A": nm.ResourceKind.GROWTH_POINT, "B": nm.ResourceKind.GROWTH_POINT_SCIENCE}


def test_column_mapping_and_ignored_columns() -> None:
    frame = pd.DataFrame({"URN": [1, 2], "Title": ["x", "y"], "Junk": [1, 2]})
    reg = nm.read_registry(frame, columns={"URN": "id", "Title": "name", "Junk": None})
    assert reg.ids == ("1", "2")
    # an extra column is kept aside by default (issue 13); unknown="error" is the strict mode
    with pytest.raises(nm.InvalidInputError, match="'Junk'"):
        nm.read_registry(frame, columns={"URN": "id", "Title": "name"}, unknown="error")
    assert len(nm.read_registry(frame, columns={"URN": "id", "Title": "name"})) == 2
    assert len(nm.read_registry(frame, columns={"URN": "id", "Title": "name"}, unknown="ignore")) == 2


def test_per_table_mapping(tmp_path: Path) -> None:
    schools = pd.DataFrame({"code": ["A"], "title": ["a"]})
    results = pd.DataFrame({"code": ["A"], "yr": [2024], "exam": ["ВПР"], "subj": ["математика"]})
    reg = nm.read_registry({"schools": schools, "results": results}, columns={
        "schools": {"code": "id", "title": "name"},
        "results": {"code": "school", "yr": "year", "exam": "procedure", "subj": "subject"}})
    assert reg.results[0].procedure is nm.Procedure.VPR


def test_missing_stays_missing_and_nothing_is_dropped(tmp_path: Path) -> None:
    text = "id;name;students;shifts;ИСБШ\nA;a;;;\nB;b;н/д;—;-0,3\n"
    reg = nm.read_registry(write(tmp_path / "r.csv", text))
    assert len(reg) == 2
    assert reg.school("A").students is None and reg.school("B").shifts is None
    assert reg.school("B").social_wellbeing_index == -0.3


# --- errors --------------------------------------------------------------------------------------


def problems_of(source: object, **kw: object) -> list[nm.Problem]:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(source, **kw)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError) and isinstance(info.value, nm.NetmatchError)
    return list(info.value.problems)


def test_five_bad_rows_in_one_error(tmp_path: Path) -> None:
    text = HEADER + "\n" + "\n".join([
        "S1;Школа 1;95;91;1;400;0,05;село",      # latitude out of range
        "S2;Школа 2;52;91;4;120;0,1;село",       # shifts outside 1-3
        "S3;Школа 3;52;91;1;-5;0,1;село",        # negative count
        "S4;Школа 4;52;91;1;10;35;село",         # share given as 35 instead of 0.35
        "S5;Школа 5;52;91;1;10;0,1;село",
        "S1;Школа 6;52;91;1;10;0,3;город",       # duplicate id
    ]) + "\n"
    path = write(tmp_path / "bad.csv", text)
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(path)
    probs = info.value.problems
    assert [(p.row, p.column) for p in probs] == [
        (2, "Широта"), (3, "Сменность"), (4, "Кол-во обучающихся"), (5, "Доля обучающихся с ОВЗ"), (7, "Код ОО")]
    message = str(info.value)
    assert message.startswith("5 problems")
    for p in probs:
        assert str(p) in message and str(path) in str(p)
    assert "got '4'" in message and "1, 2 or 3" in message and "row 2 has the same id" in message


@pytest.mark.parametrize(("column", "value", "fragment"), [
    ("latitude", "91", "from -90 to 90"),
    ("longitude", "-181", "from -180 to 180"),
    ("shifts", "0", "1, 2 or 3"),
    ("shifts", "1,5", "1, 2 or 3"),
    ("students", "-1", "from 0 to"),
    ("students", "1e19", "from 0 to 10,000,000"),  # once accepted, then an OverflowError in the graph
    ("leader_capacity", "10000001", "from 0 to 10,000,000"),
    ("mentor_hours", "200", "from 0 to 168"),
    ("internet_mbps", "2000000", "from 0 to 1,000,000"),
    ("students", "много", "from 0 to"),
    ("design_capacity", "-3", "from 0 to"),
    ("teachers", "2.5", "from 0 to"),
    ("share_disabled", "1.2", "share from 0 to 1"),
    ("share_single_parent", "-0.1", "share from 0 to 1"),
    ("share_registered", "150%", "share from 0 to 1"),
    ("share_highest_category", "x", "share from 0 to 1"),
    ("internet_mbps", "-5", "from 0 to"),
    ("settlement_type", "хутор-на-луне", "'urban'"),
    ("kind", "университет", "'secondary'"),
    ("phases", "ВО", "levels among"),
    ("specialists", "астролог", "specialists among"),
    ("declared_low_results", "может быть", "yes or no"),
    ("leader_capacity", "-2", "from 0 to"),
    ("vacancies", "математика: -1", "vacancies as"),
    ("social_wellbeing_index", "abc", "a number"),
])
def test_each_school_value_error(column: str, value: str, fragment: str) -> None:
    frame = pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], column: [None, value]})
    if column in ("latitude", "longitude"):
        other = "longitude" if column == "latitude" else "latitude"
        frame[other] = [None, 10]
    (p,) = problems_of(frame)
    assert (p.index, p.column, p.school) == (1, column, "B")
    assert fragment in p.expected
    assert p.value == value


def test_latitude_without_longitude() -> None:
    # one missing column, not a problem in every row (issue 13)
    (p,) = problems_of(pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], "latitude": [50.0, 51.0]}))
    assert (p.column, p.row, p.index) == ("Долгота", None, None) and "coordinates need both" in p.expected


def test_teacher_category_shares_add_up() -> None:
    (p,) = problems_of(pd.DataFrame({"id": ["A"], "name": ["a"], "share_highest_category": [0.7],
                                     "share_first_category": [0.5]}))
    assert "add up to more than 1" in p.expected


@pytest.mark.parametrize(("column", "value", "fragment"), [
    ("year", "20x3", "a year"),
    ("year", "1812", "a year"),
    ("procedure", "ЦТ", "'ege'"),
    ("grade", "12", "grade from 1 to 11"),
    ("participants", "-1", "from 0 to"),
    ("participants", "1e19", "from 0 to 10,000,000"),
    ("mean_score", "-3", "0 or more"),
    ("mean_percent", "101", "from 0 to 100"),
    ("share_below_minimum", "1,5", "share from 0 to 1"),
    ("share_high", "45", "share from 0 to 1"),
])
def test_each_result_value_error(column: str, value: str, fragment: str) -> None:
    results = pd.DataFrame({"school": ["A", "A"], "year": ["2023", "2024"], "procedure": ["ЕГЭ", "ЕГЭ"],
                            "subject": ["химия", "химия"]})
    results[column] = [results[column][0] if column in results else None, value]
    (p,) = problems_of({"schools": pd.DataFrame({"id": ["A"], "name": ["a"]}), "results": results})
    assert (p.table, p.index, p.column) == ("results", 1, column)
    assert fragment in p.expected


def test_reference_and_duplicate_errors() -> None:
    schools = pd.DataFrame({"id": ["A", "B", "B"], "name": ["a", "b", "b2"], "partners": ["Z", None, None]})
    results = pd.DataFrame({"school": ["A", "Q", "A"], "year": [2023] * 3, "procedure": ["ЕГЭ"] * 3,
                            "subject": ["химия", "химия", "Химия"]})
    resources = pd.DataFrame({"id": ["R1", "R1"], "host": ["A", "X"], "kind": ["библиотека", "IT-куб"]})
    probs = problems_of({"schools": schools, "results": results, "resources": resources})
    found = {(p.table, p.index, p.column, str(p.value)) for p in probs}
    assert found == {
        ("schools", 2, "id", "B"),            # duplicate school id
        ("schools", 0, "partners", "Z"),      # unknown partner
        ("results", 2, "subject", "химия"),   # the same result twice (subjects compare in lower case)
        ("resources", 1, "host", "X"),        # resource at an unknown school
        ("resources", 1, "id", "R1"),         # duplicate resource id
    } | ({("results", 1, "school", "Q")} if any(p.value == "Q" for p in probs) else set())


def test_result_for_unknown_school() -> None:
    probs = problems_of({"schools": pd.DataFrame({"id": ["A"], "name": ["a"]}),
                         "results": pd.DataFrame({"school": ["Q"], "year": [2023], "procedure": ["ВПР"],
                                                  "subject": ["математика"]})})
    assert [(p.table, p.column, p.value) for p in probs] == [("results", "school", "Q")]


def test_column_level_errors(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path / "r.csv", "Наименование;Широта;Странная колонка\na;50;1\n"),
                        unknown="error")
    texts = [str(p) for p in probs]
    # issue 13: the words say what is wrong (not "a known column"); by default the column is kept aside
    assert any("'Странная колонка'" in t and "a column netmatch reads (strict mode" in t for t in texts)
    assert any("required field 'id'" in t for t in texts)


def test_two_columns_for_one_field() -> None:
    (p,) = problems_of(pd.DataFrame({"id": ["A"], "name": ["a"], "Широта": [1.0], "lat": [1.0],
                                     "longitude": [2.0]}))
    assert "already holds it" in p.expected


def test_ragged_csv_row(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path / "r.csv", "id;name\nA;a\nB;b;extra\n"))
    assert probs[0].row == 3 and "2 cells" in probs[0].expected


def test_missing_file_and_bad_extension(tmp_path: Path) -> None:
    with pytest.raises(nm.InvalidInputError, match="No such file"):
        nm.read_registry(tmp_path / "nope.csv")
    (tmp_path / "x.doc").write_text("x")
    with pytest.raises(nm.InvalidInputError, match=r"use a \.csv, \.xlsx or \.json"):
        nm.read_registry(tmp_path / "x.doc")


def test_invalid_json(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text("{oops")
    with pytest.raises(nm.InvalidInputError, match="not valid JSON"):
        nm.read_registry(tmp_path / "r.json")


def test_repeated_wide_figure_and_unreadable_flag() -> None:
    frame = pd.DataFrame({"Код ОО": ["A", "B"], "Наименование ОО": ["a", "b"],
                          "ЕГЭ 2023 химия средний балл": [60, 61], "ЕГЭ-2023 Химия: средний балл": [60, 61],
                          "IT-куб": ["да", "может быть"]})
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(frame)
    repeated, flag = info.value.problems
    assert repeated.column == "ЕГЭ-2023 Химия: средний балл" and repeated.expected.startswith(
        "one column per figure; 'ЕГЭ 2023 химия средний балл' names the same")
    assert (flag.column, flag.value, flag.index, flag.school) == ("IT-куб", "может быть", 1, "B")
    ok = nm.read_registry(frame.drop(columns="ЕГЭ-2023 Химия: средний балл").assign(
        **{"IT-куб": ["да", None], "Точка роста": [None, "цифровая и гуманитарная"]}))
    assert [(r.id, r.kind) for r in ok.resources] == [("A:it_cube", nm.ResourceKind.IT_CUBE),
                                                      ("B:growth_point_digital", nm.ResourceKind.GROWTH_POINT_DIGITAL)]
    assert ok.results.mean_score.tolist() == [60.0, 61.0]


def test_parameter_errors_use_the_one_template(tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": ["A"], "name": ["a"]})
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(frame, unknown="skip")  # type: ignore[arg-type]
    assert str(info.value) == ("The 'unknown' parameter of read_registry must be one of 'keep', 'error', "
                               "'ignore'. Got 'skip' instead.")
    with pytest.raises(nm.InvalidInputError) as info:
        nm.write_registry(nm.read_registry(frame), tmp_path / "r.csv", headers="de")  # type: ignore[arg-type]
    assert str(info.value) == "The 'headers' parameter of write_registry must be 'en' or 'ru'. Got 'de' instead."
    assert not list(tmp_path.iterdir())  # nothing written


def test_error_message_lists_every_problem() -> None:
    frame = pd.DataFrame({"id": [f"S{i}" for i in range(250)], "name": ["x"] * 250, "shifts": [7] * 250})
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(frame)
    assert len(info.value.problems) == 250
    # the same problem in every row is one line with the count (issue 13)
    assert str(info.value) == ("schools DataFrame, items 0–249 (250 items), column 'shifts': got 7; "
                               "expected the number of shifts: 1, 2 or 3")


# --- real data ------------------------------------------------------------------------------------

ENGLAND_COLUMNS = {
    "URN": "id", "SCHNAME": "name", "TOWN": "settlement", "LATITUDE": "latitude", "LONGITUDE": "longitude",
    "ATT8SCR": "ОГЭ 2019 attainment 8 средний балл",
    "PTL2BASICS_95": "ОГЭ 2019 english and maths доля высоких результатов",
    **{c: None for c in ("RECTYPE", "PCODE", "PCODE2", "P8MEA", "P8_BANDING", "PTEBACC_E_PTQ_EE", "EBACCAPS",
                         "OFSTEDRATING", "INSPECTIONDT", "WEB", "SCHTYPE", "GRAMMAR", "GENDER", "RELIGION",
                         "COLOUR1", "COLOUR2", "PHASE")},
}


def test_english_schools_through_a_column_mapping() -> None:
    path = shared_path("data", "england_ks4_2019.csv")
    reg = nm.read_registry(path, columns=ENGLAND_COLUMNS, na_values=("NP", "NE", "SUPP", "LOWCOV"))
    assert len(reg) == 5516
    assert sum(s.has_coordinates for s in reg.schools) == 5514
    res = reg.results
    att8 = res.subject == "attainment 8"
    # ATT8SCR is numeric for 4,527 schools; SUPP/NE/empty are missing (no result row), never zero.
    assert int(att8.sum()) == 4527 and bool(np.isfinite(res.mean_score[att8]).all())
    haverstock = reg.results_of("100049")  # Haverstock School: ATT8SCR 42.4, PTL2BASICS_95 43%
    att = haverstock.mean_score[haverstock.subject == "attainment 8"]
    share = haverstock.share_high[haverstock.subject == "english and maths"]
    assert att.tolist() == [42.4] and share.tolist() == [pytest.approx(0.43)]


def test_english_codes_are_errors_without_na_values() -> None:
    path = shared_path("data", "england_ks4_2019.csv")
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(path, columns=ENGLAND_COLUMNS)
    values = {p.value for p in info.value.problems}
    assert values == {"SUPP", "NE"}


@settings(max_examples=30)
@given(st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=5))
def test_decimal_comma_reads_like_point(values: list[float]) -> None:
    frame = pd.DataFrame({"id": [f"S{i}" for i in range(len(values))], "name": "x",
                          "internet_mbps": [repr(v).replace(".", ",") for v in values]})
    reg = nm.read_registry(frame)
    assert [s.internet_mbps for s in reg.schools] == values


@pytest.mark.parametrize("target", ["r.csv", "r.json"])
def test_text_formats_keep_every_digit(tmp_path: Path, target: str) -> None:
    reg = nm.Registry(schools=[nm.School(id="A", name="a", mentor_hours=0.38880511212377045,
                                         latitude=55.75582600000001, longitude=37.6173)])
    assert nm.read_registry(nm.write_registry(reg, tmp_path / target)[0]) == reg
