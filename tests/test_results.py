"""Every result object behaves alike: immutable, to_frame(), typed kpis with as_dict()/to_frame(), a short repr."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import pandas as pd
import pytest

import netmatch as nm
from netmatch._base.results import REPR_LIMIT, Indicators


@cache
def _results() -> dict[str, Any]:
    reg = nm.datasets.load_demo()
    ident = nm.identify(reg)
    G = nm.build_graph(reg, ident)
    base = nm.plan(reg)
    return {
        "Registry": reg,
        "Identification": ident,
        "Pairing": nm.optimal_pairing(G),
        "Sharing": nm.share_resources(reg, identification=ident),
        "Siting": nm.site_centres(reg),
        "Plan": base,
        "SweepResult": nm.sweep(reg, {"max_km": [30, 40]}),
        "Monitoring": nm.monitor({2025: reg}, {2025: base}),
    }


NAMES = ["Registry", "Identification", "Pairing", "Sharing", "Siting", "Plan", "SweepResult", "Monitoring"]


@pytest.mark.parametrize("name", NAMES)
def test_result_is_of_its_public_type(name: str) -> None:
    assert isinstance(_results()[name], getattr(nm, name))


@pytest.mark.parametrize("name", NAMES)
def test_repr_is_one_short_line(name: str) -> None:
    text = repr(_results()[name])
    assert len(text) <= REPR_LIMIT and "\n" not in text and text.startswith(f"<{name}"), text


@pytest.mark.parametrize("name", NAMES)
def test_to_frame_gives_rows(name: str) -> None:
    frame = _results()[name].to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0 and frame.columns.is_unique


@pytest.mark.parametrize("name", NAMES)
def test_kpis_are_typed_indicators(name: str) -> None:
    kpis = _results()[name].kpis
    assert isinstance(kpis, Indicators) and dataclasses.is_dataclass(kpis)
    flat = kpis.as_dict()
    assert flat and all(v is None or isinstance(v, bool | int | float | str) for v in flat.values())
    frame = kpis.to_frame()
    assert list(frame.columns) == ["indicator", "value"] and list(frame["indicator"]) == list(flat)


@pytest.mark.parametrize("name", NAMES)
def test_results_are_immutable(name: str) -> None:
    result = _results()[name]
    field = next(iter(dataclasses.fields(result))).name if dataclasses.is_dataclass(result) else "name"
    with pytest.raises((dataclasses.FrozenInstanceError, TypeError, ValueError, AttributeError)):
        setattr(result, field, None)


def test_pairs_mean_pair_objects_everywhere() -> None:
    r = _results()
    for owner in (r["Pairing"], r["Plan"]):
        assert isinstance(owner.pairs, tuple) and owner.pairs and all(isinstance(p, nm.Pair) for p in owner.pairs)
    assert r["Plan"].pairs == r["Plan"].pairing.pairs
