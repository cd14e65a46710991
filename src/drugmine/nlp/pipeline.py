"""The drugmine spaCy pipeline: scispaCy tokenizer, sentences, abbreviations, entities."""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import spacy
from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language

from . import components  # noqa: F401  (registers drugmine components)

RELATIONAL_HYPHEN = (
    r"(?<=[A-Za-z0-9])-(?=(?:induced|associated|related|mediated|dependent|resistant|sensitive|"
    r"treated|naive|naïve|containing|based|free|refractory|exposed|responsive|intolerant|"
    r"eluting|loaded|conjugated|targeted|specific)\b)"
)


# "inhibitor.[7]" (a wiki citation mark glued to a word): split before ".[" and "["
CITATION_MARK = r"(?<=\w)\.(?=\[\d)|(?<=[\w.\]])\[(?=\d)|(?<=\d)\](?=\[)"


def _split_relational_hyphens(nlp: Language) -> None:
    """ "levodopa-induced" -> "levodopa", "-", "induced", so the drug is a token of its own;
    "inhibitor.[7]" -> "inhibitor", ".", "[", "7", "]"."""
    old = nlp.tokenizer.infix_finditer.__self__.pattern
    pattern = f"{RELATIONAL_HYPHEN}|{CITATION_MARK}|{old}"
    nlp.tokenizer.infix_finditer = re.compile(pattern).finditer


@lru_cache(maxsize=4)
def make_nlp(model: str | None = None) -> Language:
    """A blank English pipeline with drugmine's components; `model` plugs in a spaCy NER."""
    # scispaCy's abbreviation detector warns on every doc that its optional matcher is empty.
    warnings.filterwarnings("ignore", message=r".*\[W036\].*")
    nlp = spacy.blank("en")
    nlp.tokenizer = combined_rule_tokenizer(nlp)
    _split_relational_hyphens(nlp)
    nlp.max_length = 60_000_000
    nlp.add_pipe("drugmine_sentences")
    nlp.add_pipe("abbreviation_detector")
    nlp.add_pipe("drugmine_entities", config={"model": model})
    return nlp
