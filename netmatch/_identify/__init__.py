"""Identification of ШНОР, ШНСУ and leader schools by published rules, with reasons.

:func:`identify` (in :mod:`~netmatch._identify.identify`) runs the steps: the results are
standardised (:mod:`~netmatch._identify.standardise`), each published rule computes its flags
(:mod:`~netmatch._identify.rules`), the reasons are written in Russian and English
(:mod:`~netmatch._identify.reasons`), the warnings about the registry as a whole are
:mod:`~netmatch._identify.notes`, and the result classes live in
:mod:`~netmatch._identify.results`.
"""

from netmatch._identify.identify import identify
from netmatch._identify.notes import check_rules
from netmatch._identify.results import (
    DEFAULT_SCHOOL_KINDS,
    RULE_PRESETS,
    Identification,
    IdentificationKpis,
    IdentificationRules,
    Note,
    Reason,
    Status,
    SubjectProfile,
)
from netmatch._identify.standardise import result_z

__all__ = ["DEFAULT_SCHOOL_KINDS", "RULE_PRESETS", "Identification", "IdentificationKpis", "IdentificationRules",
           "Note", "Reason", "Status", "SubjectProfile", "check_rules", "identify", "result_z"]
