"""Preference lists for the stable pairing: explicit where given, else by pair score.

Both sides rank only feasible pairs (candidate edges). A school or leader left out of the
explicit lists ranks its candidates by score, best first, ties broken by the other school's
id, so the order never depends on the order of the input.

>>> import netmatch as nm
>>> cand = nm.candidates_of(nm.build_graph(nm.datasets.load_demo()))
>>> schools, leaders, notes = preferences(cand, None, "stable_pairing")
>>> len(schools) == int(cand.needs_partner.sum()), notes
(True, [])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from netmatch._base.params import Checks
from netmatch._pairing.build import compact
from netmatch.exceptions import InvalidInputError

if TYPE_CHECKING:
    from netmatch.graph import Candidates

__all__ = ["Preferences", "preferences"]

#: ``{"schools": {school: [leaders, best first]}, "leaders": {leader: [schools, best first]}}``.
Preferences = Mapping[str, Mapping[str, Sequence[str]]]


def _by_score(cand: Candidates, left: np.ndarray, right: np.ndarray, n_left: int, n_right: int
              ) -> tuple[list[list[int]], list[list[int]]]:
    """Each side's candidates by score, best first; ties by the other school's id."""
    ids = cand.ids
    school_lists: list[list[int]] = [[] for _ in range(n_left)]
    leader_lists: list[list[int]] = [[] for _ in range(n_right)]
    if not len(cand):
        return school_lists, leader_lists
    by_score = np.lexsort((np.array([ids[r] for r in cand.leader.tolist()], dtype=object), -cand.score, left))
    for e in by_score.tolist():
        school_lists[left[e]].append(int(right[e]))
    by_score_l = np.lexsort((np.array([ids[r] for r in cand.partner.tolist()], dtype=object), -cand.score, right))
    for e in by_score_l.tolist():
        leader_lists[right[e]].append(int(left[e]))
    return school_lists, leader_lists


def _explicit(side: str, given: Mapping[str, Sequence[str]], own: Mapping[str, int], other: Mapping[str, int],
              lists: list[list[int]], feasible: set[tuple[int, int]], problems: list[str], notes: list[str]) -> None:
    """Replace the lists of one side by the explicit ones (feasible pairs only, first mention kept)."""
    me, them = ("ШНОР/ШНСУ", "leader") if side == "schools" else ("leader", "ШНОР/ШНСУ")
    for who, order in given.items():
        if who not in own:
            problems.append(f"preferences[{side!r}] names {who!r}, which is not a {me} school of the graph")
            continue
        ranked = []
        for x in order:
            if x not in other:
                problems.append(f"preferences[{side!r}][{who!r}] names {x!r}, which is not a {them} school of "
                                "the graph")
                continue
            pair = (own[who], other[x]) if side == "schools" else (other[x], own[who])
            if pair in feasible:
                ranked.append(other[x])
            else:
                notes.append(f"{who} ranks {x}, but the pair is not feasible under the constraints: skipped")
        lists[own[who]] = list(dict.fromkeys(ranked))


def preferences(cand: Candidates, given: Preferences | None, owner: str
                ) -> tuple[list[list[int]], list[list[int]], list[str]]:
    """Strict preference lists over feasible edges, in the solvers' node numbers (see ``compact``).

    Returns the schools' lists (of leader numbers), the leaders' lists (of school numbers)
    and notes on skipped infeasible entries. Names that are not schools of the right kind
    raise :class:`~netmatch.InvalidInputError`.

    >>> import netmatch as nm
    >>> cand = nm.candidates_of(nm.build_graph(nm.datasets.load_demo()))
    >>> preferences(cand, {"schools": {"S01": ["nobody"]}}, "stable_pairing")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: ... which is not a ... school of the graph
    """
    prefs = dict(given or {})
    unknown = set(prefs) - {"schools", "leaders"}
    if unknown:
        checks = Checks(owner)
        checks.fail("preferences", "a dict with only the keys 'schools' and 'leaders'", sorted(unknown))
        checks.done()
    ids = cand.ids
    left, right, partners, leaders = compact(cand)
    school_lists, leader_lists = _by_score(cand, left, right, len(partners), len(leaders))
    feasible = set(zip(left.tolist(), right.tolist(), strict=True))
    lid = {ids[r]: k for k, r in enumerate(leaders.tolist())}
    pid = {ids[r]: k for k, r in enumerate(partners.tolist())}
    notes: list[str] = []
    problems: list[str] = []
    _explicit("schools", prefs.get("schools") or {}, pid, lid, school_lists, feasible, problems, notes)
    _explicit("leaders", prefs.get("leaders") or {}, lid, pid, leader_lists, feasible, problems, notes)
    if problems:
        raise InvalidInputError(problems)
    return school_lists, leader_lists, notes
