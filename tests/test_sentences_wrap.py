"""Hard-wrapped prose (issue 17): a single line break inside a sentence of a paragraph
wrapped at 70-80 columns does not end the sentence, so "It may cause\\nnausea" is an
adverse effect, not a use; lists, table rows and headings stay one line each."""

from __future__ import annotations

from helpers import facts_of, run_text

WRAPPED = (
    "Warfarin is an anticoagulant used to treat deep vein thrombosis in adults. It may cause\n"
    "nausea and bleeding in some people, so tell your doctor about any bruising or\n"
    "dark stools.\n"
)
LIST = "Common side effects of warfarin:\nnausea\nheadache\n\nUses of warfarin\nthrombosis\n"


def test_wrapped_line_continues_the_sentence(nlp):
    sents = [s.text.strip() for s in nlp(WRAPPED).sents]
    assert sents[1].startswith("It may cause\nnausea and bleeding") and len(sents) == 2
    facts = facts_of(run_text(WRAPPED))
    assert ("warfarin", "causes", "nausea") in facts
    assert ("warfarin", "treats", "nausea") not in facts


def test_short_lines_and_blank_lines_still_end_sentences(nlp):
    sents = [s.text.strip() for s in nlp(LIST).sents]
    assert sents == ["Common side effects of warfarin:", "nausea", "headache",
                     "Uses of warfarin", "thrombosis"]  # fmt: skip
    long_rule = "-" * 70 + "\nsee below\n"  # a rule line is no wrapped prose
    assert len(list(nlp(long_rule).sents)) == 2
    paragraph = "x" * 70 + "\n\nnext paragraph\n"  # a blank line always ends it
    assert len(list(nlp(paragraph).sents)) == 2
