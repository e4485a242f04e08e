"""Associations (сетевые объединения) around leader schools that take in ordinary schools too.

:func:`form_networks` gathers every ШНОР/ШНСУ and enough ordinary schools to reach the
programme's share of all schools into associations, each led by one leader school, by the
same travel rules as the pairs (in person within the limits, remote beyond them where the
graph allows it) and within each leader's capacity for ШНОР/ШНСУ. The objective and the
solver are those of :func:`netmatch._solvers.associations.form_associations`: most ШНОР/ШНСУ
in an association, then most schools in the network up to the target, then the least travel,
then the best pair scores. :func:`check_networks` lists every rule a result breaks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import networkx as nx
import numpy as np

from netmatch._base.lists import more
from netmatch._base.params import FLAG, MAPPING, NONE, PAIRS, coerce, number, of, one_of, validate_params
from netmatch._data import Registry
from netmatch._identify import Identification
from netmatch._networks.colead import co_leaders, leader_trip
from netmatch._networks.levers import LEVERS, idle_organisations, levers, nearest_leader
from netmatch._networks.organisations import OrganisationArcs, organisation_arcs
from netmatch._networks.results import Association, Membership, NetworkKpis, Networks
from netmatch._pairing import Pairing, ProgrammeTargets
from netmatch._solvers.associations import AssociationPlan, check_associations, form_associations
from netmatch._words import CATALOG, fill
from netmatch.exceptions import InvalidInputError
from netmatch.graph import DISTANCES, GRAPH, Candidates, Constraints, build_graph, candidates_of
from netmatch.scoring import ScoringWeights

__all__ = ["check_networks", "form_networks"]

#: Reasons, ``code -> (Russian, English)`` templates.
REASONS: dict[str, tuple[str, str]] = {
    "leads": ("ведёт сетевое объединение (школ: {size}, из них ШНОР/ШНСУ: {priority})",
              "leads an association of {size} schools, {priority} of them ШНОР/ШНСУ"),
    "member": ("в объединении школы-лидера {leader}: {km} км, {mode}",
               "in the association of leader {leader}: {km} km, {mode}"),
    "member_of_organisation": ("в объединении организации-лидера {leader}: {km} км, {mode}",
                               "in the association led by the organisation {leader}: {km} km, {mode}"),
    "organisation_no_coordinates": ("нет координат: расстояния до школ неизвестны",
                                    "no coordinates: distances to the schools are unknown"),
    "no_coordinates": ("нет координат: расстояния до лидеров неизвестны",
                       "no coordinates: distances to the leaders are unknown"),
    "out_of_reach": ("ни одного лидера в пределах досягаемости (ближайший: {nearest}, {km} км)",
                     "no leader within reach (the nearest: {nearest}, {km} km)"),
    "leaders_full": ("объединения доступных ей лидеров заполнены: {leaders}",
                     "the associations of the leaders it could join are full: {leaders}"),
    "target_reached": ("цель охвата достигнута без неё: к доступным ей лидерам ({leaders}) ближе другие школы",
                       "the target is met without it: other schools are nearer the leaders it could join "
                       "({leaders})"),
    "too_small": ("объединение не набрало минимума {min_size} школ",
                  "its association fell short of {min_size} schools"),
    "not_needed": ("не ведёт объединения: школы рядом ближе к другим лидерам или цель достигнута",
                   "leads no association: the schools in reach are nearer other leaders, or the target is met"),
    "no_schools": ("рядом нет школ, которым нужен лидер", "no school in reach needs a leader"),
    "co_leads": ("соруководитель объединения школы-лидера {leader}: {km} км",
                 "co-leads the association of leader {leader}: {km} km"),
    "graph_without_members": ("граф построен без обычных школ (build_graph(..., members=True))",
                              "the graph was built without ordinary schools (build_graph(..., members=True))"),
}
_MODE = {"in_person": ("очно", "in person"), "remote": ("дистанционно", "remote")}
#: Leaders named in a reason, at most.
_NAMED = 3


@dataclass(frozen=True)
class _Arcs:
    """Every (leader, member) arc: members are the schools that are not leaders, hubs the leaders.

    The hubs are the leader schools, then the organisations that lead; a hub's row is in
    ``names``: a school's row, or the number of schools plus the organisation's position.
    """

    names: tuple[str, ...]  # the schools' ids, then the leading organisations' codes
    rows: np.ndarray  # member index -> school row
    hub_rows: np.ndarray  # hub index -> row in names
    member: np.ndarray
    hub: np.ndarray
    km: np.ndarray
    minutes: np.ndarray
    score: np.ndarray
    remote: np.ndarray
    required: np.ndarray
    priority: np.ndarray  # per member
    capacity: np.ndarray  # per hub
    counted: np.ndarray  # per hub: a school (counted in the network), not an organisation


def _arcs(cand: Candidates, extra: Candidates | None, pairing: Pairing | None,
          orgs: OrganisationArcs | None = None) -> _Arcs:
    """The arcs of the schools (``cand``, ``extra``: the ordinary schools') and of the organisations that lead."""
    n = len(cand.ids)
    orgs = OrganisationArcs.empty() if orgs is None else orgs
    hub_rows = np.flatnonzero(cand.is_leader)
    rows = np.flatnonzero(~cand.is_leader)
    mpos = np.full(n, -1, np.int64)
    mpos[rows] = np.arange(len(rows))
    hpos = np.full(n, -1, np.int64)
    hpos[hub_rows] = np.arange(len(hub_rows))
    parts = [cand] if extra is None else [cand, extra]
    required = [cand.required.copy()] + ([np.zeros(len(extra.leader), bool)] if extra is not None else [])
    if pairing is not None:  # each ШНОР/ШНСУ stays with (the first of) its leaders in the pairing
        first: dict[str, str] = {}
        for p in pairing.pairs:
            first.setdefault(p.partner, p.leader)
        index = {s: i for i, s in enumerate(cand.ids)}
        keep = {index[b] * n + index[a] for b, a in first.items() if a in index and b in index}
        required[0] |= np.isin(cand.partner * n + cand.leader, np.array(sorted(keep), dtype=np.int64))
    cat = {k: np.concatenate([getattr(c, k) for c in parts]) for k in ("leader", "partner", "km", "minutes",
                                                                        "score", "remote")}
    n_org = len(orgs.ids)
    return _Arcs(names=cand.ids + orgs.ids, rows=rows, hub_rows=np.r_[hub_rows, n + np.arange(n_org)],
                 member=np.r_[mpos[cat["partner"]], mpos[orgs.school]],
                 hub=np.r_[hpos[cat["leader"]], len(hub_rows) + orgs.hub], km=np.r_[cat["km"], orgs.km],
                 minutes=np.r_[cat["minutes"], orgs.minutes], score=np.r_[cat["score"], orgs.score],
                 remote=np.r_[cat["remote"], orgs.remote],
                 required=np.r_[np.concatenate(required), np.zeros(len(orgs.hub), bool)],
                 priority=cand.needs_partner[rows], capacity=np.r_[cand.capacity[hub_rows], orgs.capacity].astype(
                     np.int64), counted=np.r_[np.ones(len(hub_rows), bool), np.zeros(n_org, bool)])


def _join(arcs: _Arcs, join: Sequence[tuple[str, str]]) -> None:
    """Require the arcs of the (school, leader) pairs to join, in place; an impossible one is an error."""
    row = {s: i for i, s in enumerate(arcs.names)}
    mpos = {int(r): k for k, r in enumerate(arcs.rows.tolist())}
    hpos = {int(r): k for k, r in enumerate(arcs.hub_rows.tolist())}
    problems = []
    for school, leader in join:
        if school not in row or leader not in row:
            problems.append(f"join: {school!r} or {leader!r} is not in the graph")
        elif row[school] not in mpos:
            problems.append(f"join: {school!r} is a leader school; a leader does not join another's association")
        elif row[leader] not in hpos:
            problems.append(f"join: {leader!r} is neither a leader school nor an organisation that leads")
        else:
            m, h = mpos[row[school]], hpos[row[leader]]
            e = np.flatnonzero((arcs.member == m) & (arcs.hub == h))
            if not len(e):
                problems.append(f"join: {leader!r} cannot take {school!r} by the travel rules (too far, and no "
                                "remote work with it)")
                continue
            arcs.required[arcs.member == m] = False  # the join replaces the pairing's place
            arcs.required[e] = True
    if problems:
        raise InvalidInputError(problems)


def _organisations(G: nx.Graph, cand: Candidates, members: bool, max_size: int) -> OrganisationArcs:
    """The arcs to the organisations that lead: from every school but the leaders (the ШНОР/ШНСУ alone without
    the ordinary schools' candidates)."""
    rows = np.flatnonzero(~cand.is_leader if members else cand.needs_partner)
    return organisation_arcs(G, cand.ids, rows, max_size)


_SOURCE = (of(nx.Graph, Registry, text="a graph from build_graph or a Registry"),)


@validate_params(source=_SOURCE, identification=(of(Identification, text="an Identification"), NONE),
                 constraints=(of(Constraints, text="Constraints"), MAPPING, NONE),
                 weights=(of(ScoringWeights, text="ScoringWeights"), MAPPING, NONE), distances=(DISTANCES, NONE),
                 targets=(MAPPING, NONE, of(ProgrammeTargets, text="ProgrammeTargets")),
                 min_size=number(ge=2, integer=True), max_size=number(ge=2, integer=True),
                 extend=one_of("target", "all"), cohesion=one_of("total", "worst"),
                 method=one_of("auto", "milp", "flow"), time_limit=number(gt=0),
                 pairing=(of(Pairing, text="a Pairing"), NONE), co_lead=FLAG, join=(PAIRS, NONE))
def form_networks(
    source: nx.Graph | Registry,
    *,
    identification: Identification | None = None,
    constraints: Any = None,
    weights: Any = None,
    distances: Any = None,
    targets: ProgrammeTargets | Mapping[str, Any] | None = None,
    min_size: int = 3,
    max_size: int = 7,
    extend: Literal["target", "all"] = "target",
    cohesion: Literal["total", "worst"] = "total",
    pairing: Pairing | None = None,
    method: Literal["auto", "milp", "flow"] = "auto",
    time_limit: float = 60.0,
    co_lead: bool = False,
    join: Sequence[tuple[str, str]] | None = None,
) -> Networks:
    """Associations of schools, each led by a leader school: every ШНОР/ШНСУ first, then the target share.

    Parameters
    ----------
    source : Registry or networkx.Graph
        A registry (the graph is built with ``identification``, ``constraints``, ``weights`` and
        ``distances``), or a graph from :func:`netmatch.build_graph` with ``members=True``.
    identification, constraints, weights, distances
        As for :func:`netmatch.build_graph`, when ``source`` is a registry.
    targets : ProgrammeTargets or dict, optional
        The programme's targets; by default every ШНОР/ШНСУ and half of all schools.
    min_size, max_size : int
        Schools in an association, its leader included (3 and 7 by default).
    extend : {"target", "all"}
        Take in ordinary schools until the target share is met (the nearest), or every one that fits.
    cohesion : {"total", "worst"}
        After the counts: the least total member–leader travel time, or first the least worst one.
    pairing : Pairing, optional
        Keep each ШНОР/ШНСУ with its leader in this pairing (its first, with several).
    method : {"auto", "milp", "flow"}
        ``"milp"``: exact (HiGHS) within ``time_limit``; ``"flow"``: the flow bound repaired, for
        large registries; ``"auto"`` chooses by size (see
        :func:`netmatch._solvers.associations.form_associations`).
    time_limit : float
        Seconds for the MILP.
    co_lead : bool
        Give associations a second leader: a leader school leading none, within the in-person
        limits of the association's leader, the nearest first (an exact assignment; see
        :mod:`netmatch._networks.colead`). Co-leaders are in the network, apart from the size.
    join : sequence of (school, leader), optional
        Schools put into the association of a named leader (a leader school or an organisation
        that leads), whatever else the plan does; such an association may hold fewer than
        ``min_size`` schools. A school the leader cannot take by the travel rules, or a leader,
        is an error naming why. A join replaces the school's place from ``pairing``.

    Returns
    -------
    Networks
        Every school of the registry appears in ``schools`` with its role and the reason.

    Notes
    -----
    A leader counts the ШНОР/ШНСУ of its association against its capacity (the registry's
    ``leader_capacity``, as for pairs); ordinary members count only against ``max_size``.
    Members join by the pairs' rules: in person within ``max_km``/``max_minutes``, remote beyond
    them when ``beyond_limit="remote"`` (travel time then still counts in cohesion, so a remote
    member is the last resort). Leaders do not join other leaders' associations.

    Examples
    --------
    >>> import netmatch as nm
    >>> net = nm.form_networks(nm.datasets.load_demo())
    >>> net.kpis.covered == net.kpis.needing, net.kpis.share_in_network >= 0.5
    (True, True)
    >>> check_networks(net, nm.build_graph(nm.datasets.load_demo(), members=True))
    []
    """
    goal = coerce(ProgrammeTargets, targets, "form_networks")
    if min_size > max_size:
        raise InvalidInputError([f"min_size={min_size} is more than max_size={max_size}: "
                                 "give min_size <= max_size."])
    given = [k for k, v in (("identification", identification), ("constraints", constraints),
                            ("weights", weights), ("distances", distances)) if v is not None]
    if isinstance(source, nx.Graph) and given:
        raise InvalidInputError([f"form_networks: {', '.join(given)} apply when the source is a registry; "
                                 "the graph has its own: give them to build_graph."])
    G = source if isinstance(source, nx.Graph) else build_graph(
        source, identification, constraints, weights, distances=distances, members=True)
    cand = candidates_of(G)
    extra = G.graph.get("member_candidates")
    arcs = _arcs(cand, extra, pairing, _organisations(G, cand, extra is not None, max_size))
    if join:
        _join(arcs, join)
    n = len(cand.ids)
    target = None if extend == "all" else goal.schools_needed(n)
    plan = form_associations(arcs.member, arcs.hub, arcs.minutes, arcs.score, arcs.priority, arcs.capacity,
                             required=arcs.required, min_size=min_size, max_size=max_size, target=target,
                             cohesion=cohesion, method=method, time_limit=time_limit, count_hubs=arcs.counted)
    net = _result(G, cand, arcs, plan, goal, min_size, max_size, members=extra is not None, target=target)
    return _co_led(G, cand, arcs, plan, net) if co_lead else net


def _result(G: nx.Graph, cand: Candidates, arcs: _Arcs, plan: AssociationPlan, goal: ProgrammeTargets,
            min_size: int, max_size: int, *, members: bool, target: int | None) -> Networks:
    associations = _associations(arcs, plan)
    places = _memberships(G, cand, arcs, plan, min_size, max_size, members, target)
    n = len(cand.ids)
    kpis = NetworkKpis(needing=int(arcs.priority.sum()), covered=plan.covered, schools=n,
                       in_network=plan.in_network, associations=len(associations),
                       coverage_target=goal.coverage_share, network_target=goal.network_share,
                       led_by_organisations=sum(a.organisation for a in associations))
    return Networks(associations=associations, schools=places[:n], kpis=kpis, method=plan.method,
                    status=plan.status, gap=plan.gap, covered_bound=plan.covered_bound,
                    in_network_bound=plan.in_network_bound, min_size=min_size, max_size=max_size, notes=plan.notes,
                    pinned=_pinned(arcs), organisations=places[n:])


def _co_led(G: nx.Graph, cand: Candidates, arcs: _Arcs, plan: AssociationPlan, net: Networks) -> Networks:
    """The associations with their co-leaders, their places and the network's count."""
    ids = cand.ids
    found = co_leaders(G, ids, arcs.hub_rows[plan.open & arcs.counted], arcs.hub_rows[~plan.open & arcs.counted])
    by_leader = {ids[r]: (ids[c], km) for r, (c, km, _) in found.items()}
    associations = tuple(replace(a, co_leader=by_leader[a.leader][0]) if a.leader in by_leader else a
                         for a in net.associations)
    co = {c: (lead, km, _words("co_leads", leader=lead, km=f"{km:.0f}")) for lead, (c, km) in by_leader.items()}
    schools = tuple(replace(m, role="co_leader", leader=co[m.school][0], code="co_leads", reason_ru=co[m.school][2][0],
                            reason_en=co[m.school][2][1], km=co[m.school][1]) if m.school in co else m
                    for m in net.schools)
    kpis = replace(net.kpis, in_network=net.kpis.in_network + len(co))
    return replace(net, associations=associations, schools=schools, kpis=kpis)


def _pinned(arcs: _Arcs) -> tuple[tuple[str, str], ...]:
    """The (leader, school) pairs of the required arcs."""
    ids = arcs.names
    req = np.flatnonzero(arcs.required)
    return tuple(sorted(zip([ids[r] for r in arcs.hub_rows[arcs.hub[req]].tolist()],
                            [ids[r] for r in arcs.rows[arcs.member[req]].tolist()], strict=True)))


def _associations(arcs: _Arcs, plan: AssociationPlan) -> tuple[Association, ...]:
    """The associations, by leader id, each with its members sorted (the sums at once over every arc used)."""
    ids = arcs.names
    used = plan.arc_of[plan.arc_of >= 0]
    hub = arcs.hub[used]
    h = len(arcs.hub_rows)
    minutes = np.rint(arcs.minutes[used])
    total = np.bincount(hub, minutes, minlength=h)
    worst = np.zeros(h)
    np.maximum.at(worst, hub, minutes)
    prio = np.bincount(hub, arcs.priority[arcs.member[used]], minlength=h).astype(np.int64)
    remote = np.bincount(hub, arcs.remote[used], minlength=h).astype(np.int64)
    names: dict[int, list[str]] = {}
    for k, row in zip(hub.tolist(), arcs.rows[arcs.member[used]].tolist(), strict=True):
        names.setdefault(k, []).append(ids[row])
    out = [Association(leader=ids[int(arcs.hub_rows[k])], members=tuple(sorted(ms)), priority=int(prio[k]),
                       total_minutes=float(total[k]), worst_minutes=float(worst[k]), remote=int(remote[k]),
                       organisation=not arcs.counted[k])
           for k, ms in names.items()]
    return tuple(sorted(out, key=lambda a: a.leader))


def _words(code: str, **values: Any) -> tuple[str, str]:
    return fill(REASONS[code], **values)


def _named(ids: tuple[str, ...], rows: list[int]) -> tuple[str, str]:
    names = ", ".join(ids[r] for r in rows[:_NAMED])
    return names + more(len(rows) - _NAMED), names + more(len(rows) - _NAMED, "en")


def _memberships(G: nx.Graph, cand: Candidates, arcs: _Arcs, plan: AssociationPlan, min_size: int, max_size: int,
                 members: bool, target: int | None) -> tuple[Membership, ...]:
    """Every school's place (rows of the schools), then every leading organisation's (rows past them)."""
    ids = arcs.names
    out: dict[int, Membership] = {}
    closed = set(plan.closed.tolist())
    h_count = len(arcs.hub_rows)
    hub_arcs = np.bincount(arcs.hub, minlength=h_count)
    used = plan.arc_of[plan.arc_of >= 0]
    sizes = np.bincount(arcs.hub[used], minlength=h_count) + 1
    prios = np.bincount(arcs.hub[used], arcs.priority[arcs.member[used]], minlength=h_count).astype(np.int64)
    for h, row in enumerate(arcs.hub_rows.tolist()):
        if plan.open[h]:
            code, words = "leads", _words("leads", size=int(sizes[h]), priority=int(prios[h]))
        else:
            code = "too_small" if h in closed else ("not_needed" if hub_arcs[h] else "no_schools")
            if not arcs.counted[h] and not hub_arcs[h] and not _located(G, ids[row]):
                code = "organisation_no_coordinates"
            words = _words(code, min_size=min_size)
        out[row] = Membership(ids[row], "leader" if plan.open[h] else "", None, False, code, *words)
    by_member = np.argsort(arcs.member, kind="stable")
    starts = np.searchsorted(arcs.member[by_member], np.arange(len(arcs.rows) + 1))
    target_met = target is not None and plan.in_network >= target
    for m, row in enumerate(arcs.rows.tolist()):
        e = int(plan.arc_of[m])
        needs = bool(arcs.priority[m])
        if e >= 0:
            mode = "remote" if arcs.remote[e] else "in_person"
            kind = "member" if arcs.counted[arcs.hub[e]] else "member_of_organisation"
            words = _words(kind, leader=ids[int(arcs.hub_rows[arcs.hub[e]])], km=f"{arcs.km[e]:.0f}",
                           mode=_MODE[mode])
            out[row] = Membership(ids[row], "member", ids[int(arcs.hub_rows[arcs.hub[e]])], needs, "member", *words,
                                  mode=mode, km=float(arcs.km[e]), minutes=float(arcs.minutes[e]),
                                  score=float(arcs.score[e]))
            continue
        mine = by_member[starts[m]:starts[m + 1]]
        code, words = _outside(G, cand, arcs, plan, row, needs, mine, members, target_met)
        out[row] = Membership(ids[row], "", None, needs, code, *words)
    for row, (code, ru, en) in levers(cand, arcs, plan, max_size, idle_organisations(G, cand.ids)).items():
        out[row] = replace(out[row], fix_code=code, fix_ru=ru, fix_en=en)
    return tuple(out[i] for i in range(len(ids)))


def _located(G: nx.Graph, code: str) -> bool:
    """Whether the graph's record of an organisation gives its coordinates."""
    return any(r.get("id") == code and r.get("latitude") is not None for r in G.graph.get("organisations") or ())


def _outside(G: nx.Graph, cand: Candidates, arcs: _Arcs, plan: AssociationPlan, row: int, needs: bool,
             mine: np.ndarray, members: bool, target_met: bool) -> tuple[str, tuple[str, str]]:
    """Why a school is in no association."""
    ids = cand.ids
    if not needs and not members:
        return "graph_without_members", _words("graph_without_members")
    if G.nodes[ids[row]].get("lat") is None or G.nodes[ids[row]].get("lon") is None:
        return "no_coordinates", _words("no_coordinates")
    if not len(mine):
        near, km = nearest_leader(cand, row)
        return "out_of_reach", _words("out_of_reach", nearest="—" if near < 0 else ids[near],
                                      km="?" if km != km else f"{km:.0f}")
    leaders = sorted({int(arcs.hub_rows[arcs.hub[e]]) for e in mine.tolist()})
    named = _named(arcs.names, leaders)
    if not needs and target_met:
        return "target_reached", _words("target_reached", leaders=named)
    return "leaders_full", _words("leaders_full", leaders=named)


@validate_params(net=of(Networks, text="a Networks result"), G=GRAPH)
def check_networks(net: Networks, G: nx.Graph) -> list[str]:
    """Every rule the associations break against the graph: arcs, sizes, leader capacities, every school once.

    Returns an empty list for a valid result (see the example of :func:`form_networks`).
    """
    cand = candidates_of(G)
    extra = G.graph.get("member_candidates")
    arcs = _arcs(cand, extra, None, _organisations(G, cand, extra is not None, net.max_size))
    ids = cand.ids
    required = _pinned_mask(arcs.names, arcs, net.pinned)
    index = {s: i for i, s in enumerate(arcs.names)}
    problems = [f"school {s!r} is listed {c} times" for s, c in _counts([m.school for m in net.schools]).items()
                if c > 1]
    problems += [f"school {s!r} of the graph is missing" for s in set(ids) - {m.school for m in net.schools}]
    mpos = {int(r): k for k, r in enumerate(arcs.rows.tolist())}
    hpos = {int(r): k for k, r in enumerate(arcs.hub_rows.tolist())}
    hub_of = np.full(len(arcs.rows), -1, np.int64)
    for a in net.associations:
        if a.leader not in index or index[a.leader] not in hpos:
            problems.append(f"association leader {a.leader!r} is not a leader school or a leading organisation")
            continue
        for s in a.members:
            if s not in index or index[s] not in mpos:
                problems.append(f"member {s!r} of {a.leader!r} cannot be a member (unknown or a leader)")
            elif hub_of[mpos[index[s]]] >= 0:
                problems.append(f"school {s!r} is in two associations")
            else:
                hub_of[mpos[index[s]]] = hpos[index[a.leader]]
    problems += check_associations(arcs.member, arcs.hub, arcs.priority, arcs.capacity, hub_of,
                                   min_size=net.min_size, max_size=net.max_size, required=required)
    problems += _co_leader_problems(G, net, {ids[int(r)] for r in arcs.hub_rows[arcs.counted].tolist()})
    schools = set(cand.ids)
    problems += [f"association of {a.leader!r} says organisation={a.organisation}" for a in net.associations
                 if a.organisation != (a.leader not in schools)]
    return [_named_problem(p, arcs.names, arcs) for p in problems]


def _pinned_mask(ids: tuple[str, ...], arcs: _Arcs, pinned: tuple[tuple[str, str], ...]) -> np.ndarray | None:
    """The arcs of the (leader, school) pairs kept as they were, or None without any."""
    if not pinned:
        return None
    keep = set(pinned)
    return np.array([(ids[int(arcs.hub_rows[h])], ids[int(arcs.rows[m])]) in keep
                     for m, h in zip(arcs.member.tolist(), arcs.hub.tolist(), strict=True)], dtype=bool)


def _co_leader_problems(G: nx.Graph, net: Networks, leaders: set[str]) -> list[str]:
    """A co-leader must be a leader school leading none, in no other association, within the in-person limits."""
    out = []
    leading = {a.leader for a in net.associations}
    inside = {s for a in net.associations for s in a.members}
    seen: set[str] = set()
    for a in net.associations:
        c = a.co_leader
        if c is None:
            continue
        if c not in leaders or c in leading or c in inside or c in seen:
            out.append(f"co-leader {c!r} of {a.leader!r} is not a leader school free to co-lead")
        elif not leader_trip(G, a.leader, c)[2]:
            out.append(f"co-leader {c!r} is beyond the in-person limits of {a.leader!r}")
        seen.add(c)
    return out


def _counts(values: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def _named_problem(text: str, ids: tuple[str, ...], arcs: _Arcs) -> str:
    """The solver's "member 3" / "hub 1" as school ids."""
    words = text.split()
    for k in range(len(words) - 1):
        number = words[k + 1].rstrip(",)")
        if words[k] in ("member", "hub") and number.isdigit():
            rows = arcs.rows if words[k] == "member" else arcs.hub_rows
            words[k + 1] = repr(ids[int(rows[int(number)])]) + words[k + 1][len(number):]
    return " ".join(words)


CATALOG.keyed("networks.reasons", {**REASONS, **{f"mode.{k}": v for k, v in _MODE.items()}})
CATALOG.keyed("networks.levers", LEVERS)
