"""Ctrl-C on the command line: the one line it ends with, and a handler that never interrupts an import.

Light on purpose (nothing but the standard library): :func:`netmatch.cli.main` uses it before the
libraries load.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["INTERRUPTED", "ctrl_c_handled", "interrupted_inside"]

#: The one line a Ctrl-C ends the command line with, in both languages (also before the catalog loads).
INTERRUPTED = {"ru": "Прервано (Ctrl-C).", "en": "Interrupted (Ctrl-C)."}
#: The Ctrl-C waiting for an import to end, to be sent again (none once it is raised or the run ends).
_RETRIES: list[threading.Timer] = []


def _importing(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside an import (the interpreter's import machinery is on its stack)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _ctrl_c(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C as a KeyboardInterrupt, but never inside an import: tried again 50 ms later.

    pandas, pyarrow and scipy are imported when first needed, in the middle of a run; a
    KeyboardInterrupt raised while a compiled module initialises is lost or turns into another
    error (measured: a Ctrl-C during the reading of a registry was ignored about half the time).
    """
    if _importing(frame):
        retry = threading.Timer(0.05, os.kill, (os.getpid(), signum))
        retry.daemon = True
        _RETRIES.append(retry)
        retry.start()
        return
    _RETRIES.clear()
    raise KeyboardInterrupt


@contextlib.contextmanager
def ctrl_c_handled() -> Iterator[None]:
    """:func:`_ctrl_c` as the handler of SIGINT while the command runs (on the main thread only).

    A Ctrl-C still waiting for an import when the block ends is raised at its end: a run that
    imports much may finish before the retry finds it outside an import, and it was stopped all the same.
    """
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    signal.signal(signal.SIGINT, _ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        pending = bool(_RETRIES)
        for retry in _RETRIES:
            retry.cancel()
        _RETRIES.clear()
    if pending:  # the run ended while the Ctrl-C still waited for an import: it was interrupted all the same
        raise KeyboardInterrupt


def interrupted_inside(exc: BaseException) -> bool:
    """Whether an error is a Ctrl-C that a library turned into one of its own.

    pyarrow turns a Ctrl-C during its reading into ``ArrowCancelled`` (with ``signum``); pydantic
    turns one raised while it builds a validator into a ``SchemaError`` whose text names the
    ``KeyboardInterrupt`` (seen when a Ctrl-C came as the registry's models were first validated).

    >>> from pydantic_core import SchemaError
    >>> interrupted_inside(SchemaError('Error building "list" validator:\\n  KeyboardInterrupt: '))
    True
    >>> interrupted_inside(ValueError("KeyboardInterrupt"))
    False
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt) or getattr(seen, "signum", None) == signal.SIGINT:
            return True
        if type(seen).__name__ == "SchemaError" and "KeyboardInterrupt" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
