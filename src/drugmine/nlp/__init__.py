"""NLP stage: cleaned text -> spaCy Doc with sentences, abbreviations and entities."""

from .pipeline import make_nlp

__all__ = ["make_nlp"]
