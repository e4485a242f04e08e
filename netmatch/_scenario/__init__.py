"""Scenario planning: edits, plans, comparisons, sweeps, replanning and monitoring over years.

A :class:`Scenario` is a registry plus rules, constraints, weights and a list of edits (open a
centre, close or merge a school, change a leader's capacity or a limit, add or remove a
leader, set a status: :mod:`~netmatch._scenario.edits`). :func:`plan` runs identification, the
graph, pairing and resource sharing in one call (:mod:`~netmatch._scenario.plans`);
:func:`compare` puts plans side by side and :func:`differences` says, school by school, what
changed and why (:mod:`~netmatch._scenario.compare`). :func:`sweep` evaluates many variants in
parallel on any :class:`concurrent.futures.Executor` or a Dask client and says how often each
pair appears across them (:mod:`~netmatch._scenario.sweep`). :func:`replan` carries last year's
partnerships into this year's plan, and :func:`monitor` follows the schools and the programme
indicators over the years (:mod:`~netmatch._scenario.years`).

Edits never touch the base registry: every model is immutable and edits build new ones.
"""

from netmatch._scenario.compare import compare, differences
from netmatch._scenario.edits import (
    AddLeader,
    AddOrganisation,
    AddStaff,
    CloseSchool,
    JoinAssociation,
    MergeSchools,
    MoveEvent,
    OpenCentre,
    RemoveLeader,
    RemoveOrganisation,
    SetLeaderCapacity,
    SetLimit,
    SetStaffLoad,
    SetStatus,
)
from netmatch._scenario.plans import DEFAULT_PLAN_NAME, FORMS, Plan, PlanKpis, Scenario, network_forms, plan
from netmatch._scenario.sweep import SweepKpis, SweepResult, sweep
from netmatch._scenario.years import Monitoring, MonitoringKpis, monitor, replan

__all__ = [
    "DEFAULT_PLAN_NAME",
    "FORMS",
    "AddLeader",
    "AddOrganisation",
    "AddStaff",
    "CloseSchool",
    "JoinAssociation",
    "MergeSchools",
    "Monitoring",
    "MonitoringKpis",
    "MoveEvent",
    "OpenCentre",
    "Plan",
    "PlanKpis",
    "RemoveLeader",
    "RemoveOrganisation",
    "Scenario",
    "SetLeaderCapacity",
    "SetLimit",
    "SetStaffLoad",
    "SetStatus",
    "SweepKpis",
    "SweepResult",
    "compare",
    "differences",
    "monitor",
    "network_forms",
    "plan",
    "replan",
    "sweep",
]
