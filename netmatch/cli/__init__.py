"""The coordinator's command line (``netmatch``), a thin shell over the public API.

:func:`main` runs it (:mod:`~netmatch.cli.commands`); the parser is in :mod:`~netmatch.cli.parser`,
every word in :mod:`~netmatch.cli.messages`, the settings file in :mod:`~netmatch.cli.settings`,
the siting record in :mod:`~netmatch.cli.siting`, the registry summary in
:mod:`~netmatch.cli.summary` and the progress bar in :mod:`~netmatch.cli.progress`.

This module itself imports nothing heavy: the command line starts at once, and a Ctrl-C while
the libraries load (pandas, scipy) ends with one line and exit 130, like one later.

>>> main(["--lang", "en", "validate", "no-such-registry.csv"])
2
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netmatch.cli.interrupted import INTERRUPTED, ctrl_c_handled

if TYPE_CHECKING:
    from netmatch.cli.settings import (
        PlanOptions,
        Settings,
        SitingOptions,
        load_config,
        parse_value,
        resolve,
    )
    from netmatch.cli.summary import summary

__all__ = ['PlanOptions', 'Settings', 'SitingOptions', 'load_config', 'main', 'parse_value', 'resolve', 'summary']

_FROM = {"PlanOptions": "settings", "Settings": "settings", "SitingOptions": "settings", "load_config": "settings",
         "parse_value": "settings", "resolve": "settings", "summary": "summary"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (:func:`netmatch.cli.commands.main`); returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        with ctrl_c_handled():  # a Ctrl-C while the libraries load waits for the import, then ends the run
            from netmatch.cli.commands import main as run

            status = run(words)
    except KeyboardInterrupt:  # before the command's own handler, or still waiting when the run ended
        english = "en" in [w.split("=", 1)[-1] for k, w in enumerate(words)
                           if w.startswith("--lang=") or (k and words[k - 1] == "--lang")]
        print(INTERRUPTED["en" if english else "ru"], file=sys.stderr)
        return 130
    return status


def __getattr__(name: str) -> Any:
    if name not in _FROM:
        raise AttributeError(f"module 'netmatch.cli' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"netmatch.cli.{_FROM[name]}"), name)
    globals()[name] = value
    return value
