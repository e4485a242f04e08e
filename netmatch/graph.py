"""The partnership graph: schools as nodes, feasible leader–partner pairs as scored edges.

:func:`build_graph` turns a registry and its identification into a :class:`networkx.Graph`.
Every school is a node (with its status, subject profile, resources and capacity); an edge
joins a leader to a ШНОР/ШНСУ partner only when the pair is feasible under the
:class:`Constraints` — distance or travel time, remote work beyond it, phases, language,
excluded pairs — and carries the distance, travel time, mode, score and score components.

The same candidates are kept as arrays in ``G.graph["candidates"]`` (a :class:`Candidates`),
which the solvers use directly: nothing at national scale loops over networkx edges.

Distances and times come from the one travel model (``netmatch._base.geo.TravelModel``):
great-circle distance times a road factor at a speed, or a table of road distances and times
(e.g. exported from a routing engine) where it has the pair. Candidates are found with a k-d
tree on unit-sphere coordinates (:class:`scipy.spatial.cKDTree`), never by comparing all pairs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from itertools import compress
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from netmatch._base.geo import (
    EARTH_RADIUS_KM,
    ROAD_FACTOR,
    SPEED_KMH,
    DistanceTable,
    TravelModel,
    great_circle_km,
    unit_vectors,
)
from netmatch._base.params import FLAG, MAPPING, NONE, PATH, TEXT, Rule, coerce, number, of, one_of, validate_params
from netmatch._base.ranks import standing
from netmatch._base.util import gc_paused
from netmatch._data import Registry
from netmatch._data.distances import read_distances
from netmatch._data.graph_files import read_graph_file, write_graph_file
from netmatch._data.school_arrays import (
    ALL_HOLDINGS,
    SchoolArrays,
    column,
    school_arrays,
    share_a_language,
    teaches_every_phase,
)
from netmatch._identify import Identification, Status, identify
from netmatch.exceptions import InvalidInputError
from netmatch.scoring import (
    COMPONENTS,
    ScoringWeights,
    combine,
    context_similarity,
    gap,
    pair_words,
    proximity,
    resource_complementarity,
    subject_complementarity,
)

__all__ = ["DISTANCES", "EARTH_RADIUS_KM", "GRAPH", "Candidates", "Constraints", "build_graph",
           "candidates_of", "explain", "explain_both", "great_circle_km", "read_graph", "write_graph"]

Pair = tuple[str, str]
#: A graph parameter (the matching functions take it too); the candidate arrays are checked inside.
GRAPH = of(nx.Graph, text="a networkx graph from build_graph")
DISTANCES = Rule("a DataFrame or a mapping of columns 'from', 'to', 'km', 'minutes'",
                  lambda v: isinstance(v, Mapping) or (hasattr(v, "to_dict") and hasattr(v, "columns")))


class Constraints(BaseModel):
    """What makes a leader–partner pair feasible, and how many pairs each school takes.

    Examples
    --------
    >>> Constraints(max_km=30, beyond_limit="forbid").max_km
    30.0
    >>> Constraints(max_km=-5)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Constraints
    max_km
      Input should be greater than 0 ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_km: float | None = Field(40.0, gt=0, description="Longest in-person distance by road, km.")
    max_minutes: float | None = Field(None, gt=0, description="Longest in-person travel time, minutes.")
    road_factor: float = Field(ROAD_FACTOR, ge=1, description="Road distance / great-circle distance.")
    speed_kmh: float = Field(SPEED_KMH, gt=0, description="Travel speed for times not in the table.")
    beyond_limit: Literal["remote", "forbid"] = Field(
        "remote", description="Beyond the limits: a remote partnership (penalised) or none.")
    remote_candidates: int = Field(
        5, ge=0, description="Nearest leaders beyond the limits offered remotely, and as many of the nearest "
                             "that suit the school (phases, language, internet, not excluded).")
    remote_max_km: float | None = Field(None, gt=0, description="Farthest remote partnership, km.")
    min_remote_mbps: float | None = Field(
        10.0, ge=0, description="Internet both schools need for remote work (unknown speeds pass).")
    same_phase: bool = Field(True, description="A leader must teach every phase (НОО/ООО/СОО) the partner does.")
    same_language: bool = Field(True, description="Leader and partner share a language of instruction.")
    excluded_pairs: tuple[Pair, ...] = Field((), description="(leader, partner) pairs never proposed.")
    required_pairs: tuple[Pair, ...] = Field((), description="(leader, partner) pairs under contract.")
    leader_capacity: int | None = Field(
        None, ge=0, description="Partners per leader for every leader (overrides the registry).")
    default_leader_capacity: int = Field(3, ge=0, description="Partners per leader when the registry is silent.")
    load_hours: float | None = Field(
        None, gt=0, description="Mentor hours a week one partnership takes; enables load units.")
    default_mentor_hours: float = Field(6.0, ge=0, description="A leader's hours when the registry is silent.")
    min_partners: int = Field(1, ge=0, description="Leaders a ШНОР/ШНСУ needs to count as covered.")
    max_partners: int = Field(1, ge=1, description="Leaders a ШНОР/ШНСУ may have.")

    @field_validator("excluded_pairs", "required_pairs", mode="before")
    @classmethod
    def _pairs(cls, v: object) -> object:
        if isinstance(v, Iterable) and not isinstance(v, str):
            return tuple(tuple(str(x) for x in p) for p in v)
        return v

    @model_validator(mode="after")
    def _check(self) -> Constraints:
        if self.min_partners > self.max_partners:
            raise ValueError(f"min_partners ({self.min_partners}) exceeds max_partners ({self.max_partners})")
        both = set(self.excluded_pairs) & set(self.required_pairs)
        if both:
            raise ValueError(f"pairs both required and excluded: {sorted(both)}")
        return self


@dataclass(frozen=True, eq=False)
class Candidates:
    """Candidate leader–partner pairs as arrays (one entry per edge), for the solvers.

    ``leader`` and ``partner`` are row numbers in the registry's school order (``ids``).
    ``components`` maps each name of :data:`netmatch.scoring.COMPONENTS` to an array.
    ``capacity`` (per school; 0 for non-leaders), ``demand`` (per school; 0 for schools that
    need no leader), ``hours`` (a leader's mentor hours) and ``load`` (hours a partnership
    takes; 0 without load units) are per school.
    """

    ids: tuple[str, ...]
    leader: np.ndarray
    partner: np.ndarray
    km: np.ndarray
    minutes: np.ndarray
    remote: np.ndarray
    required: np.ndarray
    existing: np.ndarray
    score: np.ndarray
    components: Mapping[str, np.ndarray]
    capacity: np.ndarray
    demand: np.ndarray
    min_demand: np.ndarray
    hours: np.ndarray
    load: np.ndarray
    is_leader: np.ndarray
    needs_partner: np.ndarray
    diagnostics: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, np.ndarray):
                v.flags.writeable = False

    def __len__(self) -> int:
        return len(self.leader)


# --- the graph ---------------------------------------------------------------------------------


@validate_params(registry=of(Registry, text="a Registry"),
                 identification=(of(Identification, text="an Identification"), NONE),
                 constraints=(of(Constraints, text="Constraints"), MAPPING, NONE),
                 weights=(of(ScoringWeights, text="ScoringWeights"), MAPPING, NONE), distances=(DISTANCES, NONE),
                 members=FLAG)
def build_graph(
    registry: Registry,
    identification: Identification | None = None,
    constraints: Constraints | Mapping[str, Any] | None = None,
    weights: ScoringWeights | Mapping[str, Any] | None = None,
    *,
    distances: Any = None,
    members: bool = False,
) -> nx.Graph:
    """Build the partnership graph of a registry.

    Parameters
    ----------
    registry : Registry
    identification : Identification, optional
        Statuses and profiles; computed with default rules when omitted.
    constraints : Constraints or dict, optional
    weights : ScoringWeights or dict, optional
    distances : DataFrame or mapping, optional
        Road distances and times, long form with columns ``from``, ``to``, ``km``,
        ``minutes`` (either may be missing); used instead of the estimate where given.
    members : bool
        Also find, by the same rules, the leaders each ordinary school (neither a leader nor
        ШНОР/ШНСУ) could join in an association (:func:`netmatch.form_networks`): kept as arrays in
        ``G.graph["member_candidates"]``, not as edges, so pairing sees the same graph.

    Returns
    -------
    networkx.Graph
        Nodes: every school id, with ``name``, ``status`` (list of :class:`Status` values),
        ``role`` (``"leader"``, ``"partner"`` or ``""``), ``lat``, ``lon``, ``capacity``,
        ``demand``, ``overall``, ``profile`` (``{"procedure:subject": z}``), ``standing``
        (the same keys: ``[share of the schools with a result in it doing as well or better, share
        doing as well or worse]``, each counting the school itself), ``resources``.
        Edges: ``leader``, ``partner``, ``km``, ``minutes``, ``mode`` (``"in_person"`` or
        ``"remote"``), ``score``, one attribute per score component, ``required``,
        ``existing``. ``G.graph["candidates"]`` holds the same edges as arrays.

    Notes
    -----
    Candidates are the leaders within the limits (great-circle distance x ``road_factor``, or
    the ``distances`` table), required pairs, and with ``beyond_limit="remote"`` the
    ``remote_candidates`` nearest leaders beyond the limits together with the
    ``remote_candidates`` nearest of those that suit the school — so that a nearer leader
    ruled out by phases, language, internet or an exclusion does not hide a suitable one. Then
    the phase, language, internet, ``remote_max_km`` and exclusion rules filter them.

    Examples
    --------
    >>> from netmatch.datasets import load_demo
    >>> G = build_graph(load_demo())
    >>> G.number_of_nodes()
    18
    >>> all(d["km"] <= 40 or d["mode"] == "remote" for *_, d in G.edges(data=True))
    True
    """
    cons = coerce(Constraints, constraints, "build_graph")
    w = coerce(ScoringWeights, weights, "build_graph")
    ident = identification if identification is not None else identify(registry)
    if ident.ids != registry.ids:
        raise InvalidInputError(["The identification belongs to another registry (its school ids differ); "
                                 "run identify() on this registry."])
    cand = _candidates(registry, ident, cons, w, distances)
    G = _to_networkx(registry, ident, cand, cons, w)
    if members:
        G.graph["member_candidates"] = _candidates(registry, ident, cons, w, distances, ordinary=True)
    return G


def _nearest_beyond(tree: Any, points: np.ndarray, within: np.ndarray, count: int, reach: float,
                    skip: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """For each point, its ``count`` nearest tree points beyond the chord ``reach`` (unit sphere).

    ``within[r]`` is how many tree points lie within reach of point r: its nearest
    ``within + count`` then hold the ``count`` nearest beyond. Points are queried in groups by
    that number rounded up to a power of two, since one k for all (a city partner's hundreds)
    would cost every point the most. ``skip(tree_index, point_index)``, when given, marks
    neighbours that do not count, and ``within`` must then include how many there may be.
    Returns (tree index, point index) of each pair found.
    """
    n_tree = tree.n
    need = np.minimum(within + count, n_tree)
    level = np.ceil(np.log2(np.maximum(need, 1))).astype(np.int64)
    out_t: list[np.ndarray] = [np.zeros(0, np.int64)]
    out_p: list[np.ndarray] = [np.zeros(0, np.int64)]
    for g in np.unique(level).tolist():
        rows = np.flatnonzero(level == g)
        k = int(min(n_tree, 2**g))
        dk, jk = tree.query(points[rows], k=k)
        dk, jk = np.asarray(dk).reshape(len(rows), k), np.asarray(jk).reshape(len(rows), k)
        beyond = dk > reach  # the complement of a radius search
        if skip is not None:
            beyond &= ~skip(jk, np.broadcast_to(rows[:, None], jk.shape))
        rank = np.cumsum(beyond, axis=1)
        r, c = np.nonzero(beyond & (rank <= count))
        out_t.append(jk[r, c])
        out_p.append(rows[r])
    return np.concatenate(out_t), np.concatenate(out_p)


def _nearest_suitable_beyond(arr: SchoolArrays, cons: Constraints, index: Mapping[str, int],
                             lrow: np.ndarray, prow: np.ndarray, xyz: np.ndarray, sdm: np.ndarray,
                             reach: float) -> tuple[np.ndarray, np.ndarray]:
    """Each partner's ``remote_candidates`` nearest leaders beyond reach that suit it.

    Suitable: the phase and language rules, the leader's internet for remote work, not an
    excluded pair. Partners fall into few classes (phases × languages); each class gets a k-d
    tree of the leaders that suit it. Returns (leader row, partner row) of each pair found.
    """
    from scipy.spatial import cKDTree

    count = cons.remote_candidates
    phase = arr.phases if cons.same_phase else np.zeros(len(arr.phases), np.int64)
    lang = arr.lang_code if cons.same_language else np.zeros(len(arr.lang_code), np.int64)
    classes, cls = np.unique(np.c_[phase[prow], lang[prow]], axis=0, return_inverse=True)
    cls = cls.ravel()
    suits = np.ones((len(classes), len(lrow)), bool)
    for c, (ph, lc) in enumerate(classes.tolist()):
        if cons.same_phase:
            suits[c] &= teaches_every_phase(arr.phases[lrow], ph)
        if cons.same_language:
            suits[c] &= share_a_language(arr.lang_code[lrow], np.full(len(lrow), lc), arr.lang_sets)
    if cons.min_remote_mbps is not None:
        suits &= ~(arr.mbps[lrow] < cons.min_remote_mbps)  # unknown speeds pass
    n = len(arr.phases)
    excluded = _pair_keys(cons.excluded_pairs, index, n)
    ex_count = np.bincount(excluded % n, minlength=n)
    out_l: list[np.ndarray] = [np.zeros(0, np.int64)]
    out_p: list[np.ndarray] = [np.zeros(0, np.int64)]
    for c in range(len(classes)):
        members = np.flatnonzero(cls == c)
        ok = np.flatnonzero(suits[c])
        if len(ok) == 0:
            continue
        inside = (cls[sdm["j"]] == c) & suits[c][sdm["i"]]
        within = np.bincount(sdm["j"][inside], minlength=len(prow))[members]
        skip = None
        if len(excluded):
            within = within + ex_count[prow[members]]  # room for the excluded neighbours skipped

            def skip(t: np.ndarray, r: np.ndarray, lead_of: np.ndarray = lrow[ok],
                     part_of: np.ndarray = prow[members]) -> np.ndarray:
                return np.isin(lead_of[t] * n + part_of[r], excluded)

        ti, pi = _nearest_beyond(cKDTree(xyz[lrow[ok]]), xyz[prow[members]], within, count, reach, skip)
        out_l.append(lrow[ok[ti]])
        out_p.append(prow[members[pi]])
    return np.concatenate(out_l), np.concatenate(out_p)


def _pair_keys(pairs: Iterable[tuple[str, str]], index: Mapping[str, int], n: int) -> np.ndarray:
    """``leader * n + partner`` row keys of (leader id, partner id) pairs, sorted; unknown ids skipped."""
    return np.array(sorted(index[a] * n + index[b] for a, b in pairs if a in index and b in index), dtype=np.int64)


@dataclass(frozen=True)
class _Sides:
    """Who may pair: leaders (not themselves in need), schools that need a leader, located schools."""

    is_leader: np.ndarray
    needs: np.ndarray
    located: np.ndarray


def _search(arr: SchoolArrays, cons: Constraints, trip: TravelModel, index: Mapping[str, int],
            table: DistanceTable, sides: _Sides) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]:
    """The candidate pairs by place: leaders within the limits, the nearest beyond, the table's pairs.

    Returns the leader rows and the partner rows of the pairs found (in pieces, with repeats),
    and each partner's nearest leader and its road km (for the reasons of the unpaired).
    """
    n = len(sides.located)
    lrow = np.flatnonzero(sides.is_leader & sides.located)
    prow = np.flatnonzero(sides.needs & sides.located)
    nearest, nearest_km = np.full(n, -1, np.int64), np.full(n, np.nan)
    if not (len(lrow) and len(prow)):
        return [], [], nearest, nearest_km
    from scipy.spatial import cKDTree

    xyz = unit_vectors(arr.lat, arr.lon)
    # the estimate is great-circle x road factor: within the limits exactly when the great circle
    # is within limit / road_factor (table pairs, whose road may be shorter, are added below)
    reach = trip.search_chord(trip.road_km(cons.max_km, cons.max_minutes), slack=0.0)
    tree = cKDTree(xyz[lrow])
    d1, j1 = tree.query(xyz[prow], k=1)
    nearest[prow] = lrow[j1]
    nearest_km[prow] = trip.road_km_of_chords(d1)
    found_l, found_p = [], []
    if math.isfinite(reach):
        sdm = tree.sparse_distance_matrix(cKDTree(xyz[prow]), reach, output_type="ndarray")
        found_l.append(lrow[sdm["i"]])
        found_p.append(prow[sdm["j"]])
        if cons.beyond_limit == "remote" and cons.remote_candidates > 0:
            # the nearest leaders beyond reach, whatever they are (they also tell an unpaired
            # school why the nearest would not do) ...
            within = np.bincount(sdm["j"], minlength=len(prow))
            li, pi = _nearest_beyond(tree, xyz[prow], within, cons.remote_candidates, reach)
            found_l.append(lrow[li])
            found_p.append(prow[pi])
            # ... and the nearest that suit the partner: phases, language, the leader's internet and
            # the excluded pairs, so that an unsuitable nearest leader does not hide a suitable one
            li, pi = _nearest_suitable_beyond(arr, cons, index, lrow, prow, xyz, sdm, reach)
            found_l.append(li)
            found_p.append(pi)
    else:
        found_l.append(np.repeat(lrow, len(prow)))
        found_p.append(np.tile(prow, len(lrow)))
    if len(table):  # every table pair between a leader and a partner is a candidate too
        ta, tb = table.keys // n, table.keys % n
        ok = sides.is_leader[ta] & sides.needs[tb] & sides.located[ta] & sides.located[tb]
        found_l.append(ta[ok])
        found_p.append(tb[ok])
    return found_l, found_p, nearest, nearest_km


def _required_rows(cons: Constraints, index: Mapping[str, int], ident: Identification,
                   sides: _Sides) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the required pairs; each unknown school, non-leader and non-partner is a problem."""
    req_l = np.array([index.get(a, -1) for a, _ in cons.required_pairs], dtype=np.int64)
    req_p = np.array([index.get(b, -1) for _, b in cons.required_pairs], dtype=np.int64)
    problems = [f"required pair {pair!r}: school {pair[0] if a < 0 else pair[1]!r} is not in the registry"
                for pair, a, b in zip(cons.required_pairs, req_l, req_p, strict=True) if a < 0 or b < 0]
    for pair, a, b in zip(cons.required_pairs, req_l, req_p, strict=True):
        if a >= 0 and b >= 0:
            if not sides.is_leader[a]:
                problems.append(f"required pair {pair!r}: {pair[0]!r} is not a leader school "
                                f"(its status: {', '.join(sorted(s.value for s in ident.statuses[a]))})")
            if not sides.needs[b]:
                problems.append(f"required pair {pair!r}: {pair[1]!r} is neither ШНОР nor ШНСУ")
    problems += [f"excluded pair {pair!r}: school {x!r} is not in the registry"
                 for pair in cons.excluded_pairs for x in pair if x not in index]
    if problems:
        raise InvalidInputError(problems)
    return req_l, req_p


def _modes(km: np.ndarray, minutes: np.ndarray, mbps: np.ndarray, lead: np.ndarray, part: np.ndarray,
           cons: Constraints) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: in person (both limits hold), kept (in person, or allowed remotely), and kept
    out only by the internet."""
    in_person = TravelModel.within_limits(km, minutes, cons.max_km, cons.max_minutes)
    remote = ~in_person
    keep = in_person.copy()
    internet_blocked = np.zeros(len(km), bool)
    if cons.beyond_limit == "remote":
        ok = np.ones(len(km), bool)
        if cons.remote_max_km is not None:
            ok &= km <= cons.remote_max_km
        if cons.min_remote_mbps is not None:
            slow = (mbps[lead] < cons.min_remote_mbps) | (mbps[part] < cons.min_remote_mbps)
            internet_blocked = remote & ok & slow
            ok &= ~slow
        keep |= remote & ok
    return in_person, keep, internet_blocked


def _suits(arr: SchoolArrays, lead: np.ndarray, part: np.ndarray, cons: Constraints,
           index: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: the phase rule, the language rule, and whether the pair is excluded."""
    m, n = len(lead), len(arr.phases)
    phase_ok = teaches_every_phase(arr.phases[lead], arr.phases[part]) if cons.same_phase else np.ones(m, bool)
    lang_ok = (share_a_language(arr.lang_code[lead], arr.lang_code[part], arr.lang_sets)
               if cons.same_language else np.ones(m, bool))
    excluded = (np.isin(lead * n + part, _pair_keys(cons.excluded_pairs, index, n)) if cons.excluded_pairs
                else np.zeros(m, bool))
    return phase_ok, lang_ok, excluded


def _scores(registry: Registry, ident: Identification, arr: SchoolArrays, lead: np.ndarray,
            part: np.ndarray, km: np.ndarray, remote: np.ndarray,
            w: ScoringWeights) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    """Per pair: whether the partnership exists already, the score components and the score."""
    n, index = len(registry), registry.index
    prof = ident.profile.z
    # existing partnerships, listed by either school, as pair keys in both directions
    listed = [(i, index[p]) for i, s in enumerate(registry.schools) for p in s.partners]
    known = np.array(listed, dtype=np.int64).reshape(-1, 2)
    existing = np.isin(lead * n + part, np.r_[known[:, 0] * n + known[:, 1], known[:, 1] * n + known[:, 0]])
    unfav = np.array([Status.UNFAVOURABLE in st for st in ident.statuses])
    comps = {
        "subject": subject_complementarity(prof[lead], prof[part]) if prof.shape[1] else np.zeros(len(lead)),
        "gap": gap(ident.overall[lead], ident.overall[part]),
        "context": context_similarity(ident.context[lead], ident.context[part], arr.students[lead],
                                      arr.students[part], arr.urban[lead], arr.urban[part]),
        "resources": resource_complementarity(arr.holdings[lead], arr.holdings[part], ALL_HOLDINGS),
        "proximity": proximity(km, w.decay_km),
        "continuity": existing.astype(float),
        "resilience": (ident.resilient[lead] & unfav[part]).astype(float),
    }
    return existing, comps, combine(comps, remote, w)


def _loads(registry: Registry, cons: Constraints,
           sides: _Sides) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per school: capacity, mentor hours, demand, minimum demand and the load of a partnership."""
    is_leader, needs = sides.is_leader, sides.needs
    given = np.array([-1 if s.leader_capacity is None else s.leader_capacity for s in registry.schools], np.int64)
    if cons.leader_capacity is not None:
        given[:] = cons.leader_capacity
    capacity = np.where(is_leader, np.where(given >= 0, given, cons.default_leader_capacity), 0).astype(np.int64)
    mentor = column(registry.schools, "mentor_hours")
    hours = np.where(is_leader, np.where(np.isnan(mentor), cons.default_mentor_hours, mentor), 0.0)
    demand = np.where(needs, cons.max_partners, 0).astype(np.int64)
    min_demand = np.where(needs, cons.min_partners, 0).astype(np.int64)
    load = np.where(needs, cons.load_hours or 0.0, 0.0)
    return capacity, hours, demand, min_demand, load


def _candidates(registry: Registry, ident: Identification, cons: Constraints, w: ScoringWeights,
                distances: Any, ordinary: bool = False) -> Candidates:
    """The candidate pairs of a registry as arrays: searched, filtered by the rules, scored.

    ``ordinary``: the partner side is the ordinary schools (neither leader nor ШНОР/ШНСУ), for
    associations; required pairs, which join a leader to a ШНОР/ШНСУ, are left to the pairs.
    """
    n, index = len(registry), registry.index
    arr = school_arrays(registry)
    needs = ident.needs_partner.copy()
    is_leader = ident.is_leader.copy() & ~needs
    if ordinary:
        needs = ~is_leader & ~needs
        cons = cons.model_copy(update={"required_pairs": ()})
    sides = _Sides(is_leader=is_leader, needs=needs, located=~np.isnan(arr.lat))
    table = read_distances(distances, index, n, "build_graph")
    trip = TravelModel(cons.road_factor, cons.speed_kmh)
    found_l, found_p, nearest, nearest_km = _search(arr, cons, trip, index, table, sides)
    req_l, req_p = _required_rows(cons, index, ident, sides)
    lead, part = np.concatenate([*found_l, req_l]), np.concatenate([*found_p, req_p])
    key = np.unique(lead * n + part)  # sorted: deterministic edge order
    lead, part = key // n, key % n
    required = np.isin(key, req_l * n + req_p)

    # distances and times: the table first, else the estimate
    km, minutes = trip.trips(arr.lat, arr.lon, lead, part, table)
    in_person, keep, internet_blocked = _modes(km, minutes, arr.mbps, lead, part, cons)
    remote = ~in_person
    phase_ok, lang_ok, excluded = _suits(arr, lead, part, cons, index)
    self_pair = lead == part

    # what stood in each partner's way, for the reasons of the unpaired
    def per_partner(mask: np.ndarray) -> np.ndarray:
        return np.bincount(part[mask], minlength=n)

    reachable = keep & ~self_pair
    diagnostics = {
        "nearest_leader": nearest,
        "nearest_km": nearest_km,
        "in_reach": per_partner(in_person & ~self_pair),
        "phase_mismatch": per_partner(reachable & ~phase_ok),
        "language_mismatch": per_partner(reachable & phase_ok & ~lang_ok),
        "excluded": per_partner(reachable & phase_ok & lang_ok & excluded),
        "internet": per_partner(internet_blocked),
        "located": sides.located,
    }
    final = (keep & phase_ok & lang_ok & ~excluded & ~self_pair) | required
    lead, part, km, minutes, remote, required = (lead[final], part[final], km[final], minutes[final],
                                                 remote[final], required[final])
    existing, comps, score = _scores(registry, ident, arr, lead, part, km, remote, w)
    capacity, hours, demand, min_demand, load = _loads(registry, cons, sides)
    return Candidates(
        ids=registry.ids, leader=lead, partner=part, km=km, minutes=minutes, remote=remote, required=required,
        existing=existing, score=score, components=comps, capacity=capacity, demand=demand,
        min_demand=min_demand, hours=hours, load=load, is_leader=sides.is_leader, needs_partner=needs,
        diagnostics=diagnostics)


@gc_paused()  # hundreds of thousands of small dicts: see gc_paused
def _to_networkx(registry: Registry, ident: Identification, cand: Candidates, cons: Constraints,
                 w: ScoringWeights) -> nx.Graph:
    G = nx.Graph(name=registry.name or "", constraints=cons.model_dump(mode="json"),
                 weights=w.model_dump(mode="json"), years=list(ident.years))
    keys = [f"{p}:{s}" for p, s in ident.profile.keys]
    prof = ident.profile.z
    kinds: dict[str, list[str]] = {}
    for r in registry.resources:
        kinds.setdefault(r.host, []).append(r.kind.value)
    present = ~np.isnan(prof)
    top, bottom = standing(prof)
    nodes = []
    for i, s in enumerate(registry.schools):
        row = present[i]
        nodes.append((s.id, {
            "name": s.name,
            "status": sorted(x.value for x in ident.statuses[i]),
            "role": "leader" if cand.is_leader[i] else ("partner" if cand.needs_partner[i] else ""),
            "lat": s.latitude, "lon": s.longitude,
            "settlement_type": None if s.settlement_type is None else s.settlement_type.value,
            "students": s.students,
            "capacity": int(cand.capacity[i]),
            "demand": int(cand.demand[i]),
            "overall": None if math.isnan(ident.overall[i]) else float(ident.overall[i]),
            "profile": dict(zip(compress(keys, row.tolist()), prof[i][row].tolist(), strict=True)),
            "standing": dict(zip(compress(keys, row.tolist()),
                                 np.column_stack([top[i][row], bottom[i][row]]).round(4).tolist(), strict=True)),
            "resources": kinds.get(s.id, []),
            "resilient": bool(ident.resilient[i]),
            "internet_mbps": s.internet_mbps,
        }))
    G.add_nodes_from(nodes)
    ids = cand.ids
    # one attribute dict per edge, zipped from the columns (the hot loop of build_graph)
    names = ("leader", "partner", "km", "minutes", "mode", "score", "required", "existing", *COMPONENTS)
    columns = [[ids[a] for a in cand.leader.tolist()], [ids[b] for b in cand.partner.tolist()],
               cand.km.tolist(), cand.minutes.tolist(),
               ["remote" if r else "in_person" for r in cand.remote.tolist()], cand.score.tolist(),
               cand.required.tolist(), cand.existing.tolist(), *(cand.components[c].tolist() for c in COMPONENTS)]
    G.add_edges_from((row[0], row[1], dict(zip(names, row, strict=True))) for row in zip(*columns, strict=True))
    G.graph["candidates"] = cand
    # the partner organisations, as records: they may lead associations (netmatch._networks.organisations)
    G.graph["organisations"] = [o.model_dump(mode="json") for o in registry.organisations]
    G.graph.update(registry.declared_names)  # for explain; nothing for ЕГЭ, ОГЭ, ВПР: the graph as before
    return G


@validate_params(G=GRAPH)
def candidates_of(G: nx.Graph) -> Candidates:
    """The candidate arrays of a graph; rebuilt from its edges if the graph was edited.

    Adding or removing edges, or changing an edge's ``score``, ``mode`` or ``required`` flag
    after :func:`build_graph` is allowed: one pass over the networkx edges tells whether they
    still are the arrays' pairs and values, and the arrays are rebuilt from the edges when not.
    After changing other edge attributes in place (``km``, components), set
    ``G.graph["edited"] = True`` to have the arrays rebuilt.

    >>> from netmatch.datasets import load_demo
    >>> G = build_graph(load_demo())
    >>> u, v = next(iter(G.edges()))
    >>> G.edges[u, v]["score"] = 5.0
    >>> float(candidates_of(G).score.max())
    5.0
    """
    cand: Candidates | None = G.graph.get("candidates")
    if cand is None:
        raise InvalidInputError(["This graph was not made by netmatch.build_graph (no candidate arrays); "
                                 "build it with build_graph() or read it with read_graph()."])
    index = {s: i for i, s in enumerate(cand.ids)}
    n = len(cand.ids)
    data = [d for _, _, d in G.edges(data=True)]
    m = len(data)
    key = np.fromiter((index[d["leader"]] * n + index[d["partner"]] for d in data), np.int64, m)
    order = np.argsort(key, kind="stable")  # the arrays' order: by leader, then partner
    key = key[order]

    def col(name: str, dtype: Any = float) -> np.ndarray:
        return np.fromiter((d[name] for d in data), dtype, m)[order]

    score, required = col("score"), col("required", bool)
    remote = np.fromiter((d["mode"] == "remote" for d in data), bool, m)[order]
    if (not G.graph.get("edited", False) and np.array_equal(key, cand.leader * n + cand.partner)
            and np.array_equal(score, cand.score, equal_nan=True) and np.array_equal(remote, cand.remote)
            and np.array_equal(required, cand.required)):
        return cand
    return Candidates(
        ids=cand.ids, leader=key // n, partner=key % n, km=col("km"), minutes=col("minutes"),
        remote=remote, required=required, existing=col("existing", bool), score=score,
        components={c: col(c) for c in COMPONENTS},
        capacity=cand.capacity, demand=cand.demand, min_demand=cand.min_demand, hours=cand.hours,
        load=cand.load, is_leader=cand.is_leader, needs_partner=cand.needs_partner,
        diagnostics=cand.diagnostics)


# --- explanations ------------------------------------------------------------------------------

@validate_params(G=GRAPH, a=TEXT, b=TEXT, lang=one_of("ru", "en"), top=number(ge=0, integer=True))
def explain(G: nx.Graph, a: str, b: str, lang: str = "ru", *, top: int = 2) -> str:
    """A short text saying why leader ``a`` and partner ``b`` make a pair (either order).

    >>> from netmatch.datasets import load_demo
    >>> G = build_graph(load_demo())
    >>> u, v = next(iter(G.edges()))
    >>> "км" in explain(G, u, v)
    True
    """
    ru, en = explain_both(G, a, b, top=top)
    return ru if lang == "ru" else en


@validate_params(G=GRAPH, a=TEXT, b=TEXT, top=number(ge=0, integer=True))
def explain_both(G: nx.Graph, a: str, b: str, *, top: int = 2) -> tuple[str, str]:
    """:func:`explain` in Russian and in English at once (one pass over the profiles).

    >>> from netmatch.datasets import load_demo
    >>> G = build_graph(load_demo())
    >>> u, v = next(iter(G.edges()))
    >>> explain_both(G, u, v) == (explain(G, u, v, "ru"), explain(G, u, v, "en"))
    True
    """
    if not G.has_edge(a, b):
        raise KeyError(f"no candidate pair between {a!r} and {b!r} in the graph")
    d = G.edges[a, b]
    leader, partner = G.nodes[d["leader"]], G.nodes[d["partner"]]
    return pair_words(leader, partner, d, top=top, procedures=G.graph.get("procedures", {}))


# --- export -----------------------------------------------------------------------------------


@validate_params(G=GRAPH, path=PATH)
def write_graph(G: nx.Graph, path: str | Path) -> Path:
    """Write the graph for other tools: node-link JSON (``.json``) or GraphML (``.graphml``).

    Lists and the profile are stored as JSON text in GraphML, which has no such types;
    :func:`read_graph` restores them, and the candidate arrays.

    >>> import tempfile
    >>> from netmatch.datasets import load_demo
    >>> G = build_graph(load_demo())
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     H = read_graph(write_graph(G, Path(folder) / "graph.graphml"))
    >>> H.number_of_edges() == G.number_of_edges(), len(candidates_of(H)) == len(candidates_of(G))
    (True, True)
    """
    cand = candidates_of(G)
    arrays: dict[str, Any] = {
        k: getattr(cand, k).tolist() for k in ("capacity", "demand", "min_demand", "hours", "load", "is_leader",
                                               "needs_partner")}
    arrays["diagnostics"] = {k: np.asarray(v).tolist() for k, v in cand.diagnostics.items()}
    return write_graph_file(G, path, cand.ids, arrays)


@validate_params(path=PATH)
def read_graph(path: str | Path) -> nx.Graph:
    """Read a graph written by :func:`write_graph` (see its example), restoring lists, profiles and arrays."""
    G, ids, arrays = read_graph_file(path)
    school_arrays = Candidates(
        ids=ids, leader=np.zeros(0, np.int64), partner=np.zeros(0, np.int64), km=np.zeros(0), minutes=np.zeros(0),
        remote=np.zeros(0, bool), required=np.zeros(0, bool), existing=np.zeros(0, bool), score=np.zeros(0),
        components={c: np.zeros(0) for c in COMPONENTS},
        capacity=np.array(arrays["capacity"], np.int64), demand=np.array(arrays["demand"], np.int64),
        min_demand=np.array(arrays["min_demand"], np.int64), hours=np.array(arrays["hours"], float),
        load=np.array(arrays["load"], float), is_leader=np.array(arrays["is_leader"], bool),
        needs_partner=np.array(arrays["needs_partner"], bool),
        diagnostics={k: np.array(v) for k, v in arrays.get("diagnostics", {}).items()})
    G.graph["candidates"] = school_arrays  # per-school arrays; edges come next
    G.graph["edited"] = True
    G.graph["candidates"] = candidates_of(G)
    G.graph.pop("edited")
    return G

