"""DocumentResults -> the contract tables (shared/spec/OUTPUTS.md).

Tables are streamed: each document's rows are appended (through pandas) to files in a
new generation folder as it arrives, so a run over 100k documents holds one document in
memory. The finished set (tables, facts.json, drugs.json, clean/) is published in one
atomic step (drugmine.batch.publish: a symlink switch), so a killed run, at any moment, leaves
the previous outputs or the new ones, never a mix; `clean/` holds exactly the run's
documents, and the same input gives the same files, byte for byte. One run at a time
holds OUT_DIR (OutputLock).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from ..batch.publish import new_generation, publish
from ..fold import DRUG_LISTS, DrugAggregator
from ..io import OUTPUT_MARKER
from ..types import DocumentResult
from ..vocab import load_lexicon

__all__ = ["DRUG_LISTS", "TableWriter", "drug_summary", "write_tables"]

LOCK_NAME = ".drugmine.lock"
DOCUMENT_COLUMNS = ["doc_id", "path", "status", "error", "chars_raw", "chars_clean"]
MENTION_COLUMNS = [
    "doc_id", "start", "end", "label", "text", "concept", "concept_id", "method", "xrefs",
]  # fmt: skip
ENTITY_COLUMNS = [
    "doc_id", "start", "end", "type", "text", "concept_id", "canonical", "method", "xrefs",
]  # fmt: skip
FACT_COLUMNS = [
    "doc_id", "drug", "relation", "object", "aliases", "object_id", "drug_id", "confidence",
    "method", "evidence", "object_start", "object_end", "drug_start", "drug_end",
    "evidence_start", "evidence_end", "xrefs", "drug_xrefs",
]  # fmt: skip
TABLES = {
    # encoding: drugmine.decoding; sha256: of the raw bytes the run read (`show` checks it)
    "documents.csv": [*DOCUMENT_COLUMNS, "encoding", "sha256"],
    "mentions.csv": MENTION_COLUMNS,
    "entities.csv": ENTITY_COLUMNS,
    "facts.csv": FACT_COLUMNS,
}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_stale_tmp(directory: Path) -> None:
    """Drop `.NAME.PID.tmp` files and staging directories whose writer process is gone
    (left by a killed earlier run)."""
    for tmp in directory.glob(".*.tmp"):
        pid = tmp.name.rsplit(".", 2)[-2]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)


SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula, with a leading apostrophe (OWASP
    CSV injection advice); numbers and other text unchanged. Only with --csv-safe."""
    if isinstance(value, str) and value.startswith(SPREADSHEET_TRIGGERS):
        return "'" + value
    return value


def csv_lines(frame: pd.DataFrame) -> str:
    """The frame's rows as CSV lines (no header). Python's csv writer quotes a cell only
    for the characters of the line terminator ("\\n"), so a cell holding a lone CR (a file
    name may) would end the row for every CSV reader: such rows have all cells quoted,
    which any reader reads back as the same values; all other rows are as pandas writes."""
    text = frame.to_csv(index=False, header=False, lineterminator="\n")
    if "\r" not in text:
        return text
    lines = []
    for i in range(len(frame)):
        row = frame.iloc[i : i + 1]
        quote = any(isinstance(v, str) and "\r" in v for v in row.iloc[0])
        lines.append(row.to_csv(index=False, header=False, lineterminator="\n",
                                quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL))  # fmt: skip
    return "".join(lines)


class OutputLock:
    """An exclusive lock on OUT_DIR (flock on OUT_DIR/.drugmine.lock) for one run: a second
    run on the same --out fails at once instead of interleaving its files. The kernel
    drops the lock when the process dies, so a killed run leaves no stale lock."""

    def __init__(self, out: Path) -> None:
        self.fh = open(out / LOCK_NAME, "a+", encoding="utf-8")
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.seek(0)
            holder = self.fh.read().strip() or "another process"
            self.fh.close()
            raise RuntimeError(f"another drugmine run ({holder}) is writing to {out}") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"pid {os.getpid()}")
        self.fh.flush()

    def release(self) -> None:
        if not self.fh.closed:
            self.fh.truncate(0)  # no stale pid for the next reader
            self.fh.close()  # closing the file drops the flock


class DrugSummary:
    """Accumulates drugs.json: one record per drug across documents, lists folded by ID."""

    def __init__(self) -> None:
        self.agg = DrugAggregator()

    def add(self, result: DocumentResult) -> None:
        for f in result.facts:
            self.agg.add(f.drug, f.relation, f.object, f.object_id, f.drug_id, f.doc_id)

    def records(self) -> list[dict]:
        return self.agg.records()


def _with_xrefs(row: dict, *pairs: tuple[str, str]) -> dict:
    """The row plus each (xrefs column, ID column) pair's cross-references (vocab.xrefs)."""
    lex = load_lexicon()
    for col, id_col in pairs:
        row[col] = lex.xrefs_of(row[id_col])
    return row


def drug_summary(results: Iterable[DocumentResult]) -> list[dict]:
    summary = DrugSummary()
    for r in results:
        summary.add(r)
    return summary.records()


class TableWriter:
    """Streams DocumentResults into OUT_DIR; call close() (or use `with`) to publish."""

    def __init__(self, out: Path, csv_safe: bool = False) -> None:
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.csv_safe = csv_safe
        self.lock = OutputLock(self.out)  # before anything in OUT_DIR is touched
        marker = self.out / OUTPUT_MARKER  # io.find_documents never reads this folder
        if not marker.exists():
            marker.write_text("drugmine output folder: not read as input\n", encoding="utf-8")
        _remove_stale_tmp(self.out)  # per-file temporaries of older drugmine versions
        self.stage = new_generation(self.out)
        self.staging = self.stage / "clean"
        self.handles = {
            name: open(self.stage / name, "w", encoding="utf-8", newline="") for name in TABLES
        }
        for name, columns in TABLES.items():
            pd.DataFrame(columns=columns).to_csv(self.handles[name], index=False)
        self.facts_json = open(self.stage / "facts.json", "w", encoding="utf-8")
        self.facts_json.write("[")
        self.n_facts = 0
        self.summary = DrugSummary()
        self.counts = dict.fromkeys(("documents", "mentions", "entities", "facts"), 0)

    def _append(self, name: str, rows: list[dict]) -> None:
        if rows:
            frame = pd.DataFrame(rows, columns=TABLES[name])
            if self.csv_safe:
                frame = frame.map(spreadsheet_safe)
            self.handles[name].write(csv_lines(frame))

    def add(self, r: DocumentResult) -> None:
        ids = ("xrefs", "concept_id")
        facts = [
            _with_xrefs(f.as_row(), ("xrefs", "object_id"), ("drug_xrefs", "drug_id"))
            for f in r.facts
        ]
        self._append("documents.csv", [{c: getattr(r, c) for c in TABLES["documents.csv"]}])
        self._append("mentions.csv", [_with_xrefs(asdict(m), ids) for m in r.mentions])
        self._append("entities.csv", [_with_xrefs(asdict(e), ids) for e in r.entities])
        self._append("facts.csv", facts)
        for row in facts:
            self.facts_json.write(("," if self.n_facts else "") + "\n")
            self.facts_json.write(json.dumps(row, ensure_ascii=False))
            self.n_facts += 1
        if r.status == "ok":
            (self.staging / f"{r.doc_id}.txt").write_text(r.clean_text, encoding="utf-8")
        self.summary.add(r)
        for key, n in (
            ("documents", 1),
            ("mentions", len(r.mentions)),
            ("entities", len(r.entities)),
            ("facts", len(facts)),
        ):
            self.counts[key] += n

    def close(self) -> dict[str, int]:
        """Finish every file and publish the whole set at once (drugmine.batch.publish)."""
        self.facts_json.write("\n]\n")
        for fh in (*self.handles.values(), self.facts_json):
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        drugs = json.dumps(self.summary.records(), ensure_ascii=False, indent=1)
        with open(self.stage / "drugs.json", "w", encoding="utf-8") as fh:
            fh.write(drugs)
            fh.flush()
            os.fsync(fh.fileno())
        publish(self.out, self.stage, [*TABLES, "facts.json", "drugs.json", "clean"])
        self.lock.release()
        return self.counts

    def abort(self) -> None:
        """Drop the partial set; the previous outputs stay as they were."""
        for fh in (*self.handles.values(), self.facts_json):
            fh.close()
        shutil.rmtree(self.stage, ignore_errors=True)
        self.lock.release()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_tables(results: Iterable[DocumentResult], out: Path) -> dict[str, int]:
    """Write every contract file for `results`; returns row counts per table."""
    with TableWriter(out) as writer:
        for r in results:
            writer.add(r)
    return writer.counts
