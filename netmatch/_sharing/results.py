"""What a resource-sharing plan holds: demands, flows, unmet demand with reasons, utilisation, indicators.

:class:`Sharing` is immutable like every result of netmatch: ``to_frame()`` gives one row per
flow and one per unmet demand, ``.kpis`` is a :class:`SharingKpis` (``as_dict()``,
``to_frame()``), and its ``repr`` is short.

>>> Flow("S09", "физика", "TR", "S05", 4.0, 2.0, 12.0, 10.0, False, True).groups
2.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from netmatch._base.results import Indicators, short_repr
from netmatch._sharing.settings import SharingConstraints
from netmatch._words import CATALOG

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Demand", "Flow", "Sharing", "SharingKpis", "Unmet", "Utilisation"]


class Demand(NamedTuple):
    """One demand: ``groups`` groups of a school needing ``hours`` hours a week of a profile.

    ``priority`` marks ШНОР/ШНСУ demand, served first.

    >>> Demand("S09", "физика", 4, 2.0, True).group_hours
    8.0
    """

    school: str
    profile: str
    groups: int
    hours: float
    priority: bool = False

    @property
    def group_hours(self) -> float:
        """Group-hours a week: ``groups * hours``."""
        return float(self.groups * self.hours)


class Flow(NamedTuple):
    """Group-hours a week of one demand served by one resource.

    ``groups`` is ``group_hours / hours`` of the demand (fractional when a group's hours are split
    between hosts); ``minutes`` and ``km`` the one-way trip from the school to the host (for a
    remote flow, the trip the pupils are spared).
    """

    school: str
    profile: str
    resource: str
    host: str
    group_hours: float
    groups: float
    minutes: float
    km: float
    remote: bool
    priority: bool


class Unmet(NamedTuple):
    """A demand not (fully) served, and why.

    ``code`` is ``"no_resource"`` (no resource of the registry offers the profile with free
    hours and seats for a group), ``"no_coordinates"`` (the school has no coordinates and no row in
    the distance table), ``"out_of_reach"`` (nothing within reach: ``nearest_*`` name the nearest
    suitable resource and the trip to it), ``"full"`` (everything in reach is full) or
    ``"not_chosen"`` (resources in reach have free hours the plan could not use: a demand is not
    split between hosts, or the time limit ran out). For the last two, ``full_hosts`` lists
    ``(host, resource, utilisation)`` of every resource in reach, nearest first.
    """

    school: str
    profile: str
    group_hours: float
    demand_group_hours: float
    code: str
    reason_ru: str
    reason_en: str
    priority: bool = False
    nearest_resource: str | None = None
    nearest_host: str | None = None
    nearest_minutes: float | None = None
    nearest_km: float | None = None
    full_hosts: tuple[tuple[str, str, float], ...] = ()

    def reason(self, lang: str = "ru") -> str:
        """The reason in Russian (``"ru"``) or English (``"en"``)."""
        return self.reason_ru if lang == "ru" else self.reason_en


class Utilisation(NamedTuple):
    """How much of one resource the plan uses.

    ``capacity = parallel_groups * hours_per_week * shift_factor`` group-hours a week; ``share`` is
    ``used / capacity`` (NaN for a resource that offers nothing).
    """

    resource: str
    host: str
    kind: str
    seats: int | None
    parallel_groups: int
    hours_per_week: float | None
    shifts: int | None
    shift_factor: float
    capacity: float
    used: float

    @property
    def share(self) -> float:
        """``used / capacity``; NaN when the capacity is zero."""
        return self.used / self.capacity if self.capacity > 0 else math.nan


@dataclass(frozen=True)
class SharingKpis(Indicators):
    """Indicators of a sharing plan; amounts in group-hours a week.

    ``share_priority_served`` is NaN when there is no ШНОР/ШНСУ demand; ``mean_minutes`` (weighted
    by groups) and ``max_minutes`` cover in-person flows and are NaN without them. ``as_dict()``
    lists the fields in this order; ``to_frame()`` gives one row per indicator.

    >>> k = SharingKpis(10.0, 5.0, 0.5, 4.0, 4.0, 1.0, 12.0, 25.0, 0.0, 3, 2, 1)
    >>> list(k.as_dict())[:3], k.to_frame().shape
    (['demand', 'served', 'share_served'], (12, 2))
    """

    demand: float
    served: float
    share_served: float
    priority_demand: float
    priority_served: float
    share_priority_served: float
    mean_minutes: float
    max_minutes: float
    remote_group_hours: float
    flows: int
    resources_used: int
    unmet_demands: int


_TEXT = {
    "served": ("обеспечено", "served"),
    "partly": ("обеспечено частично", "partly served"),
    "unmet": ("не обеспечено", "unmet"),
    "in_person": ("очно", "in person"),
    "remote": ("дистанционно", "remote"),
}


@dataclass(frozen=True, eq=False)
class Sharing:
    """A resource-sharing plan: flows, utilisation, unmet demand with reasons, and indicators.

    Attributes
    ----------
    flows : tuple of Flow
        In demand order, then resource order.
    unmet : tuple of Unmet
        Every demand served less than in full, in demand order.
    utilisation : tuple of Utilisation
        Every resource of the registry, in registry order.
    demand : tuple of Demand
        The demand planned for (the default demand when none was given).
    kpis : SharingKpis
    status : {"optimal", "time_limit"}
        ``"time_limit"`` only with ``split=False`` when the MILP ran out of time.
    gap : float
        Proven relative gap of the level that was being optimised when time ran out
        (``|value - bound| / max(1, |value|)``); 0 when optimal, ``inf`` when nothing was proven.
    split : bool
        Whether a demand could be split between hosts.
    objective : float
        Travel of groups, minutes a week (one trip per group; remote groups at the penalty).
    constraints : SharingConstraints
    notes : tuple of str
        What the plan assumed (resources without seats or hours, schools without pupils, ...).
    demand_source : {"table", "needs", "default"}
        Where the demand came from: the table given, the registry's needs for resources, or the
        default demand (:func:`netmatch.default_demand`).
    """

    flows: tuple[Flow, ...]
    unmet: tuple[Unmet, ...]
    utilisation: tuple[Utilisation, ...]
    demand: tuple[Demand, ...]
    kpis: SharingKpis
    status: str
    gap: float
    split: bool
    objective: float
    constraints: SharingConstraints
    notes: tuple[str, ...] = ()
    demand_source: str = "default"

    def __repr__(self) -> str:
        k = self.kpis
        return short_repr("Sharing", len(self.flows), "flows", status=self.status, unmet=len(self.unmet),
                          served=f"{k.served:g} of {k.demand:g} group-hours")

    def __len__(self) -> int:
        return len(self.flows)

    def flows_of(self, school: str) -> tuple[Flow, ...]:
        """The flows serving one school."""
        return tuple(f for f in self.flows if f.school == school)

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per flow and one per unmet demand.

        Columns: ``school``, ``profile``, ``resource``, ``host`` (empty when unmet),
        ``groups``, ``group_hours``, ``minutes``, ``km``, ``mode``, ``priority``, ``status``
        and ``reason`` (for unmet demand, why), texts in Russian (``"ru"``) or English. For demand
        with nothing in reach, ``minutes`` and ``km`` are the trip to the nearest suitable resource.

        >>> from netmatch._sharing import share_resources
        >>> from netmatch.datasets import load_demo
        >>> frame = share_resources(load_demo()).to_frame()
        >>> list(frame.columns)[:4], sorted(set(frame["status"]))
        (['school', 'profile', 'resource', 'host'], ['обеспечено'])
        """
        import pandas as pd

        i = 0 if lang == "ru" else 1
        rows: list[dict[str, Any]] = []
        for f in self.flows:
            mode = _TEXT["remote" if f.remote else "in_person"][i]
            trip = f"{f.minutes:.0f} {('мин', 'min')[i]}"
            if not math.isnan(f.km):
                trip += f", {f.km:.0f} {('км', 'km')[i]}"
            rows.append({"school": f.school, "profile": f.profile, "resource": f.resource, "host": f.host,
                         "groups": f.groups, "group_hours": f.group_hours, "minutes": f.minutes, "km": f.km,
                         "mode": mode, "priority": f.priority, "status": _TEXT["served"][i],
                         "reason": f"{mode}; {trip}"})
        hours = {(d.school, d.profile): d.hours for d in self.demand}
        for u in self.unmet:
            h = hours.get((u.school, u.profile), math.nan)
            rows.append({"school": u.school, "profile": u.profile, "resource": "", "host": "",
                         "groups": u.group_hours / h if h else math.nan, "group_hours": u.group_hours,
                         "minutes": math.nan if u.nearest_minutes is None else u.nearest_minutes,
                         "km": math.nan if u.nearest_km is None else u.nearest_km, "mode": "",
                         "priority": u.priority,
                         "status": _TEXT["unmet"][i], "reason": u.reason(lang)})
        columns = ["school", "profile", "resource", "host", "groups", "group_hours", "minutes", "km", "mode",
                   "priority", "status", "reason"]
        return pd.DataFrame(rows, columns=columns)

    def utilisation_frame(self) -> pd.DataFrame:
        """One row per resource: the fields of :class:`Utilisation` and ``share`` (used / capacity).

        >>> from netmatch._sharing import share_resources
        >>> from netmatch.datasets import load_demo
        >>> u = share_resources(load_demo()).utilisation_frame()
        >>> u.loc[u.resource == "TR-S05", ["capacity", "used", "share"]].to_numpy().tolist()
        [[10.0, 6.0, 0.6]]
        """
        import pandas as pd

        frame = pd.DataFrame(self.utilisation, columns=list(Utilisation._fields))
        frame["share"] = [u.share for u in self.utilisation]
        return frame

CATALOG.keyed("sharing", _TEXT)  # an entry of the one catalog (netmatch._words)
