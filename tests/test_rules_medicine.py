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


def test_an_interaction_is_no_combination_and_blames_nobody():
    facts = facts_of(run_text("Taking clopidogrel with naproxen raises the risk of bleeding."))
    assert not any(rel in ("combined_with", "causes") for _, rel, _ in facts)


def test_numbered_section_heading_sets_the_role_of_its_bullets():
    r = run_text(
        "4. Possible side effects\nLike all medicines, perindopril can cause side effects.\n"
        "- a dry tickly cough\n- dizziness"
    )
    assert ("perindopril", "causes", "dizziness") in facts_of(r)


def test_infections_caused_by_bacteria_introduce_uses():
    r = run_text(
        "Cefaclor is used to treat infections caused by bacteria, such as:\n"
        "- pneumonia\n- tonsillitis"
    )
    facts = facts_of(r)
    assert ("cefaclor", "treats", "pneumonia") in facts
    assert ("cefaclor", "causes", "pneumonia") not in facts


def test_prevention_is_a_use_but_preventing_its_own_side_effect_is_advice():
    assert ("risedronate", "treats", "osteoporosis") in facts_of(
        run_text("Risedronate helps prevent osteoporosis.")
    )
    r = run_text("Capecitabine often causes diarrhoea. To help prevent diarrhoea, drink water.")
    facts = facts_of(r)
    assert ("capecitabine", "causes", "diarrhoea") in facts
    assert ("capecitabine", "treats", "diarrhoea") not in facts


def test_a_lower_case_brand_in_a_forum_post_folds_into_its_generic():
    facts = facts_of(run_text("my gp put me on prozac for depression last year"))
    assert ("fluoxetine", "brand", "prozac") in facts
    assert not any(drug == "prozac" for drug, _, _ in facts)


def test_another_approved_name_is_no_brand():
    facts = facts_of(run_text("Salbutamol relieves wheezing in asthma."))
    assert ("salbutamol", "treats", "asthma") in facts
    assert not any(rel == "brand" for _, rel, _ in facts)


def test_a_name_glued_to_its_bracket_is_found():
    r = run_text("Losartan(Cozaar) is used for high blood pressure.")
    assert {("Drug", "Losartan"), ("Drug", "Cozaar")} <= mentions_of(r)


def test_a_trade_marked_word_is_the_brand_of_the_generics_printed_after_it():
    r = run_text(
        "Package leaflet\nLoestrin ® 20 microgram tablets norethisterone and ethinylestradiol\n"
        "1. What Loestrin is and what it is used for\nLoestrin is a contraceptive pill."
    )
    brands = {drug for drug, rel, obj in facts_of(r) if rel == "brand" and obj == "loestrin"}
    assert "ethinylestradiol" in brands
    assert brands & {"norethisterone", "norethindrone"}  # its two approved names
    assert len([m for m in r.mentions if m.text == "Loestrin"]) == 3  # every mention


def test_also_called_and_contains_name_unlisted_brands_of_each_generic():
    facts = facts_of(run_text("Carbidopa and levodopa is also called Parcopa. It may cause acne."))
    assert {("carbidopa", "brand", "parcopa"), ("levodopa", "brand", "parcopa")} <= facts
    facts = facts_of(run_text("As Symbicort contains budesonide and formoterol, it may shake."))
    assert {("budesonide", "brand", "symbicort"), ("formoterol", "brand", "symbicort")} <= facts


def test_a_regimen_known_by_its_letters_is_no_brand():
    facts = facts_of(run_text("Oxaliplatin is part of a regimen known as FOLFOX."))
    assert not any(rel == "brand" for _, rel, _ in facts)


def test_members_listed_on_a_class_page_belong_to_the_title_class():
    r = run_text(
        "Gliptins\n\nGeneric name\tBrand name\nlinagliptin\tTrajenta\nsaxagliptin\tOnglyza\n\n"
        "Gliptins lower blood sugar. Ask about grapefruit juice and warfarin."
    )
    facts = facts_of(r)
    assert {("linagliptin", "is_a", "gliptins"), ("saxagliptin", "is_a", "gliptins")} <= facts
    assert ("warfarin", "is_a", "gliptins") not in facts


def test_a_regimen_title_makes_no_class_page():
    r = run_text("ABC chemotherapy\n- cisplatin\n- etoposide")
    assert not any(rel == "is_a" for _, rel, _ in facts_of(r))


@pytest.mark.parametrize(
    "sentence, fact",
    [
        ("Celecoxib works by blocking COX-2.", ("celecoxib", "targets", "COX-2")),
        ("Linagliptin inhibits DPP-4.", ("linagliptin", "targets", "DPP-4")),
        ("Tralokinumab is an antibody that blocks IL-13.", ("tralokinumab", "targets", "IL-13")),
        ("Ticagrelor blocks the P2Y12 receptor on platelets.",
         ("ticagrelor", "targets", "P2Y12 receptor")),
        ("Methadone is an agonist (activator) of the mu opioid receptor.",
         ("methadone", "targets", "mu opioid receptor")),
        ("Diazepam works on GABA receptors in the brain.",
         ("diazepam", "targets", "GABA receptors")),
        ("Cetirizine blocks the effects of histamine, a chemical the body releases.",
         ("cetirizine", "targets", "histamine")),
        ("Granisetron works by blocking the action of a natural substance called serotonin.",
         ("granisetron", "targets", "serotonin")),
    ],
)
def test_targets_across_medicine(sentence, fact):
    facts = {(d, r, o.lower()) for d, r, o in facts_of(run_text(sentence))}
    assert (fact[0], fact[1], fact[2].lower()) in facts


def test_a_body_messenger_is_a_target_only_right_after_a_blocking_verb():
    facts = facts_of(run_text("Levodopa is turned into dopamine in the brain."))
    assert not any(rel == "targets" for _, rel, _ in facts)


def test_a_named_vaccine_is_a_drug_and_what_it_protects_against_a_use():
    facts = facts_of(run_text("The BCG vaccine protects against tuberculosis."))
    assert ("bcg vaccine", "treats", "tuberculosis") in facts
    assert not facts_of(run_text("Avoid live vaccines while taking azathioprine."))


def test_forum_phrasing_of_side_effects():
    facts = facts_of(run_text("i started paroxetine in may and it gave me insomnia and nausea"))
    assert {("paroxetine", "causes", "insomnia"), ("paroxetine", "causes", "nausea")} <= facts


def test_effects_of_something_other_than_a_drug_belong_to_no_drug():
    page = (
        "Tinidazole treats giardiasis. Avoid drinks while taking it. "
        "Alcohol can cause flushing and a pounding heart. Smoking raises the risk of stroke. "
        "Tinidazole itself may cause a metallic taste."
    )
    facts = facts_of(run_text(page))
    assert not any(obj in ("flushing", "stroke") for _, _, obj in facts)
    assert ("tinidazole", "treats", "giardiasis") in facts


def test_lowering_the_risk_of_a_condition_is_a_use_not_a_side_effect():
    facts = facts_of(run_text("Edoxaban lowers the risk of stroke. It can cause nosebleeds."))
    assert ("edoxaban", "treats", "stroke") in facts
    assert ("edoxaban", "causes", "stroke") not in facts
    assert ("edoxaban", "causes", "nosebleeds") in facts


def test_another_agent_as_a_bullet_still_gives_no_drug_its_effects():
    page = (
        "Tinidazole treats giardiasis.\n- Alcohol can cause flushing.\n"
        "- It may cause a bitter taste.\n"
    )
    facts = facts_of(run_text(page))
    assert ("tinidazole", "causes", "flushing") not in facts
