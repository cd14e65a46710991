"""Re-measure ID precision on the hand-checked fixture (tests/fixtures/id_checks.tsv).

    python tools/id_fixture_check.py OUT_DIR

For each checked mention, the ID the run in OUT_DIR gives it now (mentions.csv, same span):
the same ID keeps its verdict; another or none is listed for a new look by hand.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    rows = list(csv.DictReader(open(ROOT / "tests/fixtures/id_checks.tsv"), delimiter="\t"))
    docs = {r["doc_id"] for r in rows}
    got: dict[tuple[str, str, str], set[str]] = {}
    for m in csv.DictReader(open(out / "mentions.csv", newline="")):
        if m["doc_id"] in docs:
            got.setdefault((m["doc_id"], m["start"], m["end"]), set()).add(m["concept_id"])
    tally: Counter = Counter()
    for r in rows:
        now = got.get((r["doc_id"], r["start"], r["end"]))
        if now is None:
            tally["no mention now"] += 1
            print("gone   ", r["doc_id"], r["text"], r["concept_id"], r["verdict"])
        elif now == {r["concept_id"]}:
            tally[f"same ID, {r['verdict']}"] += 1
        else:
            tally["changed"] += 1
            print("changed", r["doc_id"], repr(r["text"]), r["concept_id"], r["id_name"],
                  r["verdict"], "->", sorted(now))
    for k, v in sorted(tally.items()):
        print(f"{v:4d} {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
