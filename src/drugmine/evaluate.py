"""Scoring predictions against gold, as ANNOTATION.md's scoring section defines it."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .tables.brat import AnnDoc, GoldFact, read_ann_dir, read_facts_tsv

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


def gold_spans(docs: dict[str, AnnDoc]) -> list[Span]:
    return [
        Span(d.doc_id, s.label, s.start, s.end, s.text)
        for d in docs.values()
        for s in d.spans.values()
    ]


def read_splits(gold_dir: Path) -> dict[str, str]:
    """doc_id -> split name from GOLD/splits.tsv (optional)."""
    path = gold_dir / "splits.tsv"
    if not path.exists():
        return {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return {r[0]: r[1].strip() for r in rows if len(r) >= 2 and not r[0].startswith("#")}


class NoSharedDocuments(ValueError):
    """Gold and predictions have no document in common: there is nothing to score."""


def documents_run(pred_dir: Path) -> set[str] | None:
    """doc_ids in PRED/documents.csv (every document the run saw, also failed ones)."""
    path = pred_dir / "documents.csv"
    return set(_read_csv(path)["doc_id"]) if path.exists() else None


def evaluate(gold_dir: Path, pred_dir: Path, split: str | None = None) -> dict:
    """Score OUT_DIR predictions against ANNOTATIONS_DIR; documents without gold are ignored.

    Only gold documents the run saw (rows of PRED/documents.csv) are scored, so a subset
    run (`--limit`) is not charged with documents it never read; the summary's `not_run`
    counts the gold documents left out. `split` keeps only the gold documents that
    GOLD/splits.tsv puts in that split."""
    anns = read_ann_dir(gold_dir)
    if split:
        splits = read_splits(gold_dir)
        anns = {k: v for k, v in anns.items() if splits.get(k) in split.split(",")}
    if not anns:
        raise FileNotFoundError(
            f"no .ann files in {gold_dir}" + (f" for split {split}" if split else "")
        )
    seen = documents_run(pred_dir)
    n_gold = len(anns)
    if seen is not None:
        anns = {k: v for k, v in anns.items() if k in seen}
        if not anns:
            raise NoSharedDocuments(
                f"no document in common between the gold in {gold_dir} ({n_gold} documents)"
                f" and the predictions in {pred_dir} ({len(seen)} documents): nothing to score"
            )
    facts_path = gold_dir / "facts.tsv"
    gold_facts = read_facts_tsv(facts_path) if facts_path.exists() else []
    gold_facts = [g for g in gold_facts if g.doc_id in anns]
    mentions = _read_csv(pred_dir / "mentions.csv")
    facts = _read_csv(pred_dir / "facts.csv")
    mentions = mentions[mentions["doc_id"].isin(anns)]
    facts = facts[facts["doc_id"].isin(anns)]
    pred = [
        Span(r.doc_id, r.label, int(r.start), int(r.end), str(r.text))
        for r in mentions.itertuples()
    ]
    m_rows, m_err = score_mentions(gold_spans(anns), pred)
    f_rows, f_err = score_facts(gold_facts, facts)
    rows = m_rows + f_rows
    summary = {"documents": len(anns), "split": split or "all"}
    if len(anns) < n_gold:
        summary["not_run"] = n_gold - len(anns)
    for r in rows:
        if r["name"] == "micro":
            key = "facts" if r["level"] == "fact" else f"mentions_{r['matching']}"
            summary[key] = {k: r[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}
    return {"summary": summary, "scores": rows, "errors": m_err + f_err}


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"missing prediction file {path}")
    return pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)


def write_evaluation(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(result["summary"], indent=1), encoding="utf-8")
    pd.DataFrame(result["scores"]).to_csv(out / "scores.csv", index=False)
    cols = ["doc_id", "level", "error", "category", "label", "text", "start", "end", "evidence"]
    pd.DataFrame(result["errors"], columns=cols).to_csv(out / "errors.csv", index=False)


def format_table(result: dict) -> str:
    lines = [
        f"{'level':8} {'name':15} {'matching':8} {'tp':>5} {'fp':>5} {'fn':>5} "
        f"{'P':>6} {'R':>6} {'F1':>6}"
    ]
    for r in result["scores"]:
        lines.append(
            f"{r['level']:8} {r['name']:15} {r['matching']:8} {r['tp']:5d} {r['fp']:5d} "
            f"{r['fn']:5d} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"
        )
    return "\n".join(lines)
