"""A siting problem on sorted (client, site) pairs: what the location models and heuristics share.

A cost matrix (dense or sparse; ``inf`` or absent where a client cannot use a site) becomes the
reachable (client, eligible site) pairs, sorted by client, then cost, then site, so that a
client's first pair is its nearest site. :mod:`netmatch._solvers.location` solves it exactly,
:mod:`netmatch._solvers.location_heuristics` greedily.

>>> import numpy as np
>>> p = LocationProblem.from_matrix(np.array([[0.0, 2.0], [3.0, 1.0]]), 1)
>>> p.rows.tolist(), p.cols.tolist(), p.vals.tolist()
([0, 0, 1, 1], [0, 1, 1, 0], [0.0, 2.0, 1.0, 3.0])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["LocationProblem", "ObjectiveKind", "sorted_pairs", "usable_pairs"]

ObjectiveKind = Literal["median", "coverage"]


def sorted_pairs(
    matrix: npt.NDArray[np.float64] | sparse.csr_array, sites: BoolArray | None = None,
    radius: float | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Reachable (client, site, cost) entries of a cost matrix, sorted by client then site.

    Only the ``sites`` marked when given, only costs within ``radius`` when given; an ``inf``
    entry, or an entry a sparse matrix does not store, is out of reach.

    >>> sorted_pairs(np.array([[1.0, np.inf], [2.0, 0.0]]))
    (array([0, 1, 1]), array([0, 0, 1]), array([1., 2., 0.]))
    """
    if isinstance(matrix, np.ndarray):
        mask = np.isfinite(matrix)
        if radius is not None:
            mask &= matrix <= radius
        if sites is not None:
            mask &= sites[None, :]
        rows, cols = np.nonzero(mask)  # row-major: already sorted
        return rows.astype(np.int64), cols.astype(np.int64), matrix[rows, cols]
    coo = matrix.tocoo()
    rows, cols, vals = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
    keep = np.isfinite(vals)
    if radius is not None:
        keep &= vals <= radius
    if sites is not None:
        keep &= sites[cols]
    order = np.lexsort((cols[keep], rows[keep]))
    return rows[keep][order], cols[keep][order], vals[keep][order]


@dataclass(frozen=True)
class LocationProblem:
    """A siting problem on pairs. Pairs are the reachable (client, eligible site) pairs, sorted by
    client, then cost, then site — so the first pair of a client is its nearest site, ties going
    to the lowest site index."""

    n: int
    m: int
    rows: IntArray
    cols: IntArray
    vals: FloatArray
    weights: FloatArray
    demand: FloatArray
    capacity: FloatArray | None
    fixed: IntArray
    candidates: IntArray
    k: int
    objective: ObjectiveKind
    radius: float | None
    time_limit: float
    mip_rel_gap: float

    @classmethod
    def from_matrix(cls, matrix: npt.NDArray[np.float64] | sparse.csr_array, k: int, *,
                    objective: ObjectiveKind = "median", weights: FloatArray | None = None,
                    radius: float | None = None, fixed: IntArray | None = None,
                    candidates: IntArray | None = None, capacity: FloatArray | None = None,
                    demand: FloatArray | None = None, time_limit: float = 60.0,
                    mip_rel_gap: float = 0.0) -> LocationProblem:
        """The problem of a checked cost matrix (``netmatch._siting`` checks the user's values)."""
        n, m = matrix.shape
        w = np.ones(n) if weights is None else weights
        fix = np.zeros(0, np.int64) if fixed is None else np.sort(np.asarray(fixed, np.int64))
        cand = (np.setdiff1d(np.arange(m, dtype=np.int64), fix) if candidates is None
                else np.sort(np.asarray(candidates, np.int64)))
        eligible = np.zeros(m, dtype=bool)
        eligible[fix] = True
        eligible[cand] = True
        rows, cols, vals = sorted_pairs(matrix, eligible, radius)
        order = np.lexsort((cols, vals, rows))
        return cls(n=n, m=m, rows=rows[order], cols=cols[order], vals=vals[order], weights=w,
                   demand=(demand if demand is not None else w) if capacity is not None else w, capacity=capacity,
                   fixed=fix, candidates=cand, k=int(k), objective=objective, radius=radius,
                   time_limit=float(time_limit), mip_rel_gap=float(mip_rel_gap))

    @property
    def is_fixed(self) -> BoolArray:
        """A fresh mask of the fixed sites."""
        mask = np.zeros(self.m, dtype=bool)
        mask[self.fixed] = True
        return mask

    @property
    def candidate_pos(self) -> IntArray:
        """Position of each site among the candidates (the y variables), -1 for the others."""
        pos = np.full(self.m, -1, dtype=np.int64)
        pos[self.candidates] = np.arange(len(self.candidates))
        return pos

    @property
    def within(self) -> str:
        """`` within radius r`` for messages, or nothing."""
        return f" within radius {self.radius:g}" if self.radius is not None else ""


def usable_pairs(problem: LocationProblem) -> BoolArray:
    """Pairs a client may use: with capacities, only sites able to take the client's whole demand."""
    if problem.capacity is None:
        return np.ones(len(problem.rows), dtype=bool)
    return np.asarray(problem.demand[problem.rows] <= problem.capacity[problem.cols])
