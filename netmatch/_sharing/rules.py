"""The forms the sharing functions' parameters may take, for :func:`~netmatch._base.params.validate_params`.

The decorator rejects a value of a wrong type or form; the functions' own checks (and
:func:`~netmatch._base.params.coerce`) then say what is wrong with a value of the right type, so
the number rules here take any real number and leave the bounds to :class:`SolveOptions`.

>>> records = DEMAND[2]
>>> records([{"school": "A"}]), records(r for r in ()), records("A"), REAL(float("inf")), REAL(True)
(True, True, False, True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Real
from typing import Any

import numpy as np

from netmatch._base.params import FRAME, MAPPING, NONE, Rule, of
from netmatch._data import Registry
from netmatch._identify import Identification
from netmatch._sharing.results import Sharing
from netmatch._sharing.settings import SharingConstraints

__all__ = ["CONSTRAINTS", "DEMAND", "DISTANCES", "IDENTIFICATION", "REAL", "REGISTRY", "SHARING"]


def _is_records(v: Any) -> bool:
    # what the demand reader takes as records: any iterable but text (a generator too)
    return isinstance(v, Iterable) and not isinstance(v, str | bytes)


def _is_real(v: Any) -> bool:
    # infinity included (no time limit), bools not; the bounds are SolveOptions' to check
    return isinstance(v, Real) and not isinstance(v, bool | np.bool_)


#: The registry of schools and resources.
REGISTRY = of(Registry, text="a Registry")
#: An identification of the same registry (checked in the body), or None to compute one.
IDENTIFICATION = (of(Identification, text="an Identification"), NONE)
#: Settings: a model, a dict of its fields, or None for the defaults.
CONSTRAINTS = (of(SharingConstraints, text="SharingConstraints"), MAPPING, NONE)
#: A demand table in any of the forms the demand reader takes, or None for the default demand.
#: The DataFrame comes first: the message then reads "must be a DataFrame, ..." as it always has.
DEMAND = (FRAME, Rule("a mapping of columns", lambda v: MAPPING(v)),
          Rule("a list of records", _is_records), NONE)
#: A long distance table (from, to, km, minutes), or None to estimate every trip.
DISTANCES = (FRAME,
             Rule("a mapping of columns 'from', 'to', 'km', 'minutes'", lambda v: MAPPING(v)), NONE)
#: A plan to check.
SHARING = of(Sharing, text="a Sharing from share_resources")
#: Any real number (the time limit and the MILP gap; their bounds are checked in the body).
REAL = Rule("a number", _is_real)
