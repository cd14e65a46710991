"""Shutdown: SIGINT exits 130, SIGTERM 143, workers never outlive the main process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RAW

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def children(pid: int) -> set[int]:
    """Direct child processes of pid, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def wait_until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("in")
    for p in sorted(RAW.iterdir()):  # 57 documents, twice: a run long enough to interrupt
        shutil.copyfile(p, d / p.name)
        shutil.copyfile(p, d / f"copy_{p.name}")
    return d


def kill_leftovers(pids: set[int]) -> None:
    """Leave no process behind even when the test fails (only the workers it started)."""
    for pid in alive(pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def start(corpus: Path, out: Path) -> tuple[subprocess.Popen, set[int]]:
    cmd = [sys.executable, "-m", "drugmine.cli", "run", str(corpus), "--out", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2", "--no-cache", "--quiet", "--ner-model", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_until(lambda: len(children(proc.pid)) >= 2, 120), "workers never started"
    time.sleep(1.0)  # documents in flight
    return proc, children(proc.pid)


@pytest.mark.parametrize(
    "signum,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_signal_stops_workers_exits_128_plus_n_and_keeps_previous_outputs(
    corpus, tmp_path, signum, code
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "facts.csv").write_text("previous\n", encoding="utf-8")
    proc, workers = start(corpus, out)
    try:
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == code, stderr
        assert stderr.strip().splitlines()[-1].startswith("drugmine: "), stderr
        assert "Traceback" not in stderr, stderr
        assert wait_until(lambda: not alive(workers), 10), "workers outlived the main process"
    finally:
        kill_leftovers(workers)
        if proc.poll() is None:  # a hung main process must not outlive the test either
            proc.kill()
            proc.communicate()
    assert (out / "facts.csv").read_text(encoding="utf-8") == "previous\n"
    assert not (out / "documents.csv").exists()


def test_sigkill_of_the_main_process_takes_the_workers_with_it(corpus, tmp_path):
    proc, workers = start(corpus, tmp_path / "out")
    try:
        assert alive(workers)
        proc.kill()
        assert wait_until(lambda: not alive(workers), 10), "workers outlived a SIGKILLed parent"
        proc.communicate(timeout=30)  # the pipes close: no worker holds them open
    finally:
        kill_leftovers(workers)
        if proc.poll() is None:  # a hung main process must not outlive the test either
            proc.kill()
            proc.communicate()


SIGNAL_AFTER_PUBLISH = """
import os, signal, sys
from drugmine.cli import run as run_module
from drugmine.cli.app import main

def stop(*args, **kwargs):  # the evaluation runs after the outputs are published
    os.kill(os.getpid(), signal.SIGTERM)

run_module.run_evaluation = stop
main(sys.argv[1:])
"""


def test_signal_after_the_publish_says_the_new_outputs_are_in_place(tmp_path):
    """A SIGTERM once the new set is published must not claim the previous outputs were
    kept: it says the new outputs are in place (and still exits 143)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Imatinib is used to treat leukaemia.\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.ann").write_text("T1\tDrug 0 8\tImatinib\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-c", SIGNAL_AFTER_PUBLISH, "run", str(raw), "--out", str(out),
         "--gold", str(gold), "--quiet", "--no-cache", "--ner-model", "none"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 143, proc.stderr
    assert "previous outputs kept" not in proc.stderr
    assert f"new outputs are in place in {out}" in proc.stderr
    assert "Imatinib" in (out / "mentions.csv").read_text(encoding="utf-8")
