"""Batch runs at scale: streaming, workers, cache, atomic outputs, determinism, Dask."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import RAW

from drugmine.batch import runner as batch
from drugmine.batch.cache import ResultCache, content_key, pipeline_version
from drugmine.batch.publish import published_files
from drugmine.batch.runner import run_batch
from drugmine.io import discover
from drugmine.tables.writer import TABLES, TableWriter, write_tables
from drugmine.types import DocumentResult, Fact, Mention

SMALL = ["101_rituximab.txt", "104_cisplatin.txt", "102_pembrolizumab.html", "106_ibrutinib.txt"]
OUTPUT_FILES = [*TABLES, "facts.json", "drugs.json"]


def drugmine(*args, env=None, **kw):
    return subprocess.run(
        [sys.executable, "-m", "drugmine.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        **kw,
    )


def make_corpus(directory: Path, names=SMALL) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(RAW / name, directory / name)
    return directory


tree = published_files  # the output set as a reader sees it


def local_run(files, out: Path, **kw) -> list[tuple[DocumentResult, bool]]:
    seen = []
    with TableWriter(out) as writer:
        for result, hit in run_batch(files, model="none", **kw):
            writer.add(result)
            seen.append((result, hit))
    return seen


# --------------------------------------------------------------------------- determinism


def test_two_workers_and_another_hash_seed_give_byte_identical_outputs(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    (corpus / "broken.txt").write_bytes(b"\xff\xfeA")  # a UTF-16 BOM, then half a character
    outs = []
    for workers, seed in ((1, "1"), (2, "2")):
        out = tmp_path / f"out{workers}"
        proc = drugmine(
            "run", corpus, "--out", out, "--workers", workers, "--no-cache", "--quiet",
            "--ner-model", "none", env={"PYTHONHASHSEED": seed},
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outs.append(tree(out))
    assert outs[0] == outs[1]
    assert sorted(outs[0]) == sorted([*OUTPUT_FILES, *(f"clean/{Path(n).stem}.txt" for n in SMALL)])
    assert outs[0]["facts.csv"].count(b"\n") > 10
    assert (
        b"broken,%s,error,not valid utf-16 after its byte-order mark,0,0,"
        % str(corpus / "broken.txt").encode()
        in (outs[0]["documents.csv"])
    )


SUMMARY_SCRIPT = """
from types import SimpleNamespace
from drugmine.tables.writer import drug_summary
from drugmine.types import Fact
facts = [Fact("a", "dasatinib", "brand", name) for name in ("Sprycel", "SPRYCEL", "sprycel")]
print(drug_summary([SimpleNamespace(facts=facts)]))
"""


def test_drugs_json_lists_are_ordered_the_same_under_any_hash_seed():
    outputs = {
        subprocess.run(
            [sys.executable, "-c", SUMMARY_SCRIPT],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(outputs) == 1 and "'SPRYCEL', 'Sprycel', 'sprycel'" in outputs.pop()


def test_limit_and_progress_bar_with_rate_only_on_a_terminal(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    corpus = make_corpus(tmp_path / "in")
    args = ["run", corpus, "--out", tmp_path / "out", "--limit", 2, "--ner-model", "none"]
    main, terminal = pty.openpty()  # stderr is a terminal: the bar is shown
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "drugmine.cli", *map(str, args)],
            stdout=subprocess.PIPE, stderr=terminal, text=True,
        )  # fmt: skip
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal side is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    assert proc.returncode == 0, shown
    rows = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3  # header + 2 documents
    assert re.search(r"documents: 100%.*2/2.*(doc/s|s/doc)", shown.decode()), shown
    piped = drugmine(*args)  # stderr is a pipe: no bar
    assert piped.returncode == 0 and "documents:" not in piped.stderr, piped.stderr


# --------------------------------------------------------------------------- cache


def test_cache_skips_unchanged_documents_and_changes_nothing(tmp_path):
    corpus = make_corpus(tmp_path / "in")
    files = discover([corpus])
    cache = ResultCache(tmp_path / "cache")
    first = local_run(files, tmp_path / "a", cache=cache)
    assert [hit for _, hit in first] == [False] * len(files)
    second = local_run(files, tmp_path / "b", cache=cache)
    assert [hit for _, hit in second] == [True] * len(files)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")

    # an edited document is recomputed, the others come from the cache
    edited = corpus / "104_cisplatin.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nCisplatin causes nausea.\n")
    third = local_run(files, tmp_path / "c", cache=cache)
    assert {r.doc_id: hit for r, hit in third} == {
        Path(n).stem: Path(n).name != "104_cisplatin.txt" for n in SMALL
    }

    # the same bytes elsewhere are a hit, reported under their new path
    moved = make_corpus(tmp_path / "moved", SMALL[:1])
    (result, hit), = local_run(discover([moved]), tmp_path / "d", cache=cache)  # fmt: skip
    assert hit and result.path == str(moved / SMALL[0])


def test_corrupt_cache_entry_is_a_miss(tmp_path):
    files = discover([make_corpus(tmp_path / "in", SMALL[:1])])
    cache = ResultCache(tmp_path / "cache")
    local_run(files, tmp_path / "a", cache=cache)
    (entry,) = (tmp_path / "cache").rglob("*.json")
    entry.write_bytes(entry.read_bytes()[:50])  # truncated, as by a crash of another tool
    ((result, hit),) = local_run(files, tmp_path / "b", cache=cache)
    assert not hit and result.status == "ok"
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


class _Exploit:
    """Unpickling this would create a file: the cache must never unpickle anything."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self):
        return (Path.touch, (self.target,))


def test_cache_is_validated_json_never_pickle(tmp_path):
    import json
    import pickle

    files = discover([make_corpus(tmp_path / "in", SMALL[:1])])
    cache = ResultCache(tmp_path / "cache")
    ((fresh, _),) = local_run(files, tmp_path / "a", cache=cache)
    (entry,) = (tmp_path / "cache").rglob("*.json")
    good = json.loads(entry.read_text(encoding="utf-8"))
    assert good["result"]["doc_id"] == fresh.doc_id and good["key"] == entry.stem
    pwned = tmp_path / "pwned"
    tampered = [
        pickle.dumps(_Exploit(pwned)),  # a pickle where the JSON should be
        json.dumps({**good, "result": {**good["result"], "chars_raw": "12"}}).encode(),
        json.dumps({**good, "result": {**good["result"], "surprise": 1}}).encode(),
        json.dumps({**good, "key": "0" * 64}).encode(),  # an entry copied under another key
        json.dumps(
            {**good, "result": {**good["result"], "mentions": [{"doc_id": 1}]}}
        ).encode(),
    ]
    entry.with_suffix(".pkl").write_bytes(tampered[0])  # the old pickle path is not read
    for data in tampered:
        entry.write_bytes(data)
        ((result, hit),) = local_run(files, tmp_path / "b", cache=cache)
        assert not hit and result == fresh
    assert not pwned.exists()
    entry.write_text(json.dumps(good), encoding="utf-8")
    ((result, hit),) = local_run(files, tmp_path / "c", cache=cache)
    assert hit and result == fresh


def test_cache_key_includes_the_document_kind(tmp_path):
    page = "<p>Ezetimibe is used to treat high cholesterol.</p>\n"
    (tmp_path / "t").mkdir()
    (tmp_path / "h").mkdir()
    (tmp_path / "t" / "doc.txt").write_text(page, encoding="utf-8")
    (tmp_path / "h" / "doc.html").write_text(page, encoding="utf-8")
    cache = ResultCache(tmp_path / "cache")
    ((as_text, _),) = local_run(discover([tmp_path / "t"]), tmp_path / "a", cache=cache)
    ((as_html, hit),) = local_run(discover([tmp_path / "h"]), tmp_path / "b", cache=cache)
    assert not hit  # same bytes, same doc_id, another kind: not the text result
    assert "<p>" in as_text.clean_text and "<p>" not in as_html.clean_text


def test_cache_write_errors_are_warnings(tmp_path, monkeypatch):
    import errno

    from drugmine.batch import cache as cache_mod

    files = discover([make_corpus(tmp_path / "in", SMALL[:2])])
    reference = local_run(files, tmp_path / "ref")

    def full(*args, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_mod, "open", full, raising=False)  # this module only
    with pytest.warns(batch.CacheWarning, match="No space left on device"):
        seen = local_run(files, tmp_path / "out", cache=ResultCache(tmp_path / "cache"))
    assert seen == reference and tree(tmp_path / "out") == tree(tmp_path / "ref")
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_cli_with_an_unusable_cache_folder_warns_and_runs(tmp_path):
    corpus = make_corpus(tmp_path / "in", SMALL[:1])
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cache").write_text("a file where the cache folder should be")
    proc = drugmine("run", corpus, "--out", out, "--quiet", "--ner-model", "none")
    assert proc.returncode == 0, proc.stderr
    assert "cache off for this run" in proc.stderr
    assert (out / "facts.csv").exists()


def test_cache_key_depends_on_bytes_doc_id_kind_encoding_and_pipeline_version(tmp_path):
    v = pipeline_version("none")
    assert content_key(b"x", "a", v) == content_key(b"x", "a", v)
    assert len({content_key(b"x", "a", v), content_key(b"y", "a", v)}) == 2
    assert content_key(b"x", "a", v) != content_key(b"x", "b", v)
    assert content_key(b"x", "a", v) != content_key(b"x", "a", v + "0")
    assert content_key(b"x", "a", v, "text", "utf-8") != content_key(b"x", "a", v, "html", "utf-8")
    assert content_key(b"x", "a", v, "text", "utf-8") != content_key(b"x", "a", v, "text", "cp1252")
    # a model directory is part of the version: retraining it invalidates the cache
    model = tmp_path / "model"
    model.mkdir()
    (model / "meta.json").write_text("{}")
    (model / "weights").write_bytes(b"1")
    before = pipeline_version(str(model))
    pipeline_version.cache_clear()
    (model / "weights").write_bytes(b"2")
    assert pipeline_version(str(model)) != before != v
    pipeline_version.cache_clear()


# --------------------------------------------------------------------------- streaming


def test_run_batch_reads_its_input_lazily(tmp_path):
    files = discover([make_corpus(tmp_path / "in")])
    pulled = []

    def source():
        for f in files:
            pulled.append(f)
            yield f

    stream = run_batch(source(), model="none")
    next(stream)
    assert len(pulled) == 1  # one document read ahead, not the whole list
    assert len(list(stream)) == len(files) - 1


def test_table_writer_memory_does_not_grow_with_documents(tmp_path):
    def result(i: int) -> DocumentResult:
        doc_id = f"doc{i:05d}"
        text = f"Drug{i % 7} treats disease {i}. " * 400  # ~12 kB of clean text
        mentions = [Mention(doc_id, k, k + 5, "Drug", "Drug1") for k in range(0, 400, 20)]
        facts = [Fact(doc_id, f"drug{i % 7}", "treats", f"disease {k}") for k in range(5)]
        return DocumentResult(
            doc_id, f"{doc_id}.txt", "ok", "", len(text), len(text), text, [], mentions, facts
        )

    def peak_after(n: int, out: Path) -> int:
        tracemalloc.start()
        with TableWriter(out) as writer:
            for i in range(n):
                writer.add(result(i))
            peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak_after(60, tmp_path / "s"), peak_after(300, tmp_path / "l")
    # 240 more documents carry ~3 MB of text and rows; only doc_ids for drugs.json remain
    assert large - small < 1_000_000, (small, large)
    assert (tmp_path / "l" / "documents.csv").read_text().count("\n") == 301


# --------------------------------------------------------------------------- atomicity


def test_killed_run_leaves_previous_outputs_and_resumes_from_cache(tmp_path):
    corpus = make_corpus(tmp_path / "in", SMALL[:2])
    out = tmp_path / "out"
    proc = drugmine("run", corpus, "--out", out, "--quiet", "--ner-model", "none")
    assert proc.returncode == 0, proc.stderr
    before = tree(out)

    make_corpus(corpus, sorted(p.name for p in RAW.iterdir()))  # 27 more: time to kill it
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-m", "drugmine.cli", "run", str(corpus), "--out", str(out)]
    child = subprocess.Popen([*cmd, "--quiet", "--ner-model", "none"], env=env)
    deadline = time.monotonic() + 60
    while len(list((out / ".cache").rglob("*.json"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert tree(out) == before  # nothing of the killed run was published, nothing is torn
    assert list(out.glob(".gen/*.tmp"))  # its unpublished generation is there...

    proc = drugmine("run", corpus, "--out", out, "--ner-model", "none", "--quiet")
    assert proc.returncode == 0, proc.stderr
    reused = int(re.search(r"(\d+) unchanged from cache", proc.stdout).group(1))
    assert reused >= 4
    assert not list(out.glob(".gen/*.tmp"))  # ...and the next run removed it
    assert len(list(out.glob(".gen/*"))) == 1  # and the generation it replaced
    reference = tmp_path / "reference"
    write_tables((r for r, _ in run_batch(discover([corpus]), model="none")), reference)
    assert tree(out) == tree(reference)


def test_stale_clean_files_are_removed(tmp_path):
    files = discover([make_corpus(tmp_path / "in")])
    out = tmp_path / "out"
    local_run(files, out)
    local_run(files[:1], out)
    assert sorted(p.name for p in (out / "clean").iterdir()) == [f"{files[0].stem}.txt"]


# --------------------------------------------------------------------------- workers


def test_worker_crash_costs_only_its_document(tmp_path, monkeypatch):
    from drugmine.nlp import make_nlp

    make_nlp(None)  # loaded before the fork, so the workers start at once
    corpus = make_corpus(tmp_path / "in")
    (corpus / "boom.txt").write_text("Imatinib treats leukaemia.", encoding="utf-8")
    files = discover([corpus])
    parent = os.getpid()
    real = batch.process_document

    def crashing(raw, model=None):
        if raw.doc_id == "boom" and os.getpid() != parent:
            os._exit(1)  # the worker dies as in a segfault or the OOM killer
        return real(raw, model)

    monkeypatch.setattr(batch, "process_document", crashing)
    results = [r for r, _ in run_batch(files, workers=2, model="none")]
    assert [r.doc_id for r in results] == [f.stem for f in files]
    status = {r.doc_id: (r.status, r.error) for r in results}
    assert status.pop("boom")[1].startswith("worker process died")
    assert all(s == ("ok", "") for s in status.values())
    monkeypatch.undo()
    reference = [r for r, _ in run_batch(files, model="none")]
    assert [r for r in results if r.doc_id != "boom"] == [
        r for r in reference if r.doc_id != "boom"
    ]


# --------------------------------------------------------------------------- dask


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    from drugmine.nlp import make_nlp

    make_nlp(None)
    cluster = distributed.LocalCluster(  # one worker thread in this process, on loopback TCP
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    )
    yield cluster
    cluster.close()


def test_dask_engine_equals_local_run_byte_for_byte(tmp_path, dask_cluster):
    corpus = make_corpus(tmp_path / "in")
    (corpus / "empty.txt").write_bytes(b"")
    files = discover([corpus])
    local_run(files, tmp_path / "local")
    local_run(files, tmp_path / "dask", engine="dask", scheduler=dask_cluster.scheduler_address)
    assert tree(tmp_path / "local") == tree(tmp_path / "dask")
    assert filecmp.cmp(tmp_path / "local/facts.csv", tmp_path / "dask/facts.csv", shallow=False)


def test_cli_engine_dask_with_scheduler_address(tmp_path, dask_cluster):
    corpus = make_corpus(tmp_path / "in", SMALL[:2])
    proc = drugmine(
        "run", corpus, "--out", tmp_path / "dask", "--engine", "dask",
        "--scheduler", dask_cluster.scheduler_address, "--no-cache", "--quiet",
        "--ner-model", "none",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    local_run(discover([corpus]), tmp_path / "local")
    assert tree(tmp_path / "local") == tree(tmp_path / "dask")
