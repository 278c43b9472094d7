"""`python -m geokg.cli`: the `geokg` command."""

import sys

from geokg.cli.commands import main

sys.exit(main())
