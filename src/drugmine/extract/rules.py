"""Relation rules over one sentence at a time; each returns `Link`s with provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..resources import expand_slots, pattern, word_set
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
    # read from the page's layout (a table row), not from a sentence: the learned relation
    # layer, which scores sentences, keeps it as it is
    layout: bool = False


NEOPLASM = re.compile(
    r"(cancers?|carcinomas?|lymphomas?|leuka?emias?|myelomas?|sarcomas?|melanomas?|tumou?rs?|"
    r"neoplasms?|blastomas?|gliomas?)$|^(CLL|CML|AML|ALL|NSCLC|SCLC|RCC|HCC|GIST|MDS|NHL)$",
    re.I,
)
COMPARATOR = re.compile(
    r"\b(compared (with|to)|versus|vs\.?|than|over|instead of|unlike)\s+$", re.I
)
# "Eye disorders" heading a label's side-effect table groups the effects below it
ORGAN_CLASS = re.compile(
    expand_slots(r"{organ_class}\b[\w ,]{0,60}\b(disorders?|infestations|complications)"), re.I
)
USE_HEAD = re.compile(r"[ \t]+" + pattern("patterns.tsv", "use_head").pattern, re.I)
STATISTIC_BEFORE = re.compile(
    r"(\d+\s*%\s+of\s+(all\s+)?$)|\b(a|an)\s+(rare|common|uncommon|aggressive|slow-growing)\s+$",
    re.I,
)
DESCRIPTIVE_BEFORE = re.compile(
    r"\b(a|an|one|the)\s+(\w+\s+){0,2}(type|form|kind|group|class)\s+of\s+$", re.I
)
# "X – an uncommon disorder in which ...", "Y means that your blood has too few ...",
# "Z, a tumour of the ...": words that define a term, not uses of the drug
DEFINITION_BEFORE = re.compile(
    r"(?:\b(?:means|is when|refers to)\b[^.;:()]*"
    r"|\s[–—-]\s+(?:a|an)\s+(?:\w+\s+){0,3}(?:condition|disease|illness|disorder|problem)\b[^.;:]*"
    r"|,\s+(?:a|an)\s+)$",
    re.I,
)
# "(low platelets), which makes bruising more likely", "gout – a painful joint swelling",
# "(TTP), a rare blood disorder": what an effect leads to or what a term is
CONSEQUENCE_BEFORE = re.compile(
    r"(?:,\s*which\s+(?:means|increases|raises|can make|may make|makes|puts)\b[^.;:()]*"
    r"|\s[–—]\s+(?:a|an)\s+(?:[\w-]+,?\s+){0,3}"
    r"|\)\s*,\s+(?:a|an)\s+(?:[\w-]+\s+){0,2})$",
    re.I,
)
NOUN_MODIFIER_AFTER = re.compile(
    r"\s+(trials?|stud(y|ies)|cohorts?|specialists?|centres?|centers?|clinics?|survivors?|"
    r"research|charit(y|ies)|foundation|society|awareness|screening|registry|nurses?|"
    r"doctors?|teams?|services?|units?|wards?|specialist|environment|microenvironment|"
    r"burden|size|shrinkage|growth|jabs?|vaccines?|vaccinations?|shots?|boosters?)\b",
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


PLURAL_PRONOUN = re.compile(
    r"^\W*(?:(?:together|combined|between them),?\s+)?"
    r"(they|these|both|these drugs|these medicines)\b",
    re.I,
)
REFERRING = re.compile(
    r"\b(the|this) (drug|medicine|medication)\b"
    r"|\bit\b(?=[^.]{0,25}\b(described|known|referred to|classed|classified|called) as\b)",
    re.I,
)
LEADING_MARKS = re.compile(r"^\W+")  # a bullet, quote or spaces before a sentence's first word
CLASS_SUBJECT = re.compile(r"^\W*((the|these|most|many|all|some|newer|other)\s+)?$", re.I)


@dataclass
class Focus:
    """Which drug the text is about at this point: for sentences that name none."""

    last_drug: Ent | None = None  # nearest earlier drug mention (pronouns, "the drug")
    last_group: list[Ent] = field(default_factory=list)  # drugs of the last drug sentence
    topic: Ent | None = None  # the drug the last sentence was about (its subject)
    section_drug: Ent | None = None  # drug named in the current section heading
    main_drug: Ent | None = None  # the document's most mentioned drug
    list_anchors: list[Ent] = field(default_factory=list)  # drugs of a list's lead-in
    regimens: dict[str, list[Ent]] = field(default_factory=dict)  # "FOLFOX" -> its drugs
    last_class: Ent | None = None  # the last class mention ("drugs in this class include")


def subjects(ctx: SentenceContext, ents: list[Ent], focus: Focus) -> tuple[list[Ent], str]:
    """Drugs a sentence speaks about, and how they were found."""
    drugs = [e for e in ents if e.drug]
    leads_with_drug = bool(drugs) and drugs[0].start - ctx.span.start_char < 8
    if "\t" in ctx.text and drugs:
        return drugs, "sentence"  # a table row names its own drugs ("... | Mainly caused by")
    if ctx.bullet and ctx.list_role and focus.list_anchors and not leads_with_drug:
        return list(focus.list_anchors), "list"
    if drugs and ctx.pronoun_start and focus.last_drug is not None and not leads_with_drug:
        return [focus.last_drug, *drugs], "sentence"  # "It belongs to ... (Brand)"
    if drugs:
        return drugs, "sentence"
    if (
        ents
        and ents[0].type == "DrugClass"
        and CLASS_SUBJECT.match(ctx.doc_text[ctx.span.start_char : ents[0].start])
    ):
        return [], "class-subject"  # "Checkpoint inhibitors are used in ...": no drug
    marks = LEADING_MARKS.match(ctx.text)
    if pattern("patterns.tsv", "other_agent").match(ctx.text, marks.end() if marks else 0):
        return [], "other-agent"  # "Alcohol can cause flushing": not the drug's effect
    if ctx.pronoun_start and focus.last_drug is not None:
        if PLURAL_PRONOUN.match(ctx.text) and len(focus.last_group) > 1:
            return list(focus.last_group), "backref"  # "They can cause ..."
        return [focus.last_drug], "backref"
    named = [n for n in focus.regimens if re.search(rf"\b{re.escape(n)}\b", ctx.text)]
    if named:
        return list(focus.regimens[named[0]]), "regimen"  # "You might have FOLFOX:"
    if focus.last_drug is not None and REFERRING.search(ctx.text):
        return [focus.last_drug], "backref"  # "This is why the medicine got its name"
    fallback = focus.section_drug or focus.main_drug
    if fallback is not None:
        return [fallback], "section-drug" if fallback is focus.section_drug else "main-drug"
    if ctx.bullet and focus.topic is not None:
        return [focus.topic], "topic"  # bullets go on about the drug the text was about
    return [], ""


def disease_role(ctx: SentenceContext, ent: Ent) -> tuple[str, str]:
    """("treats"|"causes"|"", how) for a disease mention in its sentence."""
    if ctx.bullet and ctx.list_role == "vaccine":
        return "", "vaccine-list"  # "• Yellow fever" under "Live vaccines:" names a vaccine
    pos = _rel(ctx, ent)
    kind = nearest_cue(ctx, pos, ("indication", "adverse"))
    background = nearest_cue(ctx, pos, ("background", "indication", "adverse"))
    if background == "background" and _cue_before(ctx, "background", pos, 40):
        return "", "background"
    if _cue_before(ctx, "warning", pos, 10**6):
        return "", "warning-sign"  # "Call your doctor if you develop a cough"
    if USE_HEAD.match(ctx.doc_text, ent.end):
        return "treats", "compound:use"  # "a new insomnia drug" is for insomnia
    if kind == "adverse" and _symptom_of_use(ctx, pos):
        return "treats", "cue:indication/symptom"  # "to treat reflux causing heartburn"
    if kind:
        return ROLE_OF_CUE[kind], f"cue:{kind}"
    if ctx.list_role:
        return ROLE_OF_CUE.get(ctx.list_role, ""), f"list:{ctx.list_role}"
    if ctx.section_role in ROLE_OF_CUE:
        if ctx.section_role == "adverse" and NEOPLASM.search(ent.text):
            return "", "neoplasm-needs-cue"  # a cancer is a side effect only when said so
        return ROLE_OF_CUE[ctx.section_role], f"section:{ctx.section_role}"
    return "", ""


PARTICIPLE_CAUSE = re.compile(r"\b(?:causing|(?:that|which) causes?)\b", re.I)


def _symptom_of_use(ctx: SentenceContext, pos: int) -> bool:
    """ "used to treat reflux causing heartburn": what the treated condition causes, named
    after a use cue, is a symptom treated with it, not a side effect."""
    causes = list(PARTICIPLE_CAUSE.finditer(ctx.text, 0, pos))
    if not causes or re.search(r"[.;]", ctx.text[causes[-1].end() : pos]):
        return False
    before = causes[-1].start()
    uses = [e for s, e in ctx.cue_positions("indication") if e <= before]
    adverse = [e for s, e in ctx.cue_positions("adverse") if e <= before]
    return bool(uses) and (not adverse or max(uses) > max(adverse))


def _cue_before(ctx: SentenceContext, kind: str, pos: int, window: int) -> bool:
    return any(e <= pos and pos - e <= window for _, e in ctx.cue_positions(kind))


def veto(ctx: SentenceContext, ent: Ent) -> str:
    """Why a condition mention is no relation's object in its sentence ("" if it may be)."""
    if is_generic(ent):
        return "generic"
    text = ctx.doc_text
    if ORGAN_CLASS.fullmatch(ent.text) and (ctx.heading or text[ent.end : ent.end + 1] == ":"):
        return "organ class"
    if USE_HEAD.match(text, ent.end) and not ctx.text.rstrip().endswith("?"):
        return ""  # "X, an insomnia drug": what the drug is for, not a description
    if in_description(text, ent) or NOUN_MODIFIER_AFTER.match(text, ent.end):
        return "description"
    before = text[max(0, ent.start - 40) : ent.start]
    if DESCRIPTIVE_BEFORE.search(before):
        return "description"  # "X, an uncommon kind of lymphoma": a description, not a use
    if STATISTIC_BEFORE.search(before):
        return "statistic"  # "20% of breast cancers", "a rare lymphoma that ..."
    if ctx.text.rstrip().endswith("?"):
        return "question"  # a question asserts nothing
    return ""


def sign_of_effect(ctx: SentenceContext, ent: Ent) -> bool:
    """ "(symptoms may include headache)": a sign of the named effect, no effect of its own
    (symptoms a drug treats are its uses: only side effects are vetoed with this)."""
    pos = _rel(ctx, ent)
    return any(
        e <= pos and not re.search(r"[.;]|\)\s", ctx.text[e:pos])
        for _, e in ctx.cue_positions("signs")
    )


def drop_generic_uses(links: list[Link]) -> list[Link]:
    """ "used to treat infections": too general to be a use (generic_use_terms.txt)."""
    generic = word_set("generic_use_terms.txt")
    return [
        lk
        for lk in links
        if not (lk.relation == "treats" and " ".join(lk.obj.text.lower().split()) in generic)
    ]


def disease_links(ctx: SentenceContext, ents: list[Ent], subj: list[Ent], how: str) -> list[Link]:
    if how == "other-agent":
        return []  # "Alcohol can cause nausea": neither a drug's effect nor a role
    out = []
    in_sentence = [e for e in ents if e.drug]
    for ent in ents:
        if ent.type != "Disease" or veto(ctx, ent):
            continue
        relation, why = disease_role(ctx, ent)
        if not relation or (relation == "causes" and how == "regimen"):
            continue
        pos = _rel(ctx, ent)
        if relation == "treats" and DEFINITION_BEFORE.search(ctx.text[:pos]):
            if not why.startswith("compound"):  # "X, an insomnia drug" is no definition
                continue
        if relation == "causes" and CONSEQUENCE_BEFORE.search(ctx.text[:pos]):
            continue
        if relation == "causes" and sign_of_effect(ctx, ent):
            continue
        neg = negated(ctx, pos)
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


def _combination(ctx: SentenceContext) -> bool:
    return bool(ctx.cue_positions("combination"))
