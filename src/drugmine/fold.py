"""Drug summaries folded by concept ID (drugs.json and the `drugs` table).

Facts name one concept in several ways across pages ("diarrhoea", "diarrhea"; a lay and a
clinical name): a drug's lists keep one name per object ID, the one used most (then the
case-blind first), so a database joined on IDs and the summary agree. Objects without an
ID stay apart by their exact name. Each drug carries its own ID and cross-references.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

DRUG_LISTS = {
    "brand": "brands",
    "is_a": "classes",
    "targets": "targets",
    "treats": "indications",
    "causes": "adverse_effects",
}
LISTS = (*DRUG_LISTS.values(), "combined_with")


def case_blind(name: str) -> tuple[str, str]:
    """Case-blind order with a case-sensitive tie-break (same order in every process)."""
    return name.lower(), name


def _pick(names: Counter) -> str:
    return min(names, key=lambda n: (-names[n], case_blind(n)))


class DrugAggregator:
    """Accumulates facts (drug, relation, object, object_id, drug_id, doc_id) per drug."""

    def __init__(self) -> None:
        self.lists: dict[str, dict[str, dict[str, Counter]]] = {}
        self.ids: dict[str, Counter] = {}
        self.docs: dict[str, set[str]] = {}

    def add(self, drug: str, relation: str, obj: str, object_id: str, drug_id: str,
            doc_id: str) -> None:  # fmt: skip
        lists = self.lists.setdefault(drug, {k: {} for k in LISTS})
        key = f"id:{object_id}" if object_id else f"name:{obj}"
        lists[DRUG_LISTS.get(relation, "combined_with")].setdefault(key, Counter())[obj] += 1
        ids = self.ids.setdefault(drug, Counter())
        if drug_id:
            ids[drug_id] += 1
        self.docs.setdefault(drug, set()).add(doc_id)

    def records(self) -> list[dict]:
        """One record per drug: drug, drug_id, xrefs, the lists (sorted), doc_ids."""
        from .vocab import load_lexicon

        lex = load_lexicon()
        out = []
        for drug in sorted(self.lists):
            ids = self.ids[drug]
            drug_id = _pick(ids) if ids else ""
            rec: dict = {"drug": drug, "drug_id": drug_id, "xrefs": lex.xrefs_of(drug_id)}
            for name, groups in self.lists[drug].items():
                rec[name] = sorted((_pick(c) for c in groups.values()), key=case_blind)
            rec["doc_ids"] = sorted(self.docs[drug])
            out.append(rec)
        return out


def aggregate(facts: Iterable[dict]) -> list[dict]:
    """Records from fact rows (dicts with the contract's fact columns)."""
    agg = DrugAggregator()
    for f in facts:
        agg.add(f["drug"], f["relation"], f["object"], _text(f.get("object_id")),
                _text(f.get("drug_id")), f["doc_id"])  # fmt: skip
    return agg.records()


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""  # a CSV's empty cell may come as NaN
