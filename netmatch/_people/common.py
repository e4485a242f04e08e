"""What the assignments of people share: the weak subjects of the schools and where people work.

:func:`weak_subjects` reads a school's weak subjects from the subject profile of identification
(a z-score at or below ``weak_z`` in any procedure); :func:`staff_places` puts each person of the
staff where they stand, or else where their school or organisation stands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from netmatch._base.parse import norm
from netmatch._data import Organisation, Registry, School
from netmatch._data.staff import StaffMember
from netmatch._identify import Identification

__all__ = ["places_of", "staff_places", "weak_subjects"]


def weak_subjects(ident: Identification, rows: Sequence[int], weak_z: float) -> list[tuple[str, ...]]:
    """The subjects (in the teachers table's spelling) each school of ``rows`` is weak in, weakest first.

    A subject is weak when its z-score in some procedure is at or below ``weak_z``; its
    weakest z-score orders it (ties by name).

    >>> import netmatch as nm
    >>> reg = nm.datasets.load_demo()
    >>> ident = nm.identify(reg)
    >>> weak_subjects(ident, [ident.index["S12"]], -0.5)[0][:2]
    ('физика', 'русский язык')
    """
    z = ident.profile.z
    names = [norm(k[1]) for k in ident.profile.keys]
    out = []
    for row in rows:
        worst: dict[str, float] = {}
        if z.size:
            for k in np.flatnonzero(z[row] <= weak_z).tolist():
                worst[names[k]] = min(worst.get(names[k], math.inf), float(z[row, k]))
        out.append(tuple(sorted(worst, key=lambda s: (worst[s], s))))
    return out


def staff_places(registry: Registry, people: Sequence[StaffMember]) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of each person: their own, else their workplace's; NaN when neither is known."""
    return places_of(registry, [p.id for p in people], people)


def places_of(registry: Registry, codes: Sequence[str], people: Sequence[StaffMember] | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of schools, organisations or people of the staff (a person: their own place, else
    their workplace's); NaN where none is known. ``people`` are the persons of ``codes`` when already at hand.

    >>> import netmatch as nm
    >>> lat, _ = places_of(nm.datasets.load_demo(), ["S01", "O1", "K04", "nobody"])
    >>> [round(x, 2) for x in lat.tolist()]
    [53.35, 53.35, 53.35, nan]
    """
    lat = np.full(len(codes), math.nan)
    lon = np.full(len(codes), math.nan)
    for i, code in enumerate(codes):
        person = people[i] if people is not None else (registry.person(code) if code in registry.staff_index
                                                        else None)
        where: Any = _workplace(registry, code) if person is None else (
            person if person.latitude is not None and person.longitude is not None
            else _workplace(registry, person.school))
        if where is not None and where.latitude is not None and where.longitude is not None:
            lat[i], lon[i] = where.latitude, where.longitude
    return lat, lon


def _workplace(registry: Registry, code: str | None) -> School | Organisation | None:
    if code is None:
        return None
    if code in registry.index:
        return registry.school(code)
    if code in registry.organisation_index:
        return registry.organisation(code)
    return None
