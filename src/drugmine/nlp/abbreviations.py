"""scispaCy's abbreviation detector with a bounded parenthesis pattern.

scispaCy matches ``( + )``: every pair of parentheses with anything between them, which
grows with the square of the number of brackets on a page (hundreds of thousands of
matches on a long page), and then keeps only those with at most 8 tokens inside. Matching
``( {1,8} )`` yields exactly the kept ones, in linear time.
"""

from __future__ import annotations

from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.matcher import Matcher

MAX_INSIDE = 8  # scispaCy's filter_matches drops longer parentheticals
NEVER = "\x00drugmine-no-abbreviation"


class BoundedAbbreviationDetector(AbbreviationDetector):
    def __init__(self, nlp: Language, name: str = "drugmine_abbreviations") -> None:
        super().__init__(nlp, name)
        self.matcher = Matcher(nlp.vocab)
        inside = {"OP": f"{{1,{MAX_INSIDE}}}"}
        self.matcher.add("parenthesis", [[{"ORTH": "("}, inside, {"ORTH": ")"}]])
        # a pattern no text matches keeps the per-document matcher from warning (W036)
        # on pages without abbreviations; scispaCy removes only the patterns that matched
        self.global_matcher.add(NEVER, [[{"ORTH": NEVER}]])


@Language.factory("drugmine_abbreviations")
def make_abbreviations(nlp: Language, name: str) -> BoundedAbbreviationDetector:
    """Short forms and their long forms (Schwartz & Hearst) in ``doc._.abbreviations``."""
    return BoundedAbbreviationDetector(nlp, name)
