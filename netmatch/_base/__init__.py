"""Foundations every layer may use: parameter validation, parsing of cells, the travel model, small utilities."""

from netmatch._base.params import (
    coerce,
)
from netmatch._base.parse import (
    is_missing,
    norm,
    parse_bool,
    parse_number,
    parse_number_array,
    split_list,
)
from netmatch._base.util import (
    gc_paused,
)

__all__ = [
    "coerce",
    "gc_paused",
    "is_missing",
    "norm",
    "parse_bool",
    "parse_number",
    "parse_number_array",
    "split_list",
]
