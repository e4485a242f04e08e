"""The coordinator's command line (``netmatch``), a thin shell over the public API."""

from netmatch.cli.commands import (
    main,
    summary,
)
from netmatch.cli.settings import (
    PlanOptions,
    Settings,
    SitingOptions,
    load_config,
    parse_value,
    resolve,
)

__all__ = ['PlanOptions', 'Settings', 'SitingOptions', 'load_config', 'main', 'parse_value', 'resolve', 'summary']
