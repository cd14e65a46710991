"""The first-word index stops the vocabulary loop early without changing what it finds."""

from __future__ import annotations

import random

import pytest

from drugmine.nlp import candidates
from drugmine.nlp.first_words import first_words
from drugmine.nlp.pipeline import build_nlp
from drugmine.vocab import Entry, Lexicon, load_lexicon

SENTENCES = [
    "The nurse noted chronic myeloid leukaemias before imatinib mesylate was started.",
    "Oesophageal tumours and anaemia were seen; the BCR-ABL inhibitors were paused.",
    "She had paediatric acute lymphoblastic leukaemia, then took dasatinib tablets daily.",
    "Hand-foot syndrome, haemorrhage and oedema of the ankles followed the new regimen.",
]


@pytest.fixture(scope="module")
def nlp():
    return build_nlp("none")


def _both(nlp, text, monkeypatch, lex=None):
    lex = lex or load_lexicon()
    doc = nlp.make_doc(text)
    fast = candidates.lexicon_candidates(doc, lex)
    with monkeypatch.context() as m:
        m.setattr(candidates, "first_words", lambda lex: None)
        slow = candidates.lexicon_candidates(doc, lex)
    return fast, slow


def test_the_index_is_built_for_the_shipped_spelling_rules():
    index = first_words(load_lexicon())
    assert index is not None and "chronic" in index.terms and "the" not in index.symbols
    assert first_words(load_lexicon()) is index  # built once


def test_same_candidates_on_sentences_with_spellings_plurals_and_salts(nlp, monkeypatch):
    fast, slow = _both(nlp, "\n".join(SENTENCES), monkeypatch)
    assert len(fast) >= 10 and fast == slow


def test_same_candidates_on_shuffled_vocabulary_terms(nlp, monkeypatch):
    """Multi-word terms, British spellings, plurals and salts amid filler words."""
    rng = random.Random(7)
    lex = load_lexicon()
    multi = sorted(k for k in lex.terms if " " in k and k.isascii())
    words = []
    for term in rng.sample(multi, 300):
        term = term.replace("tumor", "tumour").replace("edema", "oedema")
        term = term.replace("hem", "haem") if rng.random() < 0.3 else term
        term = term + rng.choice(["", "s", " mesylate", " hydrochloride"])
        words += [term.upper() if rng.random() < 0.1 else term, rng.choice(["and", "the", ","])]
    fast, slow = _both(nlp, " ".join(words), monkeypatch)
    assert len(fast) >= 200 and fast == slow


def test_british_first_words_and_spaced_symbols_are_still_looked_up(nlp, monkeypatch):
    """A term whose first word the page spells the British way, and a gene symbol with
    a space: the two lookups the index must not skip."""
    terms = {
        "hemolytic anemia": Entry("Disease", "", "hemolytic anemia"),
        "tumor lysis syndrome": Entry("Disease", "D1", "tumor lysis syndrome"),
        "vexarinib": Entry("Chemical", "C1", "vexarinib", is_drug=True),
    }
    symbols = {"HLA B27": Entry("Gene", "G1", "HLA B27")}
    lex = Lexicon(terms, symbols, 60)
    text = "Haemolytic anaemia, tumour lysis syndromes, vexarinib mesylate in HLA B27 carriers."
    fast, slow = _both(nlp, text, monkeypatch, lex)
    found = [text[c.start : c.end] for c in fast]
    assert fast == slow
    expected = ["Haemolytic anaemia", "tumour lysis syndromes", "vexarinib mesylate", "HLA B27"]
    assert found == expected
