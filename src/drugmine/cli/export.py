"""`drugmine export`: a run's tables to a database, Parquet files or BRAT standoff."""

from __future__ import annotations

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

    \b
    Examples:
      drugmine export --pred outputs
      drugmine export --pred outputs --to postgresql://me@localhost/drugs
      drugmine export --pred outputs --format brat --to brat/predictions
    """
    from ..tables.brat_export import export_brat
    from ..tables.export import ExportError
    from ..tables.parquet import export_parquet
    from ..tables.sql import export_sql

    check_pred(pred_dir)
    if raw_dir is not None and not raw_dir.is_dir():
        fail(f"raw directory not found: {raw_dir}")
    try:
        if fmt == "sql":
            stats = export_sql(
                pred_dir, target or f"sqlite:///{pred_dir / 'drugmine.sqlite'}", raw_dir
            )
        elif fmt == "parquet":
            stats = export_parquet(pred_dir, _directory(target, pred_dir / "parquet"), raw_dir)
        else:
            stats = export_brat(pred_dir, _directory(target, pred_dir / "brat"), raw_dir)
    except ExportError as exc:
        fail(str(exc))
    click.echo(stats.summary())


def _directory(target: str | None, default: Path) -> Path:
    """Parquet and BRAT go to a directory; a database URL there is a mistake."""
    if target is None:
        return default
    if "://" in target:
        fail(f"--to for parquet/brat is a directory, not a URL: {target}")
    return Path(target)
