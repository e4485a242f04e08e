"""The checks of a siting's arrays — cost matrix, client and site vectors, site indices — shared by
:func:`site_centres` and :func:`check_siting`, each problem worded by :mod:`netmatch._base.params`.

>>> from netmatch._base.params import Checks
>>> checks = Checks("site_centres")
>>> vector("weights", [1, -2], 2, "client", checks) is None
True
>>> print(checks.problems[0])  # doctest: +NORMALIZE_WHITESPACE
The 'weights' parameter of site_centres must be a 1-D array of 2 non-negative finite numbers,
one per client. Got -2.0 at index 1 instead.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from netmatch._base.params import Rule

if TYPE_CHECKING:
    import numpy.typing as npt

    from netmatch._base.params import Checks

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]

__all__ = ["KINDS", "REAL", "REGISTRY", "SEQUENCE", "Got", "cost_matrix", "indices", "is_number", "shown", "vector"]

_COST = (
    "a 2-D array (clients × sites) of non-negative numbers, np.inf where a client cannot reach "
    "a site, or a scipy.sparse matrix whose stored entries are the reachable pairs"
)


class Got:
    """A value as a message shows it: given words, not a repr (``Got an array of shape (2,) instead.``)."""

    def __init__(self, words: str) -> None:
        self.words = words

    def __repr__(self) -> str:
        return self.words


def shown(value: object) -> Got:
    """``value``'s repr, cut to 60 characters."""
    text = repr(value)
    return Got(text if len(text) <= 60 else text[:57] + "...")


def is_number(x: object) -> bool:
    """A real number (numpy's too), not a bool."""
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool | np.bool_)


def _is_registry(value: object) -> bool:
    from netmatch._data import Registry

    return isinstance(value, Registry)


# The forms a parameter may take, declared with ``validate_params``; the checks below then say
# exactly what is wrong with a value of the right form (a negative cost, an index out of range).
#: A real number (the checks bound it).
REAL = Rule("a number", is_number)
#: A registry of schools.
REGISTRY = Rule("a Registry", _is_registry)
#: Site indices or school ids.
SEQUENCE = Rule("a sequence", lambda v: isinstance(v, Sequence | np.ndarray) and not isinstance(v, str | bytes))
#: Resource kinds, as their codes.
KINDS = Rule("a tuple of resource kind codes (str)",
             lambda v: isinstance(v, Sequence | Set) and not isinstance(v, str) and all(isinstance(x, str) for x in v))


def _first_bad(matrix: npt.NDArray[np.float64] | sparse.csr_array, bad: npt.NDArray[np.bool_]) -> tuple[int, int]:
    if isinstance(matrix, np.ndarray):
        where = np.argwhere(bad)
        return int(where[0, 0]), int(where[0, 1])
    at = int(np.flatnonzero(bad)[0])
    return int(np.searchsorted(matrix.indptr, at, side="right") - 1), int(matrix.indices[at])


def cost_matrix(cost: object, checks: Checks) -> npt.NDArray[np.float64] | sparse.csr_array | None:
    """``cost`` as a float array or CSR matrix once checked; None after recording a problem."""
    matrix: npt.NDArray[np.float64] | sparse.csr_array
    try:
        if sparse.issparse(cost):
            matrix = sparse.csr_array(cost, dtype=np.float64)  # sums duplicates, keeps explicit zeros
            values = matrix.data
        else:
            matrix = np.asarray(cost, dtype=np.float64)
            values = matrix
    except (TypeError, ValueError):
        checks.fail("cost", _COST, shown(cost))
        return None
    if matrix.ndim != 2 or 0 in matrix.shape:
        checks.fail("cost", _COST + " with at least one client and one site", Got(f"an array of shape {matrix.shape}"))
        return None
    bad = np.isnan(values) | (values < 0)
    if bad.any():
        first = _first_bad(matrix, bad)
        more = int(bad.sum()) - 1
        checks.fail("cost", _COST, Got(f"{float(matrix[first])!r} at {first}"
                                       + (f" and {more} more bad entries" if more else "")))
        return None
    return matrix


def vector(name: str, value: object, size: int, what: str, checks: Checks, *,
           allow_inf: bool = False) -> FloatArray | None:
    """A 1-D float vector of non-negative numbers, or None after recording a problem."""
    kind = "non-negative numbers (np.inf allowed)" if allow_inf else "non-negative finite numbers"
    expected = f"a 1-D array of {size} {kind}, one per {what}"
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        checks.fail(name, expected, shown(value))
        return None
    if a.shape != (size,):
        checks.fail(name, expected, Got(f"an array of shape {a.shape}"))
        return None
    bad = np.flatnonzero(np.isnan(a) | (a < 0) | (~np.isfinite(a) if not allow_inf else False))
    if len(bad):
        checks.fail(name, expected, Got(f"{float(a[bad[0]])!r} at index {bad[0]}"))
        return None
    return a


def indices(name: str, value: object, m: int, checks: Checks) -> IntArray | None:
    """Distinct site indices in [0, m), sorted, or None after recording a problem."""
    expected = f"a sequence of distinct site indices in the range [0, {m - 1}]"
    try:
        a = np.asarray(value)
    except (TypeError, ValueError):  # pragma: no cover - asarray accepts nearly anything
        checks.fail(name, expected, shown(value))
        return None
    if a.size == 0:
        return np.zeros(0, dtype=np.int64)
    if a.ndim != 1 or not np.issubdtype(a.dtype, np.integer):
        checks.fail(name, expected, shown(value))
        return None
    out = a.astype(np.int64)
    bad = np.flatnonzero((out < 0) | (out >= m))
    if len(bad):
        checks.fail(name, expected, Got(f"{int(out[bad[0]])} at position {bad[0]}"))
        return None
    uniq, counts = np.unique(out, return_counts=True)
    if (counts > 1).any():
        checks.fail(name, expected, Got(f"{int(uniq[counts > 1][0])} more than once"))
        return None
    return np.sort(out)
