"""`drugmine bench` on a few documents of each public corpus (skipped when absent)."""

from __future__ import annotations

import pytest

from drugmine.bench import format_bench, run_bench, write_bench


@pytest.mark.parametrize("corpus", ["bc5cdr", "ncbi_disease", "ade", "tac2017", "chemprot"])
def test_bench_scores_a_few_documents(corpus, corpora, tmp_path):
    result = run_bench(corpus, corpora, "dev", limit=3, model="none")
    assert result["documents"] == 3 and result["words"] > 0
    rows = {(r["level"], r["name"], r["matching"]): r for r in result["scores"]}
    for r in rows.values():
        assert 0.0 <= r["f1"] <= 1.0
        assert r["tp"] + r["fn"] >= 0 and r["tp"] + r["fp"] >= 0
    entity_rows = [r for k, r in rows.items() if k[0] == "entity" and k[2] == "strict"]
    assert sum(r["tp"] + r["fn"] for r in entity_rows) > 0, "gold entities were read"
    assert sum(r["tp"] for r in entity_rows) > 0, "the pipeline finds some gold entities"
    if corpus in ("bc5cdr", "ade", "chemprot"):
        assert any(k[0] == "relation" for k in rows)
    stem = write_bench(result, tmp_path)
    assert stem.with_suffix(".json").exists() and stem.with_suffix(".csv").exists()
    assert corpus in format_bench(result)
