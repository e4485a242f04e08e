"""The coordinator's command line (``netmatch``), a thin shell over the public API.

:func:`main` runs it (:mod:`~netmatch.cli.commands`); the parser is in :mod:`~netmatch.cli.parser`,
every word in :mod:`~netmatch.cli.messages`, the settings file in :mod:`~netmatch.cli.settings`,
the siting record in :mod:`~netmatch.cli.siting`, the registry summary in
:mod:`~netmatch.cli.summary` and the progress bar in :mod:`~netmatch.cli.progress`.

>>> main(["--lang", "en", "validate", "no-such-registry.csv"])
2
"""

from netmatch.cli.commands import main
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
