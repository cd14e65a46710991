"""`drugmine show`: the review page of one document."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from .options import check_pred, fail, pred_option, raw_option


@click.command("show")
@click.argument("doc_id")
@pred_option
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    default=None,
    help="HTML file to write (default: PRED/review/DOC_ID.html).",
)
@raw_option
def show_cmd(doc_id: str, pred_dir: Path, out_file: Path | None, raw_dir: Path | None) -> None:
    """Write a review page for DOC_ID: highlighted mentions, then facts with evidence.

    \b
    Example:
      drugmine show 000_d8f546b1eed1721c --pred outputs --out page.html
    """
    from ..evaluation.review import write_page
    from ..evaluation.show import render_show
    from ..tables.export import ExportError

    check_pred(pred_dir)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            html = render_show(pred_dir, doc_id, raw_dir)
    except ExportError as exc:
        fail(str(exc))
    for w in caught:  # e.g. the raw HTML file changed since the run: one line each
        click.echo(f"drugmine: warning: {w.message}", err=True)
    path = write_page(html, out_file or pred_dir / "review" / f"{doc_id}.html")
    click.echo(f"review page -> {path}")
