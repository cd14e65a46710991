"""Export an OUT_DIR (shared/spec/OUTPUTS.md) to SQL databases, Parquet files and BRAT.

The SQL schema (SQLAlchemy Core, so SQLite and PostgreSQL get the same tables):

- ``documents``: one row per input document; ``doc_id`` primary key, plus
  ``content_hash`` (sha256 of the raw file bytes) and ``result_hash`` (sha256 of the
  document's output rows) that decide whether a re-export must replace its rows.
- ``mentions``, ``entities``: one row per CSV row, foreign key ``doc_id``.
- ``facts``: one row per (doc_id, drug, relation, object), foreign keys ``doc_id`` and
  ``drug`` (-> ``drugs``); indexed on drug and relation.
- ``evidence``: the sentence and raw offsets each fact comes from, foreign key ``fact_id``.
- ``drugs``: one row per drug across every document in the database, lists joined by ``|``.

Re-exporting replaces, in one transaction, the rows of documents whose hashes changed
(delete, then insert) and leaves every other document's rows alone, so exporting
batch after batch into one database accumulates without duplicates.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Column,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from .fold import aggregate
from .io import read_text
from .tables import DOCUMENT_COLUMNS, DRUG_LISTS
from .types import RELATION_ARG2

INT_COLUMNS = {
    "chars_raw",
    "chars_clean",
    "start",
    "end",
    "object_start",
    "object_end",
    "drug_start",
    "drug_end",
}
FLOAT_COLUMNS = {"confidence"}
DRUG_COLUMNS = ["drug_id", "xrefs", *DRUG_LISTS.values(), "combined_with", "doc_ids"]
TABLE_ORDER = ["documents", "drugs", "mentions", "entities", "facts", "evidence"]
CHUNK = 500


class ExportError(Exception):
    """A problem the user can fix (bad URL, missing file); shown as one line."""


# ---------------------------------------------------------------- schema

metadata = MetaData()


def _doc_fk() -> Column:
    return Column(
        "doc_id", Text, ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False
    )


documents = Table(
    "documents",
    metadata,
    Column("doc_id", Text, primary_key=True),
    Column("path", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("error", Text, nullable=False, default=""),
    Column("chars_raw", Integer, nullable=False),
    Column("chars_clean", Integer, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("result_hash", Text, nullable=False),
    Column("exported_at", Text, nullable=False),
)

drugs = Table(
    "drugs",
    metadata,
    Column("drug", Text, primary_key=True),
    *(Column(c, Text, nullable=False, default="") for c in DRUG_COLUMNS),
)

mentions = Table(
    "mentions",
    metadata,
    Column("mention_id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("concept", Text, nullable=False),
    Column("concept_id", Text, nullable=False),
    Column("method", Text, nullable=False),
    Column("xrefs", Text, nullable=False, default=""),
    UniqueConstraint("doc_id", "start", "end", "label", name="uq_mentions_span"),
    Index("ix_mentions_doc_id", "doc_id"),
    Index("ix_mentions_label", "label"),
)

entities = Table(
    "entities",
    metadata,
    Column("entity_id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("concept_id", Text, nullable=False),
    Column("canonical", Text, nullable=False),
    Column("method", Text, nullable=False),
    Column("xrefs", Text, nullable=False, default=""),
    UniqueConstraint("doc_id", "start", "end", "type", name="uq_entities_span"),
    Index("ix_entities_doc_id", "doc_id"),
    Index("ix_entities_concept_id", "concept_id"),
)

facts = Table(
    "facts",
    metadata,
    Column("fact_id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("drug", Text, ForeignKey("drugs.drug"), nullable=False),
    Column("relation", Text, nullable=False),
    Column("object", Text, nullable=False),
    Column("aliases", Text, nullable=False),
    Column("object_id", Text, nullable=False),
    Column("drug_id", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("method", Text, nullable=False),
    Column("xrefs", Text, nullable=False, default=""),
    Column("drug_xrefs", Text, nullable=False, default=""),
    UniqueConstraint("doc_id", "drug", "relation", "object", name="uq_facts_key"),
    Index("ix_facts_doc_id", "doc_id"),
    Index("ix_facts_drug", "drug"),
    Index("ix_facts_relation", "relation"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("evidence_id", Integer, primary_key=True, autoincrement=True),
    Column("fact_id", Integer, ForeignKey("facts.fact_id", ondelete="CASCADE"), nullable=False),
    _doc_fk(),
    Column("sentence", Text, nullable=False),
    Column("object_start", Integer, nullable=False),
    Column("object_end", Integer, nullable=False),
    Column("drug_start", Integer, nullable=False),
    Column("drug_end", Integer, nullable=False),
    Index("ix_evidence_fact_id", "fact_id"),
    Index("ix_evidence_doc_id", "doc_id"),
)

FACT_FIELDS = [c.name for c in facts.columns if c.name != "fact_id"]
EVIDENCE_FIELDS = ["object_start", "object_end", "drug_start", "drug_end"]
# CSV columns read per table; the contract's (shared/spec/OUTPUTS.md) are required, the
# rest default to empty so an OUT_DIR from another drugmine version still exports.
CSV_COLUMNS = {
    "documents": DOCUMENT_COLUMNS,
    "mentions": [c.name for c in mentions.columns if c.name != "mention_id"],
    "entities": [c.name for c in entities.columns if c.name != "entity_id"],
    "facts": [*FACT_FIELDS, "evidence", *EVIDENCE_FIELDS],
}
REQUIRED = {
    "documents": DOCUMENT_COLUMNS,
    "mentions": ["doc_id", "start", "end", "label", "text"],
    "entities": ["doc_id", "start", "end", "type", "text", "concept_id"],
    "facts": ["doc_id", "drug", "relation", "object"],
}


# ---------------------------------------------------------------- reading OUT_DIR


def read_table(pred: Path, name: str) -> pd.DataFrame:
    """Read OUT/<name>.csv as text (doc_ids like 000_x stay strings), typing known columns."""
    path = pred / f"{name}.csv"
    if not path.exists():
        raise ExportError(f"missing {path} (is --pred the output directory of `drugmine run`?)")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED[name] if c not in frame.columns]
    if missing:
        raise ExportError(f"{path} lacks columns: {', '.join(missing)}")
    columns = CSV_COLUMNS[name]
    frame = frame.reindex(columns=columns, fill_value="")
    for col in columns:
        if col in INT_COLUMNS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(-1).astype(int)
        elif col in FLOAT_COLUMNS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(0.0).astype(float)
    return frame


def resolve_raw_path(path: str, pred: Path, raw_dir: Path | None) -> Path | None:
    """Where the raw file of a documents.csv row is now: as written, under --raw, or
    relative to the parent of OUT (paths are relative to where `run` was started)."""
    candidates = [Path(path)]
    if raw_dir is not None:
        candidates += [raw_dir / Path(path).name, raw_dir / path]
    candidates.append(pred.resolve().parent / path)
    return next((c for c in candidates if c.is_file()), None)


def content_hash(path: str, pred: Path, raw_dir: Path | None, status: str, error: str) -> str:
    """sha256 of the raw bytes; an unreadable error document hashes its error instead."""
    found = resolve_raw_path(path, pred, raw_dir)
    if found is not None:
        try:
            return hashlib.sha256(found.read_bytes()).hexdigest()
        except OSError:
            pass
    if status != "ok":
        return hashlib.sha256(f"error:{error}".encode()).hexdigest()
    hint = "" if raw_dir else "; pass --raw RAW_DIR"
    raise ExportError(f"raw file not found: {path}{hint}")


def _result_hash(doc_id: str, doc_row: dict, groups: dict[str, dict[str, pd.DataFrame]]) -> str:
    """sha256 of a document's output rows, so a new pipeline version re-exports it."""
    parts = [doc_row]
    for name in ("mentions", "entities", "facts"):
        frame = groups[name].get(doc_id)
        parts.append(frame.to_dict("records") if frame is not None else [])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Outputs:
    """An OUT_DIR as data frames with the export schema's columns (ids not yet assigned)."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame  # fact fields and their evidence fields, as in facts.csv

    def rows_of(self, name: str, doc_ids: set[str]) -> list[dict]:
        frame = getattr(self, name)
        return frame[frame["doc_id"].isin(doc_ids)].to_dict("records")


def load_outputs(pred: Path, raw_dir: Path | None = None) -> Outputs:
    """Read the contract CSVs of OUT and add the documents' content and result hashes."""
    docs = read_table(pred, "documents")
    ment = read_table(pred, "mentions").drop_duplicates(["doc_id", "start", "end", "label"])
    ents = read_table(pred, "entities").drop_duplicates(["doc_id", "start", "end", "type"])
    fcts = read_table(pred, "facts")
    fcts = fcts.drop_duplicates(["doc_id", "drug", "relation", "object"])
    docs = docs.drop_duplicates("doc_id", keep="last")
    groups = {
        name: dict(tuple(frame.groupby("doc_id")))
        for name, frame in (("mentions", ment), ("entities", ents), ("facts", fcts))
    }
    records = docs.to_dict("records")
    docs["content_hash"] = [
        content_hash(r["path"], pred, raw_dir, r["status"], r["error"]) for r in records
    ]
    docs["result_hash"] = [_result_hash(r["doc_id"], r, groups) for r in records]
    return Outputs(docs, ment, ents, fcts)


def aggregate_drugs(fact_rows: list[dict]) -> list[dict]:
    """One row per drug from fact rows, objects folded by ID (fold.py), lists joined by |."""
    return [
        {k: "|".join(v) if isinstance(v, list) else v for k, v in rec.items()}
        for rec in aggregate(fact_rows)
    ]


# ---------------------------------------------------------------- SQL


@dataclass
class ExportStats:
    """What an export did, for the one-line summary."""

    target: str
    documents: int = 0
    changed: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    incremental: bool = False  # SQL upserts; Parquet and BRAT rewrite everything

    def summary(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.rows.items())
        done = f" ({len(self.changed)} new or changed)" if self.incremental else ""
        where = "in database" if self.incremental else "written"
        return f"{self.documents} documents{done}; {where}: {counts} -> {self.target}"


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL for SQLite or PostgreSQL (psycopg 3 unless a driver is named)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ExportError(
            f"not a database URL: {url!r} (use sqlite:///PATH or postgresql://USER@HOST/DB)"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ExportError(
            f"unsupported database {backend!r} in {parsed.render_as_string()}: "
            "use sqlite:///PATH or postgresql://USER@HOST/DB"
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and not parsed.database:
        raise ExportError("sqlite URL needs a file: sqlite:///PATH (three slashes, then path)")
    return parsed


def make_engine(url: str) -> Engine:
    """Engine with foreign keys enforced on SQLite too; the SQLite file's directory is made."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    postgres = parsed.get_backend_name() == "postgresql"
    try:
        engine = create_engine(parsed, connect_args={"connect_timeout": 15} if postgres else {})
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ExportError(
            f"no database driver for {parsed.drivername} ({exc}); "
            "for PostgreSQL: pip install 'psycopg[binary]'"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _delete_documents(conn: Connection, doc_ids: list[str]) -> None:
    """Children first, so no database-specific cascade behaviour is relied on."""
    for chunk in _chunks(doc_ids):
        for table in (evidence, facts, mentions, entities, documents):
            conn.execute(delete(table).where(table.c.doc_id.in_(chunk)))


def _insert(conn: Connection, table: Table, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _insert_facts(conn: Connection, rows: list[dict]) -> None:
    """Facts get their ids from the database; each fact's evidence row points at its id."""
    if not rows:
        return
    have = set(conn.execute(select(drugs.c.drug)).scalars())
    new_drugs = sorted({r["drug"] for r in rows} - have)
    _insert(conn, drugs, [{"drug": d, **{c: "" for c in DRUG_COLUMNS}} for d in new_drugs])
    stmt = insert(facts).returning(facts.c.fact_id, sort_by_parameter_order=True)
    fact_rows = [{k: r[k] for k in FACT_FIELDS} for r in rows]
    ids = conn.execute(stmt, fact_rows).scalars().all()
    ev_rows = [
        {
            "fact_id": fid,
            "doc_id": r["doc_id"],
            "sentence": r["evidence"],
            **{k: r[k] for k in EVIDENCE_FIELDS},
        }
        for fid, r in zip(ids, rows, strict=True)
    ]
    _insert(conn, evidence, ev_rows)


def _refresh_drugs(conn: Connection) -> None:
    """Rebuild the drug summaries from every fact in the database, not just this batch."""
    cols = (facts.c.drug, facts.c.relation, facts.c.object, facts.c.object_id, facts.c.drug_id,
            facts.c.doc_id)  # fmt: skip
    rows = aggregate_drugs([dict(r._mapping) for r in conn.execute(select(*cols))])
    keep = {r["drug"] for r in rows}
    have = set(conn.execute(select(drugs.c.drug)).scalars())
    gone = sorted(have - keep)
    for chunk in _chunks(gone):
        conn.execute(delete(drugs).where(drugs.c.drug.in_(chunk)))
    old = [{"b_drug": r["drug"], **{c: r[c] for c in DRUG_COLUMNS}} for r in rows]
    old = [r for r in old if r["b_drug"] in have]
    if old:
        conn.execute(update(drugs).where(drugs.c.drug == bindparam("b_drug")), old)
    _insert(conn, drugs, [r for r in rows if r["drug"] not in have])


def _changed_documents(conn: Connection, docs: pd.DataFrame) -> list[str]:
    stored = {
        r.doc_id: (r.content_hash, r.result_hash)
        for r in conn.execute(
            select(documents.c.doc_id, documents.c.content_hash, documents.c.result_hash)
        )
    }
    return [
        r.doc_id
        for r in docs.itertuples()
        if stored.get(r.doc_id) != (r.content_hash, r.result_hash)
    ]


def _add_new_columns(engine: Engine) -> None:
    """A database made by an older drugmine gains the columns added since (xrefs, drug_id),
    as empty text; the export then refreshes them."""
    have = inspect(engine)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            present = {c["name"] for c in have.get_columns(table.name)}
            for col in table.columns:
                if col.name not in present and isinstance(col.type, Text):
                    name = engine.dialect.identifier_preparer.quote(col.name)
                    sql = f"ALTER TABLE {table.name} ADD COLUMN {name} TEXT NOT NULL DEFAULT ''"
                    conn.execute(sql_text(sql))


def export_sql(pred: Path, url: str, raw_dir: Path | None = None) -> ExportStats:
    """Upsert OUT into the database at URL, keyed by doc_id and content/result hashes."""
    engine = make_engine(url)  # a bad URL fails before any file is read
    out = load_outputs(pred, raw_dir)
    target = engine.url.render_as_string(hide_password=True)
    stats = ExportStats(target, len(out.documents), incremental=True)
    try:
        metadata.create_all(engine)
        _add_new_columns(engine)
        with engine.begin() as conn:
            changed = _changed_documents(conn, out.documents)
            _delete_documents(conn, changed)
            wanted = set(changed)
            doc_rows = out.rows_of("documents", wanted)
            stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
            _insert(conn, documents, [{**r, "exported_at": stamp} for r in doc_rows])
            _insert(conn, mentions, out.rows_of("mentions", wanted))
            _insert(conn, entities, out.rows_of("entities", wanted))
            _insert_facts(conn, out.rows_of("facts", wanted))
            _refresh_drugs(conn)
            stats.changed = changed
            stats.rows = {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (documents, mentions, entities, facts, evidence, drugs)
            }
    except SQLAlchemyError as exc:
        raise ExportError(f"database error at {stats.target}: {_first_line(exc)}") from None
    finally:
        engine.dispose()
    return stats


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------- Parquet


def export_parquet(pred: Path, out_dir: Path, raw_dir: Path | None = None) -> ExportStats:
    """The same six tables as the database, one <table>.parquet each (ids local to OUT)."""
    out = load_outputs(pred, raw_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    fact_frame = out.facts.reset_index(drop=True)
    fact_frame.insert(0, "fact_id", range(1, len(fact_frame) + 1))
    ev = fact_frame[["fact_id", "doc_id", "evidence", *EVIDENCE_FIELDS]]
    frames = {
        "documents": out.documents.assign(exported_at=stamp),
        "drugs": pd.DataFrame(
            aggregate_drugs(fact_frame.to_dict("records")), columns=["drug", *DRUG_COLUMNS]
        ),
        "mentions": _with_id(out.mentions, "mention_id"),
        "entities": _with_id(out.entities, "entity_id"),
        "facts": fact_frame[["fact_id", *FACT_FIELDS]],
        "evidence": _with_id(ev.rename(columns={"evidence": "sentence"}), "evidence_id"),
    }
    stats = ExportStats(str(out_dir), len(out.documents), list(out.documents["doc_id"]))
    for name in TABLE_ORDER:
        frames[name].to_parquet(out_dir / f"{name}.parquet", engine="pyarrow", index=False)
        stats.rows[name] = len(frames[name])
    return stats


def _with_id(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    frame = frame.reset_index(drop=True).copy()
    frame.insert(0, name, range(1, len(frame) + 1))
    return frame


# ---------------------------------------------------------------- BRAT

ANNOTATION_CONF = """[entities]
Drug
DrugClass
Target
Indication
AdverseEffect

[relations]
treats\tArg1:Drug, Arg2:Indication
causes\tArg1:Drug, Arg2:AdverseEffect
targets\tArg1:Drug, Arg2:Target
is_a\tArg1:Drug, Arg2:DrugClass
brand\tArg1:Drug, Arg2:Drug
combined_with\tArg1:Drug, Arg2:Drug
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
"""


def brat_span(start: int, text: str) -> tuple[str, str]:
    """BRAT offsets and text for a span; a span across line breaks becomes fragments."""
    pieces = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\r\n]+", text)]
    if len(pieces) <= 1:
        return f"{start} {start + len(text)}", text
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    return offsets, " ".join(text[s - start : e - start] for s, e in pieces)


def brat_lines(doc_mentions: list[dict], doc_facts: list[dict]) -> tuple[list[str], int]:
    """T lines for mentions and R lines for facts whose offsets hit mentions; returns
    the lines and how many facts had no matching mention pair."""
    lines, tid = [], {}
    for i, m in enumerate(sorted(doc_mentions, key=lambda m: (m["start"], m["end"])), 1):
        offsets, text = brat_span(m["start"], m["text"])
        lines.append(f"T{i}\t{m['label']} {offsets}\t{text}")
        tid[(m["start"], m["end"], m["label"])] = f"T{i}"
    seen, missed = set(), 0
    for f in doc_facts:
        arg1 = tid.get((f["drug_start"], f["drug_end"], "Drug"))
        arg2 = tid.get((f["object_start"], f["object_end"], RELATION_ARG2.get(f["relation"])))
        if arg1 is None or arg2 is None:
            missed += 1
            continue
        if (f["relation"], arg1, arg2) not in seen:
            seen.add((f["relation"], arg1, arg2))
            lines.append(f"R{len(seen)}\t{f['relation']} Arg1:{arg1} Arg2:{arg2}")
    return lines, missed


def export_brat(pred: Path, out_dir: Path, raw_dir: Path | None = None) -> ExportStats:
    """<doc_id>.txt (the decoded raw text, so offsets hold) and <doc_id>.ann per document."""
    docs = read_table(pred, "documents")
    ment = read_table(pred, "mentions")
    fcts = read_table(pred, "facts")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")
    rows = {"T lines": 0, "R lines": 0, "facts without both mentions": 0}
    stats = ExportStats(str(out_dir), 0, rows=rows)
    for doc in docs[docs["status"] == "ok"].to_dict("records"):
        raw = resolve_raw_path(doc["path"], pred, raw_dir)
        if raw is None:
            raise ExportError(f"raw file not found: {doc['path']}; pass --raw RAW_DIR")
        # the text the offsets index (drugmine.decoding), as UTF-8: BRAT reads UTF-8
        text = read_text(raw)
        (out_dir / f"{doc['doc_id']}.txt").write_text(text, encoding="utf-8", newline="")
        lines, missed = brat_lines(
            ment[ment["doc_id"] == doc["doc_id"]].to_dict("records"),
            fcts[fcts["doc_id"] == doc["doc_id"]].to_dict("records"),
        )
        text = "".join(f"{line}\n" for line in lines)
        (out_dir / f"{doc['doc_id']}.ann").write_text(text, encoding="utf-8", newline="\n")
        stats.documents += 1
        stats.changed.append(doc["doc_id"])
        stats.rows["T lines"] += sum(1 for line in lines if line.startswith("T"))
        stats.rows["R lines"] += sum(1 for line in lines if line.startswith("R"))
        stats.rows["facts without both mentions"] += missed
    return stats
