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


# --------------------------------------------------------------------------- early checks


def tiny_corpus(directory, name="lone.txt"):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text("Lisinopril is used to treat hypertension.", encoding="utf-8")
    return directory


def test_out_naming_a_file_is_one_line_exit_2(tmp_path):
    (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
    proc = drugmine("run", tiny_corpus(tmp_path / "in"), "--out", tmp_path / "taken", "--quiet")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"drugmine: error: --out is not a folder: {tmp_path / 'taken'}"
    ]


@pytest.mark.parametrize(
    "gold_files,message",
    [
        ({"readme.txt": "no gold here"}, "no gold annotations (*.ann) in"),
        ({"lone.ann": "T1\tDrug zero ten\tLisinopril\n"}, "cannot read gold in"),
    ],
)
def test_gold_without_gold_fails_before_the_run(tmp_path, gold_files, message):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name, text in gold_files.items():
        (gold / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = drugmine("run", tiny_corpus(tmp_path / "in"), "--out", out, "--gold", gold, "--quiet")
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (out / "documents.csv").exists()  # nothing was run


def test_limit_run_is_scored_on_the_documents_it_ran(tmp_path):
    out = tmp_path / "out"
    proc = drugmine(
        "run", RAW, "--out", out, "--gold", ANNOTATIONS, "--limit", 2, "--quiet",
        "--ner-model", "none",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    n_gold = len(list(ANNOTATIONS.glob("*.ann")))
    summary = json.loads((out / "eval" / "summary.json").read_text())
    assert (summary["documents"], summary["not_run"]) == (2, n_gold - 2)
    assert f"scored on the 2 of {n_gold} gold documents" in proc.stdout
    run_ids = {r["doc_id"] for r in rows(out / "documents.csv")}
    assert {r["doc_id"] for r in rows(out / "eval" / "errors.csv")} <= run_ids


def test_evaluate_without_shared_documents_exits_2(tmp_path):
    out = tmp_path / "out"
    proc = drugmine("run", tiny_corpus(tmp_path / "in"), "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    proc = drugmine("evaluate", "--gold", ANNOTATIONS, "--pred", out)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "no document in common" in proc.stderr and "nothing to score" in proc.stderr
    assert not (out / "eval").exists()


def test_full_disk_is_one_line_and_previous_outputs_stay(tmp_path, monkeypatch):
    import errno

    from click.testing import CliRunner

    from drugmine.cli import cli
    from drugmine.tables import writer

    out = tmp_path / "out"
    corpus = tiny_corpus(tmp_path / "in")
    args = ["run", str(corpus), "--out", str(out), "--quiet", "--ner-model", "none"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def full(self, result):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer.TableWriter, "add", full)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"drugmine: error: writing outputs to {out} failed: No space left on device"
    ]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


# --------------------------------------------------------------------------- lock, csv-safe


def test_a_second_run_on_the_same_out_fails_at_once(tmp_path):
    import fcntl

    corpus = tiny_corpus(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".drugmine.lock", "a+") as held:  # as a run in progress holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("pid 4242")
        held.flush()
        proc = drugmine("run", corpus, "--out", out, "--quiet", "--ner-model", "none")
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines() == [
            f"drugmine: error: another drugmine run (pid 4242) is writing to {out}"
        ]
        assert not (out / "documents.csv").exists()
    proc = drugmine("run", corpus, "--out", out, "--quiet", "--ner-model", "none")
    assert proc.returncode == 0, proc.stderr  # released: the next run goes ahead


def test_csv_safe_guards_formula_cells_and_leaves_the_default_alone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = "=HYPERLINK(x)\n@SUM(1)\nWarfarin is used to prevent stroke.\n"
    (src / "=cmd.txt").write_text(text, encoding="utf-8")
    plain, safe = tmp_path / "plain", tmp_path / "safe"
    for out, extra in ((plain, []), (safe, ["--csv-safe"])):
        proc = drugmine("run", src, "--out", out, "--quiet", "--ner-model", "none", *extra)
        assert proc.returncode == 0, proc.stderr
    assert rows(plain / "documents.csv")[0]["doc_id"] == "=cmd"  # the default is untouched
    assert rows(safe / "documents.csv")[0]["doc_id"] == "'=cmd"

    def formulas(out):
        found = []
        for name in ("documents.csv", "mentions.csv", "entities.csv", "facts.csv"):
            for row in rows(out / name):
                found += [v for v in row.values() if v[:1] in ("=", "+", "-", "@")]
        return [v for v in found if not v.lstrip("-").isdigit()]  # -1: a number

    assert formulas(plain) and not formulas(safe)
    assert (plain / "facts.json").read_bytes() == (safe / "facts.json").read_bytes()


NOISY = """
import sys, warnings
from drugmine.batch import runner as batch
real = batch.process_document
def noisy(raw, model=None):
    warnings.warn("noise from a library", UserWarning)
    return real(raw, model)
batch.process_document = noisy
from drugmine.cli import main
main(sys.argv[1:])
"""


def test_quiet_silences_library_warnings_but_not_drugmine_ones(tmp_path):
    corpus = tiny_corpus(tmp_path / "in")
    stderr = {}
    for flag in ([], ["--quiet"]):
        out = tmp_path / f"out{len(flag)}"
        out.mkdir()
        (out / ".cache").write_text("not a folder")  # drugmine's own CacheWarning
        proc = subprocess.run(
            [sys.executable, "-c", NOISY, "run", str(corpus), "--out", str(out)]
            + ["--ner-model", "none", *flag],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        stderr[bool(flag)] = proc.stderr
    assert "noise from a library" in stderr[False] and "cache off" in stderr[False]
    assert "noise from a library" not in stderr[True] and "cache off" in stderr[True]


def test_training_commands_are_part_of_the_cli():
    from click.testing import CliRunner

    from drugmine.cli import cli

    for name in ("train-ner", "train-relations"):
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
    result = CliRunner().invoke(cli, ["train-ner", "--out", "x"])
    assert result.exit_code == 2  # --corpus is required


@pytest.mark.parametrize("quiet", [[], ["--quiet"]])
def test_bench_on_a_missing_corpus_is_one_line_and_exit_2(tmp_path, quiet):
    from click.testing import CliRunner

    from drugmine.cli import cli

    args = ["bench", "bc5cdr", "--path", str(tmp_path / "missing"), *quiet]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "corpus file not found" in lines[0]


def test_prepare_leaves_the_compiled_lexicon_where_runs_read_it():
    from click.testing import CliRunner

    from drugmine.cli import cli
    from drugmine.vocab import lexicon_path

    result = CliRunner().invoke(cli, ["prepare"])
    assert result.exit_code == 0, result.output
    assert str(lexicon_path()) in result.output and lexicon_path().is_file()
