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
    text = (
        "PARP inhibitors\n\nPARP inhibitors block PARP. They are used in ovarian cancer.\n"
        "Common side effects include:\n• anaemia\n• nausea\n"
    )
    r = run_text(text)
    assert not r.facts
    labels = mentions_of(r)
    assert ("Indication", "ovarian cancer") in labels
    assert ("AdverseEffect", "anaemia") in labels and ("AdverseEffect", "nausea") in labels


def test_a_concept_with_a_role_is_marked_everywhere():
    text = (
        "Ruxolitinib is approved for myelofibrosis. Myelofibrosis scars the bone marrow.\n"
        "Myelofibrosis can cause an enlarged spleen."
    )
    r = run_text(text)
    marks = [m for m in r.mentions if m.label == "Indication"]
    assert len(marks) == 3 and {m.text.lower() for m in marks} == {"myelofibrosis"}


def test_alternatives_joined_by_or_are_not_combined_with_each_other():
    r = run_text(
        "In older adults, gilteritinib is used in combination with azacitidine, decitabine "
        "or low-dose cytarabine."
    )
    facts = facts_of(r)
    for partner in ("azacitidine", "decitabine", "cytarabine"):
        assert ("gilteritinib", "combined_with", partner) in facts
    assert ("azacitidine", "combined_with", "decitabine") not in facts


def test_class_in_parentheses_names_alternatives_inside_a_combination():
    r = run_text(
        "Durvalumab is given together with etoposide and platinum chemotherapy "
        "(cisplatin or carboplatin) for small cell lung cancer."
    )
    facts = facts_of(r)
    for a, b in [
        ("durvalumab", "etoposide"),
        ("durvalumab", "carboplatin"),
        ("etoposide", "cisplatin"),
        ("etoposide", "carboplatin"),
    ]:
        assert (a, "combined_with", b) in facts
    assert ("cisplatin", "combined_with", "carboplatin") not in facts


def test_regimen_named_after_a_combination_cue_brings_its_drugs():
    r = run_text(
        "Panitumumab can be combined with FOLFIRI (irinotecan, fluorouracil and leucovorin)."
    )
    facts = facts_of(r)
    for partner in ("irinotecan", "fluorouracil", "leucovorin"):
        assert ("panitumumab", "combined_with", partner) in facts
    assert ("irinotecan", "combined_with", "leucovorin") in facts
    assert not any(rel == "is_a" for _, rel, _ in facts)


def test_comma_with_in_a_bullet_is_a_combination_only_before_a_drug():
    text = (
        "Ramucirumab\n\nUses\nIt is used for:\n"
        "- stomach cancer, with paclitaxel\n- lung cancer, with careful monitoring\n"
    )
    facts = facts_of(run_text(text))
    assert ("ramucirumab", "combined_with", "paclitaxel") in facts
    assert ("ramucirumab", "treats", "stomach cancer") in facts
    assert sum(rel == "combined_with" for _, rel, _ in facts) == 2  # the pair, both ways


def test_including_lead_in_under_a_uses_heading_lists_indications():
    text = (
        "Epirubicin\n\nWhere it is used\nSince its approval the list has grown to include:\n"
        "- breast cancer\n- stomach cancer\n\nSide effects\nCommon ones include:\n- hair loss\n"
    )
    facts = facts_of(run_text(text))
    assert ("epirubicin", "treats", "breast cancer") in facts
    assert ("epirubicin", "treats", "stomach cancer") in facts
    assert ("epirubicin", "causes", "stomach cancer") not in facts
    assert ("epirubicin", "causes", "hair loss") in facts


def test_class_right_before_a_drug_name_is_its_class():
    r = run_text(
        "Patients may receive the PARP inhibitor niraparib. Unlike the kinase inhibitor "
        "imatinib, it is given once daily. It can be paired with an anti-CD38 monoclonal "
        "antibody, isatuximab or daratumumab."
    )
    facts = facts_of(r)
    assert ("niraparib", "is_a", "parp inhibitor") in facts
    assert ("imatinib", "is_a", "kinase inhibitor") not in facts
    assert ("isatuximab", "is_a", "anti-cd38 monoclonal antibody") in facts


def test_class_words_known_as_chemicals_are_classes():
    r = run_text("Epirubicin belongs to a group of drugs called anthracyclines.")
    assert ("epirubicin", "is_a", "anthracyclines") in facts_of(r)
    assert ("DrugClass", "anthracyclines") in mentions_of(r)


def test_a_regimen_defined_by_its_letters_is_its_drugs_later_on():
    text = (
        "CAPOX\n\nCAPOX is a combination of two drugs. Its name comes from their letters:\n"
        "  CAP - capecitabine\n  OX - oxaliplatin\n\nWhen is it used?\n\n"
        "You might have CAPOX:\n  - after surgery for colon cancer\n\n"
        "CAPOX can cause tiredness.\n"
    )
    facts = facts_of(run_text(text))
    assert ("capecitabine", "combined_with", "oxaliplatin") in facts
    assert ("capecitabine", "treats", "colon cancer") in facts
    assert ("oxaliplatin", "treats", "colon cancer") in facts
    # a side effect blamed on a regimen is not given to each of its drugs
    assert not any(rel == "causes" for _, rel, _ in facts)


def test_lead_in_naming_two_drugs_gives_the_bullets_to_both():
    text = (
        "Side effects of both carboplatin and gemcitabine include:\n"
        "  - low platelet count\n  - tiredness\n"
    )
    facts = facts_of(run_text(text))
    for drug in ("carboplatin", "gemcitabine"):
        assert (drug, "causes", "tiredness") in facts


def test_drugs_given_together_are_combined():
    r = run_text("Cytarabine and daunorubicin are given together to treat acute myeloid leukaemia.")
    facts = facts_of(r)
    assert ("cytarabine", "combined_with", "daunorubicin") in facts
    assert ("daunorubicin", "treats", "acute myeloid leukaemia") in facts


def test_code_names_beside_only_one_drug_fold_into_it():
    text = (
        "From ABX-2231 to Lenvima\n\nThe compound began as ABX-2231, and in trials it also "
        "appeared under the code QRT-88812. It is a kinase inhibitor.\n"
        "Unlike ZZP-4410, lenvatinib is taken by mouth."
    )
    r = run_text(text)
    drugs = {m.concept for m in r.mentions if m.label == "Drug"}
    assert "lenvatinib" in drugs and "zzp-4410" in {d.lower() for d in drugs}
    assert ("lenvatinib", "is_a", "kinase inhibitor") in facts_of(r)
    assert not any(d.lower() in ("abx-2231", "qrt-88812") for d in drugs)


def test_metabolising_enzymes_are_not_targets():
    r = run_text(
        "Cabazitaxel blocks cell division. It is broken down in the liver by CYP3A4, so "
        "drugs that block CYP3A4, such as ketoconazole, raise its blood levels."
    )
    assert not any(rel == "targets" for _, rel, _ in facts_of(r))


def test_class_followed_by_a_colon_or_parenthesis_lists_its_members():
    r = run_text(
        "It is given with three chemotherapy drugs: etoposide, ifosfamide and carboplatin. "
        "Or with platinum chemotherapy (cisplatin or carboplatin)."
    )
    facts = facts_of(r)
    for drug in ("etoposide", "ifosfamide", "carboplatin"):
        assert (drug, "is_a", "chemotherapy drugs") in facts or (
            drug,
            "is_a",
            "chemotherapy",
        ) in facts
    assert ("cisplatin", "is_a", "platinum chemotherapy") in facts


def test_partners_of_a_combination_treat_what_the_sentence_names():
    text = "Ramucirumab\n\nUses\nIt is used for:\n- gastric cancer, together with paclitaxel\n"
    facts = facts_of(run_text(text))
    assert ("paclitaxel", "treats", "gastric cancer") in facts
    assert ("ramucirumab", "treats", "gastric cancer") in facts


def test_treatment_type_words_are_classes_only_where_a_drug_is_one():
    r = run_text(
        "Chemotherapy can make you tired. Vinorelbine is a chemotherapy drug. "
        "It may cause swelling in the feet and ankles."
    )
    classes = [m.text for m in r.mentions if m.label == "DrugClass"]
    assert "Chemotherapy" not in classes
    assert ("vinorelbine", "is_a", "chemotherapy drug") in facts_of(r) or (
        "vinorelbine",
        "is_a",
        "chemotherapy",
    ) in facts_of(r)
    assert any(m.label == "AdverseEffect" and "swelling" in m.text for m in r.mentions)


def test_table_rows_blame_the_drugs_they_name():
    text = (
        "ABC regimen\n\nCarboplatin is used to treat:\n• ovarian cancer\n"
        "The table shows which drug is mainly responsible.\n"
        "Side effect\tWhat to look for\tMainly caused by\n"
        "Hearing loss\tRinging in the ears\tCisplatin\n"
        "Tingling\tNumb fingers\tOxaliplatin and docetaxel\n"
    )
    facts = facts_of(run_text(text))
    assert ("cisplatin", "causes", "hearing loss") in facts
    assert ("oxaliplatin", "causes", "tingling") in facts
    assert ("docetaxel", "causes", "tingling") in facts
    assert ("cisplatin", "causes", "tingling") not in facts


def test_table_cell_naming_a_class_is_the_rows_drug_class():
    text = "The drugs\nLetter\tDrug\tType\nE\tEtoposide\tA topoisomerase inhibitor\n"
    assert ("etoposide", "is_a", "topoisomerase inhibitor") in facts_of(run_text(text))


def test_combination_of_named_drugs_with_a_synonym_in_brackets_then_together_they():
    r = run_text(
        "XYZ is a combination of three medicines: gemcitabine, doxorubicin (also called "
        "Adriamycin) and vinorelbine. Together they are used to treat Hodgkin lymphoma."
    )
    facts = facts_of(r)
    assert ("gemcitabine", "combined_with", "vinorelbine") in facts
    assert ("doxorubicin", "combined_with", "vinorelbine") in facts
    for drug in ("gemcitabine", "doxorubicin", "vinorelbine"):
        assert (drug, "treats", "hodgkin lymphoma") in facts


def test_lead_in_that_treats_is_an_indication_list_even_if_it_says_develop():
    text = (
        "Vinorelbine\n\nIt is used to treat lung cancers that develop in the airways, including:\n"
        "• non-small cell lung cancer\n• mesothelioma\n"
    )
    facts = facts_of(run_text(text))
    assert ("vinorelbine", "treats", "mesothelioma") in facts
    assert ("vinorelbine", "causes", "mesothelioma") not in facts


def test_fda_suffix_is_not_part_of_the_generic_name():
    from drugmine.extract.entities import drug_name

    assert drug_name("Polatuzumab vedotin-piiq") == "polatuzumab vedotin"
    assert drug_name("nab-paclitaxel") == "nab-paclitaxel"


def test_drugs_coordinated_before_are_share_the_class():
    facts = facts_of(run_text("Ifosfamide and melphalan are alkylating agents."))
    assert ("ifosfamide", "is_a", "alkylating agents") in facts
    assert ("melphalan", "is_a", "alkylating agents") in facts
    assert not any(
        f[1] == "is_a"
        for f in facts_of(
            run_text("Side effects are more common with kinase inhibitors than with imatinib.")
        )
    )


def test_partners_on_a_one_condition_page_treat_that_condition():
    text = (
        "Ixazomib\n\nIxazomib is used to treat multiple myeloma.\n\nCombinations\n"
        "Ixazomib is given with lenalidomide and dexamethasone.\n"
    )
    facts = facts_of(run_text(text))
    assert ("lenalidomide", "treats", "multiple myeloma") in facts
    assert ("dexamethasone", "treats", "multiple myeloma") in facts


def test_partners_in_a_bullet_treat_what_the_lead_in_names():
    text = (
        "Alectinib\n\nAlectinib is approved for lung cancer and anaplastic large cell lymphoma. "
        "It is used:\n• on its own after surgery\n"
        "• together with bevacizumab for advanced disease\n"
    )
    facts = facts_of(run_text(text))
    assert ("bevacizumab", "treats", "lung cancer") in facts


def test_bare_head_word_after_the_full_name_is_the_same_concept():
    r = run_text(
        "Ixazomib treats multiple myeloma. Most people with myeloma take it with "
        "dexamethasone. It is used to treat myeloma that has come back."
    )
    treats = [f for f in r.facts if f.drug == "ixazomib" and f.relation == "treats"]
    assert [f.object for f in treats] == ["multiple myeloma"]
    assert "myeloma" in treats[0].aliases


def test_symptoms_to_report_are_warning_signs_not_side_effects():
    text = (
        "Nilotinib can cause a rash.\n"
        "Call your doctor straight away if you develop chest pain or a cough.\n"
    )
    facts = facts_of(run_text(text))
    assert ("nilotinib", "causes", "rash") in facts
    assert ("nilotinib", "causes", "chest pain") not in facts
    assert ("nilotinib", "causes", "cough") not in facts


def test_wound_healing_and_clots_in_arteries_are_whole_effects():
    facts = facts_of(
        run_text(
            "Ramucirumab side effects include:\n- slow wound healing\n"
            "- blood clots in the arteries\n"
        )
    )
    assert ("ramucirumab", "causes", "slow wound healing") in facts
    assert ("ramucirumab", "causes", "blood clots in the arteries") in facts


def test_a_wider_disease_in_a_description_is_not_an_indication():
    facts = facts_of(
        run_text(
            "Regorafenib is used for hepatocellular carcinoma, "
            "the most common type of liver cancer."
        )
    )
    assert ("regorafenib", "treats", "hepatocellular carcinoma") in facts
    assert ("regorafenib", "treats", "liver cancer") not in facts


def test_head_word_folds_into_the_shortest_name_the_others_extend():
    r = run_text(
        "Isatuximab treats multiple myeloma and is studied in smoldering multiple myeloma. "
        "It is used to treat myeloma that has come back."
    )
    names = {f.object for f in r.facts if f.relation == "treats"}
    assert "myeloma" not in names and "multiple myeloma" in names


def test_class_called_name_and_bare_antibody_class():
    r = run_text(
        "It is given with a steroid called prednisone. Ramucirumab is an antibody. "
        "Your body makes antibodies to fight germs."
    )
    facts = facts_of(r)
    assert ("prednisone", "is_a", "steroid") in facts
    assert ("ramucirumab", "is_a", "antibody") in facts
    assert [m.text for m in r.mentions if m.label == "DrugClass"] == ["steroid", "antibody"]


def test_nab_formulation_is_a_drug_of_its_own():
    r = run_text("Nab-paclitaxel causes hair loss in most people.")
    assert ("nab-paclitaxel", "causes", "hair loss") in facts_of(r)


def test_serious_problems_include_names_side_effects():
    text = "Afatinib\n\nLess common but serious problems include lung inflammation (pneumonitis)."
    causes = [f for f in run_text(text).facts if f.relation == "causes"]
    assert any("pneumonitis" in [f.object, *f.aliases] for f in causes)


def test_drug_with_drug_is_a_combination():
    facts = facts_of(run_text("Common pairs:\n• Irinotecan with cetuximab for bowel cancer.\n"))
    assert ("irinotecan", "combined_with", "cetuximab") in facts


def test_class_right_before_a_later_drug_is_not_the_earlier_drugs():
    facts = facts_of(
        run_text(
            "Sometimes a third medicine is added, for example carfilzomib "
            "or the antibody isatuximab."
        )
    )
    assert ("isatuximab", "is_a", "antibody") in facts
    assert ("carfilzomib", "is_a", "antibody") not in facts


def test_another_class_and_numbered_class_apposition():
    facts = facts_of(
        run_text(
            "It differs from bicalutamide (Casodex), another antiandrogen. "
            "Two other well-known PARP inhibitors, niraparib and rucaparib, act the same way."
        )
    )
    assert ("bicalutamide", "is_a", "antiandrogen") in facts
    assert ("niraparib", "is_a", "parp inhibitors") in facts
    assert ("rucaparib", "is_a", "parp inhibitors") in facts


def test_biomarker_prefix_is_part_of_the_indication():
    r = run_text(
        "Lorlatinib is used to treat ROS1-positive lung adenocarcinoma. "
        "Elacestrant is approved for ER-positive, HER2-negative breast cancer."
    )
    facts = facts_of(r)
    assert ("lorlatinib", "treats", "ros1-positive lung adenocarcinoma") in facts
    assert ("elacestrant", "treats", "er-positive, her2-negative breast cancer") in facts
    assert ("Target", "ROS1") not in mentions_of(r)  # nested in the indication's name


def test_negation_opening_a_list_item_covers_its_gloss():
    text = (
        "Side effects of binimetinib\n\nUnlike older drugs, it:\n"
        "• does not cause numbness or tingling in the fingers and toes (peripheral neuropathy)\n"
        "• can cause blurred vision\n"
    )
    facts = facts_of(run_text(text))
    assert ("binimetinib", "causes", "peripheral neuropathy") not in facts
    assert ("binimetinib", "causes", "blurred vision") in facts


def test_supportive_and_mechanism_class_names():
    r = run_text(
        "Mitomycin is an antitumour antibiotic. Enfortumab vedotin is an antibody–drug "
        "conjugate. Decitabine is a hypomethylating agent. Levetiracetam is an anti-epileptic."
    )
    facts = facts_of(r)
    assert ("mitomycin", "is_a", "antitumour antibiotic") in facts
    assert ("enfortumab vedotin", "is_a", "antibody–drug conjugate") in facts
    assert ("decitabine", "is_a", "hypomethylating agent") in facts
    assert ("levetiracetam", "is_a", "anti-epileptic") in facts
    assert not any(o == "antibody" for _, rel, o in facts if rel == "is_a")


def test_target_names_and_biomarkers_that_are_not_targets():
    r = run_text(
        "Datopotamab deruxtecan latches on to TROP-2 (trophoblast cell-surface antigen 2). "
        "Tamibarotene hooks onto the PML-RARA fusion protein. "
        "Amivantamab is a targeted drug for people whose cancer has a normal (wild-type) KRAS gene."
    )
    facts = facts_of(r)
    assert ("datopotamab deruxtecan", "targets", "trophoblast cell-surface antigen 2") in facts
    assert ("tamibarotene", "targets", "pml-rara") in facts
    assert not any(o == "kras" for _, rel, o in facts if rel == "targets")


def test_acronyms_and_code_names_are_not_brands():
    r = run_text(
        "Fluorouracil (5-FU) is given with leucovorin. Tretinoin, also called ATRA, is a "
        "retinoid. Irinotecan (Camptosar) is turned into SN-38 in the body."
    )
    brands = {(d, o) for d, rel, o in facts_of(r) if rel == "brand"}
    assert ("irinotecan", "camptosar") in brands
    assert not {o for _, o in brands} & {"5-fu", "atra", "sn-38"}


def test_definitions_are_not_uses():
    r = run_text(
        "Fedratinib is used to treat myelofibrosis – a rare condition in which fibrous "
        "tissue replaces the bone marrow. Leukopenia means a low number of the white cells "
        "that fight infection. Enfortumab vedotin is approved for urothelial cancer, a "
        "cancer of the bladder lining."
    )
    treats = {(d, o) for d, rel, o in facts_of(r) if rel == "treats"}
    assert ("fedratinib", "myelofibrosis") in treats
    assert ("enfortumab vedotin", "urothelial cancer") in treats
    assert not {o for _, o in treats} & {"infection", "cancer of the bladder lining"}


def test_a_lymphoma_is_not_folded_into_the_leukaemia_it_is_filed_under():
    r = run_text(
        "Acalabrutinib is used for chronic lymphocytic leukaemia (CLL) and small "
        "lymphocytic lymphoma (SLL)."
    )
    treats = {o for d, rel, o in facts_of(r) if rel == "treats"}
    assert {"chronic lymphocytic leukaemia", "small lymphocytic lymphoma"} <= treats


def test_renamed_effect_is_one_concept_and_british_leuco_spelling():
    r = run_text(
        "Tamibarotene can cause differentiation syndrome, which was formerly called retinoic "
        "acid syndrome, and leucocytosis. It also raises cholesterol: raised cholesterol is "
        "common."
    )
    causes = [f for f in r.facts if f.relation == "causes"]
    objects = {f.object.lower() for f in causes}
    assert "differentiation syndrome" in objects and "retinoic acid syndrome" not in objects
    assert "leucocytosis" in objects
    aliases = next(f.aliases for f in causes if f.object.lower() == "differentiation syndrome")
    assert "retinoic acid syndrome" in [a.lower() for a in aliases]


def test_psychology_words_are_not_effects():
    r = run_text("Side effects of axitinib\n\nDiarrhoea affects about half of people.\n")
    facts = facts_of(r)
    assert ("axitinib", "causes", "diarrhoea") in facts
    assert not any(o == "affects" for _, _, o in facts)


def test_consequences_and_descriptions_of_an_effect_are_not_effects():
    text = (
        "Side effects of azacitidine\n\n"
        "• a low platelet count (thrombocytopenia), which means you may bleed more easily\n"
        "• shingles – a painful, blistering rash on one side of the body\n"
        "• osteoporosis, which raises the risk of fractures\n"
    )
    facts = facts_of(run_text(text))
    assert {("azacitidine", "causes", e) for e in ("low platelet count", "shingles")} <= facts
    for effect in ("bleed", "rash", "fractures"):
        assert ("azacitidine", "causes", effect) not in facts


def test_class_membership_in_two_types_of_and_that_means_sentences():
    r = run_text(
        "Encorafenib and binimetinib are two types of targeted therapy. "
        "Axitinib is a tyrosine kinase inhibitor, or TKI. That means it is a type of "
        "targeted therapy."
    )
    facts = facts_of(r)
    for drug in ("encorafenib", "binimetinib", "axitinib"):
        assert (drug, "is_a", "targeted therapy") in facts
    classes = [f for f in r.facts if f.drug == "axitinib" and f.relation == "is_a"]
    assert len(classes) == 2  # "TKI" is the same class as "tyrosine kinase inhibitor"


def test_combination_after_as_a_first_treatment_and_approved_with():
    r = run_text(
        "Durvalumab is an immunotherapy drug.\n\n"
        "It may be used as a first treatment, or in combination with gemcitabine and "
        "cisplatin for biliary tract cancer.\n\n"
        "Elotuzumab is approved with pomalidomide and dexamethasone for myeloma."
    )
    facts = facts_of(r)
    assert ("durvalumab", "combined_with", "gemcitabine") in facts
    assert ("gemcitabine", "combined_with", "cisplatin") in facts
    assert ("elotuzumab", "combined_with", "pomalidomide") in facts


def test_withdrawn_approval_asserts_no_use():
    r = run_text(
        "Olaratumab was approved with doxorubicin for soft tissue sarcoma, but the approval "
        "was withdrawn in 2019."
    )
    facts = facts_of(r)
    assert ("olaratumab", "combined_with", "doxorubicin") not in facts
    assert ("olaratumab", "treats", "soft tissue sarcoma") not in facts


def test_brands_no_vocabulary_lists():
    r = run_text(
        "Bortezomib (Bortezax) is given under the skin. Crizotinib (Pfizer) is a capsule.\n\n"
        "Brand names: Tasigna (United States); Nilotex (Europe)\n\nNilotinib is a capsule.\n"
    )
    brands = {(d, o) for d, rel, o in facts_of(r) if rel == "brand"}
    assert ("bortezomib", "bortezax") in brands
    assert ("nilotinib", "nilotex") in brands
    assert not any(o in ("pfizer", "europe", "united") for _, o in brands)


def test_a_drug_is_named_by_the_generic_the_page_gives_first_on_a_tie():
    r = run_text(
        "Most people first take a tablet called hydroxycarbamide (also known as hydroxyurea). "
        "It is used to treat polycythaemia vera."
    )
    assert ("hydroxycarbamide", "treats", "polycythaemia vera") in facts_of(r)
