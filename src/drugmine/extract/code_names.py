"""Code names ("SU11248", "ABT-199") fold into the drug they stand beside."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict

from .entities import Ent

APPOSITION = re.compile(
    r"^[\s,;:(]*(?:(?:development |research |investigational )?code(?: name)?|formerly|"
    r"also (?:known as|called)|previously|originally|or|aka)?[\s,;:(]*$",
    re.I,
)


def fold_code_names(ents: list[Ent], text: str) -> None:
    """ "sunitinib (development code SU11248)", "ABT-199 (venetoclax)": a code name is the
    drug it stands beside, not a new drug (in place)."""
    drugs = [e for e in ents if e.drug and e.entry is not None and e.entry.source != "code-name"]
    codes = [e for e in ents if e.drug and e.entry is not None and e.entry.source == "code-name"]
    named: dict[str, Ent] = {}
    near = _Window(drugs)
    for e in codes:
        window = near(e.start - 60 - near.longest, e.start + 1)
        before = [d for d in window if d.end <= e.start and e.start - d.end < 60]
        after = [d for d in near(e.end, e.end + 30) if d.start >= e.end and d.start - e.end < 30]
        ref = None
        if before and APPOSITION.match(text[before[-1].end : e.start]):
            ref = before[-1]
        elif after and re.fullmatch(r"\s*\(\s*", text[e.end : after[0].start]):
            ref = after[0]
        if ref is not None:
            named[e.text] = ref
    _codes_beside_one_drug(codes, drugs, named, text)
    for e in codes:  # every mention of a resolved code name, not only the appositive one
        ref = named.get(e.text)
        if ref is not None:
            e.drug, e.entry, e.concept, e.method = ref.drug, ref.entry, ref.concept, "code-name"


class _Window:
    """Entities by where they start: those starting in [lo, hi), in their list order, by
    bisection (a scan of all drugs per code name is quadratic on long pages)."""

    def __init__(self, ents: list[Ent]) -> None:
        self._ents = ents
        self._order = sorted(range(len(ents)), key=lambda i: ents[i].start)
        self._starts = [ents[i].start for i in self._order]
        self.longest = max((e.end - e.start for e in ents), default=0)

    def __call__(self, lo: int, hi: int) -> list[Ent]:
        a, b = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return [self._ents[i] for i in sorted(self._order[a:b])]


CONTRAST = re.compile(r"\b(unlike|versus|vs\.?|compared|than|instead|rather|whereas)\b", re.I)


def _codes_beside_one_drug(
    codes: list[Ent], drugs: list[Ent], named: dict[str, Ent], text: str
) -> None:
    """ "Known in trials as AB-1234, it is now sold as Brandix", "tested under the codes
    XY-12 and ZQ-345": a code name in a sentence that otherwise names one drug only (or codes
    already resolved to it), with no contrast, is that drug."""
    drugs_in: dict[int, list[Ent]] = defaultdict(list)
    codes_in: dict[int, list[Ent]] = defaultdict(list)
    for d in drugs:
        drugs_in[d.sent].append(d)
    for c in codes:
        codes_in[c.sent].append(c)
    for e in codes:
        if e.text in named:
            continue
        others = list(drugs_in.get(e.sent, []))
        others += [named[c.text] for c in codes_in[e.sent] if c.text in named]
        if len({d.drug for d in others}) != 1:
            continue
        span = e.span.sent
        if not CONTRAST.search(text[span.start_char : span.end_char]):
            named[e.text] = others[0]
