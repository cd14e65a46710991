"""`drugmine export` keys documents by the bytes the run read (documents.csv's sha256),
not by the raw file as it is at export time (issue 17): a raw file changed since the run
is a warning for sql/parquet and refuses BRAT; moved raw files do not stop sql/parquet."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys

import pytest
from helpers import run_folder
from sqlalchemy import create_engine, text

from drugmine.tables.brat_export import export_brat
from drugmine.tables.export import ExportError, RawChangedWarning
from drugmine.tables.parquet import export_parquet
from drugmine.tables.sql import export_sql

NOTE = "Imatinib is used to treat chronic myeloid leukemia. It may cause nausea.\n"
PAGE = "<html><body><p>Tamoxifen is used to treat breast cancer.</p></body></html>\n"


@pytest.fixture
def run_out(tmp_path):
    return run_folder(tmp_path, {"note.txt": NOTE, "page.html": PAGE})


def stored_hashes(url: str) -> dict[str, str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT doc_id, content_hash FROM documents")).fetchall()
    engine.dispose()
    return dict(rows)


def test_sql_export_stores_the_hash_the_run_recorded_and_warns_of_a_changed_file(
    run_out, tmp_path
):
    raw, out = run_out
    (raw / "note.txt").write_text("Changed. " + NOTE, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with pytest.warns(RawChangedWarning, match=r"1 raw file\(s\) changed since the run.*note\.txt"):
        export_sql(out, url)
    hashes = stored_hashes(url)
    assert hashes["note"] == hashlib.sha256(NOTE.encode()).hexdigest()  # what was run
    assert hashes["page"] == hashlib.sha256(PAGE.encode()).hexdigest()


def test_sql_and_parquet_export_need_no_raw_files(run_out, tmp_path):
    raw, out = run_out
    shutil.rmtree(raw)  # moved away after the run: was "raw file not found"
    stats = export_sql(out, f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert stats.documents == 2
    assert export_parquet(out, tmp_path / "pq").documents == 2


def test_brat_export_refuses_a_changed_raw_file_and_writes_nothing(run_out, tmp_path):
    raw, out = run_out
    (raw / "note.txt").write_text("Changed. " + NOTE, encoding="utf-8")
    with pytest.raises(ExportError, match=r"note\.txt: their annotations would point at"):
        export_brat(out, tmp_path / "brat")
    assert not (tmp_path / "brat").exists()


def test_an_older_out_dir_without_sha256_hashes_the_raw_file(run_out, tmp_path):
    raw, out = run_out
    docs = out / "documents.csv"
    with open(docs, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    docs.unlink()  # a real file now, as an older drugmine wrote it, without the column
    with open(docs, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [c for c in rows[0] if c != "sha256"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    export_sql(out, url)
    assert stored_hashes(url)["note"] == hashlib.sha256(NOTE.encode()).hexdigest()


def test_cli_export_prints_the_change_as_one_warning_line(run_out):
    raw, out = run_out
    (raw / "page.html").write_text(PAGE.replace("breast", "lung"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "drugmine.cli", "export", "--pred", str(out)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drugmine: warning: 1 raw file(s) changed")
    assert "page.html" in lines[0] and "2 documents" in proc.stdout
