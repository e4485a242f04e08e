"""What a siting returns: :class:`Siting` (sites, assignment, proven bound), :class:`SiteChange`, :class:`SitingKpis`.

>>> import numpy as np
>>> from netmatch._siting import site_centres
>>> s = site_centres(np.array([[0, 3, 8], [3, 0, 5], [8, 5, 0], [9, 6, 1]], dtype=float), 1, fixed=[0])
>>> s.kpis.as_dict()["share_served"], s.kpis.new_sites
(1.0, 1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

from netmatch._base.results import Indicators, short_repr

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]

__all__ = ["LeftOut", "ObjectiveKind", "SiteChange", "Siting", "SitingKpis", "Status"]

ObjectiveKind = Literal["median", "coverage"]
Status = Literal["optimal", "time_limit"]


class LeftOut(NamedTuple):
    """A school a registry siting left out, and why (a row of :attr:`Siting.left_out`).

    Attributes
    ----------
    school : str
        The school's id.
    roles : tuple of {"client", "centre", "candidate"}
        What it would have been: a school to serve, an existing centre, a candidate site (in
        that order; a school in need that is also a candidate has both).
    code : {"no_coordinates"}
        Why, as a code: the school has no coordinates, so its travel times are unknown.
    reason_ru, reason_en : str
        Why, in Russian and English.

    Examples
    --------
    >>> LeftOut("S08", ("candidate",), "no_coordinates", "нет координат", "no coordinates").reason("en")
    'no coordinates'
    """

    school: str
    roles: tuple[Literal["client", "centre", "candidate"], ...]
    code: Literal["no_coordinates"]
    reason_ru: str
    reason_en: str

    def reason(self, lang: str = "ru") -> str:
        """Why, in Russian (``"ru"``, the default) or English."""
        return self.reason_ru if lang == "ru" else self.reason_en


class SiteChange(NamedTuple):
    """What one site is worth to a siting (a row of :attr:`Siting.marginal`).

    Attributes
    ----------
    site : int
        Site index (column of the cost matrix).
    status : {"fixed", "new", "closed"}
        ``"fixed"`` — open before and kept; ``"new"`` — chosen by this siting;
        ``"closed"`` — a candidate left closed.
    change : float
        For an open site, the loss if it were removed: how much the total cost would rise
        (``"median"``; ``inf`` when some client could reach no other open site) or the covered
        weight would fall (``"coverage"``). For a closed candidate, the gain if it opened next:
        how much the total cost would fall or the covered weight would rise.
    rank : int
        1-based rank by ``change`` among the open sites or among the closed candidates
        (largest first; ties by site index).
    """

    site: int
    status: Literal["fixed", "new", "closed"]
    change: float
    rank: int


@dataclass(frozen=True)
class SitingKpis(Indicators):
    """The headline figures of a :class:`Siting` (``siting.kpis``).

    Attributes
    ----------
    clients, served : int
        Clients, and those an open site serves (covers, under ``"coverage"``).
    new_sites, open_sites : int
        Sites chosen by the siting, and every open site (fixed and new).
    objective, bound, gap : float
        The objective (weighted total cost or covered weight), its proven bound and relative gap.
    status, objective_kind : str
        ``"optimal"`` or ``"time_limit"``; ``"median"`` or ``"coverage"``.
    radius : float or None
        The travel limit used.
    mean_cost, max_cost : float
        Mean and largest cost of the served clients (NaN when none is served).
    left_out : int
        Schools a registry siting left out (without coordinates): neither clients nor sites.
    """

    clients: int
    served: int
    new_sites: int
    open_sites: int
    objective: float
    bound: float
    gap: float
    status: str
    objective_kind: str
    radius: float | None
    mean_cost: float
    max_cost: float
    left_out: int = 0

    @property
    def share_served(self) -> float:
        """The share of clients served (NaN without clients)."""
        return self.served / self.clients if self.clients else math.nan

    def extra(self) -> dict[str, Any]:
        """The share of clients served."""
        return {"share_served": self.share_served}


@dataclass(frozen=True, eq=False)
class Siting:
    """Where centres open and which site serves each client; returned by :func:`site_centres`.

    Attributes
    ----------
    sites : tuple of int
        The new sites chosen, sorted.
    open : tuple of int
        Every open site (fixed and new), sorted.
    assignment : numpy.ndarray of int
        For each client, the site serving it, or ``-1`` when none does (read-only).
    client_cost : numpy.ndarray of float
        For each client, the cost of reaching its site; ``nan`` when unserved (read-only).
    objective : float
        ``"median"``: the weighted total cost; ``"coverage"``: the covered weight.
    bound : float
        The best bound proved (by HiGHS, or, with capacities before HiGHS has one, what every
        siting obeys: each client pays at least its cheapest usable pair, at most the clients
        with one are covered): no siting costs less (``"median"``) or covers more
        (``"coverage"``). Equals ``objective`` when optimal.
    gap : float
        Proven relative gap ``|objective - bound| / |objective|``: ``0.0`` when proven optimal, at
        most ``mip_rel_gap`` when that was set, ``inf`` when nothing was proven in time.
    status : {"optimal", "time_limit"}
        ``"optimal"`` when the gap is within ``mip_rel_gap`` (0 by default: proven optimal);
        ``"time_limit"`` when ``time_limit`` ran out first, with the best siting found so far
        (HiGHS's, or the heuristic's when HiGHS had none yet).
    objective_kind : {"median", "coverage"}
        The objective the siting optimises.
    radius : float or None
        The travel limit used: a client is covered, or may be served, only within it.
    marginal : tuple of SiteChange
        What each site is worth: the open sites ranked by the loss if removed, then the closed
        candidates ranked by the gain if opened next. Values are for each client using its nearest
        open site (within ``radius``), ignoring capacities: exact for uncapacitated sitings, a guide
        otherwise.
    client_ids, site_ids : tuple of str, optional
        School ids of the clients and sites, for a siting made from a registry.
    left_out : tuple of LeftOut
        For a siting made from a registry, the schools that are neither clients nor sites because
        they have no coordinates, each with its reason (empty when every school has them).
    note_ru, note_en : str
        Why nothing was sited, in Russian and English, when there was nothing to site (a registry
        with no school that needs a centre: no ШНОР or ШНСУ); empty otherwise. See :meth:`note`.

    Examples
    --------
    >>> import numpy as np
    >>> from netmatch._siting import site_centres
    >>> cost = np.array([[0, 3, 8], [3, 0, 5], [8, 5, 0], [9, 6, 1]], dtype=float)
    >>> s = site_centres(cost, 1, fixed=[0])
    >>> s
    <Siting: 4 clients; median 4, new sites 2, open 0 2, served 4 of 4, status optimal>
    >>> s.assignment
    array([0, 0, 2, 2])
    >>> s.fixed, s.unserved
    ((0,), ())
    >>> s.marginal[0]
    SiteChange(site=2, status='new', change=16.0, rank=1)
    """

    sites: tuple[int, ...]
    open: tuple[int, ...]
    assignment: IntArray
    client_cost: FloatArray
    objective: float
    bound: float
    gap: float
    status: Status
    objective_kind: ObjectiveKind
    radius: float | None
    marginal: tuple[SiteChange, ...]
    client_ids: tuple[str, ...] | None = None
    site_ids: tuple[str, ...] | None = None
    left_out: tuple[LeftOut, ...] = ()
    note_ru: str = ""
    note_en: str = ""

    def note(self, lang: str = "ru") -> str:
        """Why nothing was sited, in Russian (``"ru"``, the default) or English; ``""`` when something was.

        >>> import numpy as np
        >>> from netmatch._siting import site_centres
        >>> site_centres(np.array([[0.0, 2.0]]), 1).note()
        ''
        """
        return self.note_ru if lang == "ru" else self.note_en

    @property
    def site_schools(self) -> tuple[str, ...]:
        """The new sites as school ids (for a siting made from a registry), else as indices."""
        return tuple(self.site_ids[j] for j in self.sites) if self.site_ids else tuple(map(str, self.sites))

    @property
    def fixed(self) -> tuple[int, ...]:
        """The sites that were open before (``open`` without ``sites``)."""
        new = set(self.sites)
        return tuple(j for j in self.open if j not in new)

    @property
    def unserved(self) -> tuple[int, ...]:
        """Clients no open site serves (uncovered clients under ``"coverage"``)."""
        return tuple(int(i) for i in np.flatnonzero(self.assignment < 0))

    @property
    def kpis(self) -> SitingKpis:
        """The headline figures: clients served, sites, objective, bound, gap, costs.

        >>> import numpy as np
        >>> from netmatch._siting import site_centres
        >>> site_centres(np.array([[1.0, 7.0], [6.0, 2.0]]), 1, objective="coverage", radius=3).kpis.served
        1
        """
        served = self.assignment >= 0
        costs = self.client_cost[served]
        return SitingKpis(
            clients=len(self.assignment), served=int(served.sum()), new_sites=len(self.sites),
            open_sites=len(self.open), objective=float(self.objective), bound=float(self.bound),
            gap=float(self.gap), status=self.status, objective_kind=self.objective_kind, radius=self.radius,
            mean_cost=float(costs.mean()) if len(costs) else math.nan,
            max_cost=float(costs.max()) if len(costs) else math.nan, left_out=len(self.left_out),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per client: ``client``, ``site`` (``-1`` when unserved), ``cost``, ``covered``.

        A siting made from a registry adds the school ids: ``school`` and ``site_school``.

        Examples
        --------
        >>> import numpy as np
        >>> from netmatch._siting import site_centres
        >>> s = site_centres(np.array([[1.0, 7.0], [6.0, 2.0]]), 1, objective="coverage", radius=3)
        >>> s.to_frame()
           client  site  cost  covered
        0       0     0   1.0     True
        1       1    -1   NaN    False
        """
        import pandas as pd

        frame = pd.DataFrame(
            {
                "client": np.arange(len(self.assignment)),
                "site": self.assignment,
                "cost": self.client_cost,
                "covered": self.assignment >= 0,
            }
        )
        if self.client_ids is not None and self.site_ids is not None:
            frame.insert(1, "school", list(self.client_ids))
            frame.insert(3, "site_school", [self.site_ids[j] if j >= 0 else "" for j in self.assignment.tolist()])
        return frame

    def marginal_frame(self) -> pd.DataFrame:
        """:attr:`marginal` as a table: ``site``, ``status``, ``change``, ``rank``.

        Examples
        --------
        >>> import numpy as np
        >>> from netmatch._siting import site_centres
        >>> cost = np.array([[0, 3, 8], [3, 0, 5], [8, 5, 0], [9, 6, 1]], dtype=float)
        >>> site_centres(cost, 1, fixed=[0]).marginal_frame()
           site  status  change  rank
        0     2     new    16.0     1
        1     0   fixed    10.0     2
        2     1  closed     3.0     1
        """
        import pandas as pd

        frame = pd.DataFrame(self.marginal, columns=list(SiteChange._fields))
        if self.site_ids is not None:
            frame.insert(1, "school", [self.site_ids[j] for j in frame["site"].tolist()])
        return frame

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Siting):
            return NotImplemented
        return (
            self.sites == other.sites
            and self.open == other.open
            and np.array_equal(self.assignment, other.assignment)
            and np.array_equal(self.client_cost, other.client_cost, equal_nan=True)
            and (self.objective, self.bound, self.gap, self.status) ==
            (other.objective, other.bound, other.gap, other.status)
            and (self.objective_kind, self.radius) == (other.objective_kind, other.radius)
            and self.marginal == other.marginal
            and self.left_out == other.left_out
            and (self.note_ru, self.note_en) == (other.note_ru, other.note_en)
        )

    def _names(self, sites: tuple[int, ...]) -> str:
        names = [self.site_ids[j] if self.site_ids else str(j) for j in sites]
        return " ".join(names[:6]) + (f" (+{len(names) - 6})" if len(names) > 6 else "") if names else "none"

    def __repr__(self) -> str:
        served = int((self.assignment >= 0).sum())
        left = {"left_out": len(self.left_out)} if self.left_out else {}
        return short_repr("Siting", len(self.assignment), "clients",
                          **{self.objective_kind: f"{self.objective:g}"}, new_sites=self._names(self.sites),
                          open=self._names(self.open), served=f"{served} of {len(self.assignment)}",
                          status=self.status, **left)
