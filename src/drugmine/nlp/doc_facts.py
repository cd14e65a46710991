"""The last stage: roles and facts from the entity layer, left on the Doc as plain data.

``drugmine_facts`` runs the role and relation rules (``drugmine.extract``) over the
sentences and entities earlier components found, then writes

- ``doc.spans["drugmine_mentions"]``: every mention in its role (label = role, kb_id = ID),
- ``doc.spans["drugmine_entities"]``: Chemical/Disease/Gene entities, role or not, with IDs,
- ``doc._.facts``: one :class:`DocFact` per (drug, relation, concept), with its evidence,
- ``doc._.drugmine``: the same as plain dicts and tuples (what the CLI's tables are built from).

Offsets are character offsets into ``doc.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..clean import CleanText
from ..extract import Extraction, extract
from ..extract.entities import TEXT_KEY
from ..facts import build_facts
from ..ids_induced import ground_induced, induced_ids, with_id
from ..intervals import SpanIndex
from ..learned.decide import load_relation_model
from ..role_ids import ground_roles
from ..vocab import load_lexicon
from . import extensions
from .extensions import ABBREVIATIONS, ENTITIES, MENTIONS, RESULTS_KEY, RUN_ONLY

ENTITY_TYPES = {"Chemical", "Disease", "Gene"}


@dataclass
class DocFact:
    """A fact as seen on a Doc: the table row's fields plus its spans."""

    drug: str
    relation: str
    object: str
    aliases: list[str]
    object_id: str
    drug_id: str
    confidence: float
    method: str
    evidence: Span | None
    drug_span: Span | None
    object_span: Span | None


def _span(doc: Doc, start: int, end: int, size: int) -> Span | None:
    if not 0 <= start < end <= size:
        return None
    return doc.char_span(start, end, alignment_mode="expand")


def doc_facts(doc: Doc) -> list[DocFact]:
    """``doc._.facts``: built from the plain data on every access (it is cheap)."""
    out = []
    size = len(doc.text)  # Doc.text joins every token: once, not three times per fact
    for f in extensions.results(doc).get("facts", []):
        out.append(
            DocFact(
                f["drug"],
                f["relation"],
                f["object"],
                list(f["aliases"]),
                f["object_id"],
                f["drug_id"],
                f["confidence"],
                f["method"],
                _span(doc, f["evidence_start"], f["evidence_end"], size),
                _span(doc, f["drug_start"], f["drug_end"], size),
                _span(doc, f["object_start"], f["object_end"], size),
            )
        )
    return out


def semantic_rows(doc: Doc, ex: Extraction) -> list[tuple]:
    """Chemical/Disease/Gene entities: the model-first layer when a model ran, plus the
    extraction's own entities (misspelt and code-named drugs) where they do not overlap."""
    rows = [(e.start, e.end, e.type, e.entry, e.method) for e in ex.ents]
    sem = doc.user_data.get("dm_semantic")
    if sem is not None:
        taken = SpanIndex((r[0], r[1]) for r in sem)
        rows = sem + [r for r in rows if not taken.overlaps(r[0], r[1])]
    rows = sorted((r for r in rows if r[2] in ENTITY_TYPES), key=lambda r: r[:2])
    text = doc.text
    found = induced_ids(text, [(s, e, t) for s, e, t, _, _ in rows])
    if found:
        rows = [
            (s, e, t, with_id(entry, found[(s, e)], text[s:e]) if (s, e) in found else entry, m)
            for s, e, t, entry, m in rows
        ]
    return [
        (s, e, t, entry.concept_id if entry else "", entry.canonical if entry else "", method)
        for s, e, t, entry, method in rows
    ]


def _all_ents(ex: Extraction) -> list:
    """Every entity of the extraction once: its entities, role mentions and fact sides."""
    ents = {id(e): e for e in ex.ents}
    ents.update((id(e), e) for e, _ in ex.mentions)
    for link in ex.links:
        ents[id(link.obj)] = link.obj
    return list(ents.values())


def mention_rows(ex: Extraction) -> list[tuple]:
    out = []
    for e, label in ex.mentions:
        concept = e.drug or ex.names.get(e.concept, (e.text, []))[0]
        cid = e.entry.concept_id if e.entry is not None else ""
        if e.partners and e.is_brand and label == "Drug":
            cid = ""  # a combination brand: one component's ID names only a part of it
        out.append((e.start, e.end, label, concept, cid, e.method))
    return out


def _span_group(doc: Doc, rows: list[tuple], label_at: int, id_at: int) -> list[Span]:
    spans = []
    for row in rows:
        span = doc.char_span(row[0], row[1], label=row[label_at], alignment_mode="expand")
        if span is not None:
            span.kb_id_ = row[id_at]
            spans.append(span)
    return spans


def _keep_plain_data(doc: Doc) -> None:
    """Turn run-only values (vocabulary entries, scispaCy's span-valued abbreviations)
    into span groups or drop them, so the Doc serialises."""
    shorts = []
    for short in doc._.abbreviations if Doc.has_extension("abbreviations") else []:
        long_form = short._.long_form
        if long_form is not None:
            shorts.append(Span(doc, short.start, short.end, label=long_form.text))
    doc.spans[ABBREVIATIONS] = shorts
    for key in [k for k in doc.user_data if isinstance(k, tuple) and len(k) == 4]:
        if key[0] == "._." and key[1] in RUN_ONLY:
            del doc.user_data[key]
    doc.user_data.pop("dm_semantic", None)
    doc.user_data.pop(TEXT_KEY, None)


class FactsComponent:
    """Roles, relations and facts; see the module docstring for what it writes.

    `relations` is the learned relation model ("default" = shipped, "none", or a path) and
    `relation_mode` how it is used: "rules" (ignored), "model" (it alone decides
    drug-condition links) or "both" (rule links it scores below `keep` are dropped, pairs
    the rules missed are added above `add`; links read from a table's layout
    stay). The default is "both": by 3-fold cross-validation on real-dev it ties the
    rules on facts (0.640 vs 0.643) and it keeps side effects and uses that no rule cue
    reaches (personal reports, "risks include ...") (docs/how-it-works.md)."""

    def __init__(self, relations: str = "default", relation_mode: str = "both",
                 keep: float = 0.3, add: float = 0.6) -> None:  # fmt: skip
        self.relation_model = load_relation_model(relations, relation_mode, keep, add)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data[TEXT_KEY] = doc.text  # read once for every rule
        ex = extract(doc, relation_model=self.relation_model)
        ground_roles(ex, load_lexicon())
        ground_induced(text, _all_ents(ex))
        facts = build_facts("", ex, CleanText.identity(text))
        mentions = mention_rows(ex)
        entities = semantic_rows(doc, ex)
        doc.spans[MENTIONS] = _span_group(doc, mentions, 2, 4)
        doc.spans[ENTITIES] = _span_group(doc, entities, 2, 3)
        rows = []
        for f in facts:
            row = asdict(f)
            del row["doc_id"], row["evidence"]
            rows.append(row)
        doc.user_data[RESULTS_KEY] = {"facts": rows, "mentions": mentions, "entities": entities}
        _keep_plain_data(doc)
        return doc


@Language.factory(
    "drugmine_facts",
    default_config={"relations": "default", "relation_mode": "both", "keep": 0.3, "add": 0.6},
)
def make_facts(
    nlp: Language, name: str, relations: str, relation_mode: str, keep: float, add: float
) -> FactsComponent:
    return FactsComponent(relations, relation_mode, keep, add)
