"""IDs from a mention's form (issue 15): a one-word disease adjective is the disease its noun
names ("neutropenic" -> Neutropenia), and a disease the page says a drug induced is MeSH's
drug-induced kind of it. The sentences are made up for these tests."""

from __future__ import annotations

import pytest

from drugmine import ids, ids_induced
from drugmine.pipeline import process
from drugmine.types import RawDocument
from drugmine.vocab import load_lexicon


def _entities(text: str) -> list[tuple[str, str]]:
    result = process(RawDocument("t", "", text, "text"))
    return [(e.text, e.concept_id) for e in result.entities if e.type == "Disease"]


@pytest.mark.parametrize(
    "adjective, descriptor",
    [
        ("neutropenic", "MESH:D009503"),  # Neutropenia
        ("ischemic", "MESH:D007511"),  # Ischemia
        ("edematous", "MESH:D004487"),  # Edema
        ("hypertrophic", "MESH:D006984"),  # Hypertrophy
        ("cataleptic", "MESH:D002375"),  # Catalepsy
        ("hypokalemic", "MESH:D007008"),  # Hypokalemia
    ],
)
def test_a_disease_adjective_names_its_noun_descriptor(adjective, descriptor):
    assert ids.adjective_mesh(adjective) == descriptor
    assert load_lexicon().mention_entry(adjective, "Disease", "t").concept_id == descriptor


@pytest.mark.parametrize("word", ["hydrophobic", "aggressive", "clinical", "toxic", "renal"])
def test_an_adjective_whose_noun_names_no_disease_descriptor_gets_none(word):
    # "hydrophobia" is an entry term of Rabies, not its name; Aggression is a behaviour
    assert ids.adjective_mesh(word) == ""


def test_noun_forms_are_for_one_word_only():
    assert "ischemia" in ids.noun_forms("Ischemic")
    assert ids.noun_forms("ischemic stroke") == []


def test_every_induced_row_is_the_named_descriptor():
    assert ids_induced.unverified_rows() == []
    assert ids_induced.induced_table()["dyskinesia"] == "MESH:D004409"


def test_a_drug_induced_disease_and_its_later_mentions_take_the_induced_descriptor():
    text = "Sulpiride-induced dyskinesias settled within a week; the dyskinesias did not recur."
    got = _entities(text)
    assert got == [("dyskinesias", "MESH:D004409"), ("dyskinesias", "MESH:D004409")]
    mentions = process(RawDocument("t", "", text, "text")).mentions
    assert {m.concept_id for m in mentions if m.text == "dyskinesias"} <= {"MESH:D004409"}


def test_an_induced_cue_needs_a_drug():
    text = "Cold-induced dyskinesia is rare; the dyskinesia was brief."
    assert "MESH:D004409" not in {cid for _, cid in _entities(text)}
    text = "A drug-induced psychosis was suspected."
    assert ("psychosis", "MESH:D011605") in _entities(text)


def test_induced_ids_on_plain_spans():
    text = "amphetamine induced psychosis; later psychotic symptoms"
    spans = [(0, 11, "Chemical"), (20, 29, "Disease"), (37, 46, "Disease")]
    assert ids_induced.induced_ids(text, spans) == {
        (20, 29): "MESH:D011605",
        (37, 46): "MESH:D011605",  # "psychotic": the noun form of the same name
    }
