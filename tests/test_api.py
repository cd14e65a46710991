"""The Python API: drugmine.load() is a spaCy Language whose Docs carry the facts."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT

import drugmine

TEXTS = [
    "Lisinopril (Zestril) is used to treat high blood pressure. It can cause dizziness.",
    "Sertraline is an antidepressant used for depression. Side effects include nausea.",
]


@pytest.fixture(scope="module")
def api_nlp():
    return drugmine.load("none")


def triples(doc) -> list[tuple[str, str, str]]:
    return [(f.drug, f.relation, f.object) for f in doc._.facts]


def test_load_gives_a_spacy_pipeline_with_registered_stages(api_nlp):
    assert api_nlp.pipe_names == [
        "drugmine_sentences",
        "drugmine_abbreviations",
        "drugmine_entities",
        "drugmine_facts",
    ]


def test_facts_carry_spans_and_provenance(api_nlp):
    doc = api_nlp(TEXTS[0])
    facts = {(f.drug, f.relation, f.object): f for f in doc._.facts}
    treats = facts[("lisinopril", "treats", "high blood pressure")]
    assert treats.evidence.text == "Lisinopril (Zestril) is used to treat high blood pressure."
    assert treats.object_span.text == "high blood pressure"
    assert treats.drug_span.text == "Lisinopril"
    assert 0 < treats.confidence <= 1 and treats.method
    assert ("lisinopril", "brand", "Zestril") in facts
    roles = {(s.text, s.label_) for s in doc.spans["drugmine_mentions"]}
    assert {("Zestril", "Drug"), ("dizziness", "AdverseEffect")} <= roles
    ids = {s.text: s.kb_id_ for s in doc.spans["drugmine_entities"]}
    assert ids["Lisinopril"].startswith("DRUGBANK:")


def test_finished_doc_holds_plain_data_and_round_trips(api_nlp):
    from spacy.tokens import Doc

    doc = api_nlp(TEXTS[1])
    again = Doc(api_nlp.vocab).from_bytes(doc.to_bytes())
    assert triples(again) == triples(doc) and triples(doc)


def test_pipe_with_two_processes_gives_the_same_facts(api_nlp):
    one = [triples(api_nlp(t)) for t in TEXTS]
    two = [triples(d) for d in api_nlp.pipe(TEXTS, n_process=2)]
    assert two == one


def test_saved_pipeline_loads_in_a_fresh_process(api_nlp, tmp_path):
    api_nlp.to_disk(tmp_path / "pipe")
    code = (
        "import json, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        f"print(json.dumps([(f.drug, f.relation, f.object) for f in nlp({TEXTS[0]!r})._.facts]))"
    )
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True
    )
    assert [tuple(t) for t in json.loads(out.stdout)] == triples(api_nlp(TEXTS[0]))


def test_readme_python_example_runs_and_prints_what_it_shows(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    shown = re.search(r"prints\n\n```\n(.*?)```", section, re.S).group(1)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == shown
