"""Scoring predictions against gold, as ANNOTATION.md's scoring section defines it: one
OUT_DIR against one gold directory, and the files and table the scores are written as."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..tables.brat import AnnDoc, read_ann_dir, read_facts_tsv
from .scoring import Span, score_facts, score_mentions


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
