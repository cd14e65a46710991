"""`drugmine bench` on a few documents of each public corpus (skipped when absent)."""

from __future__ import annotations

import pytest

from drugmine.evaluation.bench import format_bench, run_bench, write_bench


@pytest.mark.parametrize("corpus", ["bc5cdr", "ncbi_disease", "ade", "tac2017", "chemprot"])
def test_bench_scores_a_few_documents(corpus, corpora, tmp_path):
    result = run_bench(corpus, corpora, "dev", limit=3, model="none")
    assert result["documents"] == 3 and result["words"] > 0
    rows = {(r["level"], r["name"], r["matching"]): r for r in result["scores"]}
    for r in rows.values():
        assert 0.0 <= r["f1"] <= 1.0
        assert min(r["tp"], r["fp"], r["fn"]) >= 0
        if r["tp"] + r["fp"]:
            assert r["precision"] == pytest.approx(r["tp"] / (r["tp"] + r["fp"]), abs=1e-3)
        if r["tp"] + r["fn"]:
            assert r["recall"] == pytest.approx(r["tp"] / (r["tp"] + r["fn"]), abs=1e-3)
    entity_rows = [r for k, r in rows.items() if k[0] == "entity" and k[2] == "strict"]
    assert sum(r["tp"] + r["fn"] for r in entity_rows) > 0, "gold entities were read"
    assert sum(r["tp"] for r in entity_rows) > 0, "the pipeline finds some gold entities"
    if corpus in ("bc5cdr", "ade", "chemprot"):
        assert any(k[0] == "relation" for k in rows)
    if corpus in ("bc5cdr", "ncbi_disease"):
        ids = rows[("id", "Disease", "document")]
        assert ids["tp"] > 0 and ids["tp"] + ids["fn"] > 0, "document-level MeSH IDs scored"
    stem = write_bench(result, tmp_path)
    assert stem.with_suffix(".json").exists() and stem.with_suffix(".csv").exists()
    assert corpus in format_bench(result)


def test_doc_ids_pick_the_gold_one_of_an_entitys_ids_and_split_composites():
    from drugmine.evaluation.bench import _doc_ids
    from drugmine.evaluation.corpora import CorpusDoc, CorpusEntity
    from drugmine.types import DocumentResult, Entity

    doc = CorpusDoc("p1", "Fentanyl and sneezing.", [
        CorpusEntity(0, 8, "Chemical", "Fentanyl", "MESH:D005283"),
        CorpusEntity(13, 21, "Disease", "sneezing", "MESH:D012912|MESH:D099999"),
    ])  # fmt: skip
    result = DocumentResult("p1", "", "ok", entities=[
        Entity("p1", 0, 8, "Chemical", "Fentanyl", "DRUGBANK:DB00813"),  # MeSH via xrefs
        Entity("p1", 13, 21, "Disease", "sneezing", "MESH:D012912"),
    ])  # fmt: skip
    chem, dis = _doc_ids(doc, result, "Chemical"), _doc_ids(doc, result, "Disease")
    assert (chem.tp, chem.fp, chem.fn) == (1, 0, 0)
    assert (dis.tp, dis.fp, dis.fn) == (1, 0, 1)


def test_shipped_corpus_ids_are_the_train_and_dev_pairs(corpora):
    import sys
    from pathlib import Path

    from drugmine.resources import read_rows

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from build_mesh_ids import agreed, corpus_pairs

    rebuilt = [[str(v) for v in row] for row in agreed(corpus_pairs(corpora))]
    assert rebuilt == read_rows("corpus_ids.tsv")
