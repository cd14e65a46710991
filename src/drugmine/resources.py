"""Access to the package's data files (vocabularies, patterns, trigger words)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    return Path(str(resources.files("drugmine") / "data" / name))


def read_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, comments and blank lines skipped."""
    rows = []
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(r[0].strip().lower() for r in read_rows(name))


@cache
def pattern(name: str, key: str) -> re.Pattern:
    """One alternation regex from the rows of `name` whose first column is `key`."""
    terms = [r[1] for r in read_rows(name) if r[0] == key]
    return re.compile(r"\b(?:" + "|".join(terms) + r")\b", re.I)
