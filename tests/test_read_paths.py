"""Every path into a registry reads the same values: DataFrames and CSV files, typed and text columns,
the results file read beside the schools, and records built without pydantic's per-record call."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._base.parse import parse_number_array
from netmatch._data import tables
from netmatch._data.results import _sorted_codes


@pytest.fixture(scope="module")
def region() -> nm.Registry:
    return nm.datasets.make_region(120, seed=5)  # over 64 rows a table: the coded paths are taken


def test_frames_and_csv_files_read_the_same_registry(region: nm.Registry, tmp_path: Path) -> None:
    nm.write_registry(region, tmp_path / "r.csv", headers="ru")
    from_files = nm.read_registry(tmp_path / "r.csv")
    frames = region.to_frames()
    from_frames = nm.read_registry({"schools": frames.schools, "results": frames.results,
                                    "resources": frames.resources})
    assert from_frames == from_files == region.replace(name=None)
    # typed columns (NaN for missing) are what the frames hand over: they must not be read as text
    assert frames.results["mean_score"].dtype.kind == "f" and frames.schools["latitude"].dtype.kind == "f"


def test_a_bad_value_in_a_typed_column_is_reported_as_a_python_number(region: nm.Registry) -> None:
    frames = region.to_frames()
    results = frames.results.copy()
    results.loc[7, "year"] = 1800
    results.loc[9, "mean_score"] = np.nan  # missing, not a problem
    schools = frames.schools.copy()
    schools.loc[3, "latitude"] = 95.5
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({"schools": schools, "results": results, "resources": frames.resources})
    found = {(p.table, p.column): p for p in info.value.problems}
    assert set(found) == {("results", "year"), ("schools", "latitude")}
    year, lat = found["results", "year"], found["schools", "latitude"]
    assert type(year.value) is int and year.value == 1800 and year.index == 7
    assert type(lat.value) is float and lat.value == 95.5
    assert "np." not in str(info.value)  # no np.int64(1800) in what the user reads


_NUMBERS = st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64),
                              st.integers(-10**6, 10**6).map(float)), max_size=60)


@settings(max_examples=80, deadline=None)
@given(values=_NUMBERS, share=st.booleans())
def test_numeric_arrays_parse_as_their_python_numbers(values: list[float], share: bool) -> None:
    typed = np.array(values, dtype=np.float64)
    x, bad = parse_number_array(typed, share=share)
    y, worse = parse_number_array(np.array([None if np.isnan(v) else v for v in values], dtype=object),
                                  share=share)
    np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(bad, worse)
    ints = np.array([int(v) for v in values if np.isfinite(v) and abs(v) < 2.0**63], dtype=np.int64)
    x, bad = parse_number_array(ints)
    y, worse = parse_number_array(np.array(ints.tolist(), dtype=object))
    np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(bad, worse)


@settings(max_examples=80, deadline=None)
@given(names=st.lists(st.text(alphabet="абвS01 ", min_size=1, max_size=4), min_size=1, max_size=12, unique=True),
       picks=st.lists(st.integers(-1, 11), max_size=80))
def test_sorted_codes_are_those_of_factorize_sorted(names: list[str], picks: list[int]) -> None:
    values = np.array(names, dtype=object)
    codes = np.array([p if p < len(names) else -1 for p in picks], dtype=np.int64)
    column = np.array([None if c < 0 else names[c] for c in codes], dtype=object)
    expected_codes, expected_values = pd.factorize(column, sort=True)
    found_codes, found_values = _sorted_codes(codes, values)
    used = sorted({names[c] for c in codes if c >= 0})
    # factorize lists only the values used; the sorted codes index every distinct value
    assert [found_values[c] if c >= 0 else None for c in found_codes] == column.tolist()
    assert [expected_values[c] if c >= 0 else None for c in expected_codes] == column.tolist()
    assert found_values.tolist() == sorted(names) and used == list(expected_values)
    assert not found_codes.flags.writeable


def _failing(monkeypatch: pytest.MonkeyPatch, fails: dict[str, float]) -> None:
    """``tables._read_csv`` raising an input error for the tables in ``fails``, after that many seconds."""
    read = tables._read_csv

    def fake(path: Path, table: str, *args: object) -> object:
        if table in fails:
            time.sleep(fails[table])
            raise nm.InvalidInputError([f"{table} is broken"])
        return read(path, table, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(tables, "_read_csv", fake)


@pytest.mark.parametrize(("fails", "first"), [
    ({"schools": 0.0, "results": 0.3}, "schools"),  # the schools' error, while the results are still read
    ({"results": 0.3, "resources": 0.0}, "results"),  # the results' error first, as the files are read in turn
    ({"resources": 0.0}, "resources"),
    ({"results": 0.0}, "results"),
])
def test_the_first_file_in_turn_gives_its_error_whichever_thread_read_it(
        region: nm.Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: dict[str, float],
        first: str) -> None:
    nm.write_registry(region, tmp_path / "r.csv", headers="ru")
    _failing(monkeypatch, fails)
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(tmp_path / "r.csv")
    assert [str(p) for p in info.value.problems] == [f"{first} is broken"]


def test_the_results_are_read_on_another_thread_while_the_schools_are(
        region: nm.Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nm.write_registry(region, tmp_path / "r.csv", headers="ru")
    threads: dict[str, str] = {}
    read = tables._read_csv

    def spy(path: Path, table: str, *args: object) -> object:
        threads[table] = threading.current_thread().name
        return read(path, table, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(tables, "_read_csv", spy)
    assert nm.read_registry(tmp_path / "r.csv") == region.replace(name=None)
    assert threads["results"] != threads["schools"] == threads["resources"] == threading.current_thread().name


def test_records_built_in_bulk_do_not_share_their_set_of_fields(region: nm.Registry) -> None:
    frames = region.to_frames()
    reg = nm.read_registry({"schools": frames.schools, "results": frames.results})
    first, second = reg.schools[0], reg.schools[1]
    before = set(second.model_fields_set)
    changed = first.model_copy(update={"name": "Другая школа"})
    assert changed.name == "Другая школа" and second.model_fields_set == before
    assert first.model_fields_set == before and first.name != "Другая школа"
