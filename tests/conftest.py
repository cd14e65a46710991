"""Shared fixtures: project paths and the optional public corpora."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
ANNOTATIONS = ROOT / "annotations"
CORPORA = ROOT.parent / "shared" / "corpora"

warnings.filterwarnings("ignore", category=UserWarning, module=r"scispacy(\..*)?")


@pytest.fixture(scope="session")
def nlp():
    from drugmine.nlp import make_nlp

    return make_nlp()


@pytest.fixture
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present")
    return CORPORA
