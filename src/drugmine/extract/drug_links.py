"""Drug-to-class and brand rules: "X is a Y", "Ys such as X", "the Y X", brand mentions."""

from __future__ import annotations

import re

from ..resources import pattern
from .context import SentenceContext, negated
from .coordination import coordinated_after
from .entities import Ent
from .regimens import REGIMEN_NAME
from .rules import Link, _cue_before, _rel, nearest_agents

PLURAL_CLASS = re.compile(
    r"\b(are|were)\s+(also\s+|both\s+|all\s+)?((two|three|both)\s+)?((types?|kinds?|forms?)\s+of\s+)?$",
    re.I,
)  # "A and B are platinum drugs", "A and B are two types of targeted therapy"
CLASS_APPOSITION = re.compile(r"(,\s+|\t\s*)(a|an|another)\s+$", re.I)  # "X, a ...", a table cell
OWN_EXAMPLE = re.compile(r"\s*\(\s*[A-Za-z]")
NOT_MEMBERSHIP = re.compile(
    r"\b(other|such as|like|unlike|compared (to|with)|than|instead of|rather than)\s+"
    r"(\w+\s+){0,2}$",
    re.I,
)


INFOBOX_CLASS = re.compile(
    r"^\W*(?:drug|pharmacologic(?:al)?|therapeutic|chemical)?\s*class(?:es)?\s*(?:\(\w+\))?\s*:",
    re.I,
)


def class_links(ctx: SentenceContext, ents: list[Ent], subj: list[Ent], how: str) -> list[Link]:
    """ "X is a <class>", "X is one of a group of medicines known as <class>", "X, a ...";
    an infobox line "Drug class: <class>" names the class of the drug the page is about."""
    if INFOBOX_CLASS.match(ctx.text) and subj:
        classes = [e for e in ents if e.type == "DrugClass"]
        return [Link(subj[0], "is_a", c, f"cue:class-line/{how}", 0.8, ctx.index) for c in classes]
    if how not in ("sentence", "backref"):
        return []
    out = []
    for ent in ents:
        if ent.type != "DrugClass":
            continue
        pos = _rel(ctx, ent)
        before = ctx.text[:pos]
        plural = PLURAL_CLASS.search(before[-24:])  # "A and B are platinum drugs"
        cue = _cue_before(ctx, "class", pos, 60) or CLASS_APPOSITION.search(before[-12:] or "")
        if not (cue or plural) or NOT_MEMBERSHIP.search(before):
            continue
        if OWN_EXAMPLE.match(ctx.doc_text, ent.end):
            continue  # "a corticosteroid (dexamethasone), an antihistamine (...)": a list
        if _names_its_member(ctx, ent, subj):
            continue  # "..., or the antibody daratumumab": the class is daratumumab's
        drugs = [d for d in subj if d.start < ent.start] if how == "sentence" else subj
        if plural and how == "sentence":
            drugs = nearest_agents(ctx, drugs, ent)
        elif not plural:
            drugs = drugs[-1:]
        for d in drugs:
            out.append(Link(d, "is_a", ent, f"cue:class/{how}", 0.8, ctx.index, negated(ctx, pos)))
    return out


SUCH_AS = re.compile(
    r"[^.;]{0,80}?(?:\b(such as|including|like|for example|namely|together with|"
    r"along with|alongside|(?:that|which) (?:also )?includes?|"
    r"[—–-]\s*(?:typically|usually|often|mainly|most often))\b"
    r"|\b(e\.?g\.?)(?=[\s,:]))",  # "(eg, atorvastatin ...)", "(e.g. atorvastatin ...)"
    re.I,
)
# "ARBs include losartan, valsartan and ...": the class's members listed right after it
CLASS_INCLUDES = re.compile(r"\s+(?:also\s+)?(?:include|includes)\s*:?\s*", re.I)
# "the PARP inhibitor olaparib", "an anti-CD20 antibody, obinutuzumab or rituximab"
CLASS_BEFORE_NAME = re.compile(
    r"^\s*$|^,\s*$|^\s*(?:drugs?|medicines?|agents?)?\s*[(:]\s*$"
    r"|^\s*(?:drug\s+|medicine\s+)?(?:called|named|known as)\s+$",  # "a steroid called X"
    re.I,
)
# "platinum chemotherapy (cisplatin ...)", "three chemotherapy drugs: A, B and C"
LISTS_ITS_MEMBERS = re.compile(r"^\s*(?:drugs?|medicines?|agents?)?\s*[(:]\s*$", re.I)
ARTICLE_BEFORE = re.compile(
    r"\b(the|a|an|two|three|four|five|several|other)\s+(?:(?:other|well-known|newer|older)\s+){0,2}$",
    re.I,
)
CONTRAST_BEFORE = re.compile(
    r"\b(unlike|than|instead of|rather than|versus|vs\.?|after|before)\s+"
    r"(the|a|an)\s+$",
    re.I,
)


def _around_class(ctx: SentenceContext, cls: Ent, drugs: list[Ent]) -> tuple[str, str | None]:
    """The words just before a class mention, and the text between it and the next drug
    (None without one)."""
    text = ctx.doc_text
    before = text[max(ctx.span.start_char, cls.start - 32) : cls.start]
    nxt = next((d for d in drugs if d.start >= cls.end), None)
    return before, text[cls.end : nxt.start] if nxt is not None else None


def _names_its_member(ctx: SentenceContext, cls: Ent, drugs: list[Ent]) -> bool:
    before, gap = _around_class(ctx, cls, drugs)
    return gap is not None and gap.isspace() and bool(ARTICLE_BEFORE.search(before))


def class_example_links(ctx: SentenceContext, ents: list[Ent]) -> list[Link]:
    """ "kinase inhibitors such as imatinib", "the PARP inhibitor olaparib": the named drug
    belongs to the class."""
    out = []
    text = ctx.doc_text
    drugs = [d for d in ents if d.drug]
    for cls in (e for e in ents if e.type == "DrugClass"):
        m = SUCH_AS.match(text, cls.end) or CLASS_INCLUDES.match(text, cls.end)
        if m:
            group, _ = coordinated_after(ctx, drugs, m.end())
            gap = text[m.end() : group[0].start] if group else ""
            if len(gap) > 25 or REGIMEN_NAME.search(gap):
                continue  # the examples named are not drugs ("such as corticosteroids or ..."),
                # or a regimen is ("chemotherapy such as FOLFOX (fluorouracil, ...)")
            out += [Link(d, "is_a", cls, "cue:such-as", 0.7, ctx.index) for d in group]
            continue
        before, gap = _around_class(ctx, cls, drugs)
        if (
            gap is not None
            and CLASS_BEFORE_NAME.match(gap)
            and (ARTICLE_BEFORE.search(before) or LISTS_ITS_MEMBERS.match(gap))
            and not CONTRAST_BEFORE.search(before)
        ):
            group, _ = coordinated_after(ctx, drugs, cls.end)
            out += [Link(d, "is_a", cls, "pattern:class-apposition", 0.7, ctx.index) for d in group]
    return out


def this_class_links(ctx: SentenceContext, ents: list[Ent], prior: Ent | None) -> list[Link]:
    """ "Drugs in this class include A and B": the drugs named belong to the class the text
    was just about (the last class mention before this sentence)."""
    if prior is None or any(e.type == "DrugClass" for e in ents):
        return []
    m = pattern("patterns.tsv", "this_class").search(ctx.text)
    if m is None:
        return []
    drugs = [d for d in ents if d.drug]
    group, _ = coordinated_after(ctx, drugs, ctx.span.start_char + m.end())
    return [Link(d, "is_a", prior, "pattern:this-class", 0.7, ctx.index) for d in group]


BRAND_METHOD = {"pattern-brand": "pattern:unlisted-brand"}


def brand_links(ctx: SentenceContext, ents: list[Ent]) -> list[Link]:
    """A brand mention names its generic."""
    return [
        Link(e, "brand", e, BRAND_METHOD.get(e.method, "lexicon-brand"), 0.9, ctx.index)
        for e in ents
        if e.drug and e.is_brand
    ]
