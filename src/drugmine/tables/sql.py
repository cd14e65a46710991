"""Export an OUT_DIR into a SQL database (SQLite or PostgreSQL; schema in tables/schema.py).

Re-exporting replaces, in one transaction, the rows of documents whose hashes changed
(delete, then insert) and leaves every other document's rows alone, so exporting
batch after batch into one database accumulates without duplicates.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Engine,
    Table,
    Text,
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

from .export import ExportError, ExportStats, Outputs, aggregate_drugs, load_outputs
from .schema import (
    DRUG_COLUMNS,
    EVIDENCE_FIELDS,
    FACT_FIELDS,
    documents,
    drugs,
    entities,
    evidence,
    facts,
    mentions,
    metadata,
)

CHUNK = 500


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


def check_storable(out: Outputs, backend: str) -> None:
    """PostgreSQL text cannot hold a NUL character (SQLite can): name the first cell that
    has one, before anything is written, instead of storing other text."""
    if backend != "postgresql":
        return
    for name in ("documents", "mentions", "entities", "facts"):
        frame = getattr(out, name)
        for col in frame.columns:
            hit = frame[col].map(lambda v: isinstance(v, str) and "\x00" in v)
            if hit.any():
                doc_id = frame.loc[hit.idxmax(), "doc_id"]
                raise ExportError(
                    f"document {doc_id}: {name}.{col} holds a NUL character, which "
                    "PostgreSQL text cannot store (export to SQLite or Parquet keeps it)"
                )


def export_sql(pred: Path, url: str, raw_dir: Path | None = None) -> ExportStats:
    """Upsert OUT into the database at URL, keyed by doc_id and content/result hashes."""
    engine = make_engine(url)  # a bad URL fails before any file is read
    out = load_outputs(pred, raw_dir)
    check_storable(out, engine.url.get_backend_name())
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
