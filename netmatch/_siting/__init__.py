"""Siting of new centres: p-median, maximal covering and capacitated models on a cost matrix; the registry adapter."""

from netmatch._siting.core import (
    CENTRE_KINDS,
    RegistrySitingInputs,
    SiteChange,
    Siting,
    check_siting,
    registry_siting_inputs,
    site_centres,
)

__all__ = [
    "CENTRE_KINDS",
    "RegistrySitingInputs",
    "SiteChange",
    "Siting",
    "check_siting",
    "registry_siting_inputs",
    "site_centres",
]
