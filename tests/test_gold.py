"""Gold annotations are product data: every span and relation must be valid."""

from __future__ import annotations

import csv

import pytest
from conftest import ANNOTATIONS, RAW

from drugmine.io import read_text
from drugmine.tables.brat import read_ann, read_facts_tsv
from drugmine.types import MENTION_LABELS, RELATION_ARG2, RELATIONS

ANN_FILES = sorted(ANNOTATIONS.glob("*.ann"))


def raw_text(doc_id: str) -> str:
    matches = [p for p in RAW.glob(f"{doc_id}.*") if p.suffix in (".txt", ".html", ".htm")]
    assert len(matches) == 1, f"no unique raw document for {doc_id}"
    return read_text(matches[0])  # decoded exactly as the batch decodes it


def test_every_raw_document_has_gold():
    raw_ids = {p.stem for p in RAW.iterdir() if p.suffix in (".txt", ".html", ".htm")}
    assert raw_ids <= {p.stem for p in ANN_FILES}


@pytest.mark.parametrize("path", ANN_FILES, ids=lambda p: p.stem)
def test_spans_match_raw_text_and_relations_are_typed(path):
    doc = read_ann(path)
    raw = raw_text(doc.doc_id)
    seen = set()
    for span in doc.spans.values():
        assert span.label in MENTION_LABELS, span
        assert raw[span.start : span.end] == span.text, span
        assert span.text == span.text.strip(), span
        assert (span.label, span.start, span.end) not in seen, span
        seen.add((span.label, span.start, span.end))
    for rel, a1, a2 in doc.relations:
        assert rel in RELATIONS
        assert doc.spans[a1].label == "Drug", (rel, a1)
        assert doc.spans[a2].label == RELATION_ARG2[rel], (rel, a2)


def test_facts_tsv_is_well_formed_and_refers_to_gold_documents():
    path = ANNOTATIONS / "facts.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh, delimiter="\t"))
    assert header[:5] == ["doc_id", "drug", "relation", "object", "aliases"]
    facts = read_facts_tsv(path)
    ids = {p.stem for p in ANN_FILES}
    assert facts
    for f in facts:
        assert f.doc_id in ids and f.relation in RELATIONS and f.object
        assert f.drug == f.drug.lower()
    keys = [(f.doc_id, f.drug, f.relation, f.object.lower()) for f in facts]
    assert len(keys) == len(set(keys)), "duplicate fact rows"


def test_combined_with_rows_are_symmetric():
    facts = {
        (f.doc_id, f.drug, f.relation, f.object.lower())
        for f in read_facts_tsv(ANNOTATIONS / "facts.tsv")
    }
    for doc_id, drug, rel, obj in facts:
        if rel == "combined_with":
            assert (doc_id, obj, rel, drug) in facts
