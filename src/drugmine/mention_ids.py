"""MeSH IDs of mentions no vocabulary entry names (found by the NER model), by loose key.

:func:`mention_mesh` looks a mention up in the descriptor names and the corpus pairs on a
looser key than the vocabulary's: American spelling, hyphens as spaces, the last word
singular ("toxicities" -> "toxicity"), and a descriptor's inverted name read in order
("Arthritis, Rheumatoid" -> "rheumatoid arthritis"). A loose key two IDs share names neither.
A one-word disease mention written as an adjective ("ischemic", "neutropenic", "edematous")
is looked up as the noun it is formed from (:func:`noun_forms`), when that noun names a
disease descriptor.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .mesh_tables import (
    corpus_ids,
    disease_descriptors,
    disease_or_behavior,
    mesh_names,
    postdates_corpora,
)
from .resources import read_rows


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


def older_ids() -> dict[str, str]:
    """Descriptor ID -> the older ID the corpora gave its name (see _choose), for the
    descriptors no vocabulary entry carries (those the NER model's mentions reach)."""
    out: dict[str, str] = {}
    for (key, kind), corpus in loose_corpus_ids().items():
        named, older = _choose(loose_names(kind == "Disease").get(key, ""), corpus, kind)
        if older:
            out.setdefault(named, older)
    return out


# adjective ending -> noun ending, most specific first: "psychotic" -> psychosis,
# "cachectic" -> cachexia, "dyskinetic" -> dyskinesia, "diabetic" -> diabetes, "epileptic" ->
# epilepsy, "septic" -> sepsis, "asthmatic" -> asthma, "ischemic" -> ischemia, "hypertrophic" ->
# hypertrophy, "asystolic" -> asystole, "edematous" -> edema, "hypertensive" -> hypertension
NOUN_ENDINGS = (
    ("otic", "osis"), ("ectic", "exia"), ("ctic", "xis"), ("etic", "esia"), ("etic", "etes"),
    ("ptic", "psy"), ("tic", "sis"), ("atic", "a"), ("ic", "ia"), ("ic", "y"), ("ic", "e"),
    ("ic", ""), ("atous", "a"), ("ous", ""), ("ive", "ion"), ("al", ""),
)  # fmt: skip
ADJECTIVE = re.compile(r"[a-z]{5,}")


def noun_forms(text: str) -> list[str]:
    """The nouns a one-word adjective may be formed from, most likely first ("ischemic" ->
    ischemia, ischemy, ...); none for a word that is no adjective or more than one word."""
    word = text.lower()
    if not ADJECTIVE.fullmatch(word):
        return []
    out = []
    for adj, noun in NOUN_ENDINGS:
        if word.endswith(adj) and len(word) - len(adj) >= 3:
            out.append(word[: len(word) - len(adj)] + noun)
    return list(dict.fromkeys(out))


def _named_by(noun: str, mesh_id: str) -> bool:
    """Whether ``noun`` is the descriptor's own name, read in order or as its head
    ("arrhythmia" of "Arrhythmias, Cardiac"), not an entry term of another concept
    ("hydrophobia" is Rabies: "hydrophobic" names no disease)."""
    name = mesh_names().get(mesh_id, "")
    own = {loose_key(name), loose_key(uninverted(name)), loose_key(name.split(",")[0])}
    return loose_key(noun) in own


def adjective_mesh(text: str, lookup=None) -> str:
    """The disease descriptor named by the noun a one-word disease adjective is formed from
    ("neutropenic" -> Neutropenia), or "". ``lookup`` (noun -> MeSH ID) is tried first for each
    noun (the vocabulary's own entry), then :func:`mention_mesh`; only a disease descriptor
    whose own name the noun is counts (not a behaviour's: "aggressive" qualifies too much)."""
    for noun in noun_forms(text):
        mesh = lookup(noun) if lookup is not None else ""
        if not disease_or_behavior(mesh):
            mesh = mention_mesh(noun, "Disease")[0]
        if mesh in disease_descriptors() and _named_by(noun, mesh):
            return mesh
    return ""
