"""Sharing of «Точка роста» centres and other resources as a transportation problem, with reasons."""

from netmatch._sharing.core import (
    GRADES,
    KIND_SUBJECTS,
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

__all__ = [
    "GRADES",
    "KIND_SUBJECTS",
    "Demand",
    "Flow",
    "Sharing",
    "SharingConstraints",
    "SharingKpis",
    "Unmet",
    "Utilisation",
    "check_sharing",
    "default_demand",
    "share_resources",
]
