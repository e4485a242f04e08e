"""netmatch: pair schools into support partnerships — ШНОР and ШНСУ with leader schools.

The public API lives here; submodules are organised by topic (``models``, ``io``,
``datasets``, ...) and data flows one way: io -> models -> identify -> graph -> scoring ->
matching/resources -> scenario -> report/cli.

>>> import netmatch
>>> reg = netmatch.datasets.load_demo()
>>> len(reg)
18
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from netmatch import datasets
from netmatch.exceptions import InfeasibleError, InvalidInputError, NetmatchError, Problem
from netmatch.io import read_registry, write_registry
from netmatch.models import (
    Phase,
    Procedure,
    Registry,
    RegistryFrames,
    Resource,
    ResourceKind,
    Result,
    ResultTable,
    School,
    SchoolKind,
    SettlementType,
    Specialist,
)

try:
    __version__ = version("netmatch")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "InfeasibleError",
    "InvalidInputError",
    "NetmatchError",
    "Phase",
    "Problem",
    "Procedure",
    "Registry",
    "RegistryFrames",
    "Resource",
    "ResourceKind",
    "Result",
    "ResultTable",
    "School",
    "SchoolKind",
    "SettlementType",
    "Specialist",
    "datasets",
    "read_registry",
    "write_registry",
]
