"""Train and evaluate a small CPU spaCy NER (Chemical, Disease) on BC5CDR.

Only the BC5CDR train and development files are used for training (optionally plus NCBI-disease
train); the test split is never read here except by :func:`evaluate_ner` when the command line
asks for a final report. A fixed slice of BC5CDR dev is held out for early stopping.

Run (one core; this is how the shipped ``models/ner_bc5cdr`` was made)::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 \\
        python -m drugmine.train --corpus /work/shared/corpora \\
        --out src/drugmine/models/ner_bc5cdr --n-iter 150 --max-minutes 68 --patience 15 \\
        --report-test

``--pretrain-minutes`` (masked-character pretraining of tok2vec on non-test text) and
``--embed chars`` are available but did not beat the default on the BC5CDR dev holdout.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.training import Example
from spacy.util import compounding, filter_spans, fix_random_seed, minibatch
from thinc.api import Adam

from .evaluation.corpora import CorpusDoc, corpus_docs

LABELS = ("Chemical", "Disease")
LOG = logging.getLogger("drugmine.train")

# Extra tokenizer rules on top of scispaCy's: split hyphens, slashes, brackets and similar inside
# tokens, opening brackets/hyphens at the start and a final period. With scispaCy's rules alone
# ~10% of BC5CDR mentions ("cocaine" in "cocaine-induced") do not start/end on a token boundary.
EXTRA_INFIX = r"[-/()\[\]+,:;=]"
EXTRA_PREFIX = r"^[(\[\-]"
EXTRA_SUFFIX = r"(?<=[A-Za-z0-9])\.$"


@dataclass
class NERSettings:
    """Model and optimisation settings (all stored in the meta card)."""

    embed: str = "hash"
    width: int = 96
    depth: int = 4
    embed_size: int = 4000
    char_width: int = 32
    n_chars: int = 8
    window_size: int = 1
    maxout_pieces: int = 3
    hidden_width: int = 64
    dropout: float = 0.15
    learn_rate: float = 0.001
    l2: float = 0.01
    grad_clip: float = 1.0
    batch_start: float = 2.0
    batch_stop: float = 16.0
    batch_compound: float = 1.001
    patience: int = 12
    pretrain_minutes: float = 0.0
    pretrain_hidden: int = 300
    pretrain_chars: int = 4
    holdout_fraction: float = 0.2
    max_minutes: float | None = None


# --------------------------------------------------------------------------- pipeline


def make_blank_nlp() -> Language:
    """Blank English pipeline with scispaCy's tokenizer plus :data:`EXTRA_INFIX` splitting.

    The rules are plain regexes, so ``nlp.to_disk``/``spacy.load`` round-trips them.
    """
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    nlp = spacy.blank("en")
    tokenizer = combined_rule_tokenizer(nlp)
    infix = tokenizer.infix_finditer.__self__.pattern
    prefix = tokenizer.prefix_search.__self__.pattern
    suffix = tokenizer.suffix_search.__self__.pattern
    tokenizer.infix_finditer = re.compile(f"{EXTRA_INFIX}|{infix}").finditer
    tokenizer.prefix_search = re.compile(f"{EXTRA_PREFIX}|{prefix}").search
    tokenizer.suffix_search = re.compile(f"{suffix}|{EXTRA_SUFFIX}").search
    nlp.tokenizer = tokenizer
    return nlp


def tok2vec_config(settings: NERSettings) -> dict:
    """HashEmbedCNN (NORM/PREFIX/SUFFIX/SHAPE hash tables) or, with ``embed="chars"``, a CNN
    over a NORM hash table plus the first/last ``n_chars // 2`` characters of each token."""
    if settings.embed == "hash":
        return {
            "@architectures": "spacy.HashEmbedCNN.v2",
            "pretrained_vectors": None,
            "width": settings.width,
            "depth": settings.depth,
            "embed_size": settings.embed_size,
            "window_size": settings.window_size,
            "maxout_pieces": settings.maxout_pieces,
            "subword_features": True,
        }
    if settings.embed != "chars":
        raise ValueError(f"unknown embed {settings.embed!r} (hash, chars)")
    return {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.CharacterEmbed.v2",
            "width": settings.width,
            "rows": settings.embed_size,
            "nM": settings.char_width,
            "nC": settings.n_chars,
            "include_static_vectors": False,
            "feature": "NORM",
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": settings.width,
            "depth": settings.depth,
            "window_size": settings.window_size,
            "maxout_pieces": settings.maxout_pieces,
        },
    }


def add_ner_pipes(nlp: Language, settings: NERSettings) -> None:
    """Add a CNN ``tok2vec`` and a transition-based ``ner`` listening to it."""
    ner = {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": settings.hidden_width,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.Tok2VecListener.v1",
            "width": settings.width,
            "upstream": "*",
        },
    }
    nlp.add_pipe("tok2vec", config={"model": tok2vec_config(settings)})
    pipe = nlp.add_pipe("ner", config={"model": ner})
    for label in LABELS:
        pipe.add_label(label)


# --------------------------------------------------------------------------- gold conversion


def _gazetteer_matcher(nlp: Language, docs: Iterable[CorpusDoc], etype: str) -> PhraseMatcher:
    """Case-insensitive matcher of every gold ``etype`` string in ``docs``."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    strings = {e.text.lower() for d in docs for e in d.entities if e.type == etype}
    matcher.add(etype, [nlp.make_doc(s) for s in sorted(strings) if s.strip()])
    return matcher


def doc_to_example(
    nlp: Language, cdoc: CorpusDoc, stats: dict, unknown: PhraseMatcher | None = None
) -> Example:
    """Gold ``Example`` for ``cdoc``; misaligned mentions become missing (neither entity nor O).

    ``unknown`` marks matches as missing too (for corpora that do not annotate every label).
    """
    doc = nlp.make_doc(cdoc.text)
    spans, missing = [], []
    for ent in cdoc.entities:
        if ent.type not in LABELS:
            continue
        stats["mentions"] = stats.get("mentions", 0) + 1
        span = doc.char_span(ent.start, ent.end, label=ent.type, alignment_mode="expand")
        if span is None:
            stats["unalignable"] = stats.get("unalignable", 0) + 1
        elif (span.start_char, span.end_char) != (ent.start, ent.end):
            stats["misaligned"] = stats.get("misaligned", 0) + 1
            missing.append(span)
        else:
            spans.append(span)
    kept = filter_spans(spans)
    stats["overlapping"] = stats.get("overlapping", 0) + len(set(spans)) - len(kept)
    if unknown is not None:
        missing += [Span(doc, s, e) for _, s, e in unknown(doc)]
    missing = _drop_overlaps(missing, kept)
    doc.set_ents(kept, missing=missing, default="outside")
    return Example(nlp.make_doc(cdoc.text), doc)


def _drop_overlaps(candidates: list[Span], keep: list[Span]) -> list[Span]:
    """``candidates`` that overlap nothing in ``keep`` (and each other), longest first."""
    taken = {i for span in keep for i in range(span.start, span.end)}
    out = []
    for span in sorted(candidates, key=lambda s: (s.start - s.end, s.start)):
        if not taken.intersection(range(span.start, span.end)):
            out.append(span)
            taken.update(range(span.start, span.end))
    return out


def split_holdout(docs: Sequence[CorpusDoc], fraction: float) -> tuple[list, list]:
    """Deterministic (rest, holdout): the ``fraction`` of docs whose MD5(doc_id) sorts first."""
    ranked = sorted(docs, key=lambda d: hashlib.md5(d.doc_id.encode()).hexdigest())
    n_hold = max(1, round(fraction * len(docs))) if docs else 0
    hold_ids = {d.doc_id for d in ranked[:n_hold]}
    return [d for d in docs if d.doc_id not in hold_ids], [d for d in docs if d.doc_id in hold_ids]


# --------------------------------------------------------------------------- evaluation


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    """Precision/recall/F1 with separate true-positive counts for predictions and gold."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f1": round(f, 4),
        "n_pred": n_pred,
        "n_gold": n_gold,
        "tp": tp_gold,
    }


def _overlaps(span: tuple[int, int, str], others: set[tuple[int, int, str]]) -> bool:
    return any(o[2] == span[2] and o[0] < span[1] and span[0] < o[1] for o in others)


def score_spans(pred: list[set], gold: list[set], types: Sequence[str]) -> dict:
    """Strict (exact offsets and type) and lenient (same type, overlapping) P/R/F1 per type."""
    out: dict = {"strict": {}, "lenient": {}}
    for etype in [*types, "micro"]:
        keep = set(types) if etype == "micro" else {etype}
        counts = {"strict": [0, 0, 0, 0], "lenient": [0, 0, 0, 0]}
        for p_set, g_set in zip(pred, gold, strict=True):
            p_set = {s for s in p_set if s[2] in keep}
            g_set = {s for s in g_set if s[2] in keep}
            exact = len(p_set & g_set)
            counts["strict"] = [
                a + b
                for a, b in zip(
                    counts["strict"], (exact, len(p_set), exact, len(g_set)), strict=True
                )
            ]
            lenient = (
                sum(_overlaps(s, g_set) for s in p_set),
                len(p_set),
                sum(_overlaps(s, p_set) for s in g_set),
                len(g_set),
            )
            counts["lenient"] = [a + b for a, b in zip(counts["lenient"], lenient, strict=True)]
        for mode in ("strict", "lenient"):
            out[mode][etype] = _prf(*counts[mode])
    return out


def predict_spans(nlp: Language, docs: Sequence[CorpusDoc]) -> tuple[list[set], int, float]:
    """Predicted (start, end, label) sets per doc, the token count and the seconds taken."""
    start = time.perf_counter()
    preds, words = [], 0
    for doc in nlp.pipe((d.text for d in docs), batch_size=32):
        words += len(doc)
        preds.append({(e.start_char, e.end_char, e.label_) for e in doc.ents})
    return preds, words, time.perf_counter() - start


def evaluate_ner(
    model_path: str | Path | Language,
    docs: Sequence[CorpusDoc],
    types: Sequence[str] = LABELS,
) -> dict:
    """Strict and lenient P/R/F1 per type (and micro) of a model on ``docs``, plus speed.

    Gold mentions are used as given (no alignment filtering), so tokenisation errors count.
    """
    nlp = model_path if isinstance(model_path, Language) else spacy.load(model_path)
    preds, words, seconds = predict_spans(nlp, docs)
    gold = [{(e.start, e.end, e.type) for e in d.entities} for d in docs]
    scores = score_spans(preds, gold, types)
    scores.update(
        n_docs=len(docs),
        words=words,
        seconds=round(seconds, 2),
        words_per_second=round(words / seconds) if seconds else None,
    )
    return scores


# --------------------------------------------------------------------------- pretraining


def _chunks(text: str, min_words: int = 5) -> list[str]:
    """Blank-line separated paragraphs of ``text`` with at least ``min_words`` words."""
    parts = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return [p for p in parts if len(p.split()) >= min_words]


def pretrain_texts(corpus_dir: Path) -> tuple[list[str], dict]:
    """Unlabelled in-domain text for pretraining, never from an evaluation (test) split.

    BC5CDR/NCBI/ChemProt train+dev abstracts, ADE train+dev sentences and TAC train labels;
    any document whose PMID is in the BC5CDR or NCBI-disease test split is dropped.
    """
    banned = {
        d.doc_id
        for name in ("bc5cdr", "ncbi_disease")
        for d in corpus_docs(name, corpus_dir, "test")
    }
    texts: list[str] = []
    counts: dict = {}
    for name in ("bc5cdr", "ncbi_disease", "chemprot", "ade", "tac2017"):
        kept = 0
        for split in ("train", "dev"):
            for doc in corpus_docs(name, corpus_dir, split):
                if doc.meta.get("pmid", doc.doc_id) in banned:
                    continue
                chunks = _chunks(doc.text)
                texts.extend(chunks)
                kept += len(chunks)
        counts[name] = kept
    return list(dict.fromkeys(texts)), counts


def pretrain_tok2vec(nlp: Language, texts: list[str], settings: NERSettings) -> tuple[bytes, dict]:
    """Pretrain the ``tok2vec`` weights with spaCy's masked character objective
    (``spacy.PretrainCharacters.v1``) for ``settings.pretrain_minutes``; returns the averaged
    weights and a log."""
    from spacy.training.pretrain import make_update
    from spacy.util import registry
    from thinc.api import set_dropout_rate

    docs = [nlp.make_doc(t) for t in texts]  # also fills the vocab used for random words
    tok2vec = nlp.get_pipe("tok2vec").model
    tok2vec.initialize(X=docs[:8])
    create = registry.architectures.get("spacy.PretrainCharacters.v1")(
        maxout_pieces=3, hidden_size=settings.pretrain_hidden, n_characters=settings.pretrain_chars
    )
    model = create(nlp.vocab, tok2vec)
    model.initialize(X=docs[:8])
    set_dropout_rate(model, 0.2)
    optimizer = Adam(learn_rate=settings.learn_rate, use_averages=True)
    started, words, epochs, loss = time.perf_counter(), 0, 0, 0.0
    while time.perf_counter() - started < settings.pretrain_minutes * 60:
        epochs += 1
        random.shuffle(docs)
        for batch in minibatch(docs, size=32):
            loss = make_update(model, batch, optimizer, model.attrs["loss"]) / max(1, len(batch))
            words += sum(len(d) for d in batch)
            if time.perf_counter() - started >= settings.pretrain_minutes * 60:
                break
        LOG.info("pretrain epoch %d: %d words, last batch loss %.1f", epochs, words, loss)
    with model.use_params(optimizer.averages):
        weights = tok2vec.to_bytes()
    log = {
        "texts": len(texts),
        "words_seen": words,
        "epochs": epochs,
        "minutes": round((time.perf_counter() - started) / 60, 1),
    }
    return weights, log


# --------------------------------------------------------------------------- training


def load_training_docs(corpus_dir: Path, corpora: Sequence[str]) -> dict[str, list[CorpusDoc]]:
    """Train+dev docs of the fully annotated corpora and train docs of Disease-only ones."""
    out: dict[str, list[CorpusDoc]] = {}
    for name in corpora:
        if name == "bc5cdr":
            out["bc5cdr_train"] = corpus_docs("bc5cdr", corpus_dir, "train")
            out["bc5cdr_dev"] = corpus_docs("bc5cdr", corpus_dir, "dev")
        elif name == "ncbi_disease":
            out["ncbi_disease_train"] = corpus_docs("ncbi_disease", corpus_dir, "train")
        else:
            raise ValueError(f"cannot train NER on corpus {name!r} (bc5cdr, ncbi_disease)")
    if "bc5cdr_dev" not in out:
        raise ValueError("training needs 'bc5cdr' (its dev split supplies the holdout)")
    return out


def make_examples(
    nlp: Language, data: dict[str, list[CorpusDoc]], holdout_ids: set[str]
) -> tuple[list[Example], dict]:
    """Training examples (holdout excluded) and alignment statistics per source."""
    full = [d for key, docs in data.items() if key.startswith("bc5cdr") for d in docs]
    chemicals = _gazetteer_matcher(nlp, full, "Chemical")
    examples, stats = [], {}
    for key, docs in data.items():
        unknown = None if key.startswith("bc5cdr") else chemicals
        stats[key] = {"docs": 0}
        for cdoc in docs:
            if key == "bc5cdr_dev" and cdoc.doc_id in holdout_ids:
                continue
            stats[key]["docs"] += 1
            examples.append(doc_to_example(nlp, cdoc, stats[key], unknown))
    return examples, stats


def _batches(examples: list[Example], sizes: Iterable[float]) -> Iterable[list[Example]]:
    """Shuffle in place and yield compounding-size minibatches."""
    random.shuffle(examples)
    return minibatch(examples, size=sizes)


def run_training(
    nlp: Language,
    examples: list[Example],
    holdout: list[CorpusDoc],
    n_iter: int,
    settings: NERSettings,
    init_tok2vec: bytes | None = None,
) -> tuple[bytes, list[dict]]:
    """Train with early stopping on ``holdout`` strict micro F1; returns best weights and log."""
    optimizer = Adam(
        learn_rate=settings.learn_rate,
        L2=settings.l2,
        grad_clip=settings.grad_clip,
        use_averages=True,
    )
    nlp.initialize(lambda: examples, sgd=optimizer)
    if init_tok2vec is not None:
        nlp.get_pipe("tok2vec").model.from_bytes(init_tok2vec)
    sizes = compounding(settings.batch_start, settings.batch_stop, settings.batch_compound)
    best, best_bytes, history, started = -1.0, nlp.to_bytes(), [], time.perf_counter()
    for epoch in range(1, n_iter + 1):
        losses: dict = {}
        for batch in _batches(examples, sizes):
            nlp.update(batch, drop=settings.dropout, sgd=optimizer, losses=losses)
        with nlp.use_params(optimizer.averages):
            scores = evaluate_ner(nlp, holdout)
            f1 = scores["strict"]["micro"]["f1"]
            if f1 > best:
                best, best_bytes = f1, nlp.to_bytes()
        minutes = (time.perf_counter() - started) / 60
        history.append(
            {
                "epoch": epoch,
                "loss": round(losses.get("ner", 0.0), 1),
                "holdout_f1": f1,
                "minutes": round(minutes, 2),
            }
        )
        LOG.info(
            "epoch %d loss %.1f holdout strict F1 %.4f (best %.4f) %.1f min",
            epoch,
            losses.get("ner", 0.0),
            f1,
            best,
            minutes,
        )
        if _should_stop(history, best, settings, minutes):
            break
    return best_bytes, history


def _should_stop(history: list[dict], best: float, settings: NERSettings, minutes: float) -> bool:
    """Stop on patience (epochs since the best holdout F1) or the time budget."""
    best_epoch = max(h["epoch"] for h in history if h["holdout_f1"] == best)
    if history[-1]["epoch"] - best_epoch >= settings.patience:
        return True
    return settings.max_minutes is not None and minutes >= settings.max_minutes


def dir_size(path: Path) -> int:
    """Total bytes of the files under ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def train_ner(
    corpus_dir: Path,
    out_dir: Path,
    *,
    corpora: Sequence[str] = ("bc5cdr",),
    n_iter: int = 150,
    seed: int = 0,
    include_ncbi_train: bool = False,
    settings: NERSettings | None = None,
) -> dict:
    """Train the Chemical/Disease NER on BC5CDR train+dev, save it to ``out_dir``, return the card.

    A fixed ``settings.holdout_fraction`` of BC5CDR dev is held out for early stopping;
    ``include_ncbi_train`` adds NCBI-disease train (Disease only: chemicals found by a BC5CDR
    gazetteer are marked missing). Writes ``out_dir/meta-card.json`` (data, settings, scores,
    size, speed).
    """
    settings = settings or NERSettings()
    fix_random_seed(seed)
    corpora = list(dict.fromkeys([*corpora, *(["ncbi_disease"] if include_ncbi_train else [])]))
    data = load_training_docs(Path(corpus_dir), corpora)
    _, holdout = split_holdout(data["bc5cdr_dev"], settings.holdout_fraction)
    nlp = make_blank_nlp()
    add_ner_pipes(nlp, settings)
    examples, stats = make_examples(nlp, data, {d.doc_id for d in holdout})
    weights, pretrain_log = None, {}
    if settings.pretrain_minutes > 0:
        texts, pretrain_log["sources"] = pretrain_texts(Path(corpus_dir))
        weights, log = pretrain_tok2vec(nlp, texts, settings)
        pretrain_log.update(log)
    started = time.perf_counter()
    best_bytes, history = run_training(nlp, examples, holdout, n_iter, settings, weights)
    train_minutes = (time.perf_counter() - started) / 60
    nlp.from_bytes(best_bytes)
    holdout_scores = evaluate_ner(nlp, holdout)
    _set_meta(nlp, corpora, holdout_scores)
    out_dir = Path(out_dir)
    nlp.to_disk(out_dir)
    card = {
        "data": {
            "corpora": corpora,
            "sources": stats,
            "holdout_docs": len(holdout),
            "holdout_ids": sorted(d.doc_id for d in holdout),
            "training_words": sum(len(e.reference) for e in examples),
            "test_split_used_for_training": False,
        },
        "settings": {
            **asdict(settings),
            "n_iter": n_iter,
            "seed": seed,
            "labels": list(LABELS),
            "tokenizer": {
                "base": "scispacy combined_rule_tokenizer",
                "extra_infix": EXTRA_INFIX,
                "extra_prefix": EXTRA_PREFIX,
                "extra_suffix": EXTRA_SUFFIX,
            },
        },
        "pretraining": pretrain_log,
        "training": {
            "epochs": len(history),
            "minutes": round(train_minutes, 1),
            "best_epoch": max(history, key=lambda h: h["holdout_f1"])["epoch"],
            "history": history,
        },
        "scores": {"holdout": holdout_scores},
        "size_bytes": dir_size(out_dir),
        "speed": {
            "words_per_second": holdout_scores["words_per_second"],
            "measured_on": "bc5cdr dev holdout",
        },
    }
    write_card(out_dir, card)
    return card


def _set_meta(nlp: Language, corpora: Sequence[str], holdout: dict) -> None:
    """Fill ``meta.json`` fields shown by spaCy."""
    nlp.meta.update(
        name="ner_bc5cdr",
        version="0.1.0",
        license="MIT",
        description="drugmine Chemical/Disease NER (HashEmbedCNN) trained on "
        + ", ".join(corpora)
        + " train+dev; see meta-card.json",
    )
    nlp.meta["performance"] = {"holdout_strict_f1": holdout["strict"]["micro"]["f1"]}


def write_card(out_dir: Path, card: dict) -> Path:
    """Write ``out_dir/meta-card.json`` and return its path."""
    path = Path(out_dir) / "meta-card.json"
    path.write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- command line


def report_test(corpus_dir: Path, out_dir: Path, card: dict) -> dict:
    """Add BC5CDR test and NCBI-disease test scores (and speed on BC5CDR test) to the card."""
    nlp = spacy.load(out_dir)
    bc5 = evaluate_ner(nlp, corpus_docs("bc5cdr", corpus_dir, "test"))
    ncbi = evaluate_ner(nlp, corpus_docs("ncbi_disease", corpus_dir, "test"), types=("Disease",))
    card["scores"].update(bc5cdr_test=bc5, ncbi_disease_test=ncbi)
    card["speed"] = {
        "words_per_second": bc5["words_per_second"],
        "measured_on": "bc5cdr test, nlp.pipe batch 32, one thread",
    }
    write_card(out_dir, card)
    return card
