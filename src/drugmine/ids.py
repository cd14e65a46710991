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

A mention the vocabulary lacks (found by the NER model) is looked up the same way by
:func:`mention_mesh`, on a looser key: American spelling, hyphens as spaces, the last word
singular ("toxicities" -> "toxicity"), and a descriptor's inverted name read in order
("Arthritis, Rheumatoid" -> "rheumatoid arthritis"). A loose key two IDs share names neither.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .resources import read_rows

if TYPE_CHECKING:
    from .vocab import Entry

ID_FILES = ("mesh_names.tsv", "corpus_ids.tsv")
# vocab._adverse: plain-language leaflet terms of side effects ("sweating"); not the TAC 2017
# label terms, which hold statistics ("mortality", "morbidity") beside reactions
SIGN_SOURCES = {"lay"}
CORPUS_TYPE = {"Chemical": "Chemical", "DrugClass": "Chemical", "Disease": "Disease"}


@lru_cache(maxsize=1)
def mesh_by_name() -> dict[str, str]:
    """Normalised descriptor name -> ``MESH:D...``."""
    from .vocab import norm_key

    return {norm_key(row[1]): f"MESH:{row[0]}" for row in read_rows("mesh_names.tsv")}


@lru_cache(maxsize=1)
def mesh_names() -> dict[str, str]:
    """``MESH:D...`` -> the descriptor's preferred name."""
    return {f"MESH:{row[0]}": row[1] for row in read_rows("mesh_names.tsv")}


@lru_cache(maxsize=2)
def disease_descriptors(behavior: bool = False) -> frozenset[str]:
    """``MESH:D...`` of the descriptors in the disease trees (C, F03; see the build tool),
    with ``behavior`` also those under F01 (aggression, suicide)."""
    kinds = {"disease", "behavior"} if behavior else {"disease"}
    rows = read_rows("mesh_names.tsv")
    return frozenset(f"MESH:{r[0]}" for r in rows if len(r) > 2 and r[2] in kinds)


@lru_cache(maxsize=1)
def corpus_ids() -> dict[tuple[str, str], str]:
    """(normalised mention, Chemical/Disease) -> its agreed MeSH (or OMIM) ID."""
    return {(row[0], row[1]): row[2] for row in read_rows("corpus_ids.tsv")}


def _singular(word: str) -> str:
    if len(word) <= 4 or word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


_LOOSE_SEP = re.compile(r"(?<=[a-z])[-/](?=[a-z])|\s+")


def loose_key(text: str, singular: bool = True) -> str:
    """The key spelling, hyphen and plural variants share: "Non-Hodgkin's lymphomas" and
    "non hodgkin's lymphoma" -> "non hodgkin's lymphoma"; "tumours" -> "tumor"."""
    from .vocab import americanize, norm_key

    key = americanize(norm_key(text)).replace("\u2019", "'")
    words = _LOOSE_SEP.sub(" ", key).split()
    if words and singular:
        words[-1] = _singular(words[-1])
    return " ".join(words)


def uninverted(name: str) -> str:
    """ "Leukemia, Myeloid, Acute" -> "Acute Myeloid Leukemia"; other names unchanged. A name
    whose parts hold more than a few words or an "and"/"of" is a list, not an inversion."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 2 or re.search(r"\d,\d|\(", name):
        return name
    if any(not p or len(p.split()) > 3 for p in parts):
        return name
    if any(w.lower() in {"and", "or", "of", "with", "for", "in"} for p in parts for w in p.split()):
        return name
    return " ".join(reversed(parts))


def _unambiguous(pairs) -> dict:
    out: dict = {}
    clash: set = set()
    for key, cid in pairs:
        if out.get(key, cid) != cid:
            clash.add(key)
        out.setdefault(key, cid)
    return {k: v for k, v in out.items() if k not in clash}


@lru_cache(maxsize=2)
def loose_names(singular: bool = True) -> dict[str, str]:
    """Loose key of each descriptor's name and of its name read in order -> ``MESH:D...``.

    Chemicals are looked up with ``singular=False``: a plural chemical descriptor names the
    class ("Alcohols", "Lactates"), not the compound a singular mention names."""
    rows = [(r[0], r[1]) for r in read_rows("mesh_names.tsv")]
    pairs = [(loose_key(n, singular), f"MESH:{d}") for d, n in rows]
    pairs += [(loose_key(uninverted(n), singular), f"MESH:{d}") for d, n in rows if "," in n]
    return _unambiguous(pairs)


@lru_cache(maxsize=1)
def loose_corpus_ids() -> dict[tuple[str, str], str]:
    """(loose key, Chemical/Disease) -> the agreed MeSH ID of the corpus mentions of that key."""
    return _unambiguous(
        ((loose_key(m), t), cid) for (m, t), cid in corpus_ids().items() if cid.startswith("MESH:")
    )


def disease_or_behavior(mesh_id: str) -> bool:
    """A descriptor a disease mention may carry: a disease's, or a behaviour's (aggression)."""
    return mesh_id in disease_descriptors(behavior=True)


def postdates_corpora(mesh_id: str) -> bool:
    """A descriptor created after BC5CDR and NCBI-disease were annotated (their newest is
    D066126; MeSH numbers descriptors from 2015 on as D0000nnnnn)."""
    return mesh_id.startswith("MESH:D") and len(mesh_id) == len("MESH:D000066388")


def _choose(named: str, corpus: str, kind: str = "") -> tuple[str, str]:
    """(ID, older ID) from a descriptor named like the mention and the corpus pair's ID.

    The named descriptor wins, except for a disease mention whose namesake is neither a
    disease nor a behaviour ("HIV" the virus, "platelet aggregation" the process) where the
    corpora give a disease descriptor (HIV Infections, Blood Platelet Disorders). A
    behaviour keeps its own ("aggression" is not the corpora's Mental Disorders). The corpus ID
    is kept as the older ID of the same concept when it is a supplementary record since
    promoted to a descriptor, or when the named descriptor was created after the corpora
    were annotated (the mention was then an entry term of the older descriptor:
    "hyperthermia" under Fever)."""
    if not named:
        return corpus, ""
    if kind == "Disease" and corpus in disease_descriptors() - {named}:
        if not disease_or_behavior(named):
            return corpus, ""
    if corpus and corpus != named and (corpus.startswith("MESH:C") or postdates_corpora(named)):
        return named, corpus
    return named, ""


CORPUS_KINDS = {"Chemical": "Chemical", "DrugClass": "Chemical", "Disease": "Disease"}


def mention_mesh(text: str, etype: str) -> tuple[str, str]:
    """(MeSH ID, older ID) of a mention of type ``etype`` that no vocabulary entry names, from
    the descriptor names and the corpus pairs by loose key; ("", "") when neither names it."""
    kind = CORPUS_KINDS.get(etype)
    if kind is None:
        return "", ""
    key = loose_key(text)
    if len(key) < 3:
        return "", ""
    named = loose_names(kind == "Disease").get(key if kind == "Disease" else loose_key(text, False))
    if kind == "Disease" and named and not disease_or_behavior(named):
        named = ""  # a disease mention named like a process or an organism is not that
    return _choose(named or "", loose_corpus_ids().get((key, kind), ""), kind)


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
    kept as the second ID (see _choose). A corpus record (C...) for a synonym overrides the
    package's claim that the synonym is its canonical ("becker muscular dystrophy" is not
    Duchenne's). Then the loose keys of mention_mesh."""
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
    return mention_mesh(key, entry.type)


def older_ids() -> dict[str, str]:
    """Descriptor ID -> the older ID the corpora gave its name (see _choose), for the
    descriptors no vocabulary entry carries (those the NER model's mentions reach)."""
    out: dict[str, str] = {}
    for (key, kind), corpus in loose_corpus_ids().items():
        named, older = _choose(loose_names(kind == "Disease").get(key, ""), corpus, kind)
        if older:
            out.setdefault(named, older)
    return out


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
