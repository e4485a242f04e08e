"""Reading at scale gives what reading value by value gave; school years are read as exam years.

The fast paths (pandas' CSV parser, each distinct value parsed once, calamine for workbooks) are
checked against the slow ones they replace: the same cells, the same numbers, the same problems.
Timing lives in ``benchmarks/bench_read.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._base import parse
from netmatch._base.parse import distinct, map_distinct, parse_number_array, school_year
from netmatch._data import tables, xlsx
from netmatch._data.raw import RawTable
from netmatch._data.results import ResultTable
from netmatch._data.tables import clean, clean_column
from netmatch._data.wide import parse_wide_header

NA = frozenset({"", "н/д", "nan"})


# --- school years ---------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["2015-2016", "2015/16", "2015–16 уч. год", "2015/2016 учебный год",
                                   "2015 - 2016", "2015—2016", "2015/16 уч.год", " 2015-16 ", "2015–16 уч. г."])
def test_school_year_is_the_year_of_the_exam(label: str) -> None:
    assert school_year(label) == 2016


@pytest.mark.parametrize("label", ["2015-2017", "2016/15", "2015", "2015-", "15/16", "2015/16/17",
                                   "2015-2016 год выпуска", "1999/2001", "x2015-2016", 2016, None])
def test_other_labels_are_not_school_years(label: object) -> None:
    assert school_year(label) is None


def test_century_turn() -> None:
    assert school_year("1999/00") == 2000 and school_year("2099-00") == 2100


def _registry(years: list[object], tmp_path: Path | None = None) -> nm.Registry:
    schools = pd.DataFrame({"Код ОО": ["S1"], "Наименование ОО": ["Школа 1"]})
    results = pd.DataFrame({"Код ОО": ["S1"] * len(years), "Год": years, "Процедура": ["ЕГЭ"] * len(years),
                            "Предмет": [f"предмет {i}" for i in range(len(years))],
                            "Средний балл": [50] * len(years)})
    if tmp_path is None:
        return nm.read_registry({"schools": schools, "results": results})
    schools.to_csv(tmp_path / "r.csv", sep=";", index=False)
    results.to_csv(tmp_path / "r.results.csv", sep=";", index=False)
    return nm.read_registry(tmp_path / "r.csv")


@pytest.mark.parametrize("in_file", [False, True])
def test_school_years_in_the_year_column(tmp_path: Path, in_file: bool) -> None:
    labels = ["2015-2016", "2015/16", "2015–16 уч. год", "2015/2016 учебный год", 2019, "2020"]
    reg = _registry(labels, tmp_path if in_file else None)
    assert reg.results.year.tolist() == [2016, 2016, 2016, 2016, 2019, 2020]


def test_school_years_in_a_long_column_are_read_once_each() -> None:
    n = 500  # past the length at which distinct values are parsed once
    labels = ["2021/22", "2022-2023", "2023"] * n
    table = ResultTable.from_columns({"school": [f"S{i}" for i in range(3 * n)], "year": labels,
                                      "procedure": ["ОГЭ"] * (3 * n), "subject": ["химия"] * (3 * n)})
    assert table.year.tolist() == [2022, 2023, 2023] * n


@pytest.mark.parametrize("label", ["2015-2017", "2015/2016/2017", "2015-16-17", "учебный год"])
def test_anything_else_names_row_column_and_value(tmp_path: Path, label: str) -> None:
    with pytest.raises(nm.InvalidInputError) as info:
        _registry(["2015/16", label], tmp_path)
    assert str(info.value) == (f"{tmp_path / 'r.results.csv'}, row 3 (school 'S1'), column 'Год': got {label!r}; "
                               "expected a year from 1990 to 2100")


def test_school_year_in_a_result_record() -> None:
    r = nm.Result(school="S1", year="2022/23 уч. год", procedure="ВПР", grade=5, subject="математика")
    assert r.year == 2023
    with pytest.raises(ValueError, match="year"):
        nm.Result(school="S1", year="2022/24", procedure="ВПР", grade=5, subject="математика")


@pytest.mark.parametrize(("header", "year", "subject"), [
    ("ЕГЭ 2015-2016 Русский язык средний балл", 2016, "русский язык"),
    ("ЕГЭ русский язык 2015/2016 учебный год средний балл", 2016, "русский язык"),
    ("ВПР 2015–16 уч. год, 4 класс, математика: доля 2", 2016, "математика"),
    ("ОГЭ 2022/23 математика средний балл", 2023, "математика"),
    ("ЕГЭ 2021 Русский язык средний балл", 2021, "русский язык"),
])
def test_school_years_in_wide_headers(header: str, year: int, subject: str) -> None:
    col = parse_wide_header(header)
    assert col is not None and (col.year, col.subject) == (year, subject)


def test_wide_school_year_reads_into_results() -> None:
    schools = pd.DataFrame({"Код ОО": ["S1", "S2"], "Наименование ОО": ["Школа 1", "Школа 2"],
                            "ЕГЭ 2022/23 уч. год химия средний балл": [61.5, None]})
    reg = nm.read_registry(schools)
    assert reg.results.year.tolist() == [2023] and reg.results.subject.tolist() == ["химия"]


# --- distinct values parsed once: the same answers ------------------------------------------------

_CELLS = st.sampled_from(["1", "1,5", " 2 ", "35%", "0.35", "", "  ", "abc", "1 234", "-3", "1e3", "1e999",
                          "nan", "inf", "12,9%", "4.", ".5", "+7", "1.2.3", "35 %", "%", "0,1,2"]) | st.none()


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(_CELLS, min_size=0, max_size=200), share=st.booleans())
def test_numbers_parsed_once_per_distinct_value_as_one_by_one(cells: list[object], share: bool) -> None:
    x, bad = parse_number_array(cells, share=share)
    one_x, one_bad = parse._parse_numbers(cells, share=share)
    assert np.array_equal(x, one_x, equal_nan=True) and np.array_equal(bad, one_bad)


_TYPED = st.none() | st.integers(-10**20, 10**20) | st.floats() | st.sampled_from([np.int64(7), np.float64(2.5)])


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(_TYPED, min_size=0, max_size=200))
def test_numbers_from_a_workbook_as_one_by_one(cells: list[object]) -> None:
    x, bad = parse_number_array(cells)
    one_x, one_bad = parse._parse_numbers(cells, share=False)
    assert np.array_equal(x, one_x, equal_nan=True) and np.array_equal(bad, one_bad)


@settings(max_examples=40, deadline=None)
@given(cells=st.lists(_CELLS | st.sampled_from(["н/д", "НАН", " Н/Д "]), max_size=200))
def test_clean_column_as_clean(cells: list[object]) -> None:
    assert clean_column(cells, NA).tolist() == [clean(c, NA) for c in cells]


def test_mixed_columns_are_read_one_by_one() -> None:
    mixed = [1, 1.0, True, "1"] * 30  # equal under hashing, not as cells
    assert distinct(mixed) is None
    assert map_distinct(mixed, repr).tolist() == [repr(v) for v in mixed]
    _, bad = parse_number_array(mixed)
    assert bad.tolist() == [False, False, True, False] * 30


def test_problems_are_the_same_in_a_long_column() -> None:
    def problems(n: int) -> list[tuple[object, ...]]:
        cols = {"school": ["S1", "S2", "", "S4"] * n, "year": ["2023", "1800", "2023", "x"] * n,
                "procedure": ["ЕГЭ", "егэ", "ЕГЕ", None] * n, "subject": ["химия", None, "физика", "химия"] * n,
                "mean_score": ["55,5", "-1", "55%", "60"] * n, "share_high": ["35%", "0,35", "35", ""] * n}
        with pytest.raises(nm.InvalidInputError) as info:
            ResultTable.from_columns(cols)
        return sorted((p.index, p.column, repr(p.value), p.expected, p.school) for p in info.value.problems
                      if p.index is not None and p.index < 4)

    assert problems(1) == problems(100)  # 4 rows: one by one; 400 rows: once per distinct value


def test_repeated_results_name_the_first_row() -> None:
    n = 100
    cols = {"school": [f"S{i % 50}" for i in range(n)], "year": [2023] * n, "procedure": ["ЕГЭ"] * n,
            "subject": ["химия"] * n, "grade": [None if i % 50 < 25 else 11 for i in range(n)]}
    with pytest.raises(nm.InvalidInputError) as info:
        ResultTable.from_columns(cols)
    found = [(p.index, p.expected) for p in info.value.problems]
    assert found == [(i, "one row per school, year, procedure, grade and subject; this repeats item "
                      f"{i - 50}") for i in range(50, 100)]


# --- the fast CSV reader reads what the csv module read -------------------------------------------


def _both(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch, sep: str | None = None
          ) -> tuple[RawTable, RawTable]:
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    fast = tables._read_csv(path, "results", None, sep)
    with monkeypatch.context() as m:
        m.setattr(tables, "_read_csv_fast", lambda *a: None)
        slow = tables._read_csv(path, "results", None, sep)
    return fast, slow


def _same(fast: RawTable, slow: RawTable) -> None:
    assert fast.headers == slow.headers
    assert fast.numbers == slow.numbers
    assert fast.rows == slow.rows
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]


_CELL = st.text(alphabet=st.sampled_from("аб cd12,.%-«»'"), max_size=6)


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=30),
       blanks=st.lists(st.sampled_from(["", ";;", " ; ;", "\t;;"]), max_size=5),
       crlf=st.booleans())
def test_fast_csv_reads_as_the_csv_module(tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]],
                                          blanks: list[str], crlf: bool) -> None:
    lines = ["\n", "Код ОО;Год;Предмет"] + [";".join(r) for r in rows] + blanks
    pad = ["S1;2023;химия"] * 6000  # past the size below which the csv module reads
    text = ("\r\n" if crlf else "\n").join(lines + pad + blanks) + "\n"
    folder = tmp_path_factory.mktemp("csv")
    with pytest.MonkeyPatch.context() as mp:
        fast, slow = _both(folder, text, mp, sep=";")
    assert fast._columns is not None or fast.problems  # the fast path ran unless rows were ragged
    _same(fast, slow)


@pytest.mark.parametrize("odd", ['S2;"20"23;химия', 'S2;"2023\nхимия";x', "S2;2023", "S2;2023;химия;лишнее",
                                 "S2;2023\rхимия", " ", "\t"])
def test_files_the_fast_reader_leaves_to_the_csv_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        odd: str) -> None:
    text = "Код ОО;Год;Предмет\n" + "S1;2023;химия\n" * 5000 + odd + "\n"
    fast, slow = _both(tmp_path, text, monkeypatch)
    # a quote inside a cell or a cell over two lines, ragged rows, a lone carriage return: the csv module's way
    # (quotes around whole cells on one line are the fast reader's: tests/test_coded_reading.py)
    assert fast._columns is None
    _same(fast, slow)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251", "utf-8"])
def test_fast_csv_in_each_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    text = "Код ОО;Год;Предмет\r\n" + "S1;2023;химия\r\n" * 5000 + "\r\n;;\r\nS2;2024;физика\r\n"
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding))
    fast = tables._read_csv(path, "results", None, None)
    monkeypatch.setattr(tables, "_read_csv_fast", lambda *a: None)
    slow = tables._read_csv(path, "results", None, None)
    assert fast._columns is not None
    _same(fast, slow)
    assert fast.numbers[-1] == 5004 and fast.rows[-1] == ["S2", "2024", "физика"]


def test_ragged_rows_are_reported_as_before(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("Код ОО;Наименование ОО\nS1;Школа\n", encoding="utf-8")
    (tmp_path / "r.results.csv").write_text(
        "Код ОО;Год;Процедура;Предмет\n" + "S1;2023;ЕГЭ;химия\n" * 3000 + "S1;2023;ЕГЭ\n", encoding="utf-8")
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(tmp_path / "r.csv")
    assert str(info.value) == (f"{tmp_path / 'r.results.csv'}, row 3002: got '3 cells'; expected 4 cells as in "
                               "the header (row 1); check the separator ';' and quotes")


def test_a_large_region_reads_the_same_through_either_csv_reader(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    reg = nm.datasets.make_region(300, seed=1)
    nm.write_registry(reg, tmp_path / "r.csv", headers="ru")
    fast = nm.read_registry(tmp_path / "r.csv")
    monkeypatch.setattr(tables, "_read_csv_fast", lambda *a: None)
    slow = nm.read_registry(tmp_path / "r.csv")
    assert fast == slow == reg.replace(name=None)


def test_raw_table_columns_and_rows_agree() -> None:
    frame = pd.read_csv(io.StringIO("a;b\n1;x\n2;y\n"), sep=";", dtype=object)
    raw = RawTable(["a", "b"], None, [2, 3], "t", columns=[frame[c].to_numpy(dtype=object) for c in frame])
    assert len(raw) == 2 and raw.rows == [["1", "x"], ["2", "y"]] and raw.column(1).tolist() == ["x", "y"]
    row_wise = RawTable(["a", "b"], [["1"], ["2", "y"]], [2, 3], "t")
    assert row_wise.column(1).tolist() == [None, "y"]


# --- workbooks: calamine when installed, openpyxl otherwise, the same cells ----------------------


def test_calamine_and_openpyxl_give_the_same_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("python_calamine")
    reg = nm.datasets.make_region(200, seed=2)
    path = nm.write_registry(reg, tmp_path / "r.xlsx", headers="ru")[0]
    fast = tables._read_xlsx(path)
    monkeypatch.setattr(xlsx, "_calamine_sheets", lambda p, titles: None)
    slow = tables._read_xlsx(path)
    assert list(fast) == list(slow)
    for title in fast:
        assert (fast[title].headers, fast[title].numbers) == (slow[title].headers, slow[title].numbers)
        assert fast[title].rows == slow[title].rows
    assert nm.read_registry(path) == reg


def test_calamine_title_rows_and_errors_as_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("python_calamine")
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Школы"
    ws.append(["Реестр школ района"])
    ws.append(["Код ОО", "Наименование ОО", "Сменность", None])
    ws.append(["S1", " Школа 1 ", 4.0])
    ws.append([None, None, None])
    ws.append([2, "Школа 2", "4"])
    wb.save(tmp_path / "w.xlsx")

    def message() -> str:
        with pytest.raises(nm.InvalidInputError) as info:
            nm.read_registry(tmp_path / "w.xlsx")
        return str(info.value)

    fast = message()
    monkeypatch.setattr(xlsx, "_calamine_sheets", lambda p, titles: None)
    assert fast == message() and "column 'Сменность': got 4, '4'" in fast


def test_workbook_title_without_opening_every_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    demo = nm.write_registry(nm.datasets.load_demo(), tmp_path / "demo.xlsx")[0]
    Workbook().save(tmp_path / "plain.xlsx")
    for path in (demo, tmp_path / "plain.xlsx"):
        wb = load_workbook(path, read_only=True)
        assert tables.stored_name(path) == (wb.properties.title or None)
        wb.close()
    assert tables.stored_name(demo) == nm.datasets.load_demo().name


def test_dates_and_error_cells_as_openpyxl_reads_them(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Код ОО", "Наименование ОО", "Сменность"])
    ws.append(["S1", "Школа 1", datetime.date(2023, 9, 1)])
    wb.save(tmp_path / "dates.xlsx")
    ws.append(["S2", "Школа 2", "#DIV/0!"])
    ws["C3"].data_type = "e"
    wb.save(tmp_path / "errors.xlsx")
    assert xlsx.inspect(tmp_path / "errors.xlsx").error_cells  # then openpyxl reads it: it keeps the error's text
    calamine = xlsx._calamine_sheets(tmp_path / "dates.xlsx", None)
    assert calamine is not None and calamine[0][1][1][2] == datetime.datetime(2023, 9, 1)
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(tmp_path / "errors.xlsx")
    assert "'#DIV/0!'" in str(info.value)
