"""Relation rules over one sentence at a time; each returns `Link`s with provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .context import SentenceContext, nearest_cue, negated
from .entities import Ent, in_description, is_generic

ROLE_OF_CUE = {"indication": "treats", "adverse": "causes"}


@dataclass
class Link:
    """A drug-object relation found in one sentence."""

    drug: Ent | None  # None: the sentence gives the object its role but names no drug
    relation: str
    obj: Ent
    method: str
    confidence: float
    sent: int
    negated: bool = False


NEOPLASM = re.compile(
    r"(cancers?|carcinomas?|lymphomas?|leuka?emias?|myelomas?|sarcomas?|melanomas?|tumou?rs?|"
    r"neoplasms?|blastomas?|gliomas?)$|^(CLL|CML|AML|ALL|NSCLC|SCLC|RCC|HCC|GIST|MDS|NHL)$",
    re.I,
)
COMPARATOR = re.compile(
    r"\b(compared (with|to)|versus|vs\.?|than|over|instead of|unlike)\s+$", re.I
)
STATISTIC_BEFORE = re.compile(
    r"(\d+\s*%\s+of\s+(all\s+)?$)|\b(a|an)\s+(rare|common|uncommon|aggressive|slow-growing)\s+$",
    re.I,
)
DESCRIPTIVE_BEFORE = re.compile(
    r"\b(a|an|one)\s+(\w+\s+){0,2}(type|form|kind|group|class)\s+of\s+$", re.I
)
NOUN_MODIFIER_AFTER = re.compile(
    r"\s+(trials?|stud(y|ies)|cohorts?|specialists?|centres?|centers?|clinics?|survivors?|"
    r"research|charit(y|ies)|foundation|society|awareness|screening|registry|nurses?|"
    r"doctors?|teams?|services?|units?|wards?|specialist|environment|microenvironment|"
    r"burden|size|shrinkage|growth)\b",
    re.I,
)


def _rel(ctx: SentenceContext, ent: Ent) -> int:
    return ent.start - ctx.span.start_char


def _comparator(ctx: SentenceContext, drug: Ent) -> bool:
    before = ctx.doc_text[max(ctx.span.start_char, drug.start - 30) : drug.start]
    return bool(COMPARATOR.search(before))


COORDINATION = re.compile(r"^\s*(,|and|or|,\s*and|,\s*or|/)\s*$", re.I)


def nearest_agents(ctx: SentenceContext, drugs: list[Ent], obj: Ent) -> list[Ent]:
    """The drug just before `obj` plus drugs coordinated with it ("A and B inhibit X")."""
    before = [d for d in drugs if d.start < obj.start]
    if not before:
        return drugs
    chosen = [before[-1]]
    text = ctx.doc_text
    for prev in reversed(before[:-1]):
        if not COORDINATION.match(text[prev.end : chosen[-1].start]):
            break
        chosen.append(prev)
    return chosen


PLURAL_PRONOUN = re.compile(r"^\W*(they|these|both|these drugs|these medicines)\b", re.I)
CLASS_SUBJECT = re.compile(r"^\W*((the|these|most|many|all|some|newer|other)\s+)?$", re.I)


@dataclass
class Focus:
    """Which drug the text is about at this point: for sentences that name none."""

    last_drug: Ent | None = None  # nearest earlier drug mention (pronouns, "the drug")
    last_group: list[Ent] = field(default_factory=list)  # drugs of the last drug sentence
    topic: Ent | None = None  # the drug the last sentence was about (its subject)
    section_drug: Ent | None = None  # drug named in the current section heading
    main_drug: Ent | None = None  # the document's most mentioned drug
    list_anchor: Ent | None = None  # drug of the lead-in sentence of a bullet list


def subjects(ctx: SentenceContext, ents: list[Ent], focus: Focus) -> tuple[list[Ent], str]:
    """Drugs a sentence speaks about, and how they were found."""
    drugs = [e for e in ents if e.drug]
    leads_with_drug = bool(drugs) and drugs[0].start - ctx.span.start_char < 8
    if ctx.bullet and ctx.list_role and focus.list_anchor is not None and not leads_with_drug:
        return [focus.list_anchor], "list"
    if drugs and ctx.pronoun_start and focus.last_drug is not None and not leads_with_drug:
        return [focus.last_drug, *drugs], "sentence"  # "It belongs to ... (Brand)"
    if drugs:
        return drugs, "sentence"
    if (
        ents
        and ents[0].type == "DrugClass"
        and CLASS_SUBJECT.match(ctx.doc_text[ctx.span.start_char : ents[0].start])
    ):
        return [], ""  # "Checkpoint inhibitors are used in ...": the class is the subject
    if ctx.pronoun_start and focus.last_drug is not None:
        if PLURAL_PRONOUN.match(ctx.text) and len(focus.last_group) > 1:
            return list(focus.last_group), "backref"  # "They can cause ..."
        return [focus.last_drug], "backref"
    fallback = focus.section_drug or focus.main_drug
    if fallback is not None:
        return [fallback], "section-drug" if fallback is focus.section_drug else "main-drug"
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
        if ctx.section_role == "adverse" and NEOPLASM.search(ent.text):
            return "", "neoplasm-needs-cue"  # a cancer is a side effect only when said so
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
        text = ctx.doc_text
        if in_description(text, ent) or NOUN_MODIFIER_AFTER.match(text, ent.end):
            continue
        if DESCRIPTIVE_BEFORE.search(text[max(0, ent.start - 40) : ent.start]):
            continue  # "DFSP, a rare type of skin cancer": a description, not a use
        if STATISTIC_BEFORE.search(text[max(0, ent.start - 40) : ent.start]):
            continue  # "20% of breast cancers", "a rare lymphoma that ..."
        if ctx.text.rstrip().endswith("?"):
            continue  # a question asserts nothing
        relation, why = disease_role(ctx, ent)
        if not relation:
            continue
        neg = negated(ctx, _rel(ctx, ent))
        drugs = subj
        if relation == "causes" and how == "sentence":
            drugs = nearest_agents(ctx, subj, ent)
        if relation == "treats" and in_sentence and how == "sentence":
            named = [d for d in in_sentence if not _comparator(ctx, d)] or in_sentence
            before = [d for d in named if d.start < ent.start]
            drugs = named if _combination(ctx) else (before or named)
        conf = 0.9 if how == "sentence" and why.startswith("cue") else 0.7
        for d in drugs or [None]:
            out.append(Link(d, relation, ent, f"{why}/{how or 'role-only'}", conf, ctx.index, neg))
    return out


TARGET_ANAPHOR = re.compile(
    r"\b(these|this|those|such|the)\s+(\w+\s+)?(kinases?|proteins?|receptors?|enzymes?|"
    r"targets?|molecules?|pathways?|genes?)\b",
    re.I,
)


INDUCED = re.compile(r"^\s*-?\s*(induced|associated|related|provoked|triggered)\s+", re.I)
INDUCED_BY = re.compile(r"^\s*(induced|caused|provoked|triggered)\s+by\s+$", re.I)


def induced_links(ctx: SentenceContext, ents: list[Ent]) -> list[Link]:
    """ "cisplatin-induced nephrotoxicity", "neuropathy induced by vincristine"."""
    text = ctx.doc_text
    drugs = [e for e in ents if e.drug]
    out = []
    for ent in (e for e in ents if e.type == "Disease"):
        for d in drugs:
            if (
                d.end <= ent.start
                and INDUCED.match(text[d.end : ent.start])
                and (ent.start - d.end < 30)
            ):
                out.append(Link(d, "causes", ent, "pattern:drug-induced", 0.9, ctx.index))
            elif ent.end <= d.start and INDUCED_BY.match(text[ent.end : d.start]):
                out.append(Link(d, "causes", ent, "pattern:induced-by", 0.9, ctx.index))
    return out


def target_links(
    ctx: SentenceContext, ents: list[Ent], subj: list[Ent], how: str, previous: list[Ent] = ()
) -> list[Link]:
    """Genes in a sentence with a mechanism cue; "inhibit these kinases" reaches back one
    sentence to the genes it names."""
    if not ctx.cue_positions("target"):
        return []
    if not subj and not any(e.type == "DrugClass" for e in ents):
        return []  # a mechanism sentence needs a drug or a drug class
    out = []
    genes = [e for e in ents if e.type == "Gene"]
    if not genes and TARGET_ANAPHOR.search(ctx.text):
        ents = [e for e in previous if e.type == "Gene"]
        how = f"{how}/anaphor"
    for ent in ents:
        if ent.type != "Gene" or is_generic(ent):
            continue
        neg = negated(ctx, _rel(ctx, ent))
        agents = nearest_agents(ctx, subj, ent) if how == "sentence" and ent in genes else subj
        for d in agents or [None]:
            out.append(Link(d, "targets", ent, f"cue:target/{how}", 0.8, ctx.index, neg))
    return out


CLASS_APPOSITION = re.compile(r",\s+(a|an)\s+$", re.I)


def class_links(ctx: SentenceContext, ents: list[Ent], subj: list[Ent], how: str) -> list[Link]:
    """ "X is a kinase inhibitor", "X belongs to a class of drugs called ...", "X, a ..."."""
    if how not in ("sentence", "backref"):
        return []
    out = []
    for ent in ents:
        if ent.type != "DrugClass":
            continue
        pos = _rel(ctx, ent)
        before = ctx.text[:pos]
        cue = _cue_before(ctx, "class", pos, 60) or CLASS_APPOSITION.search(before[-8:] or "")
        if not cue or re.search(
            r"\b(other|such as|like|unlike|compared (to|with))\s+(\w+\s+){0,2}$", before
        ):
            continue
        drugs = [d for d in subj if d.start < ent.start] if how == "sentence" else subj
        for d in drugs[-1:]:
            out.append(Link(d, "is_a", ent, f"cue:class/{how}", 0.8, ctx.index, negated(ctx, pos)))
    return out


SUCH_AS = re.compile(
    r"[^.;]{0,80}?\b(such as|including|like|e\.g\.|for example|namely|together with|"
    r"along with|alongside)\b",
    re.I,
)


def class_example_links(ctx: SentenceContext, ents: list[Ent]) -> list[Link]:
    """ "kinase inhibitors such as imatinib": the named drug belongs to the class."""
    out = []
    for cls in (e for e in ents if e.type == "DrugClass"):
        m = SUCH_AS.match(ctx.doc_text, cls.end)
        if not m:
            continue
        drugs = [d for d in ents if d.drug]
        group = coordinated_after(ctx, drugs, m.end())
        if group and group[0].start - m.end() > 25:
            continue  # the examples named are not drugs ("such as corticosteroids or ...")
        for d in group:
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


EXAMPLES = re.compile(r"\b(such as|like|including|e\.g\.|for example|for instance)\b", re.I)
GROUP_GAP = re.compile(r"^\s*(,|and|plus|with|\+|/|,\s*and)\s*$", re.I)
PAREN = re.compile(r"\([^()]*\)")


def coordinated_after(ctx: SentenceContext, drugs: list[Ent], start: int) -> list[Ent]:
    """The first drug after `start` and the drugs joined to it by ",", "and", "plus"."""
    after = [d for d in drugs if d.start >= start]
    group = after[:1]
    text = ctx.doc_text
    prev_end = group[0].end if group else 0
    for d in after[1:]:
        gap = text[prev_end : d.start]
        if re.fullmatch(r"\s*\(\s*", gap):  # "folinic acid (leucovorin)": a synonym
            close = text.find(")", d.end)
            prev_end = close + 1 if close != -1 else d.end
            continue
        if not GROUP_GAP.match(PAREN.sub("", gap)):
            break
        group.append(d)
        prev_end = d.end
    return group


def pairs(group: list[Ent], ctx: SentenceContext, how: str, method: str) -> list[Link]:
    out = []
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            if a.drug != b.drug:
                neg = negated(ctx, _rel(ctx, b))
                out.append(Link(a, "combined_with", b, f"{method}/{how}", 0.8, ctx.index, neg))
    return out


def combination_links(
    ctx: SentenceContext, ents: list[Ent], anchor: Ent | None, how: str
) -> list[Link]:
    """ "A is given in combination with B and C": A, B and C are given together; with no A
    in the sentence, the drug the sentence refers back to."""
    if not _combination(ctx):
        return []
    cue_start, cue_end = ctx.cue_positions("combination")[0]
    if any(e <= cue_start for _, e in ctx.cue_positions("class")):
        return []  # "belongs to the platinum drugs, together with carboplatin": a class
    drugs = [e for e in ents if e.drug]
    partners = coordinated_after(ctx, drugs, ctx.span.start_char + cue_end)
    leads = [d for d in drugs if _rel(ctx, d) < cue_start] or ([anchor] if anchor else [])
    lead = leads[-1:]
    partners = [p for p in partners if p not in lead]
    if partners and EXAMPLES.search(
        ctx.doc_text[ctx.span.start_char + cue_end : partners[0].start]
    ):
        # "with other medicines such as A and B": alternatives, each paired with the lead only
        return [x for p in partners for x in pairs(lead + [p], ctx, how, "cue:combination")]
    return pairs(lead + partners, ctx, how, "cue:combination")


REGIMEN_NAME = re.compile(r"\b[A-Z]{1,3}-?[A-Z]{3,}[a-z]?\b|\b[A-Z][A-Za-z]?-[A-Z]{2,}\b")
REGIMEN = re.compile(r"\b[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*[A-Z]\b\s*\(([^()]{5,200})\)")


REGIMEN_DASH = re.compile(r"^\W*[A-Z][A-Za-z0-9-]{1,12}\s*[–—:-]\s+")


def regimen_links(ctx: SentenceContext, ents: list[Ent]) -> list[Link]:
    """Named parts of a regimen go together: "FOLFOX (folinic acid, fluorouracil and
    oxaliplatin)", "FOLFOX is made up of ...", "• VRd – bortezomib, lenalidomide and ..."."""
    drugs = [d for d in ents if d.drug]
    out = []
    for m in REGIMEN.finditer(ctx.text):
        s = ctx.span.start_char + m.start(1)
        e = ctx.span.start_char + m.end(1)
        group = [d for d in drugs if s <= d.start and d.end <= e]
        if len(group) >= 2:
            out += pairs(group, ctx, "sentence", "regimen")
    dash = REGIMEN_DASH.match(ctx.text)
    cues = ctx.cue_positions("regimen")
    start = dash.end() if dash else cues[0][1] if cues else None
    if start is not None:
        group = coordinated_after(ctx, drugs, ctx.span.start_char + start)
        if len(group) >= 2:
            out += pairs(group, ctx, "sentence", "regimen")
    return out


def regimen_list_links(items: list[tuple[SentenceContext, list[Ent]]]) -> list[Link]:
    """Bullets under a regimen lead-in ("R-CHOP is made up of:") name its parts."""
    group = [next(e for e in ents if e.drug) for _, ents in items if any(e.drug for e in ents)]
    if len(group) < 2:
        return []
    return pairs(group, items[0][0], "list", "regimen-list")  # sent: the first item
