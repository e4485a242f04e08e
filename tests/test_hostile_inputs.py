"""Damaged, hostile and odd files: every one read or refused with an InvalidInputError, never another exception.

Bytewise and structural mutations of a registry written as CSV (both header languages), XLSX
and JSON (hypothesis, bounded), and crafted files: encodings, entity and zip bombs, formulas
without values, stale dimensions, nesting, repeated keys, numbers beyond their limits.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._data import columnwise, xlsx
from netmatch._data.models import Resource, School
from netmatch._data.results import _BOUNDS
from netmatch.cli.columns import note_lines
from tests.fuzzing import (
    FORMATS,
    FuzzFailure,
    mutate_bytes,
    mutate_cells,
    mutate_json,
    mutate_workbook,
    outcome,
    registry_files,
)

pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """A small registry's files in every format: format -> file name -> bytes."""
    return registry_files(nm.datasets.make_region(12, seed=2), tmp_path_factory.mktemp("formats"))


_EDITS = st.lists(st.tuples(st.sampled_from(["set", "insert", "delete", "copy"]), st.integers(0, 10**9),
                            st.binary(min_size=1, max_size=6)), min_size=1, max_size=6)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.sampled_from(sorted(FORMATS)), which=st.integers(0, 2), edits=_EDITS)
def test_damaged_bytes_are_read_soundly_or_refused_as_input_errors(
        tmp_path: Path, files: dict[str, dict[str, bytes]], label: str, which: int, edits: list[Any]) -> None:
    # refused as an input error, or read with every value in range and paired without a violation
    found = dict(files[label])
    name = sorted(found)[which % len(found)]
    found[name] = mutate_bytes(found[name], edits)
    outcome(tmp_path, found)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_json_of_any_shape_is_read_soundly_or_refused_as_input_errors(
        tmp_path: Path, files: dict[str, dict[str, bytes]], data: st.DataObject) -> None:
    doc = mutate_json(json.loads(files["json"]["r.json"]), lambda items: data.draw(st.sampled_from(items)),
                      data.draw(st.integers(1, 3)))
    outcome(tmp_path, {"r.json": json.dumps(doc, ensure_ascii=False).encode()})


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.sampled_from(["csv-ru", "csv-en", "xlsx"]), which=st.integers(0, 2), data=st.data())
def test_hostile_cells_are_read_soundly_or_refused_as_input_errors(
        tmp_path: Path, files: dict[str, dict[str, bytes]], label: str, which: int, data: st.DataObject) -> None:
    found = dict(files[label])
    name = sorted(found)[which % len(found)]
    mutate = mutate_workbook if label == "xlsx" else mutate_cells
    found[name] = mutate(found[name], lambda items: data.draw(st.sampled_from(items)), data.draw(st.integers(1, 4)))
    outcome(tmp_path, found)


def test_the_fuzz_check_catches_what_it_must(tmp_path: Path, files: dict[str, dict[str, bytes]],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # a reader that let a defect through, or a value out of its range, fails the fuzzing
    assert outcome(tmp_path, dict(files["csv-en"])) == "accepted"
    monkeypatch.setattr(nm, "read_registry", lambda *a, **k: (_ for _ in ()).throw(KeyError("x")))
    with pytest.raises(FuzzFailure, match="KeyError"):
        outcome(tmp_path, dict(files["csv-en"]))
    reg = nm.datasets.make_region(12, seed=2)
    wild = reg.replace(schools=[reg.schools[0].model_construct(**{**dict(reg.schools[0]), "latitude": 95.0}),
                                *reg.schools[1:]])
    monkeypatch.setattr(nm, "read_registry", lambda *a, **k: wild)
    with pytest.raises(FuzzFailure, match=r"latitude=95\.0"):
        outcome(tmp_path, dict(files["csv-en"]))


def _refused(path: Path) -> str:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(path)
    return str(info.value)


# --- encodings --------------------------------------------------------------------------------------


def test_koi8_r_and_windows_1251_are_told_apart(tmp_path: Path) -> None:
    text = "Код ОО;Наименование ОО\nS1;Школа искусств\nS2;Лицей\n"
    for encoding, name in (("koi8-r", "KOI8-R"), ("cp1251", "Windows-1251"), ("utf-8", None)):
        (tmp_path / "r.csv").write_bytes(text.encode(encoding))
        notes: list[nm.ColumnNote] = []
        assert [s.name for s in nm.read_registry(tmp_path / "r.csv", notes=notes).schools] == ["Школа искусств",
                                                                                               "Лицей"]
        # the encoding chosen is said, whenever it is not UTF-8
        assert [n.field for n in notes if n.kind == "encoding"] == ([name] if name else [])
    (tmp_path / "r.csv").write_bytes(text.encode("cp1251"))
    notes = []
    nm.read_registry(tmp_path / "r.csv", encoding="cp1251", notes=notes)  # given, not guessed: nothing to say
    assert not [n for n in notes if n.kind == "encoding"]
    nm.read_registry(tmp_path / "r.csv", notes=notes)
    assert note_lines(notes, "ru") == [f"Примечание: не в UTF-8 и прочитаны в кодировке Windows-1251: "
                                       f"{tmp_path / 'r.csv'}. Если буквы в выводе неверны, укажите кодировку: "
                                       "--encoding."]


def test_a_wrong_or_unknown_encoding_is_named(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_bytes("Код ОО;Наименование ОО\nS1;Школа\n".encode("cp1251"))
    assert "is not in utf-8: byte 0xCA at line 1" in _refused_with(tmp_path / "r.csv", encoding="utf-8")
    assert "Unknown encoding 'no-such'" in _refused_with(tmp_path / "r.csv", encoding="no-such")


def _refused_with(path: Path, **options: Any) -> str:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(path, **options)
    return str(info.value)


# --- workbooks --------------------------------------------------------------------------------------


def _rezip(src: Path, dst: Path, edit: Callable[[bytes], bytes], part: str = "xl/worksheets/sheet1.xml",
           compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", compression) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            zo.writestr(info.filename, edit(data) if info.filename == part else data)
    return dst


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "r.xlsx"
    nm.write_registry(nm.datasets.make_region(12, seed=2), path, headers="en")
    return path


def test_an_entity_bomb_is_refused_at_once(workbook: Path) -> None:
    lol = b"".join(b'<!ENTITY l%d "%s">' % (k, b"&l%d;" % (k - 1) * 10 if k else b"lol") for k in range(10))
    bomb = _rezip(workbook, workbook.with_name("bomb.xlsx"),
                  lambda d: b'<?xml version="1.0"?><!DOCTYPE s [' + lol + b"]>" + d.replace(b"<t>", b"<t>&l9;", 1))
    start = time.perf_counter()
    assert "declares XML entities" in _refused(bomb)
    assert time.perf_counter() - start < 1.0  # nothing was expanded


def test_a_zip_bomb_is_refused_from_its_declared_sizes(workbook: Path) -> None:
    bomb = _rezip(workbook, workbook.with_name("bomb.xlsx"), lambda d: b"<a>" + b" " * (200 << 20) + b"</a>")
    assert bomb.stat().st_size < 1 << 20
    start = time.perf_counter()
    assert "times its packed size" in _refused(bomb)
    assert time.perf_counter() - start < 1.0  # refused before anything was unpacked


def test_a_damaged_or_foreign_file_named_xlsx_is_an_input_error(workbook: Path) -> None:
    data = workbook.read_bytes()
    for k, damaged in enumerate([b"not a zip at all", data[: len(data) // 2], data[:40] + b"\0" * 64 + data[104:]]):
        path = workbook.with_name(f"d{k}.xlsx")
        path.write_bytes(damaged)
        assert "is not a readable .xlsx workbook" in _refused(path)


def test_a_formula_without_its_value_is_refused_naming_the_cell(workbook: Path) -> None:
    path = _rezip(workbook, workbook.with_name("f.xlsx"),
                  lambda d: re.sub(rb'<c r="J3"[^>]*>.*?</c>', b'<c r="J3"><f>600+42</f></c>', d, count=1))
    assert "cell J3 of xl/worksheets/sheet1.xml holds a formula whose value was never computed" in _refused(path)


def test_a_stale_dimension_cuts_no_row(workbook: Path) -> None:
    path = _rezip(workbook, workbook.with_name("s.xlsx"),
                  lambda d: d.replace(b"<sheetData>", b'<dimension ref="A1:C2"/><sheetData>', 1))
    assert xlsx.inspect(path).stale_dimension
    assert nm.read_registry(path) == nm.read_registry(workbook)


def test_values_right_of_the_last_header_and_two_schools_sheets_are_errors(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Школы"
    for row in (["Код ОО", "Наименование ОО"], ["S1", "Школа 1", None, "забытое"], ["S2", "Школа 2"]):
        ws.append(row)
    wb.save(tmp_path / "r.xlsx")
    text = _refused(tmp_path / "r.xlsx")
    assert "row 2" in text and "column 'D'" in text and "right of the last header" in text
    wb.create_sheet("schools").append(["id", "name"])
    wb.save(tmp_path / "two.xlsx")
    assert "two sheets for the schools table, «Школы» and «schools»" in _refused(tmp_path / "two.xlsx")


# --- JSON and CSV limits ----------------------------------------------------------------------------


def test_json_limits_are_input_errors(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nests lists and objects far deeper" in _refused(path)
    path.write_text('{"schools": [{"id": "S1", "name": "a", "name": "b"}]}')
    assert "the key 'name' is given twice" in _refused(path)
    path.write_text('{"schools": [{"id": "S1", "name": "a", "latitude": 1e400, "longitude": 30, '
                    '"students": 1' + "0" * 30 + "}]}")
    text = _refused(path)  # kept as the text written, then refused by the fields in words
    assert "latitude" in text and "students" in text
    path.write_text('{"schools": {"id": ["S1"], "name": []}}')
    assert "have different lengths (id 1, name 0)" in _refused(path)
    path.write_text('{"schools": [{"id": "S1", "name": "a"}], "results": "abc"}')
    assert "results is neither a list of records nor an object of columns" in _refused(path)


def test_a_cell_beyond_the_limit_is_named_by_its_line_in_every_csv_reader(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    for quote in ("", '"'):
        path.write_text("Код ОО;Наименование ОО\nS1;" + quote + "x" * 200_000 + quote + "\n" + "S2;b\n" * 3000)
        assert "line 2: a cell longer than 131,072 characters" in _refused(path)


_NUMERIC = [name for name, info in School.model_fields.items() if columnwise._bounds(info) is not None]


def test_every_numeric_field_declares_a_finite_range() -> None:
    for model in (School, Resource):
        for name, info in model.model_fields.items():
            bounds = columnwise._bounds(info)
            if bounds is not None:
                assert all(np.isfinite(bounds)), f"{model.__name__}.{name} has no finite range: {bounds}"
    assert all(np.isfinite(b[:2]).all() for b in _BOUNDS.values())


@pytest.mark.parametrize("name", _NUMERIC)
@pytest.mark.parametrize("value", [1e300, -1e300, 2**63, "1e19"])
def test_a_number_beyond_its_range_is_refused_in_every_field(name: str, value: object) -> None:
    frames = nm.datasets.load_demo().to_frames()
    schools = frames.schools.astype({name: object})
    schools.loc[0, name] = value
    with pytest.raises(nm.InvalidInputError) as err:
        nm.read_registry(schools, results=frames.results, resources=frames.resources)
    assert any(p.column == name and p.row is None for p in err.value.problems), err.value
