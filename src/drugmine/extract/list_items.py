"""List completion: a list that names known effects (or conditions) names others too.

"Common side effects include nausea, gas, headache and a metallic taste": the vocabulary
knows nausea and headache; the items between them, in the same list, are effects of the
same kind even where no vocabulary lists them. Likewise bullets under a lead-in whose
other bullets name known items. An item becomes a Disease entity only when it is short,
names no one ("you", "your doctor") and is not a clause (no verbs of advice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_rows, word_set
from ..vocab import Entry
from .context import SentenceContext
from .entities import Ent, concept_key

MAX_WORDS = 5
MAX_BULLET_WORDS = 8  # a bullet is one item: "changes in the amount of saliva"
MIN_KNOWN = 2  # known items an inline list needs before its other items count
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
ROLES = ("adverse", "indication")


@dataclass(frozen=True)
class ListWords:
    introducer: re.Pattern
    separator: re.Pattern
    lead: frozenset[str]
    block: frozenset[str]
    cut: frozenset[str]
    single: re.Pattern


@lru_cache(maxsize=1)
def list_words() -> ListWords:
    rows: dict[str, list[str]] = {}
    for kind, value in read_rows("list_items.tsv"):
        rows.setdefault(kind, []).append(value)
    return ListWords(
        re.compile("|".join(rows["introducer"]), re.I),
        re.compile("|".join(rows["separator"]), re.I),
        frozenset(rows["lead"]),
        frozenset(rows["block"]),
        frozenset(rows["cut"]),
        re.compile("|".join(rows["single"]), re.I),
    )


def _item_span(
    text: str, start: int, end: int, words: ListWords, bullet: bool = False
) -> tuple[int, int] | None:
    """The name inside one list segment, without lead words and trailing punctuation; a
    bullet is an item of its own (longer, and never a description of the one before)."""
    found = [(m.start() + start, m.end() + start) for m in WORD.finditer(text[start:end])]
    article = bool(found) and text[found[0][0] : found[0][1]].lower() in ("a", "an")
    while found and text[found[0][0] : found[0][1]].lower() in words.lead:
        found.pop(0)
    if article and not bullet and any(text[s:e].lower() in ("of", "in") for s, e in found):
        return None  # "X, a reduction in blood counts": a description of the item before
    cut = next((k for k, (s, e) in enumerate(found) if text[s:e].lower() in words.cut), None)
    if cut is not None:  # the name ends before its qualifier
        if cut == 0:
            return None
        end = found[cut][0]
        found = found[:cut]
    if not found or len(found) > (MAX_BULLET_WORDS if bullet else MAX_WORDS):
        return None
    tail = text[found[-1][1] : end]
    if tail.strip(" .!)") or "(" in text[found[0][0] : found[-1][1]]:
        return None  # more than a name follows ("gas (flatulence) that lasts")
    if any(text[s:e].lower() in words.block for s, e in found):
        return None
    if len(found) == 1:
        word = text[found[0][0] : found[0][1]].lower()
        if word in word_set("stop_terms.txt") or not words.single.search(word):
            return None
    return found[0][0], found[-1][1]


def _segments(text: str, start: int, end: int, words: ListWords) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in words.separator.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


def _known(ents: list[Ent], s: int, e: int) -> bool:
    return any(x.start < e and s < x.end for x in ents)


def _inline(ctx: SentenceContext, ents: list[Ent], words: ListWords) -> list[tuple[int, int]]:
    """Unknown items of an inline list with at least MIN_KNOWN known Disease items."""
    text, base = ctx.doc_text, ctx.span.start_char
    diseases = [e for e in ents if e.type == "Disease"]
    if len(diseases) < MIN_KNOWN:
        return []
    first = min(e.start for e in diseases)
    intro = [m.end() for m in words.introducer.finditer(text, base, first)]
    if not intro:
        return []
    end = base + len(ctx.text.rstrip().rstrip("."))
    segs = _segments(text, intro[-1], end, words)
    known = [seg for seg in segs if _known(diseases, *seg)]
    if len(known) < MIN_KNOWN:
        return []
    out = []
    for i, (s, e) in enumerate(segs):
        if _known(ents, s, e) or _elided(text, segs, i):
            continue
        span = _item_span(text, s, e, words)
        if span is not None:
            out.append(span)
    return out


def _elided(text: str, segs: list[tuple[int, int]], i: int) -> bool:
    """ "quick or uneven heartbeat", "joint and muscle pain": a one-word item before
    "and"/"or" and a longer item is a modifier of the head they share."""
    s, e = segs[i]
    if i + 1 >= len(segs) or len(WORD.findall(text[s:e])) != 1:
        return False
    joiner = text[e : segs[i + 1][0]].strip().lower()
    return joiner in ("and", "or", "and/or") and len(WORD.findall(text[slice(*segs[i + 1])])) > 1


def _bullet(ctx: SentenceContext, ents: list[Ent], words: ListWords) -> list[tuple[int, int]]:
    """A bullet under an effects/uses lead-in that names no known entity."""
    if not ctx.bullet or ctx.list_role not in ROLES or ents or "\t" in ctx.text:
        return []
    text, base = ctx.doc_text, ctx.span.start_char
    body = re.match(r"\s*(?:[-•*·▪◦‣–]|\d+[.)]|[a-z][.)])?\s*", ctx.text)
    start = base + (body.end() if body else 0)
    end = base + len(ctx.text.rstrip().rstrip(".;,"))
    span = _item_span(text, start, end, words, bullet=True)
    return [span] if span is not None else []


def list_item_ents(doc, contexts: list[SentenceContext], by_sent: dict[int, list[Ent]]) -> list:
    """New Disease entities for the unknown items of effect and use lists."""
    words = list_words()
    out = []
    for ctx in contexts:
        if ctx.heading or ctx.text.rstrip().endswith("?"):
            continue
        ents = by_sent.get(ctx.index, [])
        spans = _bullet(ctx, ents, words) or _inline(ctx, ents, words)
        for s, e in spans:
            span = doc.char_span(s, e, label="Disease", alignment_mode="contract")
            if span is None or not span.text.strip():
                continue
            entry = Entry("Disease", "", span.text.lower(), False, False, "list-item")
            ent = Ent(span, "Disease", entry, "list-item", ctx.index)
            ent.concept = concept_key("Disease", entry, span.text)
            out.append(ent)
    return out
