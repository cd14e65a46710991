"""bench/scale.py's own arithmetic (pages, table, ratios); its timings are benchmarks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import scale  # noqa: E402


def test_page_repeats_the_texts_and_cuts_at_a_line_break():
    texts = ["Alpha line one.\nAlpha line two.", "Beta line."]
    text = scale.page(texts, 100)
    assert len(text) <= 100 and text.startswith("Alpha line one.\nAlpha line two.\n\nBeta")
    assert text.count("Beta line.") >= 2


def _run(seconds, chars, words=100, rss=200.0):
    if seconds is None:
        return {"seconds": None, "timeout_s": 10.0, "chars": chars, "words": words}
    return {"seconds": seconds, "chars": chars, "words": words, "rss_mb": rss}


def test_table_and_ratios_show_per_character_growth_and_timeouts():
    results = {
        "drugmine": {"documents": _run(2.0, 5000), "20k": _run(1.0, 20_000),
                     "1280k": _run(96.0, 1_280_000, rss=700.0)},
        "drugmine-no-model": {"documents": _run(1.0, 5000), "20k": _run(0.5, 20_000),
                              "1280k": _run(32.0, 1_280_000)},
        "tokenizer": {"documents": _run(0.1, 5000), "20k": _run(0.05, 20_000),
                      "1280k": _run(3.2, 1_280_000)},
        "medspacy-sentencizer": {"documents": _run(4.0, 5000), "20k": _run(0.2, 20_000),
                                 "1280k": _run(None, 1_280_000)},
    }  # fmt: skip
    table = scale.format_table(results)
    assert "| drugmine | 50 | 0.0500 | 0.0750 | 1.50x | 700 |" in table
    assert "> 0.0078" in table  # a timed-out run is a lower bound
    r = scale.ratios(results)
    assert r["drugmine / tokenizer"] == pytest.approx(0.05)
    assert r["drugmine / medspacy-sentencizer"] == pytest.approx(2.0)
    assert r["drugmine: per-char 1280k / 20k"] == pytest.approx(1.5)
    assert "medspacy-sentencizer: per-char 1280k / 20k" not in r
