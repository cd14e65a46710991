"""`drugmine report`: the HTML evaluation report of an evaluation directory."""

from __future__ import annotations

from pathlib import Path

import click

from .options import fail


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
    from ..evaluation.report import render_report
    from ..evaluation.review import write_page
    from ..tables.export import ExportError

    if not eval_dir.is_dir():
        fail(f"evaluation directory not found: {eval_dir}")
    try:
        html = render_report(eval_dir)
    except ExportError as exc:
        fail(str(exc))
    path = write_page(html, out_file or eval_dir / "report.html")
    click.echo(f"report -> {path}")
