"""Scoring a trained NER on corpus documents: strict/lenient P/R/F1 per type, and speed."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from ..evaluation.corpora import CorpusDoc
from .model import LABELS


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    """Precision/recall/F1 with separate true-positive counts for predictions and gold."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f1": round(f, 4),
        "n_pred": n_pred,
        "n_gold": n_gold,
        "tp": tp_gold,
    }


def _overlaps(span: tuple[int, int, str], others: set[tuple[int, int, str]]) -> bool:
    return any(o[2] == span[2] and o[0] < span[1] and span[0] < o[1] for o in others)


def score_spans(pred: list[set], gold: list[set], types: Sequence[str]) -> dict:
    """Strict (exact offsets and type) and lenient (same type, overlapping) P/R/F1 per type."""
    out: dict = {"strict": {}, "lenient": {}}
    for etype in [*types, "micro"]:
        keep = set(types) if etype == "micro" else {etype}
        counts = {"strict": [0, 0, 0, 0], "lenient": [0, 0, 0, 0]}
        for p_set, g_set in zip(pred, gold, strict=True):
            p_set = {s for s in p_set if s[2] in keep}
            g_set = {s for s in g_set if s[2] in keep}
            exact = len(p_set & g_set)
            counts["strict"] = [
                a + b
                for a, b in zip(
                    counts["strict"], (exact, len(p_set), exact, len(g_set)), strict=True
                )
            ]
            lenient = (
                sum(_overlaps(s, g_set) for s in p_set),
                len(p_set),
                sum(_overlaps(s, p_set) for s in g_set),
                len(g_set),
            )
            counts["lenient"] = [a + b for a, b in zip(counts["lenient"], lenient, strict=True)]
        for mode in ("strict", "lenient"):
            out[mode][etype] = _prf(*counts[mode])
    return out


def predict_spans(nlp: Language, docs: Sequence[CorpusDoc]) -> tuple[list[set], int, float]:
    """Predicted (start, end, label) sets per doc, the token count and the seconds taken."""
    start = time.perf_counter()
    preds, words = [], 0
    for doc in nlp.pipe((d.text for d in docs), batch_size=32):
        words += len(doc)
        preds.append({(e.start_char, e.end_char, e.label_) for e in doc.ents})
    return preds, words, time.perf_counter() - start


def evaluate_ner(
    model_path: str | Path | Language,
    docs: Sequence[CorpusDoc],
    types: Sequence[str] = LABELS,
) -> dict:
    """Strict and lenient P/R/F1 per type (and micro) of a model on ``docs``, plus speed.

    Gold mentions are used as given (no alignment filtering), so tokenisation errors count.
    """
    nlp = model_path if isinstance(model_path, Language) else spacy.load(model_path)
    preds, words, seconds = predict_spans(nlp, docs)
    gold = [{(e.start, e.end, e.type) for e in d.entities} for d in docs]
    scores = score_spans(preds, gold, types)
    scores.update(
        n_docs=len(docs),
        words=words,
        seconds=round(seconds, 2),
        words_per_second=round(words / seconds) if seconds else None,
    )
    return scores
