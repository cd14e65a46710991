"""Brand names the vocabulary does not list (EU brands, biosimilars), found by how pages
write them: "imatinib (Glivec)" and "Brand names: Jakafi (US); Jakavi (EU)"."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..intervals import Occupied, SpanIndex
from ..resources import word_set
from .entities import Ent, doc_text

# a coined name: one capitalised word (or an all-capital one), optional ® or ™
BRAND_WORD = r"[A-Z][a-z]{3,}[a-z0-9]*|[A-Z]{5,}"
AFTER_DRUG = re.compile(rf"\s*\(\s*({BRAND_WORD})\s*[®™]?\s*\)")
BRAND_CUE = re.compile(r"\bbrand(?:ed)?\s+names?\s*(?:is|are|include|:)?\s*", re.I)
LIST_GAP = re.compile(r"\s*(?:\([^()]{0,60}\)\s*)?(?:[,;/]|\band\b|\bor\b)\s*")
BRAND_AT = re.compile(rf"({BRAND_WORD})\s*[®™]?")


def _plausible(word: str) -> bool:
    low = word.lower()
    return low not in STOP_WORDS and low not in word_set("not_brands.txt")


def unlisted_brands(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """Brand mentions of named drugs that no vocabulary lists."""
    text = doc_text(doc)
    # a chemical that names no drug (a model guess, "Glivec" unknown) may be the brand
    covered = SpanIndex((e.start, e.end) for e in ents if e.drug or e.type != "Chemical")
    taken = Occupied(len(text))  # brand places found so far (BRAND_WORD is never empty)
    named = sorted((e.start, i, e) for i, e in enumerate(ents) if e.drug)
    named_starts = [s for s, _, _ in named]
    drugs = sorted((e for e in ents if e.drug and not e.is_brand), key=lambda e: e.start)
    found: list[tuple[int, int, Ent]] = []
    for d in drugs:  # "imatinib (Glivec)"
        m = AFTER_DRUG.match(text, d.end)
        if m and _plausible(m.group(1)):
            found.append((m.start(1), m.end(1), d))
    for sent in doc.sents:  # "Brand names: Jakafi (United States); Jakavi (EU)"
        cue = BRAND_CUE.search(sent.text)
        if not cue:
            continue
        lo = bisect_left(named_starts, sent.start_char)
        hi = bisect_left(named_starts, sent.end_char)
        if lo == hi:
            continue
        generic = min(named[lo:hi], key=lambda t: t[1])[2]  # the first of `ents` in it
        pos = sent.start_char + cue.end()
        while (m := BRAND_AT.match(text, pos)) and m.end() <= sent.end_char:
            if _plausible(m.group(1)):
                found.append((m.start(1), m.end(1), generic))
            gap = LIST_GAP.match(text, m.end())
            if not gap:
                break
            pos = gap.end()
    out = []
    for start, end, d in found:
        span = doc.char_span(start, end)
        if span is None or covered.overlaps(start, end) or taken.overlaps(start, end):
            continue
        taken.take(start, end)  # one mention per place, found either way
        ent = Ent(span, "Chemical", d.entry, "pattern-brand", d.sent, d.concept, d.drug, True)
        out.append(ent)
    return out
