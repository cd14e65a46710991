"""Rebuild src/drugmine/data/adverse_terms.tsv from the TAC 2017 ADR *training* labels.

Usage: python tools/build_adverse_terms.py [CORPORA_DIR]   (default ../shared/corpora)

Only the train split is read (gold_xml is the test split, kept for reporting). The
output lists each adverse-reaction string once with the number of training labels it
appears in; the label text is US government work (public domain; CC0 per BigBio).
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

SKIP = {"fatal", "death", "deaths", "died", "toxicity", "toxicities", "adverse reactions",
        "adverse reaction", "adverse events", "side effects", "serious", "severe"}


def collect(train_dir: Path) -> Counter:
    labels: Counter = Counter()
    for path in sorted(train_dir.glob("*.xml")):
        seen = set()
        for m in ET.parse(path).getroot().iter("Mention"):
            if m.get("type") != "AdverseReaction" or "," in (m.get("start") or ""):
                continue
            term = re.sub(r"\s+", " ", (m.get("str") or "").strip().lower())
            if len(term) >= 4 and term not in SKIP and not term[0].isdigit():
                seen.add(term)
        labels.update(seen)
    return labels


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/corpora")
    labels = collect(corpora / "tac2017_adr" / "train_xml")
    out = Path(__file__).resolve().parents[1] / "src/drugmine/data/adverse_terms.tsv"
    lines = ["# Adverse-reaction names from TAC 2017 ADR training labels (public domain).",
             "# Rebuild: python tools/build_adverse_terms.py. term\tlabels"]
    lines += [f"{t}\t{n}" for t, n in sorted(labels.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(labels)} terms -> {out}")


if __name__ == "__main__":
    main()
