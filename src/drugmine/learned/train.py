"""Train the relation model on gold documents, and measure rules / model / both.

Examples come from running the rules on each gold document: every candidate pair is
labelled with the relation the document's gold facts give its drug and condition
(matched as the evaluator matches facts: drug or brand name, object or alias), else
"none". The model is a spaCy TextCatBOW text classifier over the pair's feature line.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import spacy
from spacy.training import Example
from spacy.util import minibatch

from ..clean import clean_text
from ..evaluation.evaluate import read_splits
from ..evaluation.scoring import norm, score_facts
from ..extract import extract
from ..facts import build_facts
from ..io import read_document
from ..nlp.pipeline import make_nlp
from ..tables.brat import GoldFact, read_facts_tsv
from .decide import MODES, RelationModel
from .pairs import RELATIONS

LABELS = (*RELATIONS, "none")
NGRAMS = 1
TRAIN_SPLITS = ("seed", "authored", "real-dev")


@dataclass
class GoldDoc:
    doc_id: str
    doc: object  # spaCy Doc without the facts stage
    clean: object  # CleanText
    facts: list[GoldFact]


def load_gold_docs(gold_dir: Path, raw_dir: Path, splits: Iterable[str]) -> list[GoldDoc]:
    """Gold documents of these splits, cleaned and run through the Doc stages once."""
    split_of = read_splits(gold_dir)
    facts: dict[str, list[GoldFact]] = defaultdict(list)
    for f in read_facts_tsv(gold_dir / "facts.tsv"):
        facts[f.doc_id].append(f)
    nlp = make_nlp("none")
    out = []
    wanted = set(splits)
    for path in sorted(raw_dir.iterdir()):
        if split_of.get(path.stem) not in wanted:
            continue
        raw = read_document(path)
        clean, _ = clean_text(raw.text, raw.kind)
        with nlp.select_pipes(disable=["drugmine_facts"]):
            doc = nlp(clean.text)
        out.append(GoldDoc(path.stem, doc, clean, facts.get(path.stem, [])))
    return out


def _gold_index(facts: list[GoldFact]) -> dict[tuple[str, str], set[str]]:
    """(drug or brand name, relation) -> normalised objects and aliases."""
    names: dict[str, set[str]] = defaultdict(set)
    for g in facts:
        names[g.drug].add(norm(g.drug))
        if g.relation == "brand":
            names[g.drug].add(norm(g.object))
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g in facts:
        if g.relation in RELATIONS:
            for name in names[g.drug]:
                index[(name, g.relation)] |= {norm(g.object), *(norm(a) for a in g.aliases)}
    return index


def examples(gold: GoldDoc) -> list[tuple[str, str]]:
    """(feature line, label) for every candidate pair of one gold document."""
    ex = extract(gold.doc, keep_pairs=True)
    index = _gold_index(gold.facts)
    out = []
    for pair in ex.pairs:
        surfaces = {norm(pair.obj.text), norm(ex.names.get(pair.obj.concept, ("",))[0])}
        label = "none"
        for rel in RELATIONS:
            if index.get((norm(pair.drug.drug), rel), set()) & surfaces:
                label = rel
                break
        out.append((pair.features, label))
    return out


def train_model(rows: list[tuple[str, str]], epochs: int = 12, seed: int = 0):
    """A blank English pipeline with one exclusive TextCatBOW classifier."""
    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    arch = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
            "ngram_size": NGRAMS, "no_output_layer": False, "length": 65536}  # fmt: skip
    config = {"model": arch}
    textcat = nlp.add_pipe("textcat", config=config)
    for label in LABELS:
        textcat.add_label(label)
    data = [Example.from_dict(nlp.make_doc(text), {"cats": _cats(label)}) for text, label in rows]
    nlp.initialize(lambda: data)
    for _ in range(epochs):
        random.shuffle(data)
        for batch in minibatch(data, size=32):
            nlp.update(batch, drop=0.1)
    return nlp


def _cats(label: str) -> dict[str, float]:
    return {name: float(name == label) for name in LABELS}


def score_mode(docs: list[GoldDoc], model: RelationModel | None) -> dict:
    """Fact P/R/F1 of the pipeline on these documents with this relation model (or rules)."""
    rows = []
    for g in docs:
        ex = extract(g.doc, relation_model=model)
        rows += [f.as_row() for f in build_facts(g.doc_id, ex, g.clean)]
    pred = pd.DataFrame(rows, columns=["doc_id", "drug", "relation", "object"])
    gold = [f for g in docs for f in g.facts]
    scores, _ = score_facts(gold, pred)
    return {r["name"]: {k: r[k] for k in ("precision", "recall", "f1")} for r in scores}


def fold_of(doc_id: str, folds: int) -> int:
    return int(hashlib.md5(doc_id.encode()).hexdigest(), 16) % folds


def cross_validate(gold_dir: Path, raw_dir: Path, folds: int = 3, **thresholds) -> dict:
    """real-dev scored by folds: each fold's model trained on the other folds plus the
    authored and seed documents; returns micro facts F1 per mode."""
    docs = load_gold_docs(gold_dir, raw_dir, TRAIN_SPLITS)
    split_of = read_splits(gold_dir)
    cached = {g.doc_id: examples(g) for g in docs}
    results: dict[str, list] = {m: [] for m in MODES}
    dev = [g for g in docs if split_of[g.doc_id] == "real-dev"]
    for k in range(folds):
        test = [g for g in dev if fold_of(g.doc_id, folds) == k]
        train = [g for g in docs if g not in test]
        nlp = train_model([row for g in train for row in cached[g.doc_id]])
        for mode in MODES:
            model = RelationModel(nlp, mode, **thresholds) if mode != "rules" else None
            results[mode].append((test, model))
    out = {}
    for mode, runs in results.items():
        test_all = [g for test, _ in runs for g in test]
        rows = []
        for test, model in runs:
            for g in test:
                ex = extract(g.doc, relation_model=model)
                rows += [f.as_row() for f in build_facts(g.doc_id, ex, g.clean)]
        pred = pd.DataFrame(rows, columns=["doc_id", "drug", "relation", "object"])
        scores, _ = score_facts([f for g in test_all for f in g.facts], pred)
        out[mode] = {r["name"]: round(r["f1"], 3) for r in scores}
    return out


def train_and_save(gold_dir: Path, raw_dir: Path, out_dir: Path, splits=TRAIN_SPLITS) -> dict:
    """Train on all documents of `splits` and write the model with its card."""
    docs = load_gold_docs(gold_dir, raw_dir, splits)
    rows = [row for g in docs for row in examples(g)]
    nlp = train_model(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.meta["name"] = "drugmine_relations"
    nlp.meta["description"] = "drugmine relation model: P(treats/causes/none) per pair"
    nlp.to_disk(out_dir)
    counts = {label: sum(1 for _, lab in rows if lab == label) for label in LABELS}
    card = {"trained_on_splits": list(splits), "documents": len(docs), "pairs": counts}
    (out_dir / "card.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return card
