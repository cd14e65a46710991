"""Links -> one Fact per (drug, relation, concept) per document, with provenance."""

from __future__ import annotations

from dataclasses import replace

from .clean import CleanText
from .extract import Extraction
from .extract.concepts import _display
from .extract.entities import Ent
from .extract.rules import Link
from .types import Fact


def _cid(ent: Ent) -> str:
    return ent.entry.concept_id if ent.entry is not None else ""


def _object(link: Link, ex: Extraction) -> tuple[str, list[str], str]:
    """(object name, aliases, concept key) of a link's object."""
    if link.relation == "brand":
        return link.obj.text.strip(), [], f"brand:{link.obj.text.strip().lower()}"
    if link.relation == "combined_with":
        return link.obj.drug, [], f"drug:{link.obj.drug}"
    name, aliases = ex.names.get(link.obj.concept, (_display(link.obj.text), []))
    return name, aliases, link.obj.concept.lower()


def _object_id(link: Link) -> str:
    """A brand names its generic's product: the generic's ID; a combination brand names
    more than one generic, so none."""
    if link.relation == "brand":
        return "" if link.obj.partners or link.drug.partners else _cid(link.drug)
    return _cid(link.obj)


def _fact(doc_id: str, link: Link, ex: Extraction, clean: CleanText) -> Fact:
    obj, aliases, _ = _object(link, ex)
    os_, oe = clean.raw_span(link.obj.start, link.obj.end)
    ds, de = clean.raw_span(link.drug.start, link.drug.end)
    ss, se = ex.sentence_spans[link.sent]
    es, ee = clean.raw_span(ss, se) if se > ss else (-1, -1)
    return Fact(
        doc_id=doc_id,
        drug=link.drug.drug,
        relation=link.relation,
        object=obj,
        aliases=aliases,
        object_id=_object_id(link),
        drug_id=_cid(link.drug),
        confidence=link.confidence,
        method=link.method,
        evidence=clean.text[ss:se],
        object_start=os_,
        object_end=oe,
        drug_start=ds,
        drug_end=de,
        evidence_start=es,
        evidence_end=ee,
    )


def build_facts(doc_id: str, ex: Extraction, clean: CleanText) -> list[Fact]:
    """Keep the most confident evidence per fact; combined_with is made symmetric."""
    best: dict[tuple[str, str, str], Fact] = {}
    for link in ex.links:
        if link.negated or link.drug is None:
            continue
        obj, _, concept = _object(link, ex)
        if link.relation in ("brand", "combined_with") and obj.lower() == link.drug.drug:
            continue
        key = (link.drug.drug, link.relation, concept)
        fact = _fact(doc_id, link, ex, clean)
        if key not in best or fact.confidence > best[key].confidence:
            best[key] = fact
    for (drug, relation, _), f in list(best.items()):
        if relation == "combined_with":
            mirror = (f.object, relation, f"drug:{drug}")
            best.setdefault(
                mirror,
                replace(
                    f,
                    drug=f.object,
                    object=drug,
                    object_id=f.drug_id,
                    drug_id=f.object_id,
                    method=f.method + "/symmetric",
                    object_start=f.drug_start,
                    object_end=f.drug_end,
                    drug_start=f.object_start,
                    drug_end=f.object_end,
                ),
            )
    return sorted(best.values(), key=lambda f: (f.drug, f.relation, f.object.lower()))
