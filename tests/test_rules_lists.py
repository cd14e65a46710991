"""Side-effect and use lists as web pages write them: each rule with a fresh sentence."""

from __future__ import annotations

from helpers import facts_of, run_text


def test_a_dash_glued_to_a_bullet_item_still_makes_a_list():
    page = "Common side effects of ropinirole include :\n-Nausea, vomiting\n-Sleepiness\n"
    facts = facts_of(run_text(page))
    for effect in ("nausea", "vomiting", "sleepiness"):
        assert ("ropinirole", "causes", effect) in facts


def test_bullets_right_under_a_side_effects_heading_are_items_of_that_list():
    page = (
        "Tocilizumab\n\nWhat are the possible side effects?\n\n"
        "  • a raised liver enzyme level\n  • slower heart rhythm\n  • headache\n"
    )
    facts = facts_of(run_text(page))
    assert ("tocilizumab", "causes", "slower heart rhythm") in facts
    assert ("tocilizumab", "causes", "headache") in facts


def test_a_qualifier_ends_the_name_of_a_bullet_item():
    page = "Side effects of rituximab:\n  • shivering during the drip\n  • increased heart rate\n"
    facts = facts_of(run_text(page))
    assert ("rituximab", "causes", "shivering") in facts
    assert ("rituximab", "causes", "increased heart rate") in facts
    assert not any(obj.endswith("drip") for _, _, obj in facts)


def test_a_lead_in_pointing_at_these_symptoms_makes_its_bullets_side_effects():
    text = (
        "Side effects of Zentor\n\nPropranolol can cause side effects. "
        "Talk to your doctor if any of these symptoms bother you:\n\n"
        "  • cold fingers\n  • a heavy feeling in both of the legs\n"
    )
    facts = facts_of(run_text(text))
    assert ("propranolol", "causes", "cold fingers") in facts
    assert ("propranolol", "causes", "heavy feeling in both of the legs") in facts


def test_a_long_bullet_under_a_side_effect_lead_in_is_one_item_but_advice_is_none():
    text = (
        "Common side effects of etoposide include:\n\n"
        "  • metal taste on the back of the tongue\n"
        "  • apply a barrier cream twice daily to sore skin\n"
    )
    facts = facts_of(run_text(text))
    assert ("etoposide", "causes", "metal taste on the back of the tongue") in facts
    assert not [f for f in facts if "cream" in f[2]]


def test_bullets_under_a_live_vaccines_lead_in_name_vaccines_not_side_effects():
    text = (
        "Ustekinumab can cause a sore throat.\n\nAvoid these live vaccines:\n"
        "  • Yellow fever\n  • Typhoid\n"
    )
    facts = facts_of(run_text(text))
    assert ("ustekinumab", "causes", "sore throat") in facts
    assert not [f for f in facts if f[2] in ("yellow fever", "typhoid")]


def test_bare_lines_under_a_lead_in_and_frequency_groups_are_items_of_its_list():
    page = (
        "Nadolol is a beta blocker used to treat angina.\n"
        "Call your doctor straight away if you notice any of the following side effects:\n"
        "More common\nslow heartbeat\ncold hands\n"
        "Rare\nwheezing\n"
    )
    facts = facts_of(run_text(page))
    for effect in ("slow heartbeat", "cold hands", "wheezing"):
        assert ("nadolol", "causes", effect) in facts
    assert not any(obj in ("more common", "rare") for _, _, obj in facts)


def test_a_blank_line_or_a_marked_list_ends_a_list_of_bare_lines():
    import drugmine
    from drugmine.extract.context import sentence_contexts

    page = (
        "If you get any of these side effects, tell your nurse:\nslow heartbeat\n\nStorage tips\n"
        "Nadolol can cause side effects, such as:\n- tiredness\nCold weather\n"
    )
    contexts = {c.text.strip(): c for c in sentence_contexts(drugmine.load("none")(page))}
    assert contexts["slow heartbeat"].bullet and contexts["slow heartbeat"].list_role == "adverse"
    for line in ("Storage tips", "Cold weather"):
        assert contexts[line].heading and not contexts[line].bullet


def test_a_lead_in_listing_the_signs_of_a_named_condition_gives_no_side_effects():
    page = (
        "Side effects\n\nAbatacept can lower your resistance. "
        "Your nurse will check you for signs and symptoms of infection, such as:\n"
        "  • a high temperature\n  • a sore throat\n\n"
        "Other side effects include:\n  • headache\n"
    )
    facts = facts_of(run_text(page))
    assert ("abatacept", "causes", "headache") in facts
    assert ("abatacept", "causes", "sore throat") not in facts


def test_symptoms_listed_after_a_use_verb_are_still_uses():
    page = (
        "Solifenacin is used to relieve the symptoms of an overactive bladder, such as:\n"
        "- needing to pass urine often (urinary frequency)\n"
    )
    assert ("solifenacin", "treats", "urinary frequency") in facts_of(run_text(page))
