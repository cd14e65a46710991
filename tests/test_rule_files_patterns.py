"""Every row of data/patterns.tsv and data/boilerplate.tsv carries its own examples: one test
per row, generated from the files (as tests/test_rule_files.py does for triggers and sections).

A patterns.tsv row is compiled by its reader's own builder, alone in its kind (the other
kinds as shipped), and applied as that reader applies it: a whole token (stems), the spans
the candidate finders keep (code names, class and disease phrases, side-effect phrases), the
text next to a mention (subtype words, qualifiers, use heads, release words, ligand cues) or
a sentence (this_class searched, other_agent matched at the start). The file header says how
an example is written; `[...]` marks a mention.

A boilerplate.tsv example is a line the cleaner drops by that row (`classify` after the
"[edit]" suffix is cut, as `drop_mask` does, and the first matching row wins); a counter is a
line of article text no row drops."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pytest
import spacy
from test_rule_files import BOILERPLATE, PATTERNS, _id  # the rows read once, one id scheme

from drugmine.clean.boilerplate import EDIT_SUFFIX, classify, drop_mask, rules
from drugmine.extract import rules as relation_rules
from drugmine.extract.subtypes import (
    LOOK_BACK,
    qualifier_after,
    qualifier_regex,
    subtype_before,
    subtype_regex,
)
from drugmine.nlp import candidates
from drugmine.nlp.pipeline import TOKENIZER
from drugmine.resources import RuleRow, alternatives, pattern, word_alternation

LIGAND_LOOK_BACK = 70  # extract/targets.py: the text before a ligand searched for its cue
MARK = re.compile(r"\[([^\[\]]+)\]")


def _terms(kind: str) -> list[str]:
    return [r.regex for r in PATTERNS if r.key == kind]


def _marked(text: str) -> tuple[str, tuple[int, int] | None]:
    """The text without its [brackets] and the span they marked (None: no brackets)."""
    marks = MARK.findall(text)
    assert len(marks) <= 1, f"more than one [mark] in {text!r}"
    m = MARK.search(text)
    if m is None:
        return text, None
    return text[: m.start()] + m.group(1) + text[m.end() :], (m.start(), m.start() + len(m[1]))


@cache
def _tokenizer():
    return spacy.blank("en", config={"nlp": {"tokenizer": TOKENIZER}})


def _candidate_rx(row: RuleRow, **override: str) -> dict[str, re.Pattern]:
    """The candidate regexes with `row` alone in its kind (and `override` kinds replaced)."""
    alt = {k: "|".join(_terms(k)) for k in {r.key for r in PATTERNS}}
    alt[row.key] = row.regex
    alt.update(override)
    return candidates.compile_patterns(lambda kind: alt[kind])


# -- mention finders: the spans the reader keeps in a text -------------------------------------


def _disease_spans(source: str) -> Callable[[str, dict], list[tuple[int, int]]]:
    def spans(text: str, rx: dict) -> list[tuple[int, int]]:
        found = candidates._disease_phrases(text, rx)
        return [(c.start, c.end) for c in found if c.entry.source == source]

    return spans


def _finditer(key: str) -> Callable[[str, dict], list[tuple[int, int]]]:
    return lambda text, rx: [m.span() for m in rx[key].finditer(text)]


def _codes(text: str, rx: dict) -> list[tuple[int, int]]:
    return [m.span() for m in candidates.code_names(text, rx)]


SPANS = {
    "code": _codes,
    "class_head": _finditer("class"),
    "class_modifier": _finditer("class"),
    "class_standalone": _finditer("class_standalone"),
    "disease_head": _disease_spans("disease-head"),
    "disease_modifier_ok": _disease_spans("disease-head"),
    "disease_modifier_drop": _disease_spans("disease-head"),
    "disease_coordinated_name": _disease_spans("disease-head"),
    "ae_phrase": _disease_spans("ae-phrase"),
}


def _check_spans(row: RuleRow) -> None:
    rx = _candidate_rx(row)
    spans = SPANS[row.key]
    for example in row.examples:
        text, mark = _marked(example)
        found = spans(text, rx)
        want = mark or (0, len(text))
        assert want in found, (
            f"line {row.line}: {text[slice(*want)]!r} not found in {text!r}; "
            f"found {[text[s:e] for s, e in found]}"
        )
    for counter in row.counters:
        text, mark = _marked(counter)
        found = spans(text, rx)
        if mark is None:
            assert not found, f"line {row.line} finds {[text[s:e] for s, e in found]} in {text!r}"
        else:
            assert mark not in found, f"line {row.line} finds {text[slice(*mark)]!r}"


def _check_code_not(row: RuleRow) -> None:
    kept_all = _candidate_rx(row, code_not="")  # no code_not row: every code name kept
    kept = _candidate_rx(row)
    for example in row.examples:
        text, mark = _marked(example)
        assert mark, f"line {row.line}: {example!r} marks no code name"
        assert mark in _codes(text, kept_all), f"{text[slice(*mark)]!r} is no code name"
        assert mark not in _codes(text, kept), f"line {row.line} keeps {text[slice(*mark)]!r}"
    for counter in row.counters:
        text, mark = _marked(counter)
        assert mark in _codes(text, kept), f"line {row.line} drops {text[slice(*mark)]!r}"


# -- words: one token ------------------------------------------------------------------------


def _one_token(word: str) -> str:
    tokens = [t.text for t in _tokenizer()(word)]
    assert tokens == [word], f"{word!r} is tokenized as {tokens}"
    return word


def _stem(word: str, row: RuleRow) -> bool:
    return candidates.stem_word(_one_token(word), _candidate_rx(row))


def _formulation(word: str, row: RuleRow) -> bool:
    return bool(_candidate_rx(row)["formulation"].fullmatch(_one_token(word)))


# -- context: the text next to a marked mention ----------------------------------------------


def _use_head(text: str, start: int, end: int, row: RuleRow) -> bool:
    use_head = re.compile(r"[ \t]+" + word_alternation([row.regex]).pattern, re.I)
    return bool(use_head.match(text, end))


def _subtype(text: str, start: int, end: int, row: RuleRow) -> bool:
    look = text[max(0, start - LOOK_BACK) : start]
    return start > 0 and bool(subtype_regex([row.regex]).search(look))


def _qualifier(text: str, start: int, end: int, row: RuleRow) -> bool:
    return bool(qualifier_regex([row.regex]).match(text, end))


def _ligand_cue(text: str, start: int, end: int, row: RuleRow) -> bool:
    before = text[max(0, start - LIGAND_LOOK_BACK) : start].rstrip()
    return bool(word_alternation([row.regex]).search(before))


def _release_word(text: str, start: int, end: int, row: RuleRow) -> bool:
    """extract/brands.py: the token after a brand, exact case, after a space."""
    doc = _tokenizer()(text)
    span = doc.char_span(start, end)
    assert span is not None, f"{text[start:end]!r} is not a run of tokens in {text!r}"
    words = set(row.regex.split("|"))
    return span.end < len(doc) and doc[span.end].text in words and span[-1].whitespace_ != ""


CONTEXT = {
    "use_head": _use_head,
    "disease_subtype": _subtype,
    "disease_qualifier_after": _qualifier,
    "ligand_cue_before": _ligand_cue,
    "brand_suffix": _release_word,
}

# -- sentences -------------------------------------------------------------------------------

SENTENCE = {
    "this_class": lambda text, row: bool(word_alternation([row.regex]).search(text)),
    "other_agent": lambda text, row: bool(  # after the leading marks, as subjects() does
        word_alternation([row.regex]).match(text, len(text) - len(text.lstrip("-•* \"'")))
    ),
}
WORD = {"stem": _stem, "formulation_prefix": _formulation}
KINDS = set(SPANS) | set(CONTEXT) | set(SENTENCE) | set(WORD) | {"code_not"}




@pytest.mark.parametrize("row", PATTERNS, ids=_id("patterns"))
def test_pattern_row(row: RuleRow):
    assert row.key in KINDS, f"line {row.line}: no test knows how {row.key!r} is applied"
    if row.key in SPANS:
        _check_spans(row)
    elif row.key == "code_not":
        _check_code_not(row)
    elif row.key in WORD:
        accepts = WORD[row.key]
        for example in row.examples:
            assert accepts(example, row), f"line {row.line} rejects {example!r}"
        for counter in row.counters:
            assert not accepts(counter, row), f"line {row.line} accepts {counter!r}"
    elif row.key in CONTEXT:
        matches = CONTEXT[row.key]
        for text, want in [(e, True) for e in row.examples] + [(c, False) for c in row.counters]:
            plain, mark = _marked(text)
            assert mark, f"line {row.line}: {text!r} marks no mention"
            assert matches(plain, *mark, row) == want, (
                f"line {row.line} {'does not match' if want else 'matches'} {text!r}"
            )
    else:
        matches = SENTENCE[row.key]
        for example in row.examples:
            assert matches(example, row), f"line {row.line} does not match {example!r}"
        for counter in row.counters:
            assert not matches(counter, row), f"line {row.line} matches {counter!r}"


def test_pattern_columns():
    """kind, regex, value: only the INN stems have a value (the class the stem implies)."""
    for row in PATTERNS:
        assert bool(row.head[2]) == (row.key == "stem"), f"line {row.line}: value {row.head[2]!r}"


def test_pipeline_reads_only_the_rule_columns():
    """The readers compile what the tests compile from the kind and regex columns."""
    shipped = candidates._regexes()
    rebuilt = candidates.compile_patterns(lambda kind: "|".join(_terms(kind)))
    assert {k: (p.pattern, p.flags) for k, p in shipped.items()} == {
        k: (p.pattern, p.flags) for k, p in rebuilt.items()
    }
    assert subtype_before().pattern == subtype_regex(_terms("disease_subtype")).pattern
    assert qualifier_after().pattern == qualifier_regex(_terms("disease_qualifier_after")).pattern
    for kind in ("this_class", "ligand_cue_before", "other_agent", "use_head"):
        assert pattern("patterns.tsv", kind).pattern == word_alternation(_terms(kind)).pattern
    use_head = word_alternation(_terms("use_head")).pattern
    assert relation_rules.USE_HEAD.pattern == r"[ \t]+" + use_head
    assert alternatives("patterns.tsv", "brand_suffix") == {
        w for t in _terms("brand_suffix") for w in t.split("|")
    }
    assert [(r.category, r.scope, r.pattern.pattern) for r in rules()] == [
        row.head for row in BOILERPLATE
    ]


@pytest.mark.parametrize(
    "index", range(len(BOILERPLATE)), ids=[_id("boilerplate")(r) for r in BOILERPLATE]
)
def test_boilerplate_row(index: int):
    row = BOILERPLATE[index]
    for example in row.examples:
        rule = classify(EDIT_SUFFIX.sub("", example))
        assert rule is not None, f"line {row.line}: {example!r} is kept"
        assert rule in rules(), f"{example!r} is dropped as CJK-only text, not by a row"
        first = rules().index(rule)
        assert first == index, f"{example!r} is decided by line {BOILERPLATE[first].line}"
        assert drop_mask([example]) == [row.key]
    for counter in row.counters:
        assert not re.search(row.regex, counter, re.I), f"line {row.line} matches {counter!r}"
        assert classify(EDIT_SUFFIX.sub("", counter)) is None, f"{counter!r} is dropped"
        assert drop_mask([counter]) == [""]
