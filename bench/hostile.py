"""Hostile-input benchmark: over 80 kinds of bad or odd input (bench/hostile_cases.py) in
one `drugmine run --doc-timeout`, as a user runs it, then checks on what it wrote:

- 0 crashes: exit 0, no traceback, no document error that is a caught exception;
- every discovered entry has exactly one documents.csv row (walked here, independently
  of drugmine's discovery: each folder once, the output folder skipped, an unlistable
  folder one row), and no doc_id is repeated;
- every mentions.csv/entities.csv row has `text == decoded_raw[start:end]` (decoded as
  `drugmine.io.read_text` does), with no BOM or NUL inside, and belongs to an ok row;
- every error row has a reason; kinds with a certain outcome get it (or hit the limit:
  a document over --doc-timeout is an error row and the batch goes on; they are listed);
- the wall time is bounded by the limit: <= startup + ceil(documents / workers) x limit.

As root, the run drops to `nobody` (setpriv) so that chmod 000 really makes a file or a
folder unreadable. Usage: python bench/hostile.py [--quick] [--ner-model none]
[--doc-timeout 30] [--workers 2] [--json FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_cases import Kind, build  # noqa: E402

SUFFIXES = (".txt", ".html", ".htm", ".pdf")
NOBODY = 65534
STARTUP_S = 60.0  # loading the pipeline in the main process and each worker
CRASH = re.compile(r"^(worker failed|[A-Z]\w*(Error|Exception)\b)")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def expected_entries(root: Path, out: Path, as_nobody: bool) -> list[Path]:
    """Every entry drugmine must report: document-like files below root (folders followed
    once each, symlinked ones too), and folders that cannot be listed."""
    found, stack, seen = [], [root], set()
    while stack:
        folder = stack.pop()
        info = folder.stat()
        if (info.st_dev, info.st_ino) in seen or folder.resolve() == out.resolve():
            continue
        seen.add((info.st_dev, info.st_ino))
        if as_nobody and info.st_mode & 0o005 != 0o005 and info.st_uid != NOBODY:
            found.append(folder)
            continue
        for entry in os.scandir(folder):
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in SUFFIXES:
                found.append(Path(entry.path))
    return found


def run(root: Path, out: Path, model: str | None, timeout: float, workers: int) -> dict:
    cmd = [sys.executable, "-m", "drugmine.cli", "run", str(root), "--out", str(out)]
    cmd += ["--doc-timeout", str(timeout), "--workers", str(workers), "--no-cache", "--quiet"]
    if model:
        cmd += ["--ner-model", model]
    env = dict(os.environ)
    as_nobody = os.geteuid() == 0 and shutil.which("setpriv") is not None
    if as_nobody:
        home = out.parent / "home"
        home.mkdir(exist_ok=True)
        for p in (out.parent, home):
            os.chown(p, NOBODY, NOBODY)
        env.update(HOME=str(home), TMPDIR=str(home))
        cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return {"seconds": time.perf_counter() - start, "returncode": proc.returncode,
            "stdout": proc.stdout, "stderr": proc.stderr, "as_nobody": as_nobody}  # fmt: skip


def check(root: Path, out: Path, kinds: list[Kind], ran: dict, timeout: float,
          workers: int) -> dict:  # fmt: skip
    from drugmine.io import printable, read_text

    entries = {printable(str(p)): p for p in expected_entries(root, out, ran["as_nobody"])}
    docs = _rows(out / "documents.csv") if (out / "documents.csv").exists() else []
    per_path = Counter(d["path"] for d in docs)
    by_id = {d["doc_id"]: d for d in docs}
    spans = _rows(out / "mentions.csv") + _rows(out / "entities.csv") if docs else []
    texts: dict[str, str] = {}
    bad_offsets = []
    for span in spans:
        doc = by_id.get(span["doc_id"])
        if doc is None or doc["status"] != "ok":
            bad_offsets.append((span["doc_id"], "span of a document without an ok row"))
            continue
        if doc["doc_id"] not in texts:
            texts[doc["doc_id"]] = read_text(entries[doc["path"]])
        piece = texts[doc["doc_id"]][int(span["start"]) : int(span["end"])]
        if piece != span["text"] or {"\ufeff", "\x00"} & set(piece):
            bad_offsets.append((span["doc_id"], span["start"], span["end"], span["text"]))
    crashes = [d for d in docs if CRASH.match(d["error"])]
    if ran["returncode"] != 0 or "Traceback" in ran["stderr"]:
        crashes.append({"doc_id": "(the run)", "error": ran["stderr"][-2000:]})
    row_of = {printable(str(root / k.path)): k for k in kinds}
    wrong = [
        (k.name, d["status"], d["error"])
        for d in docs
        if (k := row_of.get(d["path"]))
        and k.expect
        and k.expect != d["status"]
        and not d["error"].startswith("timed out")  # the limit doing its job: listed below
    ]
    if ran["as_nobody"]:  # chmod 000 only holds without root
        wrong += [(k.name, "not an error") for k in kinds if k.unreadable and not any(
            d["status"] == "error" and d["path"].startswith(printable(str(root / k.path)))
            for d in docs)]  # fmt: skip
    bound = STARTUP_S + math.ceil(len(docs) / workers) * timeout
    return {
        "kinds": len(kinds),
        "entries": len(entries),
        "rows": len(docs),
        "ok": sum(d["status"] == "ok" for d in docs),
        "errors": sum(d["status"] == "error" for d in docs),
        "timed_out": [d["doc_id"] for d in docs if d["error"].startswith("timed out")],
        "spans": len(spans),
        "crashes": crashes,
        "lost": sorted(set(entries) - set(per_path)),
        "unexpected": sorted(set(per_path) - set(entries)),
        "repeated_paths": sorted(p for p, n in per_path.items() if n > 1),
        "repeated_ids": sorted(i for i, n in Counter(d["doc_id"] for d in docs).items() if n > 1),
        "bad_offsets": bad_offsets,
        "no_reason": [d["doc_id"] for d in docs if d["status"] == "error" and not d["error"]],
        "wrong_status": wrong,
        "seconds": round(ran["seconds"], 1),
        "bound_s": bound,
        "within_bound": ran["seconds"] <= bound,
        "as_nobody": ran["as_nobody"],
        "table": _table(root, docs, spans, kinds),
    }


FAILURES = ("crashes", "lost", "unexpected", "repeated_paths", "repeated_ids", "bad_offsets",
            "no_reason", "wrong_status")  # fmt: skip


def passed(report: dict) -> bool:
    return report["kinds"] >= 80 and report["within_bound"] and not any(report[k] for k in FAILURES)


def _table(root: Path, docs: list[dict], spans: list[dict], kinds: list[Kind]) -> list[tuple]:
    from drugmine.io import printable

    n_spans = Counter(s["doc_id"] for s in spans)
    out = []
    for k in kinds:
        prefix = printable(str(root / k.path))
        mine = [d for d in docs if d["path"] == prefix or d["path"].startswith(prefix + "/")]
        for d in mine or [{"doc_id": "-", "status": "(no row)", "error": "", "encoding": ""}]:
            out.append((k.name, d["doc_id"][:28], d["status"],
                        d["error"] or d.get("encoding", ""), n_spans[d["doc_id"]]))  # fmt: skip
    return out


def format_report(report: dict) -> str:
    lines = ["| kind | doc_id | status | error or encoding | spans |", "|---|---|---|---|---|"]
    for name, doc_id, status, detail, spans in report["table"]:
        detail = detail.replace("|", "\\|")
        lines.append(f"| {name} | {doc_id!r} | {status} | {detail} | {spans} |")
    lines.append("")
    for key in ("kinds", "entries", "rows", "ok", "errors", "timed_out", "spans", "seconds",
                "bound_s", "as_nobody"):  # fmt: skip
        lines.append(f"{key}: {report[key]}")
    for key in FAILURES:
        lines.append(f"{key}: {len(report[key])} {report[key][:5] if report[key] else ''}")
    lines.append("PASS" if passed(report) else "FAIL")
    return "\n".join(lines)


def bench(quick: bool, model: str | None, timeout: float, workers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="hostile_") as tmp:
        os.chmod(tmp, 0o755)  # reachable by the unprivileged run
        root = Path(tmp) / "corpus"
        root.mkdir()
        kinds = build(root, quick)
        out = Path(tmp) / "run" / "out"
        out.parent.mkdir()
        ran = run(root, out, model, timeout, workers)
        try:
            return check(root, out, kinds, ran, timeout, workers)
        finally:
            for k in kinds:  # let TemporaryDirectory remove them
                if k.unreadable:
                    os.chmod(root / k.path, 0o755)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="shrink the big kinds")
    ap.add_argument("--ner-model", default=None, help="as drugmine run (default: shipped)")
    ap.add_argument("--doc-timeout", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    report = bench(args.quick, args.ner_model, args.doc_timeout, args.workers)
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0 if passed(report) else 1


if __name__ == "__main__":
    sys.exit(main())
