"""Statistical NER models plugged in beside the vocabulary: ours by default, or any spaCy
pipeline a user has (e.g. scispaCy's en_ner_bc5cdr_md), with its labels mapped onto ours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from ..vocab import Lexicon
from .candidates import Candidate

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "ner_bc5cdr"
LABEL_MAP = {
    "CHEMICAL": "Chemical",
    "CHEM": "Chemical",
    "DRUG": "Chemical",
    "SIMPLE_CHEMICAL": "Chemical",
    "DISEASE": "Disease",
    "DISORDER": "Disease",
    "ADR": "Disease",
    "ADVERSEREACTION": "Disease",
    "GENE": "Gene",
    "GENE_OR_GENE_PRODUCT": "Gene",
    "PROTEIN": "Gene",
    "GENE-Y": "Gene",
    "GENE-N": "Gene",
}


def map_label(label: str) -> str | None:
    return LABEL_MAP.get(label.upper().replace(" ", "_"))


CHUNK_CHARS = 4000  # text the model sees at once, so its memory per document is bounded
CONTEXT_CHARS = 200  # text either side of a chunk the model reads but keeps no entity from
BATCH = 16  # chunks per model call: about 70k characters in memory at once
WHITESPACE = re.compile(r"\s")


def chunks(text: str, size: int = CHUNK_CHARS, context: int = CONTEXT_CHARS):
    """(left, start, end, right) per chunk: the cores [start, end) cover `text` in order,
    cut after a line break (else a space) near `size`; [left, right) adds up to `context`
    characters either side, cut at whitespace, so a word at a cut sees the same
    neighbours as in the whole text."""
    n, pos = len(text), 0
    while pos < n:
        end = n
        if pos + size < n:
            cut = text.rfind("\n", pos + 1, pos + size)
            if cut < 0:
                cut = text.rfind(" ", pos + 1, pos + size)
            end = cut + 1 if cut >= 0 else pos + size
        left = max(0, pos - context)
        if left:
            m = WHITESPACE.search(text, left, pos)
            left = m.start() if m else pos
        right = min(n, end + context)
        if right < n:
            space = max(text.rfind(" ", end, right), text.rfind("\n", end, right))
            right = space if space >= 0 else end
        yield left, pos, end, right
        pos = end


@dataclass
class ModelNER:
    """Wraps a spaCy pipeline; its entities become candidates with our types.

    The model reads the text in chunks of about `CHUNK_CHARS` with some context either
    side, `BATCH` chunks at a time (the whole of a long page at once costs about 15 KB per
    token and passes the model's ``max_length``); an entity belongs to the chunk its first
    character is in. An entity without a letter or digit is dropped: the model tags the
    "•" cleaning writes for an HTML list item, which has no raw characters."""

    nlp: Language
    name: str
    chunk_chars: int = CHUNK_CHARS

    def candidates(self, text: str, lexicon: Lexicon) -> list[Candidate]:
        out = []
        parts = list(chunks(text, self.chunk_chars))
        docs = self.nlp.pipe((text[left:right] for left, _, _, right in parts), batch_size=BATCH)
        for (left, start, end, _), doc in zip(parts, docs, strict=True):
            for ent in doc.ents:
                s, e = ent.start_char + left, ent.end_char + left
                etype = map_label(ent.label_)
                if etype is None or not start <= s < end:
                    continue
                if not any(ch.isalnum() for ch in ent.text):  # a list bullet "•" it tagged
                    continue
                entry = lexicon.lookup(ent.text)
                if entry is None or entry.type != etype:
                    entry = lexicon.mention_entry(ent.text, etype, f"model:{self.name}")
                out.append(Candidate(s, e, etype, entry, "model"))
        return out


def resolve_model_name(name: str | None) -> str | None:
    """None/"default" -> the shipped model when present; "none" -> no model."""
    if name is None or name == "default":
        return str(DEFAULT_MODEL) if (DEFAULT_MODEL / "meta.json").exists() else None
    if name.lower() == "none":
        return None
    return name


@lru_cache(maxsize=4)
def load_model(name: str) -> ModelNER:
    """Load an installed spaCy package name or a directory made by nlp.to_disk()."""
    try:
        nlp = spacy.load(name, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    except OSError as exc:
        raise ValueError(f"cannot load NER model {name!r}: {exc}") from exc
    if "ner" not in nlp.pipe_names:
        raise ValueError(f"model {name!r} has no 'ner' component")
    return ModelNER(nlp, Path(name).name)
