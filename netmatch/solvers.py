"""The array-level solvers behind netmatch's pairing, for developers of other tools.

netmatch pairs partner schools (ШНОР, ШНСУ) with leader schools from a registry; underneath, the
pairing is an ordinary assignment problem on plain numpy arrays. These are those solvers, with
no registry, no pandas and no files — give them edge lists or matrices, get frozen results back:

* :func:`max_coverage_assignment` — bipartite *b*-matching: cover the most demand units, then
  with the best total weight (capacities, group capacities, required edges, fairness); exact.
* :func:`greedy_assignment` — the baseline: best edges first while both ends have room.
* :func:`generalized_assignment` — the generalised assignment problem (agents with a load
  budget), exact MILP by HiGHS with a time limit and the proven gap.
* :func:`deferred_acceptance` — stable matching from preference lists (Gale–Shapley,
  hospitals/residents), school- or leader-proposing.
* :func:`blocking_pairs` — the checker beside it: every pair that blocks a matching.
* :func:`check_assignment` — the checker beside the b-matching solvers: every violated constraint.
* :func:`compiled_solver` — whether the compiled min-cost-flow extension was built at install time.
* :class:`Assignment` and :class:`GapResult` — the results (immutable, read-only arrays).

Example: two partner schools, two leaders with one place each. Partner 0 likes leader 0 best,
but only partner 0 can work with leader 1, so covering both partners beats the best single
score:

>>> import numpy as np
>>> from netmatch.solvers import max_coverage_assignment
>>> left, right = np.array([0, 0, 1]), np.array([0, 1, 0])   # edges: partner -> leader
>>> res = max_coverage_assignment(left, right, weight=np.array([5.0, 1.0, 2.0]),
...                               left_demand=np.ones(2, int), right_capacity=np.ones(2, int))
>>> res.chosen.tolist(), res.covered, res.total_weight
([False, True, True], 2, 3.0)
>>> check_assignment(left, right, np.ones(2, int), np.ones(2, int), res.chosen)
[]

The same problem as a 2 × 2 matrix of scores (leaders are rows, partners columns; leader 1
cannot take partner 1), each leader with one hour a week, each partner taking one hour:

>>> from netmatch.solvers import generalized_assignment
>>> score = np.array([[5.0, 2.0], [1.0, np.nan]])
>>> gap = generalized_assignment(score, load=np.ones((2, 2)), capacity=np.ones(2), maximize=True,
...                              mask=~np.isnan(score))
>>> gap.assignment.tolist(), gap.objective, gap.status
([1, 0], 3.0, 'optimal')
"""

from __future__ import annotations

from netmatch._solvers.arrays import Assignment, GapResult, check_assignment
from netmatch._solvers.bmatching import compiled_solver, max_coverage_assignment
from netmatch._solvers.gap import generalized_assignment
from netmatch._solvers.greedy import greedy_assignment
from netmatch._solvers.stable import blocking_pairs, deferred_acceptance

__all__ = [
    "Assignment",
    "GapResult",
    "blocking_pairs",
    "check_assignment",
    "compiled_solver",
    "deferred_acceptance",
    "generalized_assignment",
    "greedy_assignment",
    "max_coverage_assignment",
]
