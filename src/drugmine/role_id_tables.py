"""The IDs a class, condition or target name has: MeSH descriptors read from the name and
its forms, the vocabulary's class entries, and the checked synonyms of data/role_ids.tsv
(role_ids.py gives them to role mentions)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .ids import disease_descriptors, disease_or_behavior, loose_key, loose_names, mention_mesh
from .ids import mesh_names as descriptor_names
from .resources import read_rows

if TYPE_CHECKING:
    from .vocab import Entry, Lexicon

KINDS = {"DrugClass": "class", "Disease": "condition", "Gene": "target"}
JOINED = re.compile(r"[/,&+;]|\b(?:and|or|plus|with|versus|vs)\b", re.I)
PAREN = re.compile(r"\s*\([^()]*\)")
FILLER = {"drug", "medication", "medicine", "tablet", "pill", "treatment", "product"}


@lru_cache(maxsize=1)
def role_table() -> dict[tuple[str, str], str]:
    """(kind, loose key of the term) -> ``MESH:D...``, the rows whose ID is the named
    descriptor's (the others are dropped); a key two IDs share is dropped too."""
    names = descriptor_names()
    out: dict[tuple[str, str], str] = {}
    clash: set[tuple[str, str]] = set()
    for row in read_rows("role_ids.tsv"):
        if len(row) < 4 or names.get(row[2]) != row[3]:
            continue
        key = (row[0], loose_key(row[1]))
        if out.get(key, row[2]) != row[2]:
            clash.add(key)
        out.setdefault(key, row[2])
    return {k: v for k, v in out.items() if k not in clash}


def unverified_rows() -> list[list[str]]:
    """role_ids.tsv rows whose ID is not the descriptor they name (should be none)."""
    names = descriptor_names()
    return [r for r in read_rows("role_ids.tsv") if len(r) < 4 or names.get(r[2]) != r[3]]


def _plural(key: str) -> str:
    head, _, last = key.rpartition(" ")
    if last.endswith("y") and not last.endswith(("ay", "ey", "oy")):
        last = last[:-1] + "ies"
    elif not last.endswith("s"):
        last += "s"
    return f"{head} {last}".strip()


def _variants(text: str) -> list[tuple[str, bool]]:
    """(name, whole) for the class name as written, without a bracketed abbreviation
    ("angiotensin-converting enzyme (ACE) inhibitor"), and (whole=False) without filler
    words ("antiviral medications")."""
    whole = " ".join(text.lower().split())
    bare = " ".join(PAREN.sub(" ", whole).split())
    out = [(whole, True), (bare, True)]
    words = bare.split()
    kept = [w for w in words if loose_key(w) not in FILLER]
    if kept and len(kept) < len(words):
        out.append((" ".join(kept), False))
    return list(dict.fromkeys(v for v in out if v[0]))


def _descriptor(key: str, lex: Lexicon, bare: bool = True) -> str:
    """A non-disease descriptor named like the class: as written when that is no drug
    ("insulin"), else its plural first (a class: "tetracycline" -> Tetracyclines, not the
    drug), then as written (only when the name is the whole mention: "platinum drugs" are
    no Platinum, "immunotherapy drugs" no Immunotherapy), then "<name> Agents"."""
    table = loose_names(False)
    key = loose_key(key, False)
    single = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
    agents = (f"{key} agents", f"{single} agents")  # "antivirals" -> Antiviral Agents
    probes = (_plural(key), key, *agents) if bare else (_plural(key), *agents)
    entry = lex.lookup(key)
    if bare and key in table and not (entry is not None and entry.is_drug):
        probes = (key, *probes)
    for probe in probes:
        hit = table.get(probe)
        if hit and hit not in disease_descriptors(behavior=True):
            return hit
    return ""


def _class_entry(entry: Entry | None) -> str:
    """The MeSH ID of a vocabulary class entry (its canonical is the descriptor's name, see
    ids.ground); a chemical entry counts when its descriptor's name is plural (a class:
    "Tryptamines"), not one compound ("5-ASA" is Mesalamine, not a class)."""
    if entry is None or entry.is_drug or not entry.concept_id.startswith("MESH:D"):
        return ""
    if entry.type == "DrugClass":
        return entry.concept_id
    name = descriptor_names().get(entry.concept_id, "")
    if entry.type == "Chemical" and name.lower().endswith("s"):
        return entry.concept_id
    return ""


def _corpus_class(name: str) -> str:
    """The entities' own lookup (descriptor names and the corpora's agreed pairs) when it
    gives a class: a descriptor with a plural name ("sulfonylureas" -> Sulfonylurea
    Compounds), not one compound."""
    mesh, _ = mention_mesh(name, "DrugClass")
    plural = descriptor_names().get(mesh, "").lower().endswith("s")
    return mesh if plural and mesh not in disease_descriptors(behavior=True) else ""


def class_mesh(text: str, lex: Lexicon, whole_only: bool = False) -> str:
    """The MeSH ID of the drug class ``text`` names, or "" (see the module docstring);
    ``whole_only``: only names the whole text is (no filler words left out)."""
    table = role_table()
    listed = table.get(("class", loose_key(text)))
    if listed:  # "serotonin and noradrenaline reuptake inhibitors": one listed class
        return listed
    if JOINED.search(PAREN.sub(" ", text)):
        return ""
    for variant, whole in _variants(text):
        if whole_only and not whole:
            continue
        hit = (
            table.get(("class", loose_key(variant)))
            or _class_entry(lex.lookup(variant))
            or _descriptor(variant, lex, bare=whole)
            or (_corpus_class(variant) if whole else "")
        )
        if hit:
            return hit
    return ""


def condition_mesh(text: str) -> str:
    """The MeSH ID of a disease or effect the vocabulary leaves without one, or ""."""
    if "/" in text:
        return ""  # "encephalitis/meningitis": two conditions
    key = loose_key(text)
    hit = role_table().get(("condition", key))
    if hit:
        return hit
    mesh, _ = mention_mesh(text, "Disease")
    return mesh if disease_or_behavior(mesh) else ""


def target_mesh(text: str) -> str:
    return role_table().get(("target", loose_key(text)), "")
