"""Kill benchmark: SIGKILL, SIGTERM and SIGINT at random moments of a small
`drugmine run --workers 2`, also during the publish step, on an OUT_DIR that already
holds a previous run's outputs. After each signal:

- OUT_DIR holds the previous output set or the complete new one, byte for byte;
- the exit code is drugmine's own for the signal (SIGTERM 143, SIGINT 130; SIGKILL: death
  by it, -9), or 0 if the run had finished; death by SIGTERM/SIGINT (-15, -2) is counted
  apart and fails the trial unless the signal came in the first 50 ms, before the
  interpreter runs drugmine's first line (batch/signals.py takes stop signals from the
  first line of drugmine.cli, and blocks them once the command has returned);
- no process of the run is left (the run is started in a session of its own and its
  process group must be empty within 10 s);
- a re-run (with the cache the killed run left) is byte-identical to an uninterrupted run.

Half the trials pick a moment uniformly over the whole run, half over its last 20% (the
tables are written and published then). SIGINT goes to the process group, as Ctrl-C
does; SIGTERM and SIGKILL to the main process only. Loopback only: nothing leaves the
machine. Usage: python bench/kills.py [--trials 10] [--seed 17] [--ner-model none]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from drugmine.batch.publish import published_files

ROOT = Path(__file__).resolve().parents[1]
OLD = ["101_rituximab.txt", "104_cisplatin.txt"]
NEW = [*OLD, "102_pembrolizumab.html", "106_ibrutinib.txt", "105_trastuzumab.html"]
EXIT = {signal.SIGKILL: -signal.SIGKILL, signal.SIGTERM: 143, signal.SIGINT: 130}


tree = published_files  # the output set as a reader sees it


def command(src: Path, out: Path, model: str) -> list[str]:
    return [sys.executable, "-m", "drugmine.cli", "run", str(src), "--out", str(out),
            "--workers", "2", "--quiet", "--ner-model", model]  # fmt: skip


def run(src: Path, out: Path, model: str) -> float:
    start = time.perf_counter()
    subprocess.run(command(src, out, model), check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def group_empty(pgid: int, wait_s: float = 10.0) -> bool:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() > deadline:
            os.killpg(pgid, signal.SIGKILL)  # do not leave them to the next trial
            return False
        time.sleep(0.05)


def corpus(directory: Path, names: list[str]) -> Path:
    directory.mkdir(parents=True)
    for name in names:
        shutil.copyfile(ROOT / "raw" / name, directory / name)
    return directory


def trial(tmp: Path, n: int, signum: int, delay: float, ctx: dict) -> dict:
    out = tmp / f"t{n}"
    shutil.copytree(ctx["previous"], out, symlinks=True)
    proc = subprocess.Popen(command(ctx["new_in"], out, ctx["model"]), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    time.sleep(delay)
    if proc.poll() is None:
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    left_clean = group_empty(proc.pid)
    got = tree(out)
    state = {ctx["old_tree"] == got: "previous", ctx["new_tree"] == got: "new"}.get(True, "MIXED")
    code_ok = proc.returncode == EXIT[signum] or (proc.returncode == 0 and state == "new") or (
        proc.returncode == -signum and delay < 0.05
    )
    run(ctx["new_in"], out, ctx["model"])
    rerun_same = tree(out) == ctx["new_tree"]
    shutil.rmtree(out)
    return {"signal": signal.Signals(signum).name, "delay": round(delay, 2),
            "exit": proc.returncode, "state": state, "exit_ok": code_ok,
            "no_process_left": left_clean, "rerun_identical": rerun_same,
            "ok": state != "MIXED" and code_ok and left_clean and rerun_same,
            "stderr": err.decode(errors="replace")[-300:]}  # fmt: skip


def bench(trials: int, seed: int, model: str, signals=tuple(EXIT)) -> dict:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="kills_") as name:
        tmp = Path(name)
        old_in, new_in = corpus(tmp / "old_in", OLD), corpus(tmp / "new_in", NEW)
        previous, reference = tmp / "previous", tmp / "reference"
        run(old_in, previous, model)
        run(new_in, reference, model)  # fresh: the output every trial must end with
        shutil.copytree(previous, tmp / "timed", symlinks=True)
        seconds = run(new_in, tmp / "timed", model)  # as long as a trial's run takes
        assert tree(tmp / "timed") == tree(reference)
        ctx = {"model": model, "new_in": new_in, "previous": previous,
               "old_tree": tree(previous), "new_tree": tree(reference)}  # fmt: skip
        assert ctx["old_tree"] != ctx["new_tree"]
        results = []
        for signum in signals:
            for k in range(trials):
                low = 0.0 if k % 2 == 0 else 0.8 * seconds
                delay = rng.uniform(low, seconds)
                results.append(trial(tmp, len(results), signum, delay, ctx))
    return {"uninterrupted_s": round(seconds, 2), "trials": results}


def summary(report: dict) -> str:
    lines = ["| signal | trials | previous | new | mixed | exit code ok | no process left "
             "| re-run identical |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name in sorted({t["signal"] for t in report["trials"]}):
        ts = [t for t in report["trials"] if t["signal"] == name]

        def count(key, value=True, ts=ts):
            return sum(t[key] == value for t in ts)

        lines.append(f"| {name} | {len(ts)} | {count('state', 'previous')} | "
                     f"{count('state', 'new')} | {count('state', 'MIXED')} | "
                     f"{count('exit_ok')} ({sum(t['exit'] < 0 for t in ts)} by the signal) | "
                     f"{count('no_process_left')} | "
                     f"{count('rerun_identical')} |")  # fmt: skip
    lines.append(f"uninterrupted run: {report['uninterrupted_s']} s")
    bad = [t for t in report["trials"] if not t["ok"]]
    lines.append("PASS" if not bad else f"FAIL: {bad}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=10, help="per signal")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--ner-model", default="none")
    args = ap.parse_args()
    report = bench(args.trials, args.seed, args.ner_model)
    print(summary(report))
    return 0 if all(t["ok"] for t in report["trials"]) else 1


if __name__ == "__main__":
    sys.exit(main())
