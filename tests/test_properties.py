"""Property tests (hypothesis): the cleaner's raw-offset map and the evaluator's arithmetic."""

from __future__ import annotations

import html

import ftfy
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from drugmine.clean import clean_text
from drugmine.clean.text import CONFIG as FTFY_CONFIG
from drugmine.evaluation.scoring import Span, match_spans, score_mentions

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEPARATORS = {"\n", " ", "\t", "•"}  # what the cleaner inserts without a raw source

# ---------------------------------------------------------------------------- the cleaner

# text that ftfy leaves alone (NFC, no mojibake, no controls): every kept character is
# copied from the raw text one to one
PLAIN_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:()-'\"!?/")
    + ["\n", "\r\n", "\r", "\t", "  ", "é", "ß", "Ω", "中", "文", "😀", "💊", "𝐀", "’", "–"]
)
plain_texts = st.lists(PLAIN_ALPHABET, max_size=400).map("".join)
any_texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)

WORDS = st.sampled_from(
    ["Imatinib", "treats", "leukaemia", "nausea", "😀", "Ω", "中文", "a", "1.5", "mg", "’"]
)
ENTITIES = st.sampled_from(
    ["&amp;", "&lt;", "&gt;", "&nbsp;", "&eacute;", "&#233;", "&#x1F48A;", "&copy;",
     "&hellip;", "&ndash;", "&foo;", "&amp", "&#38;", "&quot;", "&#160;"]
)  # fmt: skip
TAGS = st.sampled_from(["p", "div", "span", "b", "li", "ul", "h2", "td", "tr", "em", "a"])
SKIPPED = st.sampled_from(["script", "style", "nav", "footer", "figure"])
SPACE = st.sampled_from([" ", "\n", "\r\n", "\t", "  "])


@st.composite
def html_pages(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 6))
        if kind <= 1:
            parts.append(draw(WORDS))
        elif kind == 2:
            parts.append(draw(ENTITIES))
        elif kind == 3:
            parts.append(draw(SPACE))
        elif kind == 4:
            tag = draw(TAGS)
            parts.append(f"<{tag}>" if draw(st.booleans()) else f"</{tag}>")
        elif kind == 5:
            tag = draw(SKIPPED)
            parts.append(f"<{tag}>{draw(WORDS)}</{tag}>")
        else:
            parts.append(draw(st.sampled_from(["<br>", "<br/>", "<!-- c -->", "<img alt=x>"])))
    return "".join(parts)


def check_offset_map(raw: str, kind: str, strict: bool) -> None:
    clean, _ = clean_text(raw, kind)
    text, starts, ends = clean.text, clean.starts, clean.ends
    assert len(starts) == len(ends) == len(text)
    for i, ch in enumerate(text):
        s, e = starts[i], ends[i]
        assert 0 <= s <= e <= len(raw)
        if s == e:  # synthetic separator: stands for no raw character
            assert ch in SEPARATORS, (i, ch)
            continue
        piece = raw[s:e]
        if piece == ch:  # one raw character, copied exactly
            continue
        if kind == "html" and piece.startswith("&"):  # one entity reference
            assert ch in html.unescape(piece).replace("\xa0", " "), (i, ch, piece)
        else:  # a token ftfy repaired (C1 quote, mojibake, NFC) maps to its whole raw token
            assert not strict, (i, ch, piece)
            assert ch in ftfy.fix_text(piece, FTFY_CONFIG), (i, ch, piece)


@SETTINGS
@given(plain_texts)
def test_plain_text_characters_map_back_exactly(raw):
    check_offset_map(raw, "text", strict=True)


@SETTINGS
@given(any_texts)
def test_any_text_maps_back_to_its_raw_characters(raw):
    check_offset_map(raw, "text", strict=False)


@SETTINGS
@given(html_pages())
def test_html_characters_map_back_to_text_or_entity(raw):
    check_offset_map(raw, "html", strict=True)


@SETTINGS
@given(html_pages(), st.sampled_from(["Ã©", "donâ€™t", "Ã¼ber"]))
def test_html_with_mojibake_maps_repaired_tokens_to_their_raw_token(raw, mojibake):
    check_offset_map(f"<p>{mojibake} {raw}</p>", "html", strict=False)


def test_offset_map_check_catches_a_shifted_map():
    """The property has teeth: a map that is off by one fails it."""
    from drugmine.clean import offsets

    real = offsets.CleanText.identity
    try:
        offsets.CleanText.identity = classmethod(
            lambda cls, raw: (
                lambda c: cls(c.text, offsets.array("l", [x + 1 for x in c.starts]), c.ends)
            )(real(raw))
        )
        with pytest.raises(AssertionError):
            check_offset_map("Imatinib treats leukaemia.", "text", strict=True)
    finally:
        offsets.CleanText.identity = real


# ---------------------------------------------------------------------------- the evaluator


@st.composite
def span_lists(draw, min_size=0) -> list[Span]:
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["d1", "d2"]),
                st.sampled_from(["Drug", "Indication", "AdverseEffect"]),
                st.integers(0, 60),
                st.integers(1, 8),
            ),
            min_size=min_size,
            max_size=25,
            unique_by=lambda k: (k[0], k[1], k[2], k[2] + k[3]),
        )
    )
    return [Span(doc, label, s, s + n, "x" * n) for doc, label, s, n in keys]


def micro(rows: list[dict], matching: str) -> dict:
    (row,) = [r for r in rows if r["name"] == "micro" and r["matching"] == matching]
    return row


NESTED_GOLD = [Span("d", "Drug", 24, 26), Span("d", "Drug", 25, 26), Span("d", "Drug", 24, 25)]


@SETTINGS
@example(NESTED_GOLD)  # a greedy best-overlap matcher pairs these 2 of 3 in lenient mode
@given(span_lists(min_size=1))
def test_gold_against_itself_scores_one(gold):
    rows, _ = score_mentions(gold, list(gold))
    for matching in ("strict", "lenient"):
        r = micro(rows, matching)
        assert (r["f1"], r["tp"]) == (1.0, len(gold)), matching


@SETTINGS
@given(span_lists(min_size=1))
def test_empty_prediction_has_zero_recall(gold):
    rows, _ = score_mentions(gold, [])
    for matching in ("strict", "lenient"):
        r = micro(rows, matching)
        assert (r["tp"], r["fp"], r["fn"], r["recall"], r["f1"]) == (0, 0, len(gold), 0.0, 0.0)


@SETTINGS
@given(span_lists(), span_lists())
def test_scores_are_bounded_and_counts_add_up(gold, pred):
    rows, _ = score_mentions(gold, pred)
    for r in rows:
        for key in ("precision", "recall", "f1"):
            assert 0.0 <= r[key] <= 1.0
    for matching in ("strict", "lenient"):
        r = micro(rows, matching)
        assert r["tp"] + r["fn"] == len(gold)
        assert r["tp"] + r["fp"] == len(pred)


OVERLAP_GOLD = [Span("d", "Drug", 0, 5), Span("d", "Drug", 3, 8)]
OVERLAP_PRED = [Span("d", "Drug", 2, 6)]


def _duplicate_adds_no_true_positive(gold, pred, duplicate, lenient):
    before, _, _ = match_spans(gold, pred, lenient)
    after, _, fp = match_spans(gold, [*pred, duplicate], lenient)
    assert len(after) <= len(before)
    assert len(fp) >= 1


@SETTINGS
@example(OVERLAP_GOLD, OVERLAP_PRED, 0)
@given(span_lists(), span_lists(min_size=1), st.integers(0, 24))
def test_a_duplicate_prediction_never_adds_a_true_positive_strict(gold, pred, k):
    _duplicate_adds_no_true_positive(gold, pred, pred[k % len(pred)], False)


@SETTINGS
@example(OVERLAP_GOLD, OVERLAP_PRED, 0)
@given(span_lists(), span_lists(min_size=1), st.integers(0, 24))
def test_a_duplicate_prediction_never_adds_a_true_positive_lenient(gold, pred, k):
    _duplicate_adds_no_true_positive(gold, pred, pred[k % len(pred)], True)
