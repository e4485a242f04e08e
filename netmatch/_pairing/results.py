"""The result of a pairing: pairs, unpaired schools with reasons, and the programme indicators.

Every pairing function of :mod:`netmatch.matching` returns an immutable :class:`Pairing`;
its ``pairs`` are :class:`Pair` objects, its ``unpaired`` :class:`Unpaired` ones (the school
and why it has no leader) and its ``kpis`` a :class:`Kpis` against the programme targets
(100% of ШНОР/ШНСУ in a partnership, at least half of all schools in the network).

>>> import netmatch as nm
>>> G = nm.build_graph(nm.datasets.load_demo())
>>> plan = nm.optimal_pairing(G)
>>> plan
<Pairing: 5 pairs; method optimal, covered 5 of 5, unpaired 0>
>>> plan.kpis.coverage_target_met, type(plan.pairs)
(True, <class 'tuple'>)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netmatch._base.results import REPR_LIMIT, Indicators, Reasoned, short_repr
from netmatch._pairing.roles import ROLE_TEXT
from netmatch._pairing.targets import COVERAGE_TARGET, NETWORK_TARGET
from netmatch.scoring import COMPONENTS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COVERAGE_TARGET", "NETWORK_TARGET", "Kpis", "Pair", "Pairing", "Unpaired"]



def _cut(text: str) -> str:
    return text if len(text) <= REPR_LIMIT else text[: REPR_LIMIT - 4] + "...)"


@dataclass(frozen=True)
class Pair:
    """One partnership: a leader and a partner school (and, per subject, the subject).

    >>> Pair(leader="L1", partner="A", score=0.625, km=12.3, minutes=15.0, mode="in_person", components={})
    Pair('L1' -> 'A', score 0.62, 12.3 km, in_person)
    """

    leader: str
    partner: str
    score: float
    km: float
    minutes: float
    mode: str
    components: Mapping[str, float]
    required: bool = False
    existing: bool = False
    subject: str | None = None
    explanation_ru: str = ""
    explanation_en: str = ""

    def __repr__(self) -> str:
        subject = f", {self.subject}" if self.subject else ""
        return _cut(f"Pair({self.leader!r} -> {self.partner!r}{subject}, score {self.score:.2f}, "
                    f"{self.km:.1f} km, {self.mode})")

    def explanation(self, lang: str = "ru") -> str:
        """Why this pair, in Russian or English."""
        return self.explanation_ru if lang == "ru" else self.explanation_en


@dataclass(frozen=True)
class Unpaired(Reasoned):
    """A school without (enough) leaders, and why.

    ``code`` is one of ``"no_coordinates"``, ``"no_leaders"``, ``"out_of_reach"``,
    ``"phase"``, ``"language"``, ``"excluded"``, ``"internet"``, ``"leaders_full"``,
    ``"not_chosen"`` (stable pairing: every feasible leader preferred others);
    ``full_leaders`` names the feasible leaders that are full and ``best_score`` the score
    the best of them would give if it took one more school.

    >>> Unpaired(school="C", code="out_of_reach", reason_ru="нет лидера", reason_en="no leader")
    Unpaired('C', out_of_reach, missing 1)
    """

    school: str
    code: str
    reason_ru: str
    reason_en: str
    missing: int = 1
    nearest_leader: str | None = None
    nearest_km: float | None = None
    full_leaders: tuple[str, ...] = ()
    best_score: float | None = None

    def __repr__(self) -> str:
        return _cut(f"Unpaired({self.school!r}, {self.code}, missing {self.missing})")


@dataclass(frozen=True)
class Kpis(Indicators):
    """Programme indicators of a pairing.

    ``leader_load`` maps each leader to (partners or mentor hours used, capacity); it is left
    out of :meth:`as_dict`, which adds ``coverage_target_met``, ``network_target_met``,
    ``leaders_used`` and ``max_leader_load`` instead.
    """

    needing: int
    covered: int
    share_covered: float
    schools: int
    in_network: int
    share_in_network: float
    mean_km: float
    max_km: float
    remote_pairs: int
    leader_load: Mapping[str, tuple[int, int]]

    @property
    def coverage_target_met(self) -> bool:
        """All ШНОР/ШНСУ in a partnership (target 100%)."""
        return self.share_covered >= COVERAGE_TARGET - 1e-12

    @property
    def network_target_met(self) -> bool:
        """At least half of all schools in the network."""
        return self.share_in_network >= NETWORK_TARGET

    def extra(self) -> dict[str, Any]:
        """The targets met, how many leaders have partners and the largest load."""
        loads = [used for used, _ in self.leader_load.values()]
        return {"coverage_target_met": self.coverage_target_met, "network_target_met": self.network_target_met,
                "leaders_used": sum(1 for x in loads if x), "max_leader_load": max(loads, default=0)}

    def as_dict(self) -> dict[str, Any]:
        """Flat figures, for tables and comparisons (each target flag beside its share)."""
        extra = self.extra()
        return {
            "needing": self.needing, "covered": self.covered, "share_covered": self.share_covered,
            "coverage_target_met": extra["coverage_target_met"], "schools": self.schools,
            "in_network": self.in_network, "share_in_network": self.share_in_network,
            "network_target_met": extra["network_target_met"], "mean_km": self.mean_km, "max_km": self.max_km,
            "remote_pairs": self.remote_pairs, "leaders_used": extra["leaders_used"],
            "max_leader_load": extra["max_leader_load"],
        }


@dataclass(frozen=True)
class Pairing:
    """An immutable pairing plan: pairs, unpaired schools with reasons, and indicators.

    ``method`` is the solver (``"optimal"``, ``"load_units"``, ``"stable"``, ``"subject"``,
    ``"greedy"``), ``status`` ``"optimal"``, ``"time_limit"``, ``"stable"`` or ``"heuristic"``
    and ``gap`` the proven relative optimality gap (0 when optimal, NaN when not applicable or
    when nothing was proven before the time limit — ``notes`` then say "no bound yet").
    A ``"time_limit"`` plan is the best in hand when the time ran out (the solver's, or a greedy
    start when it had none yet), feasible like any other; ``notes`` say which.
    ``blocking`` counts blocking pairs where that is meaningful (stable pairing). ``objective``
    is what the solver maximised, told in the graph's own scores even when ``scores=`` steered it.
    """

    pairs: tuple[Pair, ...]
    unpaired: tuple[Unpaired, ...]
    kpis: Kpis
    roles: Mapping[str, str]
    method: str
    status: str
    gap: float = 0.0
    objective: float = 0.0
    blocking: int | None = None
    notes: tuple[str, ...] = ()
    capacity_note: Mapping[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.pairs)

    def __repr__(self) -> str:
        return short_repr("Pairing", len(self.pairs), "pairs", method=self.method,
                          covered=f"{self.kpis.covered} of {self.kpis.needing}", unpaired=len(self.unpaired))

    def partners_of(self, leader: str) -> tuple[str, ...]:
        """The partner schools of one leader."""
        return tuple(p.partner for p in self.pairs if p.leader == leader)

    def leaders_of(self, school: str) -> tuple[str, ...]:
        """The leaders of one partner school."""
        return tuple(p.leader for p in self.pairs if p.partner == school)

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per pair, per unpaired school and per other school of the registry.

        Columns: ``school``, ``leader`` (empty when unpaired), ``subject``, ``score``,
        ``distance_km``, ``minutes``, ``mode``, ``role``, ``reason`` (the pair's explanation,
        or why the school has no leader, or why it needs none), then the score components as
        ``score_subject``, ``score_gap`` and so on. Every school of the registry appears at least once.
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for p in self.pairs:
            rows.append({"school": p.partner, "leader": p.leader, "subject": p.subject or "", "score": p.score,
                         "distance_km": p.km, "minutes": p.minutes, "mode": p.mode, "role": "partner",
                         "reason": p.explanation(lang),
                         **{f"score_{c}": p.components.get(c, math.nan) for c in COMPONENTS}})
        for u in self.unpaired:
            rows.append({"school": u.school, "leader": "", "subject": "", "score": math.nan,
                         "distance_km": math.nan if u.nearest_km is None else u.nearest_km, "minutes": math.nan,
                         "mode": "", "role": "partner", "reason": u.reason(lang)})
        listed = {r["school"] for r in rows}
        for school, role in self.roles.items():
            if school in listed:
                continue
            if role == "leader":
                used, cap = self.kpis.leader_load.get(school, (0, 0))
                text = (f"школа-лидер: партнёров {used} из {cap}" if lang == "ru"
                        else f"leader school: {used} of {cap} partners")
                if used:
                    continue
            else:
                text = ROLE_TEXT[role][0 if lang == "ru" else 1]
            rows.append({"school": school, "leader": "", "subject": "", "score": math.nan, "distance_km": math.nan,
                         "minutes": math.nan, "mode": "", "role": role, "reason": text})
        columns = ["school", "leader", "subject", "score", "distance_km", "minutes", "mode", "role", "reason",
                   *(f"score_{c}" for c in COMPONENTS)]
        return pd.DataFrame(rows, columns=columns)
