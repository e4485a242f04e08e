"""The data model: parsing of values, validation, the registry's lookups and frames."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import netmatch as nm
from netmatch._base.parse import parse_number, parse_number_array
from tests.strategies import registries


def test_models_are_frozen_and_forbid_unknown_fields() -> None:
    s = nm.School(id="A", name="a")
    with pytest.raises(ValidationError):
        s.name = "b"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="extra"):
        nm.School(id="A", name="a", studnets=5)  # type: ignore[call-arg]


@pytest.mark.parametrize(("raw", "parsed"), [
    ("НОО, ООО; СОО", (nm.Phase.PRIMARY, nm.Phase.BASIC, nm.Phase.SECONDARY)),
    (["basic"], (nm.Phase.BASIC,)),
    ("", ()),
])
def test_phases_from_text(raw: object, parsed: tuple[nm.Phase, ...]) -> None:
    assert nm.School(id="A", name="a", phases=raw).phases == parsed


@pytest.mark.parametrize(("kind", "label"), [("СОШ", "secondary"), ("гимназия", "gymnasium"),
                                             ("В(С)ОШ", "evening"), ("Лицей", "lyceum")])
def test_kinds_from_russian(kind: str, label: str) -> None:
    assert nm.School(id="A", name="a", kind=kind).kind == label


def test_missing_values_stay_missing() -> None:
    s = nm.School(id="A", name="a", students="", shifts=None, share_disabled=float("nan"))
    assert (s.students, s.shifts, s.share_disabled) == (None, None, None)


def test_ids_typed_as_numbers() -> None:
    assert nm.School(id=1001.0, name="a").id == "1001"
    assert nm.School(id=7, name="a").id == "7"


def test_vacancies_from_text() -> None:
    s = nm.School(id="A", name="a", vacancies="математика: 1; физика 2; химия")
    assert s.vacancies == {"математика": 1, "физика": 2, "химия": 1}


@pytest.mark.parametrize(("value", "kw", "expected"), [
    ("4,5", {}, 4.5), ("1 234", {"integer": True}, 1234), ("35%", {"share": True}, 0.35),
    (" 7 ", {"integer": True}, 7), ("1e3", {}, 1000.0), (3, {}, 3.0),
])
def test_parse_number(value: object, kw: dict[str, bool], expected: float) -> None:
    assert parse_number(value, **kw) == expected


@pytest.mark.parametrize(("value", "kw"), [("abc", {}), ("2.5", {"integer": True}), ("35%", {}),
                                           (True, {}), ("inf", {}), ("1,2,3", {})])
def test_parse_number_rejects(value: object, kw: dict[str, bool]) -> None:
    with pytest.raises(ValueError):
        parse_number(value, **kw)


@settings(max_examples=50)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32),
                          st.sampled_from(["", "x", "1,5", "12%", "—", "7"]))))
def test_vectorised_parse_agrees_with_scalar(values: list[object]) -> None:
    x, bad = parse_number_array(values, share=True)
    for v, got, is_bad in zip(values, x, bad, strict=True):
        if v is None or v == "":
            assert np.isnan(got) and not is_bad
            continue
        try:
            want = parse_number(v, share=True)
        except ValueError:
            assert is_bad
        else:
            assert not is_bad and got == pytest.approx(want)


def test_result_table_behaves_like_a_sequence_of_results() -> None:
    rows = [nm.Result(school="A", year=2023, procedure="ЕГЭ", subject="Химия", mean_score=60),
            nm.Result(school="A", year=2024, procedure="ОГЭ", grade=9, subject="химия", participants=12)]
    table = nm.ResultTable.from_results(rows)
    assert len(table) == 2 and list(table) == [rows[0], rows[1]]
    assert table[-1].grade == 9 and table[1:][0] == rows[1]
    assert not table.year.flags.writeable
    assert table == nm.ResultTable.from_columns(table.columns())


def test_result_table_reports_every_bad_value() -> None:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.ResultTable.from_columns({"school": ["A", "", "C"], "year": [2023, None, 2023],
                                     "procedure": ["ЕГЭ", "ЕГЭ", "ПЕРЕСДАЧА"], "subject": ["x", "y", "z"],
                                     "share_high": [0.1, 2, "10%"]})
    got = sorted((p.index, p.column) for p in info.value.problems)
    assert got == [(1, "school"), (1, "share_high"), (1, "year"), (2, "procedure")]


def test_registry_lookups_and_errors() -> None:
    reg = nm.Registry(
        schools=[nm.School(id="A", name="a"), nm.School(id="B", name="b", partners=["A"])],
        results=[nm.Result(school="B", year=2024, procedure="ВПР", grade=4, subject="математика")],
        resources=[nm.Resource(id="R", host="A", kind="библиотека")], name="Тест")
    assert reg.ids == ("A", "B") and "B" in reg and "Z" not in reg
    assert len(reg.results_of("B")) == 1 and len(reg.results_of("A")) == 0
    assert reg.resources_of("A")[0].kind is nm.ResourceKind.LIBRARY
    with pytest.raises(KeyError, match="'Z'"):
        reg.school("Z")
    assert repr(reg) == "<Registry 'Тест': 2 schools; results 1, resources 1, years 2024>"
    assert str(reg) == repr(reg)


def test_registry_is_a_result_like_the_others() -> None:
    reg = nm.datasets.load_demo()
    with pytest.raises(ValidationError):
        reg.name = "x"  # type: ignore[misc]
    # a short repr, whatever the size of the registry
    big = nm.datasets.make_region(300, seed=1)
    long = nm.Registry(schools=[nm.School(id="A", name="a")], name="x" * 400)
    for r in (reg, big, long):
        assert repr(r).startswith("<Registry") and len(repr(r)) < 300
    assert repr(long).endswith("...': 1 schools; results 0, resources 0>")  # a long name is cut, not the figures
    assert "18 schools" in repr(reg) and "results 973" in repr(reg)
    # to_frame: one row per school, the school fields; to_frames keeps all three tables
    frame = reg.to_frame()
    assert list(frame.columns) == list(nm.School.model_fields) and list(frame["id"]) == list(reg.ids)
    assert frame.equals(reg.to_frames().schools)


def test_registry_kpis() -> None:
    from netmatch._base.results import Indicators
    from netmatch._data import RegistryKpis

    reg = nm.datasets.load_demo()
    k = reg.kpis
    assert isinstance(k, RegistryKpis) and isinstance(k, Indicators)
    assert (k.schools, k.results, k.resources) == (len(reg), len(reg.results), len(reg.resources))
    assert (k.first_year, k.last_year) == (int(reg.results.year.min()), int(reg.results.year.max()))
    assert k.years == len(set(reg.results.year.tolist())) and k.procedures == 3
    assert k.students == sum(s.students or 0 for s in reg.schools)
    assert k.growth_points == sum(r.kind.value.startswith("growth_point") for r in reg.resources)
    d = k.as_dict()
    assert d["schools"] == 18 and all(isinstance(v, int) for v in d.values())
    table = k.to_frame()
    assert list(table.columns) == ["indicator", "value"] and list(table["indicator"]) == list(d)
    empty = nm.Registry(schools=[nm.School(id="A", name="a")]).kpis
    assert (empty.results, empty.years, empty.first_year, empty.last_year) == (0, 0, None, None)
    assert repr(nm.Registry(schools=[nm.School(id="A", name="a")])) == "<Registry: 1 schools; results 0, resources 0>"


def test_registry_collects_problems_from_every_table() -> None:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.Registry(schools=[{"id": "A", "name": "a", "shifts": 9}, {"id": "A", "name": "b"}],
                    results=[{"school": "Q", "year": 2023, "procedure": "ЕГЭ", "subject": "x"}],
                    resources=[{"id": "R", "host": "A", "kind": "телескоп"}])
    tables = sorted(p.table for p in info.value.problems)
    assert tables == ["resources", "results", "schools", "schools"]


def test_self_partnership_is_an_error() -> None:
    with pytest.raises(ValidationError, match="lists itself"):
        nm.School(id="A", name="a", partners="A")


@settings(max_examples=20)
@given(reg=registries())
def test_frames_have_one_row_per_record(reg: nm.Registry) -> None:
    frames = reg.to_frames()
    assert len(frames.schools) == len(reg.schools)
    assert len(frames.results) == len(reg.results)
    assert len(frames.resources) == len(reg.resources)
    assert list(frames.schools["id"]) == list(reg.ids)
    # the frames hold everything needed to build the registry again
    again = nm.Registry(schools=frames.schools.to_dict("records"),
                        results={c: frames.results[c].tolist() for c in frames.results},
                        resources=frames.resources.to_dict("records"))
    assert again == reg


def test_exception_hierarchy() -> None:
    assert issubclass(nm.InvalidInputError, nm.NetmatchError)
    assert issubclass(nm.InvalidInputError, ValueError)
    assert issubclass(nm.InfeasibleError, nm.NetmatchError)
