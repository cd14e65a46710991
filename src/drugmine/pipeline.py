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


def _run(raw: RawDocument, result: DocumentResult, model: str | None) -> None:
    clean, _dropped = clean_text(raw.text, raw.kind)
    result.clean_text = clean.text
    result.chars_clean = len(clean.text)
    doc = make_nlp(resolve_model_name(model))(clean.text)
    ex = extract(doc)
    text = raw.text
    for e in ex.ents:
        start, end = clean.raw_span(e.start, e.end)
        etype = "Chemical" if e.type == "Chemical" else e.type
        if etype in ENTITY_TYPES:
            cid = e.entry.concept_id if e.entry is not None else ""
            result.entities.append(
                Entity(
                    raw.doc_id,
                    start,
                    end,
                    etype,
                    text[start:end],
                    cid,
                    e.entry.canonical if e.entry else "",
                    e.method,
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
