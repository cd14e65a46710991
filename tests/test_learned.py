"""The learned relation layer: how scores become links, the shipped model and its card."""

from __future__ import annotations

import json
from dataclasses import dataclass

from conftest import ANNOTATIONS

import drugmine
from drugmine.learned.decide import DEFAULT_MODEL, RelationModel
from drugmine.learned.pairs import Pair
from drugmine.learned.train import train_model


@dataclass
class _Scored:
    cats: dict


class _FixedScores:
    """Stands in for the classifier: the scores each feature line gets."""

    def __init__(self, scores: dict[str, dict[str, float]]):
        self.scores = scores

    def pipe(self, texts):
        return [_Scored(self.scores[t]) for t in texts]


def _links_and_pairs():
    from drugmine.extract.rules import Link

    nlp = drugmine.load("none")
    with nlp.select_pipes(disable=["drugmine_facts"]):
        doc = nlp("Pravastatin can cause muscle pain. Pravastatin is taken for angina.")
    from drugmine.extract import extract

    ex = extract(doc, keep_pairs=True)
    pairs = {p.obj.text: p for p in ex.pairs}
    return ex, pairs, Link


def test_both_mode_drops_a_rule_link_the_model_rejects_and_adds_one_it_finds():
    ex, pairs, Link = _links_and_pairs()
    pain, angina = pairs["muscle pain"], pairs["angina"]
    assert pain.rule is not None and pain.rule.relation == "causes"
    fake = _FixedScores({
        pain.features: {"treats": 0.05, "causes": 0.1, "none": 0.85},
        angina.features: {"treats": 0.9, "causes": 0.05, "none": 0.05},
    })  # fmt: skip
    rules_only = [lk for lk in ex.links if lk is not angina.rule]
    angina.rule = None  # as if the rules had missed it
    out = RelationModel(fake, "both", keep=0.3, add=0.6).decide([pain, angina], rules_only)
    got = {(lk.drug.drug, lk.relation, lk.obj.text) for lk in out if not lk.negated}
    assert ("pravastatin", "causes", "muscle pain") not in got
    assert ("pravastatin", "treats", "angina") in got
    assert any(lk.method.startswith("model:") for lk in out)


def test_rules_mode_changes_nothing():
    ex, pairs, _ = _links_and_pairs()
    fake = _FixedScores({p.features: {"treats": 0, "causes": 0, "none": 1} for p in pairs.values()})
    assert RelationModel(fake, "rules").decide(list(pairs.values()), ex.links) == ex.links


def test_a_tiny_model_trains_and_scores_three_classes():
    rows = [("RULE_causes CUE_adverse_before", "causes"), ("RULE_treats", "treats"),
            ("RULE_none L_the", "none")] * 5  # fmt: skip
    nlp = train_model(rows, epochs=3)
    cats = nlp("RULE_causes CUE_adverse_before").cats
    assert set(cats) == {"treats", "causes", "none"}
    assert max(cats, key=cats.get) == "causes"


def test_shipped_model_has_a_card_and_never_saw_the_held_out_pages():
    card = json.loads((DEFAULT_MODEL / "card.json").read_text())
    assert "real-heldout" not in card["trained_on_splits"]
    splits = dict(
        line.split("\t")[:2]
        for line in (ANNOTATIONS / "splits.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    )
    heldout = sum(1 for s in splits.values() if s.strip() == "real-heldout")
    trained = sum(1 for s in splits.values() if s.strip() in card["trained_on_splits"])
    assert heldout >= 40 and card["documents"] == trained


def test_pair_is_a_plain_record():
    assert {"drug", "obj", "sent", "source", "rule", "features"} <= set(Pair.__dataclass_fields__)
