"""The spaCy pipeline finds entities from vocabularies and generalising patterns."""

from __future__ import annotations


def ents(nlp, text):
    doc = nlp(text)
    return {(s.text, s.label_) for s in doc.spans["entities"]}


def test_abbreviation_inherits_long_form_type(nlp):
    found = ents(nlp, "It treats hepatocellular carcinoma (HCC). HCC is common in Asia.")
    assert ("hepatocellular carcinoma", "Disease") in found
    assert ("HCC", "Disease") in found


def test_unknown_inn_stems_are_drugs(nlp):
    with nlp.select_pipes(disable=["drugmine_facts"]):  # vocabulary entries live until then
        doc = nlp("Zorvatinib and tebrelimab were compared; velanoparib was added.")
    found = {(s.text, s.label_) for s in doc.spans["entities"]}
    assert found >= {
        ("Zorvatinib", "Chemical"),
        ("tebrelimab", "Chemical"),
        ("velanoparib", "Chemical"),
    }
    assert all(s._.dm_entry.is_drug for s in doc.spans["entities"] if s.label_ == "Chemical")


def test_common_words_are_not_inn_drugs(nlp):
    found = ents(nlp, "The combination was given in the morning with food.")
    assert not any(label == "Chemical" for _, label in found)


def test_target_inhibitor_is_one_class_mention(nlp):
    found = ents(nlp, "Gilteritinib is one of the FLT3 inhibitors used in leukaemia.")
    assert ("FLT3 inhibitors", "DrugClass") in found
    assert ("FLT3", "Gene") not in found


def test_disease_head_pattern_and_british_spelling(nlp):
    found = ents(nlp, "It is used in hairy cell leukaemia and in marginal zone lymphoma.")
    assert ("hairy cell leukaemia", "Disease") in found
    assert ("marginal zone lymphoma", "Disease") in found


def test_stage_words_stay_out_of_disease_spans(nlp):
    found = ents(nlp, "It is approved for advanced soft tissue sarcoma.")
    assert ("soft tissue sarcoma", "Disease") in found


def test_citation_marks_do_not_glue_to_words():
    from drugmine.nlp.pipeline import make_nlp

    doc = make_nlp(None).make_doc("It was the first BCL-2 inhibitor.[7][8] Then")
    assert "inhibitor" in [t.text for t in doc] and "7" in [t.text for t in doc]
