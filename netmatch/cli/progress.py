"""The progress bar of long commands (``netmatch plan``, ``netmatch site``), on standard error.

Shown when standard error is a terminal; ``--progress`` forces it, ``--no-progress`` hides it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence

__all__ = ["Progress"]


class Progress:
    """A plain progress bar of named steps on standard error: call it with each step's name as it starts.

    On a terminal the bar redraws one line; otherwise (a log, a pipe) it writes a line per step.

    >>> bar = Progress(["read", "plan"], {"read": "reading"}, enabled=False)
    >>> bar("read"); bar("plan"); bar.finish(); bar.done
    2
    """

    def __init__(self, steps: Sequence[str], names: Mapping[str, str], enabled: bool) -> None:
        self.steps, self.names, self.enabled = list(steps), names, enabled
        self.done, self.start, self.tty = 0, time.monotonic(), sys.stderr.isatty()

    def __call__(self, step: str) -> None:
        self._show(step)
        self.done += 1

    def _show(self, step: str) -> None:
        if not self.enabled:
            return
        total = len(self.steps)
        width = 24
        filled = int(width * self.done / max(total, 1))
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{total} {self.names.get(step, step)} "
                f"({time.monotonic() - self.start:.0f} s)")
        sys.stderr.write(("\r" + line.ljust(78)) if self.tty else line + "\n")
        sys.stderr.flush()

    def finish(self) -> None:
        self.done = len(self.steps)
        self._show("done")
        if self.enabled and self.tty:
            sys.stderr.write("\n")
