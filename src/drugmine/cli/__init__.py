"""The drugmine command line (click): one module per command, shared options in
options.py, the group and the console entry point (`drugmine = "drugmine.cli:main"`) in app.py."""

from .app import cli, main

__all__ = ["cli", "main"]
