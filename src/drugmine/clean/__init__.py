"""Cleaning stage: raw document -> article text with a map back to raw offsets."""

from __future__ import annotations

import re

from .boilerplate import filter_lines
from .html import html_to_text
from .offsets import CleanText, TextBuilder
from .text import fix_mojibake

_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.I)
# NUL and other control characters, and a stray BOM (U+FEFF) inside the text, are junk
# that must not be glued into a mention: each becomes a line break in the clean text
# (same length, so the raw-offset map is unchanged), and no span runs across it.
# A run of punctuation/symbols/emoji with no space in it is one spaCy token whose affixes
# the tokenizer strips one by one, each time searching the rest: quadratic (20 kB of '!'
# took 82 s). Past MAX_SYMBOL_RUN characters the rest of such a run is left out of the
# clean text (the kept characters keep their raw offsets).
MAX_SYMBOL_RUN = 100  # longer than separator lines of dashes or equals signs
_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe]")

__all__ = ["CleanText", "clean_text", "looks_like_html"]


def looks_like_html(raw: str) -> bool:
    return bool(_HTML_SNIFF.match(raw[:1000]))


def clean_text(raw: str, kind: str = "text") -> tuple[CleanText, dict[str, int]]:
    """Article text of a raw document; `kind` is "html" or "text"."""
    base = html_to_text(raw) if kind == "html" else CleanText.identity(raw)
    fixed = fix_mojibake(scrub_controls(base))  # first: ftfy would glue them to a word
    return filter_lines(bound_symbol_runs(fixed))


def bound_symbol_runs(clean: CleanText) -> CleanText:
    """Cut runs of more than MAX_SYMBOL_RUN punctuation/symbol characters to that many."""
    if not _SYMBOL_RUN.search(clean.text):
        return clean
    out, pos, text = TextBuilder(), 0, clean.text
    for m in _SYMBOL_RUN.finditer(text):
        keep = m.start() + MAX_SYMBOL_RUN
        out.add_mapped(text[pos:keep], clean.starts[pos:keep], clean.ends[pos:keep])
        pos = m.end()
    out.add_mapped(text[pos:], clean.starts[pos:], clean.ends[pos:])
    return out.build()


def scrub_controls(clean: CleanText) -> CleanText:
    """Control characters and stray BOMs as line breaks, offsets kept one to one."""
    if not _CONTROLS.search(clean.text):
        return clean
    return CleanText(_CONTROLS.sub("\n", clean.text), clean.starts, clean.ends)
