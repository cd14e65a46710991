"""`drugmine bench`: score the pipeline on a public corpus split."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import fail


@click.command("bench")
@click.argument(
    "corpus", type=click.Choice(["bc5cdr", "ncbi_disease", "ade", "tac2017", "chemprot"])
)
@click.option(
    "--path",
    "corpus_path",
    type=click.Path(path_type=Path),
    default=Path("../shared/corpora"),
    show_default=True,
    help="Corpora root (or the corpus folder itself).",
)
@click.option(
    "--split", type=click.Choice(["train", "dev", "test"]), default="dev", show_default=True
)
@click.option("--limit", type=int, default=None, help="Only the first N documents.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("outputs/bench"),
    show_default=True,
    help="Where to write <corpus>_<split>.json/.csv.",
)
@click.option("--ner-model", default=None, help="As for `run`; `none` for vocabulary only.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def bench(corpus, corpus_path, split, limit, out_dir, ner_model, quiet):
    """Score the pipeline on a public corpus split (strict/lenient P/R/F1 per type, relations).

    \b
    Example:
      drugmine bench bc5cdr --path ../shared/corpora --split test
    """
    from ..evaluation.bench import format_bench, run_bench, write_bench
    from ..evaluation.corpora import corpus_docs

    try:
        total = len(corpus_docs(corpus, corpus_path, split))  # checked also with --quiet
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    if limit:
        total = min(total, limit)
    with click.progressbar(
        length=total, label=f"{corpus} {split}", file=sys.stderr, hidden=quiet
    ) as bar:
        result = run_bench(corpus, corpus_path, split, limit, ner_model, bar.update)
    stem = write_bench(result, out_dir)
    click.echo(format_bench(result))
    click.echo(f"-> {stem}.json, {stem}.csv")
