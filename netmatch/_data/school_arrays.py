"""A registry's school attributes as arrays, one entry per school in the registry's order.

The candidate search and the scores compare schools in bulk: coordinates, phases and holdings
as bit masks, languages as codes of their distinct sets. Missing values are NaN (numbers) or 0
(bit masks: nothing known).

>>> from netmatch.datasets import load_demo
>>> arr = school_arrays(load_demo())
>>> len(arr.lat), arr.phases.dtype.name, arr.holdings.dtype.name
(18, 'int64', 'uint64')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from netmatch._base.parse import norm
from netmatch._data.models import GROWTH_POINT_KINDS, Phase, ResourceKind, School, SettlementType, Specialist
from netmatch._data.registry import Registry

__all__ = ["ALL_HOLDINGS", "RESOURCE_BITS", "SPECIALIST_BITS", "SchoolArrays", "column", "school_arrays",
           "share_a_language", "teaches_every_phase"]

#: Bit of each resource kind in a holdings mask.
RESOURCE_BITS = {k: i for i, k in enumerate(ResourceKind)}
#: Bit of each specialist in a holdings mask, after the resource kinds.
SPECIALIST_BITS = {s: len(RESOURCE_BITS) + i for i, s in enumerate(Specialist)}
#: The mask of every resource kind and specialist.
ALL_HOLDINGS = (1 << (len(RESOURCE_BITS) + len(SPECIALIST_BITS))) - 1


def column(schools: Sequence[School], attr: str) -> np.ndarray:
    """A school attribute as floats, NaN where the registry is silent."""
    return np.array([np.nan if getattr(s, attr) is None else getattr(s, attr) for s in schools], dtype=float)


def _holdings(registry: Registry) -> np.ndarray:
    """Per school, a bit mask of the resource kinds it hosts and the specialists it has."""
    schools = registry.schools
    has = np.array([sum(1 << SPECIALIST_BITS[sp] for sp in set(s.specialists)) for s in schools], dtype=np.uint64)
    index = registry.index
    own = [r for r in registry.resources if r.host in index]  # an organisation's resources are no school's
    hosts = np.array([index[r.host] for r in own], dtype=np.int64)
    kinds = np.array([1 << RESOURCE_BITS[r.kind] for r in own], dtype=np.uint64)
    np.bitwise_or.at(has, hosts, kinds)
    # a growth point of any profile counts as the generic kind too
    growth_mask = sum(1 << RESOURCE_BITS[k] for k in GROWTH_POINT_KINDS)
    any_growth = (has & np.uint64(growth_mask)) != 0
    has[any_growth] |= np.uint64(1 << RESOURCE_BITS[ResourceKind.GROWTH_POINT])
    return has


def _languages(schools: Sequence[School]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct sets of languages (as sorted, comma-joined text) and each school's code."""
    spelled: dict[tuple[str, ...], str] = {}  # few distinct lists of languages: normalise each once
    for s in schools:
        if s.languages not in spelled:
            spelled[s.languages] = ",".join(sorted({norm(x) for x in s.languages}))
    lang_sets, lang_code = np.unique(np.array([spelled[s.languages] for s in schools], dtype=object),
                                     return_inverse=True)
    return lang_sets, lang_code.astype(np.int64)


@dataclass(frozen=True, eq=False)
class SchoolArrays:
    """The attributes, per school: ``phases`` a bit per :class:`Phase` taught (0: unknown),
    ``holdings`` a bit per resource kind hosted and specialist employed (:data:`RESOURCE_BITS`,
    :data:`SPECIALIST_BITS`), ``lang_code`` an index into ``lang_sets`` (comma-joined normalised
    languages, "" when unknown), ``urban`` 1/0/NaN."""

    lat: np.ndarray
    lon: np.ndarray
    phases: np.ndarray
    holdings: np.ndarray
    lang_code: np.ndarray
    lang_sets: np.ndarray
    urban: np.ndarray
    students: np.ndarray
    mbps: np.ndarray


def school_arrays(registry: Registry) -> SchoolArrays:
    """The registry's school attributes as :class:`SchoolArrays`."""
    schools = registry.schools
    phase_bits = {p: 1 << i for i, p in enumerate(Phase)}
    # a set: a phase listed twice ("НОО, НОО") is still one bit
    phases = np.array([sum(phase_bits[p] for p in set(s.phases)) for s in schools], dtype=np.int64)
    lang_sets, lang_code = _languages(schools)
    urban = np.array([np.nan if s.settlement_type is None else float(s.settlement_type is SettlementType.URBAN)
                      for s in schools])
    return SchoolArrays(lat=column(schools, "latitude"), lon=column(schools, "longitude"), phases=phases,
                        holdings=_holdings(registry), lang_code=lang_code, lang_sets=lang_sets, urban=urban,
                        students=column(schools, "students"), mbps=column(schools, "internet_mbps"))


def teaches_every_phase(leader_phases: Any, partner_phases: Any) -> np.ndarray:
    """On phase bit masks: the leader teaches every phase the partner does (unknown passes).

    >>> teaches_every_phase(np.array([0b011, 0b001, 0]), np.array([0b001, 0b011, 0b100])).tolist()
    [True, False, True]
    """
    ok: np.ndarray = (leader_phases == 0) | (partner_phases == 0) | ((partner_phases & ~leader_phases) == 0)
    return ok


def share_a_language(codes_l: np.ndarray, codes_p: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """On language codes into ``sets``: the two schools share a language (unknown passes).

    >>> share_a_language(np.array([0, 1, 2]), np.array([1, 1, 1]), np.array(["", "ru", "tt"], dtype=object)).tolist()
    [True, True, False]
    """
    parsed = [frozenset(s.split(",")) - {""} for s in sets.tolist()]
    m = len(parsed)
    table = np.ones((m, m), dtype=bool)  # few distinct sets: compare each pair of sets once
    for a in range(m):
        for b in range(m):
            if parsed[a] and parsed[b]:
                table[a, b] = bool(parsed[a] & parsed[b])
    ok: np.ndarray = table[codes_l, codes_p]
    return ok
