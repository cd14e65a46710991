"""Cleaning passes stay linear on pathological pages, and keep what they decided before.

No timings: the heading pass is counted (twice the lines, about twice the work), the
bounded regexes are checked to match exactly the lines the unbounded ones matched, and
long symbol runs are checked to be cut with their offsets intact.
"""

from __future__ import annotations

import re

from drugmine.clean import MAX_SYMBOL_RUN, clean_text
from drugmine.clean import boilerplate as bp


class CountingLines(list):
    """A list of lines that counts how often a line is looked at."""

    reads = 0

    def __getitem__(self, index):
        CountingLines.reads += 1
        return super().__getitem__(index)


def heading_pass_reads(n: int, orphan_pass) -> int:
    lines = CountingLines(f"Dosing step {i}" for i in range(n))
    mask = ["" if i % 3 else "ads" for i in range(n)]
    CountingLines.reads = 0
    orphan_pass(lines, mask)
    return CountingLines.reads


def test_heading_pass_work_grows_linearly():
    small, large = (heading_pass_reads(n, bp._drop_orphan_headings) for n in (2000, 4000))
    assert large <= 2.2 * small, (small, large)
    # the counter sees the quadratic pass this replaced
    old = [heading_pass_reads(n, _old_orphan_headings) for n in (200, 400)]
    assert old[1] >= 3.5 * old[0], old


def _old_orphan_headings(lines, mask):
    """The former quadratic pass, kept here as the reference for the decisions."""
    for i, line in enumerate(lines):
        if mask[i] or not line.strip() or not bp._looks_like_heading(line):
            continue
        section = []
        for j in [j for j in range(i + 1, len(lines)) if lines[j].strip()]:
            if not mask[j] and bp._looks_like_heading(lines[j]):
                break
            section.append(j)
        if section and all(mask[j] for j in section):
            mask[i] = mask[section[0]]


def test_heading_pass_decides_as_before():
    import random

    rng = random.Random(7)
    words = ["Side effects", "How to take it.", "", "Dose", "Ask your nurse,", "Storage"]
    for _ in range(300):
        lines = [rng.choice(words) for _ in range(rng.randint(1, 14))]
        mask = [rng.choice(["", "", "ads", "share"]) if line else "" for line in lines]
        old, new = list(mask), list(mask)
        _old_orphan_headings(lines, old)
        bp._drop_orphan_headings(lines, new)
        assert new == old, (lines, mask)


def test_bounded_patterns_match_the_same_lines():
    old_email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+", re.I)
    new_email = next(r.pattern for r in bp.rules() if "@" in r.pattern.pattern)
    old_cite = re.compile(
        r"(\(\d{4}\)|\b(19|20)\d{2}\b|et al\.?|doi:|https?://|\bjournal\b|\d+\(\d+\)|pp?\.\s*\d)",
        re.I,
    )
    old_edit = re.compile(r"\s*\[\s*edit(\s*\|\s*edit source)?\s*\]\s*$", re.I)
    lines = [
        "Write to pharmacy.team+help@clinic-example.org today",
        "no address here", "a@b", "x.y@host.example", "@start.org", "aaaa" * 50 + "@",
        "Vol 12(3): 45-50", "12(", "(3)", "a12(3)b", "99999(1)",
        "Dosing [edit]", "Dosing[edit | edit source]", "   [ edit ]  ", "[edit] later",
    ]  # fmt: skip
    for line in lines:
        assert bool(new_email.search(line)) == bool(old_email.search(line)), line
        assert bool(bp.CITATION.search(line)) == bool(old_cite.search(line)), line
        old_m, new_m = old_edit.search(line), bp.EDIT_SUFFIX.search(line)
        assert (old_m and old_m.start()) == (new_m and new_m.start()), line
    assert bp.CITATION.search("Vol 12(3)") and not bp.CITATION.search("1" * 5000)


def test_long_lines_and_runs_complete_and_keep_offsets():
    raw = "Contact us " + "b" * 50_000 + "\n" + "1" * 50_000 + "\n" + " " * 50_000 + "x\n"
    raw += "Wow" + "!" * 3000 + " Atenolol lowers blood pressure. " + "\u2728" * 3000 + "\n"
    clean, _ = clean_text(raw, "text")
    assert "!" * MAX_SYMBOL_RUN in clean.text and "!" * (MAX_SYMBOL_RUN + 1) not in clean.text
    assert "\u2728" * (MAX_SYMBOL_RUN + 1) not in clean.text
    k = clean.text.index("Atenolol")
    start, end = clean.raw_span(k, k + len("Atenolol"))
    assert raw[start:end] == "Atenolol"
    for i, c in enumerate(clean.text):  # every kept character still points at itself
        if clean.ends[i] - clean.starts[i] == 1 and c != "\n":
            assert raw[clean.starts[i]] == c
