"""netmatch: pair schools into support partnerships — ШНОР and ШНСУ with leader schools.

The public API lives here. The package is organised by role, in the order data flows:
``_data`` (registries in and out) -> ``_identify`` -> ``scoring`` -> ``graph`` -> ``_pairing`` ->
``matching`` / ``_sharing`` / ``_siting`` (on the array solvers of ``_solvers``, public as
:mod:`netmatch.solvers`) -> ``_scenario`` -> ``report`` and ``cli``; ``_base`` holds what every
layer shares (parameter checks, the travel model). A module imports only from layers below it.

>>> import netmatch
>>> reg = netmatch.datasets.load_demo()
>>> len(reg)
18
"""

from __future__ import annotations

from netmatch import datasets, solvers
from netmatch._base.util import installed_version
from netmatch._data import (
    ColumnNote,
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
    read_registry,
    write_registry,
)
from netmatch._identify import (
    Identification,
    IdentificationKpis,
    IdentificationRules,
    Note,
    Reason,
    Status,
    SubjectProfile,
    identify,
)
from netmatch._scenario import (
    AddLeader,
    CloseSchool,
    MergeSchools,
    Monitoring,
    MonitoringKpis,
    OpenCentre,
    Plan,
    PlanKpis,
    RemoveLeader,
    Scenario,
    SetLeaderCapacity,
    SetLimit,
    SetStatus,
    SweepKpis,
    SweepResult,
    compare,
    differences,
    monitor,
    plan,
    replan,
    sweep,
)
from netmatch._sharing import (
    Demand,
    Flow,
    Sharing,
    SharingConstraints,
    SharingKpis,
    Unmet,
    Utilisation,
    check_sharing,
    default_demand,
    share_resources,
)
from netmatch._siting import (
    LeftOut,
    SiteChange,
    Siting,
    SitingKpis,
    check_siting,
    registry_siting_inputs,
    site_centres,
)
from netmatch.exceptions import InfeasibleError, InvalidInputError, NetmatchError, Problem
from netmatch.graph import Candidates, Constraints, build_graph, candidates_of, explain, read_graph, write_graph
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
from netmatch.scoring import ScoringWeights

__version__ = installed_version()

__all__ = [
    "AddLeader",
    "Candidates",
    "CloseSchool",
    "ColumnNote",
    "Constraints",
    "Demand",
    "Flow",
    "Identification",
    "IdentificationKpis",
    "IdentificationRules",
    "InfeasibleError",
    "InvalidInputError",
    "Kpis",
    "LeftOut",
    "MergeSchools",
    "Monitoring",
    "MonitoringKpis",
    "NetmatchError",
    "Note",
    "OpenCentre",
    "Pair",
    "Pairing",
    "Phase",
    "Plan",
    "PlanKpis",
    "Problem",
    "Procedure",
    "Reason",
    "Registry",
    "RegistryFrames",
    "RemoveLeader",
    "Resource",
    "ResourceKind",
    "Result",
    "ResultTable",
    "Scenario",
    "School",
    "SchoolKind",
    "ScoringWeights",
    "SetLeaderCapacity",
    "SetLimit",
    "SetStatus",
    "SettlementType",
    "Sharing",
    "SharingConstraints",
    "SharingKpis",
    "SiteChange",
    "Siting",
    "SitingKpis",
    "Specialist",
    "Status",
    "SubjectProfile",
    "SweepKpis",
    "SweepResult",
    "Unmet",
    "Unpaired",
    "Utilisation",
    "blocking_pairs",
    "build_graph",
    "candidates_of",
    "check_pairing",
    "check_sharing",
    "check_siting",
    "compare",
    "datasets",
    "default_demand",
    "differences",
    "explain",
    "greedy_pairing",
    "identify",
    "monitor",
    "optimal_pairing",
    "plan",
    "read_graph",
    "read_registry",
    "registry_siting_inputs",
    "replan",
    "share_resources",
    "site_centres",
    "solvers",
    "stable_pairing",
    "subject_pairing",
    "sweep",
    "write_graph",
    "write_registry",
]
