"""Stable pairing from preference lists: deferred acceptance and its checker.

The hospitals/residents (college admissions) problem with responsive preferences: school
:math:`s` ranks the leaders it accepts, leader :math:`j` ranks the schools it accepts and takes
at most :math:`c_j` of them, every school takes one leader. A matching is *stable* when no
mutually acceptable pair :math:`(s, j)` blocks it — :math:`s` unmatched or preferring :math:`j`
to its leader, and :math:`j` with a free place or preferring :math:`s` to its worst school.
:func:`deferred_acceptance` (Gale and Shapley, 1962) finds the school- or leader-optimal stable
matching; :func:`blocking_pairs` lists what blocks any matching.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from netmatch._base.params import invalid
from netmatch._solvers.arrays import bad, int_vector

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from netmatch._solvers.arrays import IntArray

__all__ = ["blocking_pairs", "deferred_acceptance"]


def _prefs(func: str, name: str, prefs: Sequence[Sequence[int]], n_other: int, other: str) -> list[list[int]]:
    """Preference lists as lists of int, each a strict order of valid indices."""
    out: list[list[int]] = []
    for k, lst in enumerate(prefs):
        row = [int(v) for v in lst]
        outside = [v for v in row if not 0 <= v < n_other]
        if outside:
            raise bad(func, name, f"lists of {other} indices from 0 to {n_other - 1}",
                      f"{outside[0]} in list {k}")
        if len(set(row)) != len(row):
            raise bad(func, name, "lists without repeats (strict preferences)", f"a repeat in list {k}")
        out.append(row)
    return out


def _stable_input(func: str, school_prefs: Sequence[Sequence[int]], leader_prefs: Sequence[Sequence[int]],
                  capacity: ArrayLike) -> tuple[list[list[int]], list[list[int]], list[int]]:
    """The validated preference lists of both sides and the leaders' capacities."""
    cap = int_vector(func, "capacity", capacity)
    n_leaders = cap.shape[0]
    if len(leader_prefs) != n_leaders:
        raise bad(func, "leader_prefs", f"one list per leader ({n_leaders}, the length of 'capacity')",
                   f"{len(leader_prefs)} lists")
    s = _prefs(func, "school_prefs", school_prefs, n_leaders, "leader")
    ell = _prefs(func, "leader_prefs", leader_prefs, len(s), "school")
    return s, ell, cap.tolist()


def deferred_acceptance(
    school_prefs: Sequence[Sequence[int]],
    leader_prefs: Sequence[Sequence[int]],
    capacity: ArrayLike,
    *,
    proposing: Literal["school", "leader"] = "school",
) -> IntArray:
    """Stable pairing of schools with leaders by deferred acceptance (Gale and Shapley, 1962).

    Parameters
    ----------
    school_prefs : sequence of sequences of int
        ``school_prefs[s]``: the leaders school ``s`` accepts, best first.
    leader_prefs : sequence of sequences of int
        ``leader_prefs[j]``: the schools leader ``j`` accepts, best first. A pair is acceptable only
        when each appears in the other's list.
    capacity : array of int, shape (n_leaders,)
        How many schools each leader can take; every school takes one leader.
    proposing : {"school", "leader"}
        ``"school"`` gives the school-optimal stable matching (every school gets its best partner
        over all stable matchings), ``"leader"`` the leader-optimal one.

    Returns
    -------
    ndarray of int, shape (n_schools,)
        The leader of each school, ``-1`` when unmatched.

    Notes
    -----
    The hospitals/residents (college admissions) problem with responsive preferences. Preferences
    must be strict; the pairing layer breaks ties deterministically before calling. Each leader
    keeps its accepted schools in a heap keyed by its rank of them and each player's ranks are a
    dictionary, so the run is O(L log c) for total list length L and largest capacity c. The stable
    matching for a given side is unique, so it does not depend on the order of proposals.

    Examples
    --------
    School 1 accepts only leader 0, who prefers the two other schools:

    >>> deferred_acceptance([[0, 1], [0], [0, 1]], [[2, 0, 1], [0, 2]], [1, 1]).tolist()
    [1, -1, 0]
    >>> deferred_acceptance([[0, 1], [0], [0, 1]], [[2, 0, 1], [0, 2]], [1, 1], proposing="leader").tolist()
    [1, -1, 0]
    """
    func = "deferred_acceptance"
    s_prefs, l_prefs, cap = _stable_input(func, school_prefs, leader_prefs, capacity)
    if proposing not in ("school", "leader"):
        raise invalid("proposing", func, "'school' or 'leader'", proposing)
    if proposing == "school":
        match = _schools_propose(s_prefs, l_prefs, cap)
    else:
        match = _leaders_propose(s_prefs, l_prefs, cap)
    return np.array(match, dtype=np.int64)


def _schools_propose(s_prefs: list[list[int]], l_prefs: list[list[int]], cap: list[int]) -> list[int]:
    """School-proposing deferred acceptance; each leader holds its best schools in a heap on rank."""
    n_s = len(s_prefs)
    match = [-1] * n_s
    l_rank = [{s: r for r, s in enumerate(lst)} for lst in l_prefs]
    held: list[list[tuple[int, int]]] = [[] for _ in l_prefs]  # max-heap on rank: (-rank, school)
    nxt = [0] * n_s
    free = list(range(n_s - 1, -1, -1))
    while free:
        s = free.pop()
        prefs = s_prefs[s]
        while nxt[s] < len(prefs):
            j = prefs[nxt[s]]
            nxt[s] += 1
            r = l_rank[j].get(s)
            if r is None or cap[j] == 0:
                continue
            heap = held[j]
            if len(heap) < cap[j]:
                heapq.heappush(heap, (-r, s))
                match[s] = j
                break
            if r < -heap[0][0]:
                _, worst = heapq.heapreplace(heap, (-r, s))
                match[worst] = -1
                free.append(worst)
                match[s] = j
                break
    return match


def _leaders_propose(s_prefs: list[list[int]], l_prefs: list[list[int]], cap: list[int]) -> list[int]:
    """Leader-proposing deferred acceptance; a leader that loses a school proposes on."""
    match = [-1] * len(s_prefs)
    s_rank = [{j: r for r, j in enumerate(lst)} for lst in s_prefs]
    count = [0] * len(l_prefs)
    nxt = [0] * len(l_prefs)
    queue = [j for j in range(len(l_prefs) - 1, -1, -1) if cap[j] > 0]
    queued = [cap[j] > 0 for j in range(len(l_prefs))]
    while queue:
        j = queue.pop()
        queued[j] = False
        prefs = l_prefs[j]
        while count[j] < cap[j] and nxt[j] < len(prefs):
            s = prefs[nxt[j]]
            nxt[j] += 1
            r = s_rank[s].get(j)
            if r is None:
                continue
            cur = match[s]
            if cur == -1:
                match[s] = j
                count[j] += 1
            elif r < s_rank[s][cur]:
                match[s] = j
                count[j] += 1
                count[cur] -= 1
                if not queued[cur]:
                    queued[cur] = True
                    queue.append(cur)
    return match


def blocking_pairs(
    school_prefs: Sequence[Sequence[int]],
    leader_prefs: Sequence[Sequence[int]],
    capacity: ArrayLike,
    match: ArrayLike,
) -> list[tuple[int, int]]:
    """Every (school, leader) pair that would rather be together than keep its matching.

    Parameters
    ----------
    school_prefs, leader_prefs, capacity
        As in :func:`deferred_acceptance`.
    match : array of int, shape (n_schools,)
        The leader of each school, ``-1`` when unmatched.

    Returns
    -------
    list of (int, int)
        Pairs ``(s, j)``, mutually acceptable, where school ``s`` is unmatched or prefers ``j`` to
        its leader, and leader ``j`` has a free place or prefers ``s`` to its worst school. Ordered
        by school, then by the school's preference. Empty means ``match`` is stable.

    Raises
    ------
    InvalidInputError
        ``match`` pairs a school with a leader that is not mutually acceptable, or fills a leader
        beyond its capacity.

    Examples
    --------
    >>> blocking_pairs([[0, 1], [0], [0, 1]], [[2, 0, 1], [0, 2]], [1, 1], [0, -1, 1])
    [(2, 0)]
    """
    func = "blocking_pairs"
    s_prefs, l_prefs, cap = _stable_input(func, school_prefs, leader_prefs, capacity)
    n_s = len(s_prefs)
    mt = int_vector(func, "match", match, size=None, low=-1, high=len(l_prefs),
                     what=f"leader indices below {len(l_prefs)} or -1").tolist()
    if len(mt) != n_s:
        raise bad(func, "match", f"an array of length {n_s} (one entry per school)", f"length {len(mt)}")
    l_rank = [{s: r for r, s in enumerate(lst)} for lst in l_prefs]
    s_rank = [{j: r for r, j in enumerate(lst)} for lst in s_prefs]
    count = [0] * len(l_prefs)
    worst = [-1] * len(l_prefs)
    for s, j in enumerate(mt):
        if j < 0:
            continue
        if j not in s_rank[s] or s not in l_rank[j]:
            raise bad(func, "match", "a matching of mutually acceptable pairs",
                       f"school {s} matched to leader {j}")
        count[j] += 1
        worst[j] = max(worst[j], l_rank[j][s])
    for j, k in enumerate(count):
        if k > cap[j]:
            raise bad(func, "match", "within the leaders' capacities", f"{k} schools at leader {j} "
                       f"(capacity {cap[j]})")
    out: list[tuple[int, int]] = []
    for s, prefs in enumerate(s_prefs):
        stop = s_rank[s][mt[s]] if mt[s] >= 0 else len(prefs)
        for j in prefs[:stop]:
            r = l_rank[j].get(s)
            if r is not None and cap[j] > 0 and (count[j] < cap[j] or r < worst[j]):
                out.append((s, j))
    return out

