"""Verified IDs on role mentions and fact objects (issue 15): drug classes named by MeSH
descriptors, lay names of effects, target short names, combination products, and the IDs
a mention in its role must not keep. The sentences are made up for these tests."""

from __future__ import annotations

import pytest
from helpers import run_text

from drugmine import role_ids
from drugmine.ids import mesh_names
from drugmine.vocab import load_lexicon


def _object_ids(text: str, relation: str) -> dict[str, str]:
    result = run_text(text)
    return {f.object.lower(): f.object_id for f in result.facts if f.relation == relation}


def _mention_ids(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in run_text(text).mentions:
        out.setdefault(m.text.lower(), set()).add(m.concept_id)
    return out


def test_every_listed_id_is_the_named_descriptor():
    assert role_ids.unverified_rows() == []
    names = mesh_names()
    for (kind, _), cid in role_ids.role_table().items():
        assert kind in {"class", "condition", "target"}
        assert cid in names


@pytest.mark.parametrize(
    "name, descriptor",
    [
        ("antipsychotic", "Antipsychotic Agents"),  # "<name> Agents"
        ("antipsychotic medication", "Antipsychotic Agents"),  # filler word left out
        ("Antiviral medicines", "Antiviral Agents"),
        ("antivirals", "Antiviral Agents"),
        ("tetracycline", "Tetracyclines"),  # the plural names the class, not the compound
        ("proton pump inhibitor", "Proton Pump Inhibitors"),
        ("H2 blockers", "Histamine H2 Antagonists"),  # a listed synonym
        ("beta-blocker", "Adrenergic beta-Antagonists"),
        ("local anaesthetics", "Anesthetics, Local"),  # British spelling, inverted name
        (
            "angiotensin-converting enzyme (ACE) inhibitor",  # the bracketed abbreviation
            "Angiotensin-Converting Enzyme Inhibitors",
        ),
        ("statins", "Hydroxymethylglutaryl-CoA Reductase Inhibitors"),  # vocabulary class entry
    ],
)
def test_class_names_reach_their_descriptor(name, descriptor):
    assert mesh_names()[role_ids.class_mesh(name, load_lexicon())] == descriptor


@pytest.mark.parametrize(
    "name",
    [
        "ACE inhibitor/ARB",  # two classes in one mention
        "antibiotics, antifungals",
        "platinum drugs",  # the element is no class of drugs
        "immunotherapy drugs",  # the procedure is no class of drugs
        "targeted tyrosine kinase inhibitor",  # a modifier no descriptor carries
    ],
)
def test_class_names_without_a_verified_descriptor_get_none(name):
    assert role_ids.class_mesh(name, load_lexicon()) == ""


@pytest.mark.parametrize(
    "name, descriptor",
    [
        ("feeling sick", "Nausea"),
        ("stomach pain", "Abdominal Pain"),
        ("low platelet count", "Thrombocytopenia"),
        ("hot flushes", "Hot Flashes"),
        ("trouble breathing", "Dyspnea"),
    ],
)
def test_lay_effect_names_reach_their_descriptor(name, descriptor):
    assert mesh_names()[role_ids.condition_mesh(name)] == descriptor


def test_two_conditions_joined_by_a_slash_get_none():
    assert role_ids.condition_mesh("gastritis/colitis") == ""


def test_an_is_a_fact_carries_the_class_descriptor():
    ids = _object_ids("Quetiapine is an antipsychotic medication used in adults.", "is_a")
    assert [mesh_names().get(cid) for cid in ids.values()] == ["Antipsychotic Agents"]


def test_a_lay_side_effect_fact_carries_its_descriptor():
    text = "Side effects of sertraline include feeling sick and stomach pain."
    ids = _object_ids(text, "causes")
    assert mesh_names().get(ids.get("feeling sick")) == "Nausea"
    assert mesh_names().get(ids.get("stomach pain")) == "Abdominal Pain"


def test_combination_brand_mention_gets_no_single_component_id():
    text = (
        "Sinemet contains levodopa and carbidopa. Sinemet is used to treat Parkinson's "
        "disease. Common side effects of Sinemet include nausea."
    )
    result = run_text(text)
    brand = [m for m in result.mentions if m.text == "Sinemet"]
    assert brand and all(m.concept_id == "" for m in brand)
    levodopa = load_lexicon().lookup("levodopa").concept_id
    carbidopa = load_lexicon().lookup("carbidopa").concept_id
    for f in result.facts:  # each component's fact carries that component's own ID
        if f.drug == "levodopa":
            assert f.drug_id == levodopa
        if f.drug == "carbidopa":
            assert f.drug_id == carbidopa


def test_species_second_word_is_no_disease_id():
    text = "Benzoyl peroxide kills C. acnes on the skin and is used to treat acne."
    ids = _mention_ids(text)
    assert ids["acnes"] == {""}
    assert ids["acne"] != {""}


def test_a_brand_fact_carries_its_generics_id_but_a_combination_brand_none():
    r = run_text("Quetiapine is sold as Seroquel. Sinemet contains levodopa and carbidopa.")
    ids = {(f.drug, f.object): f.object_id for f in r.facts if f.relation == "brand"}
    assert ids[("quetiapine", "Seroquel")].startswith("DRUGBANK:")
    assert ids[("levodopa", "Sinemet")] == ""
