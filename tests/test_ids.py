"""Verified standard IDs: every MeSH ID in the lexicon names the concept its entry names."""

from __future__ import annotations

import pytest

from drugmine import ids
from drugmine.vocab import Entry, americanize, load_lexicon, norm_key


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def _mesh(entry: Entry) -> list[str]:
    return [i for i in f"{entry.concept_id}|{entry.xrefs}".split("|") if i.startswith("MESH:")]


@pytest.mark.parametrize(
    "term, mesh",
    [
        # the standard descriptors (MeSH preferred names "Nausea", "Vomiting", ...); the
        # vocabulary package gives nausea vomiting's neighbour and hypertension another's
        ("nausea", "MESH:D009325"),
        ("vomiting", "MESH:D014839"),
        ("hypertension", "MESH:D006973"),
        ("Parkinson's disease", "MESH:D010300"),
        ("Parkinson disease", "MESH:D010300"),
        ("penicillin", "MESH:D010406"),  # Penicillins, not Anti-Bacterial Agents
        ("anti-bacterial agents", "MESH:D000900"),
    ],
)
def test_terms_carry_their_own_descriptor(lex, term, mesh):
    entry = lex.lookup(term)
    assert entry is not None and entry.concept_id == mesh


def test_drugs_keep_drugbank_primary_and_gain_their_mesh(lex):
    entry = lex.lookup("fentanyl")  # the package's MeSH field says "Anesthetics, Intravenous"
    assert entry.concept_id.startswith("DRUGBANK:")
    assert _mesh(entry) == ["MESH:D005283"]  # MeSH "Fentanyl"


def test_spelling_variants_share_an_id(lex):
    for british, american in (("diarrhoea", "diarrhea"), ("oedema", "edema")):
        a, b = lex.lookup(british), lex.lookup(american)
        assert a is not None and b is not None
        assert a.concept_id and a.concept_id == b.concept_id


def test_diseases_list_hpo_beside_mesh(lex):
    entry = lex.lookup("vomiting")
    assert entry.xrefs.split("|") == ["HP:0002013"]


def test_every_descriptor_id_is_named_by_its_term_canonical_or_a_corpus_pair(lex):
    """The property the old package IDs broke (51% of exact disease spans were wrong)."""
    names = ids.mesh_names()
    corpus = ids.corpus_ids()
    unverified = []
    for key, entry in lex.terms.items():
        for mesh in _mesh(entry):
            allowed = {key, americanize(key), norm_key(entry.canonical)}
            if mesh in names and norm_key(names[mesh]) in allowed:
                continue
            kind = ids.CORPUS_TYPE.get(entry.type)
            if corpus.get((key, kind)) == mesh or corpus.get((americanize(key), kind)) == mesh:
                continue
            if mesh in ids.mention_mesh(key, entry.type):  # its spelling/plural variant's
                continue
            unverified.append((key, entry.canonical, mesh))
    assert not unverified[:20]


def _entry(canonical: str, etype: str = "Disease") -> Entry:
    return Entry(etype, "", canonical, source="test")


def test_a_descriptor_name_beats_a_broader_corpus_mapping(monkeypatch):
    monkeypatch.setattr(ids, "mesh_by_name", lambda: {"gum bleeding": "MESH:D1"})
    monkeypatch.setattr(ids, "corpus_ids", lambda: {("gum bleeding", "Disease"): "MESH:D2"})
    assert ids.verified_mesh("gum bleeding", _entry("gum bleeding")) == ("MESH:D1", "")


def test_an_older_supplementary_record_is_kept_as_a_second_id(monkeypatch):
    monkeypatch.setattr(ids, "mesh_by_name", lambda: {"zorbamycin": "MESH:D9"})
    monkeypatch.setattr(ids, "corpus_ids", lambda: {("zorbamycin", "Chemical"): "MESH:C7"})
    got = ids.verified_mesh("zorbamycin", _entry("zorbamycin", "Chemical"))
    assert got == ("MESH:D9", "MESH:C7")


def test_a_corpus_record_for_a_synonym_overrides_the_package_synonym(monkeypatch):
    monkeypatch.setattr(ids, "mesh_by_name", lambda: {"big toe gout": "MESH:D3"})
    monkeypatch.setattr(ids, "corpus_ids", lambda: {("podagra minor", "Disease"): "MESH:C5"})
    assert ids.verified_mesh("podagra minor", _entry("big toe gout")) == ("MESH:C5", "")
    assert ids.verified_mesh("big toe gout", _entry("big toe gout")) == ("MESH:D3", "")


def test_no_source_no_id(monkeypatch):
    monkeypatch.setattr(ids, "mesh_by_name", lambda: {})
    monkeypatch.setattr(ids, "corpus_ids", lambda: {})
    assert ids.verified_mesh("wobbly knees", _entry("wobbly knees")) == ("", "")
    grounded = ids.ground({"wobbly knees": _entry("wobbly knees")}, {})
    assert grounded["wobbly knees"].concept_id == "" and grounded["wobbly knees"].xrefs == ""


def test_join_ids_keeps_order_and_drops_repeats():
    joined = ids.join_ids("MESH:D1", "", "HP:1|MESH:D1", "DRUGBANK:DB1")
    assert joined == "MESH:D1|HP:1|DRUGBANK:DB1"
