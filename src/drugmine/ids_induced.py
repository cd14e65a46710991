"""A disease the page says a drug induced is MeSH's drug-induced kind of it.

"Levodopa-induced dyskinesias" names Dyskinesia, Drug-Induced, not Dyskinesias; "drug-induced
psychosis" Psychoses, Substance-Induced. MeSH keeps such descriptors apart from the plain
disease; data/induced_ids.tsv lists them by the plain disease's names (each row checked
against the descriptor's own name). A Disease mention right after "<drug>-induced" (the drug a
Chemical mention of the page, or a word such as "drug" or "medication") gets that
descriptor, and so does every other mention of the same name on the page ("dyskinesias",
"dyskinetic" later on): the page has said which kind it means. Elsewhere nothing changes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .mention_ids import loose_key, noun_forms
from .mesh_tables import mesh_names
from .resources import read_rows

CUE = re.compile(r"(?:-|\s)induced\s+$", re.I)
INDUCERS = {"drug", "drugs", "medication", "medicine", "chemical", "substance", "toxin"}
WORD_BEFORE = re.compile(r"([A-Za-z][\w-]*?)$")


@lru_cache(maxsize=1)
def induced_table() -> dict[str, str]:
    """Loose key of a plain disease name -> the drug-induced descriptor's ``MESH:D...``."""
    names = mesh_names()
    return {
        loose_key(r[0]): r[1]
        for r in read_rows("induced_ids.tsv")
        if len(r) >= 3 and names.get(r[1]) == r[2]
    }


def unverified_rows() -> list[list[str]]:
    names = mesh_names()
    return [r for r in read_rows("induced_ids.tsv") if len(r) < 3 or names.get(r[1]) != r[2]]


def _keys(surface: str) -> list[str]:
    return [loose_key(surface)] + [loose_key(n) for n in noun_forms(surface)]


def _induced(text: str, start: int, chem_ends: set[int]) -> bool:
    """Whether "<drug>-induced " ends right before ``start``."""
    before = text[max(0, start - 12) : start]
    m = CUE.search(before)
    if m is None:
        return False
    cue_at = start - len(before) + m.start()
    if cue_at in chem_ends:
        return True
    word = WORD_BEFORE.search(text, max(0, cue_at - 20), cue_at)
    return word is not None and word.group(1).lower() in INDUCERS


def induced_ids(text: str, spans: list[tuple[int, int, str]]) -> dict[tuple[int, int], str]:
    """(start, end) of the Disease mentions of ``spans`` ((start, end, type)) -> the
    drug-induced descriptor the page gives them; see the module docstring."""
    table = induced_table()
    chem_ends = {e for s, e, t in spans if t in ("Chemical", "DrugClass")}
    said: dict[str, str] = {}
    for s, e, t in spans:
        if t != "Disease" or not _induced(text, s, chem_ends):
            continue
        key = next((k for k in _keys(text[s:e]) if k in table), None)
        if key is not None:
            said[key] = table[key]
    if not said:
        return {}
    out = {}
    for s, e, t in spans:
        if t == "Disease":
            key = next((k for k in _keys(text[s:e]) if k in said), None)
            if key is not None:
                out[(s, e)] = said[key]
    return out


def with_id(entry, cid: str, surface: str):
    """``entry`` (or a new Disease entry for ``surface``) carrying ``cid`` and its xrefs."""
    from dataclasses import replace

    from .vocab import Entry, load_lexicon

    xrefs = load_lexicon().xrefs_of(cid)
    if entry is None:
        return Entry("Disease", cid, surface.lower(), source="induced", xrefs=xrefs)
    return replace(entry, concept_id=cid, xrefs=xrefs)


def ground_induced(text: str, ents) -> None:
    """In place: the Disease mentions among ``ents`` (extraction entities) that the page says
    a drug induced, and the other mentions of those names, carry the drug-induced kind's ID."""
    found = induced_ids(text, [(e.start, e.end, e.type) for e in ents])
    for e in ents:
        cid = found.get((e.start, e.end))
        if cid:
            e.entry = with_id(e.entry, cid, e.text)
