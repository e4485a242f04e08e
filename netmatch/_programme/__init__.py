"""The programme's paperwork: the catalogue of activities, the dated plan of events and the agreements."""

from netmatch._programme.catalogue import PRESET, Activity, load_catalogue
from netmatch._programme.events import (
    Event,
    EventKpis,
    EventLoads,
    EventPlan,
    UnscheduledEvent,
    check_events,
    plan_events,
)

__all__ = ["PRESET", "Activity", "Event", "EventKpis", "EventLoads", "EventPlan", "UnscheduledEvent", "check_events",
           "load_catalogue", "plan_events"]
