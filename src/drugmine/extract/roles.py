"""Mention roles from the links: a concept linked as a use is an Indication everywhere."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..resources import word_set
from .entities import Ent, doc_text, is_generic
from .rules import Link

RELATION_LABEL = {
    "treats": "Indication",
    "causes": "AdverseEffect",
    "targets": "Target",
    "is_a": "DrugClass",
}


def assign_roles(ents: list[Ent], links: list[Link], contexts) -> list[tuple[Ent, str]]:
    """Every mention of a concept that has a role somewhere in the document gets it."""
    roles: dict[str, Counter] = defaultdict(Counter)
    negated_spans = set()
    local: dict[int, str] = {}
    for link in links:
        label = RELATION_LABEL.get(link.relation)
        if label is None:
            continue
        if link.negated:
            negated_spans.add(link.obj.start)
            continue
        roles[link.obj.concept][label] += 1
        local[link.obj.start] = label
    out = []
    for e in ents:
        if e.drug:
            out.append((e, "Drug"))
            continue
        if e.start in negated_spans and e.start not in local:
            continue
        counter = roles.get(e.concept)
        if e.type == "DrugClass":
            if " ".join(e.text.lower().split()) in word_set("treatment_types.txt"):
                if e.start in local:  # "chemotherapy" only where a drug is said to be one
                    out.append((e, "DrugClass"))
            else:  # a class of agents named as such is a mention, drug or no drug
                out.append((e, "DrugClass"))
            continue
        if not counter or is_generic(e):
            continue
        label = local.get(e.start) or counter.most_common(1)[0][0]
        if e.type == "Gene" and label != "Target":
            continue
        if e.type == "Disease" and label not in ("Indication", "AdverseEffect"):
            continue
        out.append((e, label))
    return _class_lists(ents, out)


LIST_GAP = re.compile(r"^\s*(,|;|and|or|,\s*and|,\s*or|as well as)\s*$", re.I)


def _class_lists(ents: list[Ent], chosen: list[tuple[Ent, str]]) -> list[tuple[Ent, str]]:
    """A class word listed beside a named class is one too: "checkpoint inhibitors,
    cytokines and cancer vaccines"."""
    accepted = {id(e) for e, label in chosen if label == "DrugClass"}
    classes = [e for e in ents if e.type == "DrugClass"]
    text = doc_text(classes[0].span.doc) if classes else ""
    changed = True
    while changed:
        changed = False
        for a, b in zip(classes, classes[1:], strict=False):
            if (id(a) in accepted) != (id(b) in accepted) and LIST_GAP.match(text[a.end : b.start]):
                new = b if id(a) in accepted else a
                accepted.add(id(new))
                chosen.append((new, "DrugClass"))
                changed = True
    return sorted(chosen, key=lambda x: x[0].start)
