"""drugmine: evidence-linked drug facts from raw web documents.

>>> import drugmine
>>> nlp = drugmine.load()          # a spaCy Language
>>> doc = nlp("Metformin (Glucophage) is used to treat type 2 diabetes.")
>>> [(f.drug, f.relation, f.object) for f in doc._.facts]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
PIPELINE_VERSION = "1"

if TYPE_CHECKING:
    from spacy.language import Language


def load(model: str = "default") -> Language:
    """The drugmine pipeline as a new spaCy ``Language``.

    `model` is the statistical NER beside the vocabularies: "default" (shipped, trained
    on BC5CDR), "none", or any spaCy pipeline with an ``ner`` (a package name such as
    scispaCy's ``en_ner_bc5cdr_md`` where installed, or a directory from ``nlp.to_disk``).
    Results: ``doc._.facts``, ``doc.spans["drugmine_mentions"]`` (roles) and
    ``doc.spans["drugmine_entities"]`` (Chemical/Disease/Gene with IDs in ``kb_id_``).
    """
    from .nlp.pipeline import build_nlp

    return build_nlp(model)
