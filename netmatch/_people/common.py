"""What the assignments of people share: the weak subjects of the schools and where people work.

:func:`weak_subjects` reads a school's weak subjects from the subject profile of identification
(a z-score at or below ``weak_z`` in any procedure); :func:`staff_places` puts each person of the
staff where they stand, or else where their school or organisation stands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from netmatch._base.parse import norm
from netmatch._data import Organisation, Registry, School
from netmatch._data.staff import StaffMember
from netmatch._identify import Identification

__all__ = ["staff_places", "weak_subjects"]


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
    lat = np.full(len(people), math.nan)
    lon = np.full(len(people), math.nan)
    for i, p in enumerate(people):
        if p.latitude is not None and p.longitude is not None:
            lat[i], lon[i] = p.latitude, p.longitude
            continue
        place = _workplace(registry, p.school)
        if place is not None and place.latitude is not None and place.longitude is not None:
            lat[i], lon[i] = place.latitude, place.longitude
    return lat, lon


def _workplace(registry: Registry, code: str | None) -> School | Organisation | None:
    if code is None:
        return None
    if code in registry.index:
        return registry.school(code)
    if code in registry.organisation_index:
        return registry.organisation(code)
    return None
