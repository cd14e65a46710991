"""Mojibake repair that keeps the raw-offset map (ftfy, token by token)."""

from __future__ import annotations

import re

import ftfy

from .offsets import CleanText, TextBuilder

CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    explain=False,
)
_TOKEN = re.compile(r"\S+")


def fix_mojibake(clean: CleanText) -> CleanText:
    """Repair mis-decoded UTF-8 ("donâ€™t" -> "don’t"); a fixed token maps to its raw span."""
    if ftfy.fix_text(clean.text, CONFIG) == clean.text:
        return clean
    out = TextBuilder()
    pos = 0
    text = clean.text
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.add_mapped(
                text[pos : m.start()], clean.starts[pos : m.start()], clean.ends[pos : m.start()]
            )
        token = m.group()
        fixed = ftfy.fix_text(token, CONFIG)
        s, e = m.start(), m.end()
        if fixed == token:
            out.add_mapped(token, clean.starts[s:e], clean.ends[s:e])
        elif fixed:
            n = len(fixed)
            out.add_mapped(fixed, [clean.starts[s]] * n, [clean.ends[e - 1]] * n)
        pos = e
    if pos < len(text):
        out.add_mapped(text[pos:], clean.starts[pos:], clean.ends[pos:])
    return out.build()
