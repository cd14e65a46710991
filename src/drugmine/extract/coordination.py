"""Drugs named together: coordinated groups ("A, B and C", "A or B") and the pairs of a
group that are given together (`combined_with`)."""

from __future__ import annotations

import re

from .context import SentenceContext, negated
from .entities import Ent
from .rules import Link, _rel

EXAMPLES = re.compile(r"\b(such as|like|including|e\.g\.|for example|for instance)\b", re.I)
AND_GAP = r"(?:,|and|plus|with|\+|,\s*and|,\s*plus)"
OR_GAP = r"(?:or|/|,\s*or|and/or|,)"
DOSE = r"(?:(?:low|high|standard|reduced)-dose\s+|oral\s+|intravenous\s+)?"
GROUP_GAP = re.compile(rf"^\s*(?:{AND_GAP}|{OR_GAP})\s*{DOSE}$", re.I)
ALT_GAP = re.compile(r"^\s*(?:or|/|,\s*or|and/or)\s*", re.I)
CLASS_PAREN_GAP = re.compile(r"^\s*(?:,|and|plus|with)?\s*(?:[\w-]+\s+){1,3}\(\s*$", re.I)
PAREN = re.compile(r"\([^()]*\)")
SYNONYM_OPEN = re.compile(
    r"\s*\(\s*(?:(?:also|sometimes|often|usually|previously|formerly)\s+)?"
    r"(?:(?:called|known as|named|sold as|marketed as|or|aka|i\.e\.,?)\s+)?",
    re.I,
)


def coordinated_after(
    ctx: SentenceContext, drugs: list[Ent], start: int
) -> tuple[list[Ent], list[int]]:
    """The first drug after `start` and the drugs joined to it by ",", "and", "or", "plus",
    with an alternative-set id per member: "azacitidine, decitabine or cytarabine" are
    alternatives (one id), "pemetrexed and platinum chemotherapy (cisplatin or
    carboplatin)" is pemetrexed plus one of two."""
    after = [d for d in drugs if d.start >= start]
    group, gaps = after[:1], []
    text = ctx.doc_text
    prev_end = group[0].end if group else 0
    for d in after[1:]:
        gap = text[prev_end : d.start]
        if SYNONYM_OPEN.fullmatch(gap):  # "folinic acid (leucovorin)": a synonym
            close = text.find(")", d.end)
            prev_end = close + 1 if close != -1 else d.end
            continue
        plain = PAREN.sub("", gap).replace(")", "")
        if not (GROUP_GAP.match(plain) or CLASS_PAREN_GAP.match(gap)):
            break
        group.append(d)
        gaps.append(gap)
        prev_end = d.end
    return group, _alternative_ids(gaps)


def _alternative_ids(gaps: list[str]) -> list[int]:
    """Runs joined by commas/"or" whose last joint is "or" share one id."""
    ids = [0]
    run = [0]
    for i, gap in enumerate(gaps, 1):
        plain = PAREN.sub("", gap).replace(")", "")
        comma = re.fullmatch(r"\s*,\s*", plain) is not None
        if ALT_GAP.match(plain) or comma:
            run.append(i)
            ids.append(ids[-1] if not comma else i)
            if not comma:  # an "or" closes the run: every member before it is an alternative
                for j in run:
                    ids[j] = ids[run[0]]
        else:
            run = [i]
            ids.append(i)
    return ids


def pairs(
    group: list[Ent], ctx: SentenceContext, how: str, method: str, alt: list[int] | None = None
) -> list[Link]:
    out = []
    for i, a in enumerate(group):
        for j in range(i + 1, len(group)):
            b = group[j]
            if a.drug == b.drug or (alt is not None and alt[i] == alt[j]):
                continue
            neg = negated(ctx, _rel(ctx, b))
            out.append(Link(a, "combined_with", b, f"{method}/{how}", 0.8, ctx.index, neg))
    return out
