"""Candidate (drug, condition) pairs and their feature lines for the relation model."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract.context import SentenceContext, negated
from ..extract.entities import Ent
from ..extract.rules import Link, _rel, disease_role, sign_of_effect, veto

RELATIONS = ("treats", "causes")
WINDOW = 8  # words each side of the condition
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+|[^\sa-z\d]", re.I)


@dataclass
class SentFocus:
    """Where the rules looked for the drug of one sentence."""

    subjects: list[Ent]
    how: str
    last_drug: Ent | None
    section_drug: Ent | None


@dataclass
class Pair:
    drug: Ent
    obj: Ent
    sent: int
    source: str  # sentence | subject | last | section | main
    rule: Link | None
    features: str = ""
    vetoed: bool = False  # a rule says this mention is no relation's object here


def _drugs_for(ctx_ents: list[Ent], focus: SentFocus, main: Ent | None) -> list[tuple[Ent, str]]:
    out: list[tuple[Ent, str]] = [(d, "sentence") for d in ctx_ents if d.drug]
    if out or focus.how == "class-subject":
        return out  # a sentence about a class names no drug's use (nor may the model)
    for d in focus.subjects:
        out.append((d, "subject"))
    for d, how in ((focus.last_drug, "last"), (focus.section_drug, "section"), (main, "main")):
        if d is not None:
            out.append((d, how))
    return out


def candidate_pairs(
    by_sent: dict[int, list[Ent]],
    contexts: list[SentenceContext],
    focus: dict[int, SentFocus],
    main: Ent | None,
    links: list[Link],
) -> list[Pair]:
    """One pair per (drug name, condition mention); the rule link on it where there is one."""
    rule_of = {}
    for lk in links:
        if lk.drug is not None and lk.relation in RELATIONS and not lk.negated:
            rule_of.setdefault((lk.drug.drug, lk.obj.start, lk.obj.end), lk)
    concept_rules: dict[str, set[str]] = {}
    for lk in links:
        if lk.relation in RELATIONS and not lk.negated:
            concept_rules.setdefault(lk.obj.concept, set()).add(lk.relation)
    pairs = []
    for ctx in contexts:
        ents = by_sent.get(ctx.index, [])
        conditions = [e for e in ents if e.type == "Disease"]
        if not conditions or ctx.index not in focus:
            continue
        drugs = _drugs_for(ents, focus[ctx.index], main)
        for obj in conditions:
            seen = set()
            for drug, source in drugs:
                if drug.drug in seen:
                    continue
                seen.add(drug.drug)
                rule = rule_of.get((drug.drug, obj.start, obj.end))
                pair = Pair(drug, obj, ctx.index, source, rule, vetoed=_vetoed(ctx, obj))
                pair.features = features(pair, ctx, ents, main, concept_rules)
                pairs.append(pair)
    return pairs


def _vetoed(ctx: SentenceContext, obj: Ent) -> bool:
    """Descriptions, questions, background, warning signs and negations: the rules'
    reasons for no relation, which the model may not overrule by adding one."""
    if veto(ctx, obj):
        return True
    role, why = disease_role(ctx, obj)
    if role != "treats" and sign_of_effect(ctx, obj):
        return True  # "low sodium (symptoms may include confusion)": a sign, not an effect
    return why in ("background", "warning-sign", "list:signs", "vaccine-list") or negated(
        ctx, _rel(ctx, obj)
    )


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def features(
    pair: Pair,
    ctx: SentenceContext,
    ents: list[Ent],
    main: Ent | None,
    concept_rules: dict[str, set[str]],
) -> str:
    """The pair as a line of tokens: feature names (upper case) and context words."""
    f = [f"SRC_{pair.source}", f"OBJ_{pair.obj.method}"] + (["VETO"] if pair.vetoed else [])
    if pair.rule is not None:
        f.append(f"RULE_{pair.rule.relation}")
        f += [f"METHOD_{part}" for part in pair.rule.method.split("/")]
    else:
        f.append("RULE_none")
    for rel in sorted(concept_rules.get(pair.obj.concept, ())):
        f.append(f"CONCEPT_{rel}")
    f.append(f"SECTION_{ctx.section_role or 'none'}")
    f.append(f"LIST_{ctx.list_role or 'none'}")
    is_main = main is not None and pair.drug.drug == main.drug
    flags = {"BULLET": ctx.bullet, "HEADING": ctx.heading, "PRONOUN": ctx.pronoun_start,
             "MAIN": is_main, "QUESTION": ctx.text.rstrip().endswith("?")}  # fmt: skip
    f += [name for name, on in flags.items() if on]
    rel_pos = _rel(ctx, pair.obj)
    for kind, spans in sorted(ctx.cues.items()):
        if not spans:
            continue
        before = any(s < rel_pos for s, _ in spans)
        f.append(f"CUE_{kind}_{'before' if before else 'after'}")
    n_dis = sum(1 for e in ents if e.type == "Disease")
    f.append(f"NDIS_{min(n_dis, 5)}")
    text = ctx.doc_text
    left = _words(text[max(ctx.span.start_char, pair.obj.start - 80) : pair.obj.start])[-WINDOW:]
    right = _words(text[pair.obj.end : min(ctx.span.end_char, pair.obj.end + 80)])[:WINDOW]
    f += [f"L_{w}" for w in left] + [f"R_{w}" for w in right]
    f += [f"O_{w}" for w in _words(pair.obj.text)]
    if pair.source == "sentence":
        if pair.drug.end <= pair.obj.start:
            a, b = pair.drug.end, pair.obj.start
        else:
            a, b = pair.obj.end, pair.drug.start
        between = _words(text[a:b])
        f.append(f"DIST_{min(len(between) // 3, 6)}")
        f.append("DRUG_before" if pair.drug.start < pair.obj.start else "DRUG_after")
        f += [f"B_{w}" for w in between[:12]]
    return " ".join(f)
