"""Exported text equals the run's text, whatever characters it holds (NUL, a lone CR,
other control characters), or the export fails with one clear line (issue 17)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from drugmine.io import discover, read_document
from drugmine.pipeline import process
from drugmine.tables.export import ExportError, load_outputs, read_table
from drugmine.tables.parquet import export_parquet
from drugmine.tables.sql import check_storable, export_sql
from drugmine.tables.writer import write_tables
from drugmine.types import DocumentResult, Fact, Mention

ODD = "a\x00b\rc\x0bd\x1be\x85f\u2028g\x7fh"


def _odd_result(raw: Path) -> DocumentResult:
    """A document whose mention text and evidence carry odd characters, as a table row
    may (an older OUT_DIR, a hand-made result)."""
    text = f"Warfarin {ODD} thins the blood.\n"
    raw.write_text(text, encoding="utf-8", newline="")
    start = text.index(ODD)
    end = start + len(ODD)
    return DocumentResult(
        "odd", str(raw), "ok", chars_raw=len(text), chars_clean=len(text), clean_text=text,
        mentions=[Mention("odd", start, end, "Indication", ODD)],
        facts=[Fact("odd", "warfarin", "treats", "clots", evidence=f"Warfarin {ODD}.",
                    object_start=start, object_end=end)],
    )  # fmt: skip


def _csv_cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, strict=True))


def test_tables_keep_odd_text_exactly(tmp_path):
    """A lone CR in a cell is quoted (it ended the row for every CSV reader), NUL and the
    other control characters survive the CSV, and read_table gives them back as written."""
    out = tmp_path / "out"
    write_tables([_odd_result(tmp_path / "odd.txt")], out)
    rows = _csv_cells(out / "mentions.csv")
    assert len(rows) == 2 and rows[1][4] == ODD
    facts = _csv_cells(out / "facts.csv")
    assert len(facts) == 2 and facts[1][facts[0].index("evidence")] == f"Warfarin {ODD}."
    assert read_table(out, "mentions")["text"].tolist() == [ODD]
    assert read_table(out, "facts")["evidence"].tolist() == [f"Warfarin {ODD}."]
    assert pd.read_csv(out / "mentions.csv", dtype=str, engine="python")["end"].size == 1


def test_sqlite_and_parquet_export_keep_odd_text(tmp_path):
    out = tmp_path / "out"
    write_tables([_odd_result(tmp_path / "odd.txt")], out)
    db = tmp_path / "db.sqlite"
    export_sql(out, f"sqlite:///{db}")
    with sqlite3.connect(db) as con:
        assert [t for (t,) in con.execute("select text from mentions")] == [ODD]
        assert [s for (s,) in con.execute("select sentence from evidence")] == [
            f"Warfarin {ODD}."
        ]
    export_parquet(out, tmp_path / "pq")
    assert pd.read_parquet(tmp_path / "pq" / "mentions.parquet")["text"].tolist() == [ODD]


def test_file_name_with_carriage_return_round_trips(tmp_path):
    """A file name may hold a CR: documents.csv keeps one row with the exact path."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a\rb.txt").write_text("Warfarin is an anticoagulant.\n", encoding="utf-8")
    (raw / "c\nd.txt").write_text("Aspirin is an NSAID.\n", encoding="utf-8")
    out = tmp_path / "out"
    write_tables([process(read_document(p), model="none") for p in discover([raw])], out)
    docs = read_table(out, "documents")
    assert sorted(docs["path"]) == sorted([str(raw / "a\rb.txt"), str(raw / "c\nd.txt")])
    assert (docs["status"] == "ok").all()
    db = tmp_path / "db.sqlite"
    export_sql(out, f"sqlite:///{db}")
    with sqlite3.connect(db) as con:
        paths = sorted(p for (p,) in con.execute("select path from documents"))
    assert paths == sorted(docs["path"])


def test_broken_csv_row_fails_clearly(tmp_path):
    """A table whose row was split (an unquoted CR from an older drugmine) is an error
    naming the file and line, not a silently shifted or invented document."""
    out = tmp_path / "out"
    write_tables([_odd_result(tmp_path / "odd.txt")], out)
    path = out / "documents.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.unlink()
    path.write_text(f"{header}\nodd,{tmp_path}/a\rb.txt,ok,,1,1,utf-8\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"documents\.csv.*line 2"):
        read_table(out, "documents")


def test_postgres_refuses_nul_with_a_clear_message(tmp_path):
    """PostgreSQL text cannot hold NUL: say which document and column, before writing."""
    out = tmp_path / "out"
    write_tables([_odd_result(tmp_path / "odd.txt")], out)
    with pytest.raises(ExportError, match=r"document odd: mentions\.text holds a NUL"):
        check_storable(load_outputs(out), "postgresql")
    check_storable(load_outputs(out), "sqlite")  # SQLite stores it as it is
