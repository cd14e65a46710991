"""Relation rules over one sentence at a time; each returns `Link`s with provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import SentenceContext, nearest_cue, negated
from .entities import Ent, in_description, is_generic

ROLE_OF_CUE = {"indication": "treats", "adverse": "causes"}


@dataclass
class Link:
    """A drug-object relation found in one sentence."""

    drug: Ent
    relation: str
    obj: Ent
    method: str
    confidence: float
    sent: int
    negated: bool = False


def _rel(ctx: SentenceContext, ent: Ent) -> int:
    return ent.start - ctx.span.start_char


def subjects(
    ctx: SentenceContext, ents: list[Ent], last_drug: Ent | None, main_drug: Ent | None
) -> tuple[list[Ent], str]:
    """Drugs a sentence speaks about, and how they were found."""
    drugs = [e for e in ents if e.drug]
    if drugs:
        return drugs, "sentence"
    if ctx.pronoun_start and last_drug is not None:
        return [last_drug], "backref"
    if last_drug is not None:
        return [last_drug], "nearest-drug"
    if main_drug is not None:
        return [main_drug], "main-drug"
    return [], ""


def disease_role(ctx: SentenceContext, ent: Ent) -> tuple[str, str]:
    """("treats"|"causes"|"", how) for a disease mention in its sentence."""
    pos = _rel(ctx, ent)
    kind = nearest_cue(ctx, pos, ("indication", "adverse"))
    background = nearest_cue(ctx, pos, ("background", "indication", "adverse"))
    if background == "background" and _cue_before(ctx, "background", pos, 40):
        return "", "background"
    if kind:
        return ROLE_OF_CUE[kind], f"cue:{kind}"
    if ctx.list_role:
        return ROLE_OF_CUE.get(ctx.list_role, ""), f"list:{ctx.list_role}"
    if ctx.section_role in ROLE_OF_CUE:
        return ROLE_OF_CUE[ctx.section_role], f"section:{ctx.section_role}"
    return "", ""


def _cue_before(ctx: SentenceContext, kind: str, pos: int, window: int) -> bool:
    return any(e <= pos and pos - e <= window for _, e in ctx.cue_positions(kind))


def disease_links(ctx: SentenceContext, ents: list[Ent], subj: list[Ent], how: str) -> list[Link]:
    out = []
    in_sentence = [e for e in ents if e.drug]
    for ent in ents:
        if ent.type != "Disease" or is_generic(ent):
            continue
        if in_description(ctx.span.doc.text, ent):
            continue
        relation, why = disease_role(ctx, ent)
        if not relation:
            continue
        neg = negated(ctx, _rel(ctx, ent))
        drugs = subj
        if relation == "treats" and in_sentence:
            before = [d for d in in_sentence if d.start < ent.start]
            drugs = before or in_sentence
            if _combination(ctx):
                drugs = in_sentence
        conf = 0.9 if how == "sentence" and why.startswith("cue") else 0.7
        for d in drugs:
            out.append(Link(d, relation, ent, f"{why}/{how}", conf, ctx.index, neg))
    return out


def target_links(ctx: SentenceContext, ents: list[Ent], subj: list[Ent], how: str) -> list[Link]:
    if not ctx.cue_positions("target") or not subj:
        return []
    out = []
    for ent in ents:
        if ent.type != "Gene" or is_generic(ent):
            continue
        neg = negated(ctx, _rel(ctx, ent))
        for d in subj:
            out.append(Link(d, "targets", ent, f"cue:target/{how}", 0.8, ctx.index, neg))
    return out


CLASS_APPOSITION = re.compile(r",\s+(a|an)\s+$", re.I)


def class_links(ctx: SentenceContext, ents: list[Ent], subj: list[Ent], how: str) -> list[Link]:
    out = []
    for ent in ents:
        if ent.type != "DrugClass":
            continue
        pos = _rel(ctx, ent)
        before = ctx.text[:pos]
        cue = _cue_before(ctx, "class", pos, 60) or CLASS_APPOSITION.search(before[-8:] or "")
        if not cue or re.search(r"\b(other|such as|like|unlike|compared (to|with))\s+$", before):
            continue
        drugs = [d for d in subj if d.start < ent.start] if how == "sentence" else subj
        for d in drugs[-1:]:
            out.append(Link(d, "is_a", ent, f"cue:class/{how}", 0.8, ctx.index, negated(ctx, pos)))
    return out


SUCH_AS = re.compile(r"^[^.;]{0,80}?\b(such as|including|like|e\.g\.|for example|namely)\b", re.I)


def class_example_links(ctx: SentenceContext, ents: list[Ent]) -> list[Link]:
    """"kinase inhibitors such as imatinib": the named drug belongs to the class."""
    out = []
    for cls in (e for e in ents if e.type == "DrugClass"):
        m = SUCH_AS.match(ctx.span.doc.text, cls.end)
        if not m:
            continue
        after = cls.end + m.end()
        for d in (d for d in ents if d.drug and after <= d.start <= after + 60):
            out.append(Link(d, "is_a", cls, "cue:such-as", 0.7, ctx.index))
    return out


def brand_links(ctx: SentenceContext, ents: list[Ent]) -> list[Link]:
    """A brand mention names its generic; "brand name X" also links to the nearest drug."""
    out = []
    drugs = [e for e in ents if e.drug]
    for ent in drugs:
        if ent.is_brand:
            out.append(Link(ent, "brand", ent, "lexicon-brand", 0.9, ctx.index))
    return out


def _combination(ctx: SentenceContext) -> bool:
    return bool(ctx.cue_positions("combination"))


def combination_links(
    ctx: SentenceContext, ents: list[Ent], anchor: Ent | None, how: str
) -> list[Link]:
    """"A is given in combination with B": A<->B; with no A in the sentence, the drug the
    sentence refers back to."""
    if not _combination(ctx):
        return []
    drugs = [e for e in ents if e.drug]
    cue_start = ctx.cue_positions("combination")[0][0]
    partners = [d for d in drugs if _rel(ctx, d) > cue_start]
    leads = [d for d in drugs if _rel(ctx, d) < cue_start] or ([anchor] if anchor else [])
    out = []
    for a in leads[-1:]:
        for b in partners:
            if a.drug != b.drug:
                neg = negated(ctx, _rel(ctx, b))
                out.append(
                    Link(a, "combined_with", b, f"cue:combination/{how}", 0.8, ctx.index, neg)
                )
    return out
