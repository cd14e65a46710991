"""The drugmine spaCy pipeline: tokenizer, sentences, abbreviations, entities, facts."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import abbreviations, components, doc_facts, tokenizer  # noqa: F401  (register factories)

PIPES = ("drugmine_sentences", "drugmine_abbreviations", "drugmine_entities", "drugmine_facts")
TOKENIZER = {"@tokenizers": "drugmine.Tokenizer.v1"}


def build_nlp(model: str | None = "default") -> Language:
    """A new pipeline: `model` is the statistical NER ("default" = the shipped one, "none",
    an installed spaCy package name or a directory made by ``nlp.to_disk``)."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": TOKENIZER}})
    nlp.max_length = 60_000_000
    for name in PIPES:
        config = {"model": model or "none"} if name == "drugmine_entities" else {}
        nlp.add_pipe(name, config=config)
    return nlp


def make_nlp(model: str | None = "default") -> Language:
    """The pipeline for `model` (None = no model), built once per process (CLI, workers)."""
    return _cached(model or "none")


@lru_cache(maxsize=4)
def _cached(model: str) -> Language:
    return build_nlp(model)
