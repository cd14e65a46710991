"""List completion (extract/list_items.py): unknown items of an effects or uses list."""

from __future__ import annotations

from helpers import facts_of, mentions_of, run_text


def test_unknown_items_between_known_effects_are_effects():
    r = run_text(
        "Valsartan is used for high blood pressure. Side effects may include headache, "
        "a salty taste, nausea and tummy rumbling."
    )
    assert {("valsartan", "causes", "salty taste"), ("valsartan", "causes", "tummy rumbling")} <= (
        facts_of(r)
    )
    assert ("AdverseEffect", "salty taste") in mentions_of(r)


def test_a_list_needs_two_known_items_and_items_must_be_names():
    r = run_text("Doxazosin can cause dizziness, so stand up slowly.")
    assert not any(o.startswith("so ") or "stand" in o for _, _, o in facts_of(r))
    r = run_text(
        "Common side effects of pravastatin include nausea, headache, and tell your "
        "doctor if you notice them."
    )
    assert not any("doctor" in o for _, _, o in facts_of(r))


def test_elided_heads_and_descriptions_are_not_items():
    r = run_text(
        "Terbutaline side effects include nausea, fast or irregular heartbeat, "
        "tremor, and headache."
    )
    assert ("terbutaline", "causes", "fast") not in facts_of(r)
    r = run_text(
        "Side effects of carmustine include nausea, neutropenia, a drop in white cells, "
        "and vomiting."
    )
    assert not any("drop in" in o for _, _, o in facts_of(r))


def test_one_word_items_must_read_as_conditions():
    r = run_text(
        "Side effects of ibuprofen include nausea, bloating, hands and headache."
    )
    facts = facts_of(r)
    assert ("ibuprofen", "causes", "bloating") in facts
    assert ("ibuprofen", "causes", "hands") not in facts
