"""Drug-to-drug and drug-to-class rules: classes, brands, combinations and regimens."""

from __future__ import annotations

import re

from ..resources import pattern
from .context import SentenceContext, negated
from .entities import Ent
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


EXAMPLES = re.compile(r"\b(such as|like|including|e\.g\.|for example|for instance)\b", re.I)
AND_GAP = r"(?:,|and|plus|with|\+|,\s*and|,\s*plus)"
OR_GAP = r"(?:or|/|,\s*or|and/or|,)"
DOSE = r"(?:(?:low|high|standard|reduced)-dose\s+|oral\s+|intravenous\s+)?"
GROUP_GAP = re.compile(rf"^\s*(?:{AND_GAP}|{OR_GAP})\s*{DOSE}$", re.I)
ALT_GAP = re.compile(r"^\s*(?:or|/|,\s*or|and/or)\s*", re.I)
CLASS_PAREN_GAP = re.compile(r"^\s*(?:,|and|plus|with)?\s*(?:[\w-]+\s+){1,3}\(\s*$", re.I)
PAREN = re.compile(r"\([^()]*\)")
SYNONYM_OPEN = re.compile(
    r"\s*\(\s*(?:(?:also|sometimes|often|usually|previously|formerly)\s+)?"
    r"(?:(?:called|known as|named|sold as|marketed as|or|aka|i\.e\.,?)\s+)?",
    re.I,
)


def coordinated_after(
    ctx: SentenceContext, drugs: list[Ent], start: int
) -> tuple[list[Ent], list[int]]:
    """The first drug after `start` and the drugs joined to it by ",", "and", "or", "plus",
    with an alternative-set id per member: "azacitidine, decitabine or cytarabine" are
    alternatives (one id), "pemetrexed and platinum chemotherapy (cisplatin or
    carboplatin)" is pemetrexed plus one of two."""
    after = [d for d in drugs if d.start >= start]
    group, gaps = after[:1], []
    text = ctx.doc_text
    prev_end = group[0].end if group else 0
    for d in after[1:]:
        gap = text[prev_end : d.start]
        if SYNONYM_OPEN.fullmatch(gap):  # "folinic acid (leucovorin)": a synonym
            close = text.find(")", d.end)
            prev_end = close + 1 if close != -1 else d.end
            continue
        plain = PAREN.sub("", gap).replace(")", "")
        if not (GROUP_GAP.match(plain) or CLASS_PAREN_GAP.match(gap)):
            break
        group.append(d)
        gaps.append(gap)
        prev_end = d.end
    return group, _alternative_ids(gaps)


def _alternative_ids(gaps: list[str]) -> list[int]:
    """Runs joined by commas/"or" whose last joint is "or" share one id."""
    ids = [0]
    run = [0]
    for i, gap in enumerate(gaps, 1):
        plain = PAREN.sub("", gap).replace(")", "")
        comma = re.fullmatch(r"\s*,\s*", plain) is not None
        if ALT_GAP.match(plain) or comma:
            run.append(i)
            ids.append(ids[-1] if not comma else i)
            if not comma:  # an "or" closes the run: every member before it is an alternative
                for j in run:
                    ids[j] = ids[run[0]]
        else:
            run = [i]
            ids.append(i)
    return ids


def pairs(
    group: list[Ent], ctx: SentenceContext, how: str, method: str, alt: list[int] | None = None
) -> list[Link]:
    out = []
    for i, a in enumerate(group):
        for j in range(i + 1, len(group)):
            b = group[j]
            if a.drug == b.drug or (alt is not None and alt[i] == alt[j]):
                continue
            neg = negated(ctx, _rel(ctx, b))
            out.append(Link(a, "combined_with", b, f"{method}/{how}", 0.8, ctx.index, neg))
    return out


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
