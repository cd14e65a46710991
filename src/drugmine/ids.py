"""Verified standard IDs for vocabulary entries.

The registry packages' own ``mesh_id`` field is not the descriptor's ID (medical-ner gives
"Nausea" vomiting's descriptor; drug-ner gives a drug its pharmacological action's), so no
entry keeps it. An entry gets a MeSH ID only from a source that names the concept:

1. ``mesh_names.tsv``: the term itself is a MeSH descriptor's preferred name;
2. the entry's canonical name is a descriptor's preferred name (the package's synonyms of that
   canonical then share its ID);
3. ``corpus_ids.tsv``: the mention is annotated with that ID in the BC5CDR / NCBI-disease train
   and dev splits (>= 75% agreement; see tools/build_mesh_ids.py); see verified_mesh.

Otherwise the MeSH ID stays empty: a wrong ID in a user's database is worse than none.
British spellings are looked up in their American form (diarrhoea -> diarrhea).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .resources import read_rows

if TYPE_CHECKING:
    from .vocab import Entry

ID_FILES = ("mesh_names.tsv", "corpus_ids.tsv")
CORPUS_TYPE = {"Chemical": "Chemical", "DrugClass": "Chemical", "Disease": "Disease"}


@lru_cache(maxsize=1)
def mesh_by_name() -> dict[str, str]:
    """Normalised descriptor name -> ``MESH:D...``."""
    from .vocab import norm_key

    return {norm_key(name): f"MESH:{did}" for did, name in read_rows("mesh_names.tsv")}


@lru_cache(maxsize=1)
def mesh_names() -> dict[str, str]:
    """``MESH:D...`` -> the descriptor's preferred name."""
    return {f"MESH:{did}": name for did, name in read_rows("mesh_names.tsv")}


@lru_cache(maxsize=1)
def corpus_ids() -> dict[tuple[str, str], str]:
    """(normalised mention, Chemical/Disease) -> its agreed MeSH (or OMIM) ID."""
    return {(row[0], row[1]): row[2] for row in read_rows("corpus_ids.tsv")}


def _first(table: dict, *keys) -> str:
    for key in keys:
        hit = table.get(key)
        if hit:
            return hit
    return ""


def verified_mesh(key: str, entry: Entry) -> tuple[str, str]:
    """(MeSH ID of the concept ``key`` names, an older ID of the same concept) or ''.

    A current descriptor named like the term or its canonical wins over a corpus pair: the
    2015 corpora map some mentions to a broader descriptor ("aggression" -> Mental Disorders)
    or to a supplementary record since promoted (topiramate C052342 -> D000077236), which is
    kept as the second ID. A corpus record (C...) for a synonym overrides the package's claim
    that the synonym is its canonical ("becker muscular dystrophy" is not Duchenne's)."""
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
    supplementary = corpus.startswith("MESH:C")
    if named:
        return named, corpus if supplementary else ""
    if own:
        if supplementary and canonical not in (key, us):
            return corpus, ""
        return own, corpus if supplementary else ""
    return corpus, ""


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
    for key, entry in terms.items():
        own = "" if entry.concept_id.startswith("MESH:") else entry.concept_id
        mesh, older = verified_mesh(key, entry)
        hp_entry = hpo.get(key) or hpo.get(norm_key(entry.canonical))
        hp = hp_entry.concept_id if hp_entry is not None and entry.type == "Disease" else ""
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
    else of its first entry: one set of IDs per concept, whichever synonym a page used."""
    from .vocab import norm_key

    out: dict[str, str] = {}
    for key, entry in terms.items():
        if not entry.concept_id or not entry.xrefs:
            continue
        if entry.concept_id not in out or key == norm_key(entry.canonical):
            out[entry.concept_id] = entry.xrefs
    return out
