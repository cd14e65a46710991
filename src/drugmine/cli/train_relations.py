"""`drugmine train-relations`: retrain (and cross-validate) the relation model."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..learned.decide import DEFAULT_MODEL


@click.command("train-relations")
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("annotations"), show_default=True, help="Gold annotations.")  # fmt: skip
@click.option("--raw", "raw_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("raw"), show_default=True, help="Raw gold documents.")  # fmt: skip
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_MODEL,
              show_default=True, help="Where to write the model (spaCy directory).")  # fmt: skip
@click.option("--cv", "folds", type=int, default=0,
              help="Also score rules/model/both on real-dev, N-fold.")  # fmt: skip
def train_relations(gold_dir: Path, raw_dir: Path, out_dir: Path, folds: int) -> None:
    """Train the learned relation layer on the seed, authored and real-dev gold documents
    (never real-heldout) and write it with its card (card.json)."""
    from ..learned.train import cross_validate, train_and_save

    for path in (gold_dir / "facts.tsv", gold_dir / "splits.tsv"):
        if not path.is_file():
            raise click.UsageError(f"{path} not found")
    if folds > 1:
        scores = cross_validate(gold_dir, raw_dir, folds)
        for mode, rows in scores.items():
            click.echo(f"{mode:6s} facts micro F1 {rows['micro']:.3f}  {json.dumps(rows)}")
    card = train_and_save(gold_dir, raw_dir, out_dir)
    click.echo(f"model -> {out_dir} ({card['documents']} documents, pairs {card['pairs']})")
