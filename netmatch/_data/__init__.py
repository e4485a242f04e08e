"""Registries in and out: the domain models, header catalogues, reading and writing files and frames."""

from netmatch._data.headers import (
    HEADERS,
    RU_HEADERS,
    TABLE_NAMES,
    lookup,
)
from netmatch._data.models import (
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
from netmatch._data.read import (
    DEFAULT_NA_VALUES,
    parse_wide_header,
    read_registry,
    write_registry,
)

__all__ = [
    "DEFAULT_NA_VALUES",
    "HEADERS",
    "RU_HEADERS",
    "TABLE_NAMES",
    "Phase",
    "Procedure",
    "Registry",
    "RegistryFrames",
    "Resource",
    "ResourceKind",
    "Result",
    "ResultTable",
    "School",
    "SchoolKind",
    "SettlementType",
    "Specialist",
    "lookup",
    "parse_wide_header",
    "read_registry",
    "write_registry",
]
