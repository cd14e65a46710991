"""No span in the outputs is empty or white space only (issue 17): cleaning writes a
bullet "• " for each HTML list item, which has no raw characters, and the statistical NER
model sometimes tags that bullet as an entity, which became a zero-length row."""

from __future__ import annotations

import pytest

from drugmine.pipeline import process
from drugmine.types import RawDocument

LIST_PAGE = """<html><body><h1>Lapatinib</h1><p>Common side effects of lapatinib:</p>
<ul>
 <li>diarrhea, which can be severe</li>
 <li>nausea and vomiting</li>
 <li>rash, dry skin or itching</li>
 <li>mouth sores (stomatitis)</li>
 <li>tiredness (fatigue)</li>
 <li>severe skin reactions (rare)</li>
 <li>nosebleeds</li>
</ul>
<p>Hand-foot syndrome is common.</p>
<ul>
 <li>Non-small cell lung cancer (NSCLC)</li>
 <li>Hepatocellular carcinoma (HCC)</li>
 <li><strong>Hepatocellular carcinoma</strong> (HCC)</li>
</ul></body></html>"""
BULLET_TEXT = "Side effects:\n\u2022 nausea\n- rash\n*  \n\u2022\n\u2022 headache\n   \n"


def _spans(result):
    for e in result.entities:
        yield "entity", e.start, e.end, e.text
    for m in result.mentions:
        yield "mention", m.start, m.end, m.text
    for f in result.facts:
        for a, b in (("object_start", "object_end"), ("drug_start", "drug_end"),
                     ("evidence_start", "evidence_end")):  # fmt: skip
            s, e = getattr(f, a), getattr(f, b)
            if s >= 0 or e >= 0:
                yield f"fact {a}", s, e, None


@pytest.mark.parametrize(
    ("text", "kind", "model"),
    [(LIST_PAGE, "html", None), (BULLET_TEXT, "text", None), (LIST_PAGE, "html", "none")],
)
def test_no_empty_or_blank_span(text, kind, model):
    result = process(RawDocument("t", f"t.{kind}", text, kind=kind), model=model)
    assert result.status == "ok", result.error
    assert result.entities
    for what, start, end, surface in _spans(result):
        assert 0 <= start < end <= len(text), (what, start, end)
        assert text[start:end].strip(), (what, start, end)
        if surface is not None:
            assert surface == text[start:end]


def test_model_does_not_make_punctuation_entities():
    """The model's candidates need a letter or digit (a bullet is no chemical)."""
    from drugmine.clean import clean_text
    from drugmine.nlp.models import load_model, resolve_model_name
    from drugmine.vocab import load_lexicon

    model = load_model(resolve_model_name(None))
    text = clean_text(LIST_PAGE, "html")[0].text
    assert "\u2022 nosebleeds" in text
    for cand in model.candidates(text, load_lexicon()):
        assert any(ch.isalnum() for ch in text[cand.start : cand.end]), cand
