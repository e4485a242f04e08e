"""The settings of resource sharing: reach, capacity, priority and the default demand's rules.

:class:`SharingConstraints` is validated once, by :func:`netmatch._base.params.coerce`, so that a
bad value reads like every other parameter error of netmatch.

>>> SharingConstraints().reach_km()  # 30 minutes at 50 km/h
25.0
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from netmatch._base.geo import ROAD_FACTOR, SPEED_KMH, TravelModel

__all__ = ["SharingConstraints", "SolveOptions"]


class SharingConstraints(BaseModel):
    """Reach, capacity, priority and the default demand of :func:`share_resources`.

    Examples
    --------
    >>> SharingConstraints(max_minutes=45).max_minutes
    45.0
    >>> SharingConstraints(shift_factors=(1, 0.5, 2))
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for SharingConstraints
    shift_factors
      Value error, each shift factor must be from 0 to 1; got 2.0 ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_minutes: float | None = Field(30.0, gt=0, description="Longest one-way trip of pupils, minutes.")
    max_km: float | None = Field(None, gt=0, description="Longest one-way trip by road, km (none by default).")
    road_factor: float = Field(ROAD_FACTOR, ge=1, description="Road distance / great-circle distance.")
    speed_kmh: float = Field(SPEED_KMH, gt=0, description="Travel speed for times not in the distance table.")
    group_size: int = Field(
        12, ge=1, description="Pupils in a group, seats it takes: a class of 25 splits into two for practical work.")
    shift_factors: tuple[float, float, float] = Field(
        (1.0, 0.5, 0.25), description="Share of the free hours a host on 1, 2, 3 shifts offers.")
    remote_penalty_minutes: float = Field(
        60.0, ge=0, description="Cost of a remote group, as minutes of travel (more than any trip in reach).")
    remote_candidates: int = Field(5, ge=0, description="Nearest remote resources beyond reach offered a demand.")
    remote_max_km: float | None = Field(None, gt=0, description="Farthest remote sharing, km.")
    min_remote_mbps: float | None = Field(
        10.0, ge=0, description="Internet the school and host need for remote work (unknown speeds pass).")
    priority: bool = Field(True, description="Serve ШНОР/ШНСУ demand first (lexicographically).")
    demand_subjects: tuple[tuple[str, ...], ...] = Field(
        (("физика", "химия", "биология"), ("информатика",)),
        description="Default demand: families of subjects, each served by a lab of one kind.")
    weak_subjects: int = Field(1, ge=1, description="Default demand: weakest subjects per family a school asks for.")
    hours_per_group: float = Field(2.0, gt=0, le=168, description="Default demand: hours a week per group.")
    demand_scope: Literal["priority", "associations", "all"] = Field(
        "associations", description="Default demand: who asks — ШНОР/ШНСУ alone, with the schools of their "
                                    "associations, or every school without its own lab.")

    @field_validator("shift_factors")
    @classmethod
    def _factors(cls, v: tuple[float, float, float]) -> tuple[float, float, float]:
        for f in v:
            if not 0 <= f <= 1:
                raise ValueError(f"each shift factor must be from 0 to 1; got {f}")
        return v

    @field_validator("demand_subjects")
    @classmethod
    def _families(cls, v: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        if any(not fam or any(not str(s).strip() for s in fam) for fam in v):
            raise ValueError("every family of subjects must name at least one subject, none of them blank")
        return v

    def travel(self) -> TravelModel:
        """The travel model of these settings (road factor and speed).

        >>> SharingConstraints(speed_kmh=40).travel()
        TravelModel(road_factor=1.3, speed_kmh=40.0)
        """
        return TravelModel(self.road_factor, self.speed_kmh)

    def reach_km(self) -> float:
        """The longest road distance any in-person trip may have (``inf`` without limits)."""
        return self.travel().road_km(self.max_km, self.max_minutes)


class SolveOptions(BaseModel):
    """The MILP's time limit and gap, validated like every parameter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    time_limit: float = Field(60.0, gt=0)
    mip_rel_gap: float = Field(0.0, ge=0, lt=1)
