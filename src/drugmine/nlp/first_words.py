"""Which words can begin a vocabulary term, so the longest-match loop stops early.

``lexicon_candidates`` looks up every span of up to 12 tokens from each token; once a
span has a whole first word ("the", "patients"), no longer span can be a term unless
some term begins with that word: ``Lexicon.lookup`` reads only keys that begin with the
span's first word (the key, its singular, its salt-free base) or with that word's
American spelling, and gene symbols that begin with the span's first raw word. Exact as
long as every spelling rule rewrites letters inside a word (checked; else no index).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import Lexicon, _spelling_rules, americanize

WORD_LOCAL = re.compile(r"(?:[a-z]|\\b)+")  # letters and word boundaries only
_CACHE: dict[int, tuple[Lexicon, FirstWords | None]] = {}


@dataclass(frozen=True)
class FirstWords:
    terms: frozenset[str]  # the first word of every term key
    symbols: frozenset[str]  # the first word of every gene symbol

    def may_begin(self, key: str, surface: str) -> bool:
        """Can `surface` (normalised `key`, two words or more) or a longer span that
        starts with it be a vocabulary term?"""
        word = key.split(" ", 1)[0]
        if word in self.terms or americanize(word) in self.terms:
            return True
        return surface.split(None, 1)[0] in self.symbols


def first_words(lex: Lexicon) -> FirstWords | None:
    """The index of `lex`, built once per lexicon; None when a spelling rule could
    reach across words (then every span is looked up)."""
    hit = _CACHE.get(id(lex))
    if hit is not None and hit[0] is lex:
        return hit[1]
    index = None
    if all(_word_local(pat, rep) for pat, rep in _spelling_rules()):
        terms = frozenset(k.split(" ", 1)[0] for k in lex.terms)
        symbols = frozenset(p[0] for k in lex.symbols if (p := k.split(None, 1)))
        index = FirstWords(terms, symbols)
    _CACHE.clear()
    _CACHE[id(lex)] = (lex, index)
    return index


def _word_local(pattern: re.Pattern, replacement: str) -> bool:
    letters = replacement == "" or replacement.isalpha()
    return bool(WORD_LOCAL.fullmatch(pattern.pattern)) and letters and replacement.isascii()
