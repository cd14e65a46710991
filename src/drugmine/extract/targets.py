"""Target rules: the genes, proteins and body messengers a sentence says a drug acts on
("inhibits xanthine oxidase", "a TNF blocker", "blocks the action of serotonin")."""

from __future__ import annotations

import re

from ..resources import pattern, word_set
from .context import SentenceContext, negated
from .entities import Ent, is_generic
from .rules import Link, _rel, nearest_agents

TARGET_ANAPHOR = re.compile(
    r"\b(these|this|those|such|the)\s+(\w+\s+)?(kinases?|proteins?|receptors?|enzymes?|"
    r"targets?|molecules?|pathways?|genes?)\b",
    re.I,
)


# "a normal (wild-type) RAS gene", "EGFR mutations", "KRAS-mutant": the tumour's biomarker
BIOMARKER_BEFORE = re.compile(r"\b(wild[- ]type|normal)\)?\s+$", re.I)
BIOMARKER_AFTER = re.compile(
    r"^(?:\s+genes?)?(?:[- ](?:mutations?|mutated|mutant|positive|negative|status|testing|"
    r"fusions?(?! proteins?)|rearrangements?|amplifications?|alterations?|variants?))\b",
    re.I,
)


def _biomarker(text: str, ent: Ent) -> bool:
    return bool(
        BIOMARKER_BEFORE.search(text[max(0, ent.start - 30) : ent.start])
        or BIOMARKER_AFTER.match(text[ent.end : ent.end + 40])
    )


def _blocked_ligand(text: str, ent: Ent) -> bool:
    """ "blocks the action of serotonin": a body messenger (data/target_ligands.txt) named
    right after a blocking or binding verb is what the drug acts on."""
    if ent.type != "Chemical" or ent.drug:
        return False
    if " ".join(ent.text.lower().split()) not in word_set("target_ligands.txt"):
        return False
    before = text[max(0, ent.start - 70) : ent.start].rstrip()
    return bool(pattern("patterns.tsv", "ligand_cue_before").search(before))


def target_links(
    ctx: SentenceContext, ents: list[Ent], subj: list[Ent], how: str, previous: list[Ent] = ()
) -> list[Link]:
    """Genes in a sentence with a mechanism cue; "inhibit these kinases" reaches back one
    sentence to the genes it names."""
    if not ctx.cue_positions("target") or ctx.cue_positions("metabolism"):
        return []  # "broken down by CYP3A4; drugs that block it raise levels": not a target
    if not subj and not any(e.type == "DrugClass" for e in ents):
        return []  # a mechanism sentence needs a drug or a drug class
    out = []
    genes = [e for e in ents if e.type == "Gene" or _blocked_ligand(ctx.doc_text, e)]
    if not genes and TARGET_ANAPHOR.search(ctx.text):
        genes = [e for e in previous if e.type == "Gene"]
        how = f"{how}/anaphor"
    for ent in genes:
        if is_generic(ent) or _biomarker(ctx.doc_text, ent):
            continue
        neg = negated(ctx, _rel(ctx, ent))
        agents = nearest_agents(ctx, subj, ent) if how == "sentence" and ent in genes else subj
        for d in agents or [None]:
            out.append(Link(d, "targets", ent, f"cue:target/{how}", 0.8, ctx.index, neg))
    return out
