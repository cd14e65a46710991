"""Export an OUT_DIR as Parquet files: the six tables of the database, one file each."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from .export import ExportStats, aggregate_drugs, load_outputs
from .schema import DRUG_COLUMNS, EVIDENCE_FIELDS, FACT_FIELDS, TABLE_ORDER


def export_parquet(pred: Path, out_dir: Path, raw_dir: Path | None = None) -> ExportStats:
    """The same six tables as the database, one <table>.parquet each (ids local to OUT)."""
    out = load_outputs(pred, raw_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    fact_frame = out.facts.reset_index(drop=True)
    fact_frame.insert(0, "fact_id", range(1, len(fact_frame) + 1))
    ev = fact_frame[["fact_id", "doc_id", "evidence", *EVIDENCE_FIELDS]]
    frames = {
        "documents": out.documents.assign(exported_at=stamp),
        "drugs": pd.DataFrame(
            aggregate_drugs(fact_frame.to_dict("records")), columns=["drug", *DRUG_COLUMNS]
        ),
        "mentions": _with_id(out.mentions, "mention_id"),
        "entities": _with_id(out.entities, "entity_id"),
        "facts": fact_frame[["fact_id", *FACT_FIELDS]],
        "evidence": _with_id(ev.rename(columns={"evidence": "sentence"}), "evidence_id"),
    }
    stats = ExportStats(str(out_dir), len(out.documents), list(out.documents["doc_id"]))
    for name in TABLE_ORDER:
        frames[name].to_parquet(out_dir / f"{name}.parquet", engine="pyarrow", index=False)
        stats.rows[name] = len(frames[name])
    return stats


def _with_id(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    frame = frame.reset_index(drop=True).copy()
    frame.insert(0, name, range(1, len(frame) + 1))
    return frame

