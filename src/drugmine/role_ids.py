"""Verified IDs for the role mentions that facts are built from.

Entities get their IDs from the vocabulary entry and, for a name no entry grounds, from
:func:`ids.mention_mesh`. A role mention often has neither: class names are found by pattern
("statins", "h2 blockers"), lay names of effects are leaflet words ("feeling sick"), and a
combination product's mention carries one component's entry. :func:`ground_roles` gives each
role mention the ID of the concept it names, and no ID where none can be verified:

- a drug (``Ent.drug``): the ID of the entry of that generic; a mention whose entry is
  another drug's (a combination brand filed under one component) takes its own drug's ID;
- a class: a MeSH descriptor whose name is the class, read from the class name, its plural
  ("tetracycline" -> Tetracyclines), its head without filler words ("antifungal medication"
  -> antifungal) and "<name> Agents" ("antipsychotic" -> Antipsychotic Agents); the
  vocabulary's class entries (their canonical is a descriptor's name); and the synonyms in
  data/role_ids.tsv. A name joining two classes ("ACE inhibitor/ARB") gets none;
- a disease (indication, effect): data/role_ids.tsv, then the entities' own lookup
  (:func:`ids.mention_mesh`);
- a target: data/role_ids.tsv;
- a DrugBank ID is a drug's: a mention in another role ("Escherichia coli" the pathogen,
  a target named like its ligand) does not keep one.

Every ID in role_ids.tsv is checked against the descriptor's own name (mesh_names.tsv); a
row that does not match is dropped. Mentions of one concept on a page then share the ID one
of them has, when they have only that one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .extract.entities import doc_text
from .ids import disease_or_behavior, loose_key
from .ids import mesh_names as descriptor_names
from .role_id_tables import (  # noqa: F401  (role_table, unverified_rows: the tests' view)
    JOINED,
    KINDS,
    PAREN,
    class_mesh,
    condition_mesh,
    role_table,
    target_mesh,
    unverified_rows,
)

if TYPE_CHECKING:
    from .extract import Extraction
    from .extract.entities import Ent
    from .vocab import Entry, Lexicon


def _drug_entry(ent: Ent, lex: Lexicon) -> Entry | None:
    """The entry of the generic a drug mention names, when its own entry is another drug's
    or has no ID."""
    own = ent.entry
    hit = lex.lookup(ent.drug)
    if hit is None or not hit.is_drug or not hit.concept_id:
        return own
    if own is None:
        return hit
    if not own.concept_id or (own.concept_id != hit.concept_id and _other_drug(own, ent)):
        return replace(own, concept_id=hit.concept_id, xrefs=hit.xrefs)
    return own


def _other_drug(own: Entry, ent: Ent) -> bool:
    from .extract.entities import drug_name

    return not own.is_drug or drug_name(own.canonical) != ent.drug


SPECIES_BEFORE = re.compile(r"\b[A-Z][a-z]?\.\s*$")


def _unverified(ent: Ent, cid: str) -> bool:
    """An entry ID that does not name what the mention names: a drug's on a mention that
    names no drug; an abbreviation's long form on an ordinary word ("this medicine"); a
    disease named like a species' second word ("P. acnes" is a bacterium); two classes
    written as one ("antibiotics, antifungals")."""
    text = ent.text
    if cid.startswith("DRUGBANK:"):
        return True
    if ent.method == "abbreviation" and text.islower():
        return True
    if ent.type == "Disease" and text.islower():
        before = doc_text(ent.span.doc)[max(0, ent.start - 6) : ent.start]
        if SPECIES_BEFORE.search(before):
            return True
    return ent.type == "DrugClass" and bool(JOINED.search(PAREN.sub(" ", text)))


SUBTYPE_AFTER = re.compile(r"[ -]?(?:[αβγ]|alfa|alpha|beta|gamma)[- ]?\d", re.I)
WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z-]+)[ ]$")


def _cut_from_longer_class(ent: Ent, cid: str, lex: Lexicon) -> bool:
    """A class mention that is the tail of a longer name: "interferon" of "interferon
    alfa-2a" (one drug), "Anti-Inflammatory Drugs" of "Nonsteroidal Anti-Inflammatory
    Drugs" (another class, with another ID)."""
    text = doc_text(ent.span.doc)
    if SUBTYPE_AFTER.match(text, ent.end):
        return True
    m = WORD_BEFORE.search(text, max(0, ent.start - 30), ent.start)
    if m is None:
        return False
    longer = class_mesh(f"{m.group(1)} {ent.text}", lex, whole_only=True)
    return bool(longer) and longer != cid


def _grounded(ent: Ent, lex: Lexicon) -> Entry | None:
    entry = ent.entry
    if ent.drug:
        return _drug_entry(ent, lex)
    cid = entry.concept_id if entry is not None else ""
    if cid and _unverified(ent, cid):
        cid = ""
    kind = KINDS.get(ent.type)
    if kind == "condition" and cid.startswith("MESH:"):
        # a listed synonym over the package's filing ("cirrhosis" is the liver's, not
        # Fibrosis); a sign whose namesake descriptor is no disease keeps the HPO phenotype
        # that names it ("decreased libido" is not Libido)
        cid = role_table().get((kind, loose_key(ent.text)), cid)
        named = loose_key(descriptor_names().get(cid, "")) == loose_key(ent.text)
        if cid.startswith("MESH:D") and not disease_or_behavior(cid) and not named:
            hpo = [x for x in (entry.xrefs if entry else "").split("|") if x.startswith("HP:")]
            cid = hpo[0] if hpo else cid
    if not cid and not (ent.type == "Disease" and _unverified(ent, "-")):
        if kind == "class":
            cid = class_mesh(ent.text, lex)
            if cid and _cut_from_longer_class(ent, cid, lex):
                cid = ""
        elif kind == "condition":
            # the surface only: a package's canonical for a lay term is not verified
            # ("eye swelling" is filed under keratitis)
            cid = condition_mesh(ent.text)
        elif kind == "target":
            cid = target_mesh(ent.text)
    if entry is None:
        return None if not cid else _blank(ent, cid)
    if cid == entry.concept_id:
        return entry
    return replace(entry, concept_id=cid, xrefs=lex.xrefs_of(cid) if cid else "")


def _blank(ent: Ent, cid: str) -> Entry:
    from .vocab import Entry

    return Entry(ent.type, cid, ent.text.lower(), source="role-id")


def ground_roles(ex: Extraction, lex: Lexicon) -> None:
    """In place: each role mention's and fact object's entry carries the verified ID of the
    concept it names (see the module docstring). Rules have run; only the tables read it."""
    ents: dict[int, Ent] = {}
    for e, _ in ex.mentions:
        ents[id(e)] = e
    for link in ex.links:
        ents[id(link.obj)] = link.obj
        if link.drug is not None:
            ents[id(link.drug)] = link.drug
    for e in ents.values():
        e.entry = _grounded(e, lex)
    _share_with_abbreviations(list(ents.values()))


ABBREVIATION = re.compile(r"[A-Za-z0-9-]{2,8}")


def _abbreviation(text: str) -> bool:
    """ "PRES", "cHL", "LAs", "mCRPC": a short name with two capitals at least."""
    return bool(ABBREVIATION.fullmatch(text)) and sum(c.isupper() for c in text) >= 2


def _share_with_abbreviations(ents: list[Ent]) -> None:
    """An abbreviation the page folds into a concept ("posterior reversible encephalopathy
    syndrome (PRES)") takes the ID its written-out mentions have, when they have one only.
    Nothing else is shared: a page's gloss ("colitis (bowel inflammation)") is no synonym
    the ID was verified for, and an abbreviation's own ID is not lent to the long form."""
    by_concept: dict[str, set[str]] = {}
    for e in ents:
        if not e.drug and e.entry is not None and e.entry.concept_id and not _abbreviation(e.text):
            by_concept.setdefault(e.concept, set()).add(e.entry.concept_id)
    for e in ents:
        ids = by_concept.get(e.concept, set())
        if e.drug or len(ids) != 1 or (e.entry is not None and e.entry.concept_id):
            continue
        if not _abbreviation(e.text):
            continue
        (cid,) = ids
        e.entry = _blank(e, cid) if e.entry is None else replace(e.entry, concept_id=cid)
