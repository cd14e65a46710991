"""Misspelt drug names ("metforman"): words a small edit away from a drug named on the page."""

from __future__ import annotations

from spacy.tokens import Doc

from .entities import Ent, edit_distance


def misspelt_drugs(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """Unknown words within a small edit distance of a drug named in the same document."""
    drugs = {
        e.drug: e
        for e in ents
        if e.drug and not e.is_brand and len(e.drug) >= 6 and e.method != "pattern"
    }
    if not drugs:
        return []
    for e in ents:  # an INN-stem guess or a model's nameless chemical that is a typo of
        # a named drug folds into it
        guess = e.drug if e.method == "pattern" else None
        if e.method == "model" and e.type == "Chemical" and not e.drug and len(e.text) >= 6:
            guess = e.text.lower() if e.text.isalpha() else None
        if guess and guess not in drugs:
            ref = _closest(guess, drugs)
            if ref is not None:
                e.drug, e.entry, e.concept, e.method = ref.drug, ref.entry, ref.concept, "fuzzy"
    covered = set()
    for e in ents:
        covered.update(range(e.span.start, e.span.end))
    out = []
    closest: dict[str, Ent | None] = {}  # a word that repeats is compared once
    for tok in doc:
        word = tok.text
        if tok.i in covered or len(word) < 6 or not word.isalpha():
            continue
        low = word.lower()
        if low not in closest:
            closest[low] = _closest(low, drugs)
        ref = closest[low]
        if ref is not None:
            span = doc[tok.i : tok.i + 1]
            out.append(Ent(span, "Chemical", ref.entry, "fuzzy", 0, ref.concept, ref.drug))
    return out


def _closest(word: str, drugs: dict[str, Ent]) -> Ent | None:
    for name, ref in drugs.items():
        limit = 1 if len(name) < 9 else 2
        if word != name and (word[-3:] == name[-3:] or word[:3] == name[:3]):
            if edit_distance(word, name, limit) <= limit:
                return ref
    return None
