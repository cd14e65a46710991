"""The linear-time overlap tests agree with the pairwise comparisons they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drugmine.intervals import Enclosing, Occupied, SpanIndex
from drugmine.nlp.candidates import Candidate, resolve, subtype_prefixed
from drugmine.nlp.components import _fill_gaps
from drugmine.vocab import Entry

SETTINGS = settings(max_examples=200, deadline=None)
span = st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1]))
spans = st.lists(span, max_size=30)
METHODS = ("lexicon", "pattern", "model", "abbreviation")
TYPES = ("Chemical", "Disease", "Gene", "DrugClass")


def _cand(start: int, end: int, k: int) -> Candidate:
    etype = TYPES[k % 4]
    entry = Entry(etype, "", f"c{k}", is_drug=k % 3 == 0, source="test")
    return Candidate(start, end, etype, entry, METHODS[k % 4])


candidates = st.lists(
    st.tuples(span, st.integers(0, 11)).map(lambda p: _cand(*p[0], p[1])), max_size=30
)


def _pairwise_resolve(cands: list[Candidate]) -> list[Candidate]:
    from drugmine.nlp.candidates import _rank

    ranked = sorted(cands, key=lambda c: (-c.length, _rank(c), c.start))
    taken: list[Candidate] = []
    for c in ranked:
        if not any(c.start < t.end and t.start < c.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


@SETTINGS
@given(spans, span)
def test_span_index_is_the_pairwise_overlap(base, query):
    a, b = query
    assert SpanIndex(base).overlaps(a, b) == any(a < e and s < b for s, e in base)


@SETTINGS
@given(spans, span)
def test_enclosing_is_strict_containment(base, query):
    a, b = query
    expected = any(s <= a and b <= e and (s, e) != (a, b) for s, e in base)
    assert Enclosing(base).strictly_contains(a, b) == expected


def test_occupied_marks_characters():
    occupied = Occupied(20)
    occupied.take(5, 9)
    assert occupied.overlaps(8, 12) and occupied.overlaps(0, 6)
    assert not occupied.overlaps(9, 15) and not occupied.overlaps(0, 5)


@SETTINGS
@given(candidates)
def test_resolve_matches_the_pairwise_greedy(cands):
    assert resolve(cands) == _pairwise_resolve(cands)


@SETTINGS
@given(candidates, candidates)
def test_fill_gaps_matches_the_pairwise_scan(base, extra):
    add = [m for m in extra if not any(m.start < c.end and c.start < m.end for c in base)]
    assert _fill_gaps(base, extra) == sorted(base + add, key=lambda c: c.start)


def test_subtype_prefix_drops_the_biomarker_inside_it():
    text = "Patients with EGFR-mutant lung cancer and KRAS alone."
    gene = _cand(text.index("EGFR"), text.index("EGFR") + 4, 2)
    disease = Candidate(
        text.index("lung"),
        text.index(" and"),
        "Disease",
        Entry("Disease", "", "lung cancer", source="test"),
        "lexicon",
    )
    kras = _cand(text.index("KRAS"), text.index("KRAS") + 4, 2)
    out = subtype_prefixed([gene, disease, kras], text)
    assert [text[c.start : c.end] for c in out] == ["EGFR-mutant lung cancer", "KRAS"]


def test_window_lists_entities_by_start_in_list_order():
    import spacy

    from drugmine.extract.code_names import _Window
    from drugmine.extract.entities import Ent

    doc = spacy.blank("en")("Take drugone then drugtwo and later drugthree daily .")
    spans = [doc[6:7], doc[1:2], doc[3:4]]  # list order is not text order
    ents = [Ent(s, "Chemical", None, "lexicon", 0) for s in spans]
    near = _Window(ents)
    assert near.longest == len("drugthree")
    assert [e.text for e in near(0, doc[4].idx)] == ["drugone", "drugtwo"]
    assert [e.text for e in near(doc[3].idx, len(doc.text))] == ["drugthree", "drugtwo"]
    assert near(doc[7].idx, len(doc.text)) == []
