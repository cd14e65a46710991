"""The drug a page is about, and the product it names it as."""

from __future__ import annotations

from collections import Counter

from .entities import Ent, doc_text


def main_drug(ents: list[Ent]) -> Ent | None:
    """The drug a page is about: named in its first line, else named at least 3 times."""
    drugs = [e for e in ents if e.drug]
    if not drugs:
        return None
    text = doc_text(drugs[0].span.doc)
    first_line_end = text.find("\n") if "\n" in text else len(text)
    counts = Counter(e.drug for e in drugs)
    first: dict[str, int] = {}  # drug -> where the page first names it
    for e in drugs:
        first[e.drug] = min(first.get(e.drug, e.start), e.start)
    best = max(counts, key=lambda d: (counts[d], -first[d]))
    titled = [e for e in drugs if e.start < first_line_end]
    if titled:
        return _as_product(titled[0], drugs)
    if counts[best] < 3:
        return None
    return _as_product(next(e for e in drugs if e.drug == best), drugs)


def _as_product(main: Ent, drugs: list[Ent]) -> Ent:
    """A page mostly naming the main drug as part of a product ("A/B", its brand) is about
    the product: its mention with partners, so page-level links reach each component."""
    same = [e for e in drugs if e.drug == main.drug]
    product = [e for e in same if e.partners]
    return product[0] if product and 2 * len(product) >= len(same) else main
