"""bench/hostile.py's quick corpus (every kind, big ones shrunk) through one real
`drugmine run --doc-timeout`: no crash, nothing lost or repeated, exact offsets, a reason
for every error; and its checks do catch a lost row, a repeated id and a wrong offset."""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import hostile  # noqa: E402
from hostile_cases import build  # noqa: E402

TIMEOUT, WORKERS = 30.0, 2


@pytest.fixture(scope="module")
def bench_run():
    tmp = Path(tempfile.mkdtemp(prefix="hostile_test_"))
    os.chmod(tmp, 0o755)  # reachable when the run drops root (bench/hostile.py)
    root, out = tmp / "corpus", tmp / "run" / "out"
    root.mkdir()
    out.parent.mkdir()
    kinds = build(root, quick=True)
    try:
        ran = hostile.run(root, out, "none", TIMEOUT, WORKERS)
        yield root, out, kinds, ran, hostile.check(root, out, kinds, ran, TIMEOUT, WORKERS)
    finally:
        for k in kinds:
            if k.unreadable:
                os.chmod(root / k.path, 0o755)
        shutil.rmtree(tmp)


def test_every_hostile_kind_is_reported_once_with_exact_offsets(bench_run):
    *_, report = bench_run
    assert report["kinds"] >= 80
    for key in hostile.FAILURES:
        assert report[key] == [], (key, report[key][:5])
    assert report["rows"] == report["entries"] > report["kinds"] - 5
    assert report["ok"] > 50 and report["errors"] > 15 and report["spans"] > 1000
    assert report["within_bound"] and hostile.passed(report)
    assert "PASS" in hostile.format_report(report)


def _rewrite(path: Path, change) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows = change(rows)
    path.unlink()  # the copy's file, not the published generation
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields)
        writer.writeheader()
        writer.writerows(rows)


def test_the_checks_catch_a_lost_row_a_repeated_id_and_a_wrong_offset(bench_run, tmp_path):
    root, out, kinds, ran, _ = bench_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns(".*"))  # links -> real files

    def lose_and_repeat(rows):
        ok = [r for r in rows if r["status"] == "ok"]
        rows.remove(ok[0])
        rows.append(dict(ok[1], path=ok[0]["path"]))  # ok[0]'s path now under ok[1]'s id
        return [r for r in rows if r["doc_id"] != "pipe"]  # the FIFO's row is lost

    def shift(rows):
        rows[0]["start"] = str(int(rows[0]["start"]) + 1)
        return rows

    _rewrite(copy / "documents.csv", lose_and_repeat)
    _rewrite(copy / "mentions.csv", shift)
    report = hostile.check(root, copy, kinds, ran, TIMEOUT, WORKERS)
    assert report["repeated_ids"] and report["bad_offsets"] and not hostile.passed(report)
    assert len(report["repeated_ids"]) == 1
    assert report["lost"] == [str(root / "pipe.txt")]
