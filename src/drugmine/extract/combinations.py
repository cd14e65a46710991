"""Combination products: "A/B", "A and B" as one vocabulary name, and their brands.

A name the vocabulary files as one product made of several generics is, for the facts,
each of those generics: "buprenorphine/naloxone" in the text is two Drug mentions given
together; a brand of a combination ("Brand" for "A and B") is a brand of each, and what
the text says of the product (uses, side effects) holds for each component.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from ..vocab import load_lexicon, norm_key
from .entities import Ent, approved_names, doc_text, drug_name
from .rules import Link

SPLIT = re.compile(r"\s*(?:/|\+|&|,\s*and\s+|,|\band\b|\bwith\b|\bplus\b)\s*", re.I)


def components(name: str) -> list[str] | None:
    """The generics a combination name is made of, or None when it is not one."""
    parts = [p for p in SPLIT.split(name.strip()) if p]
    if len(parts) < 2:
        return None
    lexicon = load_lexicon()
    names = []
    for part in parts:
        entry = lexicon.lookup(part)
        if entry is None or not entry.is_drug or components_of_entry(entry.canonical):
            return None
        names.append(drug_name(entry.canonical))
    return names if len(set(names)) == len(names) else None


def components_of_entry(canonical: str) -> bool:
    return bool(SPLIT.search(canonical))


def _parts(doc: Doc, ent: Ent) -> list[Ent] | None:
    """ "Buprenorphine/naloxone" in the text: one Drug mention per generic."""
    text = ent.text
    if not SPLIT.search(text) or components(text) is None:
        return None
    lexicon = load_lexicon()
    out = []
    pos = 0
    for m in list(SPLIT.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        piece = text[pos:end]
        if piece.strip():
            start = ent.start + pos + (len(piece) - len(piece.lstrip()))
            span = doc.char_span(start, start + len(piece.strip()), alignment_mode="expand")
            if span is None:
                return None
            entry = lexicon.lookup(piece.strip())
            part = Ent(span, "Chemical", entry, "combination-part", ent.sent)
            part.chars = (start, start + len(piece.strip()))
            part.drug = drug_name(entry.canonical)
            part.concept = f"Drug:{part.drug}"
            out.append(part)
        pos = m.end() if m is not None else pos
    if out:
        _extend_last(doc, out[-1], lexicon)
    names = [p.drug for p in out]
    for p in out:
        p.partners = tuple(n for n in names if n != p.drug)
    return out


def _extend_last(doc: Doc, part: Ent, lexicon) -> None:
    """ "emtricitabine and tenofovir disoproxil fumarate": the vocabulary's combination ends
    at "tenofovir", the page's last name runs on (the longest drug name it makes)."""
    start, end = part.chars
    text = doc_text(doc)
    i = next((t.i for t in doc[part.span.end - 1 :] if t.idx >= end), len(doc))
    best = None
    for j in range(i, min(i + 3, len(doc))):
        if not doc[j].is_alpha or "\n" in text[end : doc[j].idx]:
            break
        entry = lexicon.lookup(text[start : doc[j].idx + len(doc[j])])
        if entry is not None and entry.is_drug and not entry.is_brand:
            best = (doc[j].idx + len(doc[j]), entry)
    if best is None:
        return
    new_end, entry = best
    span = doc.char_span(start, new_end, alignment_mode="expand")
    if span is None:
        return
    part.span, part.entry, part.chars = span, entry, (start, new_end)
    part.drug = drug_name(entry.canonical)
    part.concept = f"Drug:{part.drug}"


def split_combinations(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """Combination names become their generics; combination brands name each (new list)."""
    out = []
    split_at: set[tuple[int, int]] = set()  # two finders of one product split it once
    for e in ents:
        if e.type != "Chemical" or e.entry is None:
            out.append(e)
            continue
        parts = _parts(doc, e)
        if parts is not None:
            if (e.start, e.end) not in split_at:
                split_at.add((e.start, e.end))
                out += parts
            continue
        names = components(e.entry.canonical) if components_of_entry(e.entry.canonical) else None
        if names and norm_key(e.text) in approved_names():  # a generic filed under a product
            e.drug, e.is_brand = norm_key(e.text), False
            e.concept = f"Drug:{e.drug}"
        elif names and not SPLIT.search(e.text):  # a brand of the combination
            e.drug, e.partners, e.is_brand = names[0], tuple(names[1:]), True
            e.concept = f"Drug:{e.drug}"
        out.append(e)
    return out


def spread_to_partners(links: list[Link]) -> list[Link]:
    """What holds for a combination holds for each component; components go together."""
    out = []
    for lk in links:
        if lk.drug is None or not lk.drug.partners:
            continue
        for name in lk.drug.partners:
            if lk.relation == "combined_with" and lk.obj.drug == name:
                continue
            out.append(replace(lk, drug=replace(lk.drug, drug=name, partners=())))
    seen = set()
    for lk in links:
        d = lk.drug
        if d is None or not d.partners or (d.drug, d.partners) in seen:
            continue
        seen.add((d.drug, d.partners))
        for name in d.partners:
            obj = replace(d, drug=name, partners=())
            out.append(Link(d, "combined_with", obj, "combination-product", 0.8, lk.sent))
    return out


SLASH = re.compile(r"^\s*/\s*$")
BRAND_AFTER = re.compile(r"^\s*\(\s*$")


def slash_groups(ents: list[Ent], text: str) -> None:
    """ "sitagliptin/metformin (Brand)": drugs joined by "/" are one product, and the brand
    in brackets right after it is a brand of each (partners set in place)."""
    drugs = sorted((e for e in ents if e.drug), key=lambda e: e.start)
    i = 0
    while i < len(drugs):
        group = [drugs[i]]
        while i + 1 < len(drugs) and SLASH.match(text[group[-1].end : drugs[i + 1].start]):
            i += 1
            group.append(drugs[i])
        i += 1
        names = [d.drug for d in group]
        if len(set(names)) < 2:
            continue
        for d in group:
            d.partners = tuple(n for n in names if n != d.drug)
        nxt = drugs[i] if i < len(drugs) else None
        if nxt is not None and nxt.is_brand and BRAND_AFTER.match(text[group[-1].end : nxt.start]):
            nxt.partners = tuple(n for n in names if n != nxt.drug)


def slash_tokens(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """ "sitagliptin/metformin" as one token no vocabulary lists: a Drug mention per generic
    when every part is one (the tokenizer keeps "/" inside words: "HR+/HER2-"). The first
    part may begin a token earlier, the last end a token later ("benzoyl peroxide/x"). A
    non-drug entity on those tokens (a model guess) gives way (removed from `ents`)."""

    text = doc_text(doc)

    def fixed(e: Ent) -> bool:  # a drug mention that is not itself a slash token
        return bool(e.drug) and not (len(e.span) == 1 and "/" in text[e.start : e.end])

    drug_tokens = {i for e in ents if fixed(e) for i in range(e.span.start, e.span.end)}
    out = []
    for tok in doc:
        if "/" not in tok.text or tok.i in drug_tokens:
            continue
        i = tok.i
        readings = ((i - 1, i + 1), (i - 1, i), (i, i + 1), (i, i))  # the longer first
        for first, last in readings:
            if first < 0 or last >= len(doc) or {first, last} & drug_tokens:
                continue
            if not all(doc[k].is_alpha for k in {first, last} - {i}):
                continue
            span = doc[first : last + 1]
            if "\n" in span.text:
                continue
            parts = _parts(doc, Ent(span, "Chemical", None, "slash", 0))
            if parts:
                ents[:] = [
                    e
                    for e in ents
                    if fixed(e) or e.end <= span.start_char or e.start >= span.end_char
                ]
                out += parts
                drug_tokens.update(range(first, last + 1))
                break
    return out
