"""The partnership graph: distances, candidate search against brute force, constraints, export.

The candidate search is checked against a brute-force search written here from the documented
rules, over every leader × partner pair:

* the *search radius* is ``min(max_km, max_minutes / 60 · speed_kmh) / road_factor`` on the great
  circle (the estimated road distance is within the limits exactly inside it);
* a pair is a candidate when the great-circle distance is within the radius, when the distance
  table has the pair (both schools located), when it is required, or — with
  ``beyond_limit="remote"`` — when the leader is among the partner's ``remote_candidates`` nearest
  leaders (great-circle) lying beyond the radius, or among the ``remote_candidates`` nearest of
  those that suit it (phase and language rules, the leader's internet, not an excluded pair);
* road km and minutes come from the table where it has them, else ``great-circle · road_factor``
  and ``km / speed_kmh · 60``; a pair is *in person* when both limits hold, otherwise *remote*;
* a candidate is kept when in person, or remote with ``beyond_limit="remote"``, within
  ``remote_max_km`` and with the internet both schools need (unknown speeds pass); then the
  phase, language and excluded-pair rules apply; required pairs are always kept.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._identify import Identification, IdentificationRules, Status, identify
from netmatch.exceptions import InvalidInputError
from netmatch.graph import (
    EARTH_RADIUS_KM,
    Candidates,
    Constraints,
    build_graph,
    candidates_of,
    explain,
    great_circle_km,
    read_graph,
    write_graph,
)
from netmatch.scoring import COMPONENTS, ScoringWeights, combine
from tests.strategies import registries

DECLARED = IdentificationRules(status_source="declared")

# --- distances -------------------------------------------------------------------------------------


def vincenty_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float | None:
    """Geodesic distance on the WGS 84 ellipsoid by Vincenty's inverse formula (None if it fails to converge)."""
    a, f = 6378137.0, 1 / 298.257223563
    b = (1 - f) * a
    lam_0 = math.radians(lon2 - lon1)
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    su1, cu1, su2, cu2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    lam = lam_0
    for _ in range(500):
        sl, cl = math.sin(lam), math.cos(lam)
        s_sig = math.hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
        if s_sig == 0:
            return 0.0
        c_sig = su1 * su2 + cu1 * cu2 * cl
        sig = math.atan2(s_sig, c_sig)
        s_alpha = cu1 * cu2 * sl / s_sig
        c2_alpha = 1 - s_alpha**2
        c2m = c_sig - 2 * su1 * su2 / c2_alpha if c2_alpha else 0.0
        c = f / 16 * c2_alpha * (4 + f * (4 - 3 * c2_alpha))
        previous = lam
        lam = lam_0 + (1 - c) * f * s_alpha * (sig + c * s_sig * (c2m + c * c_sig * (-1 + 2 * c2m**2)))
        if abs(lam - previous) < 1e-12:
            break
    else:
        return None
    u_sq = c2_alpha * (a * a - b * b) / (b * b)
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    d_sig = big_b * s_sig * (c2m + big_b / 4 * (c_sig * (-1 + 2 * c2m**2)
                                                - big_b / 6 * c2m * (-3 + 4 * s_sig**2) * (-3 + 4 * c2m**2)))
    return b * big_a * (sig - d_sig) / 1000.0


def _dms(d: float, m: float, s: float) -> float:
    return d + m / 60 + s / 3600


def test_reference_vincenty_reproduces_the_classic_example() -> None:
    # Vincenty (1975) / Geoscience Australia: Flinders Peak to Buninyong, 54 972.271 m
    km = vincenty_km(-_dms(37, 57, 3.72030), _dms(144, 25, 29.52440), -_dms(37, 39, 10.15610),
                     _dms(143, 55, 35.38390))
    assert km == pytest.approx(54.972271, abs=1e-6)


CITIES = {
    "Moscow": (55.7558, 37.6173), "Saint Petersburg": (59.9343, 30.3351),
    "London": (51.5074, -0.1278), "Paris": (48.8566, 2.3522),
    "Novosibirsk": (55.0084, 82.9357), "Krasnoyarsk": (56.0153, 92.8932),
    "Vladivostok": (43.1155, 131.8855), "Khabarovsk": (48.4827, 135.0838),
    "New York": (40.7128, -74.0060), "Los Angeles": (34.0522, -118.2437),
}
CITY_PAIRS = [("Moscow", "Saint Petersburg"), ("London", "Paris"), ("Novosibirsk", "Krasnoyarsk"),
              ("Vladivostok", "Khabarovsk"), ("New York", "Los Angeles")]


@pytest.mark.parametrize(("a", "b"), CITY_PAIRS)
def test_great_circle_within_half_a_percent_of_the_geodesic(a: str, b: str) -> None:
    reference = vincenty_km(*CITIES[a], *CITIES[b])
    assert reference is not None
    assert float(great_circle_km(*CITIES[a], *CITIES[b])) == pytest.approx(reference, rel=0.005)


@pytest.mark.parametrize(("a", "b", "published_km"), [
    ("Moscow", "Saint Petersburg", 634), ("London", "Paris", 344), ("New York", "Los Angeles", 3936)])
def test_great_circle_matches_published_figures(a: str, b: str, published_km: float) -> None:
    assert float(great_circle_km(*CITIES[a], *CITIES[b])) == pytest.approx(published_km, rel=0.005)


def test_the_graph_uses_the_one_travel_model() -> None:
    from netmatch._base import geo

    assert great_circle_km is geo.great_circle_km and EARTH_RADIUS_KM == geo.EARTH_RADIUS_KM
    cons = Constraints()
    assert (cons.road_factor, cons.speed_kmh) == (geo.ROAD_FACTOR, geo.SPEED_KMH)
    G = build_graph(nm.datasets.load_demo(), constraints={"max_km": None, "max_minutes": 30})
    cand = candidates_of(G)
    reg = nm.datasets.load_demo()
    assert cand.ids == reg.ids
    lat = np.array([s.latitude for s in reg.schools], dtype=float)
    lon = np.array([s.longitude for s in reg.schools], dtype=float)
    km, minutes = geo.TravelModel().trips(lat, lon, cand.leader, cand.partner)
    np.testing.assert_array_equal(cand.km, km)
    np.testing.assert_array_equal(cand.minutes, minutes)


def test_the_graph_module_exports_its_public_names() -> None:
    import netmatch.graph as graph

    assert set(graph.__all__) >= {"EARTH_RADIUS_KM", "Candidates", "Constraints", "build_graph", "candidates_of",
                                  "explain", "explain_both", "great_circle_km", "read_graph", "write_graph"}
    assert all(hasattr(graph, name) for name in graph.__all__)


def test_great_circle_is_vectorised_symmetric_and_zero_on_the_diagonal() -> None:
    lat = np.array([c[0] for c in CITIES.values()])
    lon = np.array([c[1] for c in CITIES.values()])
    d = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    assert d.shape == (len(CITIES), len(CITIES))
    np.testing.assert_allclose(d, d.T, rtol=1e-12)
    np.testing.assert_array_equal(np.diag(d), 0.0)
    assert (d[~np.eye(len(CITIES), dtype=bool)] > 0).all()
    # a quarter of the meridian on the sphere
    assert float(great_circle_km(0, 0, 90, 0)) == pytest.approx(math.pi / 2 * EARTH_RADIUS_KM)


_LAT = st.floats(20, 89, allow_nan=False)
_LON = st.floats(-180, 180, allow_nan=False)


@settings(max_examples=300)
@given(_LAT, _LON, _LAT, _LON, st.booleans())
def test_great_circle_random_pairs_within_half_a_percent(lat1: float, lon1: float, lat2: float, lon2: float,
                                                          south: bool) -> None:
    # A sphere errs by up to 0.56% on short north-south distances at the equator (the meridian's
    # curvature there), so pairs are drawn where schools are: one hemisphere, 20-89° from the equator.
    if south:
        lat1, lat2 = -lat1, -lat2
    reference = vincenty_km(lat1, lon1, lat2, lon2)
    assume(reference is not None and reference > 1e-3)
    got = great_circle_km(lat1, lon1, lat2, lon2)
    assert float(got) == pytest.approx(reference, rel=0.005)
    assert float(great_circle_km(lat2, lon2, lat1, lon1)) == pytest.approx(float(got), rel=1e-12, abs=1e-9)


@given(st.floats(-90, 90), _LON)
def test_great_circle_of_a_point_to_itself_is_zero(lat: float, lon: float) -> None:
    assert float(great_circle_km(lat, lon, lat, lon)) == 0.0


def test_great_circle_near_the_equator_stays_within_the_spheres_known_error() -> None:
    # the documented limit of the spherical model: about 0.56% north-south at the equator
    reference = vincenty_km(0.0, 10.0, 0.5, 10.0)
    assert reference is not None
    assert float(great_circle_km(0.0, 10.0, 0.5, 10.0)) == pytest.approx(reference, rel=0.006)


# --- random registries and constraints -----------------------------------------------------------------

ROLES = ("leader", "low", "unfavourable", "both", "ordinary")
LANGUAGES = ("русский", "Русский", "татарский")


@dataclass(frozen=True)
class Case:
    registry: nm.Registry
    ident: Identification
    constraints: Constraints
    table: Mapping[str, list[Any]] | None


def _roles(registry: nm.Registry) -> tuple[list[int], list[int]]:
    leaders = [i for i, s in enumerate(registry.schools)
               if s.declared_leader and not (s.declared_low_results or s.declared_unfavourable)]
    partners = [i for i, s in enumerate(registry.schools) if s.declared_low_results or s.declared_unfavourable]
    return leaders, partners


@st.composite
def graph_cases(draw: st.DrawFn, max_schools: int = 25) -> Case:
    """A registry of 2-25 schools in a 1°×1° box, declared statuses, random constraints and table."""
    n = draw(st.integers(2, max_schools))
    ids = [f"S{i:02d}" for i in range(n)]
    coords = draw(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=n, max_size=n, unique=True))
    schools = []
    for sid, (u, v) in zip(ids, coords, strict=True):
        role = draw(st.sampled_from(ROLES))
        located = draw(st.integers(0, 9)) > 0
        schools.append(nm.School(
            id=sid, name=f"Школа {sid}",
            latitude=55.0 + u if located else None, longitude=37.0 + v if located else None,
            phases=draw(st.lists(st.sampled_from(list(nm.Phase)), max_size=3)),  # repeats on purpose
            languages=draw(st.lists(st.sampled_from(LANGUAGES), max_size=2)),
            internet_mbps=draw(st.none() | st.floats(0, 100)),
            settlement_type=draw(st.none() | st.sampled_from(list(nm.SettlementType))),
            students=draw(st.none() | st.integers(0, 1500)),
            declared_leader=role == "leader",
            declared_low_results=role in ("low", "both"),
            declared_unfavourable=role in ("unfavourable", "both"),
        ))
    kinds = st.sampled_from(list(nm.ResourceKind))
    resources = [nm.Resource(id=f"R{k}", host=draw(st.sampled_from(ids)), kind=draw(kinds))
                 for k in range(draw(st.integers(0, 4)))]
    registry = nm.Registry(schools=schools, resources=resources)
    leaders, partners = _roles(registry)
    all_pairs = [(a, b) for a, b in product(ids, ids) if a != b]
    excluded = draw(st.lists(st.sampled_from(all_pairs), max_size=4, unique=True))
    lp = [(ids[a], ids[b]) for a, b in product(leaders, partners) if (ids[a], ids[b]) not in excluded]
    required = draw(st.lists(st.sampled_from(lp), max_size=3, unique=True)) if lp else []
    constraints = Constraints(
        max_km=draw(st.none() | st.floats(1, 150)),
        max_minutes=draw(st.none() | st.floats(1, 200)),
        road_factor=draw(st.floats(1, 2)),
        speed_kmh=draw(st.floats(10, 100)),
        beyond_limit=draw(st.sampled_from(["remote", "forbid"])),
        remote_candidates=draw(st.integers(0, 4)),
        remote_max_km=draw(st.none() | st.floats(1, 300)),
        min_remote_mbps=draw(st.none() | st.floats(0, 50)),
        same_phase=draw(st.booleans()),
        same_language=draw(st.booleans()),
        excluded_pairs=excluded,
        required_pairs=required,
    )
    table: dict[str, list[Any]] | None = None
    if draw(st.booleans()):
        rows = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids),
                                       st.none() | st.floats(0, 200), st.none() | st.floats(0, 300)),
                             max_size=12))
        table = {"from": [r[0] for r in rows], "to": [r[1] for r in rows], "km": [r[2] for r in rows]}
        if draw(st.booleans()):
            table["minutes"] = [r[3] for r in rows]
    return Case(registry, identify(registry, DECLARED), constraints, table)


def _haversine(a: nm.School, b: nm.School) -> float:
    if a.latitude is None or b.latitude is None:
        return math.nan
    assert a.longitude is not None and b.longitude is not None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.longitude - a.longitude) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(h, 1.0)))


def _nan(x: object) -> float:
    return math.nan if x is None else float(x)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Edge:
    km: float
    minutes: float
    remote: bool
    required: bool


TOL = 1e-6  # km or minutes: closer than this to a limit, the brute force and the k-d tree may disagree


def brute_force(case: Case) -> tuple[dict[tuple[str, str], Edge], set[tuple[str, str]]]:
    """Edges every leader × partner pair should give: (certain edges, pairs that may be edges).

    "May" covers only ties between leaders equally far from a partner at the cut of its
    ``remote_candidates`` nearest; examples with a distance within ``TOL`` of a limit are discarded.
    """
    reg, cons = case.registry, case.constraints
    schools = reg.schools
    leaders, partners = _roles(reg)
    limits = [x for x in (cons.max_km, None if cons.max_minutes is None else cons.max_minutes / 60 * cons.speed_kmh)
              if x is not None]
    radius = min(limits) / cons.road_factor if limits else math.inf
    table: dict[tuple[int, int], tuple[float, float]] = {}
    if case.table is not None:
        index = reg.index
        m = len(case.table["from"])
        for k in range(m):
            a, b = index[case.table["from"][k]], index[case.table["to"][k]]
            km = _nan(case.table["km"][k])
            minutes = _nan(case.table["minutes"][k]) if "minutes" in case.table else math.nan
            table[a, b] = table[b, a] = (km, minutes)  # the last row for a pair wins, either way round

    def located(i: int) -> bool:
        return schools[i].latitude is not None

    gc = {(a, b): _haversine(schools[a], schools[b]) for a in leaders for b in partners}
    if math.isfinite(radius):
        assume(all(abs(d - radius) > TOL for d in gc.values() if not math.isnan(d)))

    def phases(i: int) -> set[nm.Phase]:
        return set(schools[i].phases)

    def languages(i: int) -> set[str]:
        return {x.casefold() for x in schools[i].languages}

    def fast(i: int) -> bool:
        mbps = schools[i].internet_mbps
        return cons.min_remote_mbps is None or mbps is None or mbps >= cons.min_remote_mbps

    def phase_ok(a: int, b: int) -> bool:
        return not cons.same_phase or not phases(a) or not phases(b) or phases(b) <= phases(a)

    def language_ok(a: int, b: int) -> bool:
        return not cons.same_language or not languages(a) or not languages(b) or bool(languages(a) & languages(b))

    required = {(reg.index[a], reg.index[b]) for a, b in cons.required_pairs}
    excluded = {(reg.index[a], reg.index[b]) for a, b in cons.excluded_pairs}

    # the remote offer: the k nearest leaders beyond the radius, and the k nearest of those that
    # suit the partner (phases, language, the leader's internet, not excluded); ties at a cut undecided
    picked: set[tuple[int, int]] = set()
    tied: set[tuple[int, int]] = set()
    k = cons.remote_candidates
    if cons.beyond_limit == "remote" and k > 0 and math.isfinite(radius):
        for b in partners:
            beyond = sorted((gc[a, b], a) for a in leaders if located(a) and located(b) and gc[a, b] > radius)
            suitable = [(d, a) for d, a in beyond
                        if phase_ok(a, b) and language_ok(a, b) and fast(a) and (a, b) not in excluded]
            for nearest in (beyond, suitable):
                if len(nearest) <= k:
                    picked |= {(a, b) for _, a in nearest}
                    continue
                cut = nearest[k - 1][0]
                if nearest[k][0] - cut > TOL:
                    picked |= {(a, b) for _, a in nearest[:k]}
                else:
                    picked |= {(a, b) for d, a in nearest if d < cut - TOL}
                    tied |= {(a, b) for d, a in nearest if abs(d - cut) <= TOL}
    certain: dict[tuple[str, str], Edge] = {}
    maybe: set[tuple[str, str]] = set()
    for a, b in product(leaders, partners):
        d = gc[a, b]
        in_radius = not math.isnan(d) and d <= radius
        in_table = (a, b) in table and located(a) and located(b)
        if not (in_radius or in_table or (a, b) in picked or (a, b) in tied or (a, b) in required):
            continue
        t_km, t_min = table.get((a, b), (math.nan, math.nan))
        km = t_km if not math.isnan(t_km) else d * cons.road_factor
        minutes = t_min if not math.isnan(t_min) else km / cons.speed_kmh * 60.0
        for value, limit in ((km, cons.max_km), (minutes, cons.max_minutes), (km, cons.remote_max_km)):
            if limit is not None and not math.isnan(value):
                assume(abs(value - limit) > TOL)
        in_person = ((cons.max_km is None or km <= cons.max_km)
                     and (cons.max_minutes is None or minutes <= cons.max_minutes))
        remote_ok = (cons.beyond_limit == "remote"
                     and (cons.remote_max_km is None or km <= cons.remote_max_km)
                     and fast(a) and fast(b))
        keep = (in_person or remote_ok) and phase_ok(a, b) and language_ok(a, b) and (a, b) not in excluded
        pair = (reg.ids[a], reg.ids[b])
        if (a, b) in required or (keep and (in_radius or in_table or (a, b) in picked)):
            certain[pair] = Edge(km, minutes, not in_person, (a, b) in required)
        elif keep:
            maybe.add(pair)
    return certain, maybe


def _close(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=200)
@given(graph_cases())
def test_candidate_search_equals_brute_force(case: Case) -> None:
    certain, maybe = brute_force(case)
    G = build_graph(case.registry, case.ident, case.constraints, distances=case.table)
    got = {(d["leader"], d["partner"]): d for *_, d in G.edges(data=True)}
    assert set(certain) <= set(got)
    assert set(got) <= set(certain) | maybe
    for pair, want in certain.items():
        d = got[pair]
        assert _close(d["km"], want.km), (pair, d["km"], want.km)
        assert _close(d["minutes"], want.minutes), (pair, d["minutes"], want.minutes)
        assert d["mode"] == ("remote" if want.remote else "in_person")
        assert d["required"] is want.required
    # the arrays say the same as the networkx edges
    cand = G.graph["candidates"]
    ids = cand.ids
    assert [(ids[a], ids[b]) for a, b in zip(cand.leader, cand.partner, strict=True)] == sorted(
        got, key=lambda p: (ids.index(p[0]), ids.index(p[1])))


def test_the_remote_rule_on_a_line_of_leaders() -> None:
    # partner P at 0 km; leaders every 0.1° of latitude (~11 km) to the north
    lat0, lon0 = 55.0, 37.0
    schools = [nm.School(id="P", name="p", latitude=lat0, longitude=lon0, declared_low_results=True)]
    schools += [nm.School(id=f"L{k}", name=f"l{k}", latitude=lat0 + 0.1 * k, longitude=lon0, declared_leader=True)
                for k in range(1, 9)]
    reg = nm.Registry(schools=schools)
    ident = identify(reg, DECLARED)
    # limit 30 km by road = 23 km on the great circle: L1, L2 within (~11, ~22 km; road x1.3 = 14, 29 km)
    G = build_graph(reg, ident, {"max_km": 30, "remote_candidates": 2, "min_remote_mbps": None})
    modes = {d["leader"]: d["mode"] for *_, d in G.edges(data=True)}
    assert modes == {"L1": "in_person", "L2": "in_person", "L3": "remote", "L4": "remote"}
    # limit 25 km by road = 19 km on the great circle: L2 (22 km, 29 km by road) is beyond it and is
    # the one nearest leader that remote_candidates=1 offers remotely; no other leader is offered
    G = build_graph(reg, ident, {"max_km": 25, "remote_candidates": 1, "min_remote_mbps": None})
    modes = {d["leader"]: d["mode"] for *_, d in G.edges(data=True)}
    assert modes == {"L1": "in_person", "L2": "remote"}
    G = build_graph(reg, ident, {"max_km": 25, "beyond_limit": "forbid"})
    assert {d["leader"] for *_, d in G.edges(data=True)} == {"L1"}


def test_an_unsuitable_nearest_leader_does_not_hide_a_suitable_one() -> None:
    # partner P teaches НОО, ООО, СОО; beyond the limit the nearest leaders L3, L4 are lyceums
    # without НОО (and L5 has slow internet, L6 is excluded); L7 is the nearest that suits P
    lat0, lon0 = 55.0, 37.0
    all_phases = list(nm.Phase)
    upper = [p for p in all_phases if p is not nm.Phase.PRIMARY]
    schools = [nm.School(id="P", name="p", latitude=lat0, longitude=lon0, phases=all_phases,
                         declared_low_results=True)]
    for k in range(3, 9):
        schools.append(nm.School(id=f"L{k}", name=f"l{k}", latitude=lat0 + 0.1 * k, longitude=lon0,
                                 declared_leader=True, phases=upper if k in (3, 4) else all_phases,
                                 internet_mbps=1.0 if k == 5 else 100.0))
    reg = nm.Registry(schools=schools)
    ident = identify(reg, DECLARED)
    cons = {"max_km": 25, "remote_candidates": 1, "min_remote_mbps": 10, "excluded_pairs": [("L6", "P")]}
    G = build_graph(reg, ident, cons)
    assert {d["leader"]: d["mode"] for *_, d in G.edges(data=True)} == {"L7": "remote"}
    # without the rules the nearest one is offered
    G = build_graph(reg, ident, {**cons, "same_phase": False, "min_remote_mbps": None, "excluded_pairs": []})
    assert {d["leader"] for *_, d in G.edges(data=True)} == {"L3"}


# --- every edge respects every constraint ---------------------------------------------------------------


@settings(max_examples=150)
@given(graph_cases())
def test_every_edge_respects_every_constraint(case: Case) -> None:
    reg, cons = case.registry, case.constraints
    G = build_graph(reg, case.ident, cons, distances=case.table)
    leaders, partners = (set(reg.ids[i] for i in x) for x in _roles(reg))
    required = set(cons.required_pairs)
    for u, v, d in G.edges(data=True):
        pair = (d["leader"], d["partner"])
        assert {u, v} == set(pair)
        assert pair[0] in leaders and pair[1] in partners
        assert pair not in set(cons.excluded_pairs)
        assert d["required"] is (pair in required)
        assert G.nodes[pair[0]]["role"] == "leader" and G.nodes[pair[1]]["role"] == "partner"
        if d["mode"] == "in_person":
            assert cons.max_km is None or d["km"] <= cons.max_km
            assert cons.max_minutes is None or d["minutes"] <= cons.max_minutes
        else:
            assert d["mode"] == "remote"
            assert ((cons.max_km is not None and not d["km"] <= cons.max_km)
                    or (cons.max_minutes is not None and not d["minutes"] <= cons.max_minutes))
        if pair in required:
            continue
        if d["mode"] == "remote":
            assert cons.beyond_limit == "remote"
            assert cons.remote_max_km is None or d["km"] <= cons.remote_max_km
            for s in pair:
                mbps = reg.school(s).internet_mbps
                assert cons.min_remote_mbps is None or mbps is None or mbps >= cons.min_remote_mbps
        lead, part = reg.school(pair[0]), reg.school(pair[1])
        if cons.same_phase and lead.phases and part.phases:
            assert set(part.phases) <= set(lead.phases)
        if cons.same_language and lead.languages and part.languages:
            assert {x.casefold() for x in lead.languages} & {x.casefold() for x in part.languages}
    for a, b in required:
        assert G.has_edge(a, b) and G.edges[a, b]["required"]


@settings(max_examples=100)
@given(graph_cases())
def test_edge_scores_are_the_weighted_components_minus_the_remote_penalty(case: Case) -> None:
    w = ScoringWeights(subject=0.3, gap=0.2, context=0.1, resources=0.4, proximity=0.5, continuity=0.05,
                       resilience=0.15, remote_penalty=0.3, decay_km=20)
    G = build_graph(case.registry, case.ident, case.constraints, w, distances=case.table)
    for *_, d in G.edges(data=True):
        for c in COMPONENTS:
            assert 0.0 <= d[c] <= 1.0, (c, d[c])
        want = sum(getattr(w, c) * d[c] for c in COMPONENTS) - w.remote_penalty * (d["mode"] == "remote")
        assert d["score"] == pytest.approx(want, abs=1e-12)
        if math.isfinite(d["km"]):
            assert d["proximity"] == pytest.approx(math.exp(-d["km"] / 20))
    cand = candidates_of(G)
    np.testing.assert_allclose(cand.score, combine(cand.components, cand.remote, w))


@settings(max_examples=40)
@given(registries(max_schools=8), st.sampled_from(["computed", "declared", "union"]))
def test_any_valid_registry_gives_a_graph_of_leaders_and_partners(reg: nm.Registry, source: str) -> None:
    ident = identify(reg, {"status_source": source})
    G = build_graph(reg, ident, {"max_km": None})  # no limit: every located leader-partner pair
    assert list(G.nodes) == list(reg.ids)
    cand = candidates_of(G)
    leaders = cand.is_leader & ~cand.needs_partner
    assert leaders[cand.leader].all() and cand.needs_partner[cand.partner].all()
    assert np.isfinite(cand.score).all()
    for c in COMPONENTS:
        assert ((cand.components[c] >= 0) & (cand.components[c] <= 1)).all(), c
    located = np.array([s.latitude is not None for s in reg.schools])
    n_pairs = int((leaders & located).sum() * (cand.needs_partner & located).sum())
    assert len(cand) <= n_pairs


def test_phases_given_twice_count_once() -> None:
    # "НОО, НОО" is a primary school: it cannot lead a school that teaches ООО
    reg = nm.Registry(schools=[
        nm.School(id="L", name="l", latitude=55, longitude=37, phases="НОО, НОО", declared_leader=True),
        nm.School(id="P", name="p", latitude=55.1, longitude=37, phases="ООО", declared_low_results=True)])
    assert build_graph(reg, identify(reg, DECLARED)).number_of_edges() == 0


def test_a_required_pair_without_coordinates_is_kept_with_a_finite_score() -> None:
    reg = nm.Registry(schools=[
        nm.School(id="L", name="l", declared_leader=True),
        nm.School(id="P", name="p", latitude=55.1, longitude=37, declared_low_results=True)])
    G = build_graph(reg, identify(reg, DECLARED), {"required_pairs": [("L", "P")]})
    d = G.edges["L", "P"]
    assert d["required"] and math.isnan(d["km"])
    assert d["proximity"] == 0.0 and math.isfinite(d["score"])
    assert "расстояние неизвестно" in explain(G, "L", "P") and "nan" not in explain(G, "L", "P", "en")


# --- whole-graph score properties -------------------------------------------------------------------------

SUBJECTS = ("математика", "русский язык", "физика")


def _results_registry(scores: Mapping[str, tuple[float, ...]], where: Mapping[str, tuple[float, float]],
                      roles: Mapping[str, str]) -> nm.Registry:
    schools = [nm.School(id=s, name=s, latitude=where[s][0], longitude=where[s][1], settlement_type="село",
                         students=200, declared_leader=roles.get(s) == "leader",
                         declared_low_results=roles.get(s) == "partner", declared_unfavourable=False)
               for s in scores]
    results = [nm.Result(school=s, year=y, procedure="ОГЭ", grade=9, subject=subj, mean_score=v,
                         participants=20)
               for s, vals in scores.items() for y in (2023, 2024, 2025)
               for subj, v in zip(SUBJECTS, vals, strict=True)]
    return nm.Registry(schools=schools, results=results)


_SCORE = st.floats(5, 30, allow_nan=False)


@settings(max_examples=60)
@given(st.lists(st.tuples(_SCORE, _SCORE, _SCORE), min_size=5, max_size=5), st.integers(0, 2),
       st.floats(0.5, 10))
def test_a_better_complementary_leader_never_scores_lower(base: list[tuple[float, float, float]], subject: int,
                                                          bonus: float) -> None:
    # A and B are the same leader, except that B is better in one subject; fillers set the region's scale
    a = base[0]
    b = tuple(v + bonus if k == subject else v for k, v in enumerate(a))
    scores = {"A": a, "B": b, "P": base[1], "F1": base[2], "F2": base[3], "F3": base[4]}
    where = {s: (55.0, 37.0 + 0.01 * k) for k, s in enumerate(scores)}
    where["B"] = where["A"]
    reg = _results_registry(scores, where, {"A": "leader", "B": "leader", "P": "partner"})
    G = build_graph(reg, identify(reg, DECLARED))
    ea, eb = G.edges["A", "P"], G.edges["B", "P"]
    assert eb["subject"] >= ea["subject"] - 1e-12
    assert eb["gap"] >= ea["gap"] - 1e-12
    assert eb["score"] >= ea["score"] - 1e-12


@settings(max_examples=60)
@given(st.lists(st.tuples(_SCORE, _SCORE, _SCORE), min_size=3, max_size=3), st.floats(0, 0.3),
       st.floats(0, 0.6))
def test_a_farther_leader_never_scores_higher(base: list[tuple[float, float, float]], near: float,
                                              extra: float) -> None:
    scores = {"A": base[0], "B": base[0], "P": base[1], "F": base[2]}
    where = {"P": (55.0, 37.0), "A": (55.0 + near, 37.0), "B": (55.0 + near + extra, 37.0), "F": (56.0, 38.0)}
    reg = _results_registry(scores, where, {"A": "leader", "B": "leader", "P": "partner"})
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": None, "max_minutes": 60, "speed_kmh": 50})
    ea, eb = G.edges["A", "P"], G.edges["B", "P"]
    assert eb["km"] >= ea["km"]
    assert eb["proximity"] <= ea["proximity"]
    assert eb["score"] <= ea["score"] + 1e-12
    if ea["mode"] == "remote":
        assert eb["mode"] == "remote"


# --- explanations -----------------------------------------------------------------------------------------


def _explain_registry() -> nm.Registry:
    scores = {"L": (28.0, 20.0, 27.0), "P": (8.0, 19.5, 12.0), "F1": (15.0, 17.0, 16.0), "F2": (18.0, 21.0, 19.0),
              "Q": (10.0, 15.0, 12.0)}
    where = {"L": (55.0, 37.0), "P": (55.1, 37.0), "F1": (55.2, 37.0), "F2": (55.3, 37.0), "Q": (56.0, 37.0)}
    base = _results_registry(scores, where, {"L": "leader", "P": "partner", "Q": "partner"})
    resources = [nm.Resource(id="TR", host="L", kind="точка роста естественно-научная"),
                 nm.Resource(id="TQ", host="Q", kind="точка роста естественно-научная")]
    return base.replace(resources=resources)


def test_explain_names_the_weakest_subjects_distance_context_and_growth_point() -> None:
    reg = _explain_registry()
    ident = identify(reg, DECLARED)
    G = build_graph(reg, ident, {"max_km": 30})
    lz, pz = ident.profile.of(reg.index["L"]), ident.profile.of(reg.index["P"])
    # the partner's weakest subjects where the leader is strong: математика, then физика
    weak = sorted((k for k in pz if pz[k] < 0 and lz[k] > 0), key=lambda k: pz[k] - lz[k])
    assert [k[1] for k in weak] == ["математика", "физика"]

    def share(x: float) -> str:  # rounded up: whole per cent to 5, then multiples of 5
        pct = 100 * x
        return f"{max(1, math.ceil(pct - 1e-9) if pct <= 5 else 5 * math.ceil(pct / 5 - 1e-9))}%"

    ru, en = explain(G, "L", "P"), explain(G, "P", "L", "en")
    for k in weak:
        # counted by hand over the schools with a result in the subject, each counting itself
        zs = [z for i in range(len(reg.schools)) if (z := ident.profile.of(i).get(k)) is not None]
        best, worst = share(sum(z >= lz[k] for z in zs) / len(zs)), share(sum(z <= pz[k] for z in zs) / len(zs))
        assert f"{k[1]} (ОГЭ): лидер — среди лучших {best} школ района, школа — среди последних {worst}" in ru
        assert f"{k[1]} (OGE): the leader among the top {best} of the region's schools, the school among the " \
               f"bottom {worst}" in en
    assert "σ" not in ru + en
    assert "русский язык" not in ru  # the partner is not weak where the leader is not strong
    d = G.edges["L", "P"]
    assert f"{d['km']:.0f} км, {d['minutes']:.0f} мин" in ru
    assert f"{d['km']:.0f} km, {d['minutes']:.0f} min" in en
    assert "обе сельские" in ru and "both rural" in en
    assert "«Точка роста»" in ru and "«Точка роста»" in en
    first = explain(G, "L", "P", top=1)  # only the widest gap
    assert first.count("среди лучших") == 1 and first.startswith(f"{weak[0][1]} (ОГЭ)") and weak[1][1] not in first


def test_explain_leaves_out_a_growth_point_the_partner_has_and_says_remote() -> None:
    reg = _explain_registry()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 30, "min_remote_mbps": None})
    assert G.edges["L", "Q"]["mode"] == "remote"
    ru, en = explain(G, "L", "Q"), explain(G, "L", "Q", "en")
    assert "Точка роста" not in ru and "Точка роста" not in en
    km = G.edges["L", "Q"]["km"]
    assert f"дистанционно, {km:.0f} км" in ru and f"remote, {km:.0f} km" in en


def test_explain_of_a_non_edge_is_a_key_error() -> None:
    reg = _explain_registry()
    G = build_graph(reg, identify(reg, DECLARED), {"max_km": 30})
    with pytest.raises(KeyError, match=r"'P'.*'Q'"):
        explain(G, "P", "Q")
    with pytest.raises(KeyError):
        explain(G, "L", "nowhere")


# --- export -----------------------------------------------------------------------------------------------


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return _close(x, y) and (math.isnan(x) or x == y)
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_same(x[k], y[k]) for k in x)
    if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
        return len(x) == len(y) and all(_same(a, b) for a, b in zip(x, y, strict=True))
    return type(x) is type(y) and x == y


def assert_candidates_equal(a: Candidates, b: Candidates) -> None:
    assert a.ids == b.ids
    for name in ("leader", "partner", "km", "minutes", "remote", "required", "existing", "score", "capacity",
                 "demand", "min_demand", "hours", "load", "is_leader", "needs_partner"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype.kind == y.dtype.kind, name
        np.testing.assert_array_equal(x, y, err_msg=name)
    for c in COMPONENTS:
        np.testing.assert_array_equal(a.components[c], b.components[c], err_msg=c)
    assert a.diagnostics.keys() == b.diagnostics.keys()
    for k in a.diagnostics:
        np.testing.assert_array_equal(a.diagnostics[k], b.diagnostics[k], err_msg=k)


def _demo_graph() -> nx.Graph:
    reg = nm.datasets.load_demo()
    return build_graph(reg, constraints={"required_pairs": [("S05", "S09")], "max_km": 35})


@pytest.mark.parametrize("suffix", [".json", ".graphml"])
def test_export_round_trip(tmp_path: Path, suffix: str) -> None:
    G = _demo_graph()
    path = write_graph(G, tmp_path / f"district{suffix}")
    H = read_graph(path)
    assert list(H.nodes) == list(G.nodes)
    for s in G.nodes:
        assert _same(dict(H.nodes[s]), dict(G.nodes[s])), s
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in G.edges}
    for u, v, d in G.edges(data=True):
        assert _same(dict(H.edges[u, v]), d), (u, v)
    assert {k: v for k, v in H.graph.items() if k != "candidates"} == {
        k: v for k, v in G.graph.items() if k != "candidates"}
    assert_candidates_equal(candidates_of(H), candidates_of(G))
    if suffix == ".json":
        assert json.loads(path.read_text(encoding="utf-8"))["nodes"][0]["id"] == "S01"


@pytest.mark.parametrize("suffix", [".json", ".graphml"])
@pytest.mark.parametrize("name", [None, "[1] Кебежский район", "{x}"])
def test_export_round_trip_of_names_and_unknown_distances(tmp_path: Path, suffix: str, name: str | None) -> None:
    # a nameless registry, a name that looks like JSON, a required pair without coordinates (km NaN)
    reg = nm.Registry(name=name, schools=[
        nm.School(id="L", name="[l]", declared_leader=True),
        nm.School(id="P", name="p", latitude=55.1, longitude=37, declared_low_results=True)])
    G = build_graph(reg, identify(reg, DECLARED), {"required_pairs": [("L", "P")]})
    H = read_graph(write_graph(G, tmp_path / f"g{suffix}"))
    assert H.graph["name"] == (name or "")
    assert H.nodes["L"]["name"] == "[l]" and H.nodes["L"]["lat"] is None
    for s in G.nodes:
        assert _same(dict(H.nodes[s]), dict(G.nodes[s])), s
    assert _same(dict(H.edges["L", "P"]), dict(G.edges["L", "P"])) and math.isnan(H.edges["L", "P"]["km"])
    assert_candidates_equal(candidates_of(H), candidates_of(G))


def test_writing_keeps_the_graph_unchanged(tmp_path: Path) -> None:
    G = _demo_graph()
    before = {s: dict(d) for s, d in G.nodes(data=True)}
    write_graph(G, tmp_path / "g.graphml")
    assert {s: dict(d) for s, d in G.nodes(data=True)} == before


def test_export_rejects_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"\.json .*\.graphml"):
        write_graph(_demo_graph(), tmp_path / "g.csv")
    with pytest.raises(InvalidInputError, match=r"\.json .*\.graphml"):
        read_graph(tmp_path / "g.gexf")


def test_candidates_of_rebuilds_after_an_edge_is_removed() -> None:
    G = _demo_graph()
    before = candidates_of(G)
    u, v = next(iter(G.edges()))
    G.remove_edge(u, v)
    after = candidates_of(G)
    assert len(after) == len(before) - 1
    ids = before.ids
    keep = ~(((before.leader == ids.index(u)) & (before.partner == ids.index(v)))
             | ((before.leader == ids.index(v)) & (before.partner == ids.index(u))))
    np.testing.assert_array_equal(after.leader, before.leader[keep])
    np.testing.assert_array_equal(after.partner, before.partner[keep])
    np.testing.assert_array_equal(after.score, before.score[keep])
    for c in COMPONENTS:
        np.testing.assert_array_equal(after.components[c], before.components[c][keep])
    np.testing.assert_array_equal(after.capacity, before.capacity)


def test_candidates_of_sees_a_changed_score_and_a_swapped_edge() -> None:
    G = _demo_graph()
    u, v, d = next(iter(G.edges(data=True)))
    G.edges[u, v]["score"] = 99.0
    cand = candidates_of(G)
    assert 99.0 in cand.score.tolist()
    # remove one edge and add another: the count is unchanged, the pairs are not
    G = build_graph(nm.datasets.load_demo(), constraints={"max_km": 30, "beyond_limit": "forbid"})
    u, v, d = next(iter(G.edges(data=True)))
    roles = nx.get_node_attributes(G, "role")
    new = next((a, b) for a, b in product(G.nodes, G.nodes)
               if roles[a] == "leader" and roles[b] == "partner" and not G.has_edge(a, b))
    G.remove_edge(u, v)
    G.add_edge(*new, **{**d, "leader": new[0], "partner": new[1]})
    cand = candidates_of(G)
    ids = cand.ids
    pairs = {(ids[a], ids[b]) for a, b in zip(cand.leader, cand.partner, strict=True)}
    assert new in pairs and (d["leader"], d["partner"]) not in pairs


def test_candidates_of_a_foreign_graph_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="build_graph"):
        candidates_of(nx.Graph())


def test_candidate_arrays_are_read_only() -> None:
    cand = candidates_of(_demo_graph())
    with pytest.raises(ValueError, match="read-only"):
        cand.score[0] = 1.0


# --- the distance table ------------------------------------------------------------------------------------


def _pair_registry() -> tuple[nm.Registry, Identification]:
    reg = nm.Registry(schools=[
        nm.School(id="L", name="l", latitude=55.0, longitude=37.0, declared_leader=True),
        nm.School(id="M", name="m", latitude=55.0, longitude=37.2, declared_leader=True),
        nm.School(id="P", name="p", latitude=55.1, longitude=37.0, declared_low_results=True),
        nm.School(id="O", name="o", latitude=55.1, longitude=37.1, declared_leader=False,
                  declared_low_results=False, declared_unfavourable=False)])
    return reg, identify(reg, DECLARED)


def test_a_table_entry_overrides_the_estimate() -> None:
    reg, ident = _pair_registry()
    estimate = build_graph(reg, ident).edges["L", "P"]
    assert estimate["km"] == pytest.approx(1.3 * float(great_circle_km(55.0, 37.0, 55.1, 37.0)))
    assert estimate["minutes"] == pytest.approx(estimate["km"] / 50 * 60)
    G = build_graph(reg, ident, distances={"from": ["L"], "to": ["P"], "km": [38.5], "minutes": [61.0]})
    assert (G.edges["L", "P"]["km"], G.edges["L", "P"]["minutes"]) == (38.5, 61.0)
    assert G.edges["L", "P"]["mode"] == "in_person"
    assert G.edges["M", "P"]["km"] == build_graph(reg, ident).edges["M", "P"]["km"]  # untouched
    # minutes missing: from the table's km at the speed; km missing: the estimate
    G = build_graph(reg, ident, distances={"from": ["L"], "to": ["P"], "km": [38.5]})
    assert G.edges["L", "P"]["minutes"] == pytest.approx(38.5 / 50 * 60)
    G = build_graph(reg, ident, distances={"from": ["L"], "to": ["P"], "minutes": [61.0]})
    assert (G.edges["L", "P"]["km"], G.edges["L", "P"]["minutes"]) == (estimate["km"], 61.0)
    # the table can make a near pair remote: 45 minutes over the limit of 30
    G = build_graph(reg, ident, {"max_minutes": 30, "min_remote_mbps": None},
                    distances={"from": ["L"], "to": ["P"], "minutes": [45.0]})
    assert G.edges["L", "P"]["mode"] == "remote"


def test_a_table_entry_is_symmetric_and_accepts_a_frame() -> None:
    import pandas as pd

    reg, ident = _pair_registry()
    forward = build_graph(reg, ident, distances={"from": ["L"], "to": ["P"], "km": [12.0], "minutes": [20.0]})
    backward = build_graph(reg, ident, distances=pd.DataFrame({"from": ["P"], "to": ["L"], "km": [12.0],
                                                               "minutes": [20.0]}))
    for G in (forward, backward):
        assert (G.edges["L", "P"]["km"], G.edges["L", "P"]["minutes"]) == (12.0, 20.0)


@pytest.mark.parametrize("rows", [
    [("L", "P", 10.0), ("L", "P", 20.0)],
    [("P", "L", 10.0), ("L", "P", 20.0)],
    [("L", "P", 10.0), ("P", "L", 20.0)],
    [("P", "L", 10.0), ("P", "L", 20.0)],
])
def test_the_last_table_row_for_a_pair_wins(rows: list[tuple[str, str, float]]) -> None:
    reg, ident = _pair_registry()
    table = {"from": [r[0] for r in rows], "to": [r[1] for r in rows], "km": [r[2] for r in rows]}
    assert build_graph(reg, ident, distances=table).edges["L", "P"]["km"] == 20.0


def test_a_far_pair_in_the_table_is_a_candidate() -> None:
    reg, ident = _pair_registry()
    G = build_graph(reg, ident, {"max_km": 5, "beyond_limit": "forbid"},
                    distances={"from": ["M"], "to": ["P"], "km": [4.0]})
    assert G.edges["M", "P"]["mode"] == "in_person" and not G.has_edge("L", "P")


@pytest.mark.parametrize(("table", "message"), [
    ({"from": ["L", "X"], "to": ["P", "P"], "km": [1.0, 2.0]}, r"item 1: school 'X' is not in the registry"),
    ({"from": ["L"], "to": ["Y"], "km": [1.0]}, r"item 0: school 'Y' is not in the registry"),
    ({"from": ["L", "L"], "to": ["P", "M"], "km": [1.0, -2.0]}, r"item 1: negative km or minutes"),
    ({"from": ["L", "L"], "to": ["P", "M"], "minutes": [1.0, "abc"]}, r"item 1.*'abc'"),
    ({"from": ["L"], "to": ["P"]}, r"'km' and/or 'minutes'"),
    ({"from": ["L"], "km": [1.0]}, r"\['to'\]"),
    ([("L", "P", 1.0)], r"DataFrame or a mapping"),
])
def test_a_bad_table_is_an_invalid_input_naming_the_row(table: Any, message: str) -> None:
    reg, ident = _pair_registry()
    with pytest.raises(InvalidInputError, match=message):
        build_graph(reg, ident, distances=table)


def test_a_table_with_several_problems_names_them_all() -> None:
    reg, ident = _pair_registry()
    with pytest.raises(InvalidInputError) as err:
        build_graph(reg, ident, distances={"from": ["X", "L", "L"], "to": ["P", "P", "Z"], "km": [1, -1, 1]})
    assert len(err.value.problems) == 3


# --- parameter validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("constraints", "weights", "message"), [
    ({"max_km": -5}, None, "The 'max_km' parameter of build_graph must be greater than 0. Got -5 instead."),
    ({"road_factor": 0.5}, None, "The 'road_factor' parameter of build_graph must be at least 1. Got 0.5 instead."),
    ({"remote_candidates": -1}, None,
     "The 'remote_candidates' parameter of build_graph must be at least 0. Got -1 instead."),
    ({"beyond_limit": "maybe"}, None,
     "The 'beyond_limit' parameter of build_graph must be 'remote' or 'forbid'. Got 'maybe' instead."),
    ({"max_kms": 30}, None,
     "The 'max_kms' parameter of build_graph must be a known parameter (no such parameter). Got 30 instead."),
    (None, {"proximity": -1}, "The 'proximity' parameter of build_graph must be at least 0. Got -1 instead."),
    (None, {"decay_km": 0}, "The 'decay_km' parameter of build_graph must be greater than 0. Got 0 instead."),
])
def test_bad_parameters_are_invalid_input(constraints: Any, weights: Any, message: str) -> None:
    reg, ident = _pair_registry()
    with pytest.raises(InvalidInputError) as err:
        build_graph(reg, ident, constraints, weights)
    assert str(err.value) == message


def test_all_bad_parameters_are_reported_at_once() -> None:
    reg, ident = _pair_registry()
    with pytest.raises(InvalidInputError) as err:
        build_graph(reg, ident, {"max_km": -5, "speed_kmh": 0})
    assert len(err.value.problems) == 2


@pytest.mark.parametrize(("pair", "message"), [
    (("O", "P"), r"required pair \('O', 'P'\): 'O' is not a leader school \(its status: "),
    (("P", "L"), r"'P' is not a leader school \(its status: .*low_results"),
    (("L", "M"), r"required pair \('L', 'M'\): 'M' is neither ШНОР nor ШНСУ"),
    (("L", "X"), r"required pair \('L', 'X'\): school 'X' is not in the registry"),
])
def test_a_required_pair_must_join_a_leader_to_a_partner(pair: tuple[str, str], message: str) -> None:
    reg, ident = _pair_registry()
    with pytest.raises(InvalidInputError, match=message):
        build_graph(reg, ident, {"required_pairs": [pair]})


def test_required_and_excluded_pairs() -> None:
    reg, ident = _pair_registry()
    G = build_graph(reg, ident, {"excluded_pairs": [("L", "P")], "required_pairs": [("M", "P")],
                                 "max_km": 1, "beyond_limit": "forbid"})
    assert not G.has_edge("L", "P")
    assert G.edges["M", "P"]["required"] and G.edges["M", "P"]["mode"] == "remote"
    with pytest.raises(InvalidInputError, match="both required and excluded"):
        build_graph(reg, ident, {"excluded_pairs": [("L", "P")], "required_pairs": [("L", "P")]})
    with pytest.raises(InvalidInputError, match=r"excluded pair \('L', 'X'\): school 'X'"):
        build_graph(reg, ident, {"excluded_pairs": [("L", "X")]})


def test_an_identification_of_another_registry_is_rejected() -> None:
    reg, _ = _pair_registry()
    with pytest.raises(InvalidInputError, match="another registry"):
        build_graph(reg, identify(nm.datasets.load_demo()))


# --- the demo district --------------------------------------------------------------------------------------


def test_demo_district_graph() -> None:
    reg = nm.datasets.load_demo()
    ident = identify(reg)
    G = build_graph(reg, ident)
    assert G.number_of_nodes() == 18
    assert set(G.nodes) == set(reg.ids)
    needing = {s for s, st in zip(ident.ids, ident.statuses, strict=True)
               if st & {Status.LOW_RESULTS, Status.UNFAVOURABLE}}
    leaders = set(ident.leaders) - needing
    assert {"S09", "S12", "S16"} <= needing and leaders == {"S01", "S03", "S05", "S10"}
    for s in needing:
        assert G.degree(s) >= 1, s
    for u, v, d in G.edges(data=True):
        assert d["leader"] in leaders and d["partner"] in needing and {u, v} == {d["leader"], d["partner"]}
    existing = {(d["leader"], d["partner"]) for *_, d in G.edges(data=True) if d["existing"]}
    assert existing == {("S01", "S16"), ("S05", "S17")}
    assert G.nodes["S05"]["role"] == "leader" and G.nodes["S09"]["role"] == "partner"
    assert G.nodes["S02"]["role"] == "" and G.degree("S02") == 0
