"""One document through every stage: raw -> clean -> doc -> mentions -> facts.

The Doc stages are the spaCy pipeline of :func:`drugmine.load`; this module adds what a
batch needs around it: cleaning, and mapping the Doc's offsets back to the raw document.
"""

from __future__ import annotations

from .clean import CleanText, clean_text
from .nlp import make_nlp
from .nlp.extensions import results
from .nlp.models import resolve_model_name
from .types import DocumentResult, Entity, Fact, Mention, RawDocument

SPAN_FIELDS = (("object_start", "object_end"), ("drug_start", "drug_end"),
               ("evidence_start", "evidence_end"))  # fmt: skip


def process(raw: RawDocument, model: str | None = None) -> DocumentResult:
    """Run the whole pipeline on one document; failures become an error result."""
    result = DocumentResult(
        raw.doc_id, raw.path, "ok", chars_raw=len(raw.text), encoding=raw.encoding,
        sha256=raw.sha256,
    )  # fmt: skip
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
    clean, dropped = clean_text(raw.text, raw.kind)
    if raw.kind == "html" and not dropped and not any(c.isalnum() for c in clean.text):
        result.status, result.error = "error", "empty file (no text in the HTML)"
        return  # (a page whose only text is boilerplate stays ok, as a .txt one does)
    result.clean_text = clean.text
    result.chars_clean = len(clean.text)
    doc = make_nlp(resolve_model_name(model))(clean.text)
    data, text, doc_id = results(doc), raw.text, raw.doc_id
    for start, end, etype, cid, canonical, method in data["entities"]:
        start, end = clean.raw_span(start, end)
        if not text[start:end].strip():  # only characters cleaning wrote (a bullet)
            continue
        result.entities.append(
            Entity(doc_id, start, end, etype, text[start:end], cid, canonical, method)
        )
    for start, end, label, concept, cid, method in data["mentions"]:
        start, end = clean.raw_span(start, end)
        if not text[start:end].strip():
            continue
        result.mentions.append(
            Mention(doc_id, start, end, label, text[start:end], concept, cid, method)
        )
    result.facts = [_raw_fact(doc_id, row, clean) for row in data["facts"]]


def _raw_fact(doc_id: str, row: dict, clean: CleanText) -> Fact:
    """A Doc fact (clean offsets) as a table fact (raw offsets)."""
    fact = Fact(doc_id=doc_id, evidence=clean.text[row["evidence_start"] : row["evidence_end"]],
                **{k: v for k, v in row.items()})  # fmt: skip
    for start, end in SPAN_FIELDS:
        s, e = getattr(fact, start), getattr(fact, end)
        if 0 <= s < e:
            s, e = clean.raw_span(s, e)
            setattr(fact, start, s)
            setattr(fact, end, e)
    return fact
