"""Export an OUT_DIR (shared/spec/OUTPUTS.md) to SQL databases, Parquet files and BRAT:
what every format shares, reading OUT_DIR's tables and the summary of an export.

The formats: tables/sql.py (SQL databases, schema in tables/schema.py), tables/parquet.py,
tables/brat_export.py.
"""

from __future__ import annotations

import csv
import hashlib
import json
import warnings
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


class RawChangedWarning(UserWarning):
    """A raw file's bytes differ from those the run read (documents.csv's sha256)."""


def file_sha256(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def changed_since_run(doc: dict, raw_path: Path | None) -> bool:
    """Whether the raw file's bytes differ from those the run read (documents.csv's sha256;
    an OUT_DIR of an older drugmine has none, and nothing is checked)."""
    current = file_sha256(raw_path) if doc.get("sha256") else None
    return current is not None and current != doc["sha256"]


def content_hash(doc: dict, pred: Path, raw_dir: Path | None, recorded: bool = True) -> str:
    """sha256 of the raw bytes the run read, as documents.csv records it (`recorded`): the
    raw file is not read, and a file changed since the run does not lend its new hash to
    the old results. A document the run could not read hashes its error. An OUT_DIR of an
    older drugmine (no sha256 column) hashes the raw file as it is now."""
    if recorded:
        if doc.get("sha256"):
            return doc["sha256"]
        return hashlib.sha256(f"error:{doc['error']}".encode()).hexdigest()
    current = file_sha256(resolve_raw_path(doc["path"], pred, raw_dir))
    if current is not None:
        return current
    if doc["status"] != "ok":
        return hashlib.sha256(f"error:{doc['error']}".encode()).hexdigest()
    hint = "" if raw_dir else "; pass --raw RAW_DIR"
    raise ExportError(f"raw file not found: {doc['path']}{hint}")


def changed_raw_files(docs: list[dict], pred: Path, raw_dir: Path | None) -> list[str]:
    """Paths of processed documents whose raw file is there but differs from what the run
    read (a raw file not found is not checked)."""
    return [
        d["path"]
        for d in docs
        if d["status"] == "ok" and changed_since_run(d, resolve_raw_path(d["path"], pred, raw_dir))
    ]


def changed_message(paths: list[str]) -> str:
    shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return (f"{len(paths)} raw file(s) changed since the run (sha256 differs from "
            f"documents.csv): {shown}")  # fmt: skip


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
    docs = read_table(pred, "documents", extra=("sha256",))
    recorded = _has_column(pred / "documents.csv", "sha256")
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
    changed = changed_raw_files(records, pred, raw_dir) if recorded else []
    if changed:
        warnings.warn(f"{changed_message(changed)}; the export holds what the run read "
                      "(run `drugmine run` again for the current files)", RawChangedWarning,
                      stacklevel=2)  # fmt: skip
    docs["content_hash"] = [content_hash(r, pred, raw_dir, recorded) for r in records]
    docs = docs.drop(columns="sha256")
    for r in records:
        r.pop("sha256")  # the result hash covers the contract columns, as before
    docs["result_hash"] = [_result_hash(r["doc_id"], r, groups) for r in records]
    return Outputs(docs, ment, ents, fcts)


def _has_column(path: Path, name: str) -> bool:
    with open(path, encoding="utf-8", newline="") as fh:
        return name in next(csv.reader(fh), [])


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

