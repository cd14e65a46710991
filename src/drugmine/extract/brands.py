"""Brand names the vocabulary does not list (EU brands, biosimilars), found by how pages
write them: "imatinib (Glivec)", "Brand names: Jakafi (US); Jakavi (EU)", a trade mark
sign ("Brandix® 5 mg tablets, generic"), "also called Brandix", "Brandix contains A and
B", "Brandix (imatinib)", "Brandix, also called A and B", "the name of your medicine is
Brandix"; a brand-name line of an infobox names the generic printed next to it. Once a page
has named a brand, its other mentions of that word are the brand too."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..intervals import Occupied, SpanIndex
from ..resources import alternatives, word_set
from .entities import Ent, doc_text

# a coined name: one capitalised word (or an all-capital one), optional ® or ™
BRAND_WORD = r"[A-Z][a-z]{2,}[A-Z][a-z]{2,}|[A-Z][a-z]{3,}[a-z0-9]*|[A-Z]{5,}"  # or "BenzaClin"
AFTER_DRUG = re.compile(rf"\s*\(\s*({BRAND_WORD})\s*[®™]?\s*\)")
BRAND_CUE = re.compile(
    r"\b(?:(?:brand(?:ed)?|trade|proprietary)\s*names?(?:\s*\(s\))?"
    r"(?:\s+(?:for|of)\s+[^.:;]{1,40}?\s+(?:include|includes|are|is)\b\s*:?|\s*(?:is|are|include|:))?"
    r"|brands\s+(?:of\s+[\w-]+\s*)?(?:\(\s*)?(?:e\.g\.?,?|such as|include|including|like|:))\s*",
    re.I,
)
LIST_GAP = re.compile(r"\s*(?:\([^()]{0,60}\)\s*)?(?:[,;/]|\band\b|\bor\b)\s*")
# after a brand-name cue a name may also be short capitals or hyphened ("MST", "Easi-Breathe")
BRAND_AT = re.compile(rf"([A-Z][a-z]+-[A-Z][a-z]+|{BRAND_WORD}|[A-Z]{{3,4}}\b)\s*[®™]?")
MARKED = re.compile(rf"\b({BRAND_WORD})\s*[®™]")
CALLED = re.compile(
    r"\b(?:also |commonly |often |usually )?(?:called|known as|sold as|marketed as)\s+"
    r"([A-Z][a-z]{3,}[a-z0-9]*)\b(?![-\w])"  # not all capitals: "known as FOLFOX" is a regimen
)
# "Brandix (imatinib)", "Brandix/Brandox (A/B)", "Brandix, also called A and B": the brand
# printed right before the generic
NAME_WORD = r"[A-Z][a-z]{2,}[A-Z][a-z]{2,}|[A-Z][a-z]{3,}[a-z0-9]*"  # "FOLFOX (...)" is a regimen
BEFORE_DRUG = re.compile(
    rf"({NAME_WORD})\s*[®™]?\s*(?:\(\s*|(?:,\s*(?:also\s+)?|\s+also\s+)(?:called|known as)\s+)$"
)
SLASH_BEFORE = re.compile(rf"({NAME_WORD})\s*[®™]?\s*/\s*$")
NAME_IS = re.compile(
    rf"\b(?i:name of (?:your|this|the) (?:medicine|medication|drug) is)\s+({BRAND_WORD})\b"
)
CLOSE = re.compile(r"\s*\)")
INFOBOX_REACH = 200  # a brand line without a drug names the generic of a nearby line
CONTAINS = re.compile(rf"\b({BRAND_WORD})\s*[®™]?\s+contains?\s+$")
PARTNER_GAP = re.compile(r"^(?: |\s*(?:,|/|\+|,?\s*and|,?\s*plus|with)\s*)$", re.I)
MARK_WINDOW = 120  # a marked brand names the generic printed after it on its line


def _plausible(word: str) -> bool:
    low = word.lower()
    return low not in STOP_WORDS and low not in word_set("not_brands.txt")


def with_brands(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """`ents` with the unlisted brands added; a brand replaces an entity at its place and
    a guess around it (the model's "Brandix/Brandox" as one token)."""
    brands = unlisted_brands(doc, ents)
    if not brands:
        return ents
    spans = {(b.start, b.end) for b in brands}
    places = SpanIndex(spans)

    def replaced(e: Ent) -> bool:
        return (e.start, e.end) in spans or (_guess(e) and places.overlaps(e.start, e.end))

    return [e for e in ents if not replaced(e)] + brands


def with_release_names(ents: list[Ent]) -> None:
    """ "Effexor XR", "Sinemet CR": the release word after a brand is part of its name (in
    place); the product is another brand name of the same generic."""
    words = alternatives("patterns.tsv", "brand_suffix")  # exact case: "XR", not "xr"
    for e in ents:
        if not (e.drug and e.is_brand) or e.chars or e.span.end >= len(e.span.doc):
            continue
        nxt = e.span.doc[e.span.end]
        if nxt.text in words and not e.span[-1].whitespace_ == "":
            e.span = e.span.doc[e.span.start : e.span.end + 1]


def _guess(e: Ent) -> bool:
    """An entity a brand pattern may overrule: a nameless chemical or a model's guess."""
    return e.method == "model" or (not e.drug and e.type == "Chemical")


def unlisted_brands(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """Brand mentions of named drugs that no vocabulary lists."""
    text = doc_text(doc)
    # a chemical that names no drug or any model guess ("Glivec" unknown) may be the brand
    covered = SpanIndex((e.start, e.end) for e in ents if not _guess(e))
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
        if lo < hi:
            generic = min(named[lo:hi], key=lambda t: t[1])[2]  # the first of `ents` in it
        else:  # "Brand Name: Coartem" on an infobox line of its own
            generic = _nearby_generic(text, drugs, sent.start_char, sent.end_char)
            if generic is None:
                continue
        pos = sent.start_char + cue.end()
        while (m := BRAND_AT.match(text, pos)) and m.end() <= sent.end_char:
            if _plausible(m.group(1)):
                found.append((m.start(1), m.end(1), generic))
            gap = LIST_GAP.match(text, m.end())
            if not gap:
                break
            pos = gap.end()
    found += _marked_brands(text, drugs)
    found += _brands_before(text, drugs)
    for m in NAME_IS.finditer(text):  # "The name of your medicine is Brandix. It contains A"
        after = [d for d in drugs if m.end() <= d.start < m.end() + INFOBOX_REACH]
        if after and _plausible(m.group(1)):
            found.append((m.start(1), m.end(1), after[0]))
    found += _called_brands(doc, drugs)
    found = _every_mention(text, found)
    out = []
    for start, end, d in found:
        span = doc.char_span(start, end) or _slash_part(doc, start, end)
        if span is None or covered.overlaps(start, end) or taken.overlaps(start, end):
            continue
        taken.take(start, end)  # one mention per place, found either way
        ent = Ent(span, "Chemical", d.entry, "pattern-brand", d.sent, d.concept, d.drug, True)
        if (span.start_char, span.end_char) != (start, end):
            ent.chars = (start, end)
        ent.partners = d.partners or _partners(text, drugs, d)
        out.append(ent)
    return out


def _partners(text: str, drugs: list[Ent], d: Ent) -> tuple[str, ...]:
    """The generics printed together with `d` ("levonorgestrel and ethinylestradiol")."""
    i = drugs.index(d) if d in drugs else -1
    names = []
    while 0 <= i and _joined(text, drugs, i):
        i += 1
        if drugs[i].drug != d.drug:
            names.append(drugs[i].drug)
    return tuple(dict.fromkeys(names))


def _joined(text: str, drugs: list[Ent], i: int) -> bool:
    """`drugs[i]` and the next generic are printed as one group ("A and B", "A/B")."""
    return i + 1 < len(drugs) and bool(PARTNER_GAP.match(text[drugs[i].end : drugs[i + 1].start]))


def _slash_part(doc: Doc, start: int, end: int):
    """The token "Brandix/Brandox" holding one of its names, else None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return None
    rel_start, rel_end = start - span.start_char, end - span.start_char
    parts = span.text.split("/")
    bounds, pos = set(), 0
    for part in parts:
        bounds.add((pos, pos + len(part)))
        pos += len(part) + 1
    return span if len(parts) > 1 and (rel_start, rel_end) in bounds else None


def _group_start(text: str, drugs: list[Ent], i: int) -> Ent:
    """The first generic of the group `drugs[i]` is printed in ("A and B", "A/B")."""
    while i > 0 and _joined(text, drugs, i - 1):
        i -= 1
    return drugs[i]


def _nearby_generic(text: str, drugs: list[Ent], start: int, end: int) -> Ent | None:
    """The generic an infobox's brand line belongs to: the group printed just before it,
    else the first generic just after it."""
    before = [i for i, d in enumerate(drugs) if start - INFOBOX_REACH <= d.end <= start]
    if before:
        return _group_start(text, drugs, before[-1])
    after = [d for d in drugs if end <= d.start <= end + INFOBOX_REACH]
    return after[0] if after else None


def _brands_before(text: str, drugs: list[Ent]) -> list[tuple[int, int, Ent]]:
    """ "Brandix (imatinib)", "Brandix/Brandox (A/B)", "Brandix, also called A and B"."""
    out = []
    for i, d in enumerate(drugs):
        if i and _joined(text, drugs, i - 1):
            continue  # the brand before a group is found from the group's first generic
        m = BEFORE_DRUG.search(text, max(0, d.start - 80), d.start)
        if not m or not _plausible(m.group(1)):
            continue
        if m.group(0).rstrip().endswith("(") and not _closes(text, drugs, i):
            continue  # "Brandix (imatinib and food)" is not a name in parentheses
        out.append((m.start(1), m.end(1), d))
        pos = m.start(1)
        while (prev := SLASH_BEFORE.search(text, max(0, pos - 40), pos)) and _plausible(
            prev.group(1)
        ):
            out.append((prev.start(1), prev.end(1), d))  # "Dalmadorm/Dalmane (flurazepam)"
            pos = prev.start(1)
    return out


def _closes(text: str, drugs: list[Ent], i: int) -> bool:
    """The parenthesis opened before `drugs[i]` closes after it or after its group."""
    while _joined(text, drugs, i):
        i += 1
    return CLOSE.match(text, drugs[i].end) is not None


def _marked_brands(text: str, drugs: list[Ent]) -> list[tuple[int, int, Ent]]:
    """ "Brandix® 100/20 microgram tablets levonorgestrel and ...": a trade-marked word
    is the brand of the generic that follows it on its line, else of the one before."""
    out = []
    for m in MARKED.finditer(text):
        if not _plausible(m.group(1)):
            continue
        line_end = text.find("\n", m.end())
        stop = min(m.end() + MARK_WINDOW, line_end if line_end != -1 else len(text))
        after = [d for d in drugs if m.end() <= d.start < stop]
        before = [d for d in drugs if d.end <= m.start() and m.start() - d.end < MARK_WINDOW]
        generic = after[0] if after else (before[-1] if before else None)
        if generic is not None:
            out.append((m.start(1), m.end(1), generic))
    return out


def _called_brands(doc: Doc, drugs: list[Ent]) -> list[tuple[int, int, Ent]]:
    """ "A and B is also called Brandix", "Brandix contains A": the sentence's drug."""
    text = doc_text(doc)
    out = []
    for sent in doc.sents:
        in_sent = [d for d in drugs if sent.start_char <= d.start < sent.end_char]
        if not in_sent:
            continue
        for m in CALLED.finditer(text, sent.start_char, sent.end_char):
            before = [d for d in in_sent if d.end <= m.start()]
            if before and _plausible(m.group(1)):
                first = before[0]
                out.append((m.start(1), m.end(1), first))
        for d in in_sent:
            m = CONTAINS.search(text, sent.start_char, d.start)
            if m and _plausible(m.group(1)):
                out.append((m.start(1), m.end(1), d))
    return out


def _every_mention(text: str, found: list[tuple[int, int, Ent]]) -> list[tuple[int, int, Ent]]:
    """Once the page names a brand, each other occurrence of that word is the brand."""
    first: dict[str, Ent] = {}
    for start, end, d in sorted(found, key=lambda f: f[0]):
        first.setdefault(text[start:end].lower(), d)
    out = list(found)
    for word, d in first.items():
        for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.I):
            out.append((m.start(), m.end(), d))
    return out
