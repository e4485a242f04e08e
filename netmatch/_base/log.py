"""What a long step is doing, told through the standard :mod:`logging` module (logger ``netmatch``).

The library never prints. Its long steps — reading a registry, planning, writing a plan — log
each stage at INFO with what it counted (rows, schools, pairs) in the record's ``stage`` and
``counts`` attributes; the command line turns them into its progress bar and, with ``-v``, into
lines in the user's language. A program that imports netmatch sees nothing unless it configures
logging (``logging.basicConfig(level=logging.INFO)`` shows the stages in English).

>>> import logging
>>> seen = []
>>> class Keep(logging.Handler):
...     def emit(self, record): seen.append((record.stage, record.counts, record.getMessage()))
>>> handler = Keep()
>>> logger.addHandler(handler); logger.setLevel(logging.INFO)
>>> stage("read.schools", rows=40_000)
>>> logger.removeHandler(handler); logger.setLevel(logging.NOTSET)
>>> seen
[('read.schools', {'rows': 40000}, 'read.schools: rows=40000')]
"""

from __future__ import annotations

import logging

__all__ = ["logger", "stage"]

logger = logging.getLogger("netmatch")
logger.addHandler(logging.NullHandler())  # a library's manners: no "no handlers" warning, no output


def stage(key: str, **counts: int | str) -> None:
    """Log that stage ``key`` of a long step has begun (or ended), with what it counts.

    ``key`` is a dotted name (``"read.results"``, ``"write.sheet"``) that a catalog can turn into
    words; ``counts`` are whole numbers (rows, schools) or a name (a sheet's). Nothing is built
    when INFO is off.
    """
    if logger.isEnabledFor(logging.INFO):
        text = " ".join(f"{k}={v}" for k, v in counts.items())
        logger.info("%s: %s" if text else "%s%s", key, text, extra={"stage": key, "counts": counts})
