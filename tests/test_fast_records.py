"""The column-wise record validation (``columnwise._construct_valid``) against the per-record pydantic path.

Every registry, record and error message must come out exactly as validating each record on its
own gives it: the fast path only builds the records that pass, and leaves every other record to
pydantic. Each test runs both paths on the same input and compares everything a user can see.
"""

from __future__ import annotations

import contextlib
import enum
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import model_validator

import netmatch as nm
from netmatch._data import columnwise
from netmatch._data.models import Resource, School, _Model
from tests.strategies import registries

# Values that break one field or another, or sit on an edge of validation (-0.0, NaN, blanks, 150%).
_ODD: list[Any] = ["abc", "-1", "4", "1,5", "150%", "35%", "", "  ", None, math.nan, -0.0, 0.0, 1e9, True,
                   "0", "да", "нет", "село", "СОШ", "ЕГЭ", "2015/16", "12 000", "математика: x", 7, 2.5,
                   "НОО, ООО", "психолог; логопед", "S1", "-0,0"]


@contextlib.contextmanager
def _slow() -> Iterator[None]:
    """Every record validated on its own by pydantic, as before the fast path."""
    with mock.patch.object(columnwise, "_construct_valid", lambda kind, items: [None] * len(items)):
        yield


def _same_model(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    if a is None:
        return
    assert a == b
    assert repr(a) == repr(b)  # catches -0.0 against 0.0 and int against float
    assert list(a.__dict__) == list(b.__dict__)
    assert [type(v) for v in a.__dict__.values()] == [type(v) for v in b.__dict__.values()]
    assert a.model_fields_set == b.model_fields_set
    assert a.model_dump() == b.model_dump()


def _compare(kind: type[_Model], table: str, items: list[Any]) -> list[Any]:
    fast, fast_problems = columnwise.validate_each(kind, table, items)
    with _slow():
        slow, slow_problems = columnwise.validate_each(kind, table, items)
    assert len(fast) == len(slow) == len(items)
    for a, b in zip(fast, slow, strict=True):
        _same_model(a, b)
    assert fast_problems == slow_problems
    assert [str(p) for p in fast_problems] == [str(p) for p in slow_problems]
    return fast


def _cell(value: Any, draw: st.DrawFn) -> Any:
    """A model's value written as a registry cell: labels, lists in one cell, decimal commas, да/нет."""
    if isinstance(value, enum.Enum):
        return draw(st.sampled_from([value.value, getattr(value, "label_ru", value.value)]))
    if isinstance(value, tuple):
        return "; ".join(str(_cell(v, draw)) for v in value) if value else draw(st.sampled_from(["", None]))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or None
    if isinstance(value, bool):
        return draw(st.sampled_from([value, "да" if value else "нет", int(value)]))
    if isinstance(value, float):
        return draw(st.sampled_from([value, str(value).replace(".", ","), repr(value)]))
    if isinstance(value, int):
        return draw(st.sampled_from([value, str(value), float(value)]))
    return value


@st.composite
def _raw(draw: st.DrawFn, models: list[Any]) -> list[Any]:
    """Records as a reader hands them over, some cells replaced by odd values, some keys dropped or added."""
    out: list[Any] = []
    for m in models:
        rec = {k: _cell(v, draw) for k, v in m.model_dump().items() if draw(st.integers(0, 9))}
        for _ in range(draw(st.integers(0, 2))):
            field = draw(st.sampled_from(sorted(type(m).model_fields)))
            rec[field] = draw(st.sampled_from(_ODD))
        if draw(st.integers(0, 19)) == 0:
            rec["no_such_field"] = "x"
        out.append(m if draw(st.integers(0, 9)) == 0 else rec)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), reg=registries(max_schools=8))
def test_generated_records_fast_equals_slow(data: st.DataObject, reg: nm.Registry) -> None:
    schools = data.draw(_raw(list(reg.schools)))
    resources = data.draw(_raw(list(reg.resources)))
    _compare(School, "schools", schools)
    _compare(Resource, "resources", resources)


@settings(max_examples=30, deadline=None)
@given(reg=registries(max_schools=8))
def test_valid_registries_built_fast_are_equal(reg: nm.Registry) -> None:
    """Clean records all take the fast path and give the registry itself back."""
    frames = [s.model_dump() for s in reg.schools]
    assert all(m is not None for m in columnwise._construct_valid(School, frames))  # the fast path built them all
    built = _compare(School, "schools", frames)
    assert tuple(built) == reg.schools
    again = nm.Registry(schools=frames, results=reg.results,
                        resources=[r.model_dump() for r in reg.resources])
    assert again == reg


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), reg=registries(max_schools=8))
def test_read_registry_fast_equals_slow(tmp_path: Path, data: st.DataObject, reg: nm.Registry) -> None:
    """Through CSV files: the same registry, or the same error word for word."""
    rows = data.draw(_raw(list(reg.schools)))
    rows = [r.model_dump() if isinstance(r, School) else r for r in rows]
    path = tmp_path / f"r{abs(hash(str(rows))) % 10**9}.csv"
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    outcomes = []
    for slow in (False, True):
        with _slow() if slow else contextlib.nullcontext():
            try:
                outcomes.append(("ok", nm.read_registry(path, unknown="ignore")))
            except nm.InvalidInputError as exc:
                outcomes.append(("error", str(exc)))
    assert outcomes[0] == outcomes[1]
    if outcomes[0][0] == "ok":
        for a, b in zip(outcomes[0][1].schools, outcomes[1][1].schools, strict=True):
            _same_model(a, b)


def test_region_read_fast_equals_slow(tmp_path: Path) -> None:
    reg = nm.datasets.make_region(300, seed=3)
    path = nm.write_registry(reg, tmp_path / "region.csv", headers="ru")[0]
    fast = nm.read_registry(path)
    with _slow():
        slow = nm.read_registry(path)
    assert fast == slow
    assert (fast.schools, fast.results, fast.resources) == (reg.schools, reg.results, reg.resources)
    for a, b in zip(fast.schools + fast.resources, slow.schools + slow.resources, strict=True):
        _same_model(a, b)


def test_bad_rows_keep_their_messages() -> None:
    good = {"id": "A", "name": "Школа", "shifts": "2", "students": "412", "vacancies": "физика: 1"}
    items: list[Any] = [good, {**good, "id": "B", "shifts": "4"}, {**good, "id": "C", "latitude": "52,1"},
                        {**good, "id": "D", "share_highest_category": "60%", "share_first_category": "0,5"},
                        {**good, "id": "E", "partners": "E"}, {"name": "без кода"}, {**good, "id": "F", "x": 1},
                        {**good, "id": "G", "social_wellbeing_index": "inf"}, "not a record"]
    out = _compare(School, "schools", items)
    assert out[0] is not None and out[0].vacancies == {"физика": 1}
    assert [o is None for o in out] == [False] + [True] * 8


def test_records_do_not_share_mutable_values() -> None:
    items = [{"id": f"S{i}", "name": "x", "vacancies": "физика: 1"} for i in range(100)]
    out = _compare(School, "schools", items)
    out[0].vacancies["химия"] = 2
    assert out[1].vacancies == {"физика": 1}


def test_many_rows_with_a_few_problems() -> None:
    """Long columns go through the distinct-value path; the problems are found row by row all the same."""
    items: list[Any] = [{"id": f"S{i}", "name": f"Школа {i % 7}", "shifts": str(1 + i % 3), "students": i % 50,
                         "latitude": None if i % 5 else 50 + i / 1000, "longitude": None if i % 5 else 90.5,
                         "kind": ["СОШ", "лицей", None, "ООШ"][i % 4], "internet_mbps": "1,5"}
                        for i in range(400)]
    items[17]["shifts"] = "5"
    items[33]["kind"] = "академия"
    items[50]["latitude"] = math.nan
    items[51]["longitude"] = "x"
    items[90]["students"] = -0.0
    out = _compare(School, "schools", items)
    assert sum(o is None for o in out) == 4
    assert sum(o is not None for o in columnwise._construct_valid(School, items)) == 396


def test_unreplayable_models_stay_on_the_pydantic_path() -> None:
    class Before(_Model):
        a: int

        @model_validator(mode="before")
        @classmethod
        def _swap(cls, data: Any) -> Any:
            return data

    assert columnwise._plan(Before) is None
    assert columnwise._construct_valid(Before, [{"a": 1}]) == [None]
    assert columnwise._plan(School) is not None and columnwise._plan(Resource) is not None


@pytest.mark.parametrize("value", [0.0, -0.0, math.nan, None])
def test_zero_signs_and_nan_are_not_confused(value: float | None) -> None:
    items = [{"id": f"S{i}", "name": "x", "mentor_hours": v, "social_wellbeing_index": v}
             for i, v in enumerate([0.0, -0.0, value, "0", "-0,0"] * 20)]
    _compare(School, "schools", items)
