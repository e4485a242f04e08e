"""The programme's paperwork: the catalogue of activities, the dated plan of events, the agreements, the
indicators measured against their targets and the database of its periods."""

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
from netmatch._programme.indicators import (
    INDICATOR_PRESETS,
    Indicator,
    IndicatorValue,
    MeasuredIndicators,
    indicators_from,
    load_indicators,
    measure_indicators,
)
from netmatch._programme.store import Programme

__all__ = ["INDICATOR_PRESETS", "PRESET", "Activity", "Event", "EventKpis", "EventLoads", "EventPlan", "Indicator",
           "IndicatorValue", "MeasuredIndicators", "Programme", "UnscheduledEvent", "check_events", "indicators_from",
           "load_catalogue", "load_indicators", "measure_indicators", "plan_events"]
