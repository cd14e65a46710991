"""Matching and counting, as ANNOTATION.md's scoring section defines it: mention spans
(strict, lenient) and facts (drug or brand, object or alias), with their error rows."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from ..tables.brat import GoldFact

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def norm(text: str) -> str:
    """NFKC, casefold, runs of non-alphanumerics to one space, stripped."""
    return _NON_ALNUM.sub(" ", unicodedata.normalize("NFKC", str(text)).casefold()).strip()


@dataclass
class Span:
    doc_id: str
    label: str
    start: int
    end: int
    text: str = ""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def row(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
        }


def match_spans(gold: list[Span], pred: list[Span], lenient: bool) -> tuple[list, list, list]:
    """(matched pairs, unmatched gold, unmatched pred); each span is used at most once,
    and a prediction repeated at the same place counts once.

    Exact matches are paired first; with `lenient`, the rest then pair by largest overlap,
    so an exact pair is never lost to a greedy overlap choice."""
    by_key: dict[tuple, list[int]] = defaultdict(list)
    seen: set[tuple] = set()
    for i, p in enumerate(pred):
        place = (p.doc_id, p.label, p.start, p.end)
        if place in seen:
            continue  # a repeated prediction of one span matches nothing: a false positive
        seen.add(place)
        by_key[(p.doc_id, p.label)].append(i)
    used_pred: set[int] = set()
    matched: dict[int, int] = {}  # gold index -> pred index
    order = sorted(range(len(gold)), key=lambda k: (gold[k].doc_id, gold[k].start, gold[k].end))
    for k in order:
        g = gold[k]
        for i in by_key.get((g.doc_id, g.label), []):
            if i not in used_pred and pred[i].start == g.start and pred[i].end == g.end:
                matched[k] = i
                used_pred.add(i)
                break
    if lenient:
        for k in order:
            if k in matched:
                continue
            g = gold[k]
            best, best_overlap = None, 0
            for i in by_key.get((g.doc_id, g.label), []):
                overlap = min(g.end, pred[i].end) - max(g.start, pred[i].start)
                if i not in used_pred and overlap > best_overlap:
                    best, best_overlap = i, overlap
            if best is not None:
                matched[k] = best
                used_pred.add(best)
    pairs = [(gold[k], pred[matched[k]]) for k in order if k in matched]
    unmatched_gold = [gold[k] for k in order if k not in matched]
    unmatched_pred = [p for i, p in enumerate(pred) if i not in used_pred]
    return pairs, unmatched_gold, unmatched_pred


def _span_category(span: Span, others: list[Span], default: str) -> str:
    for o in others:
        if o.doc_id == span.doc_id and o.start < span.end and span.start < o.end:
            return "boundary" if o.label == span.label else f"type:{o.label}"
    return default


def score_mentions(gold: list[Span], pred: list[Span]) -> tuple[list[dict], list[dict]]:
    rows, errors = [], []
    labels = sorted({s.label for s in gold} | {s.label for s in pred})
    for matching in ("strict", "lenient"):
        _, fn, fp = match_spans(gold, pred, matching == "lenient")
        total = Counts()
        for label in labels:
            c = Counts(
                sum(1 for g in gold if g.label == label) - sum(1 for g in fn if g.label == label),
                sum(1 for p in fp if p.label == label),
                sum(1 for g in fn if g.label == label),
            )
            rows.append({"level": "mention", "name": label, "matching": matching, **c.row()})
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        rows.append({"level": "mention", "name": "micro", "matching": matching, **total.row()})
        if matching == "strict":
            for s in fn:
                errors.append(_err(s, "mention", "FN", _span_category(s, pred, "missed")))
            for s in fp:
                errors.append(_err(s, "mention", "FP", _span_category(s, gold, "spurious")))
    return rows, errors


def _err(s: Span, level: str, kind: str, category: str, evidence: str = "") -> dict:
    return {
        "doc_id": s.doc_id,
        "level": level,
        "error": kind,
        "category": category,
        "label": s.label,
        "text": s.text,
        "start": s.start,
        "end": s.end,
        "evidence": evidence,
    }


def _brand_map(gold: list[GoldFact]) -> dict[tuple[str, str], set[str]]:
    """(doc, generic) -> the generic and its brand names, normalised."""
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g in gold:
        names[(g.doc_id, g.drug)].add(norm(g.drug))
        if g.relation == "brand":
            names[(g.doc_id, g.drug)].add(norm(g.object))
    return names


def score_facts(gold: list[GoldFact], pred: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    brands = _brand_map(gold)
    used: set[int] = set()
    matched_pred: set[int] = set()
    records = pred.to_dict("records")
    for i, p in enumerate(records):
        pdrug, pobj = norm(p["drug"]), norm(p["object"])
        for j, g in enumerate(gold):
            if j in used or g.doc_id != p["doc_id"] or g.relation != p["relation"]:
                continue
            if pdrug not in brands[(g.doc_id, g.drug)]:
                continue
            if pobj in {norm(g.object), *(norm(a) for a in g.aliases)}:
                used.add(j)
                matched_pred.add(i)
                break
    rows, errors = [], []
    relations = sorted({g.relation for g in gold} | {p["relation"] for p in records})
    total = Counts()
    for rel in relations:
        c = Counts(
            sum(1 for j in used if gold[j].relation == rel),
            sum(1 for i, p in enumerate(records) if i not in matched_pred and p["relation"] == rel),
            sum(1 for j, g in enumerate(gold) if j not in used and g.relation == rel),
        )
        rows.append({"level": "fact", "name": rel, "matching": "alias", **c.row()})
        total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
    rows.append({"level": "fact", "name": "micro", "matching": "alias", **total.row()})
    for i, p in enumerate(records):
        if i not in matched_pred:
            errors.append(
                {
                    "doc_id": p["doc_id"],
                    "level": "fact",
                    "error": "FP",
                    "category": _fact_fp_category(p, gold, brands),
                    "label": p["relation"],
                    "text": f"{p['drug']} -> {p['object']}",
                    "start": "",
                    "end": "",
                    "evidence": p.get("evidence", ""),
                }
            )
    for j, g in enumerate(gold):
        if j not in used:
            errors.append(
                {
                    "doc_id": g.doc_id,
                    "level": "fact",
                    "error": "FN",
                    "category": "missed",
                    "label": g.relation,
                    "text": f"{g.drug} -> {g.object}",
                    "start": "",
                    "end": "",
                    "evidence": "",
                }
            )
    return rows, errors


def _fact_fp_category(p: dict, gold: list[GoldFact], brands) -> str:
    pobj = norm(p["object"])
    same_obj = [
        g
        for g in gold
        if g.doc_id == p["doc_id"] and pobj in {norm(g.object), *(norm(a) for a in g.aliases)}
    ]
    if any(g.relation == p["relation"] for g in same_obj):
        return "duplicate-or-wrong-drug"
    if same_obj:
        return "wrong-relation"
    return "spurious"
