r"""Associations: hubs (leader schools) that each gather several members, within travel limits and loads.

Arc ``e`` lets member ``member[e]`` join the association of hub ``hub[e]`` (travel ``minutes[e]``,
pair score ``score[e]``). A member joins at most one association; an open association has
between ``min_size`` and ``max_size`` schools counting its hub; a hub takes at most
``hub_capacity[h]`` *priority* members (ШНОР/ШНСУ) and any others up to the size. Required arcs
are always used, and a hub with a required arc may stay below ``min_size`` (an agreement in force
stands even when nobody else can join it). The objective is lexicographic:

1. the most priority members in an association;
2. the most schools in the network — members plus open hubs — up to ``target`` (all, when
   ``target`` is None);
3. cohesion: the least total travel in whole minutes (``cohesion="total"``), or first the least
   worst travel time, then the least total (``cohesion="worst"``);
4. complementarity: the highest total pair score (never traded against a whole minute: each
   arc's score enters divided by the number of arcs plus one, normalised to [0, 1]).

With :math:`x_e, y_h \in \{0,1\}` and :math:`w` the schools in the network, capped at the target :math:`T`:

.. math::

    \sum_{e \in \delta(m)} x_e \le 1,\quad x_e \le y_{h(e)},\quad
    (s_{\min}-1)\,y_h \le \sum_{e \in \delta(h)} x_e \le (s_{\max}-1)\,y_h,\quad
    \sum_{e \in \delta(h),\ m(e)\ \text{priority}} x_e \le c_h,\quad
    w \le \sum_e x_e + \sum_h y_h,\ w \le T.

``method="milp"`` solves the levels one after another with HiGHS (``scipy.optimize.milp``),
each fixed at its optimum before the next; on the time limit the best plan in hand is kept
and the gap of the level that stopped is reported. ``method="flow"`` (large instances) drops
the minimum size, which leaves a b-matching on a totally unimodular system — members on the
left, two slots per hub (priority, other) grouped under the hub's size — solved exactly with
priority members first (:func:`~netmatch._solvers.bmatching.max_coverage_assignment`); it
gives proven upper bounds on levels 1 and 2. Associations below the minimum are then repaired
— filled with members not yet placed, else their members moved to open associations with
room, else closed — and, with a target, the farthest other members beyond the target are let
go. The plan reports how far it may be from those bounds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from netmatch._base.util import readonly
from netmatch._solvers.arrays import bad, bool_vector, float_vector, int_vector
from netmatch._solvers.bmatching import compiled_solver, max_coverage_assignment
from netmatch.exceptions import InfeasibleError, NetmatchError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from netmatch._solvers.arrays import BoolArray, FloatArray, IntArray

__all__ = ["AssociationPlan", "check_associations", "form_associations"]

_FUNC = "form_associations"
#: Up to this many arcs ``method="auto"`` solves the exact MILP; beyond, the flow bound and its repair.
MILP_ARCS = 20_000


@dataclass(frozen=True, eq=False)
class AssociationPlan:
    """Associations found by :func:`form_associations` (read-only arrays).

    ``hub_of[m]`` is the hub member ``m`` joins (-1: none), ``arc_of[m]`` the arc it uses;
    ``open[h]`` whether hub ``h`` leads an association. ``covered`` and ``in_network`` are levels
    1 and 2 of the objective (``in_network``, members and open hubs — members only with
    ``count_hubs=False`` —, not capped by the target), with their proven upper
    bounds; ``total_minutes`` and ``worst_minutes`` the travel of the arcs used (whole minutes).
    ``closed`` lists hubs the flow's repair closed for falling below the minimum size.
    """

    hub_of: IntArray
    arc_of: IntArray
    open: BoolArray
    covered: int
    covered_bound: int
    in_network: int
    in_network_bound: int
    total_minutes: float
    worst_minutes: float
    score: float
    status: str
    method: str
    gap: float
    closed: IntArray
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Problem:
    member: IntArray
    hub: IntArray
    minutes: FloatArray  # whole minutes
    weight: FloatArray  # the lexicographic (cohesion, score) weight to maximise: -minutes + small score
    score: FloatArray
    priority: BoolArray  # per member
    capacity: IntArray  # per hub: priority members
    required: BoolArray
    min_size: int
    max_size: int
    target: int | None
    counted: BoolArray  # per hub: whether an open hub counts as a school in the network
    load: IntArray  # per member: what it brings to an association (teachers); zeros without loads
    hub_load: IntArray  # per hub: its own load when open
    max_load: float  # an open association's load at most (inf without loads)

    @property
    def n_members(self) -> int:
        return int(self.priority.shape[0])

    @property
    def n_hubs(self) -> int:
        return int(self.capacity.shape[0])


def _inputs(member: ArrayLike, hub: ArrayLike, minutes: ArrayLike, score: ArrayLike, priority: ArrayLike,
            hub_capacity: ArrayLike, required: ArrayLike | None, min_size: int, max_size: int,
            target: int | None, count_hubs: bool | ArrayLike = True,
            loads: tuple[ArrayLike | None, ArrayLike | None, float | None] = (None, None, None)) -> _Problem:
    prio = np.asarray(priority)
    if prio.ndim != 1 or prio.dtype != bool:
        raise bad(_FUNC, "priority", "a boolean mask over the members", f"dtype {prio.dtype}, shape {prio.shape}")
    cap = int_vector(_FUNC, "hub_capacity", hub_capacity)
    mem = int_vector(_FUNC, "member", member, high=prio.shape[0], what=f"member indices below {prio.shape[0]}")
    hb = int_vector(_FUNC, "hub", hub, size=mem.shape[0], high=cap.shape[0], what=f"hub indices below {cap.shape[0]}")
    e = mem.shape[0]
    mins = np.rint(float_vector(_FUNC, "minutes", minutes, size=e))
    sc = float_vector(_FUNC, "score", score, size=e)
    req = np.zeros(e, bool) if required is None else bool_vector(_FUNC, "required", required, size=e)
    if not (isinstance(min_size, int) and isinstance(max_size, int) and 2 <= min_size <= max_size):
        raise bad(_FUNC, "min_size", f"a whole number from 2 to max_size={max_size!r}", repr(min_size))
    if target is not None and not (isinstance(target, int) and target >= 0):
        raise bad(_FUNC, "target", "a non-negative whole number of schools, or None", repr(target))
    if (mins < 0).any():
        raise bad(_FUNC, "minutes", "non-negative", f"{float(mins.min())!r}")
    key = hb * max(prio.shape[0], 1) + mem
    if np.unique(key).shape[0] != e:
        raise bad(_FUNC, "member", "pairs (member, hub) that each appear once", "a repeated pair")
    spread = float(sc.max() - sc.min()) if e else 0.0
    unit = (sc - sc.min()) / spread if spread > 0 else np.zeros(e)
    weight = -mins + unit / (e + 1)  # a whole minute outweighs every score together
    counted = (np.full(cap.shape[0], bool(count_hubs)) if isinstance(count_hubs, (bool, np.bool_))
               else bool_vector(_FUNC, "count_hubs", count_hubs, size=cap.shape[0]))
    load, own, limit = _loads(loads, prio.shape[0], cap.shape[0])
    return _Problem(mem, hb, mins, weight, sc, prio, cap, req, min_size, max_size, target, counted, load, own, limit)


def _loads(loads: tuple[ArrayLike | None, ArrayLike | None, float | None], n_members: int, n_hubs: int
           ) -> tuple[IntArray, IntArray, float]:
    """The members' and hubs' loads (zeros when not given) and the limit (inf when not given), checked."""
    member_load, hub_load, max_load = loads
    if max_load is not None and not (isinstance(max_load, (int, float)) and max_load >= 0):
        raise bad(_FUNC, "max_load", "a non-negative number, or None", repr(max_load))
    load = (np.zeros(n_members, np.int64) if member_load is None
            else int_vector(_FUNC, "member_load", member_load, size=n_members, low=0))
    own = np.zeros(n_hubs, np.int64) if hub_load is None else int_vector(_FUNC, "hub_load", hub_load, size=n_hubs,
                                                                          low=0)
    return load, own, math.inf if max_load is None else float(max_load)


def form_associations(
    member: ArrayLike, hub: ArrayLike, minutes: ArrayLike, score: ArrayLike, priority: ArrayLike,
    hub_capacity: ArrayLike, *, required: ArrayLike | None = None, min_size: int = 2, max_size: int = 7,
    target: int | None = None, cohesion: Literal["total", "worst"] = "total",
    method: Literal["auto", "milp", "flow"] = "auto", time_limit: float = 60.0,
    count_hubs: bool | ArrayLike = True,
    member_load: ArrayLike | None = None, hub_load: ArrayLike | None = None, max_load: float | None = None,
) -> AssociationPlan:
    """Associations around hubs: priority members first, then the most schools, then cohesion and score.

    Parameters
    ----------
    member, hub : array of int, shape (n_arcs,)
        Arc ``e`` lets member ``member[e]`` join hub ``hub[e]``; a (member, hub) pair appears once.
    minutes, score : array of float, shape (n_arcs,)
        Travel time (rounded to whole minutes) and the pair's score (higher is better).
    priority : array of bool, shape (n_members,)
        Members that come first (ШНОР/ШНСУ).
    hub_capacity : array of int, shape (n_hubs,)
        How many priority members each hub can take.
    required : array of bool, shape (n_arcs,), optional
        Arcs that must be used.
    min_size, max_size : int
        Schools in an open association, its hub included.
    target : int, optional
        Schools in the network (members plus open hubs) worth reaching; beyond it cohesion decides.
    cohesion : {"total", "worst"}
        Level 3: least total travel, or least worst travel then least total.
    method : {"auto", "milp", "flow"}
        ``"auto"``: the MILP up to :data:`MILP_ARCS` arcs (or without the compiled solver), else the flow.
    time_limit : float
        Seconds for the MILP's levels together.
    count_hubs : bool or array of bool, shape (n_hubs,)
        Level 2 counts the open hubs too (schools in the network, as a programme counts its
        leaders); ``False``: the members placed only (a hub that opens is no gain in itself); an
        array says it hub by hub (a partner organisation leading an association is no school).
    member_load, hub_load, max_load : optional
        Loads: what each member brings to an association and each hub its own when open (whole
        numbers ≥ 0, e.g. teachers of the subject), and the most an open association may hold
        (e.g. teachers a group can work with). The MILP keeps the limit exactly; the flow keeps
        it by letting the least valued members go (others before priority ones, longest trip
        first) and closing an association that falls below the minimum size.

    Returns
    -------
    AssociationPlan

    Examples
    --------
    Two hubs, four members; member 0 is ШНОР and can only join hub 1; hub 0 takes no ШНОР.
    Everyone fits (six schools in the network); with a target of five, the longest trip is left out:

    >>> arcs = dict(member=[0, 1, 1, 2, 3], hub=[1, 0, 1, 0, 0], minutes=[10, 5, 20, 8, 30], score=[0.5] * 5,
    ...             priority=np.array([True, False, False, False]), hub_capacity=[0, 1])
    >>> plan = form_associations(**arcs, min_size=2, max_size=3)
    >>> plan.hub_of.tolist(), plan.covered, plan.in_network, plan.status
    ([1, 1, 0, 0], 1, 6, 'optimal')
    >>> plan = form_associations(**arcs, min_size=2, max_size=3, target=5)
    >>> plan.hub_of.tolist(), plan.in_network, plan.total_minutes
    ([1, 0, 0, -1], 5, 23.0)
    >>> check_associations([0, 1, 1, 2, 3], [1, 0, 1, 0, 0], np.array([True, False, False, False]), [0, 1],
    ...                    plan.hub_of, min_size=2, max_size=3)
    []
    """
    p = _inputs(member, hub, minutes, score, priority, hub_capacity, required, min_size, max_size, target,
                count_hubs, (member_load, hub_load, max_load))
    if cohesion not in ("total", "worst"):
        raise bad(_FUNC, "cohesion", "'total' or 'worst'", repr(cohesion))
    if method not in ("auto", "milp", "flow"):
        raise bad(_FUNC, "method", "'auto', 'milp' or 'flow'", repr(method))
    if not (isinstance(time_limit, (int, float)) and time_limit > 0):
        raise bad(_FUNC, "time_limit", "a positive number of seconds", repr(time_limit))
    _check_required(p)
    if p.member.shape[0] == 0:  # no arc: nobody can join anybody
        return _plan(p, np.full(p.n_members, -1, np.int64), status="optimal", method="milp", gap=0.0,
                     covered_bound=0, in_network_bound=0)
    if method == "auto":
        method = "milp" if p.member.shape[0] <= MILP_ARCS or not compiled_solver() else "flow"
    if method == "milp":
        return _milp_plan(p, cohesion, float(time_limit))
    return _flow_plan(p, cohesion)


def _check_required(p: _Problem) -> None:
    """Required arcs that cannot hold together: one member twice, a hub over its size or capacity."""
    req = np.flatnonzero(p.required)
    per_member = np.bincount(p.member[req], minlength=p.n_members)
    per_hub = np.bincount(p.hub[req], minlength=p.n_hubs)
    prio_hub = np.bincount(p.hub[req][p.priority[p.member[req]]], minlength=p.n_hubs)
    problems = [f"member {m} has {int(per_member[m])} required arcs (at most one association)"
                for m in np.flatnonzero(per_member > 1).tolist()]
    problems += [f"hub {h} has {int(per_hub[h])} required members, more than max_size - 1 = {p.max_size - 1}"
                 for h in np.flatnonzero(per_hub > p.max_size - 1).tolist()]
    problems += [f"hub {h} has {int(prio_hub[h])} required priority members, more than its capacity "
                 f"{int(p.capacity[h])}" for h in np.flatnonzero(prio_hub > p.capacity).tolist()]
    load = np.bincount(p.hub[req], p.load[p.member[req]], minlength=p.n_hubs) + p.hub_load
    problems += [f"hub {h} has required members of load {int(load[h])} (its own included), more than max_load "
                 f"{p.max_load:g}" for h in np.flatnonzero((per_hub > 0) & (load > p.max_load)).tolist()]
    if problems:
        raise InfeasibleError("; ".join(problems))


# --- evaluation and the checker ------------------------------------------------------------------


def _plan(p: _Problem, arc_of: IntArray, *, status: str, method: str, gap: float, covered_bound: int,
          in_network_bound: int, closed: IntArray | None = None, notes: tuple[str, ...] = ()) -> AssociationPlan:
    used = arc_of[arc_of >= 0]
    hub_of = np.full(p.n_members, -1, np.int64)
    hub_of[arc_of >= 0] = p.hub[used]
    is_open = np.bincount(hub_of[hub_of >= 0], minlength=p.n_hubs) > 0
    covered = int((p.priority & (hub_of >= 0)).sum())
    in_net = int((hub_of >= 0).sum() + (is_open & p.counted).sum())
    return AssociationPlan(
        hub_of=readonly(hub_of), arc_of=readonly(arc_of), open=readonly(is_open), covered=covered,
        covered_bound=max(covered_bound, covered), in_network=in_net,
        in_network_bound=max(in_network_bound, _capped(in_net, p.target)),
        total_minutes=float(p.minutes[used].sum()), worst_minutes=float(p.minutes[used].max(initial=0.0)),
        score=float(p.score[used].sum()), status=status, method=method, gap=gap,
        closed=readonly(np.zeros(0, np.int64) if closed is None else closed), notes=notes)


def _capped(value: int, target: int | None) -> int:
    return value if target is None else min(value, target)


def check_associations(member: ArrayLike, hub: ArrayLike, priority: ArrayLike, hub_capacity: ArrayLike,
                       hub_of: ArrayLike, *, min_size: int = 2, max_size: int = 7,
                       required: ArrayLike | None = None, member_load: ArrayLike | None = None,
                       hub_load: ArrayLike | None = None, max_load: float | None = None) -> list[str]:
    """Every rule a plan ``hub_of`` (per member, -1 for none) breaks; empty when it keeps them all.

    >>> check_associations([0, 1], [0, 0], np.array([True, True]), [1], [0, 0], min_size=2, max_size=3)
    ['hub 0 takes 2 priority members, more than its capacity 1']
    """
    prio = np.asarray(priority, dtype=bool)
    cap = np.asarray(hub_capacity, dtype=np.int64)
    mem, hb = np.asarray(member, dtype=np.int64), np.asarray(hub, dtype=np.int64)
    got = np.asarray(hub_of, dtype=np.int64)
    arcs = set(zip(mem.tolist(), hb.tolist(), strict=True))
    out = [f"member {m} joins hub {h}, which is not one of its arcs"
           for m, h in enumerate(got.tolist()) if h >= 0 and (m, h) not in arcs]
    size = np.bincount(got[got >= 0], minlength=cap.shape[0]) + 1
    prio_size = np.bincount(got[(got >= 0) & prio], minlength=cap.shape[0])
    req = np.zeros(mem.shape[0], bool) if required is None else np.asarray(required, dtype=bool)
    pinned = np.bincount(hb[req], minlength=cap.shape[0]) > 0  # an agreement in force may be small
    for h in range(cap.shape[0]):
        if (size[h] > 1 and not (min_size <= size[h] or pinned[h])) or size[h] > max_size:
            out.append(f"hub {h} leads {int(size[h])} schools, outside {min_size}–{max_size}")
        if prio_size[h] > cap[h]:
            out.append(f"hub {h} takes {int(prio_size[h])} priority members, more than its capacity {int(cap[h])}")
    out += [f"required arc {int(e)} (member {int(mem[e])}, hub {int(hb[e])}) is not used"
            for e in np.flatnonzero(req).tolist() if got[mem[e]] != hb[e]]
    if max_load is not None:
        load = np.zeros(prio.shape[0]) if member_load is None else np.asarray(member_load, dtype=float)
        own = np.zeros(cap.shape[0]) if hub_load is None else np.asarray(hub_load, dtype=float)
        total = np.bincount(got[got >= 0], load[got >= 0], minlength=cap.shape[0]) + own
        out += [f"hub {h} holds a load of {total[h]:g}, more than max_load {max_load:g}"
                for h in range(cap.shape[0]) if size[h] > 1 and total[h] > max_load + 1e-9]
    return out


# --- the exact MILP ------------------------------------------------------------------------------


@dataclass
class _Model:
    c_rows: list[tuple[object, float, float | FloatArray]]
    n_var: int
    lower: FloatArray
    upper: FloatArray
    integral: FloatArray


def _model(p: _Problem, cohesion: str) -> _Model:
    """The constraints of the MILP over x (arcs), y (hubs), w (schools in the network, capped), t (worst)."""
    import scipy.sparse as sp

    e, h = p.member.shape[0], p.n_hubs
    n_var = e + h + 2
    ie, ih = np.arange(e), np.arange(h)

    def mat(rows: IntArray, cols: IntArray, vals: FloatArray | float, n_rows: int) -> object:
        return sp.csr_array((np.broadcast_to(np.asarray(vals, dtype=float), rows.shape), (rows, cols)),
                            shape=(n_rows, n_var))

    rows: list[tuple[object, float, float | FloatArray]] = [
        (mat(p.member, ie, 1.0, p.n_members), -np.inf, 1.0),  # one association per member
        (mat(np.r_[ie, ie], np.r_[ie, e + p.hub], np.r_[np.ones(e), -np.ones(e)], e), -np.inf, 0.0),  # x <= y
        (mat(np.r_[p.hub, ih], np.r_[ie, e + ih], np.r_[np.ones(e), np.full(h, -(p.max_size - 1.0))], h),
         -np.inf, 0.0),
        (mat(np.r_[p.hub, ih], np.r_[ie, e + ih], np.r_[np.ones(e), -(p.min_size - 1.0) * ~_pinned(p)], h),
         0.0, np.inf),
    ]
    pe = np.flatnonzero(p.priority[p.member])
    rows.append((mat(p.hub[pe], pe, 1.0, h), -np.inf, p.capacity.astype(float)))
    if math.isfinite(p.max_load):  # sum of the members' loads + the hub's own <= max_load, when open
        rows.append((mat(np.r_[p.hub, ih], np.r_[ie, e + ih], np.r_[p.load[p.member], p.hub_load - p.max_load], h),
                     -np.inf, 0.0))
    count = np.r_[np.ones(e), p.counted.astype(float), -1.0]  # w <= sum x (+ sum y of the counted hubs)
    rows.append((mat(np.zeros(e + h + 1, np.int64), np.r_[ie, e + ih, e + h], -count, 1), -np.inf, 0.0))
    if cohesion == "worst":
        rows.append((mat(np.r_[ie, ie], np.r_[ie, np.full(e, e + h + 1)], np.r_[p.minutes, -np.ones(e)], e),
                     -np.inf, 0.0))
    lower = np.zeros(n_var)
    lower[:e] = p.required
    upper = np.ones(n_var)
    upper[e + h] = float(p.n_members + h if p.target is None else p.target)
    upper[e + h + 1] = float(p.minutes.max(initial=0.0))
    integral = np.r_[np.ones(e + h), 0.0, 0.0]
    return _Model(rows, n_var, lower, upper, integral)


def _levels(p: _Problem, cohesion: str, n_var: int) -> list[tuple[str, FloatArray, float]]:
    """Each level's objective (minimised) and the slack kept when it is fixed for the next."""
    e, h = p.member.shape[0], p.n_hubs
    first = np.zeros(n_var)
    first[:e] = -p.priority[p.member].astype(float)
    second = np.zeros(n_var)
    second[e + h] = -1.0
    levels = [("covered", first, 0.5), ("in_network", second, 0.5)]
    if cohesion == "worst":
        worst = np.zeros(n_var)
        worst[e + h + 1] = 1.0
        levels.append(("worst", worst, 1e-6))
    last = np.zeros(n_var)
    last[:e] = -p.weight
    levels.append(("total", last, 0.0))
    return levels


def _milp_plan(p: _Problem, cohesion: str, time_limit: float) -> AssociationPlan:
    """The levels solved one after another by HiGHS, each fixed at its value for the next.

    A level the flow's plan already reaches its proven bound on is fixed at once, not solved.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    start = time.monotonic()
    flow = _flow_plan(p, cohesion) if compiled_solver() else None
    m = _model(p, cohesion)
    constraints = [LinearConstraint(a, lo, hi) for a, lo, hi in m.c_rows]
    x: FloatArray | None = None
    status, gap, stopped = "optimal", 0.0, ""
    bounds = {"covered": p.n_members, "in_network": p.n_members + p.n_hubs}
    proven = _proven(p, flow)
    for name, c, slack in _levels(p, cohesion, m.n_var):
        if name in proven:
            bounds[name] = proven[name]
            constraints.append(LinearConstraint(c.reshape(1, -1), -np.inf, -proven[name] + slack))
            continue
        left = time_limit - (time.monotonic() - start)
        if left <= 0:
            status, stopped = "time_limit", name
            break
        res = milp(c, integrality=m.integral, bounds=Bounds(m.lower, m.upper), constraints=constraints,
                   options={"time_limit": left, "disp": False, "presolve": True})
        if res.status == 2:  # pragma: no cover - x = 0 is feasible unless the required arcs clash
            raise InfeasibleError("the required arcs leave no feasible associations (proven by HiGHS)")
        if res.x is None:
            if res.status != 1:  # pragma: no cover - HiGHS failing otherwise
                raise NetmatchError(f"HiGHS failed on {_FUNC}: {res.message}")
            status, stopped = "time_limit", name
            break
        x, value = np.asarray(res.x), float(res.fun)
        dual = getattr(res, "mip_dual_bound", None)
        if name in bounds:  # a proven upper bound on the level (the objective is its negative)
            bounds[name] = math.floor(-(value if res.status == 0 or dual is None else float(dual)) + 1e-6)
        if res.status == 1:
            status, stopped = "time_limit", name
            gap = abs(value - float(dual)) / max(1.0, abs(value)) if dual is not None and math.isfinite(dual) \
                else math.nan
            break
        constraints.append(LinearConstraint(c.reshape(1, -1), -np.inf, value + slack))
    return _milp_outcome(p, cohesion, x, flow, (status, gap, stopped), bounds, time_limit)


def _milp_outcome(p: _Problem, cohesion: str, x: FloatArray | None, flow: AssociationPlan | None,
                  state: tuple[str, float, str], bounds: dict[str, int], time_limit: float) -> AssociationPlan:
    """The MILP's plan (or at the time limit the flow's, when better or when HiGHS had none)."""
    status, gap, stopped = state
    if x is None and flow is None:
        raise NetmatchError(f"HiGHS had no plan when time_limit={time_limit:g} s ran out; give more time")
    if x is None:
        assert flow is not None
        return _with(flow, status="time_limit", notes=(
            f"HiGHS had no plan when time_limit={time_limit:g} s ran out: the flow's plan is returned",))
    e = p.member.shape[0]
    arc_of = np.full(p.n_members, -1, np.int64)
    used = np.flatnonzero(x[:e] > 0.5)
    arc_of[p.member[used]] = used
    notes = (f"stopped at level '{stopped}'",) if stopped else ()
    plan = _plan(p, arc_of, status=status, method="milp", gap=gap, covered_bound=bounds["covered"],
                 in_network_bound=_capped(bounds["in_network"], p.target), notes=notes)
    if status == "time_limit" and flow is not None:
        plan = _better(p, plan, flow, cohesion)
    return plan


def _proven(p: _Problem, flow: AssociationPlan | None) -> dict[str, int]:
    """The first levels on which the flow's plan meets its proven bound: they need no MILP."""
    out: dict[str, int] = {}
    if flow is None or flow.covered < flow.covered_bound:
        return out
    out["covered"] = flow.covered
    reached = _capped(flow.in_network, p.target)
    if reached >= flow.in_network_bound:
        out["in_network"] = reached
    return out


def _key(p: _Problem, plan: AssociationPlan, cohesion: str) -> tuple[float, ...]:
    """The lexicographic value of a plan, larger is better."""
    key: tuple[float, ...] = (plan.covered, _capped(plan.in_network, p.target))
    if cohesion == "worst":
        key += (-plan.worst_minutes,)
    return (*key, -plan.total_minutes, plan.score)


def _better(p: _Problem, milp: AssociationPlan, flow: AssociationPlan, cohesion: str) -> AssociationPlan:
    """At the time limit: the MILP's plan or the flow's, whichever is better; the tighter bounds of both."""
    bounds = {"covered_bound": min(milp.covered_bound, flow.covered_bound),
              "in_network_bound": min(milp.in_network_bound, flow.in_network_bound)}
    if _key(p, flow, cohesion) > _key(p, milp, cohesion):
        return _with(flow, status="time_limit", gap=milp.gap, **bounds, notes=(
            *milp.notes, "the MILP's plan at the time limit was worse: the flow's repaired plan is returned"))
    return _with(milp, **bounds)


def _with(plan: AssociationPlan, **changes: object) -> AssociationPlan:
    from dataclasses import replace

    return replace(plan, **changes)  # type: ignore[arg-type]


# --- the flow bound and its repair -------------------------------------------------------------


def _flow_arcs(p: _Problem, keep: BoolArray) -> IntArray:
    """The flow's choice among the arcs ``keep``: priority members first, then most members, then weight."""
    arcs = np.flatnonzero(keep)
    slot = 2 * p.hub[arcs] + (~p.priority[p.member[arcs]]).astype(np.int64)
    cap = np.empty(2 * p.n_hubs, np.int64)
    cap[0::2] = np.minimum(p.capacity, p.max_size - 1)
    cap[1::2] = p.max_size - 1
    res = max_coverage_assignment(
        p.member[arcs], slot, p.weight[arcs], np.ones(p.n_members, np.int64), cap, required=p.required[arcs],
        right_group=np.repeat(np.arange(p.n_hubs), 2), group_capacity=np.full(p.n_hubs, p.max_size - 1, np.int64),
        left_first=p.priority.astype(np.int64), method="flow")
    chosen = arcs[np.asarray(res.chosen)]
    arc_of = np.full(p.n_members, -1, np.int64)
    arc_of[p.member[chosen]] = chosen
    return arc_of


def _levels_of(p: _Problem, arc_of: IntArray) -> tuple[int, int]:
    """Priority members placed, and schools in the network (members and open hubs), capped by the target."""
    placed = arc_of >= 0
    hubs = int(p.counted[np.unique(p.hub[arc_of[placed]])].sum())
    return int((placed & p.priority).sum()), _capped(int(placed.sum()) + hubs, p.target)


def _towards_target(p: _Problem, keep: BoolArray) -> IntArray:
    """Just enough other members, the nearest, to reach the target: the shortest trip limit that does.

    A binary search on a limit in whole minutes for the other (non-priority) members' arcs: the
    flow on the priority members' arcs and the others' arcs within the limit places the most
    members it can, with the least travel; the least limit whose plan reaches the target is kept
    (the schools in the network grow with the limit).
    """
    assert p.target is not None
    lo, hi = 0, int(p.minutes.max(initial=0.0)) + 1
    needed = p.priority[p.member] | p.required

    def at(limit: int) -> IntArray:
        return _flow_arcs(p, keep & (needed | (p.minutes <= limit)))

    best = at(hi)
    if _levels_of(p, best)[1] < p.target:
        return best  # not even every reachable school reaches the target
    while lo < hi:
        mid = (lo + hi) // 2
        trial = at(mid)
        if _levels_of(p, trial)[1] >= p.target:
            hi, best = mid, trial
        else:
            lo = mid + 1
    return best


def _flow_plan(p: _Problem, cohesion: str) -> AssociationPlan:
    """The flow without the minimum size (the bounds), then repaired to a plan."""
    if not compiled_solver():
        raise NetmatchError("method='flow' needs netmatch's compiled solver; use method='milp'")
    everything = np.ones(p.member.shape[0], bool)
    widest = _flow_arcs(p, everything)
    covered, members = int((p.priority & (widest >= 0)).sum()), int((widest >= 0).sum())
    reach = int(p.counted[np.unique(p.hub)].sum())  # a counted hub opens only with a member of its own
    bound = _capped(members + min(reach, members), p.target)

    def solve(keep: BoolArray) -> IntArray:
        return widest if p.target is None and keep.all() else (
            _flow_arcs(p, keep) if p.target is None else _towards_target(p, keep))

    arc_of = solve(everything)
    if cohesion == "worst":
        arc_of = _bottleneck(p, arc_of, solve)
    arc_of, closed = _repair(p, arc_of)
    if math.isfinite(p.max_load):
        arc_of, more = _fit_loads(p, arc_of)
        closed = np.union1d(closed, more)
    if p.target is not None:
        arc_of = _trim(p, arc_of, p.target)
    return _plan(p, arc_of, status="heuristic", method="flow", gap=math.nan, covered_bound=covered,
                 in_network_bound=bound, closed=closed)


def _bottleneck(p: _Problem, arc_of: IntArray, solve: Callable[[BoolArray], IntArray]) -> IntArray:
    """The flow on the arcs up to the least travel time that still reaches its levels 1 and 2 (binary search)."""
    best = _levels_of(p, arc_of)
    times = np.unique(p.minutes)
    lo, hi = 0, times.shape[0] - 1
    found = arc_of
    while lo < hi:
        mid = (lo + hi) // 2
        trial = solve((p.minutes <= times[mid]) | p.required)
        if _levels_of(p, trial) >= best:
            hi, found = mid, trial
        else:
            lo = mid + 1
    return found


def _pinned(p: _Problem) -> BoolArray:
    """Hubs with a required arc: the minimum size does not bind them."""
    out: BoolArray = np.bincount(p.hub[p.required], minlength=p.n_hubs) > 0
    return out


def _sizes(p: _Problem, arc_of: IntArray) -> tuple[IntArray, IntArray]:
    hub_of = np.where(arc_of >= 0, p.hub[np.maximum(arc_of, 0)], -1)
    placed = hub_of >= 0
    return (np.bincount(hub_of[placed], minlength=p.n_hubs),
            np.bincount(hub_of[placed & p.priority], minlength=p.n_hubs))


def _repair(p: _Problem, arc_of: IntArray) -> tuple[IntArray, IntArray]:
    """Associations below the minimum: filled from unplaced members, else moved into others, else closed."""
    arc_of = arc_of.copy()
    size, prio = _sizes(p, arc_of)
    by_hub = np.argsort(p.hub, kind="stable")
    starts = np.searchsorted(p.hub[by_hub], np.arange(p.n_hubs + 1))
    order = np.argsort(-p.weight, kind="stable")  # best arcs first
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    by_member = np.argsort(p.member, kind="stable")
    member_starts = np.searchsorted(p.member[by_member], np.arange(p.n_members + 1))

    def arcs_of(m: int) -> IntArray:
        found: IntArray = by_member[member_starts[m]:member_starts[m + 1]]
        return found

    closed = []
    for h in np.flatnonzero((size > 0) & (size < p.min_size - 1) & ~_pinned(p)).tolist():
        arcs = by_hub[starts[h]:starts[h + 1]]
        arcs = arcs[np.argsort(rank[arcs])]
        for e in arcs.tolist():  # members not yet placed, best arc first
            m = int(p.member[e])
            if size[h] >= p.min_size - 1:
                break
            if arc_of[m] < 0 and (not p.priority[m] or prio[h] < p.capacity[h]):
                arc_of[m] = e
                size[h] += 1
                prio[h] += p.priority[m]
        if size[h] >= p.min_size - 1:
            continue
        if _move_out(p, arc_of, h, size, prio, rank, arcs_of):
            continue
        for m in np.flatnonzero((arc_of >= 0) & (p.hub[np.maximum(arc_of, 0)] == h)).tolist():
            arc_of[m] = -1
        size[h] = prio[h] = 0
        closed.append(h)
    return arc_of, np.array(closed, np.int64)


def _move_out(p: _Problem, arc_of: IntArray, h: int, size: IntArray, prio: IntArray, rank: IntArray,
              arcs_of: Callable[[int], IntArray]) -> bool:
    """Move every member of hub ``h`` to another open association with room; False (nothing moved) if one cannot."""
    mine = np.flatnonzero((arc_of >= 0) & (p.hub[np.maximum(arc_of, 0)] == h))
    if p.required[arc_of[mine]].any():
        return False
    moves: list[tuple[int, int]] = []
    room, proom = (p.max_size - 1) - size, p.capacity - prio
    for m in mine.tolist():
        alts = arcs_of(m)
        alts = alts[p.hub[alts] != h]
        ok = [int(e) for e in alts[np.argsort(rank[alts])].tolist()
              if size[p.hub[e]] >= p.min_size - 1 and room[p.hub[e]] > 0
              and (not p.priority[m] or proom[p.hub[e]] > 0)]
        if not ok:
            return False
        e = ok[0]
        moves.append((m, e))
        room[p.hub[e]] -= 1
        proom[p.hub[e]] -= p.priority[m]
    for m, e in moves:
        arc_of[m] = e
        size[p.hub[e]] += 1
        prio[p.hub[e]] += p.priority[m]
    size[h] = prio[h] = 0
    return True


def _fit_loads(p: _Problem, arc_of: IntArray) -> tuple[IntArray, IntArray]:
    """Associations over ``max_load``: the least valued members go (others first, longest trip first) until each
    fits; one that falls below the minimum size, or that its hub's own load alone overfills, is closed. Returns
    the plan and the hubs closed."""
    arc_of = arc_of.copy()
    placed = np.flatnonzero(arc_of >= 0)
    hub_of = p.hub[arc_of[placed]]
    total = np.bincount(hub_of, p.load[placed], minlength=p.n_hubs) + p.hub_load
    closed = []
    for h in np.flatnonzero((np.bincount(hub_of, minlength=p.n_hubs) > 0) & (total > p.max_load)).tolist():
        mine = placed[(hub_of == h) & ~p.required[arc_of[placed]]]
        # least valued first: others before priority members, then the lowest weight (the longest trip)
        for m in mine[np.lexsort((p.weight[arc_of[mine]], p.priority[mine]))].tolist():
            if total[h] <= p.max_load:
                break
            if p.load[m] > 0:
                arc_of[m] = -1
                total[h] -= p.load[m]
        left = np.flatnonzero((arc_of >= 0) & (p.hub[np.maximum(arc_of, 0)] == h))
        # still over (the hub's own load is more than the limit), or too small: it does not open
        if total[h] > p.max_load or (len(left) < p.min_size - 1 and not _pinned(p)[h]):
            arc_of[left] = -1
            closed.append(h)
    return arc_of, np.array(closed, np.int64)


def _trim(p: _Problem, arc_of: IntArray, target: int) -> IntArray:
    """Beyond the target, let the other (non-priority) members with the longest trips go, keeping each size."""
    arc_of = arc_of.copy()
    size, _ = _sizes(p, arc_of)
    count = int((arc_of >= 0).sum() + ((size > 0) & p.counted).sum())  # an uncounted hub is no school
    others = np.flatnonzero((arc_of >= 0) & ~p.priority)
    others = others[~p.required[arc_of[others]]]
    pinned = _pinned(p)
    for m in others[np.argsort(p.weight[arc_of[others]], kind="stable")].tolist():  # longest trip first
        if count <= target:
            break
        h = int(p.hub[arc_of[m]])
        if size[h] - 1 >= p.min_size - 1 or (pinned[h] and size[h] > 1):
            arc_of[m] = -1
            size[h] -= 1
            count -= 1
    return arc_of
