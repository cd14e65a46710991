"""The export, show and report commands, added to the main click group by `register`.

Kept apart from cli.py (and not importing it: `python -m drugmine.cli` would import it a
second time) so the database and review features stay optional to read and to change.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def _fail(message: str) -> None:
    click.echo(f"drugmine: error: {message}", err=True)
    sys.exit(2)


def _check_pred(pred_dir: Path) -> None:
    if not pred_dir.is_dir():
        _fail(f"prediction directory not found: {pred_dir}")


@click.command("export")
@click.option(
    "--pred",
    "pred_dir",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Output directory of `drugmine run`.",
)
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
@click.option(
    "--raw",
    "raw_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the raw documents are, if the paths in documents.csv no longer resolve.",
)
def export_cmd(pred_dir: Path, target: str | None, fmt: str, raw_dir: Path | None) -> None:
    """Export the tables of PRED to a database (upsert by document), Parquet or BRAT.

    \b
    Examples:
      drugmine export --pred outputs
      drugmine export --pred outputs --to postgresql://me@localhost/drugs
      drugmine export --pred outputs --format brat --to brat/predictions
    """
    from .tables.brat_export import export_brat
    from .tables.export import ExportError
    from .tables.parquet import export_parquet
    from .tables.sql import export_sql

    _check_pred(pred_dir)
    if raw_dir is not None and not raw_dir.is_dir():
        _fail(f"raw directory not found: {raw_dir}")
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
        _fail(str(exc))
    click.echo(stats.summary())


def _directory(target: str | None, default: Path) -> Path:
    """Parquet and BRAT go to a directory; a database URL there is a mistake."""
    if target is None:
        return default
    if "://" in target:
        _fail(f"--to for parquet/brat is a directory, not a URL: {target}")
    return Path(target)


@click.command("show")
@click.argument("doc_id")
@click.option(
    "--pred",
    "pred_dir",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Output directory of `drugmine run`.",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    default=None,
    help="HTML file to write (default: PRED/review/DOC_ID.html).",
)
@click.option(
    "--raw",
    "raw_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the raw documents are, if the paths in documents.csv no longer resolve.",
)
def show_cmd(doc_id: str, pred_dir: Path, out_file: Path | None, raw_dir: Path | None) -> None:
    """Write a review page for DOC_ID: highlighted mentions, then facts with evidence.

    \b
    Example:
      drugmine show 000_d8f546b1eed1721c --pred outputs --out page.html
    """
    from .evaluation.review import write_page
    from .evaluation.show import render_show
    from .tables.export import ExportError

    _check_pred(pred_dir)
    try:
        html = render_show(pred_dir, doc_id, raw_dir)
    except ExportError as exc:
        _fail(str(exc))
    path = write_page(html, out_file or pred_dir / "review" / f"{doc_id}.html")
    click.echo(f"review page -> {path}")


@click.command("report")
@click.argument("eval_dir", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    default=None,
    help="HTML file to write (default: EVAL_DIR/report.html).",
)
def report_cmd(eval_dir: Path, out_file: Path | None) -> None:
    """Write an HTML evaluation report (charts, scores, errors) for EVAL_DIR.

    \b
    Example:
      drugmine report outputs/eval
    """
    from .evaluation.report import render_report
    from .evaluation.review import write_page
    from .tables.export import ExportError

    if not eval_dir.is_dir():
        _fail(f"evaluation directory not found: {eval_dir}")
    try:
        html = render_report(eval_dir)
    except ExportError as exc:
        _fail(str(exc))
    path = write_page(html, out_file or eval_dir / "report.html")
    click.echo(f"report -> {path}")


def register(group: click.Group) -> None:
    """Add export, show and report to the drugmine command group."""
    for command in (export_cmd, show_cmd, report_cmd):
        group.add_command(command)
