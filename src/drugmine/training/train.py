"""Train and evaluate a small CPU spaCy NER (Chemical, Disease) on BC5CDR.

Only the BC5CDR train and development files are used for training (optionally plus NCBI-disease
train); the test split is never read here except by :func:`evaluate_ner` when the command line
asks for a final report. A fixed slice of BC5CDR dev is held out for early stopping.

Run (one core; this is how the shipped ``models/ner_bc5cdr`` was made)::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 \\
        drugmine train-ner --corpus /work/shared/corpora \\
        --out src/drugmine/models/ner_bc5cdr --n-iter 150 --max-minutes 68 --patience 15 \\
        --report-test

``--pretrain-minutes`` (masked-character pretraining of tok2vec on non-test text) and
``--embed chars`` are available but did not beat the default on the BC5CDR dev holdout.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import compounding, fix_random_seed, minibatch
from thinc.api import Adam

from ..evaluation.corpora import CorpusDoc, corpus_docs
from .examples import load_training_docs, make_examples, split_holdout
from .model import (
    EXTRA_INFIX,
    EXTRA_PREFIX,
    EXTRA_SUFFIX,
    LABELS,
    LOG,
    NERSettings,
    add_ner_pipes,
    make_blank_nlp,
)
from .pretrain import pretrain_texts, pretrain_tok2vec
from .scores import evaluate_ner


def _batches(examples: list[Example], sizes: Iterable[float]) -> Iterable[list[Example]]:
    """Shuffle in place and yield compounding-size minibatches."""
    random.shuffle(examples)
    return minibatch(examples, size=sizes)


def run_training(
    nlp: Language,
    examples: list[Example],
    holdout: list[CorpusDoc],
    n_iter: int,
    settings: NERSettings,
    init_tok2vec: bytes | None = None,
) -> tuple[bytes, list[dict]]:
    """Train with early stopping on ``holdout`` strict micro F1; returns best weights and log."""
    optimizer = Adam(
        learn_rate=settings.learn_rate,
        L2=settings.l2,
        grad_clip=settings.grad_clip,
        use_averages=True,
    )
    nlp.initialize(lambda: examples, sgd=optimizer)
    if init_tok2vec is not None:
        nlp.get_pipe("tok2vec").model.from_bytes(init_tok2vec)
    sizes = compounding(settings.batch_start, settings.batch_stop, settings.batch_compound)
    best, best_bytes, history, started = -1.0, nlp.to_bytes(), [], time.perf_counter()
    for epoch in range(1, n_iter + 1):
        losses: dict = {}
        for batch in _batches(examples, sizes):
            nlp.update(batch, drop=settings.dropout, sgd=optimizer, losses=losses)
        with nlp.use_params(optimizer.averages):
            scores = evaluate_ner(nlp, holdout)
            f1 = scores["strict"]["micro"]["f1"]
            if f1 > best:
                best, best_bytes = f1, nlp.to_bytes()
        minutes = (time.perf_counter() - started) / 60
        history.append(
            {
                "epoch": epoch,
                "loss": round(losses.get("ner", 0.0), 1),
                "holdout_f1": f1,
                "minutes": round(minutes, 2),
            }
        )
        LOG.info(
            "epoch %d loss %.1f holdout strict F1 %.4f (best %.4f) %.1f min",
            epoch,
            losses.get("ner", 0.0),
            f1,
            best,
            minutes,
        )
        if _should_stop(history, best, settings, minutes):
            break
    return best_bytes, history


def _should_stop(history: list[dict], best: float, settings: NERSettings, minutes: float) -> bool:
    """Stop on patience (epochs since the best holdout F1) or the time budget."""
    best_epoch = max(h["epoch"] for h in history if h["holdout_f1"] == best)
    if history[-1]["epoch"] - best_epoch >= settings.patience:
        return True
    return settings.max_minutes is not None and minutes >= settings.max_minutes


def dir_size(path: Path) -> int:
    """Total bytes of the files under ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def train_ner(
    corpus_dir: Path,
    out_dir: Path,
    *,
    corpora: Sequence[str] = ("bc5cdr",),
    n_iter: int = 150,
    seed: int = 0,
    include_ncbi_train: bool = False,
    settings: NERSettings | None = None,
) -> dict:
    """Train the Chemical/Disease NER on BC5CDR train+dev, save it to ``out_dir``, return the card.

    A fixed ``settings.holdout_fraction`` of BC5CDR dev is held out for early stopping;
    ``include_ncbi_train`` adds NCBI-disease train (Disease only: chemicals found by a BC5CDR
    gazetteer are marked missing). Writes ``out_dir/meta-card.json`` (data, settings, scores,
    size, speed).
    """
    settings = settings or NERSettings()
    fix_random_seed(seed)
    corpora = list(dict.fromkeys([*corpora, *(["ncbi_disease"] if include_ncbi_train else [])]))
    data = load_training_docs(Path(corpus_dir), corpora)
    _, holdout = split_holdout(data["bc5cdr_dev"], settings.holdout_fraction)
    nlp = make_blank_nlp()
    add_ner_pipes(nlp, settings)
    examples, stats = make_examples(nlp, data, {d.doc_id for d in holdout})
    weights, pretrain_log = None, {}
    if settings.pretrain_minutes > 0:
        texts, pretrain_log["sources"] = pretrain_texts(Path(corpus_dir))
        weights, log = pretrain_tok2vec(nlp, texts, settings)
        pretrain_log.update(log)
    started = time.perf_counter()
    best_bytes, history = run_training(nlp, examples, holdout, n_iter, settings, weights)
    train_minutes = (time.perf_counter() - started) / 60
    nlp.from_bytes(best_bytes)
    holdout_scores = evaluate_ner(nlp, holdout)
    _set_meta(nlp, corpora, holdout_scores)
    out_dir = Path(out_dir)
    nlp.to_disk(out_dir)
    card = {
        "data": {
            "corpora": corpora,
            "sources": stats,
            "holdout_docs": len(holdout),
            "holdout_ids": sorted(d.doc_id for d in holdout),
            "training_words": sum(len(e.reference) for e in examples),
            "test_split_used_for_training": False,
        },
        "settings": {
            **asdict(settings),
            "n_iter": n_iter,
            "seed": seed,
            "labels": list(LABELS),
            "tokenizer": {
                "base": "scispacy combined_rule_tokenizer",
                "extra_infix": EXTRA_INFIX,
                "extra_prefix": EXTRA_PREFIX,
                "extra_suffix": EXTRA_SUFFIX,
            },
        },
        "pretraining": pretrain_log,
        "training": {
            "epochs": len(history),
            "minutes": round(train_minutes, 1),
            "best_epoch": max(history, key=lambda h: h["holdout_f1"])["epoch"],
            "history": history,
        },
        "scores": {"holdout": holdout_scores},
        "size_bytes": dir_size(out_dir),
        "speed": {
            "words_per_second": holdout_scores["words_per_second"],
            "measured_on": "bc5cdr dev holdout",
        },
    }
    write_card(out_dir, card)
    return card


def _set_meta(nlp: Language, corpora: Sequence[str], holdout: dict) -> None:
    """Fill ``meta.json`` fields shown by spaCy."""
    nlp.meta.update(
        name="ner_bc5cdr",
        version="0.1.0",
        license="MIT",
        description="drugmine Chemical/Disease NER (HashEmbedCNN) trained on "
        + ", ".join(corpora)
        + " train+dev; see meta-card.json",
    )
    nlp.meta["performance"] = {"holdout_strict_f1": holdout["strict"]["micro"]["f1"]}


def write_card(out_dir: Path, card: dict) -> Path:
    """Write ``out_dir/meta-card.json`` and return its path."""
    path = Path(out_dir) / "meta-card.json"
    path.write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path



def report_test(corpus_dir: Path, out_dir: Path, card: dict) -> dict:
    """Add BC5CDR test and NCBI-disease test scores (and speed on BC5CDR test) to the card."""
    nlp = spacy.load(out_dir)
    bc5 = evaluate_ner(nlp, corpus_docs("bc5cdr", corpus_dir, "test"))
    ncbi = evaluate_ner(nlp, corpus_docs("ncbi_disease", corpus_dir, "test"), types=("Disease",))
    card["scores"].update(bc5cdr_test=bc5, ncbi_disease_test=ncbi)
    card["speed"] = {
        "words_per_second": bc5["words_per_second"],
        "measured_on": "bc5cdr test, nlp.pipe batch 32, one thread",
    }
    write_card(out_dir, card)
    return card
