"""Siting from a registry: who needs a centre, where one can open, travel times, the demo's candidates."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest

import netmatch as nm
from netmatch._siting import registry_siting_inputs, site_centres
from netmatch.graph import great_circle_km


def test_inputs_from_the_demo() -> None:
    reg = nm.datasets.load_demo()
    inputs = registry_siting_inputs(reg)
    ident = nm.identify(reg)
    needy = [s for s, need in zip(reg.ids, ident.needs_partner, strict=True) if need]
    assert inputs.client_ids == tuple(needy)
    hosts = sorted({r.host for r in reg.resources if r.kind.value.startswith(("growth_point", "it_cube"))})
    assert set(inputs.site_ids[: len(inputs.fixed)]) == set(hosts)
    candidates = {s.id for s in reg.schools if s.centre_candidate}
    assert set(inputs.site_ids[len(inputs.fixed):]) == candidates and len(candidates) == 7
    # minutes = great-circle km x 1.3 at 50 km/h
    a, b = reg.school(inputs.client_ids[0]), reg.school(inputs.site_ids[0])
    expected = float(great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)) * 1.3 / 50 * 60
    assert inputs.dense()[0, 0] == pytest.approx(expected) if expected <= 30 else inputs.dense()[0, 0] == np.inf
    assert inputs.weights.tolist() == [float(reg.school(s).students) for s in inputs.client_ids]


def test_demo_candidates_ranked_by_marginal_coverage() -> None:
    reg = nm.datasets.load_demo()
    ranking = site_centres(reg, 0, objective="coverage").marginal_frame()
    closed = ranking[ranking["status"] == "closed"]
    assert len(closed) == 7 and list(closed["rank"]) == list(range(1, 8))
    assert closed["change"].is_monotonic_decreasing
    # the gain of the best candidate is what opening it alone adds
    best = closed.iloc[0]["school"]
    before = site_centres(reg, 0, objective="coverage").objective
    after = site_centres(reg, 1, objective="coverage", candidates=[best]).objective
    assert after - before == pytest.approx(closed.iloc[0]["change"])


def test_registry_siting_matches_brute_force_on_the_demo() -> None:
    reg = nm.datasets.load_demo()
    inputs = registry_siting_inputs(reg)
    r = inputs.radius
    covered_by = inputs.dense() <= r
    fixed_cover = covered_by[:, inputs.fixed].any(axis=1)
    best = 0.0
    for combo in itertools.combinations(inputs.candidates.tolist(), 2):
        cov = fixed_cover | covered_by[:, list(combo)].any(axis=1)
        best = max(best, float(inputs.weights[cov].sum()))
    siting = site_centres(reg, 2, objective="coverage")
    assert siting.objective == pytest.approx(best)
    flagged = {s.id for s in reg.schools if s.centre_candidate}
    assert len(siting.site_schools) == 2 and set(siting.site_schools) <= flagged
    assert nm.check_siting(inputs.cost, siting, weights=inputs.weights, radius=r) == []


def test_registry_options_are_validated() -> None:
    reg = nm.datasets.load_demo()
    with pytest.raises(nm.InvalidInputError, match="max_minutes"):
        site_centres(reg, 1, objective="coverage", max_minutes=-3)
    with pytest.raises(nm.InvalidInputError, match="not in the registry"):
        site_centres(reg, 1, objective="coverage", candidates=["nope"])
    with pytest.raises(nm.InvalidInputError, match="registry options"):
        site_centres(np.zeros((2, 2)), 1, max_minutes=3)


def test_registry_infeasibility_names_the_schools() -> None:
    reg = nm.datasets.load_demo()
    inputs = registry_siting_inputs(reg, max_minutes=30)
    reach_fixed = (inputs.dense()[:, inputs.fixed] <= 30).any(axis=1)
    lost = [s for s, ok in zip(inputs.client_ids, reach_fixed, strict=True) if not ok]
    assert lost  # the demo has ШНОР/ШНСУ out of reach of every existing centre
    named = rf"reach no fixed site within radius 30 \(schools {', '.join(lost)}\)"
    with pytest.raises(nm.InfeasibleError, match=named):
        site_centres(reg, 0, objective="median", max_minutes=30)


def test_inputs_keep_only_reachable_pairs_and_agree_with_the_dense_estimate() -> None:
    reg = nm.datasets.make_region(600, seed=3)
    for max_minutes in (15.0, 30.0, 90.0):
        inputs = registry_siting_inputs(reg, max_minutes=max_minutes)
        assert inputs.cost.format == "csr" and inputs.cost.shape == (len(inputs.client_ids), len(inputs.site_ids))
        # every pair by hand: great circle x 1.3 at 50 km/h, 0 for a school's own site
        a = [reg.school(s) for s in inputs.client_ids]
        b = [reg.school(s) for s in inputs.site_ids]
        lat_a, lon_a = np.array([[s.latitude, s.longitude] for s in a], dtype=float).T
        lat_b, lon_b = np.array([[s.latitude, s.longitude] for s in b], dtype=float).T
        want = great_circle_km(lat_a[:, None], lon_a[:, None], lat_b[None, :], lon_b[None, :]) * 1.3 / 50 * 60
        want[np.array(inputs.client_ids)[:, None] == np.array(inputs.site_ids)[None, :]] = 0.0
        want[want > max_minutes] = np.inf
        got = inputs.dense()
        assert np.array_equal(np.isinf(got), np.isinf(want))
        assert np.allclose(got[np.isfinite(got)], want[np.isfinite(want)], rtol=1e-12, atol=1e-9)
    # a school hosting a site reaches it in a stored 0, which sparse arithmetic must not drop
    shared = sorted(set(inputs.client_ids) & set(inputs.site_ids))
    assert shared
    coo = inputs.cost.tocoo()
    for school in shared:
        i, j = inputs.client_ids.index(school), inputs.site_ids.index(school)
        stored = (coo.row == i) & (coo.col == j)
        assert stored.sum() == 1 and coo.data[stored][0] == 0.0


def test_a_distance_table_makes_a_far_pair_reachable() -> None:
    reg = nm.datasets.load_demo()
    inputs = registry_siting_inputs(reg, max_minutes=10)
    far = np.argwhere(np.isinf(inputs.dense()))
    i, j = far[0]
    table = {"from": [inputs.client_ids[i]], "to": [inputs.site_ids[j]], "km": [5.0], "minutes": [7.0]}
    again = registry_siting_inputs(reg, max_minutes=10, distances=table)
    assert again.dense()[i, j] == 7.0


def test_a_listed_km_without_minutes_gives_the_minutes_at_the_speed() -> None:
    # the one travel model: a table's km replaces the great-circle estimate and then gives the minutes
    # (the siting of before the redesign estimated the minutes from the great circle in that case)
    reg = nm.datasets.load_demo()
    inputs = registry_siting_inputs(reg, max_minutes=10)
    i, j = np.argwhere(np.isinf(inputs.dense()))[0]
    table = {"from": [inputs.client_ids[i]], "to": [inputs.site_ids[j]], "km": [5.0], "minutes": [np.nan]}
    assert registry_siting_inputs(reg, max_minutes=10, distances=table).dense()[i, j] == pytest.approx(6.0)
    slow = registry_siting_inputs(reg, max_minutes=15, distances=table, speed_kmh=25.0)
    assert slow.dense()[i, j] == pytest.approx(12.0)


def test_library_and_command_line_share_the_defaults_and_the_answer(tmp_path, capsys) -> None:
    from netmatch._base.geo import ROAD_FACTOR, SPEED_KMH
    from netmatch._siting import (
        DEFAULT_CLIENTS,
        DEFAULT_K,
        DEFAULT_MAX_MINUTES,
        DEFAULT_OBJECTIVE,
        DEFAULT_TIME_LIMIT,
    )
    from netmatch.cli import main
    from netmatch.cli.settings import SitingOptions

    cli = SitingOptions()
    assert (cli.k, cli.objective, cli.max_minutes, cli.clients, cli.speed_kmh, cli.road_factor, cli.time_limit) == (
        DEFAULT_K, DEFAULT_OBJECTIVE, DEFAULT_MAX_MINUTES, DEFAULT_CLIENTS, SPEED_KMH, ROAD_FACTOR,
        DEFAULT_TIME_LIMIT)
    reg = nm.datasets.load_demo()
    siting = nm.site_centres(reg)  # the library's defaults for a registry
    assert (siting.objective_kind, siting.radius, siting.site_schools) == ("coverage", 30.0, ("S08",))
    assert siting == nm.site_centres(reg, 1, objective="coverage", max_minutes=30)
    demo = Path(nm.__file__).parent / "data" / "demo"
    capsys.readouterr()
    assert main(["site", str(demo), "--k", str(DEFAULT_K), "--out", str(tmp_path), "--lang", "en",
                 "--no-progress"]) == 0
    capsys.readouterr()
    with open(tmp_path / "sites.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    frame = siting.to_frame()
    served = {s: sorted(frame.loc[frame["site_school"] == s, "school"]) for s in frame["site_school"] if s}
    # new centres first, then the existing ones; the schools each serves
    assert [r[0] for r in rows[:DEFAULT_K]] == list(siting.site_schools)
    assert {r[0]: sorted(x for x in r[7].split(", ") if x) for r in rows} == {
        siting.site_ids[j]: served.get(siting.site_ids[j], []) for j in siting.open}
