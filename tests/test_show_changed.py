"""`drugmine show` notices a raw file that changed since the run (issue 17): the run
records each file's sha256 in documents.csv; show refuses a .txt source whose bytes
differ (its mentions would be drawn at the wrong characters) and warns for an HTML
source (the page shows the run's cleaned text, which is still right)."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from helpers import run_folder

from drugmine.evaluation.review import ReviewError
from drugmine.evaluation.show import render_show
from drugmine.tables.export import read_table

TEXT = "Imatinib is used to treat chronic myeloid leukemia.\n"
HTML = "<html><body><p>Tamoxifen is used to treat breast cancer.</p></body></html>\n"


@pytest.fixture
def run_out(tmp_path):
    return run_folder(tmp_path, {"note.txt": TEXT, "page.html": HTML, "gone.txt": b""})


def test_documents_csv_records_the_raw_sha256(run_out):
    raw, out = run_out
    docs = read_table(out, "documents", extra=("sha256",)).set_index("doc_id")
    assert docs.loc["note", "sha256"] == hashlib.sha256(TEXT.encode()).hexdigest()
    assert docs.loc["page", "sha256"] == hashlib.sha256(HTML.encode()).hexdigest()
    assert docs.loc["gone", "sha256"] == hashlib.sha256(b"").hexdigest()  # read, empty


def test_show_refuses_a_changed_text_file(run_out):
    raw, out = run_out
    assert "Imatinib" in render_show(out, "note")
    (raw / "note.txt").write_text("Changed. " + TEXT, encoding="utf-8")
    with pytest.raises(ReviewError, match=r"note\.txt changed since the run"):
        render_show(out, "note")


def test_show_warns_for_a_changed_html_file(run_out):
    raw, out = run_out
    (raw / "page.html").write_text(HTML.replace("breast", "lung"), encoding="utf-8")
    with pytest.warns(UserWarning, match=r"page\.html changed since the run"):
        page = render_show(out, "page")
    assert "breast cancer" in page  # the run's cleaned text


def test_cli_show_changed_file_is_one_line_exit_2(run_out, tmp_path):
    raw, out = run_out
    (raw / "note.txt").write_text(TEXT.upper(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "drugmine.cli", "show", "note", "--pred", str(out),
         "--out", str(tmp_path / "p.html")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "changed since the run" in proc.stderr and len(proc.stderr.splitlines()) == 1
