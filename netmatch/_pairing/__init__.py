"""Pairing results, reasons and the checker's engine, beneath the solvers of :mod:`netmatch.matching`.

``results`` holds :class:`Pair`, :class:`Unpaired`, :class:`Kpis` and :class:`Pairing`;
``roles`` and ``reasons`` say what each school is and why one is left without a leader;
``build`` turns chosen candidate edges into a :class:`Pairing` (and steers solvers by
``scores=``); ``stable`` builds preference lists; ``targets`` holds the programme's targets;
``check`` finds every violated rule.
"""

from netmatch._pairing.build import assemble, compact, steered
from netmatch._pairing.check import pairing_problems
from netmatch._pairing.reasons import unpaired_reason
from netmatch._pairing.results import COVERAGE_TARGET, NETWORK_TARGET, Kpis, Pair, Pairing, Unpaired
from netmatch._pairing.roles import ROLE_TEXT, roles
from netmatch._pairing.stable import Preferences, preferences
from netmatch._pairing.targets import ProgrammeTargets

__all__ = [
    "COVERAGE_TARGET",
    "NETWORK_TARGET",
    "ROLE_TEXT",
    "Kpis",
    "Pair",
    "Pairing",
    "Preferences",
    "ProgrammeTargets",
    "Unpaired",
    "assemble",
    "compact",
    "pairing_problems",
    "preferences",
    "roles",
    "steered",
    "unpaired_reason",
]
