"""Normalisation: one row per concept, whatever the surface form."""

from __future__ import annotations

from helpers import facts_of, run_text


def test_british_and_american_spellings_are_one_concept():
    r = run_text(
        "Ripretinib causes diarrhoea. In one trial, diarrhea was mild.\n"
        "It is used for gastrointestinal stromal tumour."
    )
    causes = [f for f in r.facts if f.relation == "causes"]
    assert len(causes) == 1 and causes[0].object.lower() in ("diarrhoea", "diarrhea")


def test_brand_mentions_fold_into_the_generic():
    r = run_text("Xeloda is used for bowel cancer. Xeloda can cause hand-foot syndrome.")
    facts = facts_of(r)
    assert ("capecitabine", "causes", "hand-foot syndrome") in facts
    assert ("capecitabine", "brand", "xeloda") in facts
    assert all(f.drug == "capecitabine" for f in r.facts)


def test_misspelt_drug_folds_into_the_named_drug():
    r = run_text("Pazopanib is used for kidney cancer. Pazopanb can cause hair colour changes.")
    assert {f.drug for f in r.facts} == {"pazopanib"}


def test_code_name_in_apposition_is_the_same_drug():
    r = run_text(
        "Ponatinib (formerly AP24534) is used for leukaemia. Doctors first tested "
        "AP24534 in 2008; in trials AP24534 caused high blood pressure."
    )
    assert any(m.text == "AP24534" and m.label == "Drug" for m in r.mentions)
    assert {f.drug for f in r.facts} == {"ponatinib"}
    assert ("ponatinib", "causes", "high blood pressure") in facts_of(r)


def test_abbreviation_and_long_form_are_one_fact_with_aliases():
    r = run_text("Ponatinib treats chronic myeloid leukaemia (CML). CML responds well.")
    treats = [f for f in r.facts if f.relation == "treats"]
    assert len(treats) == 1
    assert "CML" in treats[0].aliases or treats[0].object == "CML"


def test_drug_is_named_by_the_generic_the_page_uses():
    text = (
        "Folinic acid is given with fluorouracil. Folinic acid makes fluorouracil work better. "
        "In the US folinic acid is called leucovorin."
    )
    facts = facts_of(run_text(text))
    assert ("folinic acid", "combined_with", "fluorouracil") in facts
    assert not any(d == "leucovorin" for d, _, _ in facts)


def test_a_salt_form_does_not_rename_the_drug():
    text = "Imatinib mesylate is a kinase inhibitor. Imatinib mesylate treats leukaemia."
    assert ("imatinib", "treats", "leukaemia") in facts_of(run_text(text))
