"""The bundled demo district and synthetic regions: their designed properties, measured from the data."""

from __future__ import annotations

import csv
import io
import runpy
from collections import Counter
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._data.headers import RU_HEADERS
from netmatch.datasets import DEMO_NAME, load_demo, make_region

ROOT = Path(__file__).resolve().parents[1]
YEARS = {2023, 2024, 2025}
DEMO_LOW = {"S09", "S12", "S16"}


@pytest.fixture(scope="module")
def demo() -> nm.Registry:
    return load_demo()


@pytest.fixture(scope="module")
def region() -> nm.Registry:
    return make_region(1500, seed=0)


def distances_km(reg: nm.Registry) -> np.ndarray:
    """Pairwise great-circle distances between schools, km."""
    lat = np.radians([s.latitude for s in reg.schools])
    lon = np.radians([s.longitude for s in reg.schools])
    a = (np.sin((lat[:, None] - lat) / 2) ** 2
         + np.cos(lat[:, None]) * np.cos(lat) * np.sin((lon[:, None] - lon) / 2) ** 2)
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def share_below(reg: nm.Registry, by: list[str]) -> pd.Series:
    """Share of participants below the minimum, pooled over subjects, grades and (unless in ``by``) years."""
    res = reg.to_frames().results
    res["below"] = res["share_below_minimum"] * res["participants"]
    pooled = res.groupby(["school", *by])[["below", "participants"]].sum()
    return pooled["below"] / pooled["participants"]


def low_by_data(reg: nm.Registry, by_year: bool = False) -> set[str]:
    """Schools with 30% or more below the minimum in two or more procedures (every year, if ``by_year``)."""
    share = share_below(reg, ["year", "procedure"] if by_year else ["procedure"])
    hits = (share >= 0.3).groupby(level=["school", "year"] if by_year else ["school"]).sum() >= 2
    if by_year:
        hits = hits.groupby(level="school").agg(lambda h: bool(h.all()) and len(h) == len(YEARS))
    return set(hits[hits].index)


def mean_z(reg: nm.Registry) -> pd.DataFrame:
    """Each school's mean z-score of mean results (within procedure, year, grade, subject), by year."""
    res = reg.to_frames().results
    group = res.groupby(["procedure", "year", "grade", "subject"])["mean_score"]
    res["z"] = (res["mean_score"] - group.transform("mean")) / group.transform("std")
    return res.groupby(["school", "year"])["z"].mean().unstack()


# --- the demo district ------------------------------------------------------------------------


def test_demo_is_the_named_district_with_18_schools_of_each_kind(demo: nm.Registry) -> None:
    assert demo.name == DEMO_NAME and len(demo) == 18
    kinds = Counter(s.kind for s in demo.schools)
    assert kinds == {nm.SchoolKind.SECONDARY: 12, nm.SchoolKind.GYMNASIUM: 1, nm.SchoolKind.BASIC: 3,
                     nm.SchoolKind.PRIMARY: 1, nm.SchoolKind.EVENING: 1}
    secondary_level = [s for s in demo.schools
                       if nm.Phase.SECONDARY in s.phases and s.kind is not nm.SchoolKind.EVENING]
    assert len(secondary_level) == 13
    assert {s.municipality for s in demo.schools} == {DEMO_NAME}


def test_demo_files_are_russian_utf8_csv() -> None:
    folder = files("netmatch") / "data" / "demo"
    text = {}
    for table in ("schools", "results", "resources"):
        raw = (folder / f"{table}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        text[table] = raw.decode("utf-8")
        header = next(csv.reader(io.StringIO(text[table])))
        assert set(header) <= set(RU_HEADERS[table].values()), header
    assert ",да," in text["schools"] and ",нет," in text["schools"]
    assert '"НОО, ООО, СОО"' in text["schools"] and ",СОШ," in text["schools"] and ",село," in text["schools"]
    assert ",ЕГЭ," in text["results"] and "«Точка роста»" in text["resources"]


def test_demo_files_are_rebuilt_byte_for_byte() -> None:
    script = ROOT / "scripts" / "build_demo.py"
    if not script.exists():
        pytest.skip("scripts/build_demo.py is in the source tree only")
    built = runpy.run_path(str(script))["build"]()
    folder = files("netmatch") / "data" / "demo"
    for name, text in built.items():
        assert (folder / name).read_bytes() == text.encode("utf-8"), name


def test_demo_has_three_years_of_each_procedure(demo: nm.Registry) -> None:
    res = demo.to_frames().results
    for proc in ("ege", "oge", "vpr"):
        assert set(res.loc[res["procedure"] == proc, "year"]) == YEARS
    kinds = {s.id: s for s in demo.schools}
    for row in res.itertuples():
        school = kinds[row.school]
        assert row.participants <= school.students
        if row.procedure == "ege":
            assert row.grade == 11 and nm.Phase.SECONDARY in school.phases
        elif row.procedure == "oge":
            assert row.grade == 9 and nm.Phase.BASIC in school.phases
        else:
            assert school.kind is not nm.SchoolKind.EVENING
            assert (nm.Phase.PRIMARY if row.grade == 4 else nm.Phase.BASIC) in school.phases
    vpr4 = set(res.loc[(res["procedure"] == "vpr") & (res["grade"] == 4), "school"])
    assert vpr4 == {s.id for s in demo.schools if nm.Phase.PRIMARY in s.phases}
    evening = res[res["school"] == "S04"]
    assert set(evening["procedure"]) == {"ege", "oge"}
    assert set(evening.loc[evening["procedure"] == "ege", "year"]) < YEARS
    assert (res["share_below_minimum"] + res["share_high"] <= 1).all()


def test_demo_has_exactly_three_clear_low_results_schools(demo: nm.Registry) -> None:
    assert {s.id for s in demo.schools if s.declared_low_results} == DEMO_LOW
    assert {s.id for s in demo.schools if s.program_500plus} == DEMO_LOW
    assert low_by_data(demo, by_year=True) == DEMO_LOW
    res = demo.to_frames().results
    low = res["school"].isin(DEMO_LOW)
    assert res.loc[low & (res["procedure"] != "ege"), "share_below_minimum"].min() >= 0.3
    assert res.loc[~low, "share_below_minimum"].max() <= 0.15
    # Their mean results are the lowest of the district in every procedure, year, grade and subject.
    for _, group in res.groupby(["procedure", "year", "grade", "subject"]):
        lo, others = group.loc[group["school"].isin(DEMO_LOW), "mean_score"], group.loc[
            ~group["school"].isin(DEMO_LOW), "mean_score"]
        if len(lo) and len(others):
            assert lo.max() < others.min()


def test_demo_unfavourable_schools_one_low_one_resilient(demo: nm.Registry) -> None:
    poor = {s.id for s in demo.schools if s.social_wellbeing_index <= -1.0}
    assert poor == {"S08", "S09", "S17"}
    assert poor & DEMO_LOW == {"S09"}
    rest = [s for s in demo.schools if s.id not in poor]
    for s in (demo.school(i) for i in poor):
        assert s.share_single_parent >= 0.35 and s.share_registered >= 0.05
        assert s.share_single_parent > max(r.share_single_parent for r in rest if r.kind.value != "evening")
    assert all(-1.5 <= s.social_wellbeing_index <= 1.5 for s in demo.schools)
    z = mean_z(demo)
    assert (z.loc["S08"] > 0.3).all()  # resilient: poor context, results above the district's mean
    assert "хакасский" in demo.school("S08").languages


def test_demo_leaders_are_clear(demo: nm.Registry) -> None:
    leaders = {s.id for s in demo.schools if s.leader_capacity}
    assert leaders == {"S01", "S03", "S05", "S10"}
    for s in (demo.school(i) for i in leaders):
        assert 2 <= s.leader_capacity <= 3 and s.mentor_hours
        assert s.share_highest_category >= 0.35 and len(s.specialists) >= 3
    z = mean_z(demo)
    for year in YEARS:
        assert set(z[year].nlargest(4).index) == leaders
    for s in demo.schools:
        if s.id not in leaders:
            assert s.share_highest_category < 0.3


def test_demo_resources_and_candidate_sites(demo: nm.Registry) -> None:
    growth = [r for r in demo.resources
              if r.kind in (nm.ResourceKind.GROWTH_POINT_SCIENCE, nm.ResourceKind.GROWTH_POINT_DIGITAL)]
    assert sorted((r.host, r.kind.value) for r in growth) == [("S05", "growth_point_science"),
                                                              ("S06", "growth_point_digital")]
    assert all(r.seats and r.hours_per_week and r.profiles for r in demo.resources)
    assert {r.kind for r in demo.resources} >= {nm.ResourceKind.IT_CUBE, nm.ResourceKind.LIBRARY,
                                                nm.ResourceKind.SPORTS_HALL, nm.ResourceKind.COMPUTER_CLASS}
    candidates = {s.id for s in demo.schools if s.centre_candidate}
    assert len(candidates) == 7 and not candidates & {r.host for r in growth}


def test_demo_shifts_capacity_and_partners(demo: nm.Registry) -> None:
    assert {s.shifts for s in demo.schools} == {1, 2, 3}
    crowded = [s for s in demo.schools if s.students / s.design_capacity >= 1.5]
    assert [s.id for s in crowded] == ["S02"]
    assert crowded[0].shifts >= 2 and crowded[0].settlement_type is nm.SettlementType.URBAN
    pairs = {(s.id, p) for s in demo.schools for p in s.partners}
    assert pairs == {(b, a) for a, b in pairs} and len(pairs) == 4


def test_demo_distances(demo: nm.Registry) -> None:
    d = distances_km(demo)
    same_town = np.array([[a.settlement == b.settlement for b in demo.schools] for a in demo.schools])
    assert d[~same_town].min() >= 5.0
    assert d.max() <= 70.0
    centre = [s for s in demo.schools if s.settlement_type is nm.SettlementType.URBAN]
    assert len({s.settlement for s in centre}) == 1 and len(centre) == 4


# --- synthetic regions ------------------------------------------------------------------------


def test_make_region_is_deterministic() -> None:
    a, b = make_region(300, seed=5), make_region(300, seed=5)
    assert a == b and a.results == b.results and a.name == b.name
    c = make_region(300, seed=6)
    assert c != a and [s.latitude for s in c.schools] != [s.latitude for s in a.schools]
    assert make_region(300, seed=5, name="Область") == a.replace(name="Область")


@pytest.mark.parametrize("n", [1, 2, 3, 17, 250])
def test_make_region_sizes_and_ids(n: int) -> None:
    reg = make_region(n, seed=n)
    assert len(reg) == n
    assert [s.id for s in reg.schools] == [f"R{i:06d}" for i in range(1, n + 1)]


@pytest.mark.parametrize("bad", [{"n_schools": 0}, {"n_schools": -3}, {"n_schools": 2.5},
                                 {"n_schools": True}, {"n_schools": "10"}, {"n_schools": 5, "seed": -1},
                                 {"n_schools": 5, "seed": 1.5}, {"n_schools": 5, "name": 7}])
def test_make_region_rejects_bad_parameters(bad: dict[str, object]) -> None:
    with pytest.raises(nm.InvalidInputError, match="parameter of make_region must be"):
        make_region(**bad)  # type: ignore[arg-type]


def test_make_region_low_results_share_and_persistence(region: nm.Registry) -> None:
    low = low_by_data(region)
    assert 0.07 <= len(low) / len(region) <= 0.13
    persistent = low_by_data(region, by_year=True)
    assert len(persistent) >= 0.75 * len(low)
    declared = {s.id for s in region.schools if s.declared_low_results}
    assert len(declared & low) >= 0.8 * len(declared)
    # low results go with poor social context
    isbsh = {s.id: s.social_wellbeing_index for s in region.schools}
    assert np.mean([isbsh[i] for i in low]) < np.mean([v for i, v in isbsh.items() if i not in low]) - 0.3


def test_make_region_results_follow_context(region: nm.Registry) -> None:
    z = mean_z(region).mean(axis=1)
    frame = region.to_frames().schools.set_index("id").join(z.rename("z"), how="inner")
    assert frame["z"].corr(frame["social_wellbeing_index"]) > 0.35
    for share in ("share_single_parent", "share_registered", "share_disabled"):
        assert frame["z"].corr(frame[share]) < -0.1
    strong = frame[frame["leader_capacity"].notna()]
    assert 0.05 <= len(strong) / len(frame) <= 0.1 and strong["z"].mean() > frame["z"].quantile(0.8)


def test_make_region_mix_of_schools_and_resources(region: nm.Registry) -> None:
    s = region.to_frames().schools
    urban = s["settlement_type"] == "urban"
    kinds = s["kind"].value_counts(normalize=True)
    assert kinds["secondary"] > 0.5 and 0.005 < kinds["evening"] < 0.06
    assert kinds["basic"] > 0.05 and kinds["primary"] > 0.03
    assert urban[s["kind"].isin(["gymnasium", "lyceum"])].all()
    assert set(s["shifts"]) == {1, 2, 3}
    assert urban[s["shifts"] > 1].mean() > 0.8
    assert 0.5 < (~urban).mean() < 0.7
    hosts: dict[str, set[str]] = {}
    for r in region.resources:
        hosts.setdefault(r.kind.value, set()).add(r.host)
    growth = hosts["growth_point_science"] | hosts["growth_point_digital"]
    rural_main = set(s.loc[~urban & s["kind"].isin(["secondary", "basic"]), "id"])
    assert len(growth & rural_main) >= 0.3 * len(rural_main)
    town = set(s.loc[urban, "id"])
    assert hosts["it_cube"] <= town and hosts["quantorium"] <= town
    assert {"library", "sports_hall", "computer_class"} <= set(hosts)
    candidates = set(s.loc[s["centre_candidate"], "id"])
    assert 0.03 <= len(candidates) / len(s) <= 0.07 and not candidates & growth
    assert s["latitude"].between(41, 78).all() and s["longitude"].between(19, 180).all()


def test_make_region_values_are_exactly_what_validation_produces() -> None:
    reg = make_region(200, seed=11)
    for model, items in ((nm.School, reg.schools), (nm.Resource, reg.resources)):
        for item in items:
            again = model.model_validate(item.model_dump())
            assert again == item
            for field in model.model_fields:
                assert type(getattr(again, field)) is type(getattr(item, field)), (item.id, field)
    assert nm.ResultTable.from_columns(reg.results.columns()) == reg.results
    again = nm.Registry(schools=reg.schools, results=reg.results, resources=reg.resources, name=reg.name)
    assert again == reg


@settings(max_examples=30)
@given(n=st.integers(1, 300), seed=st.integers(0, 2**32 - 1))
def test_make_region_is_valid_for_any_size_and_seed(n: int, seed: int) -> None:
    reg = make_region(n, seed=seed)
    assert len(reg) == n and len(set(reg.ids)) == n
    by_id = {s.id: s for s in reg.schools}
    for s in reg.schools:
        assert nm.School.model_validate(s.model_dump()) == s
        assert all(s.id in by_id[p].partners for p in s.partners)
        assert s.kind is not None and s.phases and s.students >= 1 and s.shifts in (1, 2, 3)
    res = reg.results
    assert set(res.school) <= set(by_id) and set(res.year.tolist()) <= YEARS
    assert (res.participants >= 1).all()
    for c in ("share_below_minimum", "share_high"):
        assert ((getattr(res, c) >= 0) & (getattr(res, c) <= 1)).all()
    assert (res.share_below_minimum + res.share_high <= 1 + 1e-9).all()
    ege = res.procedure == "ege"
    assert (res.mean_score[ege] <= 100).all()
    assert ((res.mean_score[~ege] >= 2) & (res.mean_score[~ege] <= 5)).all()
    for school, proc, grade in zip(res.school, res.procedure, res.grade, strict=True):
        phases = by_id[school].phases
        needed = {"ege": nm.Phase.SECONDARY, "oge": nm.Phase.BASIC}.get(
            proc, nm.Phase.PRIMARY if grade == 4 else nm.Phase.BASIC)
        assert needed in phases
    assert all(r.host in by_id for r in reg.resources)
    assert len({r.id for r in reg.resources}) == len(reg.resources)
