"""Verified standard IDs for vocabulary entries.

The registry packages' own ``mesh_id`` field is not the descriptor's ID (medical-ner gives
"Nausea" vomiting's descriptor; drug-ner gives a drug its pharmacological action's), so no
entry keeps it. An entry gets a MeSH ID only from a source that names the concept:

1. ``mesh_names.tsv``: the term itself is a MeSH descriptor's preferred name;
2. the entry's canonical name is a descriptor's preferred name (the package's synonyms of that
   canonical then share its ID);
3. ``corpus_ids.tsv``: the mention is annotated with that ID in the BC5CDR / NCBI-disease train
   and dev splits (>= 75% agreement; see tools/build_mesh_ids.py); see verified_mesh;
4. the loose keys of :mod:`mention_ids` (spelling, plural, inverted names), and for a one-word
   disease adjective the noun it is formed from ("neutropenic" -> Neutropenia).

Otherwise the MeSH ID stays empty: a wrong ID in a user's database is worse than none.
British spellings are looked up in their American form (diarrhoea -> diarrhea). The tables
are read by :mod:`mesh_tables`; mentions no entry names are looked up by :mod:`mention_ids`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .mention_ids import (  # noqa: F401  (re-exported: ids is where callers look IDs up)
    CORPUS_KINDS,
    _choose,
    adjective_mesh,
    loose_corpus_ids,
    loose_key,
    loose_names,
    mention_mesh,
    noun_forms,
    older_ids,
    uninverted,
)
from .mesh_tables import (  # noqa: F401
    corpus_ids,
    disease_descriptors,
    disease_or_behavior,
    mesh_by_name,
    mesh_names,
    postdates_corpora,
)

if TYPE_CHECKING:
    from .vocab import Entry

ID_FILES = ("mesh_names.tsv", "corpus_ids.tsv")
# vocab._adverse: plain-language leaflet terms of side effects ("sweating"); not the TAC 2017
# label terms, which hold statistics ("mortality", "morbidity") beside reactions
SIGN_SOURCES = {"lay"}
CORPUS_TYPE = {"Chemical": "Chemical", "DrugClass": "Chemical", "Disease": "Disease"}


def _first(table: dict, *keys) -> str:
    for key in keys:
        hit = table.get(key)
        if hit:
            return hit
    return ""


def verified_mesh(key: str, entry: Entry, lookup=None) -> tuple[str, str]:
    """(MeSH ID of the concept ``key`` names, an older ID of the same concept) or ''.

    A current descriptor named like the term or its canonical wins over a corpus pair: the
    2015 corpora map some mentions to a broader descriptor ("aggression" -> Mental Disorders)
    or to a supplementary record since promoted (topiramate C052342 -> D000077236), which is
    kept as the second ID (see _choose). A corpus record (C...) for a synonym overrides the
    package's claim that the synonym is its canonical ("becker muscular dystrophy" is not
    Duchenne's). Then the loose keys of mention_mesh, and with ``lookup`` (noun -> MeSH ID, the
    vocabulary's) a disease adjective's noun (see mention_ids.adjective_mesh)."""
    from .vocab import americanize, norm_key

    us = americanize(key)
    canonical = norm_key(entry.canonical)
    names = mesh_by_name()
    named = _first(names, key, us)
    own = _first(names, canonical, americanize(canonical))
    kind = CORPUS_TYPE.get(entry.type)
    corpus = _first(corpus_ids(), (key, kind), (us, kind)) if kind else ""
    if not corpus.startswith("MESH:"):
        corpus = ""
    if named:
        return _choose(named, corpus, kind)
    if own:
        if corpus.startswith("MESH:C") and canonical not in (key, us):
            return corpus, ""
        return _choose(own, corpus, kind)
    if corpus:
        return corpus, ""
    mesh, older = mention_mesh(key, entry.type)
    if not mesh and lookup is not None and entry.type == "Disease":
        return adjective_mesh(key, lookup), ""
    return mesh, older


def join_ids(*ids: str) -> str:
    """``|``-joined distinct non-empty IDs, in order."""
    out: list[str] = []
    for cid in ids:
        for part in cid.split("|"):
            if part and part not in out:
                out.append(part)
    return "|".join(out)


def ground(terms: dict[str, Entry], hpo: dict[str, Entry]) -> dict[str, Entry]:
    """Entries with verified IDs: concept_id is the primary ID (DrugBank for drugs, else MeSH,
    else the entry's own non-MeSH ID), xrefs the others (MeSH, DrugBank, HPO)."""
    from .vocab import norm_key

    memo: dict[tuple, Entry] = {}
    out: dict[str, Entry] = {}

    def lookup(noun: str) -> str:
        entry = terms.get(noun)
        return verified_mesh(noun, entry)[0] if entry is not None else ""

    for key, entry in terms.items():
        own = "" if entry.concept_id.startswith("MESH:") else entry.concept_id
        mesh, older = verified_mesh(key, entry, lookup)
        hp_entry = hpo.get(key) or hpo.get(norm_key(entry.canonical))
        hp = hp_entry.concept_id if hp_entry is not None and entry.type == "Disease" else ""
        if entry.type == "Disease" and mesh.startswith("MESH:D") and not disease_or_behavior(mesh):
            # "visual acuity", "neuropsychological tests": a vocabulary disease named like a
            # descriptor outside the disease trees is no disease, and that ID would mislead,
            # unless the term is a sign: an HPO phenotype's own name ("shivering") or a
            # leaflet's side-effect term ("sweating")
            if hpo.get(key) is None and entry.source not in SIGN_SOURCES:
                mesh, older = "", ""
        if own.startswith("DRUGBANK:") and entry.is_drug:
            ids = (own, mesh, older)
        else:
            ids = (mesh, older, own, hp) if mesh else (own, hp)
        ids = tuple(i for i in dict.fromkeys(ids) if i)
        cid, xrefs = (ids[0], join_ids(*ids[1:])) if ids else ("", "")
        memo_key = (entry, cid, xrefs)
        if memo_key not in memo:
            memo[memo_key] = replace(entry, concept_id=cid, xrefs=xrefs)
        out[key] = memo[memo_key]
    return out


def concept_xrefs(terms: dict[str, Entry]) -> dict[str, str]:
    """Primary ID -> xrefs of the concept's own entry (the term that is its canonical name),
    else the xrefs all its entries agree on: one set of IDs per concept, whichever synonym a
    page used. Without an own entry, synonyms that carry different IDs ("increased libido"
    and "decreased libido" share the Libido descriptor, each with its own HPO term) lend
    none of them; an entry that carries none (a brand) takes no part."""
    from .vocab import norm_key

    own: dict[str, dict[str, str]] = {}  # ID -> canonical -> xrefs
    shared: dict[str, list[str]] = {}
    for key, entry in terms.items():
        if not entry.concept_id or not entry.xrefs:
            continue
        if key == norm_key(entry.canonical):
            own.setdefault(entry.concept_id, {}).setdefault(key, entry.xrefs)
        parts = entry.xrefs.split("|")
        have = shared.setdefault(entry.concept_id, parts)
        if have is not parts:
            shared[entry.concept_id] = [x for x in have if x in parts]
    out = {cid: "|".join(parts) for cid, parts in shared.items() if parts}
    names = mesh_names()
    for cid, by_name in own.items():
        named = by_name.get(loose_key(uninverted(names.get(cid, ""))))
        if named is None:
            named = by_name.get(norm_key(names.get(cid, "")))
        if named is not None:
            out[cid] = named  # the entry named like the descriptor ("fatigue" for Fatigue)
        elif len(set(by_name.values())) == 1:
            out[cid] = next(iter(by_name.values()))
    return out
