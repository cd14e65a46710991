"""bench/kills.py with one trial per signal (the 10-per-signal run is the benchmark):
previous or complete new outputs, the signal's exit code, no process left, an identical
re-run; and its process check does see a process left behind."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import kills  # noqa: E402


def test_one_kill_per_signal_leaves_a_whole_output_set_and_no_process():
    report = kills.bench(trials=1, seed=3, model="none")
    assert [t["signal"] for t in report["trials"]] == ["SIGKILL", "SIGTERM", "SIGINT"]
    for t in report["trials"]:
        assert t["state"] in ("previous", "new"), t
        assert t["exit_ok"] and t["no_process_left"] and t["rerun_identical"], t
        if t["state"] == "previous":
            signum = signal.Signals[t["signal"]]
            assert t["exit"] == kills.EXIT[signum] or t["delay"] < 0.05, t
    assert "PASS" in kills.summary(report)


def test_a_process_left_in_the_group_is_reported_and_stopped():
    proc = subprocess.Popen(["sleep", "30"], start_new_session=True)
    assert kills.group_empty(proc.pid, wait_s=0.2) is False
    assert proc.wait(5) == -signal.SIGKILL
    assert kills.group_empty(proc.pid, wait_s=1.0) is True
