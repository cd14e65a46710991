"""Lists under a lead-in: regimen bullets, the anchors of a list, uses shared by partners."""

from __future__ import annotations

import re
from collections import defaultdict

from .coordination import coordinated_after
from .entities import Ent
from .regimens import REGIMEN_NAME, regimen_list_links
from .rules import Focus, Link


def lead_in_anchors(ctx, drugs: list[Ent], subj: list[Ent], focus: Focus) -> list[Ent]:
    """Drugs a bullet list under this lead-in speaks about: "Side effects of both A and
    B include:" -> A and B; no drug named -> the sentence's subjects."""
    if drugs:
        group, _ = coordinated_after(ctx, drugs, drugs[0].start)
        return group
    if subj:
        return subj
    return [focus.last_drug] if focus.last_drug is not None else []


LETTERS = re.compile(r"\b(name|letters?|stands?|initials|abbreviation)\b", re.I)


def regimen_lead_in(ctx, contexts) -> str | None:
    """The regimen whose parts the bullets below name: "XY-Z consists of:", or a regimen
    named as a combination in the sentence before ("ABC combines three medicines. Its
    letters stand for:")."""
    here = REGIMEN_NAME.search(ctx.text)
    if ctx.cue_positions("regimen") or here:
        return here.group() if here else ""
    prev = contexts[ctx.index - 1] if ctx.index > 0 else None
    if prev is not None and not prev.bullet:
        name = REGIMEN_NAME.search(prev.text)
        cued = prev.cue_positions("regimen") or prev.cue_positions("combination")
        about = name and (name.start() < 12 or LETTERS.search(ctx.text))
        if name and cued and about:  # not "... such as FOLFOX. The list has grown to include:"
            return name.group()
    return None


def close_regimen_list(items, name: str, focus: Focus) -> list[Link]:
    links = regimen_list_links(items)
    if name and links:
        members = {id(lk.drug): lk.drug for lk in links} | {id(lk.obj): lk.obj for lk in links}
        focus.regimens[name] = sorted(members.values(), key=lambda e: e.start)
    return links


def regimen_treats(links: list[Link], lead_of: dict[int, int], contexts) -> list[Link]:
    """ "A combination given for a condition: every named drug treats it" (ANNOTATION.md):
    parts of a regimen treat what the regimen's lead-in or line says it treats, and drugs
    combined in a sentence (or in a bullet under "X is approved for NSCLC. It is used:")
    treat what that sentence (or the lead-in) says one of them treats."""
    out = []
    treats = [lk for lk in links if lk.relation == "treats" and not lk.negated]
    treats_in: dict[int, list[int]] = defaultdict(list)  # sentence -> indices into treats
    for i, t in enumerate(treats):
        treats_in[t.sent].append(i)
    for lk in links:
        if lk.relation != "combined_with" or lk.negated:
            continue
        pair = {lk.drug.drug, lk.obj.drug}
        lead_in = _lead_in_span(lead_of.get(lk.sent), contexts)
        # only treats links in this sentence, the one before or the lead-in can apply
        near = {lk.sent - 1, lk.sent, *lead_in}
        for t in [treats[i] for i in sorted(i for s in near for i in treats_in.get(s, []))]:
            partner = t.drug is not None and t.drug.drug in pair
            if lk.method.startswith("regimen") and lk.sent - 1 <= t.sent <= lk.sent:
                method = "regimen-treats"
            elif partner and t.sent == lk.sent:
                method = "combination-treats"  # "for RCC, together with interferon alfa"
            elif partner and t.sent in lead_in:
                method = "combination-treats/lead-in"
            else:
                continue
            for d in (lk.drug, lk.obj):
                out.append(Link(d, "treats", t.obj, method, 0.6, lk.sent))
    return out


def _lead_in_span(lead: int | None, contexts) -> tuple[int, ...]:
    """The lead-in sentence, and the one before when the lead-in is a bare "It's used:"."""
    if lead is None:
        return ()
    ctx = contexts[lead]
    bare = ctx.pronoun_start and len(ctx.text.split()) <= 5
    if (bare or ctx.cue_positions("indication")) and lead > 0:
        return (lead - 1, lead)
    return (lead,)


def partner_treats(links: list[Link], main: Ent | None) -> list[Link]:
    """A page about one drug for one condition: what the drug is given with is given for
    that condition too ("Carfilzomib treats myeloma ... KRd - carfilzomib, lenalidomide and
    dexamethasone")."""
    if main is None:
        return []
    treats = [
        lk
        for lk in links
        if lk.relation == "treats"
        and not lk.negated
        and lk.drug is not None
        and lk.drug.drug == main.drug
    ]
    if len({lk.obj.concept for lk in treats}) != 1:
        return []
    target = treats[0]
    out = []
    for lk in links:
        if (
            lk.relation != "combined_with"
            or lk.negated
            or main.drug not in (lk.drug.drug, lk.obj.drug)
        ):
            continue
        partner = lk.obj if lk.drug.drug == main.drug else lk.drug
        out.append(Link(partner, "treats", target.obj, "main-drug-partner", 0.5, lk.sent))
    return out
