"""Cleaning stage: raw document -> article text with a map back to raw offsets."""

from __future__ import annotations

import re

from .boilerplate import filter_lines
from .html import html_to_text
from .offsets import CleanText
from .text import fix_mojibake

_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.I)

__all__ = ["CleanText", "clean_text", "looks_like_html"]


def looks_like_html(raw: str) -> bool:
    return bool(_HTML_SNIFF.match(raw[:1000]))


def clean_text(raw: str, kind: str = "text") -> tuple[CleanText, dict[str, int]]:
    """Article text of a raw document; `kind` is "html" or "text"."""
    base = html_to_text(raw) if kind == "html" else CleanText.identity(raw)
    fixed = fix_mojibake(base)
    return filter_lines(fixed)
