"""Roles and facts: spaCy Doc with entities -> mentions in roles and document-level facts."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..learned.pairs import SentFocus, candidate_pairs
from .brands import with_brands, with_release_names
from .cell_tables import cell_table_links
from .class_pages import class_page_links
from .code_names import fold_code_names
from .combinations import slash_groups, slash_tokens, split_combinations, spread_to_partners
from .concepts import concept_names, fold_glosses, fold_heads, name_drugs
from .context import sentence_contexts
from .drug_links import brand_links, class_example_links, class_links, this_class_links
from .entities import (
    Ent,
    build_ents,
    doc_text,
)
from .list_items import list_item_ents
from .misspellings import misspelt_drugs
from .nutrients import nutrient_drugs, without_nutrient_chemicals
from .page_drug import main_drug
from .regimen_lists import (
    close_regimen_list,
    lead_in_anchors,
    partner_treats,
    regimen_lead_in,
    regimen_treats,
)
from .regimens import REGIMEN_DASH, combination_links, regimen_links, regimen_members
from .roles import assign_roles
from .rules import (
    Focus,
    Link,
    disease_links,
    drop_generic_uses,
    induced_links,
    subjects,
)
from .subtypes import with_subtypes
from .targets import target_links


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


def extract(doc: Doc, relation_model=None, keep_pairs: bool = False) -> Extraction:
    """Roles and links of one Doc; `relation_model` (learned.decide.RelationModel) decides
    drug-condition links from the rules' candidates; `keep_pairs` keeps them (training)."""
    ents = split_combinations(doc, build_ents(doc))
    ents += slash_tokens(doc, ents)
    ents += misspelt_drugs(doc, ents)
    ents = without_nutrient_chemicals(ents, nutrient_drugs(doc, ents))
    ents = with_brands(doc, ents)
    with_release_names(ents)
    text = doc_text(doc)
    slash_groups(ents, text)
    fold_code_names(ents, text)
    name_drugs(ents)
    ents = with_subtypes(ents)  # before glosses: "HFrEF" glosses the widened name
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
            links += close_regimen_list(regimen_items, regimen_name, focus)
            regimen_items = None
        focus.regimens.update(regimen_members(ctx, sent_ents))
        if regimen_items is not None:
            regimen_items.append((ctx, sent_ents))
        links += brand_links(ctx, sent_ents)
        links += class_example_links(ctx, sent_ents)
        links += this_class_links(ctx, sent_ents, focus.last_class)
        focus.last_class = next(  # the first: "Benzodiazepines are sedatives."
            (e for e in sent_ents if e.type == "DrugClass"), focus.last_class
        )
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
        links += close_regimen_list(regimen_items, regimen_name, focus)
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
