"""The quick paths of reading give what the general ones give: plain numbers, texts, cleaning, repeats, headers.

Each quick path (measured in ``benchmarks/bench_read.py``) skips a Python call per value that the
general path makes; these properties hold them to the general path's answers, value for value.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netmatch._base import parse
from netmatch._base.parse import CodedColumn
from netmatch._data import columnwise, results, tables
from netmatch._data.models import Resource, Result, School, _text, texts

# digits of other scripts, signs, exponents, stray spaces and line ends, words float() would take
_NUMBER_TEXT = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(-10**30, 10**30).map(str),
    st.from_regex(r"[+-]?[0-9]{0,4}[.,]?[0-9]{0,3}([eE][+-]?[0-9]{1,3})?", fullmatch=True),
    st.sampled_from(["١٢", "٣.٥", "1_000", " 1", "1\n", "nan", "inf", "-Infinity", "1e999", "-1e999", ".", "+",
                     "5.", ".5", "1 234", "12%", "1,5", "0,1,2", "", "１２"]),
)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(_NUMBER_TEXT, max_size=40), share=st.booleans())
def test_plain_numbers_as_the_string_pass(cells: list[str], share: bool) -> None:
    quick = parse._plain_numbers(cells)
    x, bad = parse._parse_texts(cells, share=share)
    if quick is not None:
        assert np.array_equal(quick[0], x, equal_nan=True) and np.array_equal(quick[1], bad)
    else:
        assert any(not parse._NUMBER.fullmatch(c) for c in cells)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.one_of(_NUMBER_TEXT, st.none(), st.just(1.5)), min_size=1, max_size=40))
def test_pyarrow_reads_plain_numbers_as_float_does(cells: list[Any]) -> None:
    pytest.importorskip("pyarrow")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(parse, "_ARROW_FROM", 10**9)  # the Python way
        python = parse._plain_numbers(cells)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(parse, "_ARROW_FROM", 1)
        arrow = parse._plain_numbers(cells)
    if python is None:
        assert arrow is None
    else:
        assert arrow is not None
        assert np.array_equal(arrow[0], python[0], equal_nan=True) and np.array_equal(arrow[1], python[1])
        assert arrow[0].flags.writeable


def test_plain_numbers_take_coordinates_only() -> None:
    assert parse._plain_numbers(["55.75", "-3", "1e3"]) is not None
    for odd in (["55,75"], ["1 234"], ["35%"], [None], [1.5], ["Широта", "55.7"]):
        assert parse._plain_numbers(odd) is None


_VALUE = st.one_of(st.none(), st.text(alphabet=st.sampled_from(" \t\u00a0\u2003aБ1ß"), max_size=5),
                   st.floats(), st.integers(-10**6, 10**6), st.sampled_from([np.int64(7), True, 1001.0]))


@settings(max_examples=150, deadline=None)
@given(values=st.lists(_VALUE, max_size=30))
def test_texts_as_text_one_by_one(values: list[Any]) -> None:
    assert texts(values) == [_text(v) for v in values]


_NA = frozenset({"н/д", "ss", "i̇", "-", ""})


@settings(max_examples=150, deadline=None)
@given(values=st.lists(_VALUE | st.sampled_from(["Н/Д", " ß ", "İ", "SS", " - ", "ẞ", "'-", "''=1", " '+x"]),
                      max_size=30))
@pytest.mark.parametrize("quoted", [False, True])
def test_cleaning_all_as_clean_one_by_one(values: list[Any], quoted: bool) -> None:
    expected = [tables.clean(v, _NA, quoted) for v in values]
    got = tables._clean_all(values, _NA, quoted)
    assert [(type(a), a) if not (isinstance(a, float) and math.isnan(a)) else "nan" for a in got] == \
        [(type(b), b) if not (isinstance(b, float) and math.isnan(b)) else "nan" for b in expected]



@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.text(alphabet=st.sampled_from(" aSsßẞİi̇-'=+Н/Д\t"), max_size=5), max_size=30),
       last=st.booleans())
@pytest.mark.parametrize("quoted", [False, True])
def test_cleaning_texts_as_clean_one_by_one(values: list[str], last: bool, quoted: bool) -> None:
    # only texts (and a coded column's closing None): the passes in C, not the value-by-value path
    values = [*values, None] if last else values
    assert tables._clean_all(values, _NA, quoted) == [tables.clean(v, _NA, quoted) for v in values]

_FIELD_VALUE = st.one_of(
    st.none(), st.floats(), st.integers(-10**20, 10**20), st.booleans(),
    st.sampled_from([0.0, -0.0, 1.0, 90.0, 90.000001, -180.0, 168.0, 3, 4, 11, 12, 100.0, 1e308, math.nan,
                     2**53 + 1, -(2**53) - 1]),
    st.text(alphabet=st.sampled_from(" aЯ1.,%-"), max_size=6),
    # invisible, control, full-width and no-break characters: the codes' one spelling and the control check
    st.text(alphabet=st.sampled_from("S1\u200b\ufeff\x1b\x07\u00a0Ｓ１\u202e\n"), max_size=5),
)
_PLANS = [(kind, name) for kind in (School, Resource, Result) for name, plan in (columnwise._plan(kind) or {}).items()
          if plan.text is not None or plan.bounds is not None]


@pytest.mark.parametrize(("kind", "name"), _PLANS, ids=[f"{k.__name__}.{n}" for k, n in _PLANS])
@settings(max_examples=60, deadline=None)
@given(values=st.lists(_FIELD_VALUE, min_size=1, max_size=12))
def test_quick_checks_find_what_pydantic_finds(kind: type, name: str, values: list[Any]) -> None:
    plan = (columnwise._plan(kind) or {})[name]
    for given_values in (values, columnwise._as_numbers(plan, [v for v in values if type(v) is str] or ["1"])):
        quick = columnwise._quick(plan, given_values)
        if quick is None:
            continue
        slow, slow_bad = columnwise._validate_many(plan, given_values)
        assert quick[1] == slow_bad
        assert [v for k, v in enumerate(quick[0]) if k not in slow_bad] == \
            [v for k, v in enumerate(slow) if k not in slow_bad]
        assert all(type(a) is type(b) for a, b in zip(quick[0], slow, strict=True))


def test_the_quick_paths_are_taken_for_ids_names_and_coordinates() -> None:
    plans = columnwise._plan(School) or {}
    assert plans["id"].text == (False, 1) and plans["municipality"].text == (True, 0)
    assert plans["latitude"].bounds == (-90.0, 90.0) and plans["shifts"].bounds == (1.0, 3.0)
    assert plans["phases"].text is None and plans["phases"].bounds is None
    out, bad = columnwise._check_many(plans["id"], [" S1", "", "S2 "])
    assert out[0] == "S1" and out[2] == "S2" and bad == {1}


@settings(max_examples=150, deadline=None)
@given(keys=st.lists(st.integers(0, 40), max_size=60), ordered=st.booleans())
def test_repeated_keys_as_brute_force(keys: list[int], ordered: bool) -> None:
    key = np.array(sorted(keys) if ordered else keys, dtype=np.int64)
    assert results._repeated(key) == (len(set(keys)) < len(keys))


@pytest.mark.parametrize("before", ["", ",\n , \n"], ids=["header first", "blank lines first"])
def test_the_header_text_leaves_the_distinct_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    before: str) -> None:
    pytest.importorskip("pyarrow")
    from netmatch._data import arrow_csv

    monkeypatch.setattr(arrow_csv, "FAST_FROM", 0)
    monkeypatch.setattr(tables, "FAST_FROM", 0)
    path = tmp_path / "t.csv"
    # «Год» is a header only; «Класс» is also a cell of the first row, so it stays a value
    path.write_text(before + "Год,Класс\n2024,Класс\n2023,11\n", encoding="utf-8")
    raw = tables._read_csv(path, "results", None, None)
    years, grades = raw.coded(0), raw.coded(1)
    assert isinstance(years, CodedColumn) and isinstance(grades, CodedColumn)
    assert sorted(years.uniques.tolist()) == ["2023", "2024"] and years.tolist() == ["2024", "2023"]
    assert "Класс" in grades.uniques.tolist() and grades.tolist() == ["Класс", "11"]
    assert raw.headers == ["Год", "Класс"] and raw.numbers == [k + before.count("\n") for k in (2, 3)]


# --- a header beyond every row's cells ------------------------------------------------------------

def test_a_header_beyond_the_rows_is_an_empty_column(tmp_path: Path) -> None:
    """«Примечание» added to the results' header only: its column is empty (a note), not a crash."""
    import netmatch as nm
    from netmatch.datasets import make_region

    path = tmp_path / "r.csv"
    nm.write_registry(make_region(30, seed=1), path, headers="ru")
    results = path.with_name("r.results.csv")
    results.write_text(results.read_text(encoding="utf-8-sig").replace("Год", "Год,Примечание", 1), encoding="utf-8")
    notes: list[Any] = []
    with pytest.raises(nm.InvalidInputError):  # every row's cells now sit one header to the left
        nm.read_registry(path, notes=notes)
    assert any("Примечание" in str(n) for n in notes)
