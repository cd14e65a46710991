"""Dask as users run it: a real `dask scheduler` and two `dask worker` processes on
loopback, and `drugmine run --engine dask --scheduler tcp://...` against them.

Outputs must be byte-identical to a local run, also when one worker is killed with
SIGKILL while it holds a document: the scheduler hands that work to the other worker,
so no document is lost or reported as failed. Workers run without a nanny, so the
process killed is the worker itself and nothing restarts it.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RAW
from test_batch import tree

BIN = Path(sys.executable).parent
DASK = shutil.which("dask", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
NAMES = ["101_rituximab.txt", "104_cisplatin.txt", "102_pembrolizumab.html", "106_ibrutinib.txt"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def drugmine(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "drugmine.cli", *map(str, args)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(scheduler address, client, {worker address: Popen}); every process is killed at
    the end, whatever happened."""
    if DASK is None:
        pytest.skip("the `dask` command is not installed")
    distributed = pytest.importorskip("distributed")
    logs = tmp_path_factory.mktemp("dask_logs")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs: list[subprocess.Popen] = []

    def start(name: str, *args: str) -> subprocess.Popen:
        log = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen([DASK, *args], stdout=log, stderr=subprocess.STDOUT)
        procs.append(proc)
        return proc

    client = None
    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port),
              "--no-dashboard")  # fmt: skip
        worker_args = ["--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1"]
        worker_args += ["--no-nanny", "--no-dashboard"]
        workers = [start(f"worker{i}", "worker", address, *worker_args) for i in range(2)]
        deadline = time.monotonic() + 30
        while client is None:
            try:
                client = distributed.Client(address, timeout="2s")
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        client.wait_for_workers(2, timeout=30)
        pids = client.run(os.getpid)  # worker address -> pid
        by_address = {a: next(p for p in workers if p.pid == pid) for a, pid in pids.items()}
        yield address, client, by_address
    finally:
        if client is not None:
            client.close()
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.wait(10)


def corpus(directory: Path, copies: int = 1) -> Path:
    directory.mkdir(parents=True)
    for n in range(copies):
        for name in NAMES:
            shutil.copyfile(RAW / name, directory / f"c{n}_{name}")
    return directory


def test_cli_on_a_real_scheduler_and_two_workers_equals_local_run(tmp_path, cluster):
    address, client, _ = cluster
    src = corpus(tmp_path / "in")
    (src / "empty.txt").write_bytes(b"")
    args = ["--no-cache", "--quiet", "--ner-model", "none"]
    local = drugmine("run", src, "--out", tmp_path / "local", *args)
    assert local.returncode == 0, local.stderr
    remote = drugmine("run", src, "--out", tmp_path / "dask", "--engine", "dask",
                      "--scheduler", address, *args)  # fmt: skip
    assert remote.returncode == 0, remote.stderr
    expected = tree(tmp_path / "local")
    assert len(expected) > len(NAMES) and tree(tmp_path / "dask") == expected
    assert set(client.has_what()) == set(cluster[2])  # both workers still there


def test_a_worker_killed_mid_run_loses_no_document(tmp_path, cluster):
    address, client, workers = cluster
    src = corpus(tmp_path / "in", copies=4)  # 16 documents: several per worker
    args = ["--no-cache", "--quiet", "--ner-model", "none"]
    local = drugmine("run", src, "--out", tmp_path / "local", *args)
    assert local.returncode == 0, local.stderr

    victim_address, victim = sorted(workers.items())[0]
    run = subprocess.Popen(
        [sys.executable, "-m", "drugmine.cli", "run", src, "--out", tmp_path / "dask",
         "--engine", "dask", "--scheduler", address, *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not client.processing(workers=[victim_address]).get(victim_address):
            assert run.poll() is None, "the run ended before the victim got any document"
            assert time.monotonic() < deadline, "the victim never received a document"
            time.sleep(0.01)
        victim.send_signal(signal.SIGKILL)  # while it holds at least one document
        victim.wait(10)
        _, stderr = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 0, stderr
    assert victim.returncode == -signal.SIGKILL
    with open(tmp_path / "dask" / "documents.csv", encoding="utf-8", newline="") as fh:
        docs = list(csv.DictReader(fh))
    assert len(docs) == 4 * len(NAMES) and all(d["status"] == "ok" for d in docs), docs
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
