"""Vitamins and minerals as drugs where a page says to take them ("take calcium and
vitamin D every day"), body substances elsewhere ("calcium levels"); data/nutrients.tsv."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from ..intervals import SpanIndex
from ..resources import pattern, read_rows
from ..vocab import Entry
from .entities import Ent, doc_text

GIVEN_REACH = 60  # characters before the name in which a "take" word counts


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    def alternation(kind: str) -> str:
        return "|".join(r[1] for r in read_rows("nutrients.tsv") if r[0] == kind)

    name, given = pattern("nutrients.tsv", "name"), pattern("nutrients.tsv", "given")
    body = re.compile(r"^\s*(?:" + alternation("body") + r")\b", re.I)
    low = re.compile(r"\b(?:" + alternation("low") + r")\s*$", re.I)
    return name, given, body, low


def nutrient_drugs(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """Drug mentions of vitamins and minerals a sentence says are taken."""
    name, given, body, low = _patterns()
    text = doc_text(doc)
    taken = SpanIndex((e.start, e.end) for e in ents if e.drug or e.type != "Chemical")
    out = []
    for sent in doc.sents:
        for m in name.finditer(text, sent.start_char, sent.end_char):
            before = text[max(sent.start_char, m.start() - GIVEN_REACH) : m.start()]
            if taken.overlaps(m.start(), m.end()) or not given.search(before):
                continue
            if body.match(text, m.end()) or low.search(before):
                continue  # "calcium levels", "low potassium"
            span = doc.char_span(m.start(), m.end())
            if span is None:
                continue
            canonical = " ".join(m.group().lower().split())
            entry = Entry("Chemical", "", canonical, True, False, "nutrients.tsv")
            out.append(Ent(span, "Chemical", entry, "pattern", 0, f"Drug:{canonical}", canonical))
    return out


def without_nutrient_chemicals(ents: list[Ent], nutrients: list[Ent]) -> list[Ent]:
    """A nutrient taken as a drug replaces the nameless chemical entity at its place."""
    places = {(n.start, n.end) for n in nutrients}
    return [e for e in ents if (e.start, e.end) not in places] + nutrients
