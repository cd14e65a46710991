"""`drugmine export`: a run's tables to a database, Parquet files or BRAT standoff."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from .options import check_pred, fail, pred_option, raw_option


@click.command("export")
@pred_option
@click.option(
    "--to",
    "target",
    default=None,
    help="sql: database URL (sqlite:///PATH, postgresql://USER:PASS@HOST:PORT/DB; default "
    "sqlite:///PRED/drugmine.sqlite); parquet/brat: a directory (default PRED/parquet, "
    "PRED/brat).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["sql", "parquet", "brat"]),
    default="sql",
    show_default=True,
    help="Database tables, Parquet files, or BRAT standoff (.txt + .ann) of the predictions.",
)
@raw_option
def export_cmd(pred_dir: Path, target: str | None, fmt: str, raw_dir: Path | None) -> None:
    """Export the tables of PRED to a database (upsert by document), Parquet or BRAT.

    Documents are keyed by the sha256 of the raw bytes the run read (documents.csv), so
    the raw files are not needed for sql/parquet; a raw file that changed since the run
    is a warning there (the export holds what the run read) and refuses a BRAT export
    (its annotations would point at the wrong characters).

    \b
    Examples:
      drugmine export --pred outputs
      drugmine export --pred outputs --to postgresql://me@localhost/drugs
      drugmine export --pred outputs --format brat --to brat/predictions
    """
    from ..tables.brat_export import export_brat
    from ..tables.export import ExportError, RawChangedWarning
    from ..tables.parquet import export_parquet
    from ..tables.sql import export_sql

    check_pred(pred_dir)
    if raw_dir is not None and not raw_dir.is_dir():
        fail(f"raw directory not found: {raw_dir}")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RawChangedWarning)
            if fmt == "sql":
                url = target or f"sqlite:///{pred_dir / 'drugmine.sqlite'}"
                stats = export_sql(pred_dir, url, raw_dir)
            elif fmt == "parquet":
                stats = export_parquet(pred_dir, _directory(target, pred_dir / "parquet"), raw_dir)
            else:
                stats = export_brat(pred_dir, _directory(target, pred_dir / "brat"), raw_dir)
    except ExportError as exc:
        fail(str(exc))
    for w in caught:  # a raw file changed since the run: one line each
        if issubclass(w.category, RawChangedWarning):
            click.echo(f"drugmine: warning: {w.message}", err=True)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    click.echo(stats.summary())


def _directory(target: str | None, default: Path) -> Path:
    """Parquet and BRAT go to a directory; a database URL there is a mistake."""
    if target is None:
        return default
    if "://" in target:
        fail(f"--to for parquet/brat is a directory, not a URL: {target}")
    return Path(target)
