"""The `geokg` command: one module per command group, composed in `commands`."""

from geokg.cli.commands import main

__all__ = ["main"]
