"""--doc-timeout: every document in a supervised worker; one too slow or fatal costs itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
from conftest import RAW

from drugmine.batch import runner as batch
from drugmine.batch.runner import run_batch
from drugmine.io import find_documents

SMALL = ["101_rituximab.txt", "102_pembrolizumab.html", "104_cisplatin.txt"]


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name in SMALL:
        shutil.copyfile(RAW / name, d / name)
    (d / "slow.txt").write_text("Propranolol is used to treat tremor.", encoding="utf-8")
    (d / "boom.txt").write_text("Amlodipine is used to treat angina.", encoding="utf-8")
    return d


@pytest.fixture
def misbehaving(monkeypatch):
    """In a worker process: 'slow' never finishes, 'boom' kills its process, 'hog' wants
    6 GB."""
    parent = os.getpid()
    real = batch.process_document

    def process(raw, model=None):
        if os.getpid() != parent:
            if raw.doc_id == "slow":
                time.sleep(600)
            if raw.doc_id.startswith("boom"):
                os._exit(9)  # as the OOM killer or a segfault would end it
            if raw.doc_id == "hog":
                bytearray(6 * 1024**3)  # 6 GB at once
        return real(raw, model)

    monkeypatch.setattr(batch, "process_document", process)
    return real


@pytest.mark.parametrize("workers", [1, 2])
def test_slow_and_fatal_documents_cost_only_themselves(corpus, misbehaving, workers):
    sources = find_documents([corpus])
    results = [r for r, _ in run_batch(sources, model="none", workers=workers, doc_timeout=3)]
    assert [r.doc_id for r in results] == [s.doc_id for s in sources]
    status = {r.doc_id: (r.status, r.error) for r in results}
    assert status.pop("slow") == ("error", "timed out after 3 s (--doc-timeout)")
    assert status.pop("boom") == ("error", "worker process died (exit code 9)")
    assert all(s == ("ok", "") for s in status.values()), status
    # the other documents come out exactly as when processed in this process
    reference = {r.doc_id: r for r, _ in run_batch(sources, model="none")}
    for r in results:
        if r.doc_id not in ("slow", "boom"):
            assert r == reference[r.doc_id]


def test_cli_doc_timeout_gives_the_same_outputs(corpus, tmp_path):
    (corpus / "slow.txt").unlink()
    (corpus / "boom.txt").unlink()
    outs = []
    for extra in ([], ["--doc-timeout", "120"]):
        out = tmp_path / f"out{len(extra)}"
        proc = subprocess.run(
            [sys.executable, "-m", "drugmine.cli", "run", str(corpus), "--out", str(out)]
            + ["--quiet", "--no-cache", "--ner-model", "none", *extra],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(
            {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name[0] != "."}
        )
    assert outs[0] == outs[1] and b"rituximab" in outs[0]["facts.csv"]


def test_a_document_over_the_memory_limit_is_an_error_row(corpus, misbehaving):
    (corpus / "slow.txt").unlink()
    (corpus / "boom.txt").unlink()
    (corpus / "hog.txt").write_text("Losartan is used to treat hypertension.", encoding="utf-8")
    sources = find_documents([corpus])
    results = [r for r, _ in run_batch(sources, model="none", doc_memory=1000)]
    status = {r.doc_id: (r.status, r.error) for r in results}
    assert status.pop("hog") == ("error", "over the memory limit (1000 MB, --doc-memory)")
    assert all(s == ("ok", "") for s in status.values()), status


def test_worker_deaths_blame_only_their_documents(corpus, misbehaving):
    """Several documents that kill their worker, among others, with two workers and no
    limit given: each deadly one is reported, no other document is (a process pool's
    breakage hit every document in flight, and a second one made them errors)."""
    (corpus / "slow.txt").unlink()
    for i in range(6):
        (corpus / f"ok{i}.txt").write_text("Atenolol is used to treat angina.", encoding="utf-8")
    for i in range(3):
        shutil.copyfile(corpus / "boom.txt", corpus / f"boom{i}.txt")
    sources = find_documents([corpus])
    results = [r for r, _ in run_batch(sources, model="none", workers=2)]
    assert [r.doc_id for r in results] == [s.doc_id for s in sources]
    status = {r.doc_id: (r.status, r.error) for r in results}
    booms = {d: status.pop(d) for d in ("boom", "boom0", "boom1", "boom2")}
    assert all(s == ("ok", "") for s in status.values()), status
    assert set(booms.values()) == {("error", "worker process died (exit code 9)")}


def test_cli_runs_every_document_supervised_by_default(corpus, misbehaving, tmp_path, monkeypatch):
    """`drugmine run` with no limit given, one worker: every document runs in a supervised
    worker under the default limits (300 s, 4096 MB), so one that kills its worker is an
    error row and the batch goes on; `--doc-timeout 0 --doc-memory 0` lifts the limits but
    keeps the worker."""
    from drugmine.batch import supervise
    from drugmine.cli.app import cli
    from drugmine.tables.export import read_table

    (corpus / "slow.txt").unlink()
    seen = []
    real_init = supervise.SupervisedEngine.__init__

    def spy(self, workers, model, timeout, memory_mb=None):
        seen.append((workers, timeout, memory_mb))
        real_init(self, workers, model, timeout, memory_mb)

    monkeypatch.setattr(supervise.SupervisedEngine, "__init__", spy)
    for extra, limits in (([], (300.0, 4096.0)), (["--doc-timeout", "0", "--doc-memory", "0"],
                                                   (None, None))):  # fmt: skip
        out = tmp_path / f"out{len(extra)}"
        args = ["run", str(corpus), "--out", str(out), "--ner-model", "none", "--quiet"]
        cli.main(args=[*args, "--no-cache", *extra], standalone_mode=False)
        assert seen.pop() == (1, *limits)
        docs = read_table(out, "documents").set_index("doc_id")
        assert docs.loc["boom", "error"] == "worker process died (exit code 9)"
        assert (docs.drop(index="boom")["status"] == "ok").all()


BIG_DOCUMENTS = """
import sys
from pathlib import Path
from drugmine.batch import runner
from drugmine.types import DocumentResult

def echo(raw, model=None):  # a big result at once: the worker writes while the main sends
    return DocumentResult(raw.doc_id, raw.path, "ok", clean_text=raw.text * 2)

runner.process_document = echo
paths = sorted(Path(sys.argv[1]).iterdir())
results = [r for r, _ in runner.run_batch(paths, model="none", isolate=True)]
print(len(results), sum(len(r.clean_text) for r in results))
"""


def test_big_documents_and_results_do_not_deadlock_the_pipe(tmp_path):
    """The main process sends a worker its next document while the worker sends back the
    last result: both bigger than a pipe's buffer must not block each other."""
    d = tmp_path / "big"
    d.mkdir()
    for i in range(4):
        (d / f"big{i}.txt").write_text(f"Aspirin {i}. " * 100_000, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", BIG_DOCUMENTS, str(d)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["4", str(4 * 2 * 1_100_000)]
