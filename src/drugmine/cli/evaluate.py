"""`drugmine evaluate`: score a run's outputs against gold (also the end of `run --gold`)."""

from __future__ import annotations

from pathlib import Path

import click

from .options import fail


def run_evaluation(
    gold_dir: Path, pred_dir: Path, eval_dir: Path, split: str | None = None
) -> None:
    """Score PRED against GOLD into EVAL_DIR and print the table (`evaluate`, `run --gold`)."""
    from ..evaluation.evaluate import NoSharedDocuments, evaluate, format_table, write_evaluation
    from ..tables.brat import GoldFormatError

    try:
        result = evaluate(gold_dir, pred_dir, split)
    except (FileNotFoundError, GoldFormatError, NoSharedDocuments) as exc:
        fail(str(exc))
    write_evaluation(result, eval_dir)
    click.echo(format_table(result))
    summary = result["summary"]
    if summary.get("not_run"):
        total = summary["documents"] + summary["not_run"]
        click.echo(
            f"scored on the {summary['documents']} of {total} gold documents in "
            f"{pred_dir / 'documents.csv'}; {summary['not_run']} were not run"
        )
    click.echo(f"evaluation -> {eval_dir}")


@click.command("evaluate")
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Directory with <doc_id>.ann files and facts.tsv.",
)
@click.option(
    "--pred",
    "pred_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Output directory of `drugmine run`.",
)
@click.option(
    "--out",
    "eval_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write summary.json, scores.csv, errors.csv (default: PRED/eval).",
)
@click.option(
    "--split",
    default=None,
    help="Only gold documents of these splits (comma-separated) in GOLD/splits.tsv.",
)
def evaluate_cmd(gold_dir, pred_dir, eval_dir, split):
    """Score predictions against gold (strict/lenient mentions, facts with aliases).

    \b
    Example:
      drugmine evaluate --gold annotations --pred outputs --out outputs/eval
    """
    if not gold_dir.is_dir():
        fail(f"gold directory not found: {gold_dir}")
    if not pred_dir.is_dir():
        fail(f"prediction directory not found: {pred_dir}")
    run_evaluation(gold_dir, pred_dir, eval_dir or pred_dir / "eval", split)
