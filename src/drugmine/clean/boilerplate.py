"""Line- and paragraph-level removal of what is not article content.

Patterns live in data/boilerplate.tsv. Lines are grouped into paragraphs (runs of
non-blank lines); a rule either drops its line, its whole paragraph, the next
paragraph too (an "Advertisement" marker), a reference list that follows, or the
rest of the page (a reader-comments section).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_rows
from .offsets import CleanText, TextBuilder

# Patterns that may meet a 1 MB line start only where their leading run starts (the
# lookbehinds): otherwise a search retries the run from every position, quadratically.
CITATION = re.compile(
    r"(\(\d{4}\)|\b(19|20)\d{2}\b|et al\.?|doi:|https?://|\bjournal\b|(?<!\d)\d+\(\d+\)|"
    r"pp?\.\s*\d)",
    re.I,
)
# A "paragraph" longer than this is a page without blank lines (HTML blocks, flattened
# scrapes), not one disclaimer or promotion block: a paragraph rule then drops its line only.
MAX_BLOCK_LINES = 8
EDIT_SUFFIX = re.compile(r"(?<!\s)\s*\[\s*edit(\s*\|\s*edit source)?\s*\]\s*$", re.I)


@dataclass(frozen=True)
class Rule:
    category: str
    scope: str
    pattern: re.Pattern


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    # (the example and counter columns after the regex are read by the tests only)
    return tuple(
        Rule(category, scope, re.compile(regex, re.I))
        for category, scope, regex in read_rows("boilerplate.tsv", 3)
    )


def _is_cjk_only(line: str) -> bool:
    """Lines written only in CJK script in an English page are captions or UI text."""
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return False
    cjk = sum(
        1
        for c in letters
        if unicodedata.name(c, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
    )
    return cjk / len(letters) > 0.5


def _split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its terminator; handles LF, CRLF and lone CR."""
    spans, pos, n = [], 0, len(text)
    for m in re.finditer(r"\r\n|\n|\r", text):
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < n or not spans:
        spans.append((pos, n))
    return spans


def classify(line: str) -> Rule | None:
    if _is_cjk_only(line):
        return Rule("caption", "line", re.compile(""))
    for rule in rules():
        if rule.pattern.search(line):
            return rule
    return None


def _paragraphs(lines: list[str]) -> list[int]:
    """Paragraph number per line; blank lines get -1."""
    out, para, prev_blank = [], 0, True
    for line in lines:
        if not line.strip():
            out.append(-1)
            prev_blank = True
            continue
        if prev_blank:
            para += 1
        out.append(para)
        prev_blank = False
    return out


def drop_mask(lines: list[str]) -> list[str]:
    """Category of boilerplate per line ('' for content)."""
    paras = _paragraphs(lines)
    mask = [""] * len(lines)
    in_refs = False
    first_line = next((k for k, line in enumerate(lines) if line.strip()), 0)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if in_refs:
            if CITATION.search(line) or re.match(r"^\s*(\d+[.)]|\[\d+\]|[-•*])\s", line):
                mask[i] = "references"
                continue
            in_refs = False
        rule = classify(EDIT_SUFFIX.sub("", line))
        if rule is None:
            continue
        mask[i] = rule.category
        if rule.scope == "para" and paras.count(paras[i]) <= MAX_BLOCK_LINES:
            for j, p in enumerate(paras):
                if p == paras[i]:
                    mask[j] = rule.category
        elif rule.scope == "next":
            # "Advertisement" standing alone marks the paragraph that follows it; with text
            # straight under it (HTML blocks, pages scraped without blank lines) it marks
            # the next line only, and above a page's first line it is the ad slot over the
            # title: the article starts right under it.
            rest = [j for j in range(i + 1, len(lines)) if paras[j] == paras[i]]
            rest = rest[:1] if i > first_line else []
            if not rest and paras.count(paras[i]) == 1:
                nxt = next(
                    (paras[j] for j in range(i + 1, len(lines)) if paras[j] > paras[i]), None
                )
                rest = [j for j, p in enumerate(paras) if p == nxt]
            for j in rest:
                mask[j] = rule.category
        elif rule.scope == "tail":
            in_refs = True
        elif rule.scope == "rest":
            for j in range(i + 1, len(lines)):
                mask[j] = mask[j] or rule.category
            break
    _drop_orphan_headings(lines, mask)
    _drop_repeated_labels(lines, mask)
    return mask


SEEN_CHARS = 100_000  # how much earlier text a label may repeat (bounds the search)
LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[-•*·›>|])\s")


def _drop_repeated_labels(lines: list[str], mask: list[str]) -> None:
    """A one-to-three-word line that repeats an earlier name and is followed straight by a
    heading is image alt text left by the scrape ("Imatinib" above "How does it work?").

    The earlier name is looked for in the first SEEN_CHARS characters of kept text (where
    a page names its subject), and only when the cheap conditions hold: a search of all
    earlier text for every line made 50k short lines quadratic."""
    seen = ""
    kept = [i for i, line in enumerate(lines) if line.strip() and not mask[i]]
    for pos, i in enumerate(kept):
        s = lines[i].strip()
        nxt = lines[kept[pos + 1]] if pos + 1 < len(kept) else ""
        short = len(s.split()) <= 3 and s[-1:].isalnum()
        if short and nxt and _looks_like_heading(nxt) and s.lower() in seen:
            mask[i] = "caption"
        if len(seen) < SEEN_CHARS and not LIST_ITEM.match(s):
            # (a breadcrumb or menu item, "3. Sertraline", is no earlier name: the title
            # under it is the page's own)
            seen = (seen + "\n" + s.lower())[:SEEN_CHARS]


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    return 0 < len(s.split()) <= 14 and not s.endswith((".", ",", ";"))


def _drop_orphan_headings(lines: list[str], mask: list[str]) -> None:
    """A heading whose whole section was dropped is part of that block.

    A section runs to the next kept heading. One pass from the end carries, for the lines
    below the current one, the first line's category (None: no lines) and whether all were
    dropped, so the page costs one pass (a scan of all following lines per heading made
    50k short lines quadratic). Sections are judged on the masks before this pass."""
    first: str | None = None
    all_dropped = True
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].strip():
            continue
        if not mask[i] and _looks_like_heading(lines[i]):  # a kept heading: a section starts
            if first is not None and all_dropped:
                mask[i] = first
            first, all_dropped = None, True
        else:
            first, all_dropped = mask[i], all_dropped and bool(mask[i])


def filter_lines(clean: CleanText) -> tuple[CleanText, dict[str, int]]:
    """Drop boilerplate lines; return the kept text (LF line ends) and drop counts."""
    spans = _split_lines(clean.text)
    lines = [clean.text[s:e] for s, e in spans]
    mask = drop_mask(lines)
    out = TextBuilder()
    dropped: dict[str, int] = {}
    blank_run = 0
    for (s, e), line, cat in zip(spans, lines, mask, strict=True):
        if cat:
            dropped[cat] = dropped.get(cat, 0) + 1
            continue
        m = EDIT_SUFFIX.search(line)
        if m:
            e = s + m.start()
        seg = clean.text[s:e].rstrip()
        if not seg.strip():
            blank_run += 1
            continue
        if len(out):
            out.add_synthetic("\n\n" if blank_run else "\n")
        blank_run = 0
        k = s + len(seg)
        out.add_mapped(seg, clean.starts[s:k], clean.ends[s:k])
    if len(out):
        out.add_synthetic("\n")
    return out.build(), dropped
