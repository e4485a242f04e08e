r"""Where to open new centres: p-median and maximal covering on a clients × sites cost matrix.

Regions plan where new «Точка роста» centres should open so that schools reach one. This module is
the core of that question: it takes a plain cost matrix ``cost[i, j]`` — what it costs client ``i``
(a school) to use site ``j`` (a school or building that could host a centre), ``np.inf`` when it
cannot — and chooses ``k`` new sites. Adapters that compute the matrix from a registry call it.

Two objectives are offered:

* ``"median"`` — the p-median problem: serve every client from an open site and minimise the
  weighted total cost (every school can reach a centre, as cheaply as possible overall);
* ``"coverage"`` — the maximal covering location problem (MCLP): maximise the weight of clients
  that have an open site within ``radius`` (as many schools as possible within reach).

Both can be capacitated: each client's ``demand`` goes to one open site, and no site takes more
than its ``capacity``. Both are solved exactly as mixed-integer programs by HiGHS through
:func:`scipy.optimize.milp`, with a time limit; when it runs out, the best solution found is returned
together with its proven gap. :func:`check_siting` sits beside :func:`site_centres` and lists every
limit a siting violates.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np
from scipy import sparse

from netmatch.exceptions import InfeasibleError, InvalidInputError, NetmatchError

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["CENTRE_KINDS", "RegistrySitingInputs", "SiteChange", "Siting", "check_siting", "registry_siting_inputs",
           "site_centres"]

ObjectiveKind = Literal["median", "coverage"]
Status = Literal["optimal", "time_limit"]

_OBJECTIVES = ("median", "coverage")
#: Differences below these are rounding, not a gap (HiGHS's own absolute gap tolerance is 1e-6).
_REL_TOL = 1e-9
_ABS_TOL = 1e-6
#: An LP value of a site below this counts as closed.
_Y_TOL = 1e-9
#: The swap search prices (closed candidates × new sites) swaps at once; beyond this many it is skipped.
_SWAP_CELLS = 20_000_000


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


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


def _readonly(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    a.setflags(write=False)
    return a


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
        The best bound HiGHS proved: no siting costs less (``"median"``) or covers more
        (``"coverage"``). Equals ``objective`` when optimal.
    gap : float
        Proven relative gap ``|objective - bound| / |objective|``: ``0.0`` when proven optimal, at
        most ``mip_rel_gap`` when that was set, ``inf`` when nothing was proven in time.
    status : {"optimal", "time_limit"}
        ``"optimal"`` when the gap is within ``mip_rel_gap`` (0 by default: proven optimal);
        ``"time_limit"`` when ``time_limit`` ran out first, with the best siting found so far.
    objective_kind : {"median", "coverage"}
        The objective the siting optimises.
    radius : float or None
        The travel limit used: a client is covered, or may be served, only within it.
    marginal : tuple of SiteChange
        What each site is worth: the open sites ranked by the loss if removed, then the closed
        candidates ranked by the gain if opened next. Values are for each client using its nearest
        open site (within ``radius``), ignoring capacities: exact for uncapacitated sitings, a guide
        otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> from netmatch._siting import site_centres
    >>> cost = np.array([[0, 3, 8], [3, 0, 5], [8, 5, 0], [9, 6, 1]], dtype=float)
    >>> s = site_centres(cost, 1, fixed=[0])
    >>> s
    Siting(objective_kind='median', sites=(2,), open=(0, 2), objective=4.0, gap=0.0,
           status='optimal', clients=4)
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

    def to_frame(self) -> pd.DataFrame:
        """One row per client: ``client``, ``site`` (``-1`` when unserved), ``cost``, ``covered``.

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
        )

    def __repr__(self) -> str:
        return (
            f"Siting(objective_kind={self.objective_kind!r}, sites={self.sites}, open={self.open}, "
            f"objective={self.objective!r}, gap={self.gap!r}, status={self.status!r}, "
            f"clients={len(self.assignment)})"
        )


# --------------------------------------------------------------------------------------------------
# Parameters, validated in one place
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Instance:
    """A validated problem. Pairs are the reachable (client, eligible site) pairs, sorted by
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

    @property
    def is_fixed(self) -> BoolArray:
        mask = np.zeros(self.m, dtype=bool)
        mask[self.fixed] = True
        return mask

    @property
    def candidate_pos(self) -> IntArray:
        """Position of each site among the candidates (the y variables), -1 for the others."""
        pos = np.full(self.m, -1, dtype=np.int64)
        pos[self.candidates] = np.arange(len(self.candidates))
        return pos


def _message(name: str, expected: str, got: str, func: str = "site_centres") -> str:
    return f"The {name!r} parameter of {func} must be {expected}. Got {got} instead."


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _cost_matrix(
    cost: object, problems: list[str], func: str = "site_centres"
) -> npt.NDArray[np.float64] | sparse.csr_array | None:
    """``cost`` as a float array or CSR matrix once checked; None after recording a problem."""
    expected = (
        "a 2-D array (clients × sites) of non-negative numbers, np.inf where a client cannot reach "
        "a site, or a scipy.sparse matrix whose stored entries are the reachable pairs"
    )
    matrix: npt.NDArray[np.float64] | sparse.csr_array
    try:
        if sparse.issparse(cost):
            matrix = sparse.csr_array(cost, dtype=np.float64)  # sums duplicates, keeps explicit zeros
            values = matrix.data
        else:
            matrix = np.asarray(cost, dtype=np.float64)
            values = matrix
    except (TypeError, ValueError):
        problems.append(_message("cost", expected, _short(cost), func))
        return None
    if matrix.ndim != 2 or 0 in matrix.shape:
        problems.append(_message("cost", expected + " with at least one client and one site",
                                 f"an array of shape {matrix.shape}", func))
        return None
    bad = np.isnan(values) | (values < 0)
    if bad.any():
        if isinstance(matrix, np.ndarray):
            where = np.argwhere(bad)
            first = (int(where[0, 0]), int(where[0, 1]))
        else:
            at = int(np.flatnonzero(bad)[0])
            first = (int(np.searchsorted(matrix.indptr, at, side="right") - 1), int(matrix.indices[at]))
        more = int(bad.sum()) - 1
        problems.append(_message("cost", expected, f"{float(matrix[first])!r} at {first}"
                                 + (f" and {more} more bad entries" if more else ""), func))
        return None
    return matrix


def _pairs(
    matrix: npt.NDArray[np.float64] | sparse.csr_array, sites: BoolArray | None = None,
    radius: float | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Reachable (client, site, cost) entries, sorted by client then site; only ``sites`` when given,
    only costs within ``radius`` when given."""
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


def _vector(
    name: str, value: object, size: int, what: str, problems: list[str], *, allow_inf: bool = False,
    func: str = "site_centres",
) -> FloatArray | None:
    """A 1-D float vector of non-negative numbers, or None after recording a problem."""
    kind = "non-negative numbers (np.inf allowed)" if allow_inf else "non-negative finite numbers"
    expected = f"a 1-D array of {size} {kind}, one per {what}"
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        problems.append(_message(name, expected, _short(value), func))
        return None
    if a.shape != (size,):
        problems.append(_message(name, expected, f"an array of shape {a.shape}", func))
        return None
    bad = np.flatnonzero(np.isnan(a) | (a < 0) | (~np.isfinite(a) if not allow_inf else False))
    if len(bad):
        problems.append(_message(name, expected, f"{float(a[bad[0]])!r} at index {bad[0]}", func))
        return None
    return a


def _indices(name: str, value: object, m: int, problems: list[str]) -> IntArray | None:
    """Distinct site indices in [0, m), or None after recording a problem."""
    expected = f"a sequence of distinct site indices in the range [0, {m - 1}]"
    try:
        a = np.asarray(value)
    except (TypeError, ValueError):  # pragma: no cover - asarray accepts nearly anything
        problems.append(_message(name, expected, _short(value)))
        return None
    if a.size == 0:
        return np.zeros(0, dtype=np.int64)
    if a.ndim != 1 or not np.issubdtype(a.dtype, np.integer):
        problems.append(_message(name, expected, _short(value)))
        return None
    out = a.astype(np.int64)
    bad = np.flatnonzero((out < 0) | (out >= m))
    if len(bad):
        problems.append(_message(name, expected, f"{int(out[bad[0]])} at position {bad[0]}"))
        return None
    uniq, counts = np.unique(out, return_counts=True)
    if (counts > 1).any():
        problems.append(_message(name, expected, f"{int(uniq[counts > 1][0])} more than once"))
        return None
    return np.sort(out)


def _validate(
    cost: object, k: object, objective: object, weights: object, radius: object, fixed: object,
    candidates: object, capacity: object, demand: object, time_limit: object, mip_rel_gap: object,
) -> _Instance:
    """Check every parameter of :func:`site_centres`; raise one error listing all problems."""
    problems: list[str] = []
    matrix = _cost_matrix(cost, problems)
    if objective not in _OBJECTIVES:
        problems.append(_message("objective", "'median' or 'coverage'", _short(objective)))
    rad: float | None = None
    if radius is None:
        if objective == "coverage":
            problems.append(_message("radius", "a non-negative number when objective='coverage'", "None"))
    elif not _is_number(radius) or math.isnan(float(radius)) or float(radius) < 0:  # type: ignore[arg-type]
        problems.append(_message("radius", "a non-negative number or None", _short(radius)))
    else:
        rad = float(radius)  # type: ignore[arg-type]
    if not _is_number(time_limit) or not float(time_limit) > 0:  # type: ignore[arg-type]
        problems.append(_message("time_limit", "a positive number of seconds", _short(time_limit)))
    if not _is_number(mip_rel_gap) or not 0 <= float(mip_rel_gap) < 1:  # type: ignore[arg-type]
        problems.append(_message("mip_rel_gap", "a number in the range [0, 1)", _short(mip_rel_gap)))
    if demand is not None and capacity is None:
        problems.append(_message("demand", "None unless 'capacity' is given (demand only fills capacity)",
                                 "an array"))
    if matrix is None:
        raise InvalidInputError(problems)

    n, m = matrix.shape
    w = np.ones(n) if weights is None else _vector("weights", weights, n, "client", problems)
    cap = None if capacity is None else _vector("capacity", capacity, m, "site", problems, allow_inf=True)
    dem = None if demand is None else _vector("demand", demand, n, "client", problems)
    fix = _indices("fixed", fixed, m, problems)
    cand: IntArray | None = None
    if fix is not None:
        if candidates is None:
            cand = np.setdiff1d(np.arange(m, dtype=np.int64), fix)
        else:
            cand = _indices("candidates", candidates, m, problems)
            both = np.intersect1d(cand, fix) if cand is not None else np.zeros(0)
            if len(both):
                problems.append(_message("candidates", "a sequence of site indices not in 'fixed'",
                                         f"{int(both[0])}, which is also fixed"))
                cand = None
    if not _is_number(k) or isinstance(k, (float, np.floating)):
        problems.append(_message("k", "an int (the number of new sites)", _short(k)))
    elif cand is not None and not 0 <= int(k) <= len(cand):  # type: ignore[call-overload]
        problems.append(_message("k", f"an int in the range [0, {len(cand)}] (the number of candidate sites)",
                                 _short(k)))
    if problems:
        raise InvalidInputError(problems)
    assert w is not None and fix is not None and cand is not None

    eligible = np.zeros(m, dtype=bool)
    eligible[fix] = True
    eligible[cand] = True
    rows, cols, vals = _pairs(matrix, eligible, rad)
    order = np.lexsort((cols, vals, rows))
    return _Instance(
        n=n, m=m, rows=rows[order], cols=cols[order], vals=vals[order], weights=w,
        demand=(dem if dem is not None else w) if cap is not None else w, capacity=cap,
        fixed=fix, candidates=cand, k=int(k), objective=objective,  # type: ignore[call-overload, arg-type]
        radius=rad, time_limit=float(time_limit), mip_rel_gap=float(mip_rel_gap),  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------------------------------
# Vectorised helpers on sorted pairs
# --------------------------------------------------------------------------------------------------


def _starts(rows: IntArray) -> BoolArray:
    """True at the first pair of each client (pairs sorted by client)."""
    out = np.ones(len(rows), dtype=bool)
    out[1:] = rows[1:] != rows[:-1]
    return out


def _times(w: FloatArray, x: FloatArray) -> FloatArray:
    """``w * x``, with 0 where ``w`` is 0 even when ``x`` is inf (a weightless client costs nothing)."""
    out = np.zeros(len(w))
    np.multiply(w, x, out=out, where=w != 0)
    return out


def _list(values: npt.NDArray[Any], limit: int = 10, names: Sequence[str] | None = None) -> str:
    """The first ``limit`` values (or, with ``names``, the names they index), then how many more."""
    shown = ", ".join(names[v] if names is not None else f"{v:g}" for v in values[:limit].tolist())
    return shown + (f", ... ({len(values) - limit} more)" if len(values) > limit else "")


@dataclass(frozen=True)
class _Nearest:
    assign: IntArray  # nearest open site, -1 when none
    dist: FloatArray  # its cost, inf when none
    second: FloatArray  # cost of the second-nearest open site, inf when none
    count: IntArray  # how many open sites the client reaches


def _nearest(inst: _Instance, open_mask: BoolArray) -> _Nearest:
    sel = open_mask[inst.cols]
    r, c, v = inst.rows[sel], inst.cols[sel], inst.vals[sel]
    first = np.flatnonzero(_starts(r))
    assign = np.full(inst.n, -1, dtype=np.int64)
    dist = np.full(inst.n, np.inf)
    second = np.full(inst.n, np.inf)
    assign[r[first]] = c[first]
    dist[r[first]] = v[first]
    nxt = first[first + 1 < len(r)] + 1
    nxt = nxt[r[nxt] == r[nxt - 1]]
    second[r[nxt]] = v[nxt]
    return _Nearest(assign, dist, second, np.bincount(r, minlength=inst.n).astype(np.int64))


def _marginal(inst: _Instance, open_mask: BoolArray) -> tuple[SiteChange, ...]:
    """Loss if each open site closed and gain if each closed candidate opened, vectorised over pairs."""
    near = _nearest(inst, open_mask)
    w = inst.weights
    rows, cols, vals = inst.rows, inst.cols, inst.vals
    closed = np.zeros(inst.m, dtype=bool)
    closed[inst.candidates] = True
    closed &= ~open_mask
    sel_c = closed[cols]
    sel_o = open_mask[cols]
    if inst.objective == "median":
        improve = np.maximum(near.dist[rows[sel_c]] - vals[sel_c], 0.0)
        gain = np.bincount(cols[sel_c], weights=_times(w[rows[sel_c]], improve), minlength=inst.m)
        served = np.flatnonzero(near.assign >= 0)
        worse = _times(w[served], near.second[served] - near.dist[served])
        loss = np.bincount(near.assign[served], weights=worse, minlength=inst.m)
        # a site that is some client's only reachable open site cannot go: every client must be served
        alone = served[~np.isfinite(near.second[served])]
        loss[near.assign[alone]] = np.inf
    else:
        gain = np.bincount(cols[sel_c], weights=w[rows[sel_c]] * (near.count[rows[sel_c]] == 0),
                           minlength=inst.m)
        loss = np.bincount(cols[sel_o], weights=w[rows[sel_o]] * (near.count[rows[sel_o]] == 1),
                           minlength=inst.m)
    is_fixed = inst.is_fixed
    out: list[SiteChange] = []
    for group, value in ((np.flatnonzero(open_mask), loss), (np.flatnonzero(closed), gain)):
        order = group[np.lexsort((group, -value[group]))]
        for rank, j in enumerate(order, start=1):
            status: Literal["fixed", "new", "closed"] = (
                "closed" if closed[j] else "fixed" if is_fixed[j] else "new"
            )
            out.append(SiteChange(int(j), status, float(value[j]), rank))
    return tuple(out)


# --------------------------------------------------------------------------------------------------
# Infeasibility caught before solving
# --------------------------------------------------------------------------------------------------


def _usable(inst: _Instance) -> BoolArray:
    """Pairs a client may use: with capacities, only sites able to take the client's whole demand."""
    if inst.capacity is None:
        return np.ones(len(inst.rows), dtype=bool)
    return np.asarray(inst.demand[inst.rows] <= inst.capacity[inst.cols])


def _precheck(inst: _Instance, client_ids: Sequence[str] | None = None) -> None:
    """Raise :class:`InfeasibleError` with the numbers when the answer is 'impossible' up front."""
    if inst.objective != "median":
        return

    def clients(lost: IntArray) -> str:
        return f"{'clients' if client_ids is None else 'schools'} {_list(lost, names=client_ids)}"

    within = f" within radius {inst.radius:g}" if inst.radius is not None else ""
    how = (f"add candidate sites{', raise radius' if inst.radius is not None else ''}, drop those clients, "
           "or use objective='coverage' to serve as many as possible")
    lost = np.flatnonzero(np.bincount(inst.rows, minlength=inst.n) == 0)
    if len(lost):
        raise InfeasibleError(
            f"{len(lost)} of {inst.n} clients reach no fixed or candidate site{within} "
            f"({clients(lost)}); under objective='median' every client must be served: {how}"
        )
    usable = _usable(inst)
    lost = np.flatnonzero(np.bincount(inst.rows[usable], minlength=inst.n) == 0)
    if len(lost):
        raise InfeasibleError(
            f"{len(lost)} of {inst.n} clients have a demand larger than the capacity of every fixed or "
            f"candidate site they reach{within} ({clients(lost)}; demand "
            f"{_list(inst.demand[lost])}); under objective='median' every client is served whole by one "
            "site: raise capacities, add candidate sites, or use objective='coverage'"
        )
    if inst.k == 0:
        fixed_reach = np.bincount(inst.rows[usable & inst.is_fixed[inst.cols]], minlength=inst.n)
        lost = np.flatnonzero(fixed_reach == 0)
        if len(lost):
            raise InfeasibleError(
                f"with k=0 no new site opens, and {len(lost)} of {inst.n} clients reach no fixed "
                f"site{within} ({clients(lost)}); raise k or {how}"
            )
    if inst.capacity is not None:
        total = float(inst.demand.sum())
        fixed_cap = float(inst.capacity[inst.fixed].sum())
        best_new = float(np.sort(inst.capacity[inst.candidates])[::-1][: inst.k].sum())
        if total > fixed_cap + best_new:
            raise InfeasibleError(
                f"total demand {total:g} exceeds the largest capacity any choice of k={inst.k} new sites "
                f"can give: {fixed_cap + best_new:g} (fixed sites {fixed_cap:g} + the {inst.k} largest "
                f"candidates {best_new:g}); raise k, raise capacities or add candidate sites"
            )


# --------------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    """``minimise c @ x`` subject to ``lower <= A @ x <= upper``; the first ``len(candidates)``
    variables are the binary ``y``. The user's objective is ``sense * c @ x + offset``."""

    c: FloatArray
    integrality: FloatArray
    lb: FloatArray
    ub: FloatArray
    A: sparse.csr_array
    lower: FloatArray
    upper: FloatArray
    offset: float
    sense: int
    infeasible: str  # the message when HiGHS proves the model infeasible


def _coo(
    parts: list[tuple[IntArray, IntArray, FloatArray | float]], shape: tuple[int, int]
) -> sparse.csr_array:
    r = np.concatenate([p[0] for p in parts])
    c = np.concatenate([p[1] for p in parts])
    v = np.concatenate([np.broadcast_to(np.asarray(p[2], dtype=np.float64), p[0].shape) for p in parts])
    return sparse.csr_array((v, (r, c)), shape=shape)


def _cardinality(nc: int, row: int) -> tuple[IntArray, IntArray, FloatArray | float]:
    return np.full(nc, row, dtype=np.int64), np.arange(nc, dtype=np.int64), 1.0


def _median_model(inst: _Instance, vals: FloatArray) -> _Model:
    """The radius formulation in chained form on the pair costs ``vals`` (see :func:`site_centres`)."""
    nc, k, w = len(inst.candidates), inst.k, inst.weights
    rows, cols = inst.rows, inst.cols
    fsel = inst.is_fixed[cols]
    # nearest fixed site of each client: it caps the client's cost, nothing beyond it matters
    f = np.full(inst.n, np.inf)
    fr, fv = rows[fsel], vals[fsel]
    first = _starts(fr)
    f[fr[first]] = fv[first]
    csel = ~fsel & (vals < f[rows])
    r, c, v = rows[csel], inst.candidate_pos[cols[csel]], vals[csel]

    # levels: the distinct costs D_i^1 < D_i^2 < ... of each client
    row_start = _starts(r)
    new_level = row_start.copy()
    new_level[1:] |= v[1:] != v[:-1]
    level = np.cumsum(new_level) - 1
    idx = np.arange(len(r))
    rank = idx - np.maximum.accumulate(np.where(row_start, idx, 0)) + 1
    last_of_level = np.append(new_level[1:], True) if len(r) else new_level
    count = rank[last_of_level]  # candidates within D_i^l
    l_row, l_val, l_first = r[new_level], v[new_level], row_start[new_level]
    # at most nc - k candidates are closed, so a level holding nc - k + 1 of them always has an open
    # one ("saturated"): the client never goes beyond it, and later levels are dropped
    sat = count >= nc - k + 1
    n_lev = len(l_row)
    prior = np.cumsum(sat) - sat
    base = prior[np.maximum.accumulate(np.where(l_first, np.arange(n_lev), 0))] if n_lev else prior
    keep = prior == base
    kr, kv, ksat, kfirst = l_row[keep], l_val[keep], sat[keep], l_first[keep]
    klast = np.ones(len(kr), dtype=bool)
    klast[:-1] = kr[1:] != kr[:-1]
    has_row = ~ksat
    has_z = ~ksat & (~klast | np.isfinite(f[kr]))  # at a top level, z means "falls back to a fixed site"
    nxt = np.append(kv[1:], np.nan)
    nxt = np.where(klast, f[kr], nxt)
    coef = w[kr[has_z]] * (nxt[has_z] - kv[has_z])
    offset = float(w[kr[kfirst]] @ kv[kfirst])
    no_cand = np.ones(inst.n, dtype=bool)
    no_cand[kr] = False
    offset += float(w[no_cand] @ f[no_cand])

    rid = np.cumsum(has_row) - 1
    zid = nc + np.cumsum(has_z) - 1
    n_rows = int(has_row.sum())
    n_z = int(has_z.sum())
    kidx = np.cumsum(keep) - 1
    pair_lev = kidx[level[keep[level]]]
    pair_col = c[keep[level]]
    with_row = has_row[pair_lev]
    chained = np.flatnonzero(has_row & ~kfirst)
    matrix = _coo(
        [
            (rid[pair_lev[with_row]], pair_col[with_row], 1.0),
            (rid[has_z], zid[has_z], 1.0),
            (rid[chained], zid[chained - 1], -1.0),
            _cardinality(nc, n_rows),
        ],
        (n_rows + 1, nc + n_z),
    )
    lower = np.append(np.where(kfirst[has_row], 1.0, 0.0), k)
    upper = np.append(np.full(n_rows, np.inf), k)
    within = f" within radius {inst.radius:g}" if inst.radius is not None else ""
    return _Model(
        c=np.concatenate([np.zeros(nc), coef]),
        integrality=np.concatenate([np.ones(nc), np.zeros(n_z)]),
        lb=np.zeros(nc + n_z),
        ub=np.concatenate([np.ones(nc), np.full(n_z, np.inf)]),
        A=matrix, lower=lower, upper=upper, offset=offset, sense=1,
        infeasible=(
            f"no choice of k={k} new sites among the {nc} candidates (with {len(inst.fixed)} fixed sites) "
            f"lets all {inst.n} clients reach an open site{within}; raise k, add candidate sites, or use "
            "objective='coverage' to serve as many as possible"
        ),
    )


def _coverage_model(inst: _Instance) -> _Model:
    """The maximal covering model on sparse coverage sets (see :func:`site_centres`, Notes)."""
    nc, k, w = len(inst.candidates), inst.k, inst.weights
    rows, cols = inst.rows, inst.cols
    fsel = inst.is_fixed[cols]
    by_fixed = np.bincount(rows[fsel], minlength=inst.n) > 0
    csel = ~fsel & ~by_fixed[rows] & (w[rows] > 0)
    r, c = rows[csel], inst.candidate_pos[cols[csel]]
    count = np.bincount(r, minlength=inst.n)
    always = count >= nc - k + 1  # some of them is open whatever the choice
    offset = float(w[by_fixed].sum() + w[always].sum())
    active = (count > 0) & ~always
    uid = np.cumsum(active) - 1
    n_u = int(active.sum())
    sel = active[r]
    matrix = _coo(
        [
            (uid[r[sel]], c[sel], -1.0),
            (np.arange(n_u, dtype=np.int64), nc + np.arange(n_u, dtype=np.int64), 1.0),
            _cardinality(nc, n_u),
        ],
        (n_u + 1, nc + n_u),
    )
    return _Model(
        c=np.concatenate([np.zeros(nc), -w[active]]),
        integrality=np.concatenate([np.ones(nc), np.zeros(n_u)]),
        lb=np.zeros(nc + n_u),
        ub=np.ones(nc + n_u),
        A=matrix,
        lower=np.append(np.full(n_u, -np.inf), k),
        upper=np.append(np.zeros(n_u), k),
        offset=offset, sense=-1, infeasible="the covering model is infeasible",
    )


def _capacitated_model(inst: _Instance, usable: BoolArray) -> _Model:
    """Single-sourcing assignment model with capacities (see :func:`site_centres`, Notes)."""
    assert inst.capacity is not None
    nc, k, w, d, cap = len(inst.candidates), inst.k, inst.weights, inst.demand, inst.capacity
    r, j, v = inst.rows[usable], inst.cols[usable], inst.vals[usable]
    n_x = len(r)
    x = nc + np.arange(n_x, dtype=np.int64)
    pos = inst.candidate_pos[j]
    is_cand = pos >= 0
    eligible = inst.is_fixed
    eligible[inst.candidates] = True
    limited = np.flatnonzero(np.isfinite(cap) & eligible)
    lim_row = np.full(inst.m, -1, dtype=np.int64)
    lim_row[limited] = inst.n + np.arange(len(limited))
    lim_cand = limited[inst.candidate_pos[limited] >= 0]
    sel = lim_row[j] >= 0
    n_link = int(is_cand.sum())
    link0 = inst.n + len(limited)
    n_rows = link0 + n_link + 1
    matrix = _coo(
        [
            (r, x, 1.0),  # each client's assignment
            (lim_row[j[sel]], x[sel], d[r[sel]]),  # the load of each limited site ...
            (lim_row[lim_cand], inst.candidate_pos[lim_cand], -cap[lim_cand]),  # ... within capacity if open
            (link0 + np.arange(n_link, dtype=np.int64), x[is_cand], 1.0),  # x_ij <= y_j
            (link0 + np.arange(n_link, dtype=np.int64), pos[is_cand], -1.0),
            _cardinality(nc, n_rows - 1),
        ],
        (n_rows, nc + n_x),
    )
    cap_upper = np.where(inst.is_fixed[limited], cap[limited], 0.0)
    median = inst.objective == "median"
    within = f" within radius {inst.radius:g}" if inst.radius is not None else ""
    return _Model(
        c=np.concatenate([np.zeros(nc), w[r] * v if median else -w[r]]),
        integrality=np.ones(nc + n_x),
        lb=np.zeros(nc + n_x),
        ub=np.ones(nc + n_x),
        A=matrix,
        lower=np.concatenate([np.full(inst.n, 1.0 if median else -np.inf),
                              np.full(len(limited) + n_link, -np.inf), [k]]),
        upper=np.concatenate([np.ones(inst.n), cap_upper, np.zeros(n_link), [k]]),
        offset=0.0, sense=1 if median else -1,
        infeasible=(
            f"no choice of k={k} new sites among the {nc} candidates (with {len(inst.fixed)} fixed sites) "
            f"can serve all {inst.n} clients (total demand {float(d.sum()):g}) each from one site{within} "
            "without exceeding a capacity; raise k or capacities, add candidate sites, or use "
            "objective='coverage'"
        ),
    )


@dataclass(frozen=True)
class _Run:
    """One HiGHS run in the user's units: its solution (None when it has none) and bounds."""

    status: Literal["optimal", "time_limit", "infeasible"]
    x: FloatArray | None
    value: float
    bound: float


def _highs(model: _Model, inst: _Instance, deadline: float, *, relax: bool = False) -> _Run:
    """Run HiGHS (the LP relaxation when ``relax``) with the time left before ``deadline``."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    worst = -math.inf * model.sense  # the bound to report when nothing is proven
    if len(model.c) == 0:  # nothing to decide (HiGHS refuses an empty model)
        if (model.lower <= _ABS_TOL).all() and (model.upper >= -_ABS_TOL).all():
            return _Run("optimal", np.zeros(0), model.offset, model.offset)
        return _Run("infeasible", None, math.nan, worst)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return _Run("time_limit", None, math.nan, worst)
    res = milp(
        model.c,
        integrality=np.zeros_like(model.integrality) if relax else model.integrality,
        bounds=Bounds(model.lb, model.ub),
        constraints=LinearConstraint(model.A, model.lower, model.upper),
        options={"time_limit": remaining, "mip_rel_gap": inst.mip_rel_gap, "disp": False},
    )
    if res.status == 2 or (res.status == 4 and "infeasible" in str(res.message).lower()):
        return _Run("infeasible", None, math.nan, worst)
    if res.status not in (0, 1):  # pragma: no cover - numerical trouble inside HiGHS
        raise NetmatchError(f"HiGHS stopped without a siting: {res.message}")
    optimal = res.status == 0
    x = None if res.x is None else np.asarray(res.x, dtype=np.float64)
    value = math.nan if x is None else model.sense * float(res.fun) + model.offset
    dual = None if relax else getattr(res, "mip_dual_bound", None)
    if dual is not None and np.isfinite(dual):
        bound = model.sense * float(dual) + model.offset
    else:
        bound = value if optimal and x is not None else worst
    return _Run("optimal" if optimal else "time_limit", x, value, bound)


def _no_incumbent(inst: _Instance) -> InfeasibleError:
    return InfeasibleError(
        f"no feasible siting was found within time_limit={inst.time_limit:g} s (the problem is not proven "
        "infeasible: it may need more time); raise time_limit"
    )


def _close_enough(value: float, bound: float, sense: int, mip_rel_gap: float) -> bool:
    """Whether ``bound`` proves ``value`` optimal up to HiGHS's tolerance and ``mip_rel_gap``."""
    return (value - bound) * sense <= max(_ABS_TOL, _REL_TOL * abs(value)) + mip_rel_gap * abs(value)


def _gap(objective: float, bound: float, sense: int) -> float:
    diff = max((objective - bound) * sense, 0.0)
    if diff <= max(_ABS_TOL, _REL_TOL * abs(objective)):
        return 0.0
    return diff / abs(objective) if objective else math.inf


def _value(inst: _Instance, open_mask: BoolArray) -> float:
    """Objective of an open set when each client uses its nearest open site (nan: a client unserved)."""
    near = _nearest(inst, open_mask)
    if inst.objective == "coverage":
        return float(inst.weights @ (near.count > 0))
    if (near.assign < 0).any():
        return math.nan
    return float(inst.weights @ near.dist)


# --------------------------------------------------------------------------------------------------
# Heuristics: a first siting, and the fallback when HiGHS has none at the time limit
# --------------------------------------------------------------------------------------------------


def _greedy(inst: _Instance) -> BoolArray:
    """Open ``k`` candidates one at a time, each the best next one; vectorised over pairs.

    Under ``"median"`` the best next site first serves the most unserved clients, then saves the most
    cost; under ``"coverage"`` it covers the most new weight, then the most new clients. Ties go to the
    lowest site index.
    """
    rows, cols, vals, w = inst.rows, inst.cols, inst.vals, inst.weights
    open_mask = inst.is_fixed
    closed = np.zeros(inst.m, dtype=bool)
    closed[inst.candidates] = True
    near = _nearest(inst, open_mask)
    dist, count = near.dist, near.count
    for _ in range(inst.k):
        sel = closed[cols]
        r, c, v = rows[sel], cols[sel], vals[sel]
        if inst.objective == "median":
            new = ~np.isfinite(dist[r])
            first = np.bincount(c, weights=new, minlength=inst.m)
            second = np.bincount(c, weights=w[r] * np.where(new, 0.0, np.maximum(dist[r] - v, 0.0)),
                                 minlength=inst.m)
        else:
            new = count[r] == 0
            first = np.bincount(c, weights=w[r] * new, minlength=inst.m)
            second = np.bincount(c, weights=new, minlength=inst.m)
        options = np.flatnonzero(closed)
        j = options[np.lexsort((options, -second[options], -first[options]))[0]]
        closed[j] = False
        open_mask[j] = True
        at = cols == j
        np.minimum.at(dist, rows[at], vals[at])
        count[rows[at]] += 1
    return open_mask


def _swap(inst: _Instance, open_mask: BoolArray, deadline: float) -> BoolArray:
    """Improve a median siting by best-improvement swaps (one new site out, one candidate in).

    Every swap is priced at once from each client's nearest and second-nearest open site
    (Whitaker's fast interchange in the vectorised form of Resende & Werneck 2007): opening ``j``
    gains ``gain[j]``, closing ``r`` loses ``loss[r]``, and ``extra[j, r]`` corrects the clients that
    lose ``r`` and can use ``j``. Stops at a local optimum, after ``4 k + 20`` swaps, or at
    ``deadline``; a swap never leaves a client unserved.
    """
    rows, cols, vals, w = inst.rows, inst.cols, inst.vals, inst.weights
    removable = open_mask.copy()
    removable[inst.fixed] = False
    n_closed = len(inst.candidates) - inst.k
    if n_closed * inst.k > _SWAP_CELLS:
        return open_mask
    open_mask = open_mask.copy()
    for _ in range(4 * inst.k + 20):
        if time.monotonic() > deadline:
            break
        near = _nearest(inst, open_mask)
        if (near.assign < 0).any():
            break
        d1, phi = near.dist, near.assign
        stranded = ~np.isfinite(near.second)  # the client's only open site is phi
        d2 = np.where(stranded, d1, near.second)
        closed = np.zeros(inst.m, dtype=bool)
        closed[inst.candidates] = True
        closed &= ~open_mask
        jpos = np.cumsum(closed) - 1
        out = np.flatnonzero(removable)
        rpos = np.full(inst.m, -1, dtype=np.int64)
        rpos[out] = np.arange(len(out))
        sel = closed[cols]
        r, c, v = rows[sel], cols[sel], vals[sel]
        gain = np.bincount(jpos[c], weights=w[r] * np.maximum(d1[r] - v, 0.0), minlength=n_closed)
        mine = rpos[phi] >= 0
        loss = np.bincount(rpos[phi[mine]], weights=(w * (d2 - d1))[mine], minlength=len(out))
        hit = mine[r] & ((v < near.second[r]) | stranded[r])
        cell = jpos[c[hit]] * len(out) + rpos[phi[r[hit]]]
        size = n_closed * len(out)
        extra = np.bincount(cell, weights=w[r[hit]] * (np.maximum(v[hit], d1[r[hit]]) - d2[r[hit]]),
                            minlength=size)
        need = np.bincount(rpos[phi[mine & stranded]], minlength=len(out))
        saved = np.bincount(cell, weights=stranded[r[hit]], minlength=size)
        # float even when every bincount above is empty (an empty bincount is an integer array)
        delta = (loss[None, :] - gain[:, None] + extra.reshape(n_closed, len(out))).astype(float)
        delta[saved.reshape(n_closed, len(out)) < need[None, :]] = np.inf
        best = int(np.argmin(delta))
        current = float(w @ d1)
        if not delta.flat[best] < -max(_ABS_TOL, _REL_TOL * abs(current)):
            break
        j_in = np.flatnonzero(closed)[best // len(out)]
        r_out = out[best % len(out)]
        open_mask[j_in], open_mask[r_out] = True, False
        removable[j_in], removable[r_out] = True, False
    return open_mask


# --------------------------------------------------------------------------------------------------
# Solvers
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Solution:
    open_mask: BoolArray
    status: Status
    bound: float
    assignment: IntArray | None = None  # None: each client uses its nearest open site
    client_cost: FloatArray | None = None


class _Levels:
    """The distances kept per client for the reduced radius model, as sorted ``(client, value)`` keys.

    Rounding every pair's cost down to the nearest kept level of its client gives a cost matrix no
    larger than the true one, so the radius model on it is a relaxation; it is exact for an open set
    ``y`` as soon as each client keeps the distances of its open sites up to its nearest one.
    """

    def __init__(self, inst: _Instance) -> None:
        self.inst = inst
        self.values, inverse = np.unique(inst.vals, return_inverse=True)
        self.base = len(self.values) + 1
        self.pair_keys = inst.rows * self.base + inverse.reshape(-1)
        first = _starts(inst.rows)
        self.keys = self.pair_keys[first]  # each client's smallest cost: every pair rounds to a level

    def add_cover(self, y: FloatArray) -> int:
        """Keep the levels at which the (fractional) open set ``y`` covers each client, up to full cover.

        Returns how many levels were new.
        """
        inst = self.inst
        sel = y[inst.cols] > _Y_TOL
        r, keys, share = inst.rows[sel], self.pair_keys[sel], y[inst.cols[sel]]
        total = np.cumsum(share)
        first = np.maximum.accumulate(np.where(_starts(r), np.arange(len(r)), 0))
        before = total - share - (total[first] - share[first])
        merged = np.union1d(self.keys, keys[before < 1 - _Y_TOL])
        added = len(merged) - len(self.keys)
        self.keys = merged
        return added

    def rounded(self) -> FloatArray:
        at = np.searchsorted(self.keys, self.pair_keys, side="right") - 1
        return np.asarray(self.values[self.keys[at] % self.base], dtype=np.float64)


def _solve_median(inst: _Instance, deadline: float) -> _Solution:
    """Uncapacitated p-median: heuristic, then the radius model on generated levels (see
    :func:`site_centres`, Notes)."""
    nc = len(inst.candidates)
    if not 0 < inst.k < nc:  # nothing to choose
        open_mask = inst.is_fixed
        open_mask[inst.candidates[: inst.k]] = True
        return _Solution(open_mask, "optimal", _value(inst, open_mask))
    best = _swap(inst, _greedy(inst), deadline)
    best_value = _value(inst, best)  # nan when the greedy siting leaves a client unserved
    levels = _Levels(inst)
    levels.add_cover(best.astype(np.float64))
    # every client pays at least its smallest cost
    first = _starts(inst.rows)
    bound = float(inst.weights[inst.rows[first]] @ inst.vals[first])

    def y_of(x: FloatArray) -> FloatArray:
        y = inst.is_fixed.astype(np.float64)
        y[inst.candidates] = x[:nc]
        return y

    # 1. generate levels until the reduced LP is the full LP
    while True:
        model = _median_model(inst, levels.rounded())
        run = _highs(model, inst, deadline, relax=True)
        if run.status == "infeasible":
            raise InfeasibleError(model.infeasible)
        if run.x is None or run.status != "optimal":
            break
        if levels.add_cover(y_of(run.x)) == 0:
            bound = max(bound, run.bound)
            break
    # 2. solve the reduced MILP, keep the true cost of its siting, refine with it, repeat
    status: Status = "time_limit"
    while not (best_value == best_value and _close_enough(best_value, bound, 1, inst.mip_rel_gap)):
        model = _median_model(inst, levels.rounded())
        run = _highs(model, inst, deadline)
        if run.status == "infeasible":
            raise InfeasibleError(model.infeasible)
        bound = max(bound, run.bound)
        if run.x is None:
            break
        y = y_of(run.x) > 0.5
        # the reduced model may flatter y: polish it at true cost, and keep the levels of both
        polished = _swap(inst, y, deadline)
        value = _value(inst, polished)
        if not value >= best_value:  # also when best_value is nan
            best, best_value = polished, value
        added = levels.add_cover(y.astype(np.float64)) + levels.add_cover(polished.astype(np.float64))
        if added == 0 or run.status != "optimal":
            break
    if best_value != best_value:
        raise _no_incumbent(inst)
    if _close_enough(best_value, bound, 1, inst.mip_rel_gap):
        status = "optimal"
    return _Solution(best, status, bound)


def _solve_coverage(inst: _Instance, deadline: float) -> _Solution:
    """Uncapacitated maximal covering: one MILP; the greedy siting stands in if HiGHS has none."""
    nc = len(inst.candidates)
    if not 0 < inst.k < nc:
        open_mask = inst.is_fixed
        open_mask[inst.candidates[: inst.k]] = True
        return _Solution(open_mask, "optimal", _value(inst, open_mask))
    model = _coverage_model(inst)
    run = _highs(model, inst, deadline)
    open_mask = inst.is_fixed
    if run.x is not None:
        open_mask[inst.candidates[run.x[:nc] > 0.5]] = True
    if run.status == "optimal":
        return _Solution(open_mask, "optimal", run.bound)
    greedy = _greedy(inst)
    if run.x is None or _value(inst, greedy) > _value(inst, open_mask):
        open_mask = greedy
    return _Solution(open_mask, "time_limit", run.bound)


def _solve_capacitated(inst: _Instance, deadline: float) -> _Solution:
    """Either objective with capacities: one single-sourcing MILP."""
    nc = len(inst.candidates)
    usable = _usable(inst)
    model = _capacitated_model(inst, usable)
    run = _highs(model, inst, deadline)
    if run.status == "infeasible":
        raise InfeasibleError(model.infeasible)
    if run.x is None:
        raise _no_incumbent(inst)
    open_mask = inst.is_fixed
    open_mask[inst.candidates[run.x[:nc] > 0.5]] = True
    chosen = run.x[nc:] > 0.5
    assignment = np.full(inst.n, -1, dtype=np.int64)
    client_cost = np.full(inst.n, np.nan)
    assignment[inst.rows[usable][chosen]] = inst.cols[usable][chosen]
    client_cost[inst.rows[usable][chosen]] = inst.vals[usable][chosen]
    return _Solution(open_mask, run.status, run.bound, assignment, client_cost)


# --------------------------------------------------------------------------------------------------
# The public solver
# --------------------------------------------------------------------------------------------------


def site_centres(
    cost: Any,
    k: int,
    *,
    objective: ObjectiveKind = "median",
    weights: Any = None,
    radius: float | None = None,
    fixed: Any = (),
    candidates: Any = None,
    capacity: Any = None,
    demand: Any = None,
    time_limit: float = 60.0,
    mip_rel_gap: float = 0.0,
    **registry_options: Any,
) -> Siting:
    r"""Choose ``k`` new centre sites for clients with a cost matrix (p-median or maximal covering).

    The first argument may also be a :class:`netmatch.Registry`: then the clients are the
    ШНОР/ШНСУ schools weighted by their pupils, the sites the schools flagged as candidates
    (``centre_candidate``) plus the existing centres, which stay open, and the cost the travel
    time in minutes — see :func:`registry_siting_inputs` for the options it takes
    (``max_minutes``, ``clients``, ``kinds``, ``identification``, ``speed_kmh``,
    ``road_factor``, ``distances``).

    Parameters
    ----------
    cost : array_like of shape (n_clients, n_sites) or scipy.sparse matrix
        ``cost[i, j]`` is what it costs client ``i`` to use site ``j`` (travel time, distance):
        non-negative, ``np.inf`` when ``i`` cannot reach ``j``. For a sparse matrix the stored
        entries are the reachable pairs (an explicit 0 is a reachable pair of cost 0).
    k : int
        How many new sites to open, from 0 to the number of candidates.
    objective : {"median", "coverage"}, default "median"
        ``"median"``: serve every client from an open site, minimising the weighted total cost.
        ``"coverage"``: maximise the weight of clients with an open site within ``radius``.
    weights : array_like of shape (n_clients,), optional
        Non-negative weight of each client (e.g. its pupils); all 1 by default. Under ``"median"``
        a client of weight 0 is still served.
    radius : float, optional
        Travel limit. Required for ``"coverage"`` (a client is covered within it); for ``"median"``
        pairs beyond it count as unreachable.
    fixed : sequence of int, default ()
        Sites already open (existing centres): they stay open and serve clients.
    candidates : sequence of int, optional
        Sites allowed to open; by default every site not in ``fixed``.
    capacity : array_like of shape (n_sites,), optional
        How much demand each site can take (``np.inf`` for no limit). Each client's demand then
        goes whole to one open site; under ``"coverage"`` only the covered demand counts.
    demand : array_like of shape (n_clients,), optional
        Each client's demand on a capacity; ``weights`` by default. Only with ``capacity``.
    time_limit : float, default 60.0
        Seconds for the whole search (heuristic, LPs, MILPs); after that the best siting found is
        returned with ``status="time_limit"`` and its proven gap.
    mip_rel_gap : float, default 0.0
        Stop once the proven relative gap is at most this (0: prove optimality).

    Returns
    -------
    Siting
        The chosen sites, each client's serving site, the objective with its proven bound and gap,
        and what each site is worth. Serving sites are the nearest open site (within ``radius``),
        ties going to the lowest site index, unless capacities decide.

    Raises
    ------
    InvalidInputError
        A parameter is malformed; the message lists every problem found.
    InfeasibleError
        No siting satisfies the constraints: for ``"median"``, some client reaches no fixed or
        candidate site, ``k=0`` leaves a client without a fixed site, total demand exceeds the
        capacity ``k`` new sites could add (all these before solving, with the numbers), or HiGHS
        proves that no choice serves everyone. Also raised when ``time_limit`` passes with no
        feasible siting in hand — only possible with ``capacity``, or under ``"median"`` when the
        greedy siting leaves a client unserved; the message then says the problem is not proven
        infeasible.

    See Also
    --------
    check_siting : list the limits a siting violates.

    Notes
    -----
    Clients :math:`i \in I` have weight :math:`w_i` and demand :math:`d_i`; sites :math:`j \in J =
    F \cup C` are fixed (:math:`F`) or candidates (:math:`C`); only reachable pairs :math:`(i, j)`
    (finite cost, within the radius when given) exist. :math:`y_j = 1` when site :math:`j` is open,
    with :math:`y_j = 1` for :math:`j \in F` and :math:`\sum_{j \in C} y_j = k` in every model.

    **Median, uncapacitated** — the radius formulation (Cornuéjols, Nemhauser & Wolsey 1980;
    Elloumi 2010). Let :math:`D_i^1 < \dots < D_i^{K_i}` be the distinct costs from client :math:`i`
    to its sites and :math:`z_i^l = 1` when no open site lies within :math:`D_i^l`:

    .. math::

        \min \sum_i w_i \Big(D_i^1 + \sum_{l < K_i} (D_i^{l+1} - D_i^l)\, z_i^l\Big)
        \quad\text{s.t.}\quad z_i^l \ge 1 - \sum_{j:\, c_{ij} \le D_i^l} y_j, \quad
        \sum_{j:\, c_{ij} \le D_i^{K_i}} y_j \ge 1, \quad z \ge 0, \; y \in \{0, 1\}.

    Only ``y`` is integer: given ``y``, the best ``z`` is already 0/1. The rows are written in the
    equivalent chained form :math:`z_i^l \ge z_i^{l-1} - \sum_{j:\, c_{ij} = D_i^l} y_j`, so each
    reachable pair is one nonzero (the plain form repeats it in every later level); levels stop at
    the nearest fixed site and at the first level holding :math:`|C| - k + 1` candidates, one of
    which must be open. The model has one row and one variable per level instead of the
    :math:`|I| \cdot |J|` of the assignment model, with the same LP bound.

    The model is not built whole. Rounding each cost down to the nearest of a few *kept* levels of
    its client gives costs no larger than the true ones, so the radius model on them is a
    relaxation with far fewer levels; it prices a siting exactly once each client keeps the costs
    of its open sites up to the nearest. So (after García, Labbé & Marín 2011):

    1. a greedy siting improved by swaps (one new site out, one candidate in) comes first;
    2. levels are added — for each client, the costs of the sites the LP solution opens, up to
       full cover — until the reduced LP relaxation equals the full one;
    3. the reduced MILP is solved; its siting is priced at true cost and polished by swaps, and
       unless the bound proves the best siting optimal, its levels are added and step 3 repeats.

    Every bound met on the way holds for the true problem; ``bound`` is the best of them. When time
    runs out, the best siting priced so far is returned, which is at worst the heuristic one.

    **Coverage, uncapacitated** — the maximal covering location problem (Church & ReVelle 1974)
    over sparse coverage sets :math:`N_i = \{j : c_{ij} \le r\}`:

    .. math::

        \max \sum_i w_i u_i \quad\text{s.t.}\quad u_i \le \sum_{j \in N_i} y_j, \quad
        0 \le u_i \le 1, \; y \in \{0, 1\};

    clients covered by a fixed site, or by more than :math:`|C| - k` candidates, are counted
    without a variable.

    **Capacitated** (either objective) — single-sourcing assignment :math:`x_{ij} \in \{0, 1\}`:

    .. math::

        \min \sum_{ij} w_i c_{ij} x_{ij} \;\text{(median)} \quad\text{or}\quad
        \max \sum_{ij} w_i x_{ij} \;\text{(coverage)}

        \sum_j x_{ij} = 1 \;\text{(median)} \;\text{ or }\; \le 1 \;\text{(coverage)}, \quad
        \sum_i d_i x_{ij} \le Q_j y_j, \quad x_{ij} \le y_j,

    where pairs with :math:`d_i > Q_j` are left out.

    Examples
    --------
    Six schools along a road (km), each a possible site; open two centres:

    >>> import numpy as np
    >>> from netmatch._siting import site_centres
    >>> km = np.array([0, 1, 2, 10, 11, 12])
    >>> cost = np.abs(km[:, None] - km[None, :]).astype(float)
    >>> s = site_centres(cost, 2)
    >>> s.sites, s.objective, s.status
    ((1, 4), 4.0, 'optimal')
    >>> s.assignment
    array([1, 1, 1, 4, 4, 4])

    Keep the existing centre at school 5 and open one more, covering as many schools as possible
    within 1 km:

    >>> s = site_centres(cost, 1, objective="coverage", radius=1, fixed=[5])
    >>> s.sites, s.objective, s.unserved
    ((1,), 5.0, (3,))
    """
    if _is_registry(cost):
        return _site_registry(cost, k, objective=objective, radius=radius, candidates=candidates,
                              capacity=capacity, time_limit=time_limit, mip_rel_gap=mip_rel_gap, **registry_options)
    if registry_options:
        raise InvalidInputError([f"site_centres got registry options {sorted(registry_options)} with a cost matrix; "
                                 "they apply only when the first argument is a Registry."])
    return _site_matrix(cost, k, objective=objective, weights=weights, radius=radius, fixed=fixed,
                        candidates=candidates, capacity=capacity, demand=demand, time_limit=time_limit,
                        mip_rel_gap=mip_rel_gap)


def _site_matrix(cost: Any, k: int, *, objective: ObjectiveKind, weights: Any, radius: float | None, fixed: Any,
                 candidates: Any, capacity: Any, demand: Any, time_limit: float, mip_rel_gap: float,
                 client_ids: Sequence[str] | None = None) -> Siting:
    """:func:`site_centres` on a cost matrix; ``client_ids`` name the clients in error messages."""
    inst = _validate(cost, k, objective, weights, radius, fixed, candidates, capacity, demand,
                     time_limit, mip_rel_gap)
    _precheck(inst, client_ids)
    deadline = time.monotonic() + inst.time_limit
    if inst.capacity is not None:
        sol = _solve_capacitated(inst, deadline)
    elif inst.objective == "median":
        sol = _solve_median(inst, deadline)
    else:
        sol = _solve_coverage(inst, deadline)
    open_mask = sol.open_mask
    if sol.assignment is None or sol.client_cost is None:
        near = _nearest(inst, open_mask)
        assignment, client_cost = near.assign, np.where(near.assign >= 0, near.dist, np.nan)
    else:
        assignment, client_cost = sol.assignment, sol.client_cost
    served = assignment >= 0
    if inst.objective == "median":
        value = float(inst.weights[served] @ client_cost[served])
    else:
        value = float(inst.weights[served].sum())
    sense = 1 if inst.objective == "median" else -1
    # a bound a hair past the siting is rounding inside HiGHS
    bound = min(sol.bound, value) if sense == 1 else max(sol.bound, value)
    gap = _gap(value, bound, sense)
    new = np.intersect1d(np.flatnonzero(open_mask), inst.candidates)
    return Siting(
        sites=tuple(int(j) for j in new),
        open=tuple(int(j) for j in np.flatnonzero(open_mask)),
        assignment=_readonly(assignment),
        client_cost=_readonly(client_cost),
        objective=value,
        bound=value if gap == 0.0 else bound,
        gap=gap,
        status="optimal" if gap == 0.0 else sol.status,  # a bound met at the time limit still proves it
        objective_kind=inst.objective,
        radius=inst.radius,
        marginal=_marginal(inst, open_mask),
    )


# --------------------------------------------------------------------------------------------------
# The checker
# --------------------------------------------------------------------------------------------------


def check_siting(
    cost: Any,
    siting: Siting,
    *,
    weights: Any = None,
    radius: float | None = None,
    capacity: Any = None,
    demand: Any = None,
) -> list[str]:
    """List every limit a siting violates and every way it is inconsistent; empty when fine.

    Parameters
    ----------
    cost : array_like or scipy.sparse matrix
        The cost matrix the siting was computed on (see :func:`site_centres`).
    siting : Siting
        The siting to check.
    weights : array_like, optional
        Client weights used for the siting (all 1 by default); the objective is recomputed with them.
    radius : float, optional
        Travel limit; ``siting.radius`` by default.
    capacity : array_like, optional
        Site capacities; when given, no open site may serve more demand than its capacity.
    demand : array_like, optional
        Client demands on the capacities; ``weights`` by default.

    Returns
    -------
    list of str
        One message per violation, naming the client or site and the numbers.

    Raises
    ------
    InvalidInputError
        ``cost``, ``weights``, ``capacity`` or ``demand`` is malformed.

    Examples
    --------
    >>> import numpy as np
    >>> from netmatch._siting import check_siting, site_centres
    >>> cost = np.array([[0, 3, 8], [3, 0, 5], [8, 5, 0], [9, 6, 1]], dtype=float)
    >>> s = site_centres(cost, 1, fixed=[0])
    >>> check_siting(cost, s)
    []
    >>> check_siting(cost, s, capacity=[2, 9, 1], radius=2)
    ['client 1 travels 3 to site 0, beyond the radius 2', 'site 2 serves demand 2 but its capacity is 1']
    """
    problems: list[str] = []
    func = "check_siting"
    matrix = _cost_matrix(cost, problems, func)
    if matrix is None:
        raise InvalidInputError(problems)
    n, m = matrix.shape
    rows, cols, vals = _pairs(matrix)
    w = np.ones(n) if weights is None else _vector("weights", weights, n, "client", problems, func=func)
    cap = None if capacity is None else _vector("capacity", capacity, m, "site", problems, allow_inf=True,
                                                 func=func)
    dem = None if demand is None else _vector("demand", demand, n, "client", problems, func=func)
    if radius is not None and (not _is_number(radius) or not float(radius) >= 0):
        problems.append(_message("radius", "a non-negative number or None", _short(radius), func))
    if problems:
        raise InvalidInputError(problems)
    assert w is not None
    rad = siting.radius if radius is None else float(radius)
    out: list[str] = []

    a = np.asarray(siting.assignment)
    if a.shape != (n,):
        return [f"assignment has shape {a.shape} but cost has {n} clients (rows)"]
    sites, opened = np.asarray(siting.sites, dtype=np.int64), np.asarray(siting.open, dtype=np.int64)
    for name, arr in (("sites", sites), ("open", opened)):
        if ((arr < 0) | (arr >= m)).any():
            return [f".{name} {tuple(arr.tolist())} has a site outside [0, {m - 1}] (cost has {m} sites)"]
        if (np.diff(arr) <= 0).any():
            out.append(f".{name} {tuple(arr.tolist())} is not sorted without repeats")
    if not np.isin(sites, opened).all():
        out.append(f".sites {siting.sites} are not all in .open {siting.open}")
    is_open = np.zeros(m, dtype=bool)
    is_open[opened] = True
    bad_site = (a < -1) | (a >= m)
    for i in np.flatnonzero(bad_site):
        out.append(f"client {i} is assigned to site {a[i]}, outside [0, {m - 1}]")
    served = np.flatnonzero((a >= 0) & ~bad_site)

    # the cost of each client's assigned pair (inf when unreachable), via sorted pair keys
    keys = rows * m + cols
    look = served * m + a[served]
    at = np.minimum(np.searchsorted(keys, look), max(len(keys) - 1, 0))
    found = (keys[at] == look) if len(keys) else np.zeros(len(served), dtype=bool)
    trip = np.where(found, vals[at] if len(vals) else 0.0, np.inf)
    for i in served[~is_open[a[served]]]:
        out.append(f"client {i} is assigned to site {a[i]}, which is not open")
    reach = np.isfinite(trip)
    beyond = reach & (trip > rad) if rad is not None else np.zeros(len(served), dtype=bool)
    recorded = np.asarray(siting.client_cost)[served]
    differs = reach & ~beyond & ~np.isclose(recorded, trip, rtol=_REL_TOL, atol=0.0)
    for p in np.flatnonzero(~reach | beyond | differs):
        i, j, t = served[p], a[served[p]], trip[p]
        if not reach[p]:
            out.append(f"client {i} is assigned to site {j}, which it cannot reach (cost is inf)")
        elif beyond[p]:
            out.append(f"client {i} travels {t:g} to site {j}, beyond the radius {rad:g}")
        else:
            out.append(f"client {i} is recorded at cost {recorded[p]:g} but cost[{i}, {j}] is {t:g}")
    unserved = np.flatnonzero(a == -1)
    if siting.objective_kind == "median":
        for i in unserved:
            out.append(f"client {i} is not served (objective 'median' serves every client)")
    if cap is None:
        # uncapacitated: each client must use its nearest open site (within the radius)
        ok = is_open[cols] & ((vals <= rad) if rad is not None else True)
        best = np.full(n, np.inf)
        np.minimum.at(best, rows[ok], vals[ok])
        if siting.objective_kind == "median":
            for p in np.flatnonzero(reach & (trip > best[served] * (1 + _REL_TOL))):
                i = served[p]
                out.append(f"client {i} is served by site {a[i]} at cost {trip[p]:g} but an open site "
                           f"costs {best[i]:g}")
        else:
            for i in unserved[np.isfinite(best[unserved])]:
                out.append(f"client {i} is not covered although an open site is within the radius "
                           f"(cost {best[i]:g})")
    else:
        d = w if dem is None else dem
        load = np.bincount(a[served], weights=d[served], minlength=m)
        for j in np.flatnonzero(load > cap * (1 + _REL_TOL)):
            out.append(f"site {j} serves demand {load[j]:g} but its capacity is {cap[j]:g}")
    if siting.objective_kind == "median":
        value = float(w[served] @ np.where(np.isfinite(trip), trip, 0.0))
    else:
        value = float(w[served].sum())
    if not math.isclose(value, siting.objective, rel_tol=1e-7, abs_tol=1e-9):
        out.append(f"objective {siting.objective:g} differs from {value:g} recomputed from the assignment")
    sense = 1 if siting.objective_kind == "median" else -1
    if (siting.objective - siting.bound) * sense < -1e-7 * max(1.0, abs(siting.objective)):
        side = "above" if sense == 1 else "below"
        out.append(f"bound {siting.bound:g} is {side} the objective {siting.objective:g}")
    if not siting.gap >= 0:
        out.append(f"gap {siting.gap!r} is not a non-negative number")
    if siting.status not in ("optimal", "time_limit"):
        out.append(f"status {siting.status!r} is not 'optimal' or 'time_limit'")
    return out


# --------------------------------------------------------------------------------------------------
# From a registry
# --------------------------------------------------------------------------------------------------


def _is_registry(value: object) -> bool:
    from netmatch._data.models import Registry

    return isinstance(value, Registry)


#: Resource kinds that count as an existing centre.
CENTRE_KINDS = ("growth_point", "growth_point_science", "growth_point_digital", "it_cube", "quantorium")


@dataclass(frozen=True)
class RegistrySitingInputs:
    """A registry turned into a siting problem: costs in minutes, weights, sites and their ids.

    ``cost`` is a sparse ``scipy.sparse.csr_array`` of shape (clients, sites) holding the
    minutes of every pair within ``radius`` (a school hosting a site reaches it in an explicit
    0); pairs it does not store are out of reach. A region's clients and sites are each in the
    thousands, so a dense matrix would not fit; :meth:`dense` gives one for small problems.
    """

    cost: Any
    weights: FloatArray
    fixed: IntArray
    candidates: IntArray
    client_ids: tuple[str, ...]
    site_ids: tuple[str, ...]
    radius: float

    def dense(self) -> FloatArray:
        """The cost as a dense array, ``inf`` for pairs out of reach (for small problems).

        >>> from netmatch.datasets import load_demo
        >>> inputs = registry_siting_inputs(load_demo())
        >>> m = inputs.dense()
        >>> m.shape == inputs.cost.shape and bool((m[np.isfinite(m)] <= inputs.radius).all())
        True
        """
        coo = self.cost.tocoo()
        out = np.full(coo.shape, np.inf)
        out[coo.row, coo.col] = coo.data
        return out


def _reachable_minutes(lat: FloatArray, lon: FloatArray, client_rows: IntArray, site_rows: IntArray, *,
                       max_minutes: float, speed_kmh: float, road_factor: float,
                       table: tuple[IntArray, FloatArray, FloatArray]) -> Any:
    """Minutes of every (client, site) pair within ``max_minutes``, as a sparse matrix.

    The estimate is great-circle km x ``road_factor`` at ``speed_kmh``, so a k-d tree finds the
    pairs within ``max_minutes / 60 * speed_kmh / road_factor`` km of great circle; pairs of
    the distance table are added, their minutes taking precedence; a school reaches a site it
    hosts in 0 minutes. Linear in the pairs found, never clients x sites.
    """
    from scipy.sparse import csr_array
    from scipy.spatial import cKDTree

    from netmatch.graph import _chord, _unit_vectors, great_circle_km

    n = len(lat)
    keys: list[IntArray] = []
    located_c = client_rows[~np.isnan(lat[client_rows])]
    if len(located_c) and len(site_rows):
        reach_km = max_minutes / 60.0 * speed_kmh / road_factor
        c_tree = cKDTree(_unit_vectors(lat[located_c], lon[located_c]))
        s_tree = cKDTree(_unit_vectors(lat[site_rows], lon[site_rows]))
        # a hair wider than the limit: the exact minutes below decide
        sdm = c_tree.sparse_distance_matrix(s_tree, _chord(reach_km * (1 + 1e-9)), output_type="ndarray")
        keys.append(located_c[sdm["i"]] * n + site_rows[sdm["j"]])
    tkey, _tkm, tmin = table
    if len(tkey):  # table pairs between a client and a site, wherever they are
        is_client = np.zeros(n, bool)
        is_client[client_rows] = True
        is_site = np.zeros(n, bool)
        is_site[site_rows] = True
        keys.append(tkey[is_client[tkey // n] & is_site[tkey % n]])
    keys.append(np.intersect1d(client_rows, site_rows) * (n + 1))  # hosts among the clients
    key = np.unique(np.concatenate(keys)) if keys else np.zeros(0, np.int64)
    a, b = key // n, key % n
    minutes = great_circle_km(lat[a], lon[a], lat[b], lon[b]) * road_factor / speed_kmh * 60.0
    if len(tkey):
        pos = np.minimum(np.searchsorted(tkey, key), len(tkey) - 1)
        listed = (tkey[pos] == key) & ~np.isnan(tmin[pos])
        minutes[listed] = tmin[pos][listed]
    minutes[a == b] = 0.0
    keep = minutes <= max_minutes
    client_col = np.full(n, -1, np.int64)
    client_col[client_rows] = np.arange(len(client_rows))
    site_col = np.full(n, -1, np.int64)
    site_col[site_rows] = np.arange(len(site_rows))
    # explicit zeros stay: a stored 0 is a reachable pair
    return csr_array((minutes[keep], (client_col[a[keep]], site_col[b[keep]])),
                     shape=(len(client_rows), len(site_rows)))


def registry_siting_inputs(
    registry: Any,
    *,
    max_minutes: float = 30.0,
    clients: Literal["needy", "all"] = "needy",
    kinds: tuple[str, ...] = CENTRE_KINDS,
    candidates: Any = None,
    identification: Any = None,
    speed_kmh: float = 50.0,
    road_factor: float = 1.3,
    distances: Any = None,
) -> RegistrySitingInputs:
    """The siting problem of a registry: who needs a centre, where one could open, how far it is.

    Parameters
    ----------
    registry : Registry
    max_minutes : float
        One-way travel limit for pupils (about 30 minutes in published norms); the coverage
        radius, and the farthest pair a median siting may use.
    clients : {"needy", "all"}
        ШНОР/ШНСУ schools (default) or every school; each weighs its pupils (a school with no
        pupil count weighs the median count of the others).
    kinds : tuple of str
        Resource kinds that make a school an existing centre (kept open).
    candidates : sequence of str, optional
        School ids that may host a new centre; by default those flagged ``centre_candidate``,
        or, when none is, every school without a centre.
    identification : Identification, optional
        Statuses; computed with default rules when omitted.
    speed_kmh, road_factor, distances
        Travel time as in :class:`netmatch.Constraints`: great-circle distance times the road
        factor at the speed, or a table of (from, to, km, minutes) that takes precedence.
    """
    from netmatch._identify import identify
    from netmatch.graph import _distance_table

    reg = registry
    ids = reg.ids
    index = reg.index
    n = len(ids)
    problems = []
    if not (isinstance(max_minutes, (int, float)) and max_minutes > 0):
        problems.append(_message("max_minutes", "a positive number", _short(max_minutes)))
    if clients not in ("needy", "all"):
        problems.append(_message("clients", "'needy' or 'all'", _short(clients)))
    if problems:
        raise InvalidInputError(problems)
    ident = identification if identification is not None else identify(reg)
    lat = np.array([np.nan if s.latitude is None else s.latitude for s in reg.schools])
    lon = np.array([np.nan if s.longitude is None else s.longitude for s in reg.schools])
    located = ~np.isnan(lat)
    hosts = sorted({index[r.host] for r in reg.resources if r.kind.value in kinds})
    host_set = set(hosts)
    if candidates is None:
        cand = [i for i, s in enumerate(reg.schools) if s.centre_candidate]
        if not cand:
            cand = [i for i in range(n) if i not in host_set]
    else:
        unknown = [c for c in candidates if c not in index]
        if unknown:
            raise InvalidInputError([f"site_centres: candidate schools {unknown} are not in the registry."])
        cand = [index[c] for c in candidates]
    cand = [i for i in dict.fromkeys(cand) if i not in host_set]
    no_xy = [ids[i] for i in (*hosts, *cand) if not located[i]]
    if no_xy:
        raise InvalidInputError([f"site_centres: sites without coordinates: {no_xy}; add latitude and longitude."])
    site_rows = np.array([*hosts, *cand], dtype=np.int64)
    client_mask = ident.needs_partner if clients == "needy" else np.ones(n, bool)
    client_rows = np.flatnonzero(client_mask & located)
    students = np.array([np.nan if s.students is None else float(s.students) for s in reg.schools])
    known = students[~np.isnan(students)]
    fill = float(np.median(known)) if len(known) else 1.0
    weights = np.where(np.isnan(students[client_rows]), fill, students[client_rows])
    cost = _reachable_minutes(lat, lon, client_rows, site_rows, max_minutes=float(max_minutes),
                              speed_kmh=speed_kmh, road_factor=road_factor,
                              table=_distance_table(distances, index, n))
    return RegistrySitingInputs(
        cost=cost, weights=weights.astype(float), fixed=np.arange(len(hosts), dtype=np.int64),
        candidates=np.arange(len(hosts), len(site_rows), dtype=np.int64),
        client_ids=tuple(ids[i] for i in client_rows), site_ids=tuple(ids[i] for i in site_rows),
        radius=float(max_minutes))


def _site_registry(registry: Any, k: int, *, objective: ObjectiveKind, radius: float | None, candidates: Any,
                   capacity: Any, time_limit: float, mip_rel_gap: float, **options: Any) -> Siting:
    if radius is not None and "max_minutes" not in options:
        options["max_minutes"] = radius
    inputs = registry_siting_inputs(registry, candidates=candidates, **options)
    if capacity is not None and not isinstance(capacity, Mapping):
        raise InvalidInputError(["With a registry, capacity is a mapping {school id: pupils}."])
    cap = None
    if capacity is not None:
        cap = np.array([float(capacity.get(s, np.inf)) for s in inputs.site_ids])
    siting = _site_matrix(inputs.cost, k, objective=objective, weights=inputs.weights, radius=inputs.radius,
                          fixed=inputs.fixed, candidates=inputs.candidates, capacity=cap, demand=None,
                          time_limit=time_limit, mip_rel_gap=mip_rel_gap, client_ids=inputs.client_ids)
    return replace(siting, client_ids=inputs.client_ids, site_ids=inputs.site_ids)
