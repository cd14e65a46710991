"""DocumentResults -> the contract tables (shared/spec/OUTPUTS.md), written atomically."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from .types import DocumentResult

DOCUMENT_COLUMNS = ["doc_id", "path", "status", "error", "chars_raw", "chars_clean"]
MENTION_COLUMNS = ["doc_id", "start", "end", "label", "text", "concept", "concept_id", "method"]
ENTITY_COLUMNS = ["doc_id", "start", "end", "type", "text", "concept_id", "canonical", "method"]
FACT_COLUMNS = [
    "doc_id",
    "drug",
    "relation",
    "object",
    "aliases",
    "object_id",
    "drug_id",
    "confidence",
    "method",
    "evidence",
    "object_start",
    "object_end",
    "drug_start",
    "drug_end",
]
DRUG_LISTS = {
    "brand": "brands",
    "is_a": "classes",
    "targets": "targets",
    "treats": "indications",
    "causes": "adverse_effects",
}


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    frame = pd.DataFrame(rows, columns=columns)
    _atomic_write(path, frame.to_csv(index=False, lineterminator="\n"))


def drug_summary(results: Iterable[DocumentResult]) -> list[dict]:
    """One record per drug across documents: brands, classes, targets, uses, harms."""
    drugs: dict[str, dict] = {}
    for r in results:
        for f in r.facts:
            rec = drugs.setdefault(
                f.drug,
                {
                    "drug": f.drug,
                    **{v: set() for v in DRUG_LISTS.values()},
                    "combined_with": set(),
                    "doc_ids": set(),
                },
            )
            rec["doc_ids"].add(f.doc_id)
            target = DRUG_LISTS.get(f.relation, "combined_with")
            rec[target].add(f.object)
    return [
        {k: sorted(v, key=str.lower) if isinstance(v, set) else v for k, v in rec.items()}
        for _, rec in sorted(drugs.items())
    ]


def write_tables(results: list[DocumentResult], out: Path) -> dict[str, int]:
    """Write every contract file; returns row counts per table."""
    out.mkdir(parents=True, exist_ok=True)
    clean_dir = out / "clean"
    clean_dir.mkdir(exist_ok=True)
    docs, mentions, entities, facts = [], [], [], []
    for r in results:
        docs.append({c: getattr(r, c) for c in DOCUMENT_COLUMNS})
        mentions += [asdict(m) for m in r.mentions]
        entities += [asdict(e) for e in r.entities]
        facts += [f.as_row() for f in r.facts]
        if r.status == "ok":
            _atomic_write(clean_dir / f"{r.doc_id}.txt", r.clean_text)
    _csv(out / "documents.csv", docs, DOCUMENT_COLUMNS)
    _csv(out / "mentions.csv", mentions, MENTION_COLUMNS)
    _csv(out / "entities.csv", entities, ENTITY_COLUMNS)
    _csv(out / "facts.csv", facts, FACT_COLUMNS)
    _atomic_write(out / "facts.json", json.dumps(facts, ensure_ascii=False, indent=1))
    _atomic_write(
        out / "drugs.json", json.dumps(drug_summary(results), ensure_ascii=False, indent=1)
    )
    return {
        "documents": len(docs),
        "mentions": len(mentions),
        "entities": len(entities),
        "facts": len(facts),
    }
