"""`drugmine bench`: the real pipeline on public corpora, scored per type and per relation.

Entity types are scored on the semantic layer (entities.csv rows) except TAC 2017, whose
gold marks adverse reactions in label sections: there our Disease entities and our
AdverseEffect mentions are both scored against them. Relations:
BC5CDR CID (document level, MeSH ID pairs from our `causes` facts), ADE (sentence-level
drug/effect pairs from `causes`), ChemProt CPR:4 (chemical/gene pairs from `targets`).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..pipeline import process
from ..types import DocumentResult, RawDocument
from ..vocab import load_lexicon
from .corpora import CorpusDoc, corpus_docs
from .scoring import Counts, Span, match_spans, norm

CORPORA = ("bc5cdr", "ncbi_disease", "ade", "tac2017", "chemprot")
TYPES = {
    "bc5cdr": ("Chemical", "Disease"),
    "ncbi_disease": ("Disease",),
    "ade": ("Chemical", "Disease"),
    "tac2017": ("AdverseReaction",),
    "chemprot": ("Chemical", "Gene"),
}


def _pred_spans(name: str, doc: CorpusDoc, result: DocumentResult) -> list[Span]:
    if name == "tac2017":
        spans = [
            Span(doc.doc_id, "AdverseReaction", e.start, e.end)
            for e in result.entities
            if e.type == "Disease"
        ]
        spans += [
            Span(doc.doc_id, "AdverseReaction[mention]", m.start, m.end)
            for m in result.mentions
            if m.label == "AdverseEffect"
        ]
        return spans
    return [Span(doc.doc_id, e.type, e.start, e.end) for e in result.entities]


def _gold_spans(name: str, doc: CorpusDoc) -> list[Span]:
    spans = [Span(doc.doc_id, e.type, e.start, e.end) for e in doc.entities]
    if name == "tac2017":
        spans += [
            Span(doc.doc_id, "AdverseReaction[mention]", e.start, e.end) for e in doc.entities
        ]
    return spans


def _score_spans(name: str, gold: list[Span], pred: list[Span]) -> list[dict]:
    types = list(TYPES[name]) + (["AdverseReaction[mention]"] if name == "tac2017" else [])
    rows = []
    for matching in ("strict", "lenient"):
        for t in types:
            g = [s for s in gold if s.label == t]
            p = [s for s in pred if s.label == t]
            pairs, fn, fp = match_spans(g, p, matching == "lenient")
            rows.append(
                {
                    "level": "entity",
                    "name": t,
                    "matching": matching,
                    **Counts(len(pairs), len(fp), len(fn)).row(),
                }
            )
    return rows


def _split_ids(cid: str) -> set[str]:
    return {p for p in re.split(r"[|+]", cid) if p}


def _doc_ids(doc: CorpusDoc, result: DocumentResult, etype: str) -> Counts:
    """Document-level ID match (the BC5CDR normalisation measure): the set of the document's
    gold IDs of one type against the MeSH IDs of our entities of that type, an entity's ID
    being its concept_id or xrefs (MeSH), the one among the gold IDs if any."""
    gold = set().union(*(_split_ids(e.concept_id) for e in doc.entities if e.type == etype))
    lex = load_lexicon()
    pred = set()
    for e in result.entities:
        if e.type != etype or not e.concept_id:
            continue
        ids = f"{e.concept_id}|{lex.xrefs_of(e.concept_id)}".split("|")
        ids = [i for i in ids if i.startswith(("MESH:", "OMIM:"))]
        if ids:
            pred.add(next((i for i in ids if i in gold), ids[0]))
    return Counts(len(gold & pred), len(pred - gold), len(gold - pred))


def _grounding(doc: CorpusDoc) -> dict[str, str]:
    """Normalised mention text -> MeSH ID, from the document's own gold mentions."""
    return {norm(e.text): e.concept_id for e in doc.entities if e.concept_id}


def _cid_pairs(result: DocumentResult, doc: CorpusDoc) -> set[tuple[str, str]]:
    """(chemical, disease) MeSH pairs of our `causes` facts. Our drug IDs are DrugBank IDs,
    so both sides are grounded by name through the document's gold mention strings (the
    usual relation-only setting); a disease keeps our own MeSH ID when it has one."""
    ground = _grounding(doc)
    pairs = set()
    for f in result.facts:
        if f.relation != "causes":
            continue
        chem = ground.get(norm(doc.text[f.drug_start : f.drug_end])) or ground.get(norm(f.drug))
        dis = ground.get(norm(doc.text[f.object_start : f.object_end])) or (
            f.object_id if f.object_id.startswith("MESH:") else ""
        )
        for c in (chem or "").split("|"):
            for d in (dis or "").split("|"):
                if c and d:
                    pairs.add((c, d))
    return pairs


def _surface_pairs(result: DocumentResult, text: str, relation: str) -> set[tuple[str, str]]:
    return {
        (norm(text[f.drug_start : f.drug_end]), norm(text[f.object_start : f.object_end]))
        for f in result.facts
        if f.relation == relation
    }


def _pair_match(gold: set[tuple[str, str]], pred: set[tuple[str, str]]) -> Counts:
    """Lenient pair match: each side equal or one contains the other."""

    def same(a: str, b: str) -> bool:
        return bool(a) and bool(b) and (a == b or a in b or b in a)

    used: set[tuple[str, str]] = set()
    tp = 0
    for g in gold:
        hit = next(
            (p for p in pred if p not in used and same(g[0], p[0]) and same(g[1], p[1])), None
        )
        if hit is not None:
            used.add(hit)
            tp += 1
    return Counts(tp, len(pred) - tp, len(gold) - tp)


def _relation_counts(name: str, doc: CorpusDoc, result: DocumentResult) -> Counts | None:
    if name == "bc5cdr":
        gold = {(c, d) for rel, c, d in doc.relations if rel == "CID"}
        pred = _cid_pairs(result, doc)
        return Counts(len(gold & pred), len(pred - gold), len(gold - pred))
    if name == "ade":
        gold = {(norm(d), norm(a)) for _, d, a in doc.relations}
        return _pair_match(gold, _surface_pairs(result, doc.text, "causes"))
    if name == "chemprot":
        ents = doc.entities
        gold = {
            (norm(ents[c].text), norm(ents[g].text))
            for grp, c, g in doc.relations
            if grp == "CPR:4"
        }
        return _pair_match(gold, _surface_pairs(result, doc.text, "targets"))
    return None


ID_TYPES = {"bc5cdr": ("Chemical", "Disease"), "ncbi_disease": ("Disease",)}

RELATION_NAME = {
    "bc5cdr": "CID (causes, grounded MeSH)",
    "ade": "ADE pairs (causes)",
    "chemprot": "CPR:4 (targets)",
}


def run_bench(
    name: str,
    path: Path,
    split: str,
    limit: int | None = None,
    model: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Score the pipeline on one corpus split; returns rows plus run statistics."""
    docs = corpus_docs(name, path, split)
    if limit:
        docs = docs[:limit]
    gold: list[Span] = []
    pred: list[Span] = []
    rel = Counts()
    id_counts = {t: Counts() for t in ID_TYPES.get(name, ())}
    words = 0
    start = time.perf_counter()
    for doc in docs:
        result = process(RawDocument(doc.doc_id, "", doc.text, "text"), model=model)
        gold += _gold_spans(name, doc)
        pred += _pred_spans(name, doc, result)
        c = _relation_counts(name, doc, result)
        if c is not None:
            rel.tp, rel.fp, rel.fn = rel.tp + c.tp, rel.fp + c.fp, rel.fn + c.fn
        for t, total in id_counts.items():
            c = _doc_ids(doc, result, t)
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        words += len(doc.text.split())
        if progress:
            progress(1)
    seconds = time.perf_counter() - start
    rows = _score_spans(name, gold, pred)
    rows += [
        {"level": "id", "name": t, "matching": "document", **c.row()}
        for t, c in id_counts.items()
    ]
    if name in RELATION_NAME:
        rows.append(
            {"level": "relation", "name": RELATION_NAME[name], "matching": "pair", **rel.row()}
        )
    return {
        "corpus": name,
        "split": split,
        "documents": len(docs),
        "words": words,
        "seconds": round(seconds, 2),
        "words_per_second": round(words / max(seconds, 1e-9)),
        "model": model or "default",
        "scores": rows,
    }


def write_bench(result: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"{result['corpus']}_{result['split']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    pd.DataFrame(result["scores"]).to_csv(stem.with_suffix(".csv"), index=False)
    return stem


def format_bench(result: dict) -> str:
    head = (
        f"{result['corpus']} {result['split']}: {result['documents']} documents, "
        f"{result['words']} words, {result['seconds']} s ({result['words_per_second']} words/s)"
    )
    lines = [
        head,
        f"{'level':9} {'name':26} {'matching':8} {'tp':>6} {'fp':>6} {'fn':>6} "
        f"{'P':>6} {'R':>6} {'F1':>6}",
    ]
    for r in result["scores"]:
        lines.append(
            f"{r['level']:9} {r['name']:26} {r['matching']:8} {r['tp']:6d} {r['fp']:6d} "
            f"{r['fn']:6d} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"
        )
    return "\n".join(lines)
