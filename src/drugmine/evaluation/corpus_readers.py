"""Readers for the corpora that are not PubTator files: ADE (sentences with drug -> adverse
effect pairs), TAC 2017 (drug label XML) and ChemProt (abstracts, chemical-gene relations).
Split conventions: drugmine.evaluation.corpora."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from .corpora import CorpusDoc, CorpusEntity, _bucket, _check_split, _require

CHEMPROT_TYPES = {"CHEMICAL": "Chemical", "GENE-Y": "Gene", "GENE-N": "Gene"}


# --------------------------------------------------------------------------- ADE


def _find_spans(sentence: str, needle: str) -> list[tuple[int, int]]:
    """All non-overlapping occurrences of ``needle`` in ``sentence``.

    Tries an exact match at word boundaries, then anywhere, then the same case-insensitively.
    """
    if not needle:
        return []
    escaped = re.escape(needle)
    patterns = [rf"(?<!\w){escaped}(?!\w)", escaped]
    for flags in (0, re.IGNORECASE):
        for pattern in patterns:
            spans = [m.span() for m in re.finditer(pattern, sentence, flags)]
            if spans:
                return spans
    return []


def _ade_doc(doc_id: str, pmid: str, sentence: str, pairs: list[tuple[str, str]]) -> CorpusDoc:
    """Build one ADE sentence document from its (drug, adverse effect) pairs."""
    doc = CorpusDoc(doc_id, sentence, [], [], {"pmid": pmid, "positive": bool(pairs)})
    seen: set[tuple[int, int, str]] = set()
    missing = 0
    for drug, effect in pairs:
        for string, etype in ((drug, "Chemical"), (effect, "Disease")):
            spans = _find_spans(sentence, string)
            missing += not spans
            for start, end in spans:
                if (start, end, etype) not in seen:
                    seen.add((start, end, etype))
                    doc.entities.append(CorpusEntity(start, end, etype, sentence[start:end]))
        relation = ("causes", drug, effect)
        if relation not in doc.relations:
            doc.relations.append(relation)
    doc.entities.sort(key=lambda e: (e.start, e.end, e.type))
    doc.meta["strings_not_found"] = missing
    return doc


def read_ade(directory: str | Path) -> list[CorpusDoc]:
    """Read ADE-Corpus-V2: one doc per distinct (PMID, sentence), positives first.

    ``doc_id = f"{pmid}_{n}"`` with ``n`` counting that PMID's sentences in file order
    (DRUG-AE.rel, then ADE-NEG.txt). Drug strings become ``Chemical`` and adverse effects
    ``Disease`` entities, found by searching the strings in the sentence (every occurrence);
    relations are ``("causes", drug_text, ae_text)``. A negative sentence that is also listed
    as positive is kept once, as positive.
    """
    directory = Path(directory)
    rel_path = _require(directory / "DRUG-AE.rel")
    neg_path = _require(directory / "ADE-NEG.txt")
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for line in rel_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        pmid, sentence, effect, _, _, drug, _, _ = line.split("|")
        pairs.setdefault((pmid, sentence), []).append((drug, effect))
    for line in neg_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        pmid, tag, sentence = line.split(" ", 2)
        if tag != "NEG":
            raise ValueError(f"{neg_path}: malformed line {line[:60]!r}")
        pairs.setdefault((pmid, sentence), [])
    counters: Counter[str] = Counter()
    docs = []
    for (pmid, sentence), sentence_pairs in pairs.items():
        doc_id = f"{pmid}_{counters[pmid]}"
        counters[pmid] += 1
        docs.append(_ade_doc(doc_id, pmid, sentence, sentence_pairs))
    return docs


def ade_split_of(pmid: str) -> str:
    """The split of an ADE PMID: buckets 0-7 train, 8 dev, 9 test (MD5 of the PMID)."""
    bucket = _bucket(pmid)
    return "train" if bucket < 8 else ("dev" if bucket == 8 else "test")


def ade_split(docs: list[CorpusDoc], split: str) -> list[CorpusDoc]:
    """Keep the ADE docs in ``split`` (train/dev/test = 80/10/10 by PMID hash)."""
    _check_split(split)
    return [d for d in docs if ade_split_of(d.meta["pmid"]) == split]


# --------------------------------------------------------------------------- TAC 2017


def _tac_mention(
    mention: ET.Element, offsets: dict[str, int], text: str
) -> tuple[CorpusEntity | None, str]:
    """Convert one AdverseReaction mention; returns (entity or None, status)."""
    starts = [int(s) for s in mention.get("start", "").split(",")]
    lens = [int(n) for n in mention.get("len", "").split(",")]
    base = offsets[mention.get("section", "")]
    pieces = sorted((base + s, base + s + n) for s, n in zip(starts, lens, strict=True))
    for (_, prev_end), (next_start, _) in zip(pieces, pieces[1:], strict=False):
        if next_start < prev_end or text[prev_end:next_start].strip():
            return None, "discontiguous_skipped"
    start, end = pieces[0][0], pieces[-1][1]
    entity = CorpusEntity(start, end, "AdverseReaction", text[start:end])
    return entity, ("discontiguous_merged" if len(pieces) > 1 else "ok")


def _read_tac_file(path: Path) -> CorpusDoc:
    """Parse one TAC 2017 label XML into a document."""
    root = ET.parse(path).getroot()
    sections = root.findall("./Text/Section")
    offsets: dict[str, int] = {}
    texts: list[str] = []
    position = 0
    for section in sections:
        offsets[section.get("id", "")] = position
        texts.append(section.text or "")
        position += len(texts[-1]) + 2
    text = "\n\n".join(texts)
    meta: dict = {
        "drug": root.get("drug", ""),
        "file": path.name,
        "sections": {s.get("id", ""): s.get("name", "") for s in sections},
        "section_offsets": offsets,
        "reactions": [r.get("str", "") for r in root.findall("./Reactions/Reaction")],
    }
    status: Counter[str] = Counter()
    entities = []
    for mention in root.findall("./Mentions/Mention"):
        if mention.get("type") != "AdverseReaction":
            continue
        entity, state = _tac_mention(mention, offsets, text)
        status[state] += 1
        if entity is not None:
            entities.append(entity)
    meta["discontiguous_skipped"] = status["discontiguous_skipped"]
    meta["discontiguous_merged"] = status["discontiguous_merged"]
    entities.sort(key=lambda e: (e.start, e.end))
    return CorpusDoc(path.stem, text, entities, [], meta)


def read_tac(directory: str | Path) -> list[CorpusDoc]:
    """Read every label XML in a TAC 2017 folder (``train_xml`` or ``gold_xml``), sorted by name.

    Text is the section texts (as ElementTree returns them, CRLF -> LF) joined by ``"\\n\\n"``;
    offsets are shifted by each section's start. Only ``AdverseReaction`` mentions are kept. A
    discontiguous mention is kept as one span (first start to last end) when only whitespace
    separates its pieces (``meta["discontiguous_merged"]``), else it is skipped
    (``meta["discontiguous_skipped"]``). ``meta["drug"]`` is the label's drug name and
    ``meta["reactions"]`` its label-level reaction strings.
    """
    directory = _require(Path(directory))
    files = sorted(directory.glob("*.xml"))
    if not files:
        raise FileNotFoundError(f"no *.xml label files in {directory}")
    return [_read_tac_file(path) for path in files]


def tac_dev_names(names: list[str]) -> set[str]:
    """The fixed dev subset of ``train_xml``: the 20% of file stems (rounded) whose MD5 hash of
    the upper-cased stem sorts first. Depends only on the names, not on file order."""
    stems = sorted({Path(n).stem.upper() for n in names})
    ranked = sorted(stems, key=lambda s: hashlib.md5(s.encode("utf-8")).hexdigest())
    return set(ranked[: round(0.2 * len(stems))])


# --------------------------------------------------------------------------- ChemProt


def _chemprot_files(directory: Path, split: str) -> dict[str, Path]:
    """Paths of the abstracts, entities and gold-standard TSVs of one ChemProt split."""
    folder = {
        "train": "chemprot_training",
        "dev": "chemprot_development",
        "test": "chemprot_test_gs",
    }[split]
    return {
        kind: directory / folder / f"{folder}_{kind}.tsv"
        for kind in ("abstracts", "entities", "gold_standard")
    }


def _tsv_rows(path: Path) -> list[list[str]]:
    """Non-empty tab-separated rows of ``path``."""
    text = _require(path).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.split("\n") if line.strip()]


def read_chemprot(directory: str | Path, split: str) -> list[CorpusDoc]:
    """Read one ChemProt split (train/dev/test); docs in abstracts-file order.

    Text is ``title + " " + abstract``; CHEMICAL -> ``Chemical``, GENE-Y/GENE-N -> ``Gene``
    (``meta["gene_kinds"]`` keeps Y/N). Entities whose offsets do not match their text are
    dropped and counted in ``meta["offset_mismatches"]``. Relations come from the gold standard
    as ``(cpr_group, chemical_entity_index, gene_entity_index)`` indexing ``doc.entities``;
    ``meta["entity_ids"]`` gives each entity's ``T`` id.
    """
    _check_split(split)
    paths = _chemprot_files(Path(directory), split)
    docs: dict[str, CorpusDoc] = {}
    for pmid, title, abstract in (row[:3] for row in _tsv_rows(paths["abstracts"])):
        meta = {"pmid": pmid, "entity_ids": [], "gene_kinds": [], "offset_mismatches": 0}
        docs[pmid] = CorpusDoc(pmid, f"{title} {abstract}", [], [], meta)
    for pmid, tid, kind, start, end, mention in _tsv_rows(paths["entities"]):
        doc = docs[pmid]
        s, e = int(start), int(end)
        if doc.text[s:e] != mention:
            doc.meta["offset_mismatches"] += 1
            continue
        doc.entities.append(CorpusEntity(s, e, CHEMPROT_TYPES[kind], mention))
        doc.meta["entity_ids"].append(tid)
        doc.meta["gene_kinds"].append(kind if kind != "CHEMICAL" else "")
    for pmid, group, arg1, arg2 in (row[:4] for row in _tsv_rows(paths["gold_standard"])):
        ids = docs[pmid].meta["entity_ids"]
        chem, gene = arg1.split(":", 1)[1], arg2.split(":", 1)[1]
        if chem in ids and gene in ids:
            docs[pmid].relations.append((group, ids.index(chem), ids.index(gene)))
    return list(docs.values())
