"""The drugmine command line (click): one module per command, shared options in
options.py, the group and the console entry point (`drugmine = "drugmine.cli:main"`) in app.py."""

import os as _os
import sys as _sys

from ..batch import signals as _signals

# Run as the command (the console script, or `python -m drugmine.cli` while it is being
# located): stop signals are handled from here on, before the imports (about 0.6 s);
# a program that only imports drugmine.cli keeps its own handling.
if _os.path.basename((getattr(_sys, "argv", None) or [""])[0]) in ("drugmine", "-m"):
    _signals.install_early()

from .app import cli, main  # noqa: E402

__all__ = ["cli", "main"]
