"""Biologics named with the FDA's four-letter suffix ("faricimab-svoa", "pegfilgrastim-jmdb"):
the drug is the generic before the suffix (its vocabulary entry, or an INN-stem drug)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..vocab import FDA_SUFFIX_TAIL, Entry, Lexicon

FDA_SUFFIXED = re.compile(rf"([A-Za-z]{{6,}}){FDA_SUFFIX_TAIL}")


def suffixed_entry(
    base: str, lex: Lexicon, stem: re.Pattern, word_ok: Callable[[str], bool]
) -> Entry | None:
    """The drug entry of a suffixed biologic name: its generic's, or an INN-stem drug's."""
    known = lex.lookup(base)
    if known is not None and known.is_drug and not known.is_brand:
        return Entry(
            "Chemical", known.concept_id, known.canonical, True, False, "fda-suffix", known.xrefs
        )
    if known is None and len(base) >= 7 and stem.fullmatch(base) and word_ok(base):
        return Entry("Chemical", "", base.lower(), is_drug=True, source="inn-stem")
    return None
