"""Small helpers the tests share: run the pipeline on a string."""

from __future__ import annotations

from pathlib import Path

from drugmine.batch.runner import run_batch
from drugmine.io import find_documents
from drugmine.pipeline import process
from drugmine.tables.writer import write_tables
from drugmine.types import DocumentResult, RawDocument


def run_text(text: str, kind: str = "text", doc_id: str = "t") -> DocumentResult:
    return process(RawDocument(doc_id, f"{doc_id}.txt", text, kind), model="none")


def facts_of(result: DocumentResult) -> set[tuple[str, str, str]]:
    return {(f.drug, f.relation, f.object.lower()) for f in result.facts}


def mentions_of(result: DocumentResult) -> set[tuple[str, str]]:
    return {(m.label, m.text) for m in result.mentions}


def run_folder(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[Path, Path]:
    """Write `files` into tmp_path/raw, run them (no NER model) into tmp_path/out."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, content in files.items():
        path = raw / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    write_tables((r for r, _ in run_batch(find_documents([raw]), model="none")), out)
    return raw, out
