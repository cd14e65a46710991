"""Optional masked-character pretraining of tok2vec on unlabelled non-test corpus text."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from spacy.language import Language
from spacy.util import minibatch
from thinc.api import Adam

from ..evaluation.corpora import corpus_docs
from .model import LOG, NERSettings


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
