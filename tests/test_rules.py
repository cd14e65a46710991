"""Each fact rule on sentences written for the test (none come from the seed documents)."""

from __future__ import annotations

from helpers import facts_of, mentions_of, run_text


def test_indication_from_trigger_and_abbreviation_folding():
    r = run_text("Cabozantinib is approved for the treatment of hepatocellular carcinoma (HCC).")
    assert ("cabozantinib", "treats", "hepatocellular carcinoma") in facts_of(r)
    treats = [f for f in r.facts if f.relation == "treats"]
    assert len(treats) == 1 and "HCC" in treats[0].aliases
    assert ("Indication", "HCC") in mentions_of(r)


def test_side_effect_bullets_after_lead_in_and_coordination():
    text = (
        "Pazopanib\n\nCommon side effects include:\n"
        "  • Diarrhoea, nausea, and vomiting\n  • Hair colour changes and fatigue\n"
    )
    r = run_text(text)
    facts = facts_of(r)
    for effect in ("diarrhoea", "nausea", "vomiting", "fatigue"):
        assert ("pazopanib", "causes", effect) in facts
    assert ("AdverseEffect", "Diarrhoea") in mentions_of(r)


def test_negated_side_effect_is_not_a_fact():
    r = run_text("Letrozole does not cause hair loss in most patients. It can cause hot flashes.")
    facts = facts_of(r)
    assert ("letrozole", "causes", "hair loss") not in facts
    assert not any(m.text == "hair loss" for m in r.mentions)


def test_pronoun_refers_back_to_previous_drug():
    r = run_text("Regorafenib is a kinase inhibitor. It is used to treat colorectal cancer.")
    assert ("regorafenib", "treats", "colorectal cancer") in facts_of(r)


def test_class_membership_and_target():
    r = run_text("Ibrutinib is a kinase inhibitor that blocks Bruton's tyrosine kinase (BTK).")
    facts = facts_of(r)
    assert ("ibrutinib", "is_a", "kinase inhibitor") in facts
    assert any(
        rel == "targets" and obj in ("btk", "bruton's tyrosine kinase")
        for d, rel, obj in facts
        if d == "ibrutinib"
    )


def test_brand_name_is_folded_into_generic():
    r = run_text("Herceptin (trastuzumab) is used for HER2-positive breast cancer.")
    facts = facts_of(r)
    assert ("trastuzumab", "brand", "herceptin") in facts
    assert ("trastuzumab", "treats", "her2-positive breast cancer") in facts


def test_combination_is_symmetric_and_both_drugs_treat():
    r = run_text("Bortezomib is given in combination with dexamethasone for multiple myeloma.")
    facts = facts_of(r)
    assert ("bortezomib", "combined_with", "dexamethasone") in facts
    assert ("dexamethasone", "combined_with", "bortezomib") in facts
    assert ("dexamethasone", "treats", "multiple myeloma") in facts


def test_background_disease_is_not_an_indication():
    r = run_text("Sorafenib is used for liver cancer. The virus is known to cause cold sores.")
    assert not any(f.object.lower() == "cold sores" for f in r.facts)


def test_every_fact_has_provenance():
    text = "Olaparib is a PARP inhibitor used for ovarian cancer. It may cause anaemia."
    r = run_text(text)
    assert r.facts
    for f in r.facts:
        assert f.evidence and f.method and 0 < f.confidence <= 1
        assert (
            text[f.object_start : f.object_end].lower()
            in (f.object.lower(), *map(str.lower, f.aliases))
            or f.relation == "brand"
        )


def test_regimen_parts_are_combined_pairwise():
    r = run_text("FOLFIRI (folinic acid, fluorouracil and irinotecan) is used for bowel cancer.")
    facts = facts_of(r)
    for a, b in (("fluorouracil", "irinotecan"), ("irinotecan", "fluorouracil")):
        assert (a, "combined_with", b) in facts


def test_regimen_dash_list_and_made_up_of():
    r = run_text("Options include:\n• CVP – cyclophosphamide, vincristine and prednisone\n")
    assert ("vincristine", "combined_with", "prednisone") in facts_of(r)
    r = run_text("ABVD is made up of doxorubicin, bleomycin, vinblastine and dacarbazine.")
    assert ("bleomycin", "combined_with", "dacarbazine") in facts_of(r)


def test_class_examples_after_such_as():
    r = run_text(
        "Aromatase inhibitors such as exemestane, letrozole and anastrozole lower oestrogen."
    )
    assert ("exemestane", "is_a", "aromatase inhibitors") in facts_of(r)


def test_sentence_about_a_class_gives_no_drug_fact():
    text = (
        "Nivolumab is an antibody used for melanoma. Nivolumab is given by drip. "
        "Nivolumab is given every two weeks.\n\n"
        "Checkpoint inhibitors are also used in bladder cancer."
    )
    facts = facts_of(run_text(text))
    assert ("nivolumab", "treats", "melanoma") in facts
    assert ("nivolumab", "treats", "bladder cancer") not in facts


def test_table_rows_under_a_side_effect_caption_are_adverse_effects():
    text = (
        "Lapatinib\n\nThe table shows side effects of lapatinib seen in trials.\n"
        "Diarrhoea\t65%\nRash\t28%\n"
    )
    facts = facts_of(run_text(text))
    assert ("lapatinib", "causes", "diarrhoea") in facts
    assert ("lapatinib", "causes", "rash") in facts


def test_curly_apostrophe_negation():
    r = run_text("Exemestane doesn’t cause hair loss. It can cause hot flushes.")
    assert ("exemestane", "causes", "hair loss") not in facts_of(r)
    assert ("exemestane", "causes", "hot flushes") in facts_of(r)


def test_class_page_marks_roles_without_inventing_a_drug():
    text = ("PARP inhibitors\n\nPARP inhibitors block PARP. They are used in ovarian cancer.\n"
            "Common side effects include:\n• anaemia\n• nausea\n")
    r = run_text(text)
    assert not r.facts
    labels = mentions_of(r)
    assert ("Indication", "ovarian cancer") in labels
    assert ("AdverseEffect", "anaemia") in labels and ("AdverseEffect", "nausea") in labels


def test_a_concept_with_a_role_is_marked_everywhere():
    text = ("Ruxolitinib is approved for myelofibrosis. Myelofibrosis scars the bone marrow.\n"
            "Myelofibrosis can cause an enlarged spleen.")
    r = run_text(text)
    marks = [m for m in r.mentions if m.label == "Indication"]
    assert len(marks) == 3 and {m.text.lower() for m in marks} == {"myelofibrosis"}
