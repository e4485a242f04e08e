"""``python -m netmatch``: the command line."""

import sys

from netmatch.cli import main

sys.exit(main())
