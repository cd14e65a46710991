"""Drug names as web pages write them: each rule with a fresh sentence of its own."""

from __future__ import annotations

from helpers import facts_of, mentions_of, run_text

from drugmine.pipeline import process
from drugmine.types import RawDocument


def test_a_name_glued_to_a_label_by_a_lost_space_is_found():
    labels = {text for _, text in mentions_of(run_text("Product NameRebif® 44 mcg\nUsed for MS."))}
    assert "Rebif" in labels


def test_a_percentage_glued_to_a_side_effect_leaves_the_name_whole():
    r = run_text("Most common adverse reactions with losartan: Dizziness4.1% Fatigue3.7%")
    assert ("losartan", "causes", "dizziness") in facts_of(r)


def test_trade_names_cue_gives_brands_also_in_camel_case():
    facts = facts_of(run_text("Tretinoin is sold under the trade names Retinova and AcneGel."))
    assert ("tretinoin", "brand", "retinova") in facts
    assert ("tretinoin", "brand", "acnegel") in facts


def test_a_route_word_of_a_vocabulary_product_is_not_part_of_the_generic():
    facts = facts_of(run_text("Avonex is given once a week."))
    assert ("interferon beta-1a", "brand", "avonex") in facts


def test_a_two_word_generic_in_a_slash_combination_is_found():
    r = run_text("Adapalene/benzoyl peroxide and Benzoyl peroxide/erythromycin gels treat acne.")
    facts = facts_of(r)
    for a, b in (("adapalene", "benzoyl peroxide"), ("benzoyl peroxide", "erythromycin")):
        assert (a, "combined_with", b) in facts
    labels = [text for label, text in mentions_of(r) if label == "Drug"]
    assert "Benzoyl peroxide" in labels and "erythromycin" in labels


def test_a_bare_disease_abbreviation_is_its_long_forms_concept():
    r = run_text("Mesalazine is used for IBD. Hearing aids are not medicines.")
    assert ("mesalazine", "treats", "ibd") in facts_of(r)
    assert not any(text == "aids" for _, text in mentions_of(r))


def test_an_abbreviation_that_modifies_a_name_or_an_organisation_is_no_mention():
    r = run_text("Paclitaxel treats AIDS-related Kaposi sarcoma. See the HIV Trust for help.")
    labels = {text for _, text in mentions_of(r)}
    assert "AIDS" not in labels and "HIV" not in labels


def test_praise_before_a_class_still_names_the_class():
    facts = facts_of(run_text("Bumetanide is the strongest and most widely used loop diuretic."))
    assert ("bumetanide", "is_a", "loop diuretic") in facts
    facts = facts_of(run_text("Metolazone is powerful diuretic."))
    assert ("metolazone", "is_a", "diuretic") in facts


def test_an_ester_prodrug_name_is_its_own_generic_not_a_brand():
    from drugmine.vocab import load_lexicon

    entry = load_lexicon().lookup("tenofovir disoproxil")
    assert entry is not None and not entry.is_brand
    assert entry.canonical == "tenofovir disoproxil" and entry.concept_id != "DRUGBANK:DB14126"


def test_the_last_generic_of_a_listed_combination_keeps_its_whole_name():
    r = run_text("Descovy contains emtricitabine and tenofovir alafenamide.")
    labels = [text for label, text in mentions_of(r) if label == "Drug"]
    assert "tenofovir alafenamide" in labels


def test_an_ester_written_after_the_generic_names_the_same_drug():
    facts = facts_of(run_text("Beclometasone dipropionate is an inhaled corticosteroid."))
    assert ("beclometasone", "is_a", "inhaled corticosteroid") in facts


def test_a_brands_shortened_component_takes_the_pages_longer_generic():
    page = "Symtuza (darunavir, cobicistat, emtricitabine and tenofovir alafenamide) is one pill."
    facts = facts_of(run_text(page))
    assert ("tenofovir alafenamide", "brand", "symtuza") in facts
    assert not any(drug == "tenofovir" for drug, _, _ in facts)


def test_a_coined_name_right_before_its_generic_in_brackets_is_its_brand():
    r = run_text("Patients were switched to Velquora (tofacitinib). Velquora helped their joints.")
    facts = facts_of(r)
    assert ("tofacitinib", "brand", "velquora") in facts
    assert [m.text for m in r.mentions if m.label == "Drug"].count("Velquora") == 2


def test_a_regimen_before_its_drugs_in_brackets_is_no_brand():
    r = run_text("She had CAPOX (capecitabine and oxaliplatin) for bowel cancer.")
    assert not [f for f in facts_of(r) if f[1] == "brand"]


def test_two_brands_joined_by_a_slash_before_the_generic_are_both_brands():
    facts = facts_of(run_text("Lumidorm/Lumidane (triazolam) is short acting."))
    assert ("triazolam", "brand", "lumidorm") in facts
    assert ("triazolam", "brand", "lumidane") in facts


def test_a_brand_also_called_by_its_two_generics_is_a_brand_of_each():
    facts = facts_of(run_text("Ovrena, also called drospirenone and ethinyl estradiol, is a pill."))
    assert ("drospirenone", "brand", "ovrena") in facts
    assert ("ethinylestradiol", "brand", "ovrena") in facts


def test_an_infobox_brand_line_names_the_generic_of_the_line_before():
    text = "Generic Name: praziquantel\nBrand Name: Wormaquil\nDrug Class: Anthelmintics\n"
    assert ("praziquantel", "brand", "wormaquil") in facts_of(run_text(text))


def test_brands_of_a_generic_listed_after_e_g_are_its_brands():
    text = "Brands of tacrolimus (e.g. Prograf, Tacrolix, Modigraf) are not interchangeable."
    facts = facts_of(run_text(text))
    assert ("tacrolimus", "brand", "tacrolix") in facts


def test_the_leaflet_name_of_your_medicine_is_the_brand_of_its_active_substance():
    text = "The name of your medicine is Losavix. The active substance is losartan potassium."
    assert ("losartan", "brand", "losavix") in facts_of(run_text(text))


def test_a_misspelling_the_model_calls_a_chemical_folds_into_the_named_drug():
    text = "Cabergoline and bromocriptine lower prolactin. Some women take bromoctiptine instead."
    r = process(RawDocument("t", "t.txt", text, "text"), model="default")
    assert ("Drug", "bromoctiptine") in mentions_of(r)


def test_a_reference_number_glued_after_a_full_stop_leaves_the_name_whole():
    r = run_text("Olanzapine is used for the management of schizophrenia.14 It is taken daily.")
    assert ("olanzapine", "treats", "schizophrenia") in facts_of(r)


def test_a_one_letter_name_at_a_sentence_end_keeps_its_letter():
    r = run_text("Tenofovir is used to treat hepatitis B. It is also used for HIV.")
    assert ("tenofovir", "treats", "hepatitis b") in facts_of(r)
    assert ("Indication", "hepatitis") not in mentions_of(r)


def test_a_brand_list_after_brand_names_for_the_generic_includes_short_capitals():
    text = "Brand names for oxycodone tablets include OxyNorm, OXN, Longtec and Onex-Retard."
    facts = facts_of(run_text(text))
    for brand in ("oxn", "longtec", "onex-retard"):
        assert ("oxycodone", "brand", brand) in facts


def test_a_brand_filed_under_the_other_approved_name_goes_to_the_pages_generic():
    r = run_text("Salbutamol inhalers are sold as Ventolin. Salbutamol opens the airways.")
    facts = facts_of(r)
    assert ("salbutamol", "brand", "ventolin") in facts
    assert not [f for f in facts if f[0] == "albuterol"]


def test_a_release_word_after_a_brand_is_part_of_the_product_name():
    r = run_text("Quetiapine is sold as Seroquel; the slow-release tablet is Seroquel XR.")
    facts = facts_of(r)
    assert ("quetiapine", "brand", "seroquel xr") in facts
    assert ("quetiapine", "brand", "seroquel") in facts


def test_a_preservative_and_a_body_substance_are_not_drugs():
    r = run_text(
        "Latanoprost drops keep benzalkonium chloride as a preservative. "
        "Febuxostat lowers uric acid; nitric oxide widens vessels."
    )
    drugs = {text.lower() for label, text in mentions_of(r) if label == "Drug"}
    assert {"latanoprost", "febuxostat"} <= drugs
    assert not drugs & {"benzalkonium chloride", "uric acid", "nitric oxide"}


def test_a_signalling_protein_a_drug_blocks_is_no_drug_of_its_own():
    r = run_text("Guselkumab is an antibody against interleukin 23, which drives psoriasis.")
    drugs = {text.lower() for label, text in mentions_of(r) if label == "Drug"}
    assert drugs == {"guselkumab"}


def test_a_mineral_a_page_says_to_take_is_a_drug_but_a_blood_value_is_not():
    r = run_text(
        "Patients on zoledronic acid should take calcium and vitamin D daily. "
        "It can lower blood calcium levels, and an iron supplement may be needed."
    )
    drugs = [m for m in r.mentions if m.label == "Drug"]
    names = [m.text.lower() for m in drugs]
    assert names.count("calcium") == 1 and "vitamin d" in names
    assert "iron" not in names


def test_a_mineral_taken_is_a_drug_but_its_level_after_a_take_word_is_not():
    r = run_text("Take magnesium levels into account and take magnesium tablets at night.")
    starts = [m.start for m in r.mentions if m.label == "Drug" and m.text == "magnesium"]
    assert len(starts) == 1  # "magnesium tablets", not "magnesium levels"


def test_a_hormone_named_as_a_product_is_the_drug_across_its_page():
    r = run_text(
        "Estradiol 50 micrograms patches\n\nWhat estradiol is used for\n"
        "Estradiol relieves hot flushes after the menopause. Your estradiol levels may be checked."
    )
    drugs = [m.text.lower() for m in r.mentions if m.label == "Drug"]
    assert drugs.count("estradiol") == 3  # not the "estradiol levels"
    assert ("estradiol", "treats", "hot flushes") in facts_of(r)
    other = run_text("The ovaries make estradiol every month.")
    assert not [m for m in other.mentions if m.label == "Drug"]


def test_a_biologic_with_the_fda_suffix_is_its_generic_and_not_a_brand():
    r = run_text(
        "Ziextenzo (pegfilgrastim-bmez) lowers the risk of infection. "
        "Tezvima (tezorimab-qxdv) treats plaque psoriasis. Avoid amphetamine-like stimulants."
    )
    facts = facts_of(r)
    assert ("tezorimab", "treats", "plaque psoriasis") in facts  # an INN stem with the suffix
    assert ("tezorimab", "brand", "tezvima") in {(d, rel, o.lower()) for d, rel, o in facts}
    assert not any(o == "pegfilgrastim-bmez" for _, rel, o in facts if rel == "brand")
    assert ("Drug", "amphetamine-like") not in mentions_of(r)
