"""One document through every stage: raw -> clean -> doc -> mentions -> facts."""

from __future__ import annotations

from .clean import clean_text
from .extract import extract
from .facts import build_facts
from .nlp import make_nlp
from .nlp.models import resolve_model_name
from .types import DocumentResult, Entity, Mention, RawDocument

ENTITY_TYPES = {"Chemical", "Disease", "Gene"}


def process(raw: RawDocument, model: str | None = None) -> DocumentResult:
    """Run the whole pipeline on one document; failures become an error result."""
    result = DocumentResult(raw.doc_id, raw.path, "ok", chars_raw=len(raw.text))
    if raw.error:
        result.status, result.error = "error", raw.error
        return result
    try:
        _run(raw, result, model)
    except Exception as exc:  # one broken document must not stop a batch
        result.status, result.error = "error", f"{type(exc).__name__}: {exc}"
        result.entities, result.mentions, result.facts = [], [], []
    return result


def _semantic_layer(doc, ex) -> list[tuple]:
    """Chemical/Disease/Gene entities: the model-first layer when a model ran, plus the
    extraction's own entities (misspelt and code-named drugs) where they do not overlap."""
    rows = [(e.start, e.end, e.type, e.entry, e.method) for e in ex.ents]
    sem = doc.user_data.get("dm_semantic")
    if sem is not None:
        rows = sem + [r for r in rows if not any(r[0] < e and s < r[1] for s, e, *_ in sem)]
    return sorted((r for r in rows if r[2] in ENTITY_TYPES), key=lambda r: r[:2])


def _run(raw: RawDocument, result: DocumentResult, model: str | None) -> None:
    clean, _dropped = clean_text(raw.text, raw.kind)
    result.clean_text = clean.text
    result.chars_clean = len(clean.text)
    doc = make_nlp(resolve_model_name(model))(clean.text)
    ex = extract(doc)
    text = raw.text
    for start, end, etype, entry, method in _semantic_layer(doc, ex):
        start, end = clean.raw_span(start, end)
        result.entities.append(
            Entity(
                raw.doc_id,
                start,
                end,
                etype,
                text[start:end],
                entry.concept_id if entry is not None else "",
                entry.canonical if entry is not None else "",
                method,
            )
        )
    names = ex.names
    for e, label in ex.mentions:
        start, end = clean.raw_span(e.start, e.end)
        concept = e.drug or names.get(e.concept, (e.text, []))[0]
        cid = e.entry.concept_id if e.entry is not None else ""
        result.mentions.append(
            Mention(raw.doc_id, start, end, label, text[start:end], concept, cid, e.method)
        )
    result.facts = build_facts(raw.doc_id, ex, clean)
