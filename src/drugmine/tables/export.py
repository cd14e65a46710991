"""Export an OUT_DIR (shared/spec/OUTPUTS.md) to SQL databases, Parquet files and BRAT:
what every format shares, reading OUT_DIR's tables and the summary of an export.

The formats: tables/sql.py (SQL databases, schema in tables/schema.py), tables/parquet.py,
tables/brat_export.py.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..fold import aggregate
from .schema import CSV_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, REQUIRED


class ExportError(Exception):
    """A problem the user can fix (bad URL, missing file); shown as one line."""


def _read_csv_exact(path: Path) -> pd.DataFrame:
    """A table as text cells exactly as written, read with Python's csv module: pandas'
    C parser cuts a cell at a NUL character. A row whose number of cells differs from the
    header's (a row split by a line break outside quotes) is an error, not shifted data."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            header = next(reader, None)
            if not header:
                raise ExportError(f"{path} is empty (no header row)")
            rows = []
            for row in reader:
                if not row:  # a blank line, as pandas skips them
                    continue
                if len(row) != len(header):
                    raise ExportError(
                        f"{path}, line {reader.line_num}: {len(row)} cells where the header "
                        f"has {len(header)} (a broken row; re-run `drugmine run`)"
                    )
                rows.append(row)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ExportError(f"{path} is not a readable CSV table: {exc}") from None
    return pd.DataFrame(rows, columns=header, dtype=str)


def read_table(pred: Path, name: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read OUT/<name>.csv as text (doc_ids like 000_x stay strings), typing known columns;
    `extra` columns beyond the export schema's are kept too ("" where an older OUT_DIR
    lacks them)."""
    path = pred / f"{name}.csv"
    if not path.exists():
        raise ExportError(f"missing {path} (is --pred the output directory of `drugmine run`?)")
    frame = _read_csv_exact(path)
    missing = [c for c in REQUIRED[name] if c not in frame.columns]
    if missing:
        raise ExportError(f"{path} lacks columns: {', '.join(missing)}")
    columns = [*CSV_COLUMNS[name], *extra]
    frame = frame.reindex(columns=columns, fill_value="")
    for col in columns:
        if col in INT_COLUMNS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(-1).astype(int)
        elif col in FLOAT_COLUMNS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(0.0).astype(float)
    return frame


def resolve_raw_path(path: str, pred: Path, raw_dir: Path | None) -> Path | None:
    """Where the raw file of a documents.csv row is now: as written, under --raw, or
    relative to the parent of OUT (paths are relative to where `run` was started)."""
    candidates = [Path(path)]
    if raw_dir is not None:
        candidates += [raw_dir / Path(path).name, raw_dir / path]
    candidates.append(pred.resolve().parent / path)
    return next((c for c in candidates if c.is_file()), None)


def content_hash(path: str, pred: Path, raw_dir: Path | None, status: str, error: str) -> str:
    """sha256 of the raw bytes; an unreadable error document hashes its error instead."""
    found = resolve_raw_path(path, pred, raw_dir)
    if found is not None:
        try:
            return hashlib.sha256(found.read_bytes()).hexdigest()
        except OSError:
            pass
    if status != "ok":
        return hashlib.sha256(f"error:{error}".encode()).hexdigest()
    hint = "" if raw_dir else "; pass --raw RAW_DIR"
    raise ExportError(f"raw file not found: {path}{hint}")


def _result_hash(doc_id: str, doc_row: dict, groups: dict[str, dict[str, pd.DataFrame]]) -> str:
    """sha256 of a document's output rows, so a new pipeline version re-exports it."""
    parts = [doc_row]
    for name in ("mentions", "entities", "facts"):
        frame = groups[name].get(doc_id)
        parts.append(frame.to_dict("records") if frame is not None else [])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Outputs:
    """An OUT_DIR as data frames with the export schema's columns (ids not yet assigned)."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame  # fact fields and their evidence fields, as in facts.csv

    def rows_of(self, name: str, doc_ids: set[str]) -> list[dict]:
        frame = getattr(self, name)
        return frame[frame["doc_id"].isin(doc_ids)].to_dict("records")


def load_outputs(pred: Path, raw_dir: Path | None = None) -> Outputs:
    """Read the contract CSVs of OUT and add the documents' content and result hashes."""
    docs = read_table(pred, "documents")
    ment = read_table(pred, "mentions").drop_duplicates(["doc_id", "start", "end", "label"])
    ents = read_table(pred, "entities").drop_duplicates(["doc_id", "start", "end", "type"])
    fcts = read_table(pred, "facts")
    fcts = fcts.drop_duplicates(["doc_id", "drug", "relation", "object"])
    docs = docs.drop_duplicates("doc_id", keep="last")
    groups = {
        name: dict(tuple(frame.groupby("doc_id")))
        for name, frame in (("mentions", ment), ("entities", ents), ("facts", fcts))
    }
    records = docs.to_dict("records")
    docs["content_hash"] = [
        content_hash(r["path"], pred, raw_dir, r["status"], r["error"]) for r in records
    ]
    docs["result_hash"] = [_result_hash(r["doc_id"], r, groups) for r in records]
    return Outputs(docs, ment, ents, fcts)


def aggregate_drugs(fact_rows: list[dict]) -> list[dict]:
    """One row per drug from fact rows, objects folded by ID (fold.py), lists joined by |."""
    return [
        {k: "|".join(v) if isinstance(v, list) else v for k, v in rec.items()}
        for rec in aggregate(fact_rows)
    ]




@dataclass
class ExportStats:
    """What an export did, for the one-line summary."""

    target: str
    documents: int = 0
    changed: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    incremental: bool = False  # SQL upserts; Parquet and BRAT rewrite everything

    def summary(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.rows.items())
        done = f" ({len(self.changed)} new or changed)" if self.incremental else ""
        where = "in database" if self.incremental else "written"
        return f"{self.documents} documents{done}; {where}: {counts} -> {self.target}"

