"""A word that names a vocabulary disease's subtype is part of the mention ("oral thrush",
"plaque psoriasis"); the words are `disease_subtype` rows of data/patterns.tsv."""

from __future__ import annotations

from ..resources import alternatives
from .entities import Ent


def with_subtypes(ents: list[Ent]) -> list[Ent]:
    """Widen each vocabulary disease mention over the subtype word right before it; an
    entity of that word alone ("plaque") gives way, a longer one or a drug keeps it."""
    words = {w.lower() for w in alternatives("patterns.tsv", "disease_subtype")}
    alone = {e.span.start: e for e in ents if len(e.span) == 1 and not e.drug and not e.chars}
    held = {i for e in ents if e.span.start not in alone for i in range(e.span.start, e.span.end)}
    dropped = set()
    for e in ents:
        if e.type != "Disease" or e.chars or e.span.start == 0 or id(e) in dropped:
            continue
        prev = e.span.doc[e.span.start - 1]
        if prev.lower_ in words and prev.whitespace_ == " " and prev.i not in held:
            if prev.i in alone:
                dropped.add(id(alone[prev.i]))
            e.span = e.span.doc[prev.i : e.span.end]
            held.add(prev.i)
    return [e for e in ents if id(e) not in dropped]
