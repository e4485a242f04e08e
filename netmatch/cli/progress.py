"""The progress of long commands (``plan``, ``demo``, ``site``) on standard error, and ``-v``'s lines.

The steps of a command (read, plan, site, write) are the bar's units; inside a step the library
logs its stages (:mod:`netmatch._base.log`: «проверка школ (школ: 40 000)»)
and the bar shows the latest beside the step's name, with the elapsed time, which moves every
second even while one stage runs long. On a terminal the bar is tqdm's one redrawn line; into a
log (``--progress`` with standard error not a terminal) it is one line per step and stage.
``-v`` prints every stage as a line with its time, ``-vv`` the library's debug records too.

>>> import io
>>> from netmatch._base.log import stage
>>> out = io.StringIO()
>>> with Progress(["read", "plan"], "en", enabled=True, file=out) as bar:
...     bar("read"); stage("check.results", rows=2_100_000); bar("plan")
>>> print(out.getvalue().replace("0 s", "N s"), end="")
[1/2] reading the registry (N s)
      checking results (2,100,000 rows) (N s)
[2/2] identification, pairing and resources (N s)
[2/2] done (N s)
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import IO, Any

from netmatch._base.log import logger
from netmatch._words.numbers import number
from netmatch.cli.messages import STAGES, STEPS

__all__ = ["Progress", "stage_text"]


def stage_text(key: str, counts: Mapping[str, Any], lang: str) -> str:
    """A stage of the library in words: its catalog text with the counts written as ``lang`` writes numbers.

    >>> stage_text("check.results", {"rows": 2100000}, "ru")
    'проверка результатов (строк: 2\\xa0100\\xa0000)'
    >>> stage_text("some.new.stage", {"n": 3}, "en")
    'some.new.stage'
    """
    words = STAGES[lang].get(key)
    if words is None:
        return key
    shown = {k: number(v, lang) if isinstance(v, (int, float)) else v for k, v in counts.items()}
    text, _, with_counts = words.partition("|")  # "without counts|with counts"
    try:
        return with_counts.format(**shown) if shown and with_counts else text
    except KeyError:
        return text


class _Stages(logging.Handler):
    """Hands the library's stage records to the bar."""

    def __init__(self, bar: Progress) -> None:
        super().__init__(logging.INFO)
        self.bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        key = getattr(record, "stage", None)
        if key is not None:
            self.bar.stage(key, getattr(record, "counts", {}))
        elif self.bar.verbose > 1:
            self.bar.line(record.getMessage())


class Progress:
    """A command's progress: call it with each step's name as the step starts; use it as a context manager.

    ``enabled`` shows the bar; ``verbose`` (``-v`` count) prints every stage as a line whether or
    not the bar is shown; ``file`` is standard error unless given.
    """

    def __init__(self, steps: Sequence[str], lang: str = "ru", *, enabled: bool, verbose: int = 0,
                 file: IO[str] | None = None) -> None:
        self.steps, self.lang, self.enabled, self.verbose = list(steps), lang, enabled, verbose
        self.file = file if file is not None else sys.stderr
        self.tty = self.file.isatty()
        self.done, self.start, self.current = 0, time.monotonic(), ""
        self._bar: Any = None
        self._handler = _Stages(self)
        self._level = logger.level
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    # --- the context: the library's stages reach the bar while it is open --------------------------

    def __enter__(self) -> Progress:
        if self.enabled or self.verbose:
            logger.addHandler(self._handler)
            logger.setLevel(logging.DEBUG if self.verbose > 1 else logging.INFO)
        if self.enabled and self.tty:
            from tqdm import tqdm

            # the size the terminal says (COLUMNS, LINES first); 80 x 24 when it says 0, as a new pseudo-terminal
            # may, and tqdm would then draw nothing
            size = shutil.get_terminal_size((80, 24))
            self._bar = tqdm(total=len(self.steps), file=self.file, leave=False, ncols=max(size.columns, 40),
                             nrows=max(size.lines, 2),
                             bar_format="{n_fmt}/{total_fmt} |{bar:16}| {elapsed} {desc}")
            self._ticker = threading.Thread(target=self._tick, name="netmatch-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self.finish()
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self._bar is not None:
            self._bar.close()  # leave=False: the line is cleared, the command's own output follows
            self._bar = None
        logger.removeHandler(self._handler)
        logger.setLevel(self._level)

    def _tick(self) -> None:
        """Redraw once a second, so that the elapsed time moves while a stage runs long."""
        while not self._stop.wait(1.0):
            bar = self._bar
            if bar is not None:
                bar.refresh()

    # --- what the command and the library report ----------------------------------------------------

    def __call__(self, step: str) -> None:
        """Step ``step`` starts (the steps before it are done)."""
        self.current = STEPS[self.lang].get(step, step)
        self._show(self.current, new_step=True)
        self.done += 1

    def stage(self, key: str, counts: Mapping[str, Any]) -> None:
        """A stage of the library inside the current step."""
        text = stage_text(key, counts, self.lang)
        if self._bar is not None:
            self._bar.set_description_str(f"{self.current}: {text}")
        elif self.enabled and not self.verbose:
            self.line("      " + text)
        if self.verbose:
            self.line(f"      {text}")

    def line(self, text: str) -> None:
        """One line under the bar (or in the log), with the elapsed time."""
        line = f"{text} ({time.monotonic() - self.start:.0f} s)"
        if self._bar is not None:
            self._bar.write(line, file=self.file)
        else:
            self.file.write(line + "\n")
            self.file.flush()

    def finish(self) -> None:
        """Every step done."""
        self.done = len(self.steps)
        self.current = STEPS[self.lang]["done"]
        self._show(self.current, new_step=False)

    def _show(self, text: str, new_step: bool) -> None:
        if self._bar is not None:
            self._bar.n = self.done + (1 if new_step else 0)
            self._bar.set_description_str(text)
        elif self.enabled or (self.verbose and new_step):
            self.line(f"[{min(self.done + 1, len(self.steps))}/{len(self.steps)}] {text}")
