"""Old path of drugmine.tables.brat, kept only for learned/train.py: learned/ is being edited
elsewhere (issue 16 leaves it alone). Delete once that import reads ``..tables.brat``."""

from .tables.brat import GoldFact, read_facts_tsv

__all__ = ["GoldFact", "read_facts_tsv"]
