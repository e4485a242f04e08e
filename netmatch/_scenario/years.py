"""Year over year: :func:`replan` keeps working partnerships, :func:`monitor` follows the programme.

>>> import netmatch as nm
>>> from netmatch import plan
>>> reg = nm.datasets.load_demo()
>>> first = plan(reg, sharing=False)
>>> again = replan(first, reg)
>>> again.notes, monitor({2025: reg}, {2025: again}).kpis.share_covered
((), 1.0)
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from netmatch._base.params import MAPPING, NONE, Rule, coerce, number, of, validate_params
from netmatch._base.results import Indicators, short_repr
from netmatch._data import Registry
from netmatch._identify import Identification, IdentificationRules, Status, identify
from netmatch._scenario.plans import (
    PAIRING,
    Plan,
    PlanKpis,
    answer,
    associate,
    gather,
    prepare,
    scenario_of,
    share,
    staff_up,
)
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Candidates, Constraints, build_graph, candidates_of
from netmatch.matching import Pairing
from netmatch.scoring import ScoringWeights

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Monitoring", "MonitoringKpis", "monitor", "replan"]


# --- replan -------------------------------------------------------------------------------------


def _current_contracts(cons: Constraints, ident: Identification) -> tuple[Constraints, list[str]]:
    """Last year's required and excluded pairs that still make sense this year, and notes on the rest."""
    index = ident.index
    needs = ident.needs_partner
    leader = ident.is_leader & ~needs
    notes = []
    required = []
    for a, b in cons.required_pairs:
        if a not in index or b not in index:
            gone = " and ".join(x for x in (a, b) if x not in index)
            notes.append(f"{a}–{b}: required pair dropped, {gone} left the registry")
        elif not leader[index[a]]:
            notes.append(f"{a}–{b}: required pair dropped, {a} is no longer a leader")
        elif not needs[index[b]]:
            notes.append(f"{a}–{b}: required pair dropped, {b} left the ШНОР/ШНСУ list")
        else:
            required.append((a, b))
    excluded = tuple(p for p in cons.excluded_pairs if p[0] in index and p[1] in index)
    return cons.model_copy(update={"required_pairs": tuple(required), "excluded_pairs": excluded}), notes


def _previous(previous: Plan | Pairing | Iterable[tuple[str, str]], options: Mapping[str, Any],
              ) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Last year's (leader, partner) pairs, and the settings that carry over from a previous plan."""
    if isinstance(previous, Pairing):
        return sorted({(p.leader, p.partner) for p in previous.pairs}), {}
    if not isinstance(previous, Plan):
        return sorted({(str(a), str(b)) for a, b in previous}), {}
    carried: dict[str, Any] = {}
    if previous.scenario is not None:
        carried = {"rules": previous.scenario.rules, "pairing": previous.scenario.pairing,
                   "sharing": previous.scenario.sharing,
                   "sharing_constraints": previous.scenario.sharing_constraints}
    # the limits and weights in force last year, after that scenario's edits
    for part, model in (("constraints", Constraints), ("weights", ScoringWeights)):
        if previous.graph.graph.get(part) is not None:
            carried[part] = coerce(model, previous.graph.graph[part], "replan")
    carried = {k: v for k, v in carried.items() if v is not None and k not in options}
    return sorted({(p.leader, p.partner) for p in previous.pairing.pairs}), carried


def _still_possible(old: Sequence[tuple[str, str]], G: nx.Graph, cand: Candidates) -> tuple[list[int], list[str]]:
    """Keys (``leader * n + partner``) of last year's pairs still possible, and why the others are released."""
    index = {s: i for i, s in enumerate(cand.ids)}
    n = len(cand.ids)
    kept, notes = [], []
    for a, b in old:
        if a not in index and b not in index:
            notes.append(f"{a}–{b}: released, both schools closed or merged")
        elif b not in index:
            notes.append(f"{a}–{b}: released, {b} closed or merged")
        elif a not in index:
            notes.append(f"{a}–{b}: released, leader {a} closed or merged")
        elif not cand.needs_partner[index[b]]:
            notes.append(f"{a}–{b}: released, {b} left the ШНОР/ШНСУ list")
        elif not cand.is_leader[index[a]]:
            notes.append(f"{a}–{b}: released, {a} is no longer a leader")
        elif not G.has_edge(a, b):
            notes.append(f"{a}–{b}: released, the pair is no longer feasible under the limits")
        else:
            kept.append(index[a] * n + index[b])
    return kept, notes


def _steered(solver: Callable[..., Pairing], G: nx.Graph, cand: Candidates, kept: np.ndarray,
             penalty: float) -> Pairing:
    """The solver's pairing with a bonus of ``penalty`` on the ``kept`` edges; pairs keep their own scores.

    The bonus only steers the solver (its ``scores``); the pairing reports the pairs' own
    scores, reasons and objective, and the graph marks the kept edges with ``continuity_bonus``.
    """
    ids = cand.ids
    edges = np.flatnonzero(kept)
    boosted = cand.score[edges] + penalty
    scores = {(ids[a], ids[b]): float(x) for a, b, x in zip(cand.leader[edges].tolist(), cand.partner[edges].tolist(),
                                                             boosted.tolist(), strict=True)}
    pairing = solver(G, scores=scores)
    for a, b in scores:
        G.edges[a, b]["continuity_bonus"] = penalty
    return pairing


def _outcome(kept_keys: Sequence[int], ids: Sequence[str], pairing: Pairing, penalty: float) -> list[str]:
    """Notes on last year's possible pairs this plan did not keep: switched, or left without a leader."""
    n = len(ids)
    new: dict[str, list[str]] = {}
    for p in pairing.pairs:
        new.setdefault(p.partner, []).append(p.leader)
    unpaired = {u.school: u.reason("en") for u in pairing.unpaired}
    notes = []
    for key in sorted(set(kept_keys)):
        a, b = ids[key // n], ids[key % n]
        if a in new.get(b, ()):
            continue
        if new.get(b):
            notes.append(f"{a}–{b}: switched to {', '.join(sorted(set(new[b])))}, a better plan outweighs the "
                         f"switching penalty {penalty:g}")
        else:
            notes.append(f"{a}–{b}: released, {b} is left without a leader ({unpaired.get(b, 'not chosen')})")
    return notes


_PREVIOUS = Rule("a Plan, a Pairing or (leader, partner) pairs", lambda v: isinstance(v, Plan | Pairing) or (
    isinstance(v, Iterable) and not isinstance(v, str | bytes | Mapping)))
_AT_LEAST_0 = number(ge=0)


@validate_params(previous=_PREVIOUS, registry=of(Registry, text="a Registry"),
                 switching_penalty=Rule("0 or more", _AT_LEAST_0))
def replan(previous: Plan | Pairing | Iterable[tuple[str, str]], registry: Registry, *,
           switching_penalty: float = 0.15, **options: Any) -> Plan:
    """This year's plan that keeps working partnerships.

    A pair from last year stays unless its school left the ШНОР/ШНСУ list, either school
    closed (or merged), the leader is no longer a leader, the pair became infeasible, or
    another plan is better by more than ``switching_penalty`` per switched pair (the pair's
    score gets that bonus while solving: a switch must earn it back; the plan reports the
    pairs' own scores). The plan's ``notes`` list what was released and why.

    From a previous :class:`Plan`, the identification rules, pairing method and sharing
    switch carry over, and so do the constraints and weights in force last year (after its
    edits); required and excluded pairs that no longer make sense are dropped with a note.
    Last year's edits do not carry over: pass ``edits=`` again for decisions that still hold.
    ``options`` (any :class:`Scenario` field, and ``name``) override what carries over.

    >>> import netmatch as nm
    >>> from netmatch import plan
    >>> reg = nm.datasets.load_demo()
    >>> first = plan(reg)
    >>> again = replan(first, reg)
    >>> [(p.leader, p.partner) for p in again.pairs] == [(p.leader, p.partner) for p in first.pairs]
    True
    """
    name = options.pop("name", "продолжение")
    old, carried = _previous(previous, options)
    scenario = dataclasses.replace(scenario_of(registry, {**carried, **options}, "replan"), name=name)
    reg, cons, ident = prepare(scenario, "replan")
    notes: list[str] = []
    if "constraints" in carried:
        cons, notes = _current_contracts(cons, ident)
        scenario = dataclasses.replace(scenario, constraints=cons)
    G = build_graph(reg, ident, cons, coerce(ScoringWeights, scenario.weights, "replan"), members=scenario.networks)
    cand = candidates_of(G)
    kept_keys, released = _still_possible(old, G, cand)
    notes += released
    solver = PAIRING[scenario.pairing]
    n = len(cand.ids)
    kept = np.isin(cand.leader * n + cand.partner, np.array(kept_keys, dtype=np.int64))
    if kept.any() and switching_penalty > 0:
        pairing = _steered(solver, G, cand, kept, switching_penalty)
    else:
        pairing = solver(G)
    notes += _outcome(kept_keys, cand.ids, pairing, switching_penalty)
    # the rest of the plan as plan() makes it, around the pairs kept: associations, groups, needs, sharing, people
    networks = associate(scenario, G, pairing)
    groups = gather(scenario, reg, ident, cons)
    sharing = share(scenario, reg, ident, networks)
    needs = answer(scenario, reg, cons)
    curators, mentors = staff_up(scenario, reg, ident, cons, pairing, networks)
    return Plan(name=scenario.name, registry=reg, identification=ident, graph=G, pairing=pairing, sharing=sharing,
                kpis=PlanKpis.of(ident, pairing, sharing, networks, groups, needs, curators, mentors),
                scenario=scenario, notes=tuple(notes), networks=networks, groups=groups, needs=needs,
                curators=curators, mentors=mentors)


# --- monitor ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonitoringKpis(Indicators):
    """The programme indicators of the last year followed, and the list changes into it.

    ``share_low_improved`` is NaN for a single year; figures are None when no year was followed.
    """

    years: int
    last_year: int | None
    share_covered: float | None
    share_in_network: float | None
    share_low_improved: float | None
    low_results: int | None
    unfavourable: int | None
    entered: int
    left: int


@dataclass(frozen=True)
class Monitoring:
    """Year-over-year dynamics: results of paired schools, list changes, programme indicators.

    ``dynamics``: per paired school, procedure, subject and year, the mean z-score and trend;
    ``lists``: per year and status, the schools that entered and left the list;
    ``indicators``: one row per year. :meth:`to_frame` gives one row per indicator and year.
    """

    dynamics: pd.DataFrame
    lists: pd.DataFrame
    indicators: pd.DataFrame

    @property
    def kpis(self) -> MonitoringKpis:
        """The last year's indicators and how many schools entered or left a list that year."""
        ind = self.indicators
        if not len(ind):
            return MonitoringKpis(0, None, None, None, None, None, None, 0, 0)
        last = ind.iloc[-1]
        year = int(last["year"])
        changes = self.lists[self.lists["year"] == year]["change"]
        return MonitoringKpis(
            years=len(ind), last_year=year, share_covered=float(last["share_covered"]),
            share_in_network=float(last["share_in_network"]), share_low_improved=float(last["share_low_improved"]),
            low_results=int(last["low_results"]), unfavourable=int(last["unfavourable"]),
            entered=int((changes == "entered").sum()), left=int((changes == "left").sum()))

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator and year: ``year``, ``indicator``, ``value`` (years in order)."""
        long = self.indicators.melt(id_vars="year", var_name="indicator", value_name="value")
        order = {k: i for i, k in enumerate(self.indicators.columns)}
        long = long.sort_values(["year", "indicator"], key=lambda c: c.map(order) if c.name == "indicator" else c,
                                kind="stable")
        return long.reset_index(drop=True)

    def __repr__(self) -> str:
        k = self.kpis
        return short_repr("Monitoring", k.years, "years", last_year=k.last_year, share_covered=k.share_covered,
                          share_in_network=k.share_in_network, share_low_improved=k.share_low_improved)


def _dynamics(years: Sequence[int], idents: Mapping[int, Identification], paired: Sequence[str]) -> pd.DataFrame:
    """Per paired school, year, procedure and subject: the mean z-score over that year's window and the trend."""
    import pandas as pd

    rows = []
    for y in years:
        ident = idents[y]
        index = ident.index
        for s in paired:
            if s not in index:
                continue
            row = index[s]
            for k, (proc, subj) in enumerate(ident.profile.keys):
                z = float(ident.profile.z[row, k])
                if not math.isnan(z):
                    rows.append((s, y, proc, subj, z, float(ident.profile.trend[row, k])))
    return pd.DataFrame(rows, columns=["school", "year", "procedure", "subject", "z", "trend"])


def _lists(years: Sequence[int], idents: Mapping[int, Identification]) -> pd.DataFrame:
    """Per year and status, the schools that entered and left the list."""
    import pandas as pd

    def having(ident: Identification, status: Status) -> set[str]:
        return set(ident.low_results if status == Status.LOW_RESULTS else ident.unfavourable
                   if status == Status.UNFAVOURABLE else ident.leaders)

    rows = []
    for prev, cur in itertools.pairwise(years):
        for status in (Status.LOW_RESULTS, Status.UNFAVOURABLE, Status.LEADER):
            a, b = having(idents[prev], status), having(idents[cur], status)
            rows += [(cur, status.value, s, "entered") for s in sorted(b - a)]
            rows += [(cur, status.value, s, "left") for s in sorted(a - b)]
    return pd.DataFrame(rows, columns=["year", "status", "school", "change"])


def _improved(before: Identification, after: Identification) -> float:
    """The share of ``before``'s low-results schools whose overall results rose (a closed school did not)."""
    low = before.low_results
    if not low:
        return math.nan
    then, now = before.index, after.index
    was = {s: before.overall[then[s]] for s in low}
    got = {s: after.overall[now[s]] for s in low if s in now}
    return sum(1 for s, v in got.items() if v == v and was[s] == was[s] and v > was[s]) / len(low)


@validate_params(registries_by_year=MAPPING, pairings_by_year=MAPPING,
                 rules=(of(IdentificationRules, text="IdentificationRules"), MAPPING, NONE))
def monitor(registries_by_year: Mapping[int, Registry],
            pairings_by_year: Mapping[int, Pairing | Plan],
            rules: IdentificationRules | Mapping[str, Any] | None = None) -> Monitoring:
    """Follow the programme over the years.

    Parameters
    ----------
    registries_by_year : {year: Registry}
        Each year's registry (its results window ending that year).
    pairings_by_year : {year: Pairing or Plan}
        The plan in force each year.
    rules : IdentificationRules, optional

    Returns
    -------
    Monitoring
        ``dynamics``: per paired school, procedure, subject and year, its mean z-score over
        that year's window and the trend;
        ``lists``: per year and status, the schools that entered and left the list;
        ``indicators``: per year, the share of ШНОР/ШНСУ covered, of all schools in the
        network, and of last year's low-results schools whose overall results improved
        (schools that closed count as not improved), and the sizes of both lists.

    >>> import netmatch as nm
    >>> from netmatch import plan
    >>> reg = nm.datasets.load_demo()
    >>> m = monitor({2025: reg}, {2025: plan(reg)})
    >>> float(m.indicators.loc[0, "share_covered"])
    1.0
    """
    import pandas as pd

    years = sorted(registries_by_year)
    missing = [y for y in years if y not in pairings_by_year]
    if missing:
        raise InvalidInputError([f"monitor: no pairing for the year(s) {missing}."])
    cooked = coerce(IdentificationRules, rules, "monitor")
    idents = {y: identify(registries_by_year[y], cooked) for y in years}
    pairings = {y: (p.pairing if isinstance(p, Plan) else p) for y, p in pairings_by_year.items()}
    paired = sorted({pair.partner for y in years for pair in pairings[y].pairs})
    rows = []
    for k, y in enumerate(years):
        kp = pairings[y].kpis
        improved = _improved(idents[years[k - 1]], idents[y]) if k else math.nan
        rows.append((y, kp.share_covered, kp.share_in_network, improved, len(idents[y].low_results),
                     len(idents[y].unfavourable)))
    indicators = pd.DataFrame(rows, columns=["year", "share_covered", "share_in_network",
                                             "share_low_improved", "low_results", "unfavourable"])
    return Monitoring(dynamics=_dynamics(years, idents, paired), lists=_lists(years, idents), indicators=indicators)
