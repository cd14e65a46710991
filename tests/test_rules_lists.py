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
