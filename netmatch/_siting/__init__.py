"""Siting of new centres: p-median, maximal covering and capacitated models on a cost matrix; the registry adapter.

Modules by role: :mod:`~netmatch._siting.core` (on a cost matrix: checks, infeasibility caught
before solving, the solver of :mod:`netmatch._solvers.location`), :mod:`~netmatch._siting.site`
(the public ``site_centres``: a matrix to the core, a registry through the adapter),
:mod:`~netmatch._siting.check` (``check_siting``), :mod:`~netmatch._siting.results` (``Siting``,
``SiteChange``, ``SitingKpis``), :mod:`~netmatch._siting.registry` (a registry as a cost matrix,
and the defaults of a registry siting that the command line shares).
"""

from netmatch._siting.check import check_siting
from netmatch._siting.registry import (
    CENTRE_KINDS,
    DEFAULT_CLIENTS,
    DEFAULT_K,
    DEFAULT_MAX_MINUTES,
    DEFAULT_OBJECTIVE,
    DEFAULT_TIME_LIMIT,
    RegistrySitingInputs,
    registry_siting_inputs,
)
from netmatch._siting.results import LeftOut, SiteChange, Siting, SitingKpis
from netmatch._siting.site import site_centres

__all__ = [
    "CENTRE_KINDS",
    "DEFAULT_CLIENTS",
    "DEFAULT_K",
    "DEFAULT_MAX_MINUTES",
    "DEFAULT_OBJECTIVE",
    "DEFAULT_TIME_LIMIT",
    "LeftOut",
    "RegistrySitingInputs",
    "SiteChange",
    "Siting",
    "SitingKpis",
    "check_siting",
    "registry_siting_inputs",
    "site_centres",
]
