"""spaCy components registered by name, in the style of scispaCy's pipes."""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..intervals import SpanIndex
from ..vocab import Entry, load_lexicon, other_disease_family
from . import extensions  # noqa: F401  (declares dm_entry / dm_method)
from .candidates import (
    Candidate,
    gene_class_candidates,
    lexicon_candidates,
    pattern_candidates,
    resolve,
    subtype_prefixed,
)

SENT_END = {".", "!", "?"}
# A hard-wrapped paragraph ("... It may cause\nnausea and ..."): a single line break after a
# long line that stops mid-clause, before a lower-case word, continues the sentence. Lists,
# table rows and headings have short lines or end in punctuation, so they stay lines.
WRAP_MIN_LINE = 60  # characters: prose wrapped at 70-80 columns; list items are shorter
WRAP_LAST = re.compile(r"[\w,)]$")  # the line stops on a word, comma or bracket
COORDINATED = re.compile(r"\s(?:and|or|&)\s|[,;/]", re.I)


@Language.component("drugmine_sentences")
def sentences(doc: Doc) -> Doc:
    """Sentence starts at line breaks and after end punctuation followed by a capital/digit.

    Written in one ``Doc.from_array`` call: setting ``Token.is_sent_start`` token by token
    costs a pass over the whole Doc each time, quadratic on long pages."""
    starts = numpy.full(len(doc), -1, dtype="int64")
    prev2, prev = None, None
    line_start = 0  # character offset where the current line starts
    for i, tok in enumerate(doc):
        if i == 0:
            starts[i] = 1
        elif prev.is_space and "\n" in prev.text:
            wrapped = _wrapped(prev, prev2, tok, line_start)
            line_start = tok.idx
            starts[i] = -1 if wrapped else 1
        elif tok.is_space:
            pass  # whitespace stays with the sentence before it
        elif prev.text in SENT_END and (tok.text[:1].isupper() or tok.is_digit):
            # "4. Possible side effects": a line's number is no sentence of its own
            numbered = prev2 is not None and prev2.is_digit and starts[i - 2] == 1
            starts[i] = -1 if numbered else 1
        elif prev.is_space and prev2 is not None and prev2.text in SENT_END:
            starts[i] = 1 if tok.text[:1].isupper() else -1
        prev2, prev = prev, tok
    if len(doc):
        doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy reads -1 from uint64
    return doc


def _wrapped(space, last, tok, line_start: int) -> bool:
    """Whether the line break in `space` only wraps a sentence (see WRAP_MIN_LINE)."""
    return (
        space.text.count("\n") == 1
        and last is not None
        and last.idx + len(last.text) - line_start >= WRAP_MIN_LINE
        and WRAP_LAST.search(last.text) is not None
        and "a" <= tok.text[:1] <= "z"
    )


def _abbreviation_candidates(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Short forms inherit the type and concept of their long form ("RCC" -> carcinoma)."""
    if not Doc.has_extension("abbreviations"):
        return []
    by_span = {(c.start, c.end): c for c in found}
    by_end: dict[int, list[Candidate]] = {}
    for c in found:
        by_end.setdefault(c.end, []).append(c)
    out = []
    for short in doc._.abbreviations:
        if COORDINATED.search(short.text):
            continue  # "(CDK4 and CDK6)" names two things, each found on its own
        long_form = short._.long_form
        source = by_span.get((long_form.start_char, long_form.end_char))
        if source is None:
            ending = by_end.get(long_form.end_char, [])
            inner = [c for c in ending if long_form.start_char <= c.start]
            source = max(inner, key=lambda c: c.length) if inner else None
        if source is None or source.entry is None:
            continue
        e = source.entry
        canonical = e.canonical
        if e.type == "Disease" and other_disease_family(canonical, long_form.text):
            canonical = long_form.text.lower()  # "SLL" stands for its lymphoma, not CLL
        entry = Entry(e.type, e.concept_id, canonical, e.is_drug, False, "abbreviation")
        out.append(Candidate(short.start_char, short.end_char, source.type, entry, "abbreviation"))
    return out


GENE_SUFFIX = re.compile(
    r"[\s-]+(tyrosine kinases?|kinases?|fusion (?:proteins?|genes?|oncoproteins?)|oncoproteins?"
    r"|proteins?|genes?|pathways?|enzymes?|transcripts?|signalling|signaling)$",
    re.I,
)


def _trim_gene(c: Candidate, text: str, lexicon) -> Candidate:
    """ "BCR-ABL tyrosine kinase" -> "BCR-ABL": the target name without generic words."""
    if c.type != "Gene":
        return c
    m = GENE_SUFFIX.search(text, c.start, c.end)
    if not m or m.end() != c.end or m.start() <= c.start:
        return c
    entry = lexicon.lookup(text[c.start : m.start()])
    if entry is None or entry.type != "Gene":
        return c
    return Candidate(c.start, m.start(), "Gene", entry, c.method)


@Language.factory("drugmine_entities", default_config={"model": "default"})
def make_entities(nlp: Language, name: str, model: str):
    """`model`: "default" (the shipped NER), "none", a spaCy package name or directory."""
    from .models import resolve_model_name

    return EntityRecognizer(resolve_model_name(model))


class EntityRecognizer:
    """Vocabulary + pattern (+ optional statistical model) entities into doc.spans["entities"]."""

    def __init__(self, model: str | None = None) -> None:
        self.lexicon = load_lexicon()
        self.model = None
        if model:
            from .models import load_model

            self.model = load_model(model)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # rebuilt on every access: read once
        lex = self.lexicon
        cands = lexicon_candidates(doc, lex, text) + pattern_candidates(doc, lex, text)
        cands += gene_class_candidates(doc, cands, text)
        chosen = [_trim_gene(c, text, self.lexicon) for c in resolve(cands)]
        abbrev = _abbreviation_candidates(doc, chosen)
        if abbrev:
            chosen = resolve(abbrev + chosen)
        chosen = subtype_prefixed(chosen, text)
        semantic = None
        if self.model is not None:
            model = resolve(self.model.candidates(text, self.lexicon))
            # roles: the model only fills gaps between vocabulary/pattern spans (dev set);
            # semantic layer: per type, whichever measured better on BC5CDR
            chem = [m for m in model if m.type == "Chemical"]  # model boundaries win
            semantic = _fill_gaps(_fill_gaps(chem, chosen), model)  # vocabulary diseases win
            chosen = _fill_gaps(chosen, model)
        doc.spans["entities"] = _spans(doc, chosen)
        if semantic is not None:
            # plain tuples: span extensions are keyed by offsets and would clash with
            # the role layer's spans at the same place
            doc.user_data["dm_semantic"] = [
                (c.start, c.end, c.type, c.entry, c.method) for c in semantic
            ]
        return doc


def _fill_gaps(base: list[Candidate], extra: list[Candidate]) -> list[Candidate]:
    """`base` plus the candidates of `extra` that overlap none of it."""
    taken = SpanIndex((c.start, c.end) for c in base)
    add = [m for m in extra if not taken.overlaps(m.start, m.end)]
    return sorted(base + add, key=lambda c: c.start)


def _spans(doc: Doc, chosen: list[Candidate]) -> list[Span]:
    spans = []
    for c in chosen:
        span = doc.char_span(c.start, c.end, label=c.type, alignment_mode="expand")
        if span is None:
            continue
        if c.entry is not None and c.entry.concept_id:
            span.kb_id_ = c.entry.concept_id
        span._.dm_entry = c.entry
        span._.dm_method = c.method
        spans.append(span)
    return spans
