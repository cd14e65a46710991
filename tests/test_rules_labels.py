"""Label-style pages and page furniture: each rule with a fresh sentence of its own."""

from __future__ import annotations

import pytest
from helpers import facts_of, mentions_of, run_text

from drugmine.clean.boilerplate import drop_mask

SMPC = (
    "Zopiclone 7.5 mg tablets\n\n"
    "Undesirable effects\n"
    "Frequencies: very common (>=1/10); common (>=1/100 to <1/10).\n"
    "Psychiatric disorders\n"
    "Common: nightmares, agitation\n"
    "Nervous system disorders\n"
    "Uncommon: headache\n"
    "Gastrointestinal disorders: Common: dry mouth. Not known: nausea.\n"
)


def test_a_label_frequency_table_lists_side_effects_of_the_page_drug():
    facts = facts_of(run_text(SMPC))
    for effect in ("nightmares", "agitation", "headache", "dry mouth", "nausea"):
        assert ("zopiclone", "causes", effect) in facts


def test_an_organ_class_heading_is_no_side_effect():
    r = run_text(SMPC)
    labels = {text.lower() for _, text in mentions_of(r)}
    assert "psychiatric disorders" not in labels
    assert "gastrointestinal disorders" not in labels
    assert not any(obj.endswith("disorders") for _, _, obj in facts_of(r))


def test_a_condition_before_drug_names_the_use():
    facts = facts_of(run_text("Regulators approved eszopiclone, an insomnia drug, in 2004."))
    assert ("eszopiclone", "treats", "insomnia") in facts


def test_an_other_approved_name_is_the_same_drug_not_a_brand():
    r = run_text("Cefalexin is an antibiotic used to treat bone infections.")
    assert ("Drug", "Cefalexin") in mentions_of(r)
    assert not any(rel == "brand" for _, rel, _ in facts_of(r))


def test_a_salt_word_does_not_rename_the_drug():
    facts = facts_of(run_text("Keflex contains cefalexin monohydrate."))
    assert ("cefalexin", "brand", "keflex") in facts


def test_a_class_adjective_with_a_head_word_is_the_bare_class():
    facts = facts_of(run_text("Terconazole is an antifungal medication. Any antifungal may upset."))
    assert ("terconazole", "is_a", "antifungal") in facts
    kept = facts_of(run_text("Azathioprine belongs to the immunosuppressive medicines."))
    assert not any(obj == "immunosuppressive" for _, _, obj in kept)


def test_a_class_name_may_carry_its_abbreviation():
    facts = facts_of(run_text("Lisinopril is an angiotensin-converting enzyme (ACE) inhibitor."))
    assert any(d == "lisinopril" and rel == "is_a" and "(ace)" in obj for d, rel, obj in facts)


def test_a_licence_number_is_no_code_name():
    r = run_text("The licence number of this medicine is PL 04567/0123.")
    assert not any(label == "Drug" for label, _ in mentions_of(r))


def test_a_link_prompt_drops_its_line_only():
    lines = [
        "Warfarin is used to prevent blood clots.",
        "It is taken by mouth once a day.",
        "Full prescribing information (click here):",
    ]
    assert drop_mask(lines) == ["", "", "ad"]


def test_review_credits_are_furniture():
    assert drop_mask(["Last reviewed by: A. Smith, PharmD;", "Written by/reviewed by:"]) == [
        "contact",
        "contact",
    ]


def test_a_flattened_table_links_each_row_by_its_columns():
    page = (
        "Macrolides\n\nMacrolides are antibiotics.\nDrug |\nCommon Uses |\nSome Side Effects |\n"
        "Clarithromycin Erythromycin |\nWhooping cough Pneumonia |\nNausea Diarrhea |\n"
        "* A footnote that names clindamycin and colitis. |\nOther text follows here.\n"
    )
    facts = facts_of(run_text(page))
    for drug in ("clarithromycin", "erythromycin"):
        assert (drug, "treats", "whooping cough") in facts
        assert (drug, "causes", "nausea") in facts
        assert (drug, "causes", "pneumonia") not in facts
    assert ("clindamycin", "causes", "colitis") not in facts


def test_a_class_with_its_head_word_stays_whole_when_the_page_never_drops_it():
    facts = facts_of(run_text("Famciclovir is one of the antiviral medications."))
    assert ("famciclovir", "is_a", "antiviral medications") in facts


def test_a_medicine_with_a_patient_page_in_the_vocabulary_is_a_drug():
    # the drug vocabulary files co-amoxiclav and ferrous sulfate under patient-information
    # pages only (no DrugBank entry): still medicines
    r = run_text("Co-amoxiclav treats chest infections. Ferrous sulfate treats anaemia.")
    assert ("Drug", "Co-amoxiclav") in mentions_of(r)
    assert ("ferrous sulfate", "treats", "anaemia") in facts_of(r)


def test_a_product_form_is_not_part_of_the_drug_mention():
    r = run_text("Terbutaline inhalers relieve wheezing. Timolol eye drops lower eye pressure.")
    assert ("Drug", "Timolol") in mentions_of(r)
    assert not any("drops" in text for _, text in mentions_of(r))


def test_a_contraindication_is_neither_use_nor_side_effect():
    for sentence in (
        "Do not use terbinafine if you have liver disease.",
        "Clarithromycin is contraindicated in patients with porphyria.",
        "Tell your doctor if you are allergic to penicillin before taking amoxicillin.",
    ):
        assert not facts_of(run_text(sentence)), sentence


def test_a_body_site_is_part_of_the_infection_name():
    facts = facts_of(run_text("Amoxicillin treats chest infections and dental abscesses."))
    assert ("amoxicillin", "treats", "chest infections") in facts
    assert ("amoxicillin", "treats", "dental abscesses") in facts


def test_signs_of_a_named_side_effect_are_not_side_effects_themselves():
    facts = facts_of(
        run_text("Paroxetine can cause low sodium levels (symptoms may include confusion).")
    )
    assert ("paroxetine", "causes", "low sodium levels") in facts
    assert ("paroxetine", "causes", "confusion") not in facts


def test_symptoms_a_drug_treats_stay_uses():
    facts = facts_of(run_text("Ropinirole treats symptoms such as tremor and stiffness."))
    assert ("ropinirole", "treats", "tremor") in facts


def test_an_ad_slot_above_the_title_keeps_the_article_under_it():
    lines = ["ADVERTISEMENT", "New pill approved for gout", "The agency approved it today."]
    assert drop_mask(lines) == ["ad", "", ""]


def test_coordinated_sites_are_a_list_but_fixed_pairs_one_name():
    r = run_text("Cefuroxime is given for chest and bladder infections and head and neck cancer.")
    labels = {text for _, text in mentions_of(r)}
    assert "bladder infections" in labels and "chest and bladder infections" not in labels
    assert "head and neck cancer" in labels


def test_a_class_followed_by_include_lists_its_members():
    r = run_text("Loop diuretics include furosemide, bumetanide and torasemide.")
    facts = facts_of(r)
    for drug in ("furosemide", "bumetanide", "torasemide"):
        assert (drug, "is_a", "loop diuretics") in facts


def test_examples_in_brackets_after_eg_belong_to_the_class():
    r = run_text("Avoid CYP3A4 inducers (eg, carbamazepine, phenytoin) and NSAIDs (e.g. naproxen).")
    facts = facts_of(r)
    assert ("carbamazepine", "is_a", "cyp3a4 inducers") in facts
    assert ("naproxen", "is_a", "nsaids") in facts


def test_drugs_in_this_class_are_members_of_the_class_just_named():
    r = run_text(
        "Sulfonylureas lower blood sugar. Drugs in this class include gliclazide and glipizide."
    )
    facts = facts_of(r)
    assert ("gliclazide", "is_a", "sulfonylureas") in facts
    assert ("glipizide", "is_a", "sulfonylureas") in facts


@pytest.mark.parametrize(
    "effect",
    [
        "trouble passing urine",
        "racing pulse",
        "excessive salivation",
        "watery eyes",
        "lack of interest",
        "soreness of the gums",
        "bladder irritation",
        "fall in platelets",
    ],
)
def test_a_plain_language_effect_in_a_side_effect_sentence_is_an_effect(effect):
    r = run_text(f"Side effects of nortriptyline can include {effect} and headache.")
    assert ("nortriptyline", "causes", effect) in facts_of(r)


def test_relieving_symptoms_of_a_disease_is_a_use_but_signs_of_an_infection_are_not():
    r = run_text("Ipratropium is used to relieve symptoms of COPD. Tell us about signs of a fever.")
    facts = facts_of(r)
    assert ("ipratropium", "treats", "copd") in facts
    assert not [f for f in facts if f[2] == "fever"]


def test_not_a_cure_for_a_disease_still_says_what_the_drug_is_for():
    assert ("famciclovir", "treats", "shingles") in facts_of(
        run_text("Famciclovir is not a cure for shingles, but it shortens an attack.")
    )


def test_bare_infections_are_too_general_to_be_a_use_but_a_named_infection_is_one():
    r = run_text("Cefuroxime is used to treat infections, such as urinary tract infections.")
    facts = facts_of(r)
    assert ("cefuroxime", "treats", "urinary tract infections") in facts
    assert ("cefuroxime", "treats", "infections") not in facts


def test_a_dose_changed_if_taken_with_another_drug_is_an_interaction_not_a_combination():
    text = "The usual dose of raltegravir is one tablet, or two if taken with rifampicin."
    assert not [f for f in facts_of(run_text(text)) if f[1] == "combined_with"]


def test_an_infobox_class_line_names_the_class_of_the_pages_drug():
    text = "Oseltamivir\nBrand name: Tamiflu\nDrug class: Neuraminidase inhibitors\n"
    assert ("oseltamivir", "is_a", "neuraminidase inhibitors") in facts_of(run_text(text))


def test_an_antifungal_family_named_with_its_kind_is_one_class():
    facts = facts_of(run_text("Isavuconazole is a triazole antifungal."))
    assert ("isavuconazole", "is_a", "triazole antifungal") in facts


def test_what_a_treated_condition_causes_is_treated_too_but_a_drugs_harm_is_caused():
    r = run_text(
        "Lansoprazole is used to treat reflux causing heartburn. "
        "Naproxen can cause ulcers causing bleeding."
    )
    facts = facts_of(r)
    assert ("lansoprazole", "treats", "heartburn") in facts
    assert ("naproxen", "treats", "bleeding") not in facts  # a harm's consequence is no use


def test_a_subtype_word_before_a_known_disease_is_part_of_its_name():
    r = run_text("Tacrolimus ointment treats atopic eczema. Rivaroxaban may cause easy bruising.")
    facts = facts_of(r)
    assert ("tacrolimus", "treats", "atopic eczema") in facts
    assert ("rivaroxaban", "causes", "easy bruising") in facts


def test_kind_cause_and_body_site_words_are_part_of_a_disease_name_but_severity_is_not():
    r = run_text(
        "Mepolizumab is used for allergic asthma. Granisetron prevents radiotherapy-induced "
        "vomiting. Linezolid treats drug-resistant pneumonia but can cause leg cramps."
        " Prednisolone treats severe asthma."
    )
    facts = facts_of(r)
    assert ("mepolizumab", "treats", "allergic asthma") in facts
    assert ("granisetron", "treats", "radiotherapy-induced vomiting") in facts
    assert ("linezolid", "treats", "drug-resistant pneumonia") in facts
    assert ("linezolid", "causes", "leg cramps") in facts
    assert ("prednisolone", "treats", "asthma") in facts


def test_the_site_of_a_local_reaction_and_the_kind_of_heart_failure_end_the_name():
    r = run_text(
        "Enoxaparin can cause bruising at the injection site. Dapagliflozin is used for "
        "heart failure with preserved ejection fraction (HFpEF)."
    )
    facts = facts_of(r)
    assert ("enoxaparin", "causes", "bruising at the injection site") in facts
    assert ("dapagliflozin", "treats", "heart failure with preserved ejection fraction") in facts
    assert ("dapagliflozin", "treats", "hfpef") not in facts  # the gloss folds into the name


def test_antibiotics_named_as_a_class_of_agents_are_a_class_mention_without_a_drug():
    r = run_text("Taking antibiotics for a long time can upset the gut.")
    assert ("DrugClass", "antibiotics") in mentions_of(r)


def test_an_everyday_name_of_a_condition_is_its_vocabulary_concept():
    r = run_text("Albendazole is used to treat pinworms. Ranitidine relieves acid reflux.")
    facts = facts_of(r)
    assert ("albendazole", "treats", "pinworms") in facts
    assert ("ranitidine", "treats", "acid reflux") in facts


def test_medicines_named_by_what_they_are_for_are_a_class():
    r = run_text("Glipizide is a diabetes medicine. Chlorthalidone is a water pill.")
    facts = facts_of(r)
    assert ("glipizide", "is_a", "diabetes medicine") in facts
    assert ("chlorthalidone", "is_a", "water pill") in facts
    assert ("Indication", "diabetes") not in mentions_of(r)
