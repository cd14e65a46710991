"""Access to the package's data files (vocabularies, patterns, trigger words)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    return Path(str(resources.files("drugmine") / "data" / name))


def _data_lines(name: str) -> list[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of a data file, comments and blank lines skipped."""
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    return [
        (n, line.split("\t"))
        for n, line in enumerate(lines, 1)
        if line.strip() and not line.startswith("#")
    ]


def read_rows(name: str, width: int | None = None) -> list[list[str]]:
    """Tab-separated rows of a data file, comments and blank lines skipped.

    `width` keeps the first `width` columns: a rule file (triggers.tsv, sections.tsv,
    patterns.tsv, boilerplate.tsv) carries example and counter-example columns after its
    rule columns that only the tests read."""
    return [fields[:width] for _, fields in _data_lines(name)]


EXAMPLE_SEP = " || "


@dataclass(frozen=True)
class RuleRow:
    """One row of a rule file: key<TAB>regex<TAB>examples[<TAB>counters], where examples
    are texts the regex must match and counters near misses it must not, each list joined
    with " || ". A file with more rule columns (patterns.tsv: kind, regex, value;
    boilerplate.tsv: category, scope, regex) keeps them all in `head`."""

    line: int
    key: str
    regex: str
    examples: tuple[str, ...]
    counters: tuple[str, ...]
    head: tuple[str, ...] = ()


def _split_examples(field: str) -> tuple[str, ...]:
    return tuple(e.strip() for e in field.split(EXAMPLE_SEP)) if field.strip() else ()


def rule_rows(name: str, head: int = 2, regex_at: int = 1) -> list[RuleRow]:
    """The rows of a rule file with their examples (for tests; the pipeline reads
    `read_rows(name, head)`): `head` rule columns, the regex in column `regex_at`, then
    examples and counters."""
    out = []
    for n, fields in _data_lines(name):
        if not head <= len(fields) <= head + 2:
            raise ValueError(f"{name}:{n}: {len(fields)} columns, expected {head} to {head + 2}")
        examples = _split_examples(fields[head]) if len(fields) > head else ()
        counters = _split_examples(fields[head + 1]) if len(fields) > head + 1 else ()
        row = RuleRow(n, fields[0], fields[regex_at], examples, counters, tuple(fields[:head]))
        out.append(row)
    return out


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(r[0].strip().lower() for r in read_rows(name))


@cache
def alternatives(name: str, key: str) -> frozenset[str]:
    """The words of the `key` rows of `name`, each row an alternation ("XR|XL|CR")."""
    return frozenset(w for r in read_rows(name, 2) if r[0] == key for w in r[1].split("|"))


@cache
def pattern(name: str, key: str) -> re.Pattern:
    """One alternation regex from the rows of `name` whose first column is `key`."""
    return word_alternation([r[1] for r in read_rows(name, 2) if r[0] == key])


def word_alternation(terms: list[str]) -> re.Pattern:
    """The regexes `terms` as one case-insensitive alternation between word boundaries."""
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
