"""--ner-model plugs any spaCy NER in; its labels are mapped onto ours."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import spacy
from spacy.training import Example

from drugmine.nlp.models import map_label
from drugmine.pipeline import process
from drugmine.types import RawDocument

SENTENCES = [
    ("Patients received quorvexil daily.", [(18, 27, "CHEMICAL")]),
    ("Quorvexil was stopped after a week.", [(0, 9, "CHEMICAL")]),
    ("A dose of quorvexil was added.", [(10, 19, "CHEMICAL")]),
    ("Treatment with quorvexil continued.", [(15, 24, "CHEMICAL")]),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A scispaCy-style NER with CHEMICAL labels, trained here in a second."""
    random.seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("CHEMICAL")
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in SENTENCES]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("model") / "tiny_ner"
    nlp.to_disk(path)
    return path


def test_label_mapping():
    assert map_label("CHEMICAL") == "Chemical" and map_label("DISEASE") == "Disease"
    assert map_label("GENE_OR_GENE_PRODUCT") == "Gene" and map_label("PERSON") is None


def test_plugged_model_adds_entities_the_vocabulary_lacks(tiny_model):
    text = "Treatment with quorvexil continued for months."
    with_model = process(RawDocument("t", "t.txt", text, "text"), model=str(tiny_model))
    without = process(RawDocument("t", "t.txt", text, "text"), model="none")
    assert ("quorvexil", "Chemical") in {(e.text, e.type) for e in with_model.entities}
    assert "quorvexil" not in {e.text for e in without.entities}


def test_cli_accepts_the_model_path_and_rejects_a_bad_one(tiny_model, tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text("Treatment with quorvexil continued.", encoding="utf-8")
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "drugmine.cli",
            "run",
            str(src),
            "--out",
            str(tmp_path / "o"),
            "--ner-model",
            str(tiny_model),
            "--quiet",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert "quorvexil" in (tmp_path / "o" / "entities.csv").read_text(encoding="utf-8")
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "drugmine.cli",
            "run",
            str(src),
            "--out",
            str(tmp_path / "o2"),
            "--ner-model",
            str(tmp_path / "nope"),
        ],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("drugmine: error: cannot load NER")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_chunks_cover_the_text_cut_after_line_breaks():
    from drugmine.nlp.models import chunks

    text = "".join(f"Line {i} says zelmotrin helps.\n" for i in range(40)) + "x" * 500
    parts = list(chunks(text, size=100, context=30))
    assert parts[0][1] == 0 and parts[-1][2] == len(text)
    for (_, _, end, _), (_, start, _, _) in zip(parts, parts[1:], strict=False):
        assert end == start  # cores follow each other without a gap
    lines = [p for p in parts if p[2] <= len(text) - 500]
    assert len(lines) >= 10
    for left, start, end, right in lines:
        assert text[end - 1] == "\n" and end - start <= 100
        assert 0 <= start - left <= 30 and 0 <= right - end <= 30
        assert left == 0 or text[left].isspace()
    assert parts[-1][2] - parts[-1][1] == 100  # no whitespace in the tail: a hard cut


def test_the_model_in_small_chunks_finds_what_it_finds_in_the_whole_text(tiny_model):
    from drugmine.nlp.models import load_model
    from drugmine.vocab import load_lexicon

    model = load_model(str(tiny_model))
    text = "\n".join(t for t, _ in SENTENCES * 12) + " Then quorvexil again."
    whole = [(e.start_char, e.end_char) for e in model.nlp(text).ents]
    model.chunk_chars = 90
    try:
        got = [(c.start, c.end) for c in model.candidates(text, load_lexicon())]
    finally:
        model.chunk_chars = type(model).chunk_chars
    assert len(whole) >= 40 and got == whole
