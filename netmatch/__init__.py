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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netmatch import datasets, solvers
    from netmatch._data import (
        Assessment,
        ColumnNote,
        HelpKind,
        NameMatch,
        Need,
        Organisation,
        OrganisationKind,
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
        StaffMember,
        StaffRole,
        SubjectTeachers,
        Survey,
        TeacherCategory,
        read_registry,
        write_registry,
    )
    from netmatch._identify import (
        RULE_PRESETS,
        Identification,
        IdentificationKpis,
        IdentificationRules,
        Note,
        Reason,
        Status,
        SubjectProfile,
        identify,
    )
    from netmatch._networks import (
        Association,
        Membership,
        NeedMatches,
        NetworkKpis,
        Networks,
        SubjectGroup,
        SubjectGroups,
        check_groups,
        check_needs,
        check_networks,
        form_groups,
        form_networks,
        match_needs,
    )
    from netmatch._pairing import ProgrammeTargets
    from netmatch._people import (
        CuratorAssignment,
        Curators,
        MentorAssignment,
        Mentors,
        assign_curators,
        assign_mentors,
        check_curators,
        check_mentors,
    )
    from netmatch._programme import (
        INDICATOR_PRESETS,
        Activity,
        Event,
        EventLoads,
        EventPlan,
        Indicator,
        IndicatorValue,
        MeasuredIndicators,
        Programme,
        UnscheduledEvent,
        check_events,
        load_catalogue,
        load_indicators,
        measure_indicators,
        plan_events,
    )
    from netmatch._scenario import (
        AddLeader,
        AddOrganisation,
        AddStaff,
        CloseSchool,
        JoinAssociation,
        MergeSchools,
        Monitoring,
        MonitoringKpis,
        MoveEvent,
        OpenCentre,
        Plan,
        PlanKpis,
        RemoveLeader,
        RemoveOrganisation,
        Scenario,
        SetLeaderCapacity,
        SetLimit,
        SetStaffLoad,
        SetStatus,
        SweepKpis,
        SweepResult,
        differences,
        monitor,
        plan,
        replan,
    )
    from netmatch._scenario.compare import compare
    from netmatch._scenario.sweep import sweep
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

# The public names and the modules they come from. They are imported when first used (PEP 562), so
# that ``import netmatch`` and the command line start at once: a Ctrl-C while pandas or scipy load
# then reaches the command line's own handler instead of printing a traceback.
_MODULES: dict[str, tuple[str, ...]] = {
    "netmatch.datasets": ("datasets",),
    "netmatch.solvers": ("solvers",),
    "netmatch._data": (
        "Assessment", "ColumnNote", "HelpKind", "NameMatch", "Need", "Organisation", "OrganisationKind",
        "Phase", "Procedure", "Registry", "RegistryFrames", "Resource",
        "ResourceKind", "Result", "ResultTable", "School", "SchoolKind", "SettlementType", "Specialist",
        "StaffMember", "StaffRole", "SubjectTeachers", "Survey", "TeacherCategory", "read_registry",
        "write_registry",
    ),
    "netmatch._identify": (
        "INDICATOR_PRESETS",
    "RULE_PRESETS", "Identification", "IdentificationKpis", "IdentificationRules", "Note", "Reason", "Status",
        "SubjectProfile", "identify",
    ),
    "netmatch._networks": ("Association", "Membership", "NeedMatches", "NetworkKpis", "Networks", "SubjectGroup",
                           "SubjectGroups", "check_groups", "check_needs", "check_networks", "form_groups",
                           "form_networks", "match_needs"),
    "netmatch._pairing": ("ProgrammeTargets",),
    "netmatch._people": ("CuratorAssignment", "Curators", "MentorAssignment", "Mentors", "assign_curators",
                         "assign_mentors", "check_curators", "check_mentors"),
    "netmatch._programme": ("INDICATOR_PRESETS", "Activity", "Event", "EventLoads", "EventPlan", "Indicator",
                            "IndicatorValue", "MeasuredIndicators", "Programme", "UnscheduledEvent", "check_events",
                            "load_catalogue", "load_indicators", "measure_indicators", "plan_events"),
    "netmatch._scenario": (
        "AddLeader", "AddOrganisation", "AddStaff", "CloseSchool", "JoinAssociation", "MergeSchools", "Monitoring",
        "MonitoringKpis", "MoveEvent", "OpenCentre", "Plan", "PlanKpis", "RemoveLeader", "RemoveOrganisation",
        "Scenario", "SetLeaderCapacity", "SetLimit", "SetStaffLoad", "SetStatus", "SweepKpis", "SweepResult", "compare",
        "differences", "monitor", "plan", "replan", "sweep",
    ),
    "netmatch._sharing": (
        "Demand", "Flow", "Sharing", "SharingConstraints", "SharingKpis", "Unmet", "Utilisation", "check_sharing",
        "default_demand", "share_resources",
    ),
    "netmatch._siting": (
        "LeftOut", "SiteChange", "Siting", "SitingKpis", "check_siting", "registry_siting_inputs", "site_centres",
    ),
    "netmatch.exceptions": ("InfeasibleError", "InvalidInputError", "NetmatchError", "Problem"),
    "netmatch.graph": (
        "Candidates", "Constraints", "build_graph", "candidates_of", "explain", "read_graph", "write_graph",
    ),
    "netmatch.matching": (
        "Kpis", "Pair", "Pairing", "Unpaired", "blocking_pairs", "check_pairing", "greedy_pairing", "optimal_pairing",
        "stable_pairing", "subject_pairing",
    ),
    "netmatch.scoring": ("ScoringWeights",),
}
_FROM = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from netmatch._base.util import installed_version

        value: Any = installed_version()
    elif name in _FROM:
        module = importlib.import_module(_FROM[name])
        value = module if module.__name__ == f"netmatch.{name}" else getattr(module, name)
    else:
        raise AttributeError(f"module 'netmatch' has no attribute {name!r}")
    globals()[name] = value  # once: later lookups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM, "__version__"})


__all__ = [
    "INDICATOR_PRESETS",
    "RULE_PRESETS",
    "Activity",
    "AddLeader",
    "AddOrganisation",
    "AddStaff",
    "Assessment",
    "Association",
    "Candidates",
    "CloseSchool",
    "ColumnNote",
    "Constraints",
    "CuratorAssignment",
    "Curators",
    "Demand",
    "Event",
    "EventLoads",
    "EventPlan",
    "Flow",
    "HelpKind",
    "Identification",
    "IdentificationKpis",
    "IdentificationRules",
    "Indicator",
    "IndicatorValue",
    "InfeasibleError",
    "InvalidInputError",
    "JoinAssociation",
    "Kpis",
    "LeftOut",
    "MeasuredIndicators",
    "Membership",
    "MentorAssignment",
    "Mentors",
    "MergeSchools",
    "Monitoring",
    "MonitoringKpis",
    "MoveEvent",
    "NameMatch",
    "Need",
    "NeedMatches",
    "NetmatchError",
    "NetworkKpis",
    "Networks",
    "Note",
    "OpenCentre",
    "Organisation",
    "OrganisationKind",
    "Pair",
    "Pairing",
    "Phase",
    "Plan",
    "PlanKpis",
    "Problem",
    "Procedure",
    "Programme",
    "ProgrammeTargets",
    "Reason",
    "Registry",
    "RegistryFrames",
    "RemoveLeader",
    "RemoveOrganisation",
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
    "SetStaffLoad",
    "SetStatus",
    "SettlementType",
    "Sharing",
    "SharingConstraints",
    "SharingKpis",
    "SiteChange",
    "Siting",
    "SitingKpis",
    "Specialist",
    "StaffMember",
    "StaffRole",
    "Status",
    "SubjectGroup",
    "SubjectGroups",
    "SubjectProfile",
    "SubjectTeachers",
    "Survey",
    "SweepKpis",
    "SweepResult",
    "TeacherCategory",
    "Unmet",
    "Unpaired",
    "UnscheduledEvent",
    "Utilisation",
    "assign_curators",
    "assign_mentors",
    "blocking_pairs",
    "build_graph",
    "candidates_of",
    "check_curators",
    "check_events",
    "check_groups",
    "check_mentors",
    "check_needs",
    "check_networks",
    "check_pairing",
    "check_sharing",
    "check_siting",
    "compare",
    "datasets",
    "default_demand",
    "differences",
    "explain",
    "form_groups",
    "form_networks",
    "greedy_pairing",
    "identify",
    "load_catalogue",
    "load_indicators",
    "match_needs",
    "measure_indicators",
    "monitor",
    "optimal_pairing",
    "plan",
    "plan_events",
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
