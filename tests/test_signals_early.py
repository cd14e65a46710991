"""Stop signals outside the middle of a run (issue 17): at start-up, while a worker is
being forked, during the publish switch and after the command; SIGHUP ignored by the
caller (nohup) stays ignored."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX")

TEXT = "Imatinib is used to treat leukaemia. It may cause nausea.\n"


def corpus(tmp_path: Path, n: int = 1) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for k in range(n):
        (raw / f"d{k}.txt").write_text(TEXT, encoding="utf-8")
    return raw


def args(raw: Path, out: Path, *extra: str) -> list[str]:
    return ["run", str(raw), "--out", str(out), "--quiet", "--no-cache", "--ner-model", "none",
            *extra]  # fmt: skip


@pytest.mark.parametrize("signum,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_at_start_up_exits_128_plus_n_and_writes_nothing(tmp_path, signum, code):
    """The signal is sent before the interpreter has started (the child starts with it
    blocked, so it waits for the first moment drugmine takes signals: the imports).
    Before, drugmine took them only once main() ran, after 0.6 s of imports; a signal
    in between killed it by its default action (-15/-2), and a blocked one was never
    taken: this run went on to the end."""
    raw, out = corpus(tmp_path), tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "drugmine.cli", *args(raw, out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signum}),
    )  # fmt: skip
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code, stderr
    name = signal.Signals(signum).name
    assert stderr == f"drugmine: stopped by {name} before it started; nothing written\n"
    assert not out.exists()


def test_sighup_ignored_by_the_caller_stays_ignored(tmp_path):
    """`nohup drugmine run ...`: closing the terminal must not stop the run (drugmine put
    its own SIGHUP handler over the inherited SIG_IGN and exited 129)."""
    raw, out = corpus(tmp_path), tmp_path / "out"
    script = ("import os, signal, sys\nfrom drugmine.batch import runner\n"
              "from drugmine.cli.app import main\nreal = runner.run_batch\n\n"
              "def batch(*a, **k):  # the terminal closes as the run starts\n"
              "    os.kill(os.getpid(), signal.SIGHUP)\n    return real(*a, **k)\n\n"
              "runner.run_batch = batch\nmain(sys.argv[1:])\n")
    proc = subprocess.run(
        [sys.executable, "-c", script, *args(raw, out)], capture_output=True, text=True,
        timeout=120, preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Imatinib" in (out / "mentions.csv").read_text(encoding="utf-8")


PUBLISH_SIGNAL = """
import os, signal, sys
from drugmine.batch import publish
from drugmine.cli.app import main

real = publish._link
def link(target, path):  # SIGTERM right after the switch of .current
    real(target, path)
    if path.name == ".current":
        os.kill(os.getpid(), signal.SIGTERM)
publish._link = link
main(sys.argv[1:])
"""


def test_a_signal_during_the_publish_switch_is_taken_after_it_and_reported(tmp_path):
    """Before, the signal raised between the switch and the record of it: the new set was
    in place but drugmine said 'previous outputs kept'."""
    raw, out = corpus(tmp_path), tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", PUBLISH_SIGNAL, *args(raw, out)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 143, proc.stderr
    assert f"stopped by SIGTERM; the new outputs are in place in {out}" in proc.stderr
    assert "Imatinib" in (out / "mentions.csv").read_text(encoding="utf-8")
    assert (out / "facts.csv").is_symlink() and (out / "drugs.json").exists()


def test_a_signal_after_the_command_is_no_traceback(tmp_path):
    """Once main() returned, a SIGTERM raised Stopped outside any handler (a traceback,
    exit 1), or, after the interpreter put the default action back, killed it (-15)."""
    raw, out = corpus(tmp_path), tmp_path / "out"
    script = ("import os, signal, sys, time\nfrom drugmine.cli.app import main\n"
              "main(sys.argv[1:])\nos.kill(os.getpid(), signal.SIGTERM)\ntime.sleep(0.3)\n")
    proc = subprocess.run([sys.executable, "-c", script, *args(raw, out)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


WORKER_SIGNAL = """
import os, signal, sys, time
from drugmine.batch import runner
from drugmine.cli.app import main

real = runner.die_with_parent
def early(parent):  # Ctrl-C reaches a worker before it has set its own handling
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.2)
    real(parent)
runner.die_with_parent = early
main(sys.argv[1:])
"""


def test_ctrl_c_while_a_worker_starts_does_not_kill_it(tmp_path):
    """A worker is forked with stop signals blocked and takes them only after it ignores
    SIGINT: before, the inherited handler raised KeyboardInterrupt in the new worker (a
    traceback from the child; workers that die while starting end the batch)."""
    raw, out = corpus(tmp_path, 3), tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", WORKER_SIGNAL, *args(raw, out, "--workers", "2")],
                          capture_output=True, text=True, timeout=180)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "KeyboardInterrupt" not in proc.stderr
    assert (out / "documents.csv").read_text(encoding="utf-8").count(",ok,") == 3


def test_a_worker_whose_parent_is_already_gone_exits():
    """The parent's pid is passed down: a worker that starts after its parent died (so
    PR_SET_PDEATHSIG comes too late) exits instead of watching its new parent for ever."""
    code = "from drugmine.batch.signals import die_with_parent\ndie_with_parent(2**22 + 7)\n"
    proc = subprocess.run([sys.executable, "-c", code + "print('still here')"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 1 and "still here" not in proc.stdout
