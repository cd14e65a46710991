"""Old path of drugmine.evaluation.evaluate/scoring, kept only for learned/train.py: learned/
is being edited elsewhere (issue 16 leaves it alone). Delete once that import reads
``..evaluation.evaluate`` / ``..evaluation.scoring``."""

from .evaluation.evaluate import read_splits
from .evaluation.scoring import norm, score_facts

__all__ = ["norm", "read_splits", "score_facts"]
