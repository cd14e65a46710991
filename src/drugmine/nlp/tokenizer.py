"""The one tokenizer drugmine uses, registered so a saved pipeline loads it by name."""

from __future__ import annotations

import re
import warnings
from types import SimpleNamespace

from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language
from spacy.util import registry

RELATIONAL_HYPHEN = (
    r"(?<=[A-Za-z0-9])-(?=(?:induced|associated|related|mediated|dependent|resistant|sensitive|"
    r"treated|naive|naïve|containing|based|free|refractory|exposed|responsive|intolerant|"
    r"eluting|loaded|conjugated|targeted|specific)\b)"
)

# "inhibitor.[7]" (a wiki citation mark glued to a word): split before ".[" and "["
CITATION_MARK = r"(?<=\w)\.(?=\[\d)|(?<=[\w.\]])\[(?=\d)|(?<=\d)\](?=\[)"

# a reference number glued after a full stop: "schizophrenia.22 Patient", "agent.2,3"
_REFS = r"\d{1,3}(?:[,–-]\d{1,3})*$"
CITATION_NUMBER = (
    rf"(?<=[a-z]{{2}})\.(?={_REFS})|(?<=\))\.(?={_REFS})|(?<=[a-z]{{2}})\)(?=\.{_REFS})"
)

# a name glued to a bracket on web pages: "amlodipine(Norvasc)"
GLUED = r"(?<=[a-z]{2})\((?=[A-Za-z]{2})|(?<=[a-z]{2})\)(?=[A-Za-z]{2})"

# words glued by a lost space on web pages: "Brand NameAvonex", "Headache6.0%"
GLUED_WORDS = r"(?<=[a-z]{3})(?=[A-Z][a-z]{3})|(?<=[a-z]{4})(?=\d+\.\d+$)"

# a list item written "-Nausea" (no space after the dash): the dash is a token of its own
BULLET_DASH = r"^[-–](?=[A-Z][a-z])"

# a full stop after a one-letter name at a sentence end ("hepatitis C.", "vitamin B."): the
# stop is a token of its own, as after any word
LETTER_STOP = r"(?<=^[A-Z])\.$"


def make_tokenizer(nlp: Language):
    """scispaCy's rule tokenizer, plus: "levodopa-induced" -> "levodopa", "-", "induced"
    (the drug a token of its own) and "inhibitor.[7]" -> "inhibitor", ".", "[", "7", "]"."""
    # scispaCy's builder reads the default tokenizer's token_match, which a tokenizer
    # factory cannot ask of a pipeline still being made: hand it the language default
    default = SimpleNamespace(token_match=nlp.Defaults.token_match)
    shim = SimpleNamespace(vocab=nlp.vocab, Defaults=nlp.Defaults, tokenizer=default)
    with warnings.catch_warnings():  # scispaCy's character classes read as set unions
        warnings.simplefilter("ignore", FutureWarning)
        tokenizer = combined_rule_tokenizer(shim)
    old = tokenizer.infix_finditer.__self__.pattern
    pattern = f"{RELATIONAL_HYPHEN}|{CITATION_MARK}|{CITATION_NUMBER}|{GLUED}|{GLUED_WORDS}|{old}"
    tokenizer.infix_finditer = re.compile(pattern).finditer
    prefix = tokenizer.prefix_search.__self__.pattern
    tokenizer.prefix_search = re.compile(f"{BULLET_DASH}|{prefix}").search
    suffix = tokenizer.suffix_search.__self__.pattern
    with warnings.catch_warnings():  # the same character classes
        warnings.simplefilter("ignore", FutureWarning)
        tokenizer.suffix_search = re.compile(f"{LETTER_STOP}|{suffix}").search
    return tokenizer


@registry.tokenizers("drugmine.Tokenizer.v1")
def create_tokenizer():
    return make_tokenizer
