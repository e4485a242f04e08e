"""What every solver shares: input checks on plain arrays, the frozen results, and the plan checker.

A b-matching instance is an edge list: edge ``e`` joins left node ``left[e]`` (a partner school,
or a (school, subject) demand) to right node ``right[e]`` (a leader school, or a (leader,
subject) slot). Left node :math:`i` takes at most :math:`d_i` edges (``left_demand``), right
node :math:`j` at most :math:`c_j` (``right_capacity``); optional groups on either side
(``left_group``/``left_group_capacity``, ``right_group``/``group_capacity``) cap the edges at
their member nodes together, and ``required`` edges must be chosen. :func:`check_assignment`
lists every one of these constraints a plan breaks.

The checks here turn array-likes into int64 / float64 / bool arrays or raise one
:class:`~netmatch.exceptions.InvalidInputError` in the house template of
:mod:`netmatch._base.params` ("The 'weight' parameter of max_coverage_assignment must be an
array of finite numbers. Got nan at position 1 instead.").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from netmatch._base.params import invalid
from netmatch._base.results import short_repr
from netmatch._base.util import readonly
from netmatch.exceptions import InvalidInputError, NetmatchError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    IntArray = NDArray[np.int64]
    FloatArray = NDArray[np.float64]
    BoolArray = NDArray[np.bool_]
    #: A group structure on one side: the group of each node (``-1`` for none) and each group's capacity.
    Groups = tuple[IntArray, IntArray]

__all__ = [
    "Assignment",
    "GapResult",
    "assignment_result",
    "bad",
    "bool_vector",
    "check_assignment",
    "edge_ends",
    "first_bad",
    "float_vector",
    "group_kwargs",
    "groups",
    "int_vector",
    "vector",
]


# --------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True, eq=False)
class Assignment:
    """A chosen set of edges and what it achieves.

    Attributes
    ----------
    chosen : ndarray of bool, shape (n_edges,)
        ``chosen[e]`` is true when edge ``e`` (in the caller's order) is used.
    covered : int
        Number of chosen edges, i.e. of covered demand units.
    demand : int
        Total demand ``sum(left_demand)``; ``demand - covered`` units stay uncovered.
    total_weight : float
        Sum of the weights of the chosen edges.
    left_load, right_load : ndarray of int
        Chosen edges at each left and each right node.
    min_weight : float or None
        Smallest weight among the chosen edges (``None`` when nothing is chosen).
    max_cost : float or None
        Largest ``cost`` among the chosen edges, when a ``cost`` array was given.
    status : str
        ``"optimal"``, ``"time_limit"`` (HiGHS stopped: the plan has maximum coverage but its
        weight is not proven optimal) or ``"heuristic"`` (greedy).
    gap : float
        Proven relative optimality gap of the weight: ``0.0`` for an exact solve, ``nan`` when
        unknown.
    fairness : str or None
        The fairness rule applied, if any.
    method : str
        ``"flow"``, ``"matching"``, ``"lp"`` or ``"greedy"``.

    Examples
    --------
    >>> from netmatch._solvers.bmatching import max_coverage_assignment
    >>> res = max_coverage_assignment([0, 1], [0, 0], [1.0, 2.0], [1, 1], [1])
    >>> res.covered, res.uncovered, res.chosen.tolist()
    (1, 1, [False, True])
    """

    chosen: BoolArray
    covered: int
    demand: int
    total_weight: float
    left_load: IntArray
    right_load: IntArray
    min_weight: float | None
    max_cost: float | None
    status: str
    gap: float
    fairness: str | None
    method: str

    @property
    def uncovered(self) -> int:
        """Demand units left without a partner."""
        return self.demand - self.covered

    def __repr__(self) -> str:
        return short_repr("Assignment", int(self.chosen.sum()), "edges", covered=f"{self.covered} of {self.demand}",
                          total_weight=round(self.total_weight, 6), status=self.status, method=self.method)


@dataclass(frozen=True, eq=False)
class GapResult:
    """The plan found for a generalised assignment problem and how good it is proven to be.

    Attributes
    ----------
    assignment : ndarray of int, shape (n_jobs,)
        Agent of each job, ``-1`` for an unassigned job.
    objective : float
        Total cost (or profit, when maximising) of the assigned jobs.
    bound : float
        Best proven bound on ``objective`` (a lower bound when minimising, an upper bound when
        maximising) among plans assigning ``n_assigned`` jobs; ``nan`` when even the number of
        assigned jobs is not proven optimal.
    gap : float
        ``|objective - bound| / max(1, |objective|)``, the HiGHS convention; ``0.0`` when proven
        optimal, ``inf`` when there is no finite bound (no bound yet, or the number of jobs
        assigned not proven).
    status : str
        ``"optimal"`` or ``"time_limit"`` (the best plan found in time — HiGHS's or the greedy
        start's —, with its proven gap).
    seconds : float
        Wall-clock time of the solve.
    n_assigned : int
        Jobs that received an agent.
    assigned_bound : int or None
        Proven upper bound on the number of jobs that can be assigned; ``None`` when the number
        assigned is not an objective (``allow_unassigned=True, coverage_first=False``).
    load_used : ndarray of float, shape (n_agents,)
        Load each agent carries in the plan.
    notes : tuple of str
        How a ``"time_limit"`` plan came about: the greedy start standing in when HiGHS had no
        plan in time (or a worse one), "no bound yet" when nothing was proven; empty otherwise.

    Examples
    --------
    >>> from netmatch._solvers.gap import generalized_assignment
    >>> res = generalized_assignment([[1, 3]], [[1, 1]], [2])
    >>> res.assignment.tolist(), res.objective, res.gap
    ([0, 0], 4.0, 0.0)
    """

    assignment: IntArray
    objective: float
    bound: float
    gap: float
    status: str
    seconds: float
    n_assigned: int
    assigned_bound: int | None
    load_used: FloatArray
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return short_repr("GapResult", self.n_assigned, "assigned", objective=round(self.objective, 6),
                          gap=round(self.gap, 6), status=self.status)


# --------------------------------------------------------------------------------------------
# validation: one message template for every parameter


class _Worded(str):
    """A 'got' part already put in words ("length 3", "dtype object"): shown as is, not quoted."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def bad(func: str, name: str, expected: str, got: str) -> InvalidInputError:
    """The house parameter error, with ``got`` already in words (see :func:`netmatch._base.params.invalid`).

    >>> str(bad("f", "left", "a one-dimensional array", "an array of shape (2, 2)"))
    "The 'left' parameter of f must be a one-dimensional array. Got an array of shape (2, 2) instead."
    """
    return invalid(name, func, expected, _Worded(got))


def first_bad(values: np.ndarray, mask: np.ndarray) -> str:
    """The first value where ``mask`` holds, and its position, in words.

    >>> first_bad(np.array([1.0, np.nan]), np.array([False, True]))
    'nan at position 1'
    """
    i = int(np.flatnonzero(mask)[0])
    return f"{values.flat[i].item()!r} at position {i}"


def vector(func: str, name: str, value: ArrayLike, *, size: int | None = None) -> np.ndarray:
    """``value`` as a one-dimensional array, of length ``size`` when given (one entry per edge)."""
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise bad(func, name, "a one-dimensional array", f"an array of shape {arr.shape}")
    if size is not None and arr.shape[0] != size:
        raise bad(func, name, f"an array of length {size} (one entry per edge)", f"length {arr.shape[0]}")
    return arr


def int_vector(func: str, name: str, value: ArrayLike, *, size: int | None = None,
               low: int = 0, high: int | None = None, what: str = "non-negative integers") -> IntArray:
    """``value`` as int64 with every entry in ``[low, high)``; whole floats are accepted.

    >>> int_vector("f", "left", [0.0, 2.0]).tolist()
    [0, 2]
    >>> int_vector("f", "left", [0, 3], high=2, what="left node indices")
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: The 'left' parameter of f must be an array of left node indices. \
Got 3 at position 1 instead.
    """
    arr = vector(func, name, value, size=size)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or arr.size == 0):
        whole = np.issubdtype(arr.dtype, np.floating) and np.all(np.isfinite(arr))
        if whole and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise bad(func, name, f"an array of {what}", f"dtype {arr.dtype}")
    out = arr.astype(np.int64)
    out_of_range = out < low
    if high is not None:
        out_of_range |= out >= high
    if out_of_range.any():
        raise bad(func, name, f"an array of {what}", first_bad(out, out_of_range))
    return out


def float_vector(func: str, name: str, value: ArrayLike, *, size: int) -> FloatArray:
    """``value`` as float64 of length ``size``, every entry finite."""
    arr = vector(func, name, value, size=size)
    try:
        out = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise bad(func, name, "an array of finite numbers", f"dtype {arr.dtype}") from None
    if not np.all(np.isfinite(out)):
        raise bad(func, name, "an array of finite numbers", first_bad(out, ~np.isfinite(out)))
    return out


def bool_vector(func: str, name: str, value: ArrayLike, *, size: int) -> BoolArray:
    """``value`` as a boolean mask of length ``size`` (no 0/1 integers: they are too easily indices)."""
    arr = vector(func, name, value, size=size)
    if arr.dtype != bool:
        raise bad(func, name, "a boolean mask over the edges", f"dtype {arr.dtype}")
    return arr


def groups(func: str, group_name: str, cap_name: str, group: ArrayLike | None,
           cap: ArrayLike | None, n_nodes: int) -> Groups | None:
    """The group structure of one side, or None; a group array and its capacities come together."""
    if group is None and cap is None:
        return None
    if group is None or cap is None:
        missing = group_name if group is None else cap_name
        raise bad(func, missing, f"given together with {cap_name if group is None else group_name!r}",
                  "None")
    caps = int_vector(func, cap_name, cap)
    members = int_vector(func, group_name, group, size=None, low=-1, high=caps.shape[0],
                         what=f"group indices from 0 to {caps.shape[0] - 1} (or -1 for no group)")
    if members.shape[0] != n_nodes:
        raise bad(func, group_name, f"an array of length {n_nodes} (one entry per node)",
                  f"length {members.shape[0]}")
    return members, caps


def group_kwargs(rgroup: Groups | None, lgroup: Groups | None) -> dict[str, IntArray | None]:
    """The group keyword arguments of :func:`check_assignment` for validated groups."""
    return {"right_group": None if rgroup is None else rgroup[0],
            "group_capacity": None if rgroup is None else rgroup[1],
            "left_group": None if lgroup is None else lgroup[0],
            "left_group_capacity": None if lgroup is None else lgroup[1]}


# --------------------------------------------------------------------------------------------
# the checker beside the solvers


def edge_ends(func: str, left: ArrayLike, right: ArrayLike, left_demand: ArrayLike, right_capacity: ArrayLike,
              first_what: str = "non-negative integers") -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """The edges' end nodes, checked against the node counts, with the left demands and right capacities."""
    lft = int_vector(func, "left", left, what=first_what)
    demand = int_vector(func, "left_demand", left_demand)
    capacity = int_vector(func, "right_capacity", right_capacity)
    lft = int_vector(func, "left", lft, high=demand.shape[0], what="left node indices")
    rgt = int_vector(func, "right", right, size=lft.shape[0], high=capacity.shape[0], what="right node indices")
    return lft, rgt, demand, capacity


def check_assignment(left: ArrayLike, right: ArrayLike, left_demand: ArrayLike, right_capacity: ArrayLike,
                     chosen: ArrayLike, *, required: ArrayLike | None = None,
                     right_group: ArrayLike | None = None, group_capacity: ArrayLike | None = None,
                     left_group: ArrayLike | None = None,
                     left_group_capacity: ArrayLike | None = None) -> list[str]:
    """Every constraint a plan of chosen edges violates; an empty list means the plan is valid.

    Parameters
    ----------
    left, right, left_demand, right_capacity, required, right_group, group_capacity, left_group, \
left_group_capacity
        As in :func:`~netmatch._solvers.bmatching.max_coverage_assignment`.
    chosen : array of bool, shape (n_edges,)
        The plan to check.

    Returns
    -------
    list of str
        One sentence per violated constraint, naming the node or group and the numbers.

    Examples
    --------
    >>> check_assignment([0, 1], [0, 0], [1, 1], [1], [True, True])
    ['right node 0 has 2 chosen edges but capacity 1']
    >>> check_assignment([0, 1], [0, 0], [1, 1], [1], [True, False])
    []
    """
    func = "check_assignment"
    lft, rgt, demand, capacity = edge_ends(func, left, right, left_demand, right_capacity)
    n_edges = lft.shape[0]
    plan = bool_vector(func, "chosen", chosen, size=n_edges)
    problems: list[str] = []
    l_load = np.bincount(lft[plan], minlength=demand.shape[0])
    r_load = np.bincount(rgt[plan], minlength=capacity.shape[0])
    for i in np.flatnonzero(l_load > demand):
        problems.append(f"left node {i} has {l_load[i]} chosen edges but demand {demand[i]}")
    for j in np.flatnonzero(r_load > capacity):
        problems.append(f"right node {j} has {r_load[j]} chosen edges but capacity {capacity[j]}")
    for side, load, grp in (
        ("left", l_load, groups(func, "left_group", "left_group_capacity", left_group,
                                left_group_capacity, demand.shape[0])),
        ("right", r_load, groups(func, "right_group", "group_capacity", right_group,
                                 group_capacity, capacity.shape[0])),
    ):
        if grp is None:
            continue
        g, gcap = grp
        member = g >= 0
        g_load = np.bincount(g[member], weights=load[member], minlength=gcap.shape[0]).astype(np.int64)
        for h in np.flatnonzero(g_load > gcap):
            problems.append(f"{side} group {h} has {g_load[h]} chosen edges but group capacity {gcap[h]}")
    if required is not None:
        req = bool_vector(func, "required", required, size=n_edges)
        for e in np.flatnonzero(req & ~plan):
            problems.append(f"required edge {e} (left {lft[e]}, right {rgt[e]}) is not chosen")
    return problems


def assignment_result(lft: IntArray, rgt: IntArray, w: FloatArray, cst: FloatArray | None, demand: IntArray,
                      capacity: IntArray, chosen: BoolArray, *, status: str, gap: float, fairness: str | None,
                      method: str, check: tuple[Any, Any, Any]) -> Assignment:
    """The :class:`Assignment` of a plan, after :func:`check_assignment` has found it valid.

    ``check`` is ``(required, right groups, left groups)`` as validated by the solver.
    """
    req, rgroup, lgroup = check
    problems = check_assignment(lft, rgt, demand, capacity, chosen, required=req,
                                **group_kwargs(rgroup, lgroup))
    if problems:  # pragma: no cover - every solver here builds feasible plans
        raise NetmatchError(f"internal error: the {method} plan violates " + "; ".join(problems))
    cw = w[chosen]
    return Assignment(
        chosen=readonly(chosen),
        covered=int(chosen.sum()),
        demand=int(demand.sum()),
        total_weight=float(cw.sum()),
        left_load=readonly(np.bincount(lft[chosen], minlength=demand.shape[0])),
        right_load=readonly(np.bincount(rgt[chosen], minlength=capacity.shape[0])),
        min_weight=float(cw.min()) if cw.size else None,
        max_cost=float(cst[chosen].max()) if cst is not None and cw.size else None,
        status=status,
        gap=gap,
        fairness=fairness,
        method=method,
    )
