"""The evaluator on tiny hand-made gold/prediction pairs."""

from __future__ import annotations

import pandas as pd
import pytest

from drugmine.evaluation.evaluate import evaluate
from drugmine.evaluation.scoring import norm

RAW = "Sunitinib treats renal cell carcinoma (RCC). It causes fatigue."
ANN = (
    "T1\tDrug 0 9\tSunitinib\n"
    "T2\tIndication 17 37\trenal cell carcinoma\n"
    "T3\tIndication 39 42\tRCC\n"
    "T4\tAdverseEffect 55 62\tfatigue\n"
    "R1\ttreats Arg1:T1 Arg2:T2\nR2\tcauses Arg1:T1 Arg2:T4\n"
)
FACTS = (
    "doc_id\tdrug\trelation\tobject\taliases\n"
    "d1\tsunitinib\ttreats\trenal cell carcinoma\tRCC|kidney cancer\n"
    "d1\tsunitinib\tcauses\tfatigue\t\n"
    "d1\tsunitinib\tbrand\tSutent\t\n"
)
MENTIONS = [
    ("d1", 0, 9, "Drug", "Sunitinib"),
    ("d1", 17, 37, "Indication", "renal cell carcinoma"),
    ("d1", 39, 42, "Indication", "RCC"),
    ("d1", 55, 62, "AdverseEffect", "fatigue"),
]


def write(tmp_path, mentions, facts):
    gold = tmp_path / "gold"
    pred = tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    (gold / "d1.ann").write_text(ANN, encoding="utf-8")
    (gold / "facts.tsv").write_text(FACTS, encoding="utf-8")
    pd.DataFrame(mentions, columns=["doc_id", "start", "end", "label", "text"]).to_csv(
        pred / "mentions.csv", index=False
    )
    pd.DataFrame(facts, columns=["doc_id", "drug", "relation", "object"]).to_csv(
        pred / "facts.csv", index=False
    )
    return evaluate(gold, pred)


def micro(result, key):
    return result["summary"][key]


def test_norm_matches_spec():
    assert norm("  Non-Small  Cell\u00a0Lung—Cancer ") == "non small cell lung cancer"
    assert norm("ﬁbrosis") == "fibrosis"  # NFKC folds the ligature


def test_perfect_prediction(tmp_path):
    facts = [
        ("d1", "sunitinib", "treats", "RCC"),
        ("d1", "sunitinib", "causes", "Fatigue"),
        ("d1", "sunitinib", "brand", "Sutent"),
    ]
    r = write(tmp_path, MENTIONS, facts)
    assert micro(r, "mentions_strict")["f1"] == 1.0
    assert micro(r, "facts")["f1"] == 1.0


def test_empty_prediction(tmp_path):
    r = write(tmp_path, [], [])
    assert micro(r, "mentions_strict") == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 4}
    )
    assert micro(r, "facts")["fn"] == 3


def test_partial_and_lenient_boundaries(tmp_path):
    mentions = [
        ("d1", 0, 9, "Drug", "Sunitinib"),
        ("d1", 17, 42, "Indication", "x"),
        ("d1", 55, 62, "Indication", "fatigue"),
    ]
    r = write(tmp_path, mentions, [("d1", "Sutent", "treats", "kidney cancer")])
    strict, lenient = micro(r, "mentions_strict"), micro(r, "mentions_lenient")
    assert (strict["tp"], strict["fp"], strict["fn"]) == (1, 2, 3)
    assert (lenient["tp"], lenient["fp"], lenient["fn"]) == (2, 1, 2)
    assert micro(r, "facts")["tp"] == 1  # brand name folds into the generic, alias matches
    cats = {e["category"] for e in r["errors"] if e["level"] == "mention"}
    assert "boundary" in cats and "type:AdverseEffect" in cats


def test_duplicate_prediction_of_one_concept_is_a_false_positive(tmp_path):
    facts = [
        ("d1", "sunitinib", "treats", "renal cell carcinoma"),
        ("d1", "sunitinib", "treats", "RCC"),
    ]
    r = write(tmp_path, MENTIONS + [MENTIONS[0]], facts)
    f = micro(r, "facts")
    assert (f["tp"], f["fp"], f["fn"]) == (1, 1, 2)
    assert micro(r, "mentions_strict")["fp"] == 1
