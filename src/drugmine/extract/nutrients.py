"""Vitamins, minerals and hormones as drugs where a page says to take them ("take calcium
and vitamin D every day", "progesterone pessaries"), body substances elsewhere ("calcium
levels"); data/nutrients.tsv."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from ..intervals import SpanIndex
from ..resources import alternatives, pattern, read_rows
from ..vocab import Entry, load_lexicon
from .entities import Ent, doc_text

GIVEN_REACH = 60  # characters before the name in which a "take" word counts


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    def alternation(kind: str) -> str:
        return "|".join(r[1] for r in read_rows("nutrients.tsv") if r[0] == kind)

    name, given = pattern("nutrients.tsv", "name"), pattern("nutrients.tsv", "given")
    body = re.compile(r"\s*(?:" + alternation("body") + r")\b", re.I)  # matched at a position
    low = re.compile(r"\b(?:" + alternation("low") + r")\s*$", re.I)
    return name, given, body, low, pattern("nutrients.tsv", "form_after")


@lru_cache(maxsize=1)
def _hormones() -> frozenset[str]:
    return frozenset(w.lower() for w in alternatives("nutrients.tsv", "hormone"))


def nutrient_drugs(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """Drug mentions of vitamins, minerals and hormones a sentence says are taken; a
    hormone named once as a product ("Progesterone 400 mg pessaries") is the drug wherever
    the page names it, except as a body value ("progesterone levels")."""
    name, given, body, low, form = _patterns()
    hormones = _hormones()
    text = doc_text(doc)
    taken = SpanIndex((e.start, e.end) for e in ents if e.drug or e.type != "Chemical")
    found: list[tuple[re.Match, bool, bool]] = []  # each free name: given there, as a product
    for sent in doc.sents:
        for m in name.finditer(text, sent.start_char, sent.end_char):
            before = text[max(sent.start_char, m.start() - GIVEN_REACH) : m.start()]
            if taken.overlaps(m.start(), m.end()):
                continue
            if body.match(text, m.end()) or low.search(before):
                continue  # "calcium levels", "low potassium"
            as_product = bool(form.match(text, m.end()))
            found.append((m, as_product or bool(given.search(before)), as_product))
    products = {_canonical(m) for m, _, product in found if product}
    out = []
    for m, is_given, _ in found:
        canonical = _canonical(m)
        if not (is_given or (canonical in hormones and canonical in products)):
            continue
        span = doc.char_span(m.start(), m.end())
        if span is not None:
            out.append(_drug_ent(span, canonical))
    return out


def _canonical(m: re.Match) -> str:
    return " ".join(m.group().lower().split())


def _drug_ent(span, canonical: str) -> Ent:
    """A Drug mention, with the vocabulary's drug entry (and its ID) where it has one."""
    hit = load_lexicon().lookup(canonical)
    known = hit is not None and hit.is_drug
    cid, xrefs = (hit.concept_id, hit.xrefs) if known else ("", "")
    entry = Entry("Chemical", cid, canonical, True, False, "nutrients.tsv", xrefs)
    return Ent(span, "Chemical", entry, "pattern", 0, f"Drug:{canonical}", canonical)


def without_nutrient_chemicals(ents: list[Ent], nutrients: list[Ent]) -> list[Ent]:
    """A nutrient taken as a drug replaces the nameless chemical entity at its place."""
    places = {(n.start, n.end) for n in nutrients}
    return [e for e in ents if (e.start, e.end) not in places] + nutrients
