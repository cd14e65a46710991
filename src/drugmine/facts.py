"""Links -> one Fact per (drug, relation, concept) per document, with provenance."""

from __future__ import annotations

from .clean import CleanText
from .extract import Extraction
from .extract.concepts import _display
from .types import Fact


def _raw(clean: CleanText, start: int, end: int) -> tuple[int, int]:
    return clean.raw_span(start, end)


def build_facts(doc_id: str, ex: Extraction, clean: CleanText) -> list[Fact]:
    best: dict[tuple[str, str, str], Fact] = {}
    for link in ex.links:
        if link.negated:
            continue
        drug = link.drug.drug
        if link.relation == "brand":
            obj, aliases, concept, obj_id = (
                _display(link.obj.text),
                [],
                f"brand:{link.obj.text}",
                "",
            )
            obj = link.obj.text.strip()
        elif link.relation == "combined_with":
            obj, aliases, concept, obj_id = link.obj.drug, [], f"Drug:{link.obj.drug}", ""
        else:
            concept = link.obj.concept
            obj, aliases = ex.names.get(concept, (_display(link.obj.text), []))
            obj_id = concept if ":" in concept and not concept.split(":")[0].istitle() else ""
        if link.relation in ("brand", "combined_with") and obj.lower() == drug:
            continue
        key = (drug, link.relation, concept.lower())
        os_, oe = _raw(clean, link.obj.start, link.obj.end)
        ds, de = _raw(clean, link.drug.start, link.drug.end)
        fact = Fact(
            doc_id,
            drug,
            link.relation,
            obj,
            aliases,
            obj_id,
            link.confidence,
            link.method,
            ex.sentences[link.sent].strip(),
            os_,
            oe,
            ds,
            de,
        )
        if key not in best or fact.confidence > best[key].confidence:
            best[key] = fact
    facts = list(best.values())
    for f in list(facts):
        if f.relation == "combined_with":
            mirror = (f.object, "combined_with", f"drug:{f.drug}")
            if mirror not in best and not any(
                g.drug == f.object and g.relation == "combined_with" and g.object == f.drug
                for g in facts
            ):
                facts.append(
                    Fact(
                        doc_id,
                        f.object,
                        "combined_with",
                        f.drug,
                        [],
                        "",
                        f.confidence,
                        f.method + "/symmetric",
                        f.evidence,
                        f.drug_start,
                        f.drug_end,
                        f.object_start,
                        f.object_end,
                    )
                )
    return sorted(facts, key=lambda f: (f.drug, f.relation, f.object.lower()))
