"""The SQL schema of an export (SQLAlchemy Core, so SQLite and PostgreSQL get the same
tables), and the CSV columns each table is read with.

- ``documents``: one row per input document; ``doc_id`` primary key, plus
  ``content_hash`` (sha256 of the raw file bytes) and ``result_hash`` (sha256 of the
  document's output rows) that decide whether a re-export must replace its rows.
- ``mentions``, ``entities``: one row per CSV row, foreign key ``doc_id``.
- ``facts``: one row per (doc_id, drug, relation, object), foreign keys ``doc_id`` and
  ``drug`` (-> ``drugs``); indexed on drug and relation.
- ``evidence``: the sentence and raw offsets each fact comes from, foreign key ``fact_id``.
- ``drugs``: one row per drug across every document in the database, lists joined by ``|``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

from ..fold import DRUG_LISTS
from .writer import DOCUMENT_COLUMNS

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


