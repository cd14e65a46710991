"""End to end: the CLI on raw/ writes every contract file (shared/spec/OUTPUTS.md)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from conftest import ANNOTATIONS, RAW

from drugmine.io import read_text

CONTRACT = {
    "documents.csv": ["doc_id", "path", "status", "error", "chars_raw", "chars_clean"],
    "mentions.csv": ["doc_id", "start", "end", "label", "text"],
    "entities.csv": ["doc_id", "start", "end", "type", "text", "concept_id"],
    "facts.csv": ["doc_id", "drug", "relation", "object"],
}


def drugmine(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "drugmine.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = drugmine("run", RAW, "--out", out, "--gold", ANNOTATIONS, "--quiet")
    assert proc.returncode == 0, proc.stderr
    return out


def rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_contract_files_and_columns(outputs):
    for name, columns in CONTRACT.items():
        head = next(csv.reader(open(outputs / name, encoding="utf-8")))
        assert set(columns) <= set(head), name
    facts = json.loads((outputs / "facts.json").read_text(encoding="utf-8"))
    assert facts and {"doc_id", "drug", "relation", "object"} <= set(facts[0])
    drugs = json.loads((outputs / "drugs.json").read_text(encoding="utf-8"))
    keys = {"drug", "brands", "classes", "targets", "indications", "adverse_effects", "doc_ids"}
    assert drugs and keys <= set(drugs[0])
    n_docs = len([p for p in RAW.iterdir() if p.suffix in (".txt", ".html", ".htm")])
    assert len(list((outputs / "clean").glob("*.txt"))) == n_docs


def test_mentions_and_entities_point_at_raw_text(outputs):
    raws = {p.stem: read_text(p) for p in RAW.iterdir()}
    for name in ("mentions.csv", "entities.csv"):
        for r in rows(outputs / name):
            assert raws[r["doc_id"]][int(r["start"]) : int(r["end"])] == r["text"], r


def test_labels_relations_and_facts_are_in_vocabulary(outputs):
    assert {r["label"] for r in rows(outputs / "mentions.csv")} <= {
        "Drug",
        "DrugClass",
        "Target",
        "Indication",
        "AdverseEffect",
    }
    assert {r["type"] for r in rows(outputs / "entities.csv")} <= {"Chemical", "Disease", "Gene"}
    for r in rows(outputs / "facts.csv"):
        assert r["relation"] in {"treats", "causes", "targets", "is_a", "brand", "combined_with"}
        assert r["drug"] == r["drug"].lower() and r["evidence"] and r["method"]


def test_evaluation_is_written(outputs):
    summary = json.loads((outputs / "eval" / "summary.json").read_text())
    assert {"mentions_strict", "mentions_lenient", "facts"} <= set(summary)
    assert (outputs / "eval" / "scores.csv").exists() and (outputs / "eval" / "errors.csv").exists()


def test_broken_documents_are_reported_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Erlotinib is used to treat lung cancer.", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02junk")
    (src / "junk.txt").write_bytes(bytes(range(128, 256)) * 4)  # no text in any encoding
    out = tmp_path / "out"
    proc = drugmine("run", src, "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    status = {r["doc_id"]: (r["status"], r["error"]) for r in rows(out / "documents.csv")}
    assert status["good"] == ("ok", "")
    for bad in ("empty", "binary", "junk"):
        assert status[bad][0] == "error" and status[bad][1]
    assert any(r["drug"] == "erlotinib" for r in rows(out / "facts.csv"))


@pytest.mark.parametrize(
    "args",
    [
        ("run", "no/such/dir", "--out", "x"),
        ("evaluate", "--gold", "no/such", "--pred", "x"),
        ("run", "--bogus-option"),
    ],
)
def test_bad_usage_exits_non_zero_with_one_line_message(args, tmp_path):
    proc = drugmine(*args, cwd=tmp_path)
    assert proc.returncode != 0
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("drugmine: error:")
