"""Identification of ШНОР, ШНСУ and leader schools by published rules, with reasons."""

from netmatch._identify.core import (
    Identification,
    IdentificationRules,
    Reason,
    Status,
    SubjectProfile,
    identify,
)

__all__ = ['Identification', 'IdentificationRules', 'Reason', 'Status', 'SubjectProfile', 'identify']
