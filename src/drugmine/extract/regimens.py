"""Combinations and regimens: "A is given with B", "FOLFOX (A, B and C)", "R-CHOP is made
up of ...": the drugs given together."""

from __future__ import annotations

import re

from .context import SentenceContext
from .coordination import EXAMPLES, coordinated_after, pairs
from .entities import Ent
from .rules import Link, _rel

REGIMEN_NAME = re.compile(r"\b[A-Z]{1,3}-?[A-Z]{3,}[a-z]?\b|\b[A-Z][A-Za-z]?-[A-Z]{2,}\b")
REGIMEN = re.compile(r"\b[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*[A-Z]\b\s*\(([^()]{5,200})\)")
REGIMEN_DASH = re.compile(r"^\W*[A-Z][A-Za-z0-9-]{0,12}\s*[–—:-]\s+")


def _regimen_parts(ctx: SentenceContext, drugs: list[Ent], after: int = 0) -> list[list[Ent]]:
    """Drugs named inside each "NAME (a, b and c)" of the sentence, from `after` on."""
    out = []
    for m in REGIMEN.finditer(ctx.text, after):
        s = ctx.span.start_char + m.start(1)
        e = ctx.span.start_char + m.end(1)
        group = [d for d in drugs if s <= d.start and d.end <= e]
        if len(group) >= 2:
            out.append(group)
    return out


def regimen_members(ctx: SentenceContext, ents: list[Ent]) -> dict[str, list[Ent]]:
    """Regimens the sentence defines: "FOLFOX (folinic acid, fluorouracil, oxaliplatin)",
    "R-CHOP is made up of rituximab, ...": name -> its drugs."""
    drugs = [d for d in ents if d.drug]
    out = {}
    for m in REGIMEN.finditer(ctx.text):
        s = ctx.span.start_char + m.start(1)
        e = ctx.span.start_char + m.end(1)
        group = [d for d in drugs if s <= d.start and d.end <= e]
        if len(group) >= 2:
            out[m.group().split("(")[0].strip()] = group
    cues = ctx.cue_positions("regimen")
    name = REGIMEN_NAME.search(ctx.text)
    if cues and name and name.end() <= cues[0][0]:
        group, _ = coordinated_after(ctx, drugs, ctx.span.start_char + cues[0][1])
        if len(group) >= 2:
            out[name.group()] = group
    return out


def regimen_links(ctx: SentenceContext, ents: list[Ent]) -> list[Link]:
    """Named parts of a regimen go together: "FOLFOX (folinic acid, fluorouracil and
    oxaliplatin)", "FOLFOX is made up of ...", "• VRd – bortezomib, lenalidomide and ..."."""
    drugs = [d for d in ents if d.drug]
    out = []
    for group in _regimen_parts(ctx, drugs):
        out += pairs(group, ctx, "sentence", "regimen")
    dash = REGIMEN_DASH.match(ctx.text)
    cues = ctx.cue_positions("regimen")
    start = dash.end() if dash else cues[0][1] if cues else None
    if start is not None:
        group, alt = coordinated_after(ctx, drugs, ctx.span.start_char + start)
        if len(group) >= 2:
            out += pairs(group, ctx, "sentence", "regimen", alt)
    return out


def regimen_list_links(items: list[tuple[SentenceContext, list[Ent]]]) -> list[Link]:
    """Bullets under a regimen lead-in ("R-CHOP is made up of:") name its parts."""
    group = [next(e for e in ents if e.drug) for _, ents in items if any(e.drug for e in ents)]
    if len(group) < 2:
        return []
    return pairs(group, items[0][0], "list", "regimen-list")  # sent: the first item


def combination_links(
    ctx: SentenceContext, ents: list[Ent], anchor: Ent | None, how: str
) -> list[Link]:
    """ "A is given in combination with B and C": A, B and C are given together; with no A
    in the sentence, the drug the sentence refers back to."""
    drugs = [e for e in ents if e.drug]
    cue = _combination_cue(ctx, drugs)
    if cue is None:
        return []
    cue_start, cue_end = cue
    classes = [_rel(ctx, c) for c in ents if c.type == "DrugClass"]
    if any(e <= c < cue_start for _, e in ctx.cue_positions("class") for c in classes):
        return []  # "belongs to the platinum drugs, together with carboplatin": a class
    partners, alt = coordinated_after(ctx, drugs, ctx.span.start_char + cue_end)
    before = [d for d in drugs if _rel(ctx, d) < cue_start]
    if not partners and len(before) >= 2:
        # "A, B and C are given together": the group before the cue
        group, alt = coordinated_after(ctx, before, before[0].start)
        return pairs(group, ctx, how, "cue:combination", alt)
    leads = before or ([anchor] if anchor else [])
    lead = leads[-1:]
    keep = [i for i, p in enumerate(partners) if p not in lead]
    partners, alt = [partners[i] for i in keep], [alt[i] for i in keep]
    out = []
    for parts in _regimen_parts(ctx, drugs, cue_end):
        out += [
            x for p in parts if p not in lead for x in pairs([*lead, p], ctx, how, "cue:regimen")
        ]
    if partners and EXAMPLES.search(
        ctx.doc_text[ctx.span.start_char + cue_end : partners[0].start]
    ):
        # "with other medicines such as A and B": alternatives, each paired with the lead only
        return out + [x for p in partners for x in pairs(lead + [p], ctx, how, "cue:combination")]
    return out + pairs(lead + partners, ctx, how, "cue:combination", [-1] * len(lead) + alt)


DRUG_WITH_DRUG = re.compile(r"\s+(?:with|plus|\+)\s+", re.I)


def _combination_cue(ctx: SentenceContext, drugs: list[Ent]) -> tuple[int, int] | None:
    """The first combination cue; ", with X" counts only when a drug follows at once."""
    strong = ctx.cue_positions("combination")
    if strong:
        return strong[0]
    text = ctx.doc_text
    for a, b in zip(drugs, drugs[1:], strict=False):
        joint = DRUG_WITH_DRUG.fullmatch(text, a.end, b.start)
        if joint:  # "Gemcitabine with cisplatin for bladder cancer"
            return a.end - ctx.span.start_char, b.start - ctx.span.start_char
    for s, e in ctx.cue_positions("combination_weak"):
        at = ctx.span.start_char + e
        if any(0 <= d.start - at <= 2 for d in drugs):
            return s, e
    return None
