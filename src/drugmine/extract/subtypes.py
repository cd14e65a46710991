"""A word that names a vocabulary disease's subtype is part of the mention ("oral thrush",
"allergic asthma", "leg cramps", "drug-resistant TB", "chemotherapy-induced nausea"), and so
is a qualifier that ends its name ("redness at the injection site", "heart failure with
reduced ejection fraction"): `disease_subtype` and `disease_qualifier_after` rows of
data/patterns.tsv."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from spacy.tokens import Span

from ..resources import read_rows
from ..vocab import load_lexicon
from .entities import Ent, concept_key, doc_text

LOOK_BACK = 40  # characters before a mention searched for its subtype words


@lru_cache(maxsize=1)
def subtype_before() -> re.Pattern:
    """The subtype words as one regex anchored just before a mention (one space apart)."""
    return subtype_regex([r[1] for r in read_rows("patterns.tsv", 3) if r[0] == "disease_subtype"])


def subtype_regex(terms: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w'-])(?:" + "|".join(terms) + r") $", re.I)


@lru_cache(maxsize=1)
def qualifier_after() -> re.Pattern:
    """Words after a mention that belong to its name ("at the injection site")."""
    kind = "disease_qualifier_after"
    return qualifier_regex([r[1] for r in read_rows("patterns.tsv", 3) if r[0] == kind])


def qualifier_regex(terms: list[str]) -> re.Pattern:
    return re.compile(r"\s(?:" + "|".join(terms) + r")\b", re.I)


def with_subtypes(ents: list[Ent]) -> list[Ent]:
    """Widen each vocabulary disease mention over the subtype words right before it and
    the qualifier that ends its name after it ("pain at the injection site").

    The widened mention keeps an ID only where one is verified for the whole name.
    Entities lying wholly inside those words ("plaque", "muscle") give way; a drug, a
    character-level match or an entity reaching past them keeps its words."""
    if not ents:
        return ents
    rx, after = subtype_before(), qualifier_after()
    at: dict[int, list[Ent]] = defaultdict(list)  # token -> the entities over it (no pair scan)
    for o in ents:
        for i in range(o.span.start, o.span.end):
            at[i].append(o)
    dropped: set[int] = set()
    for e in ents:
        if e.type != "Disease" or e.chars or id(e) in dropped:
            continue
        widened = _widened(e, rx, after)
        if widened is None:
            continue
        near = {id(o): o for i in range(widened.start, widened.end) for o in at.get(i, ())}
        inside = [
            o
            for o in near.values()
            if o is not e and not (e.span.start <= o.span.start and o.span.end <= e.span.end)
        ]
        if any(
            o.drug or o.chars or o.span.start < widened.start or o.span.end > widened.end
            for o in inside
        ):
            continue
        dropped.update(id(o) for o in inside)
        for i in range(widened.start, widened.end):
            if e not in at[i]:
                at[i].append(e)
        e.span, e.widened = widened, True
        # "allergic asthma" is not the concept asthma: an ID only where one names the whole
        e.entry = load_lexicon().mention_entry(widened.text, "Disease", e.method)
        e.concept = concept_key("Disease", e.entry, widened.text)
    return [e for e in ents if id(e) not in dropped]


def _widened(e: Ent, before: re.Pattern, after: re.Pattern) -> Span | None:
    """The mention's span grown over subtype words before it and qualifiers after it, or
    None when neither is there."""
    doc = e.span.doc
    text = doc_text(doc)
    start, end = e.span.start_char, e.span.end_char
    look = text[max(0, start - LOOK_BACK) : start]
    m = before.search(look) if e.span.start > 0 else None
    if m is not None:
        start -= len(look) - m.start()
    m = after.match(text, end)
    if m is not None:
        end = m.end()
    if (start, end) == (e.span.start_char, e.span.end_char):
        return None
    return doc.char_span(start, end)
