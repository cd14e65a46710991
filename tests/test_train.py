"""Train a tiny NER on hand-written sentences, save, reload and run it."""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from drugmine.evaluation.corpora import CorpusDoc, CorpusEntity
from drugmine.training.examples import doc_to_example
from drugmine.training.model import NERSettings, make_blank_nlp
from drugmine.training.scores import evaluate_ner, score_spans
from drugmine.training.train import train_ner

CHEMICALS = ["aspirin", "cisplatin", "lithium", "haloperidol", "warfarin"]
DISEASES = ["nephrotoxicity", "headache", "tremor", "bleeding", "seizures"]
TEMPLATES = [
    "Treatment with {c} caused {d} in two patients.",
    "We report {d} after {c} therapy.",
    "{c}-induced {d} was observed in rats.",
    "Patients receiving {c} developed severe {d}.",
]


def tiny_docs(start: int, n: int) -> list[CorpusDoc]:
    """``n`` one-sentence docs with one Chemical and one Disease each."""
    docs = []
    for i in range(start, start + n):
        chem, dis = CHEMICALS[i % 5], DISEASES[(i // 5) % 5]
        template = TEMPLATES[i % len(TEMPLATES)]
        if template.startswith("{c}"):
            chem = chem.capitalize()
        elif template.startswith("{d}"):
            dis = dis.capitalize()
        text = template.format(c=chem, d=dis)
        c0, d0 = text.index(chem), text.index(dis)
        ents = [
            CorpusEntity(c0, c0 + len(chem), "Chemical", chem),
            CorpusEntity(d0, d0 + len(dis), "Disease", dis),
        ]
        docs.append(CorpusDoc(str(1000 + i), text, ents, [], {}))
    return docs


def write_pubtator(path: Path, docs: list[CorpusDoc]) -> None:
    """Write docs as PubTator (the sentence is the title; the abstract is one word)."""
    blocks = []
    for d in docs:
        lines = [f"{d.doc_id}|t|{d.text}", f"{d.doc_id}|a|Abstract."]
        lines += [f"{d.doc_id}\t{e.start}\t{e.end}\t{e.text}\t{e.type}\t-1" for e in d.entities]
        blocks.append("\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n\n")


def test_misaligned_mentions_become_missing() -> None:
    nlp = make_blank_nlp()
    text = "Cocaine-induced seizures and nephrotoxicity."
    doc = CorpusDoc(
        "x",
        text,
        [
            CorpusEntity(0, 7, "Chemical", "Cocaine"),
            CorpusEntity(16, 24, "Disease", "seizures"),
            CorpusEntity(29, 35, "Disease", "nephro"),
        ],
        [],
        {},
    )
    stats: dict = {}
    example = doc_to_example(nlp, doc, stats)
    assert [(e.text, e.label_) for e in example.reference.ents] == [
        ("Cocaine", "Chemical"),
        ("seizures", "Disease"),
    ]
    assert stats["misaligned"] == 1 and stats["mentions"] == 3
    assert example.reference[-2].ent_iob_ == ""  # "nephrotoxicity": missing, not O


def test_score_spans_strict_and_lenient() -> None:
    gold = [{(0, 7, "Chemical"), (16, 24, "Disease")}]
    pred = [{(0, 7, "Chemical"), (16, 30, "Disease"), (40, 45, "Chemical")}]
    scores = score_spans(pred, gold, ("Chemical", "Disease"))
    assert scores["strict"]["Chemical"]["p"] == 0.5 and scores["strict"]["Chemical"]["r"] == 1.0
    assert scores["strict"]["Disease"]["f1"] == 0.0
    assert scores["lenient"]["Disease"]["f1"] == 1.0
    assert scores["strict"]["micro"]["tp"] == 1


def test_train_save_reload(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora" / "bc5cdr"
    corpus.mkdir(parents=True)
    train_docs, dev_docs = tiny_docs(0, 20), tiny_docs(20, 5)
    write_pubtator(corpus / "CDR_TrainingSet.PubTator.txt", train_docs)
    write_pubtator(corpus / "CDR_DevelopmentSet.PubTator.txt", dev_docs)
    settings = NERSettings(
        width=32,
        depth=2,
        embed_size=500,
        dropout=0.1,
        learn_rate=0.005,
        batch_start=4,
        batch_stop=4,
        patience=5,
    )
    out = tmp_path / "model"
    card = train_ner(tmp_path / "corpora", out, n_iter=3, settings=settings)
    assert card["training"]["epochs"] == 3
    assert card["data"]["sources"]["bc5cdr_train"]["docs"] == 20
    assert json.loads((out / "meta-card.json").read_text())["size_bytes"] > 0

    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"Chemical", "Disease"}
    docs = list(nlp.pipe(d.text for d in train_docs))
    labels = {e.label_ for doc in docs for e in doc.ents}
    assert labels and labels <= {"Chemical", "Disease"}
    assert [t.text for t in nlp("Cisplatin-induced tremor")][:3] == ["Cisplatin", "-", "induced"]
    scores = evaluate_ner(out, train_docs)
    assert set(scores["strict"]) == {"Chemical", "Disease", "micro"}
