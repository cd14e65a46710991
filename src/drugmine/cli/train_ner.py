"""`drugmine train-ner`: retrain the shipped BC5CDR NER model (CPU, no torch)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from ..training.model import NERSettings


@click.command("train-ner")
@click.option("--corpus", type=click.Path(path_type=Path, file_okay=False, exists=True),
              required=True, help="Corpora root (holds bc5cdr/, ncbi_disease/).")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Model output directory.")  # fmt: skip
@click.option("--n-iter", type=int, default=150, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--max-minutes", type=float, default=None)
@click.option("--patience", type=int, default=NERSettings.patience, show_default=True)
@click.option("--dropout", type=float, default=NERSettings.dropout, show_default=True)
@click.option("--embed-size", type=int, default=NERSettings.embed_size, show_default=True)
@click.option("--width", type=int, default=NERSettings.width, show_default=True)
@click.option("--depth", type=int, default=NERSettings.depth, show_default=True)
@click.option("--embed", type=click.Choice(["hash", "chars"]), default=NERSettings.embed)
@click.option("--pretrain-minutes", type=float, default=0.0,
              help="Pretrain tok2vec on unlabelled non-test text first.")  # fmt: skip
@click.option("--include-ncbi-train", is_flag=True)
@click.option("--report-test", is_flag=True,
              help="After training, score BC5CDR test and NCBI-disease test.")  # fmt: skip
def train_ner_cmd(
    corpus, out, n_iter, seed, max_minutes, patience, dropout, embed_size,
    width, depth, embed, pretrain_minutes, include_ncbi_train, report_test,
):  # fmt: skip
    """Train the NER on BC5CDR train+dev (never test), save it with its card."""
    from ..training.train import report_test as score_test
    from ..training.train import train_ner

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    settings = NERSettings(embed=embed, width=width, depth=depth, embed_size=embed_size,
                           dropout=dropout, patience=patience, max_minutes=max_minutes,
                           pretrain_minutes=pretrain_minutes)  # fmt: skip
    card = train_ner(corpus, out, n_iter=n_iter, seed=seed,
                     include_ncbi_train=include_ncbi_train, settings=settings)  # fmt: skip
    if report_test:
        card = score_test(corpus, out, card)
    click.echo(json.dumps({k: card[k] for k in ("scores", "size_bytes", "speed")}, indent=2))
