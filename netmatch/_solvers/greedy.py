"""The baseline plan: best edges first while both ends have room.

:func:`greedy_assignment` takes the same edge lists as
:func:`~netmatch._solvers.bmatching.max_coverage_assignment` (left demands :math:`d_i`, right
capacities :math:`c_j`, optional group capacities, required edges) and visits the edges once,
required ones first, then by weight from the highest down; an edge is taken when its left node,
its right node and their groups all have room left. It is what the exact solvers are measured
against: a 1/2-approximation of the maximum weight for plain matchings, with no coverage
guarantee, but it never violates a capacity.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from netmatch._solvers.arrays import (
    Assignment,
    assignment_result,
    bool_vector,
    check_assignment,
    edge_ends,
    float_vector,
    group_kwargs,
    groups,
)
from netmatch.exceptions import InfeasibleError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from netmatch._solvers.arrays import Groups, IntArray

__all__ = ["greedy_assignment"]


def greedy_assignment(
    left: ArrayLike,
    right: ArrayLike,
    weight: ArrayLike,
    left_demand: ArrayLike,
    right_capacity: ArrayLike,
    *,
    required: ArrayLike | None = None,
    right_group: ArrayLike | None = None,
    group_capacity: ArrayLike | None = None,
    left_group: ArrayLike | None = None,
    left_group_capacity: ArrayLike | None = None,
) -> Assignment:
    """The baseline plan: take edges from the highest weight down while both ends have room.

    Parameters
    ----------
    left, right, weight, left_demand, right_capacity, required, right_group, group_capacity, \
left_group, left_group_capacity
        As in :func:`~netmatch._solvers.bmatching.max_coverage_assignment`.

    Returns
    -------
    Assignment
        With ``status="heuristic"`` and ``gap=nan``.

    Raises
    ------
    InfeasibleError
        The required edges alone exceed a demand or a capacity.

    Notes
    -----
    Required edges are taken first; then the others by weight, highest first, equal weights in
    input order (a stable ``np.lexsort``), so the plan is deterministic. An edge is taken when its
    left node, its right node and their groups all have room left. Greedy is a 1/2-approximation
    of the maximum weight for plain matchings and has no coverage guarantee; it never violates a
    capacity. The visit is one sequential pass over the sorted edges (a Python loop, the only one
    over edges in this module: acceptable for a baseline, about 0.3 s per million edges).

    Examples
    --------
    >>> res = greedy_assignment([0, 0, 1], [0, 1, 0], [5.0, 1.0, 2.0], [1, 1], [1, 1])
    >>> res.chosen.tolist(), res.covered, res.total_weight
    ([True, False, False], 1, 5.0)
    """
    func = "greedy_assignment"
    lft, rgt, demand, capacity = edge_ends(func, left, right, left_demand, right_capacity, "left node indices")
    n_edges = lft.shape[0]
    w = float_vector(func, "weight", weight, size=n_edges)
    rgroup = groups(func, "right_group", "group_capacity", right_group, group_capacity, capacity.shape[0])
    lgroup = groups(func, "left_group", "left_group_capacity", left_group, left_group_capacity,
                    demand.shape[0])
    req = np.zeros(n_edges, bool) if required is None else bool_vector(func, "required", required,
                                                                       size=n_edges)
    if req.any():
        problems = check_assignment(lft, rgt, demand, capacity, req, **group_kwargs(rgroup, lgroup))
        if problems:
            raise InfeasibleError("the required edges do not fit: " + "; ".join(problems))
    order = np.lexsort((np.arange(n_edges), -w, ~req))
    chosen = np.zeros(n_edges, bool)
    chosen[_greedy_pass(order, lft, rgt, demand, capacity, lgroup, rgroup)] = True
    return assignment_result(lft, rgt, w, None, demand, capacity, chosen, status="heuristic", gap=math.nan,
                             fairness=None, method="greedy", check=(req, rgroup, lgroup))


def _greedy_pass(order: IntArray, lft: IntArray, rgt: IntArray, demand: IntArray, capacity: IntArray,
                 lgroup: Groups | None, rgroup: Groups | None) -> list[int]:
    """The edges taken visiting ``order`` once: each while its nodes and their groups have room.

    One sequential pass in Python over lists (the only loop over edges among the solvers: fine
    for a baseline, about 0.3 s per million edges).
    """
    l_room = demand.tolist()
    r_room = capacity.tolist()
    lg_of = [-1] * demand.shape[0] if lgroup is None else lgroup[0].tolist()
    rg_of = [-1] * capacity.shape[0] if rgroup is None else rgroup[0].tolist()
    lg_room = [] if lgroup is None else lgroup[1].tolist()
    rg_room = [] if rgroup is None else rgroup[1].tolist()
    taken: list[int] = []
    for e, i, j in zip(order.tolist(), lft[order].tolist(), rgt[order].tolist(), strict=True):
        gi, gj = lg_of[i], rg_of[j]
        if l_room[i] <= 0 or r_room[j] <= 0:
            continue
        if (gi >= 0 and lg_room[gi] <= 0) or (gj >= 0 and rg_room[gj] <= 0):
            continue
        l_room[i] -= 1
        r_room[j] -= 1
        if gi >= 0:
            lg_room[gi] -= 1
        if gj >= 0:
            rg_room[gj] -= 1
        taken.append(e)
    return taken
