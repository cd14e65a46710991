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
def alternatives(name: str, key: str) -> frozenset[str]:
    """The words of the `key` rows of `name`, each row an alternation ("XR|XL|CR")."""
    return frozenset(w for r in read_rows(name) if r[0] == key for w in r[1].split("|"))


@cache
def pattern(name: str, key: str) -> re.Pattern:
    """One alternation regex from the rows of `name` whose first column is `key`."""
    terms = [r[1] for r in read_rows(name) if r[0] == key]
    return re.compile(r"\b(?:" + "|".join(terms) + r")\b", re.I)


VOCAB_SLOT = re.compile(r"\{([a-z_]+)\}")


@cache
def vocab_alternation(name: str) -> str:
    """The words of data/<name>.txt as one regex group, longest first (so "very rare"
    is tried before "rare")."""
    words = sorted(word_set(f"{name}.txt"), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


def expand_slots(regex: str) -> str:
    """A rule regex may name a vocabulary file as `{name}`: one list, used by every rule
    that needs it ({organ_class} in sections.tsv and triggers.tsv)."""
    return VOCAB_SLOT.sub(lambda m: vocab_alternation(m.group(1)), regex)
