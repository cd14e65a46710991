"""Readers for the public benchmark corpora in ``/work/shared/corpora`` (PubTator files
here; ADE, TAC 2017 and ChemProt in corpus_readers.py), and :func:`corpus_docs` over all.

Every reader returns a list of :class:`CorpusDoc` with character-offset entities that index
``doc.text`` exactly (``doc.text[e.start:e.end] == e.text``). Entity types are ``Chemical``,
``Disease``, ``Gene`` or ``AdverseReaction``. Readers are pure functions of the files; splits are
deterministic.

Split conventions (see :func:`corpus_docs`):

- bc5cdr / ncbi_disease / chemprot: the official train / development / test files.
- ade: no official split; :func:`ade_split` assigns each PMID to train/dev/test = 80/10/10 by an
  MD5 hash of the PMID, so all sentences of one abstract land in the same split.
- tac2017: test = ``gold_xml`` (99 labels); dev = a fixed 20% of ``train_xml`` (20 of 101 labels,
  those whose file-name MD5 hash sorts first, :func:`tac_dev_names`); train = the other 81.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

NCBI_CLASSES = {"SpecificDisease", "DiseaseClass", "Modifier", "CompositeMention"}
SPLITS = ("train", "dev", "test")


@dataclass
class CorpusEntity:
    """A mention: ``text == doc.text[start:end]``; ``concept_id`` is namespaced or empty."""

    start: int
    end: int
    type: str
    text: str
    concept_id: str = ""


@dataclass
class CorpusDoc:
    """One document (abstract, sentence or drug label) with its gold annotations."""

    doc_id: str
    text: str
    entities: list[CorpusEntity] = field(default_factory=list)
    relations: list[tuple] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def _require(path: Path) -> Path:
    """Return ``path`` or raise a FileNotFoundError that names it."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus file not found: {path}")
    return path


def _bucket(key: str, n: int = 10) -> int:
    """A stable bucket in ``range(n)`` (MD5, independent of PYTHONHASHSEED)."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % n


# --------------------------------------------------------------------------- PubTator


def _namespace_ids(raw: str) -> str:
    """``D015738`` -> ``MESH:D015738``; keeps ``OMIM:``; ``-1`` -> ``""``; handles ``|``/``+``."""
    if raw in ("", "-1"):
        return ""
    parts = re.split(r"([|+])", raw)
    out = []
    for part in parts:
        if part in ("|", "+") or not part:
            out.append(part)
        elif part == "-1":
            out.append("")
        elif ":" in part:
            out.append(part)
        else:
            out.append(f"MESH:{part}")
    return "".join(out)


def _pubtator_type(raw: str) -> str:
    """Map a PubTator type/class onto ``Chemical`` or ``Disease``."""
    if raw in NCBI_CLASSES or raw == "Disease":
        return "Disease"
    if raw == "Chemical":
        return "Chemical"
    raise ValueError(f"unknown PubTator entity type {raw!r}")


def _parse_pubtator_block(lines: list[str]) -> CorpusDoc:
    """Parse one blank-line-separated PubTator document."""
    pmid, _, title = lines[0].split("|", 2)
    _, _, abstract = lines[1].split("|", 2)
    text = f"{title} {abstract}"
    doc = CorpusDoc(pmid, text, [], [], {"pmid": pmid, "title_end": len(title)})
    mismatches = 0
    for line in lines[2:]:
        cols = line.split("\t")
        if len(cols) >= 4 and cols[1] == "CID":
            doc.relations.append(("CID", _namespace_ids(cols[2]), _namespace_ids(cols[3])))
            continue
        start, end = int(cols[1]), int(cols[2])
        mismatches += text[start:end] != cols[3]
        etype = _pubtator_type(cols[4])
        cid = _namespace_ids(cols[5]) if len(cols) > 5 else ""
        doc.entities.append(CorpusEntity(start, end, etype, text[start:end], cid))
    doc.meta["offset_mismatches"] = mismatches
    return doc


def read_pubtator(path: str | Path) -> list[CorpusDoc]:
    """Read a PubTator file (BC5CDR, NCBI-disease); duplicate PMIDs keep the first copy.

    Text is ``title + " " + abstract``. NCBI classes map to ``Disease``. Concept IDs are
    namespaced (``MESH:D015738``, ``OMIM:215600``); CID relations are
    ``("CID", chemical_id, disease_id)``. ``meta["offset_mismatches"]`` counts mentions whose
    listed string differs from the text slice (the entity text is always the slice).
    """
    path = _require(Path(path))
    docs: list[CorpusDoc] = []
    seen: set[str] = set()
    block: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            doc = _parse_pubtator_block(block)
            if doc.doc_id not in seen:
                seen.add(doc.doc_id)
                docs.append(doc)
            block = []
    return docs


# --------------------------------------------------------------------------- dispatcher

PUBTATOR_FILES = {
    "bc5cdr": (
        "bc5cdr",
        {
            "train": "CDR_TrainingSet.PubTator.txt",
            "dev": "CDR_DevelopmentSet.PubTator.txt",
            "test": "CDR_TestSet.PubTator.txt",
        },
    ),
    "ncbi_disease": (
        "ncbi_disease",
        {
            "train": "NCBItrainset_corpus.txt",
            "dev": "NCBIdevelopset_corpus.txt",
            "test": "NCBItestset_corpus.txt",
        },
    ),
}
CORPUS_NAMES = ("bc5cdr", "ncbi_disease", "ade", "tac2017", "chemprot")


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")


def _corpus_dir(path: Path, folder: str) -> Path:
    """Accept either the corpora root or the corpus folder itself."""
    return path / folder if (path / folder).is_dir() else path


def corpus_docs(name: str, path: str | Path, split: str) -> list[CorpusDoc]:
    """Docs of corpus ``name`` (bc5cdr, ncbi_disease, ade, tac2017, chemprot) for ``split``.

    ``path`` is the corpora root (``/work/shared/corpora``) or the corpus folder itself.
    Splits: train/dev/test (see the module docstring for ade and tac2017).
    """
    # here, not at the top: corpus_readers imports this module's types
    from .corpus_readers import ade_split, read_ade, read_chemprot, read_tac, tac_dev_names

    _check_split(split)
    path = Path(path)
    if name in PUBTATOR_FILES:
        folder, files = PUBTATOR_FILES[name]
        return read_pubtator(_corpus_dir(path, folder) / files[split])
    if name == "ade":
        return ade_split(read_ade(_corpus_dir(path, "ade_corpus_v2")), split)
    if name == "tac2017":
        base = _corpus_dir(path, "tac2017_adr")
        if split == "test":
            return read_tac(base / "gold_xml")
        docs = read_tac(base / "train_xml")
        dev = tac_dev_names([d.meta["file"] for d in docs])
        return [d for d in docs if (Path(d.meta["file"]).stem.upper() in dev) == (split == "dev")]
    if name == "chemprot":
        return read_chemprot(_corpus_dir(path, "chemprot"), split)
    raise ValueError(f"unknown corpus {name!r}; expected one of {CORPUS_NAMES}")
