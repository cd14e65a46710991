"""Share of facts (and role mentions) with an ID, per relation and split, from a run's outputs.

    python tools/id_coverage.py OUT_DIR [--splits real-dev,authored,seed] [--missing REL]

Reads OUT_DIR/facts.csv and OUT_DIR/mentions.csv and annotations/splits.tsv (doc_id -> split).
The held-out split is refused: its outputs are not read.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEVER = {"real-heldout"}


def splits(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] != "doc_id":
            out[parts[0]] = parts[1]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--splits", default="real-dev,authored,seed")
    ap.add_argument("--annotations", default=str(ROOT / "annotations"))
    ap.add_argument("--missing", default="", help="print the objects of REL facts with no ID")
    args = ap.parse_args(argv)
    wanted = [s for s in args.splits.split(",") if s]
    if NEVER & set(wanted):
        print("the held-out split is not read", file=sys.stderr)
        return 2
    of = splits(Path(args.annotations) / "splits.tsv")
    facts = list(csv.DictReader(open(Path(args.out) / "facts.csv", newline="")))
    mentions = list(csv.DictReader(open(Path(args.out) / "mentions.csv", newline="")))
    for split in wanted:
        rows = [f for f in facts if of.get(f["doc_id"]) == split]
        total, with_id = Counter(), Counter()
        for f in rows:
            total[f["relation"]] += 1
            with_id[f["relation"]] += bool(f["object_id"])
        n, k = sum(total.values()), sum(with_id.values())
        nb = n - total["brand"]
        kb = k - with_id["brand"]
        print(f"{split}: facts {k}/{n} = {k / max(n, 1):.3f} with an object ID"
              f" (without brand {kb}/{nb} = {kb / max(nb, 1):.3f})")
        for rel in sorted(total):
            print(f"  {rel:14s} {with_id[rel]:5d}/{total[rel]:<5d} {with_id[rel] / total[rel]:.3f}")
        ms = [m for m in mentions if of.get(m["doc_id"]) == split]
        mt, mk = Counter(), Counter()
        for m in ms:
            mt[m["label"]] += 1
            mk[m["label"]] += bool(m["concept_id"])
        print(f"  mentions {sum(mk.values())}/{sum(mt.values())} with an ID: "
              + ", ".join(f"{lab} {mk[lab] / mt[lab]:.3f}" for lab in sorted(mt)))
        if args.missing:
            miss = Counter(f["object"].lower() for f in rows
                           if f["relation"] == args.missing and not f["object_id"])
            for obj, c in miss.most_common():
                print(f"    {c:3d} {obj}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
