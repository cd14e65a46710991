"""Database (SQLite, PostgreSQL), Parquet and BRAT export of an OUT_DIR made by the pipeline."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, inspect, text

from drugmine.io import discover, read_document
from drugmine.pipeline import process
from drugmine.tables.brat import read_ann
from drugmine.tables.brat_export import export_brat
from drugmine.tables.parquet import export_parquet
from drugmine.tables.sql import export_sql, parse_url
from drugmine.tables.writer import write_tables
from drugmine.types import MENTION_LABELS, RELATION_ARG2

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DOCS = {
    "imatinib_note.txt": (
        "Imatinib (Gleevec) is a tyrosine kinase inhibitor. It blocks BCR-ABL.\n"
        "Imatinib is used to treat chronic myeloid leukemia.\n"
        "Common side effects of imatinib include nausea, rash and fatigue.\n"
    ),
    "sunitinib_note.txt": (
        "Sunitinib is a kinase inhibitor used to treat renal cell carcinoma.\r\n"
        "Side effects of sunitinib include diarrhea and hypertension.\r\n"
    ),
    "tamoxifen_page.html": (
        "<html><head><title>Tamoxifen</title></head><body>\n"
        '<nav><a href="/">Home</a> | <a href="/drugs">Drugs</a></nav>\n'
        "<h1>Tamoxifen</h1>\n"
        "<p>Tamoxifen is a hormone therapy used to treat breast cancer.</p>\n"
        "<p>Side effects of tamoxifen include hot flashes &amp; nausea.</p>\n"
        "<footer>Cookie policy</footer>\n</body></html>\n"
    ),
}
CHANGED_SUNITINIB = (
    "Sunitinib is a kinase inhibitor used to treat gastrointestinal stromal tumour.\n"
    "Side effects of sunitinib include fatigue and hypertension.\n"
)
TABLE_NAMES = {"documents", "mentions", "entities", "facts", "evidence", "drugs"}


def build_outputs(raw_dir: Path, out_dir: Path) -> Path:
    """Run the real pipeline over raw_dir into out_dir (no statistical NER model)."""
    results = [process(read_document(p), model="none") for p in discover([raw_dir])]
    write_tables(results, out_dir)
    return out_dir


def write_docs(raw_dir: Path, docs: dict[str, str]) -> Path:
    raw_dir.mkdir(parents=True, exist_ok=True)
    for name, body in docs.items():
        (raw_dir / name).write_bytes(body.encode("utf-8"))
    return raw_dir


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    raw = write_docs(tmp_path / "raw", DOCS)
    return raw, build_outputs(raw, tmp_path / "out")


def csv_rows(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)


def db_frame(url: str, sql: str) -> pd.DataFrame:
    engine = create_engine(parse_url(url))
    try:
        with engine.connect() as conn:
            return pd.read_sql(text(sql), conn)
    finally:
        engine.dispose()


# ---------------------------------------------------------------- upsert (both databases)


def check_upsert(url: str, raw: Path, out: Path, tmp_path: Path) -> None:
    """Export, change one document and export only it: its rows are replaced, the others
    keep their rows (same ids), nothing is duplicated, and a repeat export is a no-op."""
    first = export_sql(out, url)
    assert len(first.changed) == 3
    counts = {n: len(csv_rows(out, n)) for n in ("documents", "mentions", "entities", "facts")}
    assert {k: first.rows[k] for k in counts} == counts
    assert first.rows["evidence"] == counts["facts"]
    before = db_frame(url, "SELECT fact_id, doc_id, drug, relation, object FROM facts")
    hashes = db_frame(url, "SELECT doc_id, content_hash FROM documents").set_index("doc_id")

    only = tmp_path / "only_sunitinib"
    shutil.rmtree(only, ignore_errors=True)
    write_docs(only, {"sunitinib_note.txt": CHANGED_SUNITINIB})
    second = export_sql(build_outputs(only, tmp_path / "out2"), url)
    assert second.changed == ["sunitinib_note"]
    assert second.rows["documents"] == 3

    after = db_frame(url, "SELECT fact_id, doc_id, drug, relation, object FROM facts")
    key = ["doc_id", "drug", "relation", "object"]
    assert not after.duplicated(key).any()
    kept = before[before.doc_id != "sunitinib_note"].sort_values("fact_id")
    assert kept.values.tolist() == (
        after[after.doc_id != "sunitinib_note"].sort_values("fact_id").values.tolist()
    )
    objects = set(after[after.doc_id == "sunitinib_note"].object.str.lower())
    assert {"fatigue", "hypertension"} <= objects
    assert not {"diarrhea", "renal cell carcinoma"} & objects
    new_hash = db_frame(url, "SELECT content_hash FROM documents WHERE doc_id='sunitinib_note'")
    assert new_hash.content_hash[0] != hashes.content_hash["sunitinib_note"]
    mentions = db_frame(url, 'SELECT doc_id, start, "end", label FROM mentions')
    assert not mentions.duplicated().any()
    assert set(mentions.doc_id) == {"imatinib_note", "sunitinib_note", "tamoxifen_page"}
    orphans = db_frame(
        url,
        "SELECT count(*) AS n FROM evidence e LEFT JOIN facts f ON e.fact_id = f.fact_id "
        "WHERE f.fact_id IS NULL",
    )
    assert orphans.n[0] == 0
    drugs = db_frame(url, "SELECT drug, adverse_effects, doc_ids FROM drugs").set_index("drug")
    assert "fatigue" in drugs.adverse_effects["sunitinib"].split("|")
    assert "diarrhea" not in drugs.adverse_effects["sunitinib"].split("|")
    assert drugs.doc_ids["imatinib"] == "imatinib_note"

    third = export_sql(tmp_path / "out2", url)
    assert third.changed == [] and third.rows == second.rows


def test_sqlite_upsert_keeps_other_documents(corpus, tmp_path):
    raw, out = corpus
    check_upsert(f"sqlite:///{tmp_path / 'db' / 'drugmine.sqlite'}", raw, out, tmp_path)


def test_sqlite_schema_keys_and_indexes(corpus, tmp_path):
    _, out = corpus
    url = f"sqlite:///{tmp_path / 'drugmine.sqlite'}"
    export_sql(out, url)
    engine = create_engine(url)
    insp = inspect(engine)
    assert TABLE_NAMES <= set(insp.get_table_names())
    pks = {t: insp.get_pk_constraint(t)["constrained_columns"] for t in TABLE_NAMES}
    assert pks == {
        "documents": ["doc_id"],
        "mentions": ["mention_id"],
        "entities": ["entity_id"],
        "facts": ["fact_id"],
        "evidence": ["evidence_id"],
        "drugs": ["drug"],
    }
    fks = {
        (t, fk["constrained_columns"][0], fk["referred_table"])
        for t in TABLE_NAMES
        for fk in insp.get_foreign_keys(t)
    }
    assert {
        ("mentions", "doc_id", "documents"),
        ("entities", "doc_id", "documents"),
        ("facts", "doc_id", "documents"),
        ("facts", "drug", "drugs"),
        ("evidence", "fact_id", "facts"),
        ("evidence", "doc_id", "documents"),
    } <= fks
    indexed = {tuple(ix["column_names"]) for ix in insp.get_indexes("facts")}
    assert {("drug",), ("relation",), ("doc_id",)} <= indexed
    assert "content_hash" in {c["name"] for c in insp.get_columns("documents")}
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        hits = conn.execute(
            text(
                "SELECT DISTINCT f.drug, f.object FROM facts f WHERE f.relation = 'causes' "
                "AND f.drug IN (SELECT drug FROM facts WHERE relation = 'is_a' "
                "AND lower(object) LIKE '%kinase inhibitor%')"
            )
        ).fetchall()
    engine.dispose()
    assert {d for d, _ in hits} == {"imatinib", "sunitinib"}
    assert ("imatinib", "nausea") in hits


def test_content_hash_is_sha256_of_raw_bytes(corpus, tmp_path):
    import hashlib

    raw, out = corpus
    url = f"sqlite:///{tmp_path / 'h.sqlite'}"
    export_sql(out, url)
    stored = db_frame(url, "SELECT doc_id, content_hash FROM documents").set_index("doc_id")
    for name in DOCS:
        expected = hashlib.sha256((raw / name).read_bytes()).hexdigest()
        assert stored.content_hash[Path(name).stem] == expected


# ---------------------------------------------------------------- PostgreSQL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its binaries as the `postgres` user then."""
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-c", " ".join(map(str, cmd))]


def _pg(cmd: list, log: Path | None = None) -> None:
    proc = subprocess.run(
        _as_postgres([str(c) for c in cmd]), capture_output=True, text=True, timeout=120
    )
    if proc.returncode != 0:
        detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise RuntimeError(f"{cmd[0]} failed: {proc.stderr or proc.stdout}\n{detail}")


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL 15 server on a free loopback port, with one database."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL 15 server binaries not found in {PG_BIN} (.ci/run installs them)")
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (test extra)")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run the server")
    base = Path(tempfile.mkdtemp(prefix="drugmine-pg-"))
    if os.geteuid() == 0:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, log, port = base / "data", base / "server.log", _free_port()
    try:
        _pg(
            [
                PG_BIN / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]
        )
        opts = f"-h 127.0.0.1 -p {port} -k {base} -F -c max_connections=20"
        _pg([PG_BIN / "pg_ctl", "-D", data, "-l", log, "-o", opts, "-w", "-t", "60", "start"], log)
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE drugmine_test")
        yield f"postgresql://postgres@127.0.0.1:{port}/drugmine_test"
    finally:
        if (data / "postmaster.pid").exists():
            _pg([PG_BIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


def test_postgres_upsert_keeps_other_documents(pg_url, corpus, tmp_path):
    raw, out = corpus
    check_upsert(pg_url, raw, out, tmp_path)
    engine = create_engine(parse_url(pg_url))
    insp = inspect(engine)
    assert TABLE_NAMES <= set(insp.get_table_names())
    indexed = {ix["name"] for ix in insp.get_indexes("facts")}
    assert {"ix_facts_drug", "ix_facts_relation"} <= indexed
    assert {fk["referred_table"] for fk in insp.get_foreign_keys("facts")} == {"documents", "drugs"}
    engine.dispose()


# ---------------------------------------------------------------- Parquet and BRAT


def test_parquet_tables_are_readable(corpus, tmp_path):
    _, out = corpus
    stats = export_parquet(out, tmp_path / "parquet")
    for name in TABLE_NAMES:
        frame = pd.read_parquet(tmp_path / "parquet" / f"{name}.parquet", engine="pyarrow")
        assert len(frame) == stats.rows[name]
    facts = pd.read_parquet(tmp_path / "parquet" / "facts.parquet")
    evidence = pd.read_parquet(tmp_path / "parquet" / "evidence.parquet")
    assert len(facts) == len(csv_rows(out, "facts"))
    assert set(evidence.fact_id) == set(facts.fact_id)
    assert facts.confidence.dtype.kind == "f"
    docs = pd.read_parquet(tmp_path / "parquet" / "documents.parquet")
    assert docs.content_hash.str.fullmatch(r"[0-9a-f]{64}").all()


T_LINE = re.compile(r"^T(\d+)\t(\w+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
R_LINE = re.compile(r"^R(\d+)\t(\w+) Arg1:(T\d+) Arg2:(T\d+)$")


def test_brat_export_lines_are_valid_and_point_at_raw_text(corpus, tmp_path):
    raw, out = corpus
    brat = tmp_path / "brat"
    stats = export_brat(out, brat)
    assert stats.rows["R lines"] > 0 and (brat / "annotation.conf").exists()
    for name in DOCS:
        doc_id = Path(name).stem
        text_raw = (raw / name).read_bytes().decode("utf-8")
        assert (brat / f"{doc_id}.txt").read_bytes() == (raw / name).read_bytes()
        labels = {}
        for line in (brat / f"{doc_id}.ann").read_text(encoding="utf-8").splitlines():
            t, r = T_LINE.match(line), R_LINE.match(line)
            assert t or r, line
            if t:
                assert t.group(2) in MENTION_LABELS
                pieces = [tuple(map(int, p.split())) for p in t.group(3).split(";")]
                assert " ".join(text_raw[s:e] for s, e in pieces) == t.group(4)
                labels[f"T{t.group(1)}"] = t.group(2)
            else:
                assert labels[r.group(3)] == "Drug"
                assert labels[r.group(4)] == RELATION_ARG2[r.group(2)]
        gold_reader = read_ann(brat / f"{doc_id}.ann")  # the project's own BRAT reader
        assert len(gold_reader.spans) == len(csv_rows(out, "mentions").query("doc_id == @doc_id"))
    ann = read_ann(brat / "imatinib_note.ann")
    rels = {(rel, ann.spans[a2].text) for rel, _a1, a2 in ann.relations}
    assert {("causes", "nausea"), ("targets", "BCR-ABL"), ("brand", "Gleevec")} <= rels


# ---------------------------------------------------------------- command line


def drugmine(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "drugmine.cli", *map(str, args)], capture_output=True, text=True
    )


def test_cli_export_default_sqlite_and_bad_urls(corpus):
    _, out = corpus
    ok = drugmine("export", "--pred", out)
    assert ok.returncode == 0, ok.stderr
    assert (out / "drugmine.sqlite").exists() and "3 documents" in ok.stdout
    for bad in ("mysql://u@h/db", "not a url", "sqlite://"):
        proc = drugmine("export", "--pred", out, "--to", bad)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("drugmine: error:"), proc.stderr
    refused = drugmine(
        "export", "--pred", out, "--to", f"postgresql://x@127.0.0.1:{_free_port()}/d"
    )
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    brat = drugmine("export", "--pred", out, "--format", "brat", "--to", "sqlite:///x.db")
    assert brat.returncode == 2 and "directory" in brat.stderr
