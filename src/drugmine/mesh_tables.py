"""The MeSH tables IDs are verified against: descriptor names and kinds (mesh_names.tsv),
and the agreed mention -> ID pairs of the BC5CDR / NCBI-disease train and dev splits
(corpus_ids.tsv; see tools/build_mesh_ids.py)."""

from __future__ import annotations

from functools import lru_cache

from .resources import read_rows


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


def disease_or_behavior(mesh_id: str) -> bool:
    """A descriptor a disease mention may carry: a disease's, or a behaviour's (aggression)."""
    return mesh_id in disease_descriptors(behavior=True)


def postdates_corpora(mesh_id: str) -> bool:
    """A descriptor created after BC5CDR and NCBI-disease were annotated (their newest is
    D066126; MeSH numbers descriptors from 2015 on as D0000nnnnn)."""
    return mesh_id.startswith("MESH:D") and len(mesh_id) == len("MESH:D000066388")
