"""Small helpers the tests share: run the pipeline on a string."""

from __future__ import annotations

from drugmine.pipeline import process
from drugmine.types import DocumentResult, RawDocument


def run_text(text: str, kind: str = "text", doc_id: str = "t") -> DocumentResult:
    return process(RawDocument(doc_id, f"{doc_id}.txt", text, kind), model="none")


def facts_of(result: DocumentResult) -> set[tuple[str, str, str]]:
    return {(f.drug, f.relation, f.object.lower()) for f in result.facts}


def mentions_of(result: DocumentResult) -> set[tuple[str, str]]:
    return {(m.label, m.text) for m in result.mentions}
