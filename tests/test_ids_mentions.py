"""IDs for mentions the vocabulary lacks (issue 15): loose keys, descriptor names read in
order, disease-tree checks, and older corpus IDs of descriptors newer than the corpora.
The sentences are made up for these tests."""

from __future__ import annotations

import pytest

from drugmine import ids, mention_ids, mesh_tables
from drugmine.pipeline import process
from drugmine.types import RawDocument
from drugmine.vocab import Entry, load_lexicon


@pytest.mark.parametrize(
    "a, b",
    [
        ("Tumours", "tumor"),  # British spelling and plural
        ("non-Hodgkin lymphomas", "non hodgkin lymphoma"),  # hyphen and plural
        ("toxicities", "toxicity"),
        ("Parkinson\u2019s disease", "parkinson's disease"),  # typographic apostrophe
    ],
)
def test_loose_key_joins_spelling_hyphen_and_plural_variants(a, b):
    assert ids.loose_key(a) == ids.loose_key(b)


def test_loose_key_keeps_the_plural_when_asked():
    assert ids.loose_key("Alcohols", singular=False) == "alcohols"
    assert ids.loose_key("Alcohols") == "alcohol"


@pytest.mark.parametrize(
    "name, reading",
    [
        ("Leukemia, Myeloid, Acute", "Acute Myeloid Leukemia"),
        ("Arthritis, Rheumatoid", "Rheumatoid Arthritis"),
        ("Sodium Chloride", "Sodium Chloride"),  # no comma
        ("1,2-Dimethylhydrazine", "1,2-Dimethylhydrazine"),  # a chemical's locants
        ("Bites and Stings, Insect", "Bites and Stings, Insect"),  # a list, not an inversion
    ],
)
def test_inverted_descriptor_names_read_in_order(name, reading):
    assert ids.uninverted(name) == reading


def test_real_descriptor_names_by_loose_key():
    # "Arthritis, Rheumatoid" read in order; "Drug-Related Side Effects..." is not "toxicity"
    assert ids.mention_mesh("rheumatoid arthritis", "Disease")[0] == "MESH:D001172"
    assert ids.mention_mesh("Creatinine", "Chemical")[0] == "MESH:D003404"
    assert ids.mention_mesh("wobbly knees", "Disease") == ("", "")
    assert ids.mention_mesh("creatinine", "Gene") == ("", "")  # no MeSH kind for genes


def test_a_singular_chemical_does_not_take_its_class_descriptor(monkeypatch):
    # MeSH "Alcohols" is the class; "alcohol" in a sentence is usually ethanol
    monkeypatch.setattr(mention_ids, "loose_names", lambda singular=True: {
        ("alcohol" if singular else "alcohols"): "MESH:D9"})  # fmt: skip
    monkeypatch.setattr(mention_ids, "loose_corpus_ids", lambda: {})
    assert ids.mention_mesh("alcohol", "Chemical") == ("", "")
    assert ids.mention_mesh("alcohols", "Chemical") == ("MESH:D9", "")


def _patch(monkeypatch, names: dict, corpus: dict, diseases: set, behaviors: set = frozenset()):
    monkeypatch.setattr(mention_ids, "loose_names", lambda singular=True: names)
    monkeypatch.setattr(mention_ids, "loose_corpus_ids", lambda: corpus)
    for module in (mention_ids, mesh_tables):  # mention_mesh's and disease_or_behavior's
        monkeypatch.setattr(
            module,
            "disease_descriptors",
            lambda behavior=False: frozenset(diseases | (behaviors if behavior else set())),
        )


def test_a_disease_mention_named_like_a_non_disease_takes_the_corpus_disease(monkeypatch):
    # "gloom" names a mood descriptor (D1); the corpora annotate it as a disorder (D2)
    _patch(monkeypatch, {"gloom": "MESH:D1"}, {("gloom", "Disease"): "MESH:D2"}, {"MESH:D2"})
    assert ids.mention_mesh("gloom", "Disease") == ("MESH:D2", "")
    # a disease descriptor of its own name keeps winning over the corpus's broader one
    _patch(monkeypatch, {"gloom": "MESH:D1"}, {("gloom", "Disease"): "MESH:D2"},
           {"MESH:D1", "MESH:D2"})  # fmt: skip
    assert ids.mention_mesh("gloom", "Disease") == ("MESH:D1", "")


def test_a_disease_mention_never_takes_a_process_descriptor(monkeypatch):
    # "cell clumping" named like a physiological process, no corpus pair: no ID at all
    _patch(monkeypatch, {"cell clumping": "MESH:D5"}, {}, {"MESH:D6"})
    assert ids.mention_mesh("cell clumping", "Disease") == ("", "")
    # a behaviour descriptor (F01) may stand for a disease mention ("aggression")
    _patch(monkeypatch, {"cell clumping": "MESH:D5"}, {}, {"MESH:D6"}, {"MESH:D5"})
    assert ids.mention_mesh("cell clumping", "Disease") == ("MESH:D5", "")


def test_a_descriptor_newer_than_the_corpora_keeps_their_older_id(monkeypatch):
    new = "MESH:D000012345"  # a 2015-on number
    assert ids.postdates_corpora(new) and not ids.postdates_corpora("MESH:D006470")
    _patch(monkeypatch, {"red rash": new}, {("red rash", "Disease"): "MESH:D4"}, {new, "MESH:D4"})
    assert ids.mention_mesh("red rash", "Disease") == (new, "MESH:D4")
    assert ids.older_ids() == {new: "MESH:D4"}


def test_a_vocabulary_disease_named_like_a_non_disease_keeps_no_mesh_id(monkeypatch):
    monkeypatch.setattr(ids, "mesh_by_name", lambda: {"head count": "MESH:D7", "chills": "MESH:D8"})
    monkeypatch.setattr(ids, "corpus_ids", lambda: {})
    _patch(monkeypatch, {}, {}, set())
    terms = {k: Entry("Disease", "", k, source="test") for k in ("head count", "chills")}
    hpo = {"chills": Entry("Disease", "HP:1", "chills", source="hpo")}
    out = ids.ground(terms, hpo)
    assert out["head count"].concept_id == ""
    # an HPO phenotype's own name is a sign: its namesake descriptor stays
    assert (out["chills"].concept_id, out["chills"].xrefs) == ("MESH:D8", "HP:1")


def test_the_model_entry_of_an_unknown_chemical_carries_its_descriptor():
    lex = load_lexicon()
    entry = lex.mention_entry("Creatinine", "Chemical", "model:test")
    assert (entry.type, entry.concept_id, entry.canonical) == ("Chemical", "MESH:D003404",
                                                               "creatinine")  # fmt: skip
    assert lex.mention_entry("wobbly knees", "Disease", "model:test").concept_id == ""


def test_pipeline_grounds_model_mentions_the_vocabulary_lacks():
    text = (
        "After the third infusion her serum creatinine doubled and the team stopped the drug. "
        "Renal toxicity resolved within two weeks."
    )
    result = process(RawDocument("t1", "", text, "text"))
    got = {e.text.lower(): e.concept_id for e in result.entities}
    assert got.get("creatinine") == "MESH:D003404"
