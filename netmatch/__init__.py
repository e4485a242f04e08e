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
from netmatch.graph import Candidates, Constraints, build_graph, candidates_of, explain, read_graph, write_graph
from netmatch.identify import Identification, IdentificationRules, Reason, Status, SubjectProfile, identify
from netmatch.io import read_registry, write_registry
from netmatch.matching import (
    Kpis,
    Pair,
    Pairing,
    Unpaired,
    blocking_pairs,
    check_pairing,
    greedy_pairing,
    optimal_pairing,
    stable_pairing,
    subject_pairing,
)
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
from netmatch.scoring import ScoringWeights

try:
    __version__ = version("netmatch")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "Candidates",
    "Constraints",
    "Identification",
    "IdentificationRules",
    "InfeasibleError",
    "InvalidInputError",
    "Kpis",
    "NetmatchError",
    "Pair",
    "Pairing",
    "Phase",
    "Problem",
    "Procedure",
    "Reason",
    "Registry",
    "RegistryFrames",
    "Resource",
    "ResourceKind",
    "Result",
    "ResultTable",
    "School",
    "SchoolKind",
    "ScoringWeights",
    "SettlementType",
    "Specialist",
    "Status",
    "SubjectProfile",
    "Unpaired",
    "blocking_pairs",
    "build_graph",
    "candidates_of",
    "check_pairing",
    "datasets",
    "explain",
    "greedy_pairing",
    "identify",
    "optimal_pairing",
    "read_graph",
    "read_registry",
    "stable_pairing",
    "subject_pairing",
    "write_graph",
    "write_registry",
]
