"""Hostile input: a corpus of broken files, generated here, goes through a whole batch.

Every bad document is reported in documents.csv with its error, every good one is
processed as if it were alone, and nothing hangs: a FIFO is reported without being
opened for a blocking read, a 50 MB file is refused by the size guard before it is read.

Tests run as root, for whom chmod 000 does not stop a read, so "unreadable" is simulated
by making os.open raise PermissionError for that one path (the error the batch would get
as another user); a broken symlink and a FIFO are real directory entries.
"""

from __future__ import annotations

import csv
import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drugmine import io as dm_io
from drugmine.batch.runner import run_batch
from drugmine.clean import clean_text
from drugmine.io import discover, load_document, read_text
from drugmine.tables.writer import write_tables

DRUG_TEXT = "Imatinib is used to treat chronic myeloid leukaemia. It may cause nausea.\n"
FIFTY_MB = 50 * 1024 * 1024


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    (d / "good.txt").write_text(DRUG_TEXT, encoding="utf-8")
    (d / "good_page.html").write_text(
        f"<html><body><nav>Home | Drugs</nav><p>{DRUG_TEXT}</p></body></html>", encoding="utf-8"
    )
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b" \r\n\t\n")
    (d / "latin1.txt").write_bytes("Le médicament imatinib".encode("latin-1"))
    (d / "junk.txt").write_bytes(bytes(range(128, 256)) * 4)
    (d / "truncated_utf8.txt").write_bytes(DRUG_TEXT.encode() + "é".encode()[:1])
    (d / "nul_early.txt").write_bytes(b"Imatinib\x00treats\x00CML")
    # a stray NUL after the first 8 KiB does not make a text binary: processed as text
    (d / "nul_late.txt").write_bytes(b"Some words here. " * 600 + b"\x00\n" + DRUG_TEXT.encode())
    (d / "crlf.txt").write_bytes(DRUG_TEXT.replace("\n", "\r\n").encode() * 2)
    (d / "emoji.txt").write_text(
        "💊🧬 𝐀 Imatinib 💊 is used to treat chronic myeloid leukaemia 😀.\n"
        "Side effects: nausea 🤢 and oedema.\n",
        encoding="utf-8",
    )
    depth = 20_000
    (d / "deep.html").write_text(
        "<html><body>" + "<div>" * depth + f"<p>{DRUG_TEXT}</p>" + "</div>" * depth,
        encoding="utf-8",
    )
    with open(d / "huge.txt", "wb") as fh:  # real bytes, 50 MB of text
        chunk = DRUG_TEXT.encode() * 14_000
        while fh.tell() < FIFTY_MB:
            fh.write(chunk)
        fh.truncate(FIFTY_MB)
    # pathological pages that once stalled a batch for minutes (quadratic passes), at
    # sizes that finish in seconds now: the batch must simply complete with their facts
    (d / "bangs.txt").write_text(DRUG_TEXT + "!" * 20_000, encoding="utf-8")
    (d / "emoji_run.txt").write_text(DRUG_TEXT + "\U0001f48a" * 8_000, encoding="utf-8")
    long_lines = "Contact us " + "b" * 200_000 + "\n" + "7" * 200_000 + "\n" + " " * 200_000
    (d / "long_lines.txt").write_text(long_lines + "x\n" + DRUG_TEXT, encoding="utf-8")
    (d / "short_lines.txt").write_text(
        DRUG_TEXT + "\n".join(f"Entry {i}" for i in range(20_000)), encoding="utf-8"
    )
    (d / "many_paragraphs.html").write_text(
        "<html><body>" + "<p>Short note</p>" * 20_000 + f"<p>{DRUG_TEXT}</p></body></html>",
        encoding="utf-8",
    )
    (d / "vanishing.txt").write_text(DRUG_TEXT, encoding="utf-8")
    (d / "unreadable.txt").write_text(DRUG_TEXT, encoding="utf-8")
    (d / "broken_link.txt").symlink_to(d / "no_such_target.txt")
    os.mkfifo(d / "pipe.txt")
    (d / "folder.txt").mkdir()  # a directory named like a document is not one
    return d


EXPECTED_ERRORS = {
    "binary": "binary file (NUL bytes)",
    "empty": "empty file",
    "blank": "empty file",
    "junk": "undecodable: not UTF-8 and no text encoding fits",
    "nul_early": "binary file (NUL bytes)",
    "huge": None,  # checked below: too large: N bytes (limit M)
    "vanishing": "unreadable: No such file or directory",
    "unreadable": "unreadable: Permission denied",
    "broken_link": "unreadable: No such file or directory",
    "pipe": "not a regular file (FIFO)",
}
# truncated UTF-8 (and Latin-1, with no drug fact) are read as windows-1252, as by a browser
GOOD = {"good", "good_page", "nul_late", "crlf", "emoji", "deep", "truncated_utf8"}
GOOD |= {"bangs", "emoji_run", "long_lines", "short_lines", "many_paragraphs"}
DECODED = {"latin1": "cp1252", "truncated_utf8": "cp1252", "good": "utf-8"}


@pytest.fixture(scope="module")
def batch_out(hostile, tmp_path_factory):
    """The hostile corpus through run_batch + the table writer, in this process."""
    files = discover([hostile])
    unreadable = str(hostile / "unreadable.txt")
    real_open = os.open

    def guarded_open(path, flags, *args, **kw):
        if os.fspath(path) == unreadable:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), unreadable)
        return real_open(path, flags, *args, **kw)

    def vanish_mid_run(stream):
        # the first result is out, the batch is running: now the file disappears
        for n, item in enumerate(stream):
            if n == 0:
                (hostile / "vanishing.txt").unlink()
            yield item

    out = tmp_path_factory.mktemp("out")
    dm_io.os.open = guarded_open
    start = time.perf_counter()
    try:
        results = [r for r, _ in vanish_mid_run(run_batch(files, model="none"))]
    finally:
        dm_io.os.open = real_open
    elapsed = time.perf_counter() - start
    write_tables(results, out)
    return files, results, out, elapsed


def test_batch_completes_and_reports_every_bad_document(batch_out):
    files, results, out, elapsed = batch_out
    assert [r.doc_id for r in results] == [f.stem for f in files]
    docs = {r["doc_id"]: r for r in rows(out / "documents.csv")}
    assert set(docs) == set(EXPECTED_ERRORS) | GOOD | set(DECODED)  # every entry
    for doc_id, error in EXPECTED_ERRORS.items():
        assert docs[doc_id]["status"] == "error", doc_id
        if error is not None:
            assert docs[doc_id]["error"] == error, doc_id
    assert docs["huge"]["error"] == f"too large: {FIFTY_MB} bytes (limit 20000000)"
    for doc_id in GOOD | set(DECODED):
        assert (docs[doc_id]["status"], docs[doc_id]["error"]) == ("ok", ""), docs[doc_id]
    assert {d: docs[d]["encoding"] for d in DECODED} == DECODED
    assert elapsed < 60  # the 50 MB file was refused, not sent through spaCy


def test_good_documents_lose_nothing(batch_out, hostile):
    _, results, out, _ = batch_out
    facts = {(r["doc_id"], r["drug"], r["relation"]) for r in rows(out / "facts.csv")}
    for doc_id in GOOD:
        assert (doc_id, "imatinib", "treats") in facts, doc_id
    # each good document gives exactly what it gives when processed alone
    alone = {r.doc_id: r for r, _ in run_batch(sorted(hostile.glob("good*")), model="none")}
    by_id = {r.doc_id: r for r in results}
    for doc_id, r in alone.items():
        assert by_id[doc_id] == r


def test_offsets_stay_exact_in_crlf_emoji_nul_and_deep_html(batch_out, hostile):
    _, _, out, _ = batch_out
    raw = {
        name: read_text(hostile / f"{name}{ext}")
        for name, ext in (("crlf", ".txt"), ("emoji", ".txt"), ("nul_late", ".txt"))
    }
    raw["deep"] = read_text(hostile / "deep.html")
    mentions = [m for m in rows(out / "mentions.csv") if m["doc_id"] in raw]
    assert {m["doc_id"] for m in mentions} == set(raw)
    for m in mentions:
        assert raw[m["doc_id"]][int(m["start"]) : int(m["end"])] == m["text"], m
    crlf = [m for m in mentions if m["doc_id"] == "crlf" and m["label"] == "Drug"]
    assert len(crlf) == 2  # both copies of the paragraph


def test_deep_nesting_raises_no_recursion_error():
    html = "<div><span>" * 20_000 + DRUG_TEXT + "</span></div>" * 20_000
    clean, _ = clean_text(html, "html")
    assert clean.text.strip() == DRUG_TEXT.strip()
    start = clean.text.index("Imatinib")
    assert html[clean.starts[start] : clean.ends[start + 7]] == "Imatinib"


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    small = tmp_path / "small.txt"
    small.write_text(DRUG_TEXT, encoding="utf-8")
    n = small.stat().st_size
    monkeypatch.setenv("DRUGMINE_MAX_BYTES", str(n - 1))
    doc, data = load_document(small)
    assert doc.error == f"too large: {n} bytes (limit {n - 1})" and data is None
    monkeypatch.setenv("DRUGMINE_MAX_BYTES", str(n))
    assert load_document(small)[0].error == ""
    assert load_document(small, max_bytes=10)[0].error == f"too large: {n} bytes (limit 10)"


def test_cli_on_the_hostile_corpus_exits_zero_without_hanging(hostile, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "drugmine.cli", "run", str(hostile), "--out", str(out)]
        + ["--quiet", "--ner-model", "none", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    docs = {r["doc_id"]: r for r in rows(out / "documents.csv")}
    assert docs["pipe"]["error"] == "not a regular file (FIFO)"
    assert docs["broken_link"]["error"] == "unreadable: No such file or directory"
    assert docs["huge"]["error"].startswith("too large: ")
    assert {d for d, r in docs.items() if r["status"] == "ok"} >= GOOD


@pytest.mark.skipif(not hasattr(__import__("socket"), "AF_UNIX"), reason="Unix sockets")
def test_a_unix_socket_is_reported_as_what_it_is(tmp_path):
    """A socket cannot be opened (ENXIO): it said 'unreadable: No such device or address'."""
    import socket

    path = tmp_path / "sock.txt"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        doc, data = load_document(path)
    assert (doc.error, data) == ("not a regular file (socket)", None)
    os.symlink(path, tmp_path / "link.txt")  # through a link too
    assert load_document(tmp_path / "link.txt")[0].error == "not a regular file (socket)"
