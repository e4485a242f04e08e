"""The programme's targets as settings: what share of ШНОР/ШНСУ and of all schools the network must reach.

The seed programmes of «сетевое взаимодействие» set both: every ШНОР/ШНСУ in the network
(100%), and at least half of all schools of the district in it. They are the defaults here;
a programme with other targets passes its own.

>>> ProgrammeTargets().network_share, ProgrammeTargets(network_share=0.6).schools_needed(18)
(0.5, 11)
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["COVERAGE_TARGET", "NETWORK_TARGET", "ProgrammeTargets"]

#: Programme target by default: the share of all schools in the network.
NETWORK_TARGET = 0.5
#: Programme target by default: the share of ШНОР/ШНСУ in the network.
COVERAGE_TARGET = 1.0


class ProgrammeTargets(BaseModel):
    """Targets of a network programme, as shares from 0 to 1."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    coverage_share: float = Field(COVERAGE_TARGET, ge=0, le=1,
                                  description="Share of ШНОР/ШНСУ that must be in the network.")
    network_share: float = Field(NETWORK_TARGET, ge=0, le=1,
                                 description="Share of all schools that must be in the network.")

    def schools_needed(self, schools: int) -> int:
        """How many of ``schools`` the network must hold to meet ``network_share`` (rounded up)."""
        return math.ceil(self.network_share * schools - 1e-9)
