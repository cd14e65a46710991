"""Discovery: every input file gets one documents.csv row under a unique, stable doc_id."""

from __future__ import annotations

import csv
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drugmine import io as dm_io
from drugmine.batch.runner import run_batch
from drugmine.io import OUTPUT_MARKER, find_documents
from drugmine.tables.writer import write_tables

# fresh sentences, one drug each, so a mixed-up document shows in its facts
PAGES = {
    "siteA/index.html": "<html><body><p>Quinapril is used to treat hypertension.</p></body></html>",
    "siteB/index.html": "<html><body><p>Sertraline is used to treat depression.</p></body></html>",
    "siteB/index.txt": "Allopurinol is used to treat gout.\n",
    "notes.txt": "Metformin is used to treat type 2 diabetes.\n",
}


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def make_tree(root: Path, pages=PAGES) -> Path:
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def drugmine(*args):
    return subprocess.run(
        [sys.executable, "-m", "drugmine.cli", *map(str, args)], capture_output=True, text=True
    )


def test_colliding_stems_get_their_relative_path_and_unique_stems_stay(tmp_path, monkeypatch):
    root = make_tree(tmp_path / "in")
    ids = {str(s.path.relative_to(root)): s.doc_id for s in find_documents([root])}
    assert ids == {
        "siteA/index.html": "siteA__index.html",
        "siteB/index.html": "siteB__index.html",
        "siteB/index.txt": "siteB__index.txt",
        "notes.txt": "notes",
    }
    # stable: the same tree gives the same ids, also when found from a relative path
    monkeypatch.chdir(tmp_path)
    assert [s.doc_id for s in find_documents([Path("in")])] == [
        s.doc_id for s in find_documents([root])
    ]


def test_stems_differing_in_case_only_collide_and_two_equal_trees_get_hashed_ids(tmp_path):
    a = make_tree(tmp_path / "a", {"x/Report.txt": "Warfarin.\n", "y/report.txt": "Heparin.\n"})
    assert sorted(s.doc_id for s in find_documents([a])) == ["x__Report.txt", "y__report.txt"]
    b = make_tree(tmp_path / "b", {"x/Report.txt": "Warfarin.\n", "y/report.txt": "Heparin.\n"})
    ids = [s.doc_id for s in find_documents([a, b])]
    assert len(set(i.casefold() for i in ids)) == 4
    assert all(i.split("~")[0] in ("x__Report.txt", "y__report.txt") for i in ids)
    assert ids == [s.doc_id for s in find_documents([a, b])]


def test_cli_keeps_colliding_documents_apart(tmp_path):
    root = make_tree(tmp_path / "in")
    out = tmp_path / "out"
    proc = drugmine("run", root, "--out", out, "--quiet", "--ner-model", "none", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    docs = {r["doc_id"]: r for r in rows(out / "documents.csv")}
    assert len(docs) == 4 and all(r["status"] == "ok" for r in docs.values())
    assert sorted(p.stem for p in (out / "clean").iterdir()) == sorted(docs)
    drugs = {(r["doc_id"], r["drug"]) for r in rows(out / "facts.csv")}
    assert {
        ("siteA__index.html", "quinapril"),
        ("siteB__index.html", "sertraline"),
        ("siteB__index.txt", "allopurinol"),
    } <= drugs
    assert len({d for d, _ in drugs}) == len(drugs)  # one drug per document, none mixed
    for m in rows(out / "mentions.csv"):
        raw = Path(docs[m["doc_id"]]["path"]).read_text(encoding="utf-8")
        assert raw[int(m["start"]) : int(m["end"])] == m["text"]


def test_unreadable_folder_is_a_row_not_a_silent_loss(tmp_path, monkeypatch):
    root = make_tree(tmp_path / "in")
    locked = root / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text("Aspirin.\n", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):  # tests run as root: chmod 000 would not stop the listing
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(dm_io.os, "scandir", scandir)
    sources = find_documents([root])
    results = [r for r, _ in run_batch(sources, model="none")]
    monkeypatch.undo()
    write_tables(results, tmp_path / "out")
    docs = {r["doc_id"]: r for r in rows(tmp_path / "out" / "documents.csv")}
    assert docs["locked"]["status"] == "error"
    assert docs["locked"]["error"] == "unreadable folder: Permission denied"
    assert docs["locked"]["path"] == str(locked)
    assert len(docs) == 5


def test_output_folders_inside_the_input_are_never_read(tmp_path):
    root = make_tree(tmp_path / "in")
    for out in (root / "out", root / "out", root / "other"):
        proc = drugmine("run", root, "--out", out, "--quiet", "--ner-model", "none")
        assert proc.returncode == 0, proc.stderr
        assert (out / OUTPUT_MARKER).is_file()
        docs = rows(out / "documents.csv")
        assert sorted(r["doc_id"] for r in docs) == sorted(
            ["siteA__index.html", "siteB__index.html", "siteB__index.txt", "notes"]
        ), docs


@pytest.mark.skipif(sys.platform != "linux", reason="needs a byte-name file system")
def test_non_utf8_file_name_and_a_symlink_loop(tmp_path):
    root = make_tree(tmp_path / "in", {"ok.txt": "Lisinopril is used to treat hypertension.\n"})
    os.symlink(root, root / "loop")  # a folder symlink back up: followed once, no loop
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "wb") as fh:
        fh.write(b"Ramipril is used to treat hypertension.\n")
    out = tmp_path / "out"
    proc = drugmine("run", root, "--out", out, "--quiet", "--ner-model", "none")
    assert proc.returncode == 0, proc.stderr
    docs = {r["doc_id"]: r for r in rows(out / "documents.csv")}
    assert set(docs) == {"ok", "caf\\xe9"}
    assert docs["caf\\xe9"]["status"] == "ok"
    assert docs["caf\\xe9"]["path"].endswith("caf\\xe9.txt")
