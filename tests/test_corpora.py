"""Corpus readers against the public corpora (skipped when ../shared/corpora is absent)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from drugmine.evaluation.corpora import CorpusDoc, corpus_docs, read_pubtator
from drugmine.evaluation.corpus_readers import ade_split, read_ade, read_chemprot, read_tac

# README counts: (documents, Chemical mentions, Disease mentions, CID relations)
BC5CDR_COUNTS = {
    "train": (500, 5203, 4182, 1038),
    "dev": (500, 5347, 4244, 1012),
    "test": (500, 5385, 4424, 1066),
}
# README counts: (documents, disease mentions); train has one duplicated PMID (8528200).
NCBI_COUNTS = {"dev": (100, 787), "test": (100, 960)}


def assert_offsets(docs: list[CorpusDoc]) -> None:
    """Every entity's offsets index its text exactly."""
    for doc in docs:
        for ent in doc.entities:
            assert 0 <= ent.start < ent.end <= len(doc.text), (doc.doc_id, ent)
            assert doc.text[ent.start : ent.end] == ent.text, (doc.doc_id, ent)


def type_counts(docs: list[CorpusDoc]) -> Counter:
    return Counter(e.type for d in docs for e in d.entities)


@pytest.mark.parametrize("split", ["train", "dev", "test"])
def test_bc5cdr_counts_and_offsets(corpora: Path, split: str) -> None:
    docs = corpus_docs("bc5cdr", corpora, split)
    n_docs, n_chem, n_dis, n_cid = BC5CDR_COUNTS[split]
    assert len(docs) == n_docs
    assert type_counts(docs) == {"Chemical": n_chem, "Disease": n_dis}
    assert sum(len(d.relations) for d in docs) == n_cid
    assert all(d.relations for d in docs)
    assert_offsets(docs)


def test_bc5cdr_first_test_doc(corpora: Path) -> None:
    docs = read_pubtator(corpora / "bc5cdr" / "CDR_TestSet.PubTator.txt")
    doc = next(d for d in docs if d.doc_id == "8701013")
    assert doc.text.startswith("Famotidine-associated delirium. A series of six cases. Famotidine")
    first = doc.entities[0]
    assert (first.start, first.end, first.type, first.text) == (0, 10, "Chemical", "Famotidine")
    assert first.concept_id == "MESH:D015738"
    assert ("CID", "MESH:D015738", "MESH:D003693") in doc.relations
    ids = [e.concept_id for d in docs for e in d.entities if e.concept_id]
    assert all(part.startswith("MESH:") for cid in ids for part in cid.split("|"))


def test_bc5cdr_splits_disjoint(corpora: Path) -> None:
    ids = [{d.doc_id for d in corpus_docs("bc5cdr", corpora, s)} for s in ("train", "dev", "test")]
    assert not (ids[0] & ids[1]) and not (ids[0] & ids[2]) and not (ids[1] & ids[2])


@pytest.mark.parametrize("split", ["dev", "test"])
def test_ncbi_counts(corpora: Path, split: str) -> None:
    docs = corpus_docs("ncbi_disease", corpora, split)
    assert (len(docs), type_counts(docs)["Disease"]) == NCBI_COUNTS[split]
    assert set(type_counts(docs)) == {"Disease"}
    assert_offsets(docs)


def test_ncbi_train_dedupes_pmid(corpora: Path) -> None:
    path = corpora / "ncbi_disease" / "NCBItrainset_corpus.txt"
    raw_titles = [line for line in path.read_text().splitlines() if "|t|" in line]
    assert len(raw_titles) == 593
    docs = read_pubtator(path)
    assert len(docs) == 592 == len({d.doc_id for d in docs})
    dup = next(d for d in docs if d.doc_id == "8528200")
    # 5,145 mentions in the file, minus the second copy of the duplicate abstract.
    assert sum(len(d.entities) for d in docs) == 5145 - len(dup.entities)
    assert_offsets(docs)
    ids = {e.concept_id for d in docs for e in d.entities}
    assert any(i.startswith("OMIM:") for i in ids) and any(i.startswith("MESH:D") for i in ids)


def test_ncbi_splits_disjoint(corpora: Path) -> None:
    ids = [
        {d.doc_id for d in corpus_docs("ncbi_disease", corpora, s)}
        for s in ("train", "dev", "test")
    ]
    assert not (ids[0] & ids[1]) and not (ids[0] & ids[2]) and not (ids[1] & ids[2])


def test_ade(corpora: Path) -> None:
    docs = read_ade(corpora / "ade_corpus_v2")
    positives = [d for d in docs if d.meta["positive"]]
    assert len(positives) == 4272
    assert len(docs) - len(positives) == 16688  # distinct negative sentences
    assert len({d.doc_id for d in docs}) == len(docs)
    assert_offsets(docs)
    for doc in positives:
        assert doc.relations and all(r[0] == "causes" for r in doc.relations)
        found = {(e.type, e.text.lower()) for e in doc.entities}
        for _, drug, effect in doc.relations:
            assert ("Chemical", drug.lower()) in found and ("Disease", effect.lower()) in found
    assert not any(d.entities for d in docs if not d.meta["positive"])
    first = next(d for d in docs if d.doc_id.startswith("10030778_"))
    assert first.text == "Intravenous azithromycin-induced ototoxicity."


def test_ade_split_by_pmid(corpora: Path) -> None:
    docs = read_ade(corpora / "ade_corpus_v2")
    parts = {s: ade_split(docs, s) for s in ("train", "dev", "test")}
    pmids = {s: {d.meta["pmid"] for d in part} for s, part in parts.items()}
    assert sum(len(p) for p in parts.values()) == len(docs)
    assert not (pmids["train"] & pmids["dev"]) and not (pmids["train"] & pmids["test"])
    assert not (pmids["dev"] & pmids["test"])
    share = len(pmids["train"]) / sum(len(p) for p in pmids.values())
    assert 0.75 < share < 0.85
    assert [d.doc_id for d in ade_split(docs, "dev")] == [d.doc_id for d in parts["dev"]]


def test_tac(corpora: Path) -> None:
    docs = read_tac(corpora / "tac2017_adr" / "train_xml")
    assert len(docs) == 101
    assert_offsets(docs)
    assert all("\r" not in d.text for d in docs)
    doc = next(d for d in docs if d.doc_id == "ADCETRIS")
    assert doc.meta["drug"] == "adcetris"
    assert doc.meta["reactions"] and len(doc.meta["reactions"]) == 88
    assert doc.entities[0].text == "Peripheral Neuropathy"
    assert {e.type for d in docs for e in d.entities} == {"AdverseReaction"}
    kept = sum(len(d.entities) for d in docs)
    skipped = sum(d.meta["discontiguous_skipped"] for d in docs)
    assert kept + skipped == 13795  # README: AdverseReaction mentions in train_xml
    assert 0 < skipped <= 1078


def test_tac_splits(corpora: Path) -> None:
    parts = {s: corpus_docs("tac2017", corpora, s) for s in ("train", "dev", "test")}
    assert (len(parts["train"]), len(parts["dev"]), len(parts["test"])) == (81, 20, 99)
    names = {s: {d.doc_id for d in p} for s, p in parts.items()}
    assert not (names["train"] & names["dev"]) and not (names["test"] & names["train"])
    assert not (names["test"] & names["dev"])


@pytest.mark.parametrize(
    ("split", "n_docs", "n_chem", "n_gene", "n_gold"),
    [
        ("train", 1020, 13017, 12735, 4157),
        ("dev", 612, 8004, 7563, 2416),
        ("test", 800, 10810, 10018, 3458),
    ],
)
def test_chemprot(
    corpora: Path, split: str, n_docs: int, n_chem: int, n_gene: int, n_gold: int
) -> None:
    docs = read_chemprot(corpora / "chemprot", split)
    assert len(docs) == n_docs
    assert type_counts(docs) == {"Chemical": n_chem, "Gene": n_gene}
    assert sum(len(d.relations) for d in docs) == n_gold
    assert_offsets(docs)
    for doc in docs:
        for group, chem, gene in doc.relations:
            assert group.startswith("CPR:")
            assert doc.entities[chem].type == "Chemical" and doc.entities[gene].type == "Gene"


def test_missing_files_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(FileNotFoundError, match="nope.txt"):
        read_pubtator(missing)
    with pytest.raises(FileNotFoundError, match="DRUG-AE.rel"):
        read_ade(tmp_path)
    with pytest.raises(FileNotFoundError, match="chemprot_training_abstracts.tsv"):
        read_chemprot(tmp_path, "train")
    with pytest.raises(FileNotFoundError, match="gold_xml"):
        corpus_docs("tac2017", tmp_path, "test")
    with pytest.raises(ValueError):
        corpus_docs("bc5cdr", tmp_path, "validation")
