"""The pyarrow CSV reader and coded columns read exactly what pandas' C reader and the csv module read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._base.parse import CodedColumn, distinct, map_distinct, parse_number_array
from netmatch._data import arrow_csv, tables
from netmatch._data.raw import RawTable
from netmatch._data.results import ResultTable
from netmatch._data.tables import Origin, clean_column
from netmatch.exceptions import Problem

pytest.importorskip("pyarrow")


def _three(path: Path, sep: str | None = None, encoding: str | None = None) -> dict[str, RawTable]:
    """The table read by pyarrow, by pandas' C parser and by the csv module (each of the others turned off)."""
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tables, "FAST_FROM", 0)  # small files too, so that hypothesis can vary them
        mp.setattr(arrow_csv, "FAST_FROM", 0)
        out["arrow"] = tables._read_csv(path, "results", encoding, sep)
        mp.setattr(tables, "_read_csv_arrow", lambda *a: None)
        out["pandas"] = tables._read_csv(path, "results", encoding, sep)
        mp.setattr(tables, "_read_csv_fast", lambda *a, **k: None)
        out["csv"] = tables._read_csv(path, "results", encoding, sep)
    return out


def _same(found: dict[str, RawTable]) -> None:
    base = found["csv"]
    for name in ("arrow", "pandas"):
        raw = found[name]
        assert raw.headers == base.headers, name
        assert raw.numbers == base.numbers, name
        assert raw.rows == base.rows, name
        assert [str(p) for p in raw.problems] == [str(p) for p in base.problems], name


_CELL = st.text(alphabet=st.sampled_from("аяё bc12,;.%-«»'\t"), max_size=5)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=25),
       sep=st.sampled_from([";", ",", "\t"]), crlf=st.booleans(),
       encoding=st.sampled_from(["utf-8-sig", "utf-8", "cp1251"]), bom=st.booleans(),
       blanks=st.lists(st.integers(0, 30), max_size=4), lead=st.booleans())
def test_the_three_csv_readers_agree(tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], sep: str,
                                     crlf: bool, encoding: str, bom: bool, blanks: list[int], lead: bool) -> None:
    lines = ["Код ОО", "Год", "Предмет"]
    body = [sep.join(lines)] + [sep.join(r) for r in rows]
    for at in blanks:  # empty lines and lines of separators only, anywhere
        body.insert(min(at, len(body)), "" if at % 2 else sep * 2)
    if lead:
        body.insert(0, "")
    text = ("\r\n" if crlf else "\n").join(body) + "\n"
    data = text.encode("cp1251" if encoding == "cp1251" else "utf-8")
    if bom and encoding != "cp1251":
        data = b"\xef\xbb\xbf" + data
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(data)
    given_encoding = None if encoding == "utf-8-sig" else encoding
    _same(_three(path, sep=sep, encoding=given_encoding))


def test_blank_lines_among_many_distinct_codes(tmp_path: Path) -> None:
    # few blank records beside many distinct codes: only the blank rows' texts are looked at
    body = ["Код ОО;Год;Участников"] + [f"S{i};2024;{i}" for i in range(200)]
    for at in (5, 60, 150):
        body.insert(at, ";;" if at % 2 else "")
    body.insert(90, "S200;;")  # blank in the first two columns, not in the third
    path = tmp_path / "t.csv"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    found = _three(path)
    _same(found)
    assert len(found["arrow"].rows) == 201


_QUOTED = st.text(alphabet=st.sampled_from('аб 1,;"\t«'), max_size=5)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_QUOTED, min_size=3, max_size=3), min_size=1, max_size=20),
       sep=st.sampled_from([";", ",", "\t"]), quote_all=st.booleans())
def test_quoted_cells_read_alike(tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], sep: str,
                                 quote_all: bool) -> None:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(["Код ОО", "Год, учебный", "Предмет"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    found = _three(path, sep=sep)
    _same(found)
    if not any('"' in c or "\n" in c for r in rows for c in r) and quote_all:
        assert isinstance(found["arrow"]._columns and found["arrow"]._columns[0], CodedColumn)  # pyarrow read it


@pytest.mark.parametrize("odd", ["S2;2023", "S2;2023;химия;лишнее", "S2;2023\rхимия", 'S2;"20"23;химия',
                                 'S2;"20""23";химия', 'S2;"2023\nхимия";x'])
def test_what_pyarrow_refuses_goes_on_to_the_other_readers(tmp_path: Path, odd: str) -> None:
    data = ("Код ОО;Год;Предмет\n" + "S1;2023;химия\n" * 50 + odd + "\n").encode()
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    found = _three(path)
    assert not isinstance(found["arrow"]._columns and found["arrow"]._columns[0], CodedColumn)
    _same(found)


def test_utf8_with_one_stray_byte_is_refused_at_that_byte_by_every_reader(tmp_path: Path) -> None:
    # once it was read as Windows-1251: every Cyrillic letter two wrong ones, without a word
    path = tmp_path / "t.csv"
    path.write_bytes(("Код ОО;Год;Предмет\n" + "S1;2023;химия\n" * 5000).encode() + b"S2;2023;\xff\n")
    for fast in (True, False):
        with pytest.MonkeyPatch.context() as mp:
            if not fast:
                mp.setattr(tables, "_read_csv_fast", lambda *a, **k: None)
            with pytest.raises(nm.InvalidInputError) as info:
                tables._read_csv(path, "results", None, None)
        assert [str(p) for p in info.value.problems] == [
            "t.csv is UTF-8 but for byte 0xFF at line 5002, which is not; fix that place in the file, or pass its "
            "encoding (encoding=..., --encoding)."]


def test_a_large_file_is_read_by_pyarrow_into_coded_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(("\ufeffКод ОО;Год;Предмет\r\n" + "S1;2023;химия\r\n" * 5000 + "\r\n;;\r\n S2 ;2024;физика\r\n")
                     .encode("utf-8"))
    raw = tables._read_csv(path, "results", None, None)
    assert raw._columns is not None and all(isinstance(c, CodedColumn) for c in raw._columns)
    assert raw.headers == ["Код ОО", "Год", "Предмет"]
    assert len(raw) == 5001 and raw.numbers[-1] == 5004 and raw.rows[-1] == [" S2 ", "2024", "физика"]
    school = raw.coded(0)
    assert isinstance(school, CodedColumn) and sorted(set(school.tolist())) == [" S2 ", "S1"]


def test_a_registry_reads_the_same_through_every_csv_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reg = nm.datasets.make_region(300, seed=3)
    nm.write_registry(reg, tmp_path / "r.csv", headers="ru")
    arrow = nm.read_registry(tmp_path / "r.csv")
    monkeypatch.setattr(tables, "_read_csv_arrow", lambda *a: None)
    pandas = nm.read_registry(tmp_path / "r.csv")
    monkeypatch.setattr(tables, "_read_csv_fast", lambda *a, **k: None)
    plain = nm.read_registry(tmp_path / "r.csv")
    assert arrow == pandas == plain == reg.replace(name=None)


def test_bad_results_are_reported_alike_by_every_csv_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "r.csv").write_text("Код ОО;Наименование ОО\nS1;Школа 1\nS2;Школа 2\n", encoding="utf-8")
    good = "".join(
        f"S{1 + i % 2};{2000 + i // 40};ЕГЭ;предмет {i % 20};55,5;0,2\n" for i in range(3000))
    bad = "S3;2023;ЕГЭ;химия;55;0,2\nS1;20x3;ЕГЭ;химия;55;0,2\nS1;2023;ЕЭГ;химия;-1;35\nS2;2001;ЕГЭ;предмет 0;1;0\n"
    (tmp_path / "r.results.csv").write_text(
        "Код ОО;Год;Процедура;Предмет;Средний балл;Доля высоких результатов\n" + good + bad, encoding="utf-8")

    def problems() -> list[str]:
        with pytest.raises(nm.InvalidInputError) as info:
            nm.read_registry(tmp_path / "r.csv")
        return [str(p) for p in info.value.problems]

    arrow = problems()
    monkeypatch.setattr(tables, "_read_csv_arrow", lambda *a: None)
    pandas = problems()
    monkeypatch.setattr(tables, "_read_csv_fast", lambda *a, **k: None)
    assert arrow == pandas == problems()
    rows = [(p.split(", row ")[1].split(" ")[0], p.split("got ")[1].split(";")[0]) for p in arrow]
    # -1 is checked against its assessment's scale, which an unknown procedure (ЕЭГ) does not give
    assert rows == [("3003", "'20x3'"), ("3004", "'ЕЭГ'"), ("3004", "'35'")]


# --- coded columns --------------------------------------------------------------------------------


_TEXTS = st.lists(st.one_of(st.none(), st.sampled_from([" a", "a", "A ", "н/д", "", " 1,5", "35%", "2015/16", "x"])),
                  max_size=150)


def _coded(values: list[str | None]) -> CodedColumn:
    uniques = sorted({v for v in values if v is not None})
    index = {u: k for k, u in enumerate(uniques)}
    return CodedColumn(np.array([-1 if v is None else index[v] for v in values], dtype=np.int32),
                       np.array(uniques, dtype=object))


@settings(max_examples=60, deadline=None)
@given(values=_TEXTS)
def test_a_coded_column_checks_as_its_values(values: list[str | None]) -> None:
    coded = _coded(values)
    assert coded.tolist() == values and len(coded) == len(values)
    na = frozenset({"", "н/д"})
    cleaned = clean_column(coded, na)
    assert list(cleaned.tolist()) == clean_column(np.array(values, dtype=object), na).tolist()
    if isinstance(cleaned, CodedColumn):  # equal values share one code
        assert len(set(cleaned.uniques.tolist())) == len(cleaned.uniques)
        assert all((cleaned.codes == k).any() == (u in cleaned.tolist()) for k, u in enumerate(cleaned.uniques))
    for share in (False, True):
        x, bad = parse_number_array(coded, share=share)
        y, worse = parse_number_array(np.array(values, dtype=object), share=share)
        np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(bad, worse)
    assert map_distinct(coded, str).tolist() == [str(v) for v in values]
    assert distinct(coded) == (coded.codes, coded.uniques)


def test_results_from_coded_columns_are_those_from_lists() -> None:
    n = 200
    lists = {"school": [f" S{i % 7}" for i in range(n)],
             "year": ["2015/16" if i % 3 else "2017" for i in range(n)],
             "procedure": ["ЕГЭ" if i % 2 else "ege" for i in range(n)], "subject": [f"Предмет {i}" for i in range(n)],
             "mean_score": [f"{i % 50},5" for i in range(n)],
             "share_high": ["35%" if i % 4 else None for i in range(n)]}
    coded = {c: _coded(v) for c, v in lists.items()}
    assert ResultTable.from_columns(coded) == ResultTable.from_columns(lists)
    lists["year"][5], lists["share_high"][6] = "20x5", "135%"
    coded = {c: _coded(v) for c, v in lists.items()}
    with pytest.raises(nm.InvalidInputError) as one:
        ResultTable.from_columns(coded)
    with pytest.raises(nm.InvalidInputError) as other:
        ResultTable.from_columns(lists)
    assert [str(p) for p in one.value.problems] == [str(p) for p in other.value.problems]
    assert [(p.index, p.column, p.value) for p in one.value.problems] == [(5, "year", "20x5"),
                                                                         (6, "share_high", "135%")]


def test_origin_places_problems_across_its_blocks() -> None:
    o = Origin()
    o.extend("a.csv", np.array([2, 3, 7]), {"school": "Код ОО"})
    o.add("w.csv", 9, {"school": "ИНН"}, 0)
    o.add("w.csv", 11, {"school": "ИНН"}, 1)
    o.extend("b.json", [None, None], {"school": "school"}, start=4)
    assert len(o) == 7
    p = o.locate(Problem("results", "one row; this repeats item 1", column="school", value="x", index=4))
    assert (p.source, p.row, p.column, p.expected) == ("w.csv", 11, "ИНН", "one row; this repeats row 3")
    assert type(o.locate(Problem("results", "a value", index=2)).row) is int
    q = o.locate(Problem("results", "a value", column="school", index=6))
    assert (q.source, q.row, q.index) == ("b.json", None, 5)
    assert o.locate(Problem("results", "a value", index=7)).index == 7  # beyond: as it was


_NUMBER_TEXT = st.one_of(st.from_regex(r"\s?-?\d{1,4}([.,]\d{1,3})?\s?%?", fullmatch=True),
                         st.text(alphabet=st.sampled_from("0123456789,.-% eE+inftyNa"), max_size=6))


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(_NUMBER_TEXT, min_size=1, max_size=30, unique=True))
def test_number_fields_parsed_at_once_validate_as_one_by_one(texts: list[str]) -> None:
    from netmatch._data.columnwise import _FAILED, _as_numbers, _check_one, _plan
    from netmatch._data.models import School

    plans = _plan(School)
    assert plans is not None
    for name in ("latitude", "students", "share_disabled", "internet_mbps"):
        plan = plans[name]
        one_by_one = [_check_one(plan, v) for v in texts]
        at_once = [_check_one(plan, v) for v in _as_numbers(plan, texts)]
        assert [v is _FAILED for v in at_once] == [v is _FAILED for v in one_by_one], name
        assert [v for v in at_once if v is not _FAILED] == [v for v in one_by_one if v is not _FAILED], name
