"""Plans: a :class:`Scenario` (a registry with rules, limits, weights and edits) and what it produces.

:func:`plan` runs identification, the graph, pairing and resource sharing in one call and
returns an immutable :class:`Plan` with its indicators (:class:`PlanKpis`).

>>> import netmatch as nm
>>> p = plan(nm.datasets.load_demo(), sharing=False)
>>> p.kpis.share_covered, len(p.pairs) == len(p.pairing.pairs)
(1.0, True)
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from netmatch._base.log import stage
from netmatch._base.params import NONE, TEXT, coerce, message, of, validate_params
from netmatch._base.results import Indicators, short_repr
from netmatch._data import Registry
from netmatch._identify import Identification, IdentificationRules, Status, identify
from netmatch._scenario.edits import Edit, apply_edits
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Constraints, build_graph
from netmatch.matching import (
    NETWORK_TARGET,
    Pair,
    Pairing,
    greedy_pairing,
    optimal_pairing,
    stable_pairing,
    subject_pairing,
)
from netmatch.scoring import ScoringWeights

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_PLAN_NAME", "FORMS", "PAIRING", "Plan", "PlanKpis", "Scenario", "associate", "gather",
           "network_forms", "people_skipped", "plan", "prepare", "scenario_of", "share", "staff_up"]

#: The name of a plan given none (the report shows it in the reader's language).
DEFAULT_PLAN_NAME = "базовый"


@dataclass(frozen=True)
class Scenario:
    """A registry with rules, constraints, weights and edits: one what-if to plan.

    >>> import netmatch as nm
    >>> from netmatch import OpenCentre, SetLimit
    >>> base = nm.datasets.load_demo()
    >>> s = Scenario(base, name="30 км", edits=(SetLimit("max_km", 30), OpenCentre("S07")))
    >>> s.registry is base  # edits never touch the base registry
    True
    """

    registry: Registry
    name: str = DEFAULT_PLAN_NAME
    rules: IdentificationRules | Mapping[str, Any] | None = None
    constraints: Constraints | Mapping[str, Any] | None = None
    weights: ScoringWeights | Mapping[str, Any] | None = None
    edits: tuple[Edit, ...] = ()
    pairing: Literal["optimal", "stable", "greedy", "subject"] = "optimal"
    sharing: bool = True
    #: Settings of the resource-sharing step (a ``SharingConstraints`` or a dict of its fields).
    sharing_constraints: Any = None
    #: Whether to form associations around the leaders (:func:`netmatch.form_networks`), keeping the pairs.
    networks: bool = True
    #: Options of :func:`netmatch.form_networks` (``min_size``, ``max_size``, ``extend``, ``cohesion``,
    #: ``targets``, ``method``, ``time_limit``).
    network_settings: Mapping[str, Any] | None = None
    #: Whether to form subject groups of teachers (:func:`netmatch.form_groups`); off by default: they rest on
    #: the subject profiles alone, without a teachers table, so the coordinator asks for them.
    groups: bool = False
    #: Options of :func:`netmatch.form_groups` (``weak_z``, ``strong_z``, ``min_size``, ``max_size``, ``method``,
    #: ``time_limit``).
    group_settings: Mapping[str, Any] | None = None
    #: Whether to match the schools' stated needs to partner organisations (:func:`netmatch.match_needs`) when
    #: the registry has both tables.
    needs: bool = True
    #: Whether to assign curators (:func:`netmatch.assign_curators`, when the staff table has curators) and
    #: mentors (:func:`netmatch.assign_mentors`, when the teachers table marks mentors).
    people: bool = True
    #: Options of :func:`netmatch.assign_curators` (``fixed``, ``max_schools``, ``hours_per_school``,
    #: ``max_km``, ``max_minutes``, ``weak_z``, ``allow_own_school``, ``roles``).
    curator_settings: Mapping[str, Any] | None = None
    #: Options of :func:`netmatch.assign_mentors` (``max_mentees``, ``hours_per_mentee``, ``weak_z``).
    mentor_settings: Mapping[str, Any] | None = None

    def with_edits(self, *edits: Edit, name: str | None = None) -> Scenario:
        """This scenario with more edits."""
        return dataclasses.replace(self, edits=(*self.edits, *edits), name=name or self.name)

    def apply(self) -> tuple[Registry, Constraints, dict[str, frozenset[Status]]]:
        """The edited registry, the constraints and the status decisions.

        A status decision maps a school to its statuses; an empty set (from
        :class:`RemoveLeader`) means the computed statuses without LEADER.
        """
        cons = coerce(Constraints, self.constraints, "Scenario").model_dump()
        registry, cons, statuses = apply_edits(self.registry, cons, self.edits)
        return registry, coerce(Constraints, cons, "Scenario"), statuses


#: The forms of taking part in the network, and their words (Russian, English).
FORMS: dict[str, tuple[str, str]] = {"pair": ("пара с лидером", "pair"), "association": ("сетевое объединение",
                                     "association"), "group": ("предметная группа", "subject group"),
                                     "resources": ("общие ресурсы", "shared resources"),
                                     "organisation": ("помощь организации-партнёра", "partner organisation")}


def network_forms(pairing: Pairing, sharing: Any = None, networks: Any = None, groups: Any = None,
                  needs: Any = None) -> dict[str, tuple[str, ...]]:
    """The forms in which each school takes part in the network (schools in none are left out).

    A school with a need answered by a partner organisation takes part as ``"organisation"``; an
    organisation itself is no school and is left out (it may still appear as the host of a shared
    resource).

    >>> import netmatch as nm
    >>> p = plan(nm.datasets.load_demo())
    >>> network_forms(p.pairing, p.sharing, p.networks)["S01"]
    ('pair', 'association', 'resources')
    """
    found: dict[str, set[str]] = {}
    for p in pairing.pairs:
        found.setdefault(p.leader, set()).add("pair")
        found.setdefault(p.partner, set()).add("pair")
    if networks is not None:
        for a in networks.associations:
            lead = () if a.organisation else (a.leader,)
            for s in (*lead, *a.members, *([a.co_leader] if a.co_leader else [])):
                found.setdefault(s, set()).add("association")
    if groups is not None:
        for g in groups.groups:
            for s in (g.host, *g.members):
                found.setdefault(s, set()).add("group")
    if sharing is not None:
        for f in sharing.flows:
            if f.host != f.school:  # a school's own lab shares nothing
                found.setdefault(f.school, set()).add("resources")
                found.setdefault(f.host, set()).add("resources")
    if needs is not None:
        for m in needs.matches:
            if m.organisation is not None:
                found.setdefault(m.school, set()).add("organisation")
    return {s: tuple(k for k in FORMS if k in v) for s, v in found.items()}


@dataclass(frozen=True)
class PlanKpis(Indicators):
    """Programme indicators of a plan: the lists, the pairing's figures and, with sharing, its own.

    The fields are the identification's list sizes followed by the pairing's indicators (see
    :class:`netmatch.Kpis`); with resource sharing, :meth:`as_dict` adds the sharing plan's
    figures as ``sharing_<name>``.
    """

    low_results: int
    unfavourable: int
    leaders: int
    needing: int
    covered: int
    share_covered: float
    coverage_target_met: bool
    schools: int
    in_network: int
    share_in_network: float
    network_target_met: bool
    mean_km: float
    max_km: float
    remote_pairs: int
    leaders_used: int
    max_leader_load: int
    pairing_status: str
    unpaired: int
    #: The sharing plan's indicators (``None`` without sharing).
    sharing: Any = None
    #: Associations formed (``None`` without them).
    associations: int | None = None
    #: Subject groups formed (``None`` without them).
    subject_groups: int | None = None
    #: Needs answered by partner organisations (``None`` without the needs and organisations tables).
    needs_answered: int | None = None
    #: ШНОР/ШНСУ given a curator (``None`` without curators in the staff table).
    curated: int | None = None
    #: Teachers of weak subjects given a mentor, and how many there are (``None`` without mentors).
    mentored: int | None = None
    mentees: int | None = None

    @classmethod
    def of(cls, ident: Identification, pairing: Pairing, sharing: Any = None, networks: Any = None,
           groups: Any = None, needs: Any = None, curators: Any = None, mentors: Any = None) -> PlanKpis:
        """The indicators of a plan made of ``ident``, ``pairing``, ``sharing`` and ``networks`` (or None).

        A school is in the network in any form (:func:`network_forms`): a pair, an association, a
        subject group, or resources shared with another school; a ШНОР/ШНСУ is covered by its pairs or its association.
        """
        figures = pairing.kpis.as_dict()
        own = {f.name for f in dataclasses.fields(cls)} - {"low_results", "unfavourable", "leaders",
                                                            "pairing_status", "unpaired", "sharing", "associations",
                                                            "subject_groups", "needs_answered", "curated",
                                                            "mentored", "mentees"}
        values = {k: figures[k] for k in sorted(own)}
        schools = set(ident.ids)
        forms = {s: f for s, f in network_forms(pairing, sharing, networks, groups, needs).items() if s in schools}
        n = len(ident.ids)
        values["in_network"] = len(forms)
        values["share_in_network"] = len(forms) / n if n else 0.0
        if networks is not None:
            paired = {p.partner for p in pairing.pairs}
            extra = sum(m.needs and m.role == "member" and m.school not in paired for m in networks.schools)
            values["covered"] = pairing.kpis.covered + extra
            needing = pairing.kpis.needing
            values["share_covered"] = values["covered"] / needing if needing else 1.0
            values["coverage_target_met"] = values["share_covered"] >= networks.kpis.coverage_target - 1e-12
            values["network_target_met"] = values["share_in_network"] >= networks.kpis.network_target - 1e-12
        else:
            values["network_target_met"] = values["share_in_network"] >= NETWORK_TARGET - 1e-12
        return cls(low_results=len(ident.low_results), unfavourable=len(ident.unfavourable),
                   leaders=len(ident.leaders), **values, pairing_status=pairing.status,
                   unpaired=len(pairing.unpaired), sharing=getattr(sharing, "kpis", None),
                   associations=None if networks is None else len(networks.associations),
                   subject_groups=None if groups is None else len(groups.groups),
                   needs_answered=None if needs is None else needs.kpis.matched,
                   curated=None if curators is None else curators.kpis.assigned,
                   mentored=None if mentors is None else mentors.kpis.matched,
                   mentees=None if mentors is None else mentors.kpis.mentees)

    def extra(self) -> dict[str, Any]:
        """The sharing plan's figures as ``sharing_<name>`` (none without sharing)."""
        if self.sharing is None:
            return {}
        return {f"sharing_{key}": value for key, value in self.sharing.as_dict().items()}

    def as_dict(self) -> dict[str, Any]:
        """The figures as a flat ``{indicator: value}`` dict; the sharing plan's as ``sharing_<name>``."""
        out = super().as_dict()
        out.pop("sharing", None)  # a missing sharing plan is no figure
        return out

    def __contains__(self, key: object) -> bool:
        return key in self.as_dict()


@dataclass(frozen=True)
class Plan:
    """Everything one scenario produced: identification, graph, pairing, sharing and indicators.

    ``pairs`` are the pairing's :class:`netmatch.Pair` objects; :meth:`to_frame` gives one row
    per school. A ``kpis`` left out (or given as a plain dict) is computed from the parts.
    """

    name: str
    registry: Registry
    identification: Identification
    graph: nx.Graph
    pairing: Pairing
    sharing: Any = None
    kpis: PlanKpis = field(default=None)  # type: ignore[assignment]
    scenario: Scenario | None = None
    notes: tuple[str, ...] = ()
    #: The associations (:class:`netmatch.Networks`), ``None`` when not formed.
    networks: Any = None
    #: The subject groups (:class:`netmatch.SubjectGroups`), ``None`` when not formed.
    groups: Any = None
    #: The schools' needs matched to partner organisations (:class:`netmatch.NeedMatches`), ``None`` without.
    needs: Any = None
    #: The ШНОР/ШНСУ's curators (:class:`netmatch.Curators`), ``None`` without curators in the staff.
    curators: Any = None
    #: The mentors of their teachers (:class:`netmatch.Mentors`), ``None`` without mentors in the teachers table.
    mentors: Any = None

    def __post_init__(self) -> None:
        given: object = self.kpis
        if not isinstance(given, PlanKpis):  # the indicators always match the parts
            object.__setattr__(self, "kpis", PlanKpis.of(self.identification, self.pairing, self.sharing,
                                                         self.networks, self.groups, self.needs, self.curators,
                                                         self.mentors))

    @property
    def pairs(self) -> tuple[Pair, ...]:
        """The pairs of the plan (``self.pairing.pairs``)."""
        return self.pairing.pairs

    def __repr__(self) -> str:
        k = self.kpis
        return short_repr("Plan", len(self.identification.ids), "schools", name=repr(self.name),
                          pairs=len(self.pairing.pairs), share_covered=k.share_covered,
                          share_in_network=k.share_in_network, unpaired=k.unpaired)

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per school of the plan.

        Columns: ``school``, ``name``, ``statuses`` (codes, or Russian labels with
        ``lang="ru"``), ``role``, ``leaders`` and ``partners`` (comma-separated), ``mode`` and
        ``km`` of the school's pairs as a partner, ``reason`` (why it has no leader, if so),
        and, with resource sharing, ``served_group_hours`` and ``unmet_group_hours`` a week.

        >>> import netmatch as nm
        >>> frame = plan(nm.datasets.load_demo(), sharing=False).to_frame("en")
        >>> len(frame), frame.loc[frame["school"] == "S16", "leaders"].item()
        (18, 'S10')
        """
        import pandas as pd

        ident, pairing = self.identification, self.pairing
        leaders: dict[str, list[Pair]] = {}
        partners: dict[str, set[str]] = {}
        for p in pairing.pairs:
            leaders.setdefault(p.partner, []).append(p)
            partners.setdefault(p.leader, set()).add(p.partner)
        why = {u.school: u.reason(lang) for u in pairing.unpaired}
        served, unmet = self._sharing_hours()
        rows = []
        for row, school in enumerate(ident.ids):
            own = leaders.get(school, [])
            rows.append({
                "school": school, "name": self.registry.school(school).name,
                "statuses": ", ".join(s.label_ru if lang == "ru" else s.value for s in Status
                                      if s in ident.statuses[row]),
                "role": pairing.roles.get(school, "ordinary"),
                "leaders": ", ".join(sorted({p.leader for p in own})),
                "partners": ", ".join(sorted(partners.get(school, ()))),
                "mode": ", ".join(sorted({p.mode for p in own})),
                "km": min((p.km for p in own), default=math.nan), "reason": why.get(school, ""),
                "served_group_hours": served.get(school, 0.0) if served is not None else math.nan,
                "unmet_group_hours": unmet.get(school, 0.0) if unmet is not None else math.nan})
        return pd.DataFrame(rows, columns=["school", "name", "statuses", "role", "leaders", "partners", "mode",
                                           "km", "reason", "served_group_hours", "unmet_group_hours"])

    def _sharing_hours(self) -> tuple[dict[str, float] | None, dict[str, float] | None]:
        """Group-hours a week served and left unmet, per school (None without sharing)."""
        if self.sharing is None:
            return None, None
        served: dict[str, float] = {}
        unmet: dict[str, float] = {}
        for f in self.sharing.flows:
            served[f.school] = served.get(f.school, 0.0) + f.group_hours
        for u in self.sharing.unmet:
            unmet[u.school] = unmet.get(u.school, 0.0) + u.group_hours
        return served, unmet


def _override(ident: Identification, statuses: Mapping[str, frozenset[Status]]) -> Identification:
    if not statuses:
        return ident
    rows = ident.index
    new = list(ident.statuses)
    for school, st in statuses.items():
        row = rows[school]
        new[row] = st if st else (new[row] - {Status.LEADER}) or frozenset({Status.ORDINARY})
    return dataclasses.replace(ident, statuses=tuple(new))


#: The pairing function of each ``Scenario.pairing`` method.
PAIRING: dict[str, Callable[..., Pairing]] = {
    "optimal": optimal_pairing, "greedy": greedy_pairing, "stable": stable_pairing, "subject": subject_pairing}
_OPTIONS = ("rules", "constraints", "weights", "edits", "pairing", "sharing", "sharing_constraints", "networks",
            "network_settings", "groups", "group_settings", "needs", "people", "curator_settings",
            "mentor_settings")


def scenario_of(scenario_or_registry: Scenario | Registry, options: Mapping[str, Any], owner: str) -> Scenario:
    """The scenario to plan: a registry with options, or a scenario with some fields replaced."""
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise InvalidInputError([f"{owner}() takes the options {list(_OPTIONS)}. Got {unknown} instead."])
    opts = dict(options)
    if "edits" in opts:
        opts["edits"] = tuple(opts["edits"])
    if isinstance(scenario_or_registry, Registry):
        scenario = Scenario(scenario_or_registry, **opts)
    elif isinstance(scenario_or_registry, Scenario):
        scenario = dataclasses.replace(scenario_or_registry, **opts) if opts else scenario_or_registry
    else:
        raise InvalidInputError([f"{owner}() takes a Scenario or a Registry. "
                                 f"Got {type(scenario_or_registry).__name__}."])
    if scenario.pairing not in PAIRING:
        raise InvalidInputError([message("pairing", owner, f"one of {sorted(PAIRING)}", scenario.pairing)])
    return scenario


def prepare(scenario: Scenario, owner: str) -> tuple[Registry, Constraints, Identification]:
    """The edited registry, its constraints and its identification with the status decisions."""
    registry, cons, statuses = scenario.apply()
    ident = _override(identify(registry, coerce(IdentificationRules, scenario.rules, owner)), statuses)
    return registry, cons, ident


def share(scenario: Scenario, registry: Registry, ident: Identification, networks: Any = None) -> Any:
    """The scenario's resource sharing on ``registry`` (None when off or without resources).

    The default demand asks for the ШНОР/ШНСУ and the schools of the associations they are in.
    """
    if not (scenario.sharing and registry.resources):
        return None
    from netmatch._sharing import share_resources

    network = None if networks is None else sorted({s for a in networks.associations if a.priority
                                                   for s in (*a.members, *(() if a.organisation else (a.leader,)))})
    return share_resources(registry, constraints=scenario.sharing_constraints, identification=ident,
                           network=network)


@validate_params(scenario_or_registry=of(Scenario, Registry, text="a Scenario or a Registry"), name=(TEXT, NONE))
def plan(scenario_or_registry: Scenario | Registry, *, name: str | None = None, **options: Any) -> Plan:
    """Identify, build the graph, pair and share resources in one call.

    Parameters
    ----------
    scenario_or_registry : Scenario or Registry
    name : str, optional
        The plan's name (default: the scenario's).
    **options
        Any :class:`Scenario` field (``rules``, ``constraints``, ``weights``, ``edits``,
        ``pairing``, ``sharing``, ``sharing_constraints``); for a scenario, they replace its own.

    Returns
    -------
    Plan

    Examples
    --------
    >>> import netmatch as nm
    >>> p = plan(nm.datasets.load_demo())
    >>> p.kpis.share_covered, len(p.pairs) > 0
    (1.0, True)
    """
    scenario = scenario_of(scenario_or_registry, options, "plan")
    stage("plan.identify", schools=len(scenario.registry.schools))
    registry, cons, ident = prepare(scenario, "plan")
    stage("plan.graph", needing=int(ident.needs_partner.sum()), leaders=int(ident.is_leader.sum()))
    G = build_graph(registry, ident, cons, coerce(ScoringWeights, scenario.weights, "plan"),
                    members=scenario.networks)
    stage("plan.pairing", edges=G.number_of_edges())
    pairing = PAIRING[scenario.pairing](G)
    networks = associate(scenario, G, pairing)
    groups = gather(scenario, registry, ident, cons)
    stage("plan.sharing", resources=len(registry.resources))
    sharing = share(scenario, registry, ident, networks)
    needs = answer(scenario, registry, cons)
    curators, mentors = staff_up(scenario, registry, ident, cons, pairing, networks)
    return Plan(name=name or scenario.name, registry=registry, identification=ident, graph=G, pairing=pairing,
                sharing=sharing, kpis=PlanKpis.of(ident, pairing, sharing, networks, groups, needs, curators, mentors),
                scenario=scenario, networks=networks, groups=groups, needs=needs, curators=curators, mentors=mentors)


def staff_up(scenario: Scenario, registry: Registry, ident: Identification, cons: Constraints, pairing: Pairing,
             networks: Any) -> tuple[Any, Any]:
    """The scenario's curators and mentors: each ``None`` when off, or when the tables name none
    (:func:`people_skipped` says why)."""
    if not scenario.people:
        return None, None
    from netmatch._data.staff import StaffRole
    from netmatch._people import assign_curators, assign_mentors

    curator_opts = _settings(scenario.curator_settings, _CURATOR_OPTIONS, "curator_settings")
    roles = {StaffRole.parse(r) for r in curator_opts.get("roles", ("curator",))}
    curators = mentors = None
    if any(p.role in roles for p in registry.staff):
        stage("plan.curators", staff=len(registry.staff))
        curators = assign_curators(registry, identification=ident, constraints=cons, **curator_opts)
    if any(t.mentor for t in registry.teachers):
        stage("plan.mentors", teachers=len(registry.teachers))
        mentors = assign_mentors(registry, pairing, networks=networks, identification=ident,
                                 **_settings(scenario.mentor_settings, _MENTOR_OPTIONS, "mentor_settings"))
    return curators, mentors


def people_skipped(plan: Plan) -> list[str]:
    """Why a plan has no curators or no mentors: codes ``off``, ``no_staff``, ``no_curators``, ``no_teachers``,
    ``no_mentors`` (an empty list when it has both).

    >>> import netmatch as nm
    >>> people_skipped(plan(nm.datasets.load_demo(), sharing=False))
    []
    >>> people_skipped(plan(nm.datasets.load_demo().replace(staff=[], teachers=[]), sharing=False))
    ['no_staff', 'no_teachers']
    """
    if plan.scenario is not None and not plan.scenario.people:
        return ["off"]
    reg, out = plan.registry, []
    if plan.curators is None:
        out.append("no_staff" if not reg.staff else "no_curators")
    if plan.mentors is None:
        out.append("no_teachers" if not reg.teachers else "no_mentors")
    return out


_CURATOR_OPTIONS = frozenset({"fixed", "max_schools", "hours_per_school", "max_km", "max_minutes", "weak_z",
                              "allow_own_school", "roles"})
_MENTOR_OPTIONS = frozenset({"max_mentees", "hours_per_mentee", "weak_z"})


def answer(scenario: Scenario, registry: Registry, cons: Constraints) -> Any:
    """The schools' needs matched to partner organisations (None when off, or without needs or organisations)."""
    if not (scenario.needs and registry.needs and registry.organisations):
        return None
    from netmatch._networks import match_needs

    stage("plan.needs", needs=len(registry.needs))
    return match_needs(registry, constraints=cons)


def gather(scenario: Scenario, registry: Registry, ident: Identification, cons: Constraints) -> Any:
    """The scenario's subject groups (None when off)."""
    if not scenario.groups:
        return None
    from netmatch._networks import form_groups

    stage("plan.groups", subjects=len(ident.profile.keys))
    return form_groups(registry, identification=ident, constraints=cons,
                       **_settings(scenario.group_settings, _GROUP_OPTIONS, "group_settings"))


_GROUP_OPTIONS = frozenset({"weak_z", "strong_z", "min_size", "max_size", "method", "time_limit", "max_teachers"})


def associate(scenario: Scenario, G: nx.Graph, pairing: Pairing) -> Any:
    """The scenario's associations on ``G``, keeping the pairs (None when off)."""
    if not scenario.networks:
        return None
    from netmatch._networks import form_networks
    from netmatch._scenario.edits import JoinAssociation

    stage("plan.networks", leaders=int(G.graph["candidates"].is_leader.sum()))
    join = [(e.school, e.leader) for e in scenario.edits if isinstance(e, JoinAssociation)]
    return form_networks(G, pairing=pairing, join=join or None,
                         **_settings(scenario.network_settings, _NETWORK_OPTIONS, "network_settings"))


def _settings(given: Mapping[str, Any] | None, known: frozenset[str], name: str) -> dict[str, Any]:
    """A step's options from the scenario; any unknown one is an error naming the known ones."""
    settings = dict(given or {})
    unknown = sorted(set(settings) - known)
    if unknown:
        raise InvalidInputError([f"{name} takes {sorted(known)}. Got {unknown} instead."])
    return settings


_NETWORK_OPTIONS = frozenset({"min_size", "max_size", "extend", "cohesion", "targets", "method", "time_limit",
                              "co_lead"})
