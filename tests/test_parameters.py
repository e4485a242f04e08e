"""Every public function rejects a bad value of each declared parameter with the one message template.

The walk takes every function in ``netmatch.__all__`` (and the array solvers of ``netmatch.solvers``),
calls it with valid arguments from the demo district but one parameter replaced by a value of no
acceptable type, and expects an :class:`InvalidInputError` whose message names the parameter, the
function and the value, and says what was expected:

    "The 'max_km' parameter of build_graph must be greater than 0. Got -5 instead."
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pytest

import netmatch as nm


class _Nonsense:
    """A value no parameter accepts."""

    def __repr__(self) -> str:
        return "<nonsense>"


BAD = _Nonsense()


@cache
def _world() -> dict[str, Any]:
    reg = nm.datasets.load_demo()
    ident = nm.identify(reg)
    G = nm.build_graph(reg, ident)
    pairing = nm.optimal_pairing(G)
    plan = nm.plan(reg)
    sharing = nm.share_resources(reg, identification=ident)
    cost = np.array([[0.0, 4.0, 9.0], [4.0, 0.0, 5.0], [9.0, 5.0, 0.0]])
    siting = nm.site_centres(cost, 1)
    net = nm.form_networks(reg, identification=ident)
    groups = nm.form_groups(reg, identification=ident)
    needs = nm.match_needs(reg)
    curators = nm.assign_curators(reg, identification=ident)
    mentors = nm.assign_mentors(reg, pairing, identification=ident)
    events = nm.plan_events(plan)
    return {"events": events, "curators": curators, "mentors": mentors, "reg": reg, "ident": ident, "G": G,
            "pairing": pairing, "plan": plan, "sharing": sharing, "cost": cost, "siting": siting, "net": net,
            "groups": groups, "needs": needs}


def _calls() -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    """Valid keyword arguments for each public function, from the demo world ``w``."""
    return {
        "assign_curators": lambda w: {"registry": w["reg"], "identification": w["ident"], "constraints": None,
                                      "fixed": {}, "max_schools": 3, "hours_per_school": 4.0, "max_km": 60.0,
                                      "max_minutes": None, "weak_z": -0.5, "allow_own_school": False,
                                      "roles": ("curator",)},
        "assign_mentors": lambda w: {"registry": w["reg"], "pairing": w["pairing"], "networks": w["net"],
                                     "identification": w["ident"], "max_mentees": 2, "hours_per_mentee": 4.0,
                                     "weak_z": -0.5},
        "blocking_pairs": lambda w: {"G": w["G"], "pairing": w["pairing"]},
        "build_graph": lambda w: {"registry": w["reg"], "identification": w["ident"]},
        "candidates_of": lambda w: {"G": w["G"]},
        "check_curators": lambda w: {"curators": w["curators"], "registry": w["reg"], "identification": w["ident"]},
        "check_mentors": lambda w: {"mentors": w["mentors"], "registry": w["reg"]},
        "check_events": lambda w: {"events": w["events"], "plan": w["plan"]},
        "plan_events": lambda w: {"plan": w["plan"], "catalogue": None, "year": 2025, "start": None, "end": None,
                                  "loads": None, "moves": None, "time_limit": 10.0},
        "load_catalogue": lambda w: {"path": "catalogue.toml"},
        "load_indicators": lambda w: {"path": "indicators.toml"},
        "measure_indicators": lambda w: {"plan": w["plan"], "events": None, "indicators": "common"},
        "check_groups": lambda w: {"groups": w["groups"], "registry": w["reg"], "identification": w["ident"]},
        "check_needs": lambda w: {"matches": w["needs"], "registry": w["reg"]},
        "check_networks": lambda w: {"net": w["net"], "G": w["G"]},
        "check_pairing": lambda w: {"G": w["G"], "pairing": w["pairing"]},
        "check_sharing": lambda w: {"registry": w["reg"], "sharing": w["sharing"]},
        "check_siting": lambda w: {"cost": w["cost"], "siting": w["siting"]},
        "compare": lambda w: {"plans": [w["plan"]]},
        "default_demand": lambda w: {"registry": w["reg"], "identification": w["ident"]},
        "differences": lambda w: {"a": w["plan"], "b": w["plan"]},
        "explain": lambda w: {"G": w["G"], "a": w["pairing"].pairs[0].leader, "b": w["pairing"].pairs[0].partner},
        "form_groups": lambda w: {"registry": w["reg"], "identification": w["ident"]},
        "form_networks": lambda w: {"source": w["reg"], "identification": w["ident"]},
        "match_needs": lambda w: {"registry": w["reg"], "constraints": None},
        "greedy_pairing": lambda w: {"G": w["G"]},
        "identify": lambda w: {"registry": w["reg"]},
        "monitor": lambda w: {"registries_by_year": {2025: w["reg"]}, "pairings_by_year": {2025: w["pairing"]}},
        "optimal_pairing": lambda w: {"G": w["G"]},
        "plan": lambda w: {"scenario_or_registry": w["reg"]},
        "read_graph": lambda w: {"path": "graph.json"},
        "read_registry": lambda w: {"source": "registry.csv"},
        "registry_siting_inputs": lambda w: {"registry": w["reg"]},
        "replan": lambda w: {"previous": w["plan"], "registry": w["reg"]},
        "share_resources": lambda w: {"registry": w["reg"], "identification": w["ident"]},
        "site_centres": lambda w: {"cost": w["cost"], "k": 1},
        "stable_pairing": lambda w: {"G": w["G"]},
        "subject_pairing": lambda w: {"G": w["G"]},
        "sweep": lambda w: {"base": w["reg"], "scenarios_or_grid": {"max_km": [30]}},
        "write_graph": lambda w: {"G": w["G"], "path": "graph.json"},
        "write_registry": lambda w: {"registry": w["reg"], "path": "registry.csv"},
    }


def _public_functions() -> list[str]:
    return sorted(name for name in nm.__all__ if inspect.isfunction(getattr(nm, name)))


def _cases() -> list[tuple[str, str]]:
    cases = []
    for name in _public_functions():
        for param in inspect.signature(getattr(nm, name)).parameters.values():
            if param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                cases.append((name, param.name))
    return cases


def test_every_public_function_has_a_valid_call() -> None:
    assert set(_public_functions()) <= set(_calls()), set(_public_functions()) - set(_calls())


@pytest.mark.parametrize(("func", "param"), _cases(), ids=[f"{f}-{p}" for f, p in _cases()])
def test_bad_value_names_parameter_function_value_and_expectation(func: str, param: str, tmp_path: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    w = _world()
    if func in ("read_graph", "read_registry"):
        nm.write_graph(w["G"], "graph.json")
        nm.write_registry(w["reg"], "registry.csv")
    kwargs = _calls()[func](w)
    kwargs[param] = BAD
    with pytest.raises(nm.InvalidInputError) as info:
        getattr(nm, func)(**kwargs)
    text = str(info.value)
    assert f"The {param!r} parameter of {func} must be " in text, text
    assert "Got <nonsense> instead." in text, text


@pytest.mark.parametrize("func", _public_functions())
def test_every_parameter_is_declared(func: str) -> None:
    f = getattr(nm, func)
    declared = getattr(f, "__netmatch_params__", {})
    params = [p.name for p in inspect.signature(f).parameters.values()
              if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    assert set(params) == set(declared), f"{func}: undeclared {sorted(set(params) - set(declared))}"
