"""Every row of the rule files carries its own examples (as medspaCy's ConText rules do):
one test per row of data/triggers.tsv and data/sections.tsv, generated from the files.

An example must match its row's regex, compiled as the pipeline compiles it (slots expanded,
case-insensitive, searched); a counter-example must not. A heading example must also get the
row's role from `heading_role`, decided by that row (the first matching row wins), so a row
shadowed by an earlier one fails here."""

from __future__ import annotations

import re

import pytest

from drugmine.extract.context import heading_role, section_rules, triggers
from drugmine.resources import RuleRow, expand_slots, rule_rows

TRIGGERS = rule_rows("triggers.tsv")
SECTIONS = rule_rows("sections.tsv")
PATTERNS = rule_rows("patterns.tsv", head=3)  # kind, regex, value (test_rule_files_patterns)
BOILERPLATE = rule_rows("boilerplate.tsv", head=3, regex_at=2)  # category, scope, regex


def _compile(row: RuleRow) -> re.Pattern:
    return re.compile(expand_slots(row.regex), re.I)


def _id(name: str):
    return lambda row: f"{name}:{row.line}:{row.key}"


@pytest.mark.parametrize(
    "row",
    [pytest.param(r, id=_id("triggers")(r)) for r in TRIGGERS]
    + [pytest.param(r, id=_id("sections")(r)) for r in SECTIONS]
    + [pytest.param(r, id=_id("patterns")(r)) for r in PATTERNS]
    + [pytest.param(r, id=_id("boilerplate")(r)) for r in BOILERPLATE],
)
def test_row_has_examples(row: RuleRow):
    assert row.examples, f"line {row.line}: no example"
    assert all(row.examples) and all(row.counters), f"line {row.line}: an empty example"


@pytest.mark.parametrize("row", TRIGGERS, ids=_id("triggers"))
def test_trigger_row(row: RuleRow):
    rx = _compile(row)
    for example in row.examples:
        assert rx.search(example), f"line {row.line} does not match {example!r}"
        assert triggers()[row.key].search(example)  # the pipeline's pattern for the kind
    for counter in row.counters:
        m = rx.search(counter)
        assert not m, f"line {row.line} matches the counter {counter!r} at {m.group()!r}"


@pytest.mark.parametrize("index", range(len(SECTIONS)), ids=[_id("sections")(r) for r in SECTIONS])
def test_section_row(index: int):
    row = SECTIONS[index]
    rx = _compile(row)
    rules = section_rules()
    for example in row.examples:
        assert rx.search(example), f"line {row.line} does not match {example!r}"
        first = next(i for i, (_, r) in enumerate(rules) if r.search(example))
        assert first == index, f"{example!r} is decided by line {SECTIONS[first].line}"
        assert heading_role(example) == row.key
    for counter in row.counters:
        assert not rx.search(counter), f"line {row.line} matches the counter {counter!r}"
        assert heading_role(counter) != row.key, f"{counter!r} gets {row.key!r}"


def test_pipeline_reads_only_key_and_regex():
    groups: dict[str, list[str]] = {}
    for row in TRIGGERS:
        groups.setdefault(row.key, []).append(f"(?:{expand_slots(row.regex)})")
    assert {k: p.pattern for k, p in triggers().items()} == {
        k: "|".join(v) for k, v in groups.items()
    }
    assert [(role, p.pattern) for role, p in section_rules()] == [
        (row.key, expand_slots(row.regex)) for row in SECTIONS
    ]
