"""Sharing of «Точка роста» centres and other resources as a transportation problem, with reasons.

Modules by role: :mod:`~netmatch._sharing.settings` (:class:`SharingConstraints`),
:mod:`~netmatch._sharing.results` (the plan and its parts), :mod:`~netmatch._sharing.demand`
(the default demand), :mod:`~netmatch._sharing.arcs` (supply and the arcs in reach),
:mod:`~netmatch._sharing.reasons` (why demand is unmet), :mod:`~netmatch._sharing.share`
(:func:`share_resources`) and :mod:`~netmatch._sharing.check` (:func:`check_sharing`). The
solvers are in :mod:`netmatch._solvers.transport`, the reader of a demand table in
:mod:`netmatch._data.demand`.
"""

from netmatch._sharing.arcs import KIND_SUBJECTS
from netmatch._sharing.check import check_sharing
from netmatch._sharing.demand import GRADES, default_demand
from netmatch._sharing.results import Demand, Flow, Sharing, SharingKpis, Unmet, Utilisation
from netmatch._sharing.settings import SharingConstraints
from netmatch._sharing.share import share_resources

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
