"""What the commands share: the one-line usage error and the --pred/--raw options of the
commands that read a run's outputs."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def fail(message: str) -> None:
    """Print `drugmine: error: MESSAGE` on stderr and exit with status 2 (usage error)."""
    click.echo(f"drugmine: error: {message}", err=True)
    sys.exit(2)


def check_pred(pred_dir: Path) -> None:
    if not pred_dir.is_dir():
        fail(f"prediction directory not found: {pred_dir}")


pred_option = click.option(
    "--pred",
    "pred_dir",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Output directory of `drugmine run`.",
)
raw_option = click.option(
    "--raw",
    "raw_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the raw documents are, if the paths in documents.csv no longer resolve.",
)
