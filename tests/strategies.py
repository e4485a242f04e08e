"""Hypothesis strategies that build valid registries (shared by the test modules)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import netmatch as nm
from netmatch._data import DEFAULT_NA_VALUES
from netmatch._data.ids import normal_id, skeleton

# Printable text without separators used inside list cells, without surrounding blanks,
# and never one of the "missing" markers (a school called "NA" cannot survive a CSV).
_WORD = st.text(
    alphabet=st.sampled_from("абвгдежзиклмнопрстуфхцчшыэюяАБВГДЕЖЗКЛМНОПРСТabcdefXYZ0123456789 -«»\"'=+@№."),
    min_size=1, max_size=14,
).map(str.strip).filter(lambda s: bool(s) and s.casefold() not in DEFAULT_NA_VALUES)
_ITEM = _WORD.map(lambda s: s.replace(";", "").replace(",", "")).filter(bool)
_SUBJECT = st.sampled_from(["русский язык", "математика", "физика", "химия", "биология",
                            "математика профильная", "окружающий мир", "обществознание"])


def _excel(x: float) -> float:
    """Excel keeps 15 significant digits; registries that went through Excel hold no more."""
    return float(f"{x:.15g}")


_SHARE = st.floats(0, 1, allow_nan=False).map(_excel)
_FINITE = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(_excel)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def schools(draw: st.DrawFn, ids: list[str]) -> list[nm.School]:
    out = []
    for sid in ids:
        has_xy = draw(st.booleans())
        hi = draw(_maybe(_SHARE))
        room = 1 - (hi or 0)
        first = draw(_maybe(st.floats(0, room, allow_nan=False).map(_excel).filter(lambda f, r=room: f <= r)))
        partners = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)) if len(ids) > 1 else []
        out.append(nm.School(
            id=sid,
            name=draw(_WORD),
            municipality=draw(_maybe(_WORD)),
            settlement=draw(_maybe(_WORD)),
            settlement_type=draw(_maybe(st.sampled_from(list(nm.SettlementType)))),
            latitude=draw(st.floats(-90, 90).map(_excel)) if has_xy else None,
            longitude=draw(st.floats(-180, 180).map(_excel)) if has_xy else None,
            phases=draw(st.lists(st.sampled_from(list(nm.Phase)), unique=True, max_size=3)),
            kind=draw(_maybe(st.sampled_from(list(nm.SchoolKind)))),
            students=draw(_maybe(st.integers(0, 5000))),
            design_capacity=draw(_maybe(st.integers(0, 5000))),
            shifts=draw(_maybe(st.integers(1, 3))),
            teachers=draw(_maybe(st.integers(0, 300))),
            share_highest_category=hi,
            share_first_category=first,
            vacancies=draw(st.dictionaries(_ITEM.map(lambda s: s.replace(":", "")).filter(bool),
                                           st.integers(0, 5), max_size=2)),
            specialists=draw(st.lists(st.sampled_from(list(nm.Specialist)), unique=True, max_size=4)),
            languages=draw(st.lists(_ITEM, max_size=2)),
            internet_mbps=draw(_maybe(st.floats(0, 1000).map(_excel))),
            social_wellbeing_index=draw(_maybe(_FINITE)),
            share_single_parent=draw(_maybe(_SHARE)),
            share_registered=draw(_maybe(_SHARE)),
            share_non_native=draw(_maybe(_SHARE)),
            share_disabled=draw(_maybe(_SHARE)),
            declared_low_results=draw(_maybe(st.booleans())),
            declared_unfavourable=draw(_maybe(st.booleans())),
            declared_leader=draw(_maybe(st.booleans())),
            program_500plus=draw(_maybe(st.booleans())),
            partners=[p for p in partners if p != sid],
            leader_capacity=draw(_maybe(st.integers(0, 10))),
            mentor_hours=draw(_maybe(st.floats(0, 40).map(_excel))),
            centre_candidate=draw(_maybe(st.booleans())),
        ))
    return out


@st.composite
def registries(draw: st.DrawFn, max_schools: int = 6) -> nm.Registry:
    """A valid registry with a few schools, results and resources."""
    n = draw(st.integers(1, max_schools))
    # unique also by look: two codes alike but for Cyrillic/Latin letters or O and zero are an input error
    ids = draw(st.lists(_ITEM.map(lambda s: s.replace(" ", "_")), min_size=n, max_size=n,
                        unique_by=lambda s: skeleton(normal_id(s))))
    keys = draw(st.lists(
        st.tuples(st.sampled_from(ids), st.integers(2019, 2025), st.sampled_from(list(nm.Procedure)),
                  _maybe(st.integers(4, 11)), _SUBJECT),
        max_size=12, unique=True))
    results = [
        nm.Result(school=s, year=y, procedure=p, grade=g, subject=subj,
                  participants=draw(_maybe(st.integers(0, 200))),
                  mean_score=draw(_maybe(st.floats(0, 100).map(_excel))),
                  mean_percent=draw(_maybe(st.floats(0, 100).map(_excel))),
                  share_below_minimum=draw(_maybe(_SHARE)), share_high=draw(_maybe(_SHARE)),
                  share_quality=draw(_maybe(_SHARE)))
        for s, y, p, g, subj in keys
    ]
    rids = draw(st.lists(_ITEM.map(lambda s: "R" + s.replace(" ", "_")), max_size=3, unique=True))
    resources = [
        nm.Resource(id=r, host=draw(st.sampled_from(ids)), kind=draw(st.sampled_from(list(nm.ResourceKind))),
                    name=draw(_maybe(_WORD)), seats=draw(_maybe(st.integers(0, 60))),
                    hours_per_week=draw(_maybe(st.floats(0, 168).map(_excel))),
                    profiles=draw(st.lists(_ITEM, max_size=3)), remote=draw(st.booleans()))
        for r in rids
    ]
    return nm.Registry(schools=draw(schools(ids)), results=results, resources=resources)


@st.composite
def districts(draw: st.DrawFn, max_side: int = 6) -> tuple[nm.Registry, dict[str, Any]]:
    """A small district for pairing: some leaders, some ШНОР, random places, capacities and limits.

    Returns the registry (statuses declared) and the constraints to build its graph with.
    """
    n_lead = draw(st.integers(1, max_side))
    n_part = draw(st.integers(1, max_side))
    rows: list[dict[str, Any]] = []
    for i in range(n_lead):
        rows.append({"id": f"L{i}", "name": f"Лидер {i}", "declared_leader": True,
                     "leader_capacity": draw(st.integers(0, 3)),
                     "latitude": draw(st.floats(52.0, 52.5)), "longitude": draw(st.floats(91.0, 91.6))})
    for i in range(n_part):
        located = draw(st.booleans()) or i == 0
        rows.append({"id": f"P{i}", "name": f"Школа {i}", "declared_low_results": True,
                     "latitude": draw(st.floats(52.0, 52.5)) if located else None,
                     "longitude": draw(st.floats(91.0, 91.6)) if located else None})
    constraints = {"max_km": draw(st.floats(5, 60)), "beyond_limit": draw(st.sampled_from(["remote", "forbid"])),
                   "remote_candidates": draw(st.integers(0, 2)), "max_partners": draw(st.integers(1, 2))}
    return nm.Registry(schools=rows), constraints
