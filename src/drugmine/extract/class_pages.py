"""Pages about a class of drugs: "Triptans" as the title, then the members in a table,
bullets or lines of their own. Each member named that way belongs to the title's class."""

from __future__ import annotations

import re

from ..resources import word_set
from .context import SentenceContext
from .entities import Ent
from .rules import Link

MEMBER_LINE_WORDS = 4  # "almotriptan Axert": a line that only names drugs


def _title_class(contexts: list[SentenceContext], by_sent: dict[int, list[Ent]]) -> Ent | None:
    """The class the first line names, when that line names no drug."""
    if not contexts:
        return None
    first = by_sent.get(0, [])
    kinds = word_set("treatment_types.txt")  # "R-CHOP chemotherapy" is a regimen's page
    classes = [
        e for e in first if e.type == "DrugClass" and not any(k in e.text.lower() for k in kinds)
    ]
    if not classes or any(e.drug for e in first):
        return None
    return classes[0]


def _member_place(ctx: SentenceContext, d: Ent) -> bool:
    """A table row, a bullet, a line it opens, or a short line of drug names."""
    if ctx.bullet or "\t" in ctx.text or "|" in ctx.text:
        # an item or a table row names its member first ("* Drugname (Brand)"), not inside
        # a footnote's sentence
        before = ctx.text[: max(0, d.start - ctx.span.start_char)]
        return not re.search(r"[\t|]", before) and len(before.split()) <= MEMBER_LINE_WORDS
    if d.start - ctx.span.start_char - (len(ctx.text) - len(ctx.text.lstrip())) < 2:
        return True
    return len(ctx.text.split()) <= MEMBER_LINE_WORDS


def class_page_links(contexts: list[SentenceContext], by_sent: dict[int, list[Ent]]) -> list[Link]:
    cls = _title_class(contexts, by_sent)
    if cls is None:
        return []
    out = []
    for ctx in contexts[1:]:
        for d in by_sent.get(ctx.index, []):
            if d.drug and not d.is_brand and _member_place(ctx, d):
                out.append(Link(d, "is_a", cls, "class-page", 0.6, ctx.index))
    return out
