"""Corpus documents as spaCy training examples: gold spans aligned to tokens, the dev
holdout for early stopping, and the training documents of each corpus."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.training import Example
from spacy.util import filter_spans

from ..evaluation.corpora import CorpusDoc, corpus_docs
from .model import LABELS


def _gazetteer_matcher(nlp: Language, docs: Iterable[CorpusDoc], etype: str) -> PhraseMatcher:
    """Case-insensitive matcher of every gold ``etype`` string in ``docs``."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    strings = {e.text.lower() for d in docs for e in d.entities if e.type == etype}
    matcher.add(etype, [nlp.make_doc(s) for s in sorted(strings) if s.strip()])
    return matcher


def doc_to_example(
    nlp: Language, cdoc: CorpusDoc, stats: dict, unknown: PhraseMatcher | None = None
) -> Example:
    """Gold ``Example`` for ``cdoc``; misaligned mentions become missing (neither entity nor O).

    ``unknown`` marks matches as missing too (for corpora that do not annotate every label).
    """
    doc = nlp.make_doc(cdoc.text)
    spans, missing = [], []
    for ent in cdoc.entities:
        if ent.type not in LABELS:
            continue
        stats["mentions"] = stats.get("mentions", 0) + 1
        span = doc.char_span(ent.start, ent.end, label=ent.type, alignment_mode="expand")
        if span is None:
            stats["unalignable"] = stats.get("unalignable", 0) + 1
        elif (span.start_char, span.end_char) != (ent.start, ent.end):
            stats["misaligned"] = stats.get("misaligned", 0) + 1
            missing.append(span)
        else:
            spans.append(span)
    kept = filter_spans(spans)
    stats["overlapping"] = stats.get("overlapping", 0) + len(set(spans)) - len(kept)
    if unknown is not None:
        missing += [Span(doc, s, e) for _, s, e in unknown(doc)]
    missing = _drop_overlaps(missing, kept)
    doc.set_ents(kept, missing=missing, default="outside")
    return Example(nlp.make_doc(cdoc.text), doc)


def _drop_overlaps(candidates: list[Span], keep: list[Span]) -> list[Span]:
    """``candidates`` that overlap nothing in ``keep`` (and each other), longest first."""
    taken = {i for span in keep for i in range(span.start, span.end)}
    out = []
    for span in sorted(candidates, key=lambda s: (s.start - s.end, s.start)):
        if not taken.intersection(range(span.start, span.end)):
            out.append(span)
            taken.update(range(span.start, span.end))
    return out


def split_holdout(docs: Sequence[CorpusDoc], fraction: float) -> tuple[list, list]:
    """Deterministic (rest, holdout): the ``fraction`` of docs whose MD5(doc_id) sorts first."""
    ranked = sorted(docs, key=lambda d: hashlib.md5(d.doc_id.encode()).hexdigest())
    n_hold = max(1, round(fraction * len(docs))) if docs else 0
    hold_ids = {d.doc_id for d in ranked[:n_hold]}
    return [d for d in docs if d.doc_id not in hold_ids], [d for d in docs if d.doc_id in hold_ids]



def load_training_docs(corpus_dir: Path, corpora: Sequence[str]) -> dict[str, list[CorpusDoc]]:
    """Train+dev docs of the fully annotated corpora and train docs of Disease-only ones."""
    out: dict[str, list[CorpusDoc]] = {}
    for name in corpora:
        if name == "bc5cdr":
            out["bc5cdr_train"] = corpus_docs("bc5cdr", corpus_dir, "train")
            out["bc5cdr_dev"] = corpus_docs("bc5cdr", corpus_dir, "dev")
        elif name == "ncbi_disease":
            out["ncbi_disease_train"] = corpus_docs("ncbi_disease", corpus_dir, "train")
        else:
            raise ValueError(f"cannot train NER on corpus {name!r} (bc5cdr, ncbi_disease)")
    if "bc5cdr_dev" not in out:
        raise ValueError("training needs 'bc5cdr' (its dev split supplies the holdout)")
    return out


def make_examples(
    nlp: Language, data: dict[str, list[CorpusDoc]], holdout_ids: set[str]
) -> tuple[list[Example], dict]:
    """Training examples (holdout excluded) and alignment statistics per source."""
    full = [d for key, docs in data.items() if key.startswith("bc5cdr") for d in docs]
    chemicals = _gazetteer_matcher(nlp, full, "Chemical")
    examples, stats = [], {}
    for key, docs in data.items():
        unknown = None if key.startswith("bc5cdr") else chemicals
        stats[key] = {"docs": 0}
        for cdoc in docs:
            if key == "bc5cdr_dev" and cdoc.doc_id in holdout_ids:
                continue
            stats[key]["docs"] += 1
            examples.append(doc_to_example(nlp, cdoc, stats[key], unknown))
    return examples, stats
