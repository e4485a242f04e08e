"""The result of :func:`netmatch.form_networks`: associations, every school's place with a reason, indicators.

>>> import netmatch as nm
>>> net = nm.form_networks(nm.datasets.load_demo())
>>> net  # doctest: +ELLIPSIS
<Networks: ... associations; covered 5 of 5, ... of 18 schools in the network; method milp, optimal>
>>> net.kpis.coverage_target_met, net.kpis.network_target_met
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from netmatch._base.results import Indicators, Reasoned

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Association", "Membership", "NetworkKpis", "Networks"]


@dataclass(frozen=True)
class Association:
    """One association: its leader, its members (sorted), and how far they travel to the leader.

    >>> Association("L1", ("A", "B"), priority=1, total_minutes=40.0, worst_minutes=25.0, remote=0)
    Association('L1': 3 schools, 1 ШНОР/ШНСУ, worst 25 min)
    """

    leader: str
    members: tuple[str, ...]
    priority: int
    total_minutes: float
    worst_minutes: float
    remote: int
    #: A second leader school co-leading it (``form_networks(co_lead=True)``), counted apart from the size.
    co_leader: str | None = None
    #: Led by a partner organisation (``leader`` is its code), not by a leader school.
    organisation: bool = False

    @property
    def size(self) -> int:
        """Participants of the association, its leader (school or organisation) included; a co-leader is not."""
        return len(self.members) + 1

    def __repr__(self) -> str:
        return (f"Association({self.leader!r}: {self.size} schools, {self.priority} ШНОР/ШНСУ, "
                f"worst {self.worst_minutes:.0f} min)")


@dataclass(frozen=True)
class Membership(Reasoned):
    """Where one school stands: ``role`` ``"leader"`` (leads an association), ``"member"`` or ``""`` (outside).

    ``role`` is ``"co_leader"`` for a leader school co-leading an association (``leader`` names its leader).
    ``code`` says why in one word (``"leads"``, ``"member"``, ``"co_leads"``, ``"no_coordinates"``,
    ``"out_of_reach"``, ``"leaders_full"``, ``"target_reached"``, ``"too_small"``, ``"not_needed"``,
    ``"graph_without_members"``); ``reason_ru``/``reason_en`` say it in words.
    """

    school: str
    role: str
    leader: str | None
    needs: bool
    code: str
    reason_ru: str
    reason_en: str
    mode: str | None = None
    km: float | None = None
    minutes: float | None = None
    score: float | None = None
    #: For a ШНОР/ШНСУ outside: the smallest change that would bring it in (:mod:`netmatch._networks.levers`)
    fix_code: str = ""
    fix_ru: str = ""
    fix_en: str = ""

    def fix(self, lang: str = "ru") -> str:
        """What it would take to bring it in, in Russian or English ("" when nothing is needed or known)."""
        return self.fix_ru if lang == "ru" else self.fix_en

    def __repr__(self) -> str:
        return f"Membership({self.school!r}, {self.role or 'outside'}, {self.code})"


@dataclass(frozen=True)
class NetworkKpis(Indicators):
    """The programme's indicators for the associations, against its targets."""

    needing: int
    covered: int
    schools: int
    in_network: int
    associations: int
    coverage_target: float
    network_target: float
    #: Associations led by a partner organisation (its members count as schools in the network; it does not).
    led_by_organisations: int = 0

    @property
    def share_covered(self) -> float:
        """Share of ШНОР/ШНСУ in an association (1 when there are none)."""
        return self.covered / self.needing if self.needing else 1.0

    @property
    def share_in_network(self) -> float:
        """Share of all schools in the network (leaders of associations and their members)."""
        return self.in_network / self.schools if self.schools else 0.0

    @property
    def mean_size(self) -> float:
        """Schools per association, leaders included."""
        return self.in_network / self.associations if self.associations else math.nan

    @property
    def coverage_target_met(self) -> bool:
        return self.share_covered >= self.coverage_target - 1e-12

    @property
    def network_target_met(self) -> bool:
        return self.share_in_network >= self.network_target - 1e-12

    def extra(self) -> dict[str, Any]:
        return {"share_covered": self.share_covered, "share_in_network": self.share_in_network,
                "mean_size": self.mean_size, "coverage_target_met": self.coverage_target_met,
                "network_target_met": self.network_target_met}


@dataclass(frozen=True)
class Networks:
    """Associations around leader schools, every school's place in them, and the indicators.

    ``status`` is ``"optimal"`` (the exact MILP proved every level), ``"time_limit"`` (the best
    plan in hand; ``gap`` of the level that stopped) or ``"heuristic"`` (the flow bound repaired:
    ``covered_bound`` and ``in_network_bound`` are proven upper bounds, capped by the target).
    """

    associations: tuple[Association, ...]
    schools: tuple[Membership, ...]
    kpis: NetworkKpis
    method: str
    status: str
    gap: float
    covered_bound: int
    in_network_bound: int
    min_size: int
    max_size: int
    notes: tuple[str, ...] = ()
    #: (leader, school) pairs kept as they were (required pairs, the pairing's): such an association
    #: may hold fewer than ``min_size`` schools
    pinned: tuple[tuple[str, str], ...] = ()
    #: The place of every organisation that may lead (``leads``): ``"leader"`` or outside, with the reason
    organisations: tuple[Membership, ...] = ()

    def __repr__(self) -> str:
        k = self.kpis
        return (f"<Networks: {k.associations} associations; covered {k.covered} of {k.needing}, "
                f"{k.in_network} of {k.schools} schools in the network; method {self.method}, {self.status}>")

    def membership(self, school: str) -> Membership:
        """The place of one school."""
        return self._by_school[school]

    @cached_property
    def _by_school(self) -> dict[str, Membership]:
        # a plan compared school by school asks for every one: one index, not a scan each
        return {m.school: m for m in self.schools}

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per school of the registry: role, leader, mode, km, minutes, score and the reason."""
        import pandas as pd

        rows = [{"school": m.school, "role": m.role, "leader": m.leader, "needs": m.needs, "code": m.code,
                 "mode": m.mode, "km": m.km, "minutes": m.minutes, "score": m.score, "reason": m.reason(lang),
                 "fix": m.fix(lang)} for m in self.schools]
        return pd.DataFrame(rows, columns=["school", "role", "leader", "needs", "code", "mode", "km", "minutes",
                                           "score", "reason", "fix"])

    def associations_frame(self) -> pd.DataFrame:
        """One row per association: leader, size, ШНОР/ШНСУ, members, total and worst minutes, remote members."""
        import pandas as pd

        rows = [{"leader": a.leader, "led_by": "organisation" if a.organisation else "school", "size": a.size,
                 "priority": a.priority, "members": ", ".join(a.members), "total_minutes": a.total_minutes,
                 "worst_minutes": a.worst_minutes, "remote": a.remote}
                for a in self.associations]
        return pd.DataFrame(rows, columns=["leader", "led_by", "size", "priority", "members", "total_minutes",
                                           "worst_minutes", "remote"])

    def summary(self) -> str:
        """A few lines for a console."""
        k = self.kpis
        return "\n".join([
            repr(self),
            f"ШНОР/ШНСУ: {k.covered}/{k.needing} (target {k.coverage_target:.0%}); "
            f"schools: {k.in_network}/{k.schools} = {k.share_in_network:.0%} (target {k.network_target:.0%})",
            *(repr(a) for a in self.associations[:10]),
        ])
