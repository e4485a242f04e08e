"""``python -m netmatch``: the command line."""

import sys

from netmatch.cli import main

__all__: list[str] = []

sys.exit(main())
