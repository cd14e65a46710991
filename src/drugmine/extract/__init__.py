"""Roles and facts: spaCy Doc with entities -> mentions in roles and document-level facts."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..learned.pairs import SentFocus, candidate_pairs
from ..resources import word_set
from .brands import with_brands, with_release_names
from .cell_tables import cell_table_links
from .class_pages import class_page_links
from .combinations import slash_groups, slash_tokens, split_combinations, spread_to_partners
from .concepts import concept_names, fold_glosses, fold_heads, name_drugs
from .context import sentence_contexts
from .drug_links import (
    REGIMEN_DASH,
    REGIMEN_NAME,
    brand_links,
    class_example_links,
    class_links,
    combination_links,
    coordinated_after,
    regimen_links,
    regimen_list_links,
    regimen_members,
)
from .entities import (
    Ent,
    build_ents,
    doc_text,
    fold_code_names,
    is_generic,
    misspelt_drugs,
)
from .list_items import list_item_ents
from .nutrients import nutrient_drugs
from .rules import (
    Focus,
    Link,
    disease_links,
    drop_generic_uses,
    induced_links,
    subjects,
    target_links,
)

RELATION_LABEL = {
    "treats": "Indication",
    "causes": "AdverseEffect",
    "targets": "Target",
    "is_a": "DrugClass",
}


@dataclass
class Extraction:
    """Clean-offset results of one document."""

    ents: list[Ent]
    links: list[Link]
    mentions: list[tuple[Ent, str]]  # (entity, role label)
    names: dict[str, tuple[str, list[str]]]
    sentences: list[str] = field(default_factory=list)
    sentence_spans: list[tuple[int, int]] = field(default_factory=list)  # stripped, clean offsets
    pairs: list = field(default_factory=list)  # learned.pairs.Pair, kept for training only


def _assign_sentences(doc: Doc, ents: list[Ent]) -> None:
    starts = [s.start for s in doc.sents]
    for e in ents:
        e.sent = bisect.bisect_right(starts, e.span.start) - 1


def _without_nutrient_chemicals(ents: list[Ent], nutrients: list[Ent]) -> list[Ent]:
    """A nutrient taken as a drug replaces the nameless chemical entity at its place."""
    places = {(n.start, n.end) for n in nutrients}
    return [e for e in ents if (e.start, e.end) not in places] + nutrients


def main_drug(ents: list[Ent]) -> Ent | None:
    """The drug a page is about: named in its first line, else named at least 3 times."""
    drugs = [e for e in ents if e.drug]
    if not drugs:
        return None
    text = doc_text(drugs[0].span.doc)
    first_line_end = text.find("\n") if "\n" in text else len(text)
    counts = Counter(e.drug for e in drugs)
    first: dict[str, int] = {}  # drug -> where the page first names it
    for e in drugs:
        first[e.drug] = min(first.get(e.drug, e.start), e.start)
    best = max(counts, key=lambda d: (counts[d], -first[d]))
    titled = [e for e in drugs if e.start < first_line_end]
    if titled:
        return _as_product(titled[0], drugs)
    if counts[best] < 3:
        return None
    return _as_product(next(e for e in drugs if e.drug == best), drugs)


def _as_product(main: Ent, drugs: list[Ent]) -> Ent:
    """A page mostly naming the main drug as part of a product ("A/B", its brand) is about
    the product: its mention with partners, so page-level links reach each component."""
    same = [e for e in drugs if e.drug == main.drug]
    product = [e for e in same if e.partners]
    return product[0] if product and 2 * len(product) >= len(same) else main


def extract(doc: Doc, relation_model=None, keep_pairs: bool = False) -> Extraction:
    """Roles and links of one Doc; `relation_model` (learned.decide.RelationModel) decides
    drug-condition links from the rules' candidates; `keep_pairs` keeps them (training)."""
    ents = split_combinations(doc, build_ents(doc))
    ents += slash_tokens(doc, ents)
    ents += misspelt_drugs(doc, ents)
    ents = _without_nutrient_chemicals(ents, nutrient_drugs(doc, ents))
    ents = with_brands(doc, ents)
    with_release_names(ents)
    text = doc_text(doc)
    slash_groups(ents, text)
    fold_code_names(ents, text)
    name_drugs(ents)
    ents.sort(key=lambda e: e.start)
    _assign_sentences(doc, ents)
    fold_glosses(text, ents)
    fold_heads(ents)
    contexts = sentence_contexts(doc)
    all_ents = ents
    # statistical-model-only entities feed the semantic layer (entities.csv); roles and
    # facts come from vocabulary/pattern entities, which measured better on the dev set
    ents = [e for e in ents if e.method != "model"]
    by_sent: dict[int, list[Ent]] = defaultdict(list)
    for e in ents:
        by_sent[e.sent].append(e)
    listed = list_item_ents(doc, contexts, by_sent)
    for e in listed:
        by_sent[e.sent].append(e)
        by_sent[e.sent].sort(key=lambda x: x.start)
    ents = sorted(ents + listed, key=lambda e: e.start)
    all_ents = sorted(all_ents + listed, key=lambda e: e.start)
    focus = Focus(main_drug=main_drug(ents))
    sent_focus: dict[int, SentFocus] = {}
    links: list[Link] = []
    regimen_items: list | None = None  # bullets under a regimen lead-in
    regimen_name = ""
    lead_in = -1  # index of the lead-in sentence of the current list
    lead_of: dict[int, int] = {}  # bullet sentence -> its list's lead-in
    for ctx in contexts:
        if ctx.bullet and lead_in >= 0:
            lead_of[ctx.index] = lead_in
        sent_ents = by_sent.get(ctx.index, [])
        drugs = [e for e in sent_ents if e.drug]
        if ctx.heading:
            focus.section_drug = drugs[0] if drugs else None
        subj, how = subjects(ctx, sent_ents, focus)
        sent_focus[ctx.index] = SentFocus(list(subj), how, focus.last_drug, focus.section_drug)
        if regimen_items is not None and not (ctx.bullet or REGIMEN_DASH.match(ctx.text)):
            links += _close_regimen_list(regimen_items, regimen_name, focus)
            regimen_items = None
        focus.regimens.update(regimen_members(ctx, sent_ents))
        if regimen_items is not None:
            regimen_items.append((ctx, sent_ents))
        links += brand_links(ctx, sent_ents)
        links += class_example_links(ctx, sent_ents)
        links += regimen_links(ctx, sent_ents)
        links += induced_links(ctx, sent_ents)
        links += disease_links(ctx, sent_ents, subj, how)
        links += target_links(ctx, sent_ents, subj, how, by_sent.get(ctx.index - 1, []))
        if subj:
            links += class_links(ctx, sent_ents, subj, how)
            anchor = subj[0] if how in ("list", "backref") else focus.topic or focus.last_drug
            if ctx.bullet and focus.list_anchors and how == "sentence":
                anchor = focus.list_anchors[0]  # "It's used: • together with A and B"
            links += combination_links(ctx, sent_ents, anchor, how)
        if drugs:
            focus.last_drug = drugs[-1]
            focus.last_group = drugs
        if subj and how in ("sentence", "backref", "list"):
            focus.topic = subj[0]
        if not ctx.bullet and ctx.text.rstrip().endswith(":"):
            focus.list_anchors = lead_in_anchors(ctx, drugs, subj, focus)
            lead_in = ctx.index
            name = regimen_lead_in(ctx, contexts)
            if name is not None:
                regimen_items, regimen_name = [], name
        elif not ctx.bullet and not ctx.heading and ctx.text.strip():
            focus.list_anchors, lead_in = [], -1  # a paragraph ends the list
    if regimen_items:
        links += _close_regimen_list(regimen_items, regimen_name, focus)
    for link in links:
        ctx = contexts[link.sent]
        if ctx.cue_positions("withdrawn") and link.relation != "brand":
            link.negated = True  # "was approved with X for Y, but the approval was withdrawn"
        if ctx.cue_positions("interaction") and link.relation in ("combined_with", "causes"):
            link.negated = True  # "taking A with B raises the risk of X": an interaction
    links += class_page_links(contexts, by_sent)
    links = _with_cell_tables(text, ents, contexts, links)
    links += spread_to_partners(links)
    _advice_is_no_use(links, contexts)
    links += regimen_treats(links, lead_of, contexts)
    links += partner_treats(links, focus.main_drug)
    pairs = []
    if relation_model is not None or keep_pairs:
        pairs = candidate_pairs(by_sent, contexts, sent_focus, focus.main_drug, links)
    if relation_model is not None:
        links = relation_model.decide(pairs, links)
    links = drop_generic_uses(links)
    mentions = assign_roles(ents, links, contexts)
    names = concept_names([e for e in ents if not e.drug])
    spans = [_stripped(c.span.start_char, c.text) for c in contexts]
    out = Extraction(all_ents, links, mentions, names, [c.text for c in contexts], spans)
    out.pairs = pairs if keep_pairs else []
    return out


def _with_cell_tables(text: str, ents: list[Ent], contexts, links: list[Link]) -> list[Link]:
    """A flattened table's links replace what the sentence rules read into its cells."""
    table_links, places = cell_table_links(text, ents, contexts)
    if not places:
        return links

    def in_table(lk: Link) -> bool:
        return any(s <= lk.obj.start < e for s, e in places)

    kept = [lk for lk in links if lk.relation not in ("treats", "causes") or not in_table(lk)]
    return kept + table_links


def _stripped(start: int, text: str) -> tuple[int, int]:
    """Offsets of a sentence without its surrounding whitespace."""
    lead = len(text) - len(text.lstrip())
    return start + lead, start + max(lead, len(text.rstrip()))


def _advice_is_no_use(links: list[Link], contexts) -> None:
    """ "Regorafenib often causes a rash ... To help prevent the rash:": preventing what the
    drug causes is advice, not a use (the treats link is negated in place)."""
    caused = {
        (lk.drug.drug, lk.obj.concept)
        for lk in links
        if lk.relation == "causes" and not lk.negated and lk.drug is not None
    }
    for lk in links:
        if lk.relation != "treats" or lk.drug is None:
            continue
        ctx = contexts[lk.sent]
        pos = lk.obj.start - ctx.span.start_char
        prevented = any(e <= pos for _, e in ctx.cue_positions("prevention"))
        if prevented and (lk.drug.drug, lk.obj.concept) in caused:
            lk.negated = True


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


def _close_regimen_list(items, name: str, focus: Focus) -> list[Link]:
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
