"""Small helpers shared by several modules."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects at once.

    Building a networkx graph or a plan for a region means hundreds of thousands of small dicts;
    each few hundred of them start a collection that walks every tracked object in the process —
    with a registry of two million results loaded that doubled the time of ``build_graph``
    (measured at 40,000 schools). These builders make no reference cycles, so nothing is held
    back: collection resumes afterwards, unless the caller had it paused already. Use it as a
    ``with`` block or as a decorator, ``@gc_paused()``.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
