"""Registries in and out: the domain models, header catalogues, reading and writing files and frames.

===============  =====================================================================
``models``       codes (enums) and the records: School, Result, Resource
``assessments``  Assessment: ЕГЭ, ОГЭ, ВПР and the procedures a registry declares
``figures``      result figures checked: scales, percent share columns, counts as shares
``results``      ResultTable: a registry's results, column-wise
``columnwise``   records validated column by column (each distinct value once)
``partners``     Organisation and Need: partner organisations, the schools' stated needs
``staff``        SubjectTeachers, StaffMember: teachers by subject or by name, the programme's staff
``people``       the checks of the teachers and staff tables
``surveys``      Survey: satisfaction surveys of the schools (the «Опросы» table)
``context``      the schools' own indicators of conditions: a column each, «Условия: …»
``registry``     Registry, its frames and figures, the cross-table checks
``headers``      the English and Russian headers of each field
``raw``          RawTable: a table as read (headers, cells, row numbers), before validation
``arrow_csv``    large CSV files read by pyarrow, each column coded
``tables``       raw tables from CSV, Excel, JSON, DataFrames and records
``origin``       where each record came from: file, sheet, row (to place a problem)
``wide``         results and resources carried in the schools table (wide columns)
``names``        results keyed by school name: normalised names, joined to the schools
``read``         read_registry: headers onto fields, every value checked
``write``        write_registry: CSV, Excel or JSON that reads back the same
===============  =====================================================================
"""

from netmatch._data.assessments import BUILTIN_ASSESSMENTS, Assessment, spellings
from netmatch._data.headers import (
    HEADERS,
    RU_HEADERS,
    TABLE_NAMES,
    ColumnNote,
    lookup,
)
from netmatch._data.models import (
    GROWTH_POINT_KINDS,
    Phase,
    Procedure,
    Resource,
    ResourceKind,
    Result,
    School,
    SchoolKind,
    SettlementType,
    Specialist,
)
from netmatch._data.names import NameMatch, matches_frame
from netmatch._data.partners import HelpKind, Need, Organisation, OrganisationKind
from netmatch._data.read import DEFAULT_NA_VALUES, read_registry
from netmatch._data.registry import Registry, RegistryFrames, RegistryKpis
from netmatch._data.results import SHARE_COLUMNS, ResultTable
from netmatch._data.staff import StaffMember, StaffRole, SubjectTeachers, TeacherCategory
from netmatch._data.surveys import Survey
from netmatch._data.wide import WideColumn, parse_wide_header
from netmatch._data.write import write_registry

__all__ = [
    "BUILTIN_ASSESSMENTS",
    "DEFAULT_NA_VALUES",
    "GROWTH_POINT_KINDS",
    "HEADERS",
    "RU_HEADERS",
    "SHARE_COLUMNS",
    "TABLE_NAMES",
    "Assessment",
    "ColumnNote",
    "HelpKind",
    "NameMatch",
    "Need",
    "Organisation",
    "OrganisationKind",
    "Phase",
    "Procedure",
    "Registry",
    "RegistryFrames",
    "RegistryKpis",
    "Resource",
    "ResourceKind",
    "Result",
    "ResultTable",
    "School",
    "SchoolKind",
    "SettlementType",
    "Specialist",
    "StaffMember",
    "StaffRole",
    "SubjectTeachers",
    "Survey",
    "TeacherCategory",
    "WideColumn",
    "lookup",
    "matches_frame",
    "parse_wide_header",
    "read_registry",
    "spellings",
    "write_registry",
]
