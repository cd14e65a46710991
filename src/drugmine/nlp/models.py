"""Statistical NER models plugged in beside the vocabulary: ours by default, or any spaCy
pipeline a user has (e.g. scispaCy's en_ner_bc5cdr_md), with its labels mapped onto ours."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from ..vocab import Entry, Lexicon
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


@dataclass
class ModelNER:
    """Wraps a spaCy pipeline; its entities become candidates with our types."""

    nlp: Language
    name: str

    def candidates(self, text: str, lexicon: Lexicon) -> list[Candidate]:
        out = []
        for ent in self.nlp(text).ents:
            etype = map_label(ent.label_)
            if etype is None:
                continue
            entry = lexicon.lookup(ent.text)
            if entry is None or entry.type != etype:
                entry = Entry(etype, "", ent.text.lower(), source=f"model:{self.name}")
            out.append(Candidate(ent.start_char, ent.end_char, etype, entry, "model"))
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
