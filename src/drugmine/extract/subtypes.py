"""A word that names a vocabulary disease's subtype is part of the mention ("oral thrush",
"allergic asthma", "leg cramps", "drug-resistant TB", "chemotherapy-induced nausea"); the
words are `disease_subtype` rows of data/patterns.tsv."""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import read_rows
from ..vocab import load_lexicon
from .entities import Ent, concept_key

LOOK_BACK = 40  # characters before a mention searched for its subtype words


@lru_cache(maxsize=1)
def subtype_before() -> re.Pattern:
    """The subtype words as one regex anchored just before a mention (one space apart)."""
    terms = [r[1] for r in read_rows("patterns.tsv") if r[0] == "disease_subtype"]
    return re.compile(r"(?<![\w'-])(?:" + "|".join(terms) + r") $", re.I)


def with_subtypes(ents: list[Ent]) -> list[Ent]:
    """Widen each vocabulary disease mention over the subtype words right before it.

    The widened mention keeps an ID only where one is verified for the whole name.
    Entities lying wholly inside those words ("plaque", "muscle") give way; a drug, a
    character-level match or an entity reaching past them keeps its words."""
    if not ents:
        return ents
    rx = subtype_before()
    doc = ents[0].span.doc
    dropped: set[int] = set()
    for e in ents:
        if e.type != "Disease" or e.chars or id(e) in dropped or e.span.start == 0:
            continue
        end_char = e.span.start_char
        look = doc.text[max(0, end_char - LOOK_BACK) : end_char]
        m = rx.search(look)
        if m is None:
            continue
        widened = doc.char_span(end_char - len(look) + m.start(), e.span.end_char)
        if widened is None:
            continue
        inside = [
            o
            for o in ents
            if o is not e and o.span.start < e.span.start and o.span.end > widened.start
        ]
        if any(o.drug or o.chars or o.span.start < widened.start for o in inside):
            continue
        dropped.update(id(o) for o in inside)
        e.span = widened
        # "allergic asthma" is not the concept asthma: an ID only where one names the whole
        e.entry = load_lexicon().mention_entry(widened.text, "Disease", e.method)
        e.concept = concept_key("Disease", e.entry, widened.text)
    return [e for e in ents if id(e) not in dropped]
