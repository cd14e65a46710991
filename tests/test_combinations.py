"""Combination products (extract/combinations.py): "A/B" and brands of combinations."""

from __future__ import annotations

from helpers import facts_of, mentions_of, run_text

from drugmine.extract.combinations import components


def test_slash_combination_is_two_drugs_given_together():
    r = run_text("Sacubitril/valsartan lowers the risk of death in heart failure.")
    assert {("Drug", "Sacubitril"), ("Drug", "valsartan")} <= mentions_of(r)
    facts = facts_of(r)
    assert ("sacubitril", "combined_with", "valsartan") in facts
    assert ("valsartan", "combined_with", "sacubitril") in facts


def test_a_combination_brand_is_a_brand_of_each_component_and_shares_its_effects():
    r = run_text("Atripla is taken once a day. Atripla may cause vivid dreams and dizziness.")
    facts = facts_of(r)
    for generic in ("efavirenz", "emtricitabine", "tenofovir"):
        assert (generic, "brand", "atripla") in facts
        assert (generic, "causes", "dizziness") in facts


def test_components_need_every_part_to_be_a_drug():
    assert components("sofosbuvir and velpatasvir") == ["sofosbuvir", "velpatasvir"]
    assert components("aspirin and exercise") is None
    assert components("warfarin") is None


def test_slash_joined_generics_in_one_token_and_their_bracketed_brand():
    r = run_text("Ezetimibe/simvastatin (Vytorin) lowers cholesterol in hyperlipidaemia.")
    facts = facts_of(r)
    assert {("Drug", "Ezetimibe"), ("Drug", "simvastatin")} <= mentions_of(r)
    assert ("ezetimibe", "combined_with", "simvastatin") in facts
    assert {("ezetimibe", "brand", "vytorin"), ("simvastatin", "brand", "vytorin")} <= facts


def test_slash_inside_a_condition_name_is_kept():
    r = run_text("Imatinib treats myelodysplastic/myeloproliferative neoplasms.")
    assert ("Indication", "myelodysplastic/myeloproliferative neoplasms") in mentions_of(r)
