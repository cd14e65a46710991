"""The NER model to train: a blank English pipeline with scispaCy's tokenizer (plus
splitting rules BC5CDR mentions need), its tok2vec + NER config and the settings."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import spacy
from spacy.language import Language

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
