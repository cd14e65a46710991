"""Rules that hold across medicine, each with a fresh sentence of its own."""

from __future__ import annotations

import pytest
from helpers import facts_of, mentions_of, run_text


@pytest.mark.parametrize(
    "sentence, fact",
    [
        ("Candesartan belongs to a group of medicines called angiotensin receptor blockers.",
         ("candesartan", "is_a", "angiotensin receptor blockers")),
        ("Dapagliflozin, an SGLT2 inhibitor, lowers blood sugar.",
         ("dapagliflozin", "is_a", "sglt2 inhibitor")),
        ("Rizatriptan is one of the triptans.", ("rizatriptan", "is_a", "triptans")),
        ("Clarithromycin is one of the macrolides.", ("clarithromycin", "is_a", "macrolides")),
        ("Tadalafil is a PDE5 inhibitor.", ("tadalafil", "is_a", "pde5 inhibitor")),
    ],
)
def test_classes_across_medicine(sentence, fact):
    assert fact in facts_of(run_text(sentence))


def test_a_class_named_without_a_drug_is_a_mention_without_a_fact():
    r = run_text("Benzodiazepines can be habit forming.")
    assert ("DrugClass", "Benzodiazepines") in mentions_of(r)
    assert not facts_of(r)
