"""The drugmine spaCy pipeline: scispaCy tokenizer, sentences, abbreviations, entities."""

from __future__ import annotations

import warnings
from functools import lru_cache

import spacy
from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language

from . import components  # noqa: F401  (registers drugmine components)


@lru_cache(maxsize=4)
def make_nlp(model: str | None = None) -> Language:
    """A blank English pipeline with drugmine's components; `model` plugs in a spaCy NER."""
    # scispaCy's abbreviation detector warns on every doc that its optional matcher is empty.
    warnings.filterwarnings("ignore", message=r".*\[W036\].*")
    nlp = spacy.blank("en")
    nlp.tokenizer = combined_rule_tokenizer(nlp)
    nlp.max_length = 60_000_000
    nlp.add_pipe("drugmine_sentences")
    nlp.add_pipe("abbreviation_detector")
    nlp.add_pipe("drugmine_entities", config={"model": model})
    return nlp
