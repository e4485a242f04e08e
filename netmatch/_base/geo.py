"""The one travel model: every distance and trip time in netmatch is estimated here.

A trip between two schools is the great-circle distance times a road factor, driven at a set
speed, unless a distance table gives the road km or the minutes of that pair, which then take
precedence (each of its two numbers on its own). Searches for the pairs within a limit use a
k-d tree on unit vectors: a road limit ``L`` km is a great-circle limit ``L / road_factor`` and
a chord of ``2 sin(L / road_factor / 2R)`` on the unit sphere, so no clients x sites matrix is
ever built.

>>> trip = TravelModel()
>>> km, minutes = trip.trips(np.array([55.0, 55.1]), np.array([37.0, 37.0]), np.array([0]), np.array([1]))
>>> round(float(km[0]), 1), round(float(minutes[0]), 1)
(14.5, 17.4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "EARTH_RADIUS_KM",
    "KM_PER_DEGREE",
    "ROAD_FACTOR",
    "SPEED_KMH",
    "DistanceTable",
    "TravelModel",
    "arc_km",
    "chord",
    "great_circle_km",
    "unit_vectors",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088
#: Kilometres of one degree of latitude (of longitude at the equator).
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180.0
#: Road distance over great-circle distance, the default everywhere.
ROAD_FACTOR = 1.3
#: Travel speed for a trip the distance table does not time, km/h, the default everywhere.
SPEED_KMH = 50.0


def unit_vectors(lat: Any, lon: Any) -> FloatArray:
    """Points on the unit sphere, one row (x, y, z) per latitude/longitude in degrees."""
    phi, lam = np.radians(lat), np.radians(lon)
    xyz: FloatArray = np.c_[np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)]
    return xyz


def great_circle_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> FloatArray:
    """Great-circle distance in km (haversine on a sphere of radius :data:`EARTH_RADIUS_KM`).

    >>> round(float(great_circle_km(55.7558, 37.6173, 59.9343, 30.3351)), 0)  # Moscow - St Petersburg
    633.0
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlam = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlam / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1))))


def chord(km: float) -> float:
    """The chord on the unit sphere of a great-circle distance of ``km``.

    >>> round(chord(EARTH_RADIUS_KM * math.pi), 6)  # half the world away: the diameter
    2.0
    """
    return 2.0 * math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2.0)


def arc_km(chords: Any) -> FloatArray:
    """Great-circle km of chords on the unit sphere (the inverse of :func:`chord`)."""
    return np.asarray(2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chords) / 2.0, 0.0, 1.0)))


@dataclass(frozen=True)
class DistanceTable:
    """Road km and minutes of listed school pairs, symmetric, as sorted pair keys ``a * n + b``.

    ``km`` or ``minutes`` is NaN where the table leaves that number out. Built by the registry
    layer from a user's table (``netmatch._data.distances.read_distances``).
    """

    keys: IntArray
    km: FloatArray
    minutes: FloatArray
    n: int

    @classmethod
    def empty(cls, n: int) -> DistanceTable:
        """A table listing no pair, for ``n`` schools."""
        return cls(np.zeros(0, np.int64), np.zeros(0), np.zeros(0), n)

    def __len__(self) -> int:
        return len(self.keys)

    def lookup(self, a: IntArray, b: IntArray) -> tuple[npt.NDArray[np.bool_], IntArray]:
        """For pairs (``a[i]``, ``b[i]``): whether the table lists them, and where."""
        if not len(self.keys) or not len(a):
            return np.zeros(len(a), bool), np.zeros(len(a), np.int64)
        a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
        key = a * self.n + b
        pos = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
        # rows past the schools (places such as organisations) are in no table of school pairs
        return (self.keys[pos] == key) & (a < self.n) & (b < self.n), pos


@dataclass(frozen=True)
class TravelModel:
    """Trip estimates: great-circle km x ``road_factor`` at ``speed_kmh``, a distance table first.

    Parameters
    ----------
    road_factor : float
        Road distance over great-circle distance (at least 1).
    speed_kmh : float
        Speed for the minutes of a trip the table does not time.

    Examples
    --------
    >>> TravelModel().road_km(45, None), TravelModel().road_km(None, 30), TravelModel().road_km(None, None)
    (45.0, 25.0, inf)
    """

    road_factor: float = ROAD_FACTOR
    speed_kmh: float = SPEED_KMH

    def road_km(self, max_km: float | None, max_minutes: float | None) -> float:
        """The road km within both limits (``inf`` when neither is set)."""
        limits = [float(x) for x in (max_km, None if max_minutes is None else max_minutes / 60.0 * self.speed_kmh)
                  if x is not None]
        return min(limits) if limits else math.inf

    def search_chord(self, road_km: float, slack: float = 1e-12) -> float:
        """The unit-sphere chord that holds every pair within ``road_km`` of road, a hair wide.

        The exact trips of the pairs found decide; the slack only keeps float rounding from
        losing a pair at the limit.
        """
        if not math.isfinite(road_km):
            return math.inf
        return chord(road_km / self.road_factor) * (1 + slack)

    def road_km_of_chords(self, chords: Any) -> FloatArray:
        """Road km estimated from unit-sphere chords (a k-d tree's distances)."""
        return np.asarray(arc_km(chords) * self.road_factor)

    def minutes_of_km(self, km: Any) -> FloatArray:
        """Minutes to drive ``km`` at ``speed_kmh``."""
        return np.asarray(np.asarray(km, dtype=float) / self.speed_kmh * 60.0)

    def trips(self, lat: FloatArray, lon: FloatArray, a: IntArray, b: IntArray,
              table: DistanceTable | None = None) -> tuple[FloatArray, FloatArray]:
        """Road km and minutes from rows ``a`` to rows ``b`` (NaN where a school has no location).

        A listed km replaces the estimate and then gives the minutes; a listed minutes value
        replaces the minutes.
        """
        with np.errstate(invalid="ignore"):
            km = np.asarray(great_circle_km(lat[a], lon[a], lat[b], lon[b]) * self.road_factor, dtype=float)
        if table is None or not len(table):
            return km, self.minutes_of_km(km)
        hit, pos = table.lookup(a, b)
        km = np.where(hit & ~np.isnan(table.km[pos]), table.km[pos], km)
        minutes = self.minutes_of_km(km)
        return km, np.where(hit & ~np.isnan(table.minutes[pos]), table.minutes[pos], minutes)

    @staticmethod
    def within_limits(km: Any, minutes: Any, max_km: float | None, max_minutes: float | None) -> Any:
        """Which trips are in person: within ``max_km`` and ``max_minutes`` (a limit of None holds any trip).

        >>> TravelModel.within_limits(np.array([10.0, 50.0]), np.array([12.0, 60.0]), 40.0, None).tolist()
        [True, False]
        """
        ok = np.ones(np.shape(km), bool)
        if max_km is not None:
            ok &= np.asarray(km) <= max_km
        if max_minutes is not None:
            ok &= np.asarray(minutes) <= max_minutes
        return ok

    def pairs_within(self, xyz_from: FloatArray, xyz_to: FloatArray, road_km: float) -> tuple[IntArray, IntArray]:
        """Index pairs (i, j) whose great-circle distance is within ``road_km`` of road (a superset at the edge)."""
        from scipy.spatial import cKDTree

        if not len(xyz_from) or not len(xyz_to):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        sdm = cKDTree(xyz_from).sparse_distance_matrix(cKDTree(xyz_to), self.search_chord(road_km),
                                                       output_type="ndarray")
        return sdm["i"].astype(np.int64), sdm["j"].astype(np.int64)
